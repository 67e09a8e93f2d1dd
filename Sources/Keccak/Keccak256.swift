// Keccak-256 as Ethereum uses it: the Keccak[c = 512] sponge over Keccak-f[1600] with the
// original Keccak padding (first pad byte 0x01, last 0x80), not SHA3-256's 0x06 domain byte.
// Rate 136 bytes, 32-byte output. No heap allocation: the state and the partial block are
// inline values (a pending partial block is XORed into the state as its bytes arrive).

/// Incremental and one-shot Keccak-256.
///
/// ```swift
/// let digest = Keccak256.hash(data: Array("transfer(address,uint256)".utf8))
/// var hasher = Keccak256()
/// hasher.update(data: part1)
/// hasher.update(data: part2)
/// let same = hasher.finalize()
/// ```
public struct Keccak256: Sendable {
    /// The digest length in bytes.
    public static let byteCount = 32
    /// The sponge rate in bytes (the block size).
    public static let blockByteCount = 136

    /// The sponge state; see KeccakF1600.swift for its representation.
    var lanes: KeccakLanes
    /// How many bytes of the current block are already XORed into `lanes` (0 ..< 136).
    var pending: Int

    /// A hasher with nothing absorbed yet.
    public init() {
        lanes = KeccakLanes()
        pending = 0
    }

    /// Absorbs `data`. Contiguous collections (arrays, slices, `Data`, buffer pointers...) take
    /// the fast path; other sequences are copied through a fixed 136-byte stack buffer.
    @inlinable
    public mutating func update<S: Sequence>(data: S) where S.Element == UInt8 {
        let handled: Void? = data.withContiguousStorageIfAvailable { buffer in
            update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if handled == nil {
            updateElementwise(data)
        }
    }

    @inlinable
    mutating func updateElementwise<S: Sequence>(_ data: S) where S.Element == UInt8 {
        withUnsafeTemporaryAllocation(byteCount: Keccak256.blockByteCount, alignment: 8) { chunk in
            var filled = 0
            for byte in data {
                chunk[filled] = byte
                filled &+= 1
                if filled == Keccak256.blockByteCount {
                    update(bufferPointer: UnsafeRawBufferPointer(chunk))
                    filled = 0
                }
            }
            if filled > 0 {
                update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[0 ..< filled]))
            }
        }
    }

    /// Absorbs the bytes of `bufferPointer`.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard var source = bufferPointer.baseAddress, bufferPointer.count > 0 else { return }
        var count = bufferPointer.count
        let rate = Keccak256.blockByteCount
        if pending > 0 {
            // Complete the block in progress first.
            let take = min(rate &- pending, count)
            lanes.xorBytes(source, count: take, at: pending)
            pending &+= take
            source += take
            count &-= take
            if pending < rate { return }
            KeccakF1600.absorb(&lanes, nil, blocks: 1)
            pending = 0
        }
        let blocks = count / rate
        if blocks > 0 {
            KeccakF1600.absorb(&lanes, source, blocks: blocks)
            source += blocks &* rate
            count &-= blocks &* rate
        }
        if count > 0 {
            lanes.xorBytes(source, count: count, at: 0)
            pending = count
        }
    }

    /// The digest of everything absorbed so far. Does not change the hasher: more data may
    /// be absorbed afterwards and `finalize()` called again.
    public func finalize() -> Keccak256Digest {
        var lanes = self.lanes
        lanes.xorByte(0x01, at: pending)
        lanes.xorByte(0x80, at: Keccak256.blockByteCount - 1)
        KeccakF1600.absorb(&lanes, nil, blocks: 1)
        return lanes.digest()
    }

    /// The digest of `data` in one call.
    @inlinable
    public static func hash<S: Sequence>(data: S) -> Keccak256Digest where S.Element == UInt8 {
        if let digest = data.withContiguousStorageIfAvailable({ buffer in
            hash(bufferPointer: UnsafeRawBufferPointer(buffer))
        }) {
            return digest
        }
        var hasher = Keccak256()
        hasher.updateElementwise(data)
        return hasher.finalize()
    }

    /// The digest of the bytes of `bufferPointer` in one call.
    public static func hash(bufferPointer: UnsafeRawBufferPointer) -> Keccak256Digest {
        let rate = Keccak256.blockByteCount
        var lanes = KeccakLanes()
        let count = bufferPointer.count
        let blocks = count / rate
        let tailCount = count &- blocks &* rate
        // The last, padded block, built in a zeroed 136-byte stack value.
        var last: (
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
        ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &last) { block in
            if let source = bufferPointer.baseAddress {
                if blocks > 0 {
                    KeccakF1600.absorb(&lanes, source, blocks: blocks)
                }
                if tailCount > 0 {
                    block.baseAddress.unsafelyUnwrapped.copyMemory(
                        from: source + blocks &* rate, byteCount: tailCount)
                }
            }
            block[tailCount] ^= 0x01
            block[rate &- 1] ^= 0x80
            KeccakF1600.absorb(&lanes, UnsafeRawPointer(block.baseAddress), blocks: 1)
        }
        return lanes.digest()
    }
}

