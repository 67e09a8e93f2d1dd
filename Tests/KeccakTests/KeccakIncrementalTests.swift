import Keccak
import TestSupport
import Testing

/// A sequence without contiguous storage, to exercise the element-by-element path.
private struct Scattered: Sequence {
    let bytes: [UInt8]

    func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }
}

@Suite struct KeccakIncrementalTests {
    private static var cases: [(input: [UInt8], hash: String)] { KeccakVectorFile.rawCases }

    /// Every input of 0...300 bytes, split in two at every position.
    @Test func everyTwoWaySplit() {
        for (input, hash) in Self.cases where input.count <= 300 {
            for split in 0 ... input.count {
                var hasher = Keccak256()
                hasher.update(data: input[..<split])
                hasher.update(data: input[split...])
                #expect(hasher.finalize().description == hash, "length \(input.count) split \(split)")
            }
        }
    }

    /// Three-way splits: all of them for lengths around one and two blocks, a grid for the rest.
    @Test func threeWaySplits() {
        let exhaustive: Set<Int> = [0, 1, 7, 8, 9, 64, 134, 135, 136, 137, 138]
        for (input, hash) in Self.cases where input.count <= 300 {
            let n = input.count
            let step = exhaustive.contains(n) ? 1 : (n <= 40 ? 1 : (n % 17 == 0 || n >= 270 ? 5 : 0))
            guard step > 0 else { continue }
            for first in stride(from: 0, through: n, by: step) {
                for second in stride(from: first, through: n, by: step) {
                    var hasher = Keccak256()
                    hasher.update(data: input[..<first])
                    hasher.update(data: input[first ..< second])
                    hasher.update(data: input[second...])
                    #expect(hasher.finalize().description == hash, "length \(n) splits \(first), \(second)")
                }
            }
        }
    }

    @Test func largeInputsAtBlockEdges() {
        for (input, hash) in Self.cases where input.count > 300 {
            for split in [0, 1, 135, 136, 137, 271, 272, 273, 999, input.count - 1, input.count] where split <= input.count {
                var hasher = Keccak256()
                hasher.update(data: input[..<split])
                hasher.update(data: input[split...])
                #expect(hasher.finalize().description == hash, "length \(input.count) split \(split)")
            }
        }
    }

    @Test func emptyUpdatesChangeNothing() {
        for (input, hash) in Self.cases where [0, 1, 135, 136, 137, 272, 300].contains(input.count) {
            var hasher = Keccak256()
            hasher.update(data: [UInt8]())
            hasher.update(data: input[..<(input.count / 2)])
            hasher.update(data: EmptyCollection<UInt8>())
            hasher.update(data: input[(input.count / 2)...])
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: nil, count: 0))
            hasher.update(data: Scattered(bytes: []))
            #expect(hasher.finalize().description == hash, "length \(input.count)")
        }
        #expect(Keccak256().finalize().description
            == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func nonContiguousSequences() {
        for (input, hash) in Self.cases where [0, 1, 135, 136, 137, 272, 273, 300, 4096].contains(input.count) {
            #expect(Keccak256.hash(data: Scattered(bytes: input)).description == hash)
            #expect(Keccak256.hash(data: input.lazy.map { $0 }).description == hash)
            var hasher = Keccak256()
            hasher.update(data: Scattered(bytes: Array(input.prefix(3))))
            hasher.update(data: input.dropFirst(3))
            #expect(hasher.finalize().description == hash)
        }
    }

    @Test func bufferPointerEntryPoints() {
        for (input, hash) in Self.cases where input.count % 34 == 0 || input.count > 300 {
            input.withUnsafeBytes { raw in
                #expect(Keccak256.hash(bufferPointer: raw).description == hash)
                var hasher = Keccak256()
                let half = raw.count / 3
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[..<half]))
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[half...]))
                #expect(hasher.finalize().description == hash)
            }
        }
    }

    /// `finalize()` leaves the hasher untouched: it can be called twice, and absorbing may go on.
    @Test func finalizeIsNonMutating() {
        for (input, hash) in Self.cases where [200, 300].contains(input.count) {
            let prefix = Array(input[..<150])
            var hasher = Keccak256()
            hasher.update(data: prefix)
            let prefixDigest = hasher.finalize()
            #expect(hasher.finalize() == prefixDigest)
            #expect(prefixDigest == Keccak256.hash(data: prefix))
            hasher.update(data: input[150...])
            #expect(hasher.finalize().description == hash)
        }
    }

    /// Hashers are values: a copy continues independently of the original.
    @Test func hasherValueSemantics() {
        let input = KeccakVectorFile.rawCases[300].input
        var original = Keccak256()
        original.update(data: input[..<100])
        var copy = original
        copy.update(data: input[100...])
        #expect(original.finalize() == Keccak256.hash(data: input[..<100]))
        #expect(copy.finalize() == Keccak256.hash(data: input))
        original.update(data: [0x42])
        #expect(copy.finalize() == Keccak256.hash(data: input))
    }

    @Test func knownAnswers() {
        #expect(Keccak256.hash(data: [UInt8]()).description
            == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        let transfer = Keccak256.hash(data: Array("transfer(address,uint256)".utf8))
        #expect(transfer.description == "a9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b")
        #expect(Array(transfer.prefix(4)) == [0xa9, 0x05, 0x9c, 0xbb])
        #expect(Keccak256.byteCount == 32)
        #expect(Keccak256.blockByteCount == 136)
    }

    /// Hashing a digest (as in keccak(keccak(x))) takes its contiguous-storage path.
    @Test func hashOfADigest() {
        let inner = Keccak256.hash(data: Array("abc".utf8))
        #expect(Keccak256.hash(data: inner) == Keccak256.hash(data: inner.bytes))
    }
}
