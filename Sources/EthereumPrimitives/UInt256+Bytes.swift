// Big-endian byte forms of UInt256: 32-byte words (ABI) and minimal byte strings (RLP).

extension UInt256 {
    /// Creates a value from up to 32 big-endian bytes (leading zeros allowed); nil if longer.
    @inlinable
    public init?(bigEndian bytes: some Collection<UInt8>) {
        if let r = bytes.withContiguousStorageIfAvailable({ Self.fromBigEndian(UnsafeRawBufferPointer($0)) }) {
            guard let r else { return nil }
            self = r
            return
        }
        guard bytes.count <= 32 else { return nil }
        var v = UInt256.zero
        for b in bytes { v = v.shiftedLeft(8) | UInt256(UInt64(b)) }
        self = v
    }

    /// Creates a value from up to 32 big-endian bytes in `buffer`; nil if longer.
    @inlinable
    public init?(bigEndian buffer: UnsafeRawBufferPointer) {
        guard let r = Self.fromBigEndian(buffer) else { return nil }
        self = r
    }

    /// Creates a value from exactly 32 big-endian bytes (an ABI word).
    ///
    /// - Precondition: `buffer.count == 32`.
    @inlinable
    public init(bigEndianWord buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count == 32, "a 256-bit word is 32 bytes")
        self.init(bigEndianWordAt: buffer.baseAddress!)
    }

    /// Reads 32 big-endian bytes at `pointer` (no alignment required). The caller guarantees
    /// that 32 bytes are readable.
    @inlinable @inline(__always)
    public init(bigEndianWordAt pointer: UnsafeRawPointer) {
        self.init(
            w0: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
            w1: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            w2: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            w3: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
    }

    @usableFromInline
    static func fromBigEndian(_ buffer: UnsafeRawBufferPointer) -> UInt256? {
        let count = buffer.count
        guard count <= 32 else { return nil }
        guard let base = buffer.baseAddress, count > 0 else { return .zero }
        if count == 32 { return UInt256(bigEndianWordAt: base) }
        var v = UInt256.zero
        for i in 0..<count {
            let bytePosition = count - 1 - i          // 0 = least significant byte
            let limb = bytePosition >> 3
            v[limb: limb] |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << UInt64((bytePosition & 7) << 3)
        }
        return v
    }

    /// Writes the value as 32 big-endian bytes at `pointer` (no alignment required). The caller
    /// guarantees that 32 bytes are writable.
    @inlinable @inline(__always)
    public func write(bigEndianWordTo pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: w3.bigEndian, toByteOffset: 0, as: UInt64.self)
        pointer.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
        pointer.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// Calls `body` with the value's 32 big-endian bytes, held on the stack.
    @inlinable
    public func withBigEndianBytes32<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var word = (w3.bigEndian, w2.bigEndian, w1.bigEndian, w0.bigEndian)
        return try withUnsafeBytes(of: &word) { (raw) throws(E) -> R in try body(raw) }
    }

    /// The value as 32 big-endian bytes (an ABI word).
    @inlinable
    public var bigEndianBytes32: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
            write(bigEndianWordTo: UnsafeMutableRawPointer(out.baseAddress!))
            initialized = 32
        }
    }

    /// The value as big-endian bytes without leading zeros: empty for zero (RLP's integer form).
    @inlinable
    public var minimalBigEndianBytes: [UInt8] {
        let width = byteWidth
        if width == 0 { return [] }
        return withBigEndianBytes32 { raw in
            Array(UnsafeRawBufferPointer(rebasing: raw[(32 - width)...]))
        }
    }
}
