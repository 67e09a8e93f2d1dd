// Keccak-256 (the original Keccak padding 0x01, as Ethereum uses it; not SHA3-256's 0x06).
// Placeholder implementation: correct, simple; to be replaced by the optimized permutation.

public struct Keccak256Digest: Sendable, Hashable {
    public static let byteCount = 32
    public let bytes: [UInt8]
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32)
        self.bytes = bytes
    }
}

extension Keccak256Digest: CustomStringConvertible {
    public var description: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

public struct Keccak256: Sendable {
    public static let byteCount = 32
    public static let blockByteCount = 136

    private var state = [UInt64](repeating: 0, count: 25)
    private var buffer = [UInt8]()

    public init() {}

    public mutating func update<S: Sequence>(data: S) where S.Element == UInt8 {
        buffer.append(contentsOf: data)
        while buffer.count >= Self.blockByteCount {
            absorb(Array(buffer[0..<Self.blockByteCount]))
            buffer.removeFirst(Self.blockByteCount)
        }
    }

    public func finalize() -> Keccak256Digest {
        var copy = self
        var block = copy.buffer
        block.append(0x01)
        while block.count < Self.blockByteCount { block.append(0) }
        block[Self.blockByteCount - 1] |= 0x80
        copy.absorb(block)
        var out = [UInt8]()
        for i in 0..<4 {
            let lane = copy.state[i]
            for j in 0..<8 { out.append(UInt8(truncatingIfNeeded: lane >> (8 * UInt64(j)))) }
        }
        return Keccak256Digest(bytes: out)
    }

    public static func hash<S: Sequence>(data: S) -> Keccak256Digest where S.Element == UInt8 {
        var h = Keccak256()
        h.update(data: data)
        return h.finalize()
    }

    private mutating func absorb(_ block: [UInt8]) {
        for i in 0..<(Self.blockByteCount / 8) {
            var lane: UInt64 = 0
            for j in 0..<8 { lane |= UInt64(block[i * 8 + j]) << (8 * UInt64(j)) }
            state[i] ^= lane
        }
        Self.permute(&state)
    }

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
    private static let rotations: [UInt64] = [
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]

    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 {
        n == 0 ? x : (x << n) | (x >> (64 - n))
    }

    private static func permute(_ a: inout [UInt64]) {
        var b = [UInt64](repeating: 0, count: 25)
        var c = [UInt64](repeating: 0, count: 5)
        for round in 0..<24 {
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], rotations[x + 5 * y])
                }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
                }
            }
            a[0] ^= roundConstants[round]
        }
    }
}