/// A Keccak-256 digest: 32 bytes held inline (no heap storage).
public struct Keccak256Digest: Sendable {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The digest as four little-endian 64-bit words: byte i is byte i % 8 of word i / 8.
    @usableFromInline
    var words: (UInt64, UInt64, UInt64, UInt64)

    @inlinable
    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// The digest with the given 32 bytes. Traps unless `bytes.count == 32`.
    public init(bytes: [UInt8]) {
        guard let digest = Keccak256Digest(exactly: bytes) else {
            preconditionFailure("a Keccak-256 digest has 32 bytes, not \(bytes.count)")
        }
        self = digest
    }

    /// The digest with the given bytes, or nil unless there are exactly 32 of them.
    public init?<S: Sequence>(exactly bytes: S) where S.Element == UInt8 {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        let complete: Bool = withUnsafeMutableBytes(of: &words) { raw in
            for byte in bytes {
                guard count < Keccak256Digest.byteCount else { return false }
                raw[count] = byte
                count &+= 1
            }
            return count == Keccak256Digest.byteCount
        }
        guard complete else { return nil }
        self.words = (
            UInt64(littleEndian: words.0), UInt64(littleEndian: words.1),
            UInt64(littleEndian: words.2), UInt64(littleEndian: words.3)
        )
    }

    /// The digest from 64 hexadecimal digits (either case), with or without a "0x" prefix;
    /// nil for anything else.
    public init?(hex: String) {
        var utf8 = Substring(hex).utf8[...]
        if utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) {
            utf8 = utf8.dropFirst(2)
        }
        guard utf8.count == 2 &* Keccak256Digest.byteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let valid: Bool = withUnsafeMutableBytes(of: &words) { raw in
            var index = 0
            var high: UInt8 = 0
            for (position, character) in utf8.enumerated() {
                let nibble: UInt8
                switch character {
                case UInt8(ascii: "0") ... UInt8(ascii: "9"): nibble = character &- UInt8(ascii: "0")
                case UInt8(ascii: "a") ... UInt8(ascii: "f"): nibble = character &- UInt8(ascii: "a") &+ 10
                case UInt8(ascii: "A") ... UInt8(ascii: "F"): nibble = character &- UInt8(ascii: "A") &+ 10
                default: return false
                }
                if position & 1 == 0 {
                    high = nibble
                } else {
                    raw[index] = high &<< 4 | nibble
                    index &+= 1
                }
            }
            return true
        }
        guard valid else { return nil }
        self.words = (
            UInt64(littleEndian: words.0), UInt64(littleEndian: words.1),
            UInt64(littleEndian: words.2), UInt64(littleEndian: words.3)
        )
    }

    /// The 32 digest bytes as a new array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 32 digest bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let stored = (words.0.littleEndian, words.1.littleEndian, words.2.littleEndian, words.3.littleEndian)
        return try Swift.withUnsafeBytes(of: stored) { try body($0) }
    }
}

extension Keccak256Digest: Hashable {
    @inlinable
    public static func == (lhs: Keccak256Digest, rhs: Keccak256Digest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

extension Keccak256Digest: RandomAccessCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Keccak256Digest.byteCount }
    @inlinable public var count: Int { Keccak256Digest.byteCount }

    /// Byte `position` of the digest (0 ..< 32).
    @inlinable
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < Keccak256Digest.byteCount, "digest index out of range")
        let word: UInt64
        switch position &>> 3 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return UInt8(truncatingIfNeeded: word &>> UInt64((position & 7) &* 8))
    }

    @inlinable
    public func withContiguousStorageIfAvailable<R>(
        _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R? {
        try withUnsafeBytes { raw in try raw.withMemoryRebound(to: UInt8.self) { try body($0) } }
    }
}

extension Keccak256Digest: CustomStringConvertible {
    /// The digest as 64 lowercase hexadecimal digits, without a "0x" prefix.
    public var description: String {
        String(unsafeUninitializedCapacity: 2 &* Keccak256Digest.byteCount) { out in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            for index in 0 ..< Keccak256Digest.byteCount {
                let byte = self[index]
                out[2 &* index] = table[Int(byte &>> 4)]
                out[2 &* index &+ 1] = table[Int(byte & 0x0F)]
            }
            return 2 &* Keccak256Digest.byteCount
        }
    }
}
