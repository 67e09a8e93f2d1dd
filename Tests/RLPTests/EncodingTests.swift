import RLP
import TestSupport
import Testing

/// The fast encoding path and the tree, on hand-derived examples from the spec.
@Suite struct EncodingTests {
    @Test func spotValues() throws {
        #expect(RLP.encode(bytes: []) == [0x80])
        #expect(RLP.encode(bytes: [0x00]) == [0x00])
        #expect(RLP.encode(bytes: [0x7F]) == [0x7F])
        #expect(RLP.encode(bytes: [0x80]) == [0x81, 0x80])
        #expect(RLP.encode(bytes: Array("dog".utf8)) == [0x83, 0x64, 0x6F, 0x67])
        #expect(RLP.encode(integer: 0) == [0x80])
        #expect(RLP.encode(integer: 15) == [0x0F])
        #expect(RLP.encode(integer: 1024) == [0x82, 0x04, 0x00])
        #expect(RLP.encode(integer: .max) == [0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        let cat: RLPItem = [.string("cat"), .string("dog")]
        #expect(cat.encoded() == [0xC8, 0x83, 0x63, 0x61, 0x74, 0x83, 0x64, 0x6F, 0x67])
        // The set-theoretical representation of three: [ [], [[]], [ [], [[]] ] ].
        let three: RLPItem = [[], [[]], [[], [[]]]]
        #expect(three.encoded() == [0xC7, 0xC0, 0xC1, 0xC0, 0xC3, 0xC0, 0xC1, 0xC0])
        #expect(RLPItem.integer(0) == .bytes([]))
        #expect(RLPItem.integer(0x0102) == .bytes([1, 2]))
        #expect(RLPItem.integer(bigEndian: [0, 0]) == .bytes([]))
        #expect(cat.listValue?.count == 2 && cat.bytesValue == nil)
        #expect(RLPItem.string("a").bytesValue == [0x61] && RLPItem.string("a").listValue == nil)
    }

