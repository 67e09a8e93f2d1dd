import RLP
import Testing

/// The view reader's field-by-field API.
@Suite struct ReaderTests {
    // [1, "dog", [0x80 0x7f], "", 0x0400] — hand-encoded from the spec.
    let sample: [UInt8] = [0xCD, 0x01, 0x83, 0x64, 0x6F, 0x67, 0xC3, 0x81, 0x80, 0x7F, 0x80, 0x82, 0x04, 0x00]

    @Test func walkFields() throws {
        var f = try RLPReader.list(in: sample)
        #expect(f.depth == 1)
        #expect(f.position == 1 && f.endIndex == sample.count)
        let head = try #require(try f.peek())
        #expect(head.kind == .bytes && head.offset == 1 && head.payload == 1..<2)
        #expect(f.position == 1)
        #expect(try f.nextUInt64() == 1)
        #expect(Array(try f.nextBytes(count: 3)) == Array("dog".utf8))
        var inner = try f.nextList()
        #expect(inner.depth == 2)
        #expect(Array(try inner.nextBytes()) == [0x80])
        #expect(try inner.nextInteger(as: UInt8.self) == 0x7F)
        try inner.expectEnd()
        #expect(inner.isAtEnd)
        #expect(try inner.peek() == nil)
        #expect(try f.nextUInt64() == 0)
        #expect(Array(try f.nextInteger(maxBytes: 2)) == [0x04, 0x00])
        try f.expectEnd()
        #expect(try f.peek() == nil)
    }

    @Test func structuralErrors() throws {
        var f = try RLPReader.list(in: sample)
        #expect(errorOf { try f.nextList() } == RLPError(.expectedList, offset: 1))
        _ = try f.nextBytes()
        #expect(errorOf { try f.nextBytes(count: 4) } == RLPError(.unexpectedLength, offset: 2))
        #expect(errorOf { try f.expectEnd() } == RLPError(.extraItem, offset: 2))
        _ = try f.nextBytes()
        #expect(errorOf { try f.nextBytes() } == RLPError(.expectedBytes, offset: 6))
        #expect(errorOf { try f.nextUInt64() } == RLPError(.expectedBytes, offset: 6))
        try f.skip()
        try f.skip()
        try f.skip()
        #expect(errorOf { try f.nextBytes() } == RLPError(.missingItem, offset: 14))
        #expect(errorOf { try f.skip() } == RLPError(.missingItem, offset: 14))
        #expect(errorOf { try f.nextList() } == RLPError(.missingItem, offset: 14))

        // Top-level reader over a non-empty input: a second item is missing, not empty input.
        var top = RLPReader([0x80])
        _ = try top.nextBytes()
        #expect(errorOf { try top.nextBytes() } == RLPError(.missingItem, offset: 1))
    }

    @Test func integerStrictness() throws {
        func first(_ b: [UInt8]) -> RLPReader { RLPReader(b) }
        var r = first([0x00])
        #expect(errorOf { try r.nextUInt64() } == RLPError(.nonCanonicalInteger, offset: 0))
        r = first([0x82, 0x00, 0x01])
        #expect(errorOf { try r.nextUInt64() } == RLPError(.nonCanonicalInteger, offset: 0))
        r = first([0x82, 0x00, 0x01])
        #expect(errorOf { try r.nextInteger(maxBytes: 32) } == RLPError(.nonCanonicalInteger, offset: 0))
        r = first([0x82, 0x00, 0x01])
        #expect(errorOf { try r.nextInteger(as: UInt32.self) } == RLPError(.nonCanonicalInteger, offset: 0))
        r = first([0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(errorOf { try r.nextUInt64() } == RLPError(.integerTooLarge, offset: 0))
        r = first([0x83, 1, 0, 0])
        #expect(errorOf { try r.nextInteger(as: UInt16.self) } == RLPError(.integerTooLarge, offset: 0))
        r = first([0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try r.nextUInt64() == .max)
        r = first([0x80])
        #expect(try r.nextInteger(maxBytes: 0).isEmpty)
        r = first([0xC0])
        #expect(errorOf { try r.nextUInt64() } == RLPError(.expectedBytes, offset: 0))
    }

    @Test func skipValidatesWholeItems() throws {
        // [[0x81 0x05]]: the nested non-canonical string is found by skip, not by nextList.
        let bad: [UInt8] = [0xC4, 0xC3, 0x01, 0x81, 0x05]
        var f = try RLPReader.list(in: bad)
        #expect(errorOf { try f.skip() } == RLPError(.nonCanonicalSingleByte, offset: 3))
        var g = try RLPReader.list(in: bad)
        var lazy = try g.nextList()  // the list header itself is fine
        _ = try lazy.nextBytes()
        #expect(errorOf { try lazy.nextBytes() } == RLPError(.nonCanonicalSingleByte, offset: 3))
        // Depth is enforced by skip as well.
        var h = RLPReader([0xC2, 0xC1, 0xC0], maxDepth: 2)
        #expect(errorOf { try h.skip() } == RLPError(.depthLimitExceeded, offset: 2))
        var k = RLPReader([0xC2, 0xC1, 0xC0], maxDepth: 2)
        var l1 = try k.nextList()
        var l2 = try l1.nextList()
        #expect(errorOf { try l2.nextList() } == RLPError(.depthLimitExceeded, offset: 2))
        #expect(errorOf { try l2.expectEnd() } == RLPError(.extraItem, offset: 2))
        var m = RLPReader([0xC2, 0xC1, 0xC0], maxDepth: 1)
        var n1 = try m.nextList()
        #expect(errorOf { try n1.nextList() } == RLPError(.depthLimitExceeded, offset: 1))
    }

    @Test func nextAndNextEncoded() throws {
        var f = try RLPReader.list(in: sample)
        let e = try f.next()
        #expect(e.kind == .bytes && e.offset == 1 && e.payload == 1..<2 && e.encodedRange == 1..<2 && e.payloadCount == 1)
        let dog = try f.next()
        #expect(dog.payload == 3..<6 && dog.encodedRange == 2..<6)
        #expect(Array(try f.nextEncoded()) == [0xC3, 0x81, 0x80, 0x7F])
        #expect(f.position == 10)
    }

    @Test func withListRequiresFullConsumption() throws {
        var top = RLPReader(sample)
        let got = try top.withList { (f: inout RLPReader) throws(RLPError) -> UInt64 in
            let n = try f.nextUInt64()
            try f.skip(); try f.skip(); try f.skip(); try f.skip()
            return n
        }
        #expect(got == 1)
        try top.expectEnd()
        var again = RLPReader(sample)
        let e = errorOf {
            try again.withList { (f: inout RLPReader) throws(RLPError) in _ = try f.nextUInt64() }
        }
        #expect(e == RLPError(.extraItem, offset: 2))
    }
}
