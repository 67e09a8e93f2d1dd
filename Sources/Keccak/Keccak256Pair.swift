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

extension Keccak256 {
    /// The digests of four messages, computed together where the processor allows it (see
    /// ``pairsInVectors``: the same instructions on registers twice as wide), else as two pairs:
    /// the signing payloads and encodings of two signed transactions cost about one Keccak-256
    /// of the longest instead of four.
    public static func hash(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, _ third: UnsafeRawBufferPointer, _ fourth: UnsafeRawBufferPointer
    ) -> (Keccak256Digest, Keccak256Digest, Keccak256Digest, Keccak256Digest) {
        hash(first, second, third, fourth, inVectors: pairsInVectors)
    }

    /// ``hash(_:_:_:_:)`` with the way chosen (tests compare both).
    static func hash(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, _ third: UnsafeRawBufferPointer, _ fourth: UnsafeRawBufferPointer,
        inVectors: Bool
    ) -> (Keccak256Digest, Keccak256Digest, Keccak256Digest, Keccak256Digest) {
        guard inVectors else {
            let (a, b) = hash(first, second, inVectors: false)
            let (c, d) = hash(third, fourth, inVectors: false)
            return (a, b, c, d)
        }
        let inputs = (first, second, third, fourth)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { out in
            let base = out.baseAddress!
            withUnsafeTemporaryAllocation(of: UnsafePointer<UInt8>?.self, capacity: 4) { messages in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 4) { counts in
                    withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<UInt8>?.self, capacity: 4) { digests in
                        func set(_ k: Int, _ m: UnsafeRawBufferPointer) {
                            messages[k] = m.baseAddress?.assumingMemoryBound(to: UInt8.self)
                            counts[k] = m.count
                            digests[k] = base + 32 * k
                        }
                        set(0, inputs.0)
                        set(1, inputs.1)
                        set(2, inputs.2)
                        set(3, inputs.3)
                        ballast_keccak256_x4(messages.baseAddress, counts.baseAddress, digests.baseAddress)
                    }
                }
            }
            // The digest bytes in memory order: as `words`, they are little-endian.
            let raw = UnsafeRawPointer(base)
            func digest(_ k: Int) -> Keccak256Digest {
                func word(_ i: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 32 * k + 8 * i, as: UInt64.self)) }
                return Keccak256Digest(words: (word(0), word(1), word(2), word(3)))
            }
            return (digest(0), digest(1), digest(2), digest(3))
        }
    }
}
