import Testing
@testable import Keccak

/// Two digests side by side (`Keccak256.hash(_:_:)`, AVX-512 where the processor has it) equal
/// the one-at-a-time digests for every pair of lengths around the block boundaries, and the
/// published digests of the empty message and of "abc".
@Suite struct KeccakPairTests {
    static let lengths = [0, 1, 7, 8, 31, 32, 55, 127, 134, 135, 136, 137, 200, 271, 272, 273, 407, 408, 409, 1_000, 2_720, 2_867, 5_000]

    static func message(_ n: Int, seed: Int) -> [UInt8] {
        var x = UInt64(truncatingIfNeeded: seed &* 0x9E37_79B9 &+ n)
        return (0..<n).map { _ in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: x >> 56)
        }
    }

    @Test(arguments: [false, true])
    func pairsEqualSingleDigests(inVectors: Bool) {
        guard !inVectors || Keccak256.pairsInVectors else { return }
        var wrong: [String] = []
        for (i, n1) in Self.lengths.enumerated() {
            for (j, n2) in Self.lengths.enumerated() {
                let a = Self.message(n1, seed: i), b = Self.message(n2, seed: 100 + j)
                let (x, y) = a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in Keccak256.hash(pa, pb, inVectors: inVectors) } }
                if x != Keccak256.hash(data: a) || y != Keccak256.hash(data: b) { wrong.append("\(n1), \(n2)") }
            }
        }
        #expect(wrong == [])
    }

    /// Every random and large vector (pycryptodome, vectors/keccak.json), paired with the next
    /// one and with the one 150 places on.
    @Test func independentVectorsInPairs() {
        let cases = KeccakVectorFile.rawCases
        var wrong: [Int] = []
        for (i, c) in cases.enumerated() {
            for other in [cases[(i + 1) % cases.count], cases[(i + 150) % cases.count]] {
                let (x, y) = c.input.withUnsafeBytes { a in other.input.withUnsafeBytes { b in Keccak256.hash(a, b) } }
                if x.description != c.hash || y.description != other.hash { wrong.append(i) }
            }
        }
        #expect(wrong == [])
    }

    @Test func publishedDigests() {
        let empty: [UInt8] = []
        let abc = Array("abc".utf8)
        let (x, y) = empty.withUnsafeBytes { e in abc.withUnsafeBytes { a in Keccak256.hash(e, a) } }
        #expect(x.description == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(y.description == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    }
}

/// Four digests at once (`Keccak256.hash(_:_:_:_:)`) equal the one-at-a-time digests for
/// lengths around the block boundaries in every position.
@Suite struct KeccakQuadTests {
    @Test(arguments: [false, true])
    func quadsEqualSingleDigests(inVectors: Bool) {
        guard !inVectors || Keccak256.pairsInVectors else { return }
        let lengths = KeccakPairTests.lengths
        var wrong: [String] = []
        for (i, n1) in lengths.enumerated() {
            for (j, n2) in lengths.enumerated() {
                let ns = [n1, n2, lengths[(i + j) % lengths.count], lengths[(i * 7 + 3) % lengths.count]]
                let m = ns.enumerated().map { KeccakPairTests.message($0.element, seed: 10 * i + j + 1_000 * $0.offset) }
                let d = m[0].withUnsafeBytes { a in
                    m[1].withUnsafeBytes { b in
                        m[2].withUnsafeBytes { c in m[3].withUnsafeBytes { e in Keccak256.hash(a, b, c, e, inVectors: inVectors) } }
                    }
                }
                if [d.0, d.1, d.2, d.3] != m.map({ Keccak256.hash(data: $0) }) { wrong.append("\(ns)") }
            }
        }
        #expect(wrong == [])
    }
}
