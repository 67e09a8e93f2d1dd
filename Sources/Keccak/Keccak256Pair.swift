import KeccakVector

extension Keccak256 {
    /// Whether two digests are computed side by side (`KeccakVector`: x86-64 with AVX-512F and
    /// AVX-512VL); otherwise ``hash(_:_:)`` computes one after the other.
    public static let pairsInVectors: Bool = ballast_keccak256_x2_available() == 1

    /// The digests of two messages, computed together where the processor allows it (see
    /// ``pairsInVectors``): a signed transaction's signing payload and its encoding, say, cost
    /// about one Keccak-256 of the longer instead of two.
    public static func hash(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> (Keccak256Digest, Keccak256Digest) {
        hash(first, second, inVectors: pairsInVectors)
    }

    /// ``hash(_:_:)`` with the way chosen (tests compare both).
    static func hash(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, inVectors: Bool) -> (Keccak256Digest, Keccak256Digest) {
        guard inVectors else { return (hash(bufferPointer: first), hash(bufferPointer: second)) }
        var one = Keccak256Digest(words: (0, 0, 0, 0))
        var two = Keccak256Digest(words: (0, 0, 0, 0))
        withUnsafeMutableBytes(of: &one.words) { a in
            withUnsafeMutableBytes(of: &two.words) { b in
                ballast_keccak256_x2(
                    first.baseAddress?.assumingMemoryBound(to: UInt8.self), first.count,
                    second.baseAddress?.assumingMemoryBound(to: UInt8.self), second.count,
                    a.baseAddress!.assumingMemoryBound(to: UInt8.self), b.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        // The words hold the digest bytes in memory order: as `words`, they are little-endian.
        one.words = (UInt64(littleEndian: one.words.0), UInt64(littleEndian: one.words.1), UInt64(littleEndian: one.words.2), UInt64(littleEndian: one.words.3))
        two.words = (UInt64(littleEndian: two.words.0), UInt64(littleEndian: two.words.1), UInt64(littleEndian: two.words.2), UInt64(littleEndian: two.words.3))
        return (one, two)
    }
}
