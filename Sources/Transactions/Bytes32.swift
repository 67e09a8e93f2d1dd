import EthereumPrimitives

/// Exactly 32 bytes held inline: a storage key, a blob versioned hash, a transaction hash or a
/// signing hash. Printed as `0x` + 64 lowercase hex digits.
public struct Bytes32: Sendable, Hashable, Comparable {
    @usableFromInline var w0: UInt64
    @usableFromInline var w1: UInt64
    @usableFromInline var w2: UInt64
    @usableFromInline var w3: UInt64

    /// 32 zero bytes.
    public static let zero = Bytes32(w0: 0, w1: 0, w2: 0, w3: 0)

    @inlinable
    init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Reads 32 bytes at `pointer` (no alignment required).
    @inlinable @inline(__always)
    public init(bytesAt pointer: UnsafeRawPointer) {
        self.init(
            w0: pointer.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
            w1: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            w2: pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
            w3: pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// Exactly 32 bytes; nil for any other count.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        if let r = bytes.withContiguousStorageIfAvailable({ buf -> Bytes32? in
            guard buf.count == 32, let base = buf.baseAddress else { return nil }
            return Bytes32(bytesAt: UnsafeRawPointer(base))
        }) {
            guard let r else { return nil }
            self = r
            return
        }
        let copy = Array(bytes)
        guard copy.count == 32 else { return nil }
        self = copy.withUnsafeBytes { Bytes32(bytesAt: $0.baseAddress!) }
    }

    /// The 32 big-endian bytes of a 256-bit word.
    @inlinable
    public init(word: UInt256) {
        self = word.withBigEndianBytes32 { Bytes32(bytesAt: $0.baseAddress!) }
    }

    /// Parses `0x` + 64 hex digits (the prefix is optional, either case).
    public init(hex text: some StringProtocol) throws(HexError) {
        let bytes = try Hex.decode(text, count: 32)
        self = bytes.withUnsafeBytes { Bytes32(bytesAt: $0.baseAddress!) }
    }

    /// Writes the 32 bytes at `pointer`.
    @inlinable @inline(__always)
    public func write(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: w0, toByteOffset: 0, as: UInt64.self)
        pointer.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: w2, toByteOffset: 16, as: UInt64.self)
        pointer.storeBytes(of: w3, toByteOffset: 24, as: UInt64.self)
    }

    /// Calls `body` with the 32 bytes, held on the stack.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var raw = (w0, w1, w2, w3)
        return try Swift.withUnsafeBytes(of: &raw) { (buf) throws(E) -> R in try body(buf) }
    }

    /// The 32 bytes.
    @inlinable
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
            write(to: UnsafeMutableRawPointer(out.baseAddress!))
            initialized = 32
        }
    }

    /// The first byte (the version byte of a blob versioned hash).
    @inlinable
    public var firstByte: UInt8 { UInt8(truncatingIfNeeded: UInt64(littleEndian: w0)) }

    /// The bytes read as a big-endian 256-bit integer.
    @inlinable
    public var word: UInt256 { withUnsafeBytes { UInt256(bigEndianWordAt: $0.baseAddress!) } }

    /// `0x` + 64 lowercase hex digits.
    public var hex: String { withUnsafeBytes { Hex.encode($0) } }

    /// Lexicographic order of the bytes.
    public static func < (lhs: Bytes32, rhs: Bytes32) -> Bool {
        lhs.word < rhs.word
    }
}

extension Bytes32: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { hex }
    public var debugDescription: String { hex }
}