    @Test func lengthHelpers() throws {
        #expect(RLP.headerLength(payloadLength: 0) == 1)
        #expect(RLP.headerLength(payloadLength: 55) == 1)
        #expect(RLP.headerLength(payloadLength: 56) == 2)
        #expect(RLP.headerLength(payloadLength: 255) == 2)
        #expect(RLP.headerLength(payloadLength: 256) == 3)
        #expect(RLP.headerLength(payloadLength: 65_536) == 4)
        #expect(RLP.lengthOfList(payloadLength: 56) == 58)
        #expect(RLP.lengthOfBytes([0x7F]) == 1)
        #expect(RLP.lengthOfBytes([0x80]) == 2)
        #expect(RLP.lengthOfBytes([UInt8]()) == 1)
        #expect(RLP.lengthOfBytes(count: 1, first: 0x05) == 1)
        #expect(RLP.lengthOfBytes(count: 20, first: 0) == 21)
        [UInt8](repeating: 9, count: 56).withUnsafeBytes { #expect(RLP.lengthOfBytes($0) == 58) }
        [UInt8]([0x10]).withUnsafeBytes { #expect(RLP.lengthOfBytes($0) == 1) }
        #expect(RLP.lengthOfInteger(0) == 1)
        #expect(RLP.lengthOfInteger(0x7F) == 1)
        #expect(RLP.lengthOfInteger(0x80) == 2)
        #expect(RLP.lengthOfInteger(UInt64.max) == 9)
        #expect(RLP.lengthOfInteger(UInt8(0x80)) == 2)
        #expect(RLP.lengthOfInteger(bigEndian: [0, 0, 0x7F]) == 1)
        #expect(RLP.lengthOfInteger(bigEndian: [UInt8]()) == 1)
        #expect(RLP.byteCount(0) == 0 && RLP.byteCount(0xFF) == 1 && RLP.byteCount(0x100) == 2)
    }

    @Test func typedEnvelope() throws {
        // 0x02 ‖ rlp([1, "dog"])
        let out = RLP.encodeList(payloadLength: RLP.lengthOfInteger(1) + RLP.lengthOfBytes(Array("dog".utf8)), prefix: 0x02) { w in
            w.appendInteger(1)
            w.appendBytes(Array("dog".utf8))
        }
        #expect(out == [0x02, 0xC5, 0x01, 0x83, 0x64, 0x6F, 0x67])
        #expect(out.count == out.capacity || out.capacity >= out.count)
        let untyped = RLP.encodeList(payloadLength: 0) { _ in }
        #expect(untyped == [0xC0])
    }

    @Test func writerIntoCallerMemory() throws {
        var buffer = [UInt8](repeating: 0xEE, count: 16)
        let written = buffer.withUnsafeMutableBytes { raw -> Int in
            var w = RLPWriter(raw)
            #expect(w.capacity == 16 && w.remaining == 16)
            w.appendRaw(0x01)
            w.beginList(payloadLength: 4)
            [UInt8]([0xAA, 0xBB]).withUnsafeBytes { w.appendBytes($0) }  // 0x82 aa bb
            [UInt8]([0x05]).withUnsafeBytes { w.appendBytes($0) }  // 0x05
            w.appendRaw([0xC0][...])
            w.appendRaw(UnsafeRawBufferPointer(start: nil, count: 0))
            w.appendRaw([UInt8]())
            // A non-contiguous collection.
            w.appendBytes(Set<UInt8>([0x42]))
            w.appendRaw(repeatElement(UInt8(0x33), count: 2))
            #expect(w.remaining == 6)
            return w.position
        }
        #expect(written == 10)
        #expect(Array(buffer[..<10]) == [0x01, 0xC4, 0x82, 0xAA, 0xBB, 0x05, 0xC0, 0x42, 0x33, 0x33])
        #expect(buffer[10] == 0xEE)
    }

    @Test func buildPaths() throws {
        // Outputs around the stack-scratch limit take either allocation path; both must give
        // identical bytes (a string of n - 3 bytes with a 3-byte header is n bytes long).
        for total in [1, 2, 1023, 1024, 1025, 4096] {
            let payload = [UInt8](repeating: 0xAB, count: max(0, total - 3))
            let out = RLP.encode(bytes: payload)
            if total >= 259 { #expect(out.count == total) }
            #expect(try RLP.decode(out) == .bytes(payload))
            #expect(RLP.build(length: out.count) { $0.appendRaw(out) } == out)
        }
        #expect(RLP.build(length: 0) { _ in } == [])
    }

    @Test func limbsAndRandomWideIntegers() throws {
        var rng = SplitMix64(seed: 256)
        for i in 0..<2000 {
            // Random values of every byte length 0...32.
            let n = i % 33
            var be = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if n > 0 && be[0] == 0 { be[0] = 1 }
            let l = limbs(be)
            let viaBytes = RLP.build(length: RLP.lengthOfInteger(bigEndian: be)) { $0.appendInteger(bigEndian: be) }
            let viaLimbs = RLP.build(length: RLP.lengthOfInteger(littleEndianLimbs: l)) { $0.appendInteger(littleEndianLimbs: l) }
            #expect(viaLimbs == viaBytes, "\(be)")
            if n <= 16, #available(macOS 15.0, *) {
                let v = UInt128(l.1) << 64 | UInt128(l.0)
                #expect(RLP.build(length: RLP.lengthOfInteger(v)) { $0.appendInteger(v) } == viaBytes)
            }
            var r = RLPReader(viaBytes)
            #expect(try r.nextInteger256() == l)
            var r2 = RLPReader(viaBytes)
            #expect(Array(try r2.nextInteger(maxBytes: 32)) == be)
        }
    }

    @Test func longHeaders() throws {
        let payload = [UInt8](repeating: 0x61, count: 300)
        let out = RLP.encode(bytes: payload)
        #expect(Array(out.prefix(3)) == [0xB9, 0x01, 0x2C])
        let list = RLP.encodeList(payloadLength: 300) { $0.appendRaw(payload) }
        #expect(Array(list.prefix(3)) == [0xF9, 0x01, 0x2C])
        #expect(try RLP.decode(out) == .bytes(payload))
    }

    struct Pair: RLPListEncodable {
        var a: UInt64
        var b: [UInt8]
        var rlpPayloadLength: Int { RLP.lengthOfInteger(a) + RLP.lengthOfBytes(b) }
        func encodeRLPPayload(into w: inout RLPWriter) {
            w.appendInteger(a)
            w.appendBytes(b)
        }
    }

    @Test func encodableProtocols() throws {
        let p = Pair(a: 0x400, b: Array("dog".utf8))
        #expect(p.rlpEncodedLength == 8)
        #expect(p.rlpEncoded() == [0xC7, 0x82, 0x04, 0x00, 0x83, 0x64, 0x6F, 0x67])
        #expect(RLP.encode(p, prefix: 0x04) == [0x04, 0xC7, 0x82, 0x04, 0x00, 0x83, 0x64, 0x6F, 0x67])
        // Nested encodables and items inside a writer.
        let both = RLP.encodeList(payloadLength: p.rlpEncodedLength + RLPItem.string("x").rlpEncodedLength) { w in
            w.append(p)
            w.append(RLPItem.string("x"))
        }
        #expect(both == [0xC9, 0xC7, 0x82, 0x04, 0x00, 0x83, 0x64, 0x6F, 0x67, 0x78])
        let item: RLPItem = [.bytes([0x80]), []]
        #expect(item.rlpEncoded(prefix: 0x01) == [0x01, 0xC3, 0x81, 0x80, 0xC0])
        #expect(item.payloadLength == 3 && item.encodedLength == 4)
    }

    @Test func writingPastTheReservationTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = RLP.build(length: 1) { w in w.appendInteger(1024) }
        }
        await #expect(processExitsWith: .failure) {
            _ = RLP.build(length: 3) { w in w.appendInteger(1) }
        }
    }
}
