/// Writes RLP into memory reserved in advance (see `RLP.build(length:_:)` and
/// `RLP.encodeList(payloadLength:prefix:_:)`), with no allocation of its own.
///
/// The caller computes the exact length first with the `RLP.length…` helpers. Every write is
/// bounds-checked: writing past the reserved memory traps (a sizing bug in the caller, never
/// something input can cause), so the writer cannot corrupt memory.
///
/// A writer must not outlive the buffer it was created over.
public struct RLPWriter {
    @usableFromInline let _base: UnsafeMutableRawPointer?
    @usableFromInline let _capacity: Int
    @usableFromInline var _position: Int

    /// A writer that fills `buffer` from its start.
    @inlinable
    public init(_ buffer: UnsafeMutableRawBufferPointer) {
        _base = buffer.baseAddress
        _capacity = buffer.count
        _position = 0
    }

    /// Number of bytes written so far.
    @inlinable public var position: Int { _position }
    /// Size of the buffer.
    @inlinable public var capacity: Int { _capacity }
    /// Bytes still free.
    @inlinable public var remaining: Int { _capacity &- _position }

    /// Reserves `count > 0` bytes and returns where they start.
    @inlinable @inline(__always)
    mutating func _claim(_ count: Int) -> UnsafeMutableRawPointer {
        precondition(count <= _capacity &- _position, "RLPWriter: write past the reserved length")
        let p = _base.unsafelyUnwrapped + _position
        _position &+= count
        return p
    }

    /// Stores the `count` low bytes of `value` big-endian at `p`.
    @inlinable @inline(__always)
    static func _storeBigEndian(_ value: UInt64, count: Int, at p: UnsafeMutableRawPointer) {
        var shift = (count &- 1) &* 8
        for i in 0..<count {
            p.storeBytes(of: UInt8(truncatingIfNeeded: value &>> UInt64(shift)), toByteOffset: i, as: UInt8.self)
            shift &-= 8
        }
    }

    /// Writes a header with short-form base `base` (0x80 strings, 0xc0 lists).
    @inlinable @inline(__always)
    mutating func _header(base: UInt8, length: Int) {
        precondition(length >= 0, "RLPWriter: negative length")
        if length < 56 {
            _claim(1).storeBytes(of: base &+ UInt8(truncatingIfNeeded: length), as: UInt8.self)
        } else {
            let n = RLP.byteCount(UInt64(length))
            let p = _claim(1 &+ n)
            p.storeBytes(of: base &+ 55 &+ UInt8(truncatingIfNeeded: n), as: UInt8.self)
            RLPWriter._storeBigEndian(UInt64(length), count: n, at: p + 1)
        }
    }

    // MARK: Raw bytes (no RLP framing)

    /// Writes one byte as is, e.g. the EIP-2718 transaction type before the list.
    @inlinable
    public mutating func appendRaw(_ byte: UInt8) {
        _claim(1).storeBytes(of: byte, as: UInt8.self)
    }

    /// Writes bytes as is (e.g. an item that is already RLP-encoded).
    @inlinable
    public mutating func appendRaw(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0, let src = bytes.baseAddress else { return }
        _claim(n).copyMemory(from: src, byteCount: n)
    }

    /// Writes bytes as is (e.g. an item that is already RLP-encoded).
    @inlinable
    public mutating func appendRaw<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let n = bytes.count
        guard n > 0 else { return }
        let dst = _claim(n)
        let copied: Void? = bytes.withContiguousStorageIfAvailable { src in
            if let s = src.baseAddress { dst.copyMemory(from: s, byteCount: n) }
        }
        if copied == nil {
            var i = 0
            for b in bytes where i < n {
                dst.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
            precondition(i == n, "RLPWriter: collection yielded fewer bytes than its count")
        }
    }

    // MARK: RLP items

    /// Starts a list whose items' encodings will total `payloadLength` bytes; the caller then
    /// appends exactly those items.
    @inlinable
    public mutating func beginList(payloadLength: Int) {
        _header(base: 0xC0, length: payloadLength)
    }

    /// Writes a byte string.
    @inlinable
    public mutating func appendBytes<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let n = bytes.count
        if n == 1, let b = bytes.first, b < 0x80 {
            appendRaw(b)
            return
        }
        _header(base: 0x80, length: n)
        appendRaw(bytes)
    }

    /// Writes a byte string given as raw memory.
    @inlinable
    public mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n == 1 && bytes[0] < 0x80 {
            appendRaw(bytes[0])
            return
        }
        _header(base: 0x80, length: n)
        appendRaw(bytes)
    }

    /// Writes an unsigned integer in canonical form (minimal big-endian; zero is 0x80).
    @inlinable
    public mutating func appendInteger(_ value: UInt64) {
        if value < 0x80 {
            appendRaw(value == 0 ? 0x80 : UInt8(truncatingIfNeeded: value))
            return
        }
        let n = RLP.byteCount(value)
        let p = _claim(1 &+ n)
        p.storeBytes(of: 0x80 &+ UInt8(truncatingIfNeeded: n), as: UInt8.self)
        RLPWriter._storeBigEndian(value, count: n, at: p + 1)
    }

    /// Writes an unsigned integer of any fixed width (e.g. a 256-bit word) in canonical form.
    @inlinable
    public mutating func appendInteger<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        if T.bitWidth <= 64 {
            appendInteger(UInt64(truncatingIfNeeded: value))
            return
        }
        if value < 0x80 {
            appendRaw(value == 0 ? 0x80 : UInt8(truncatingIfNeeded: value))
            return
        }
        let n = (T.bitWidth &- value.leadingZeroBitCount &+ 7) &>> 3
        _header(base: 0x80, length: n)
        let p = _claim(n)
        var shift = (n &- 1) &* 8
        for i in 0..<n {
            p.storeBytes(of: UInt8(truncatingIfNeeded: value &>> shift), toByteOffset: i, as: UInt8.self)
            shift &-= 8
        }
    }

    /// Writes an unsigned integer given as big-endian bytes, stripping leading zeros (an empty
    /// or all-zero input is zero, written 0x80).
    @inlinable
    public mutating func appendInteger<C: Collection>(bigEndian bytes: C) where C.Element == UInt8 {
        appendBytes(bytes.drop(while: { $0 == 0 }))
    }

    /// Writes any encodable value.
    @inlinable
    public mutating func append<T: RLPEncodable>(_ value: T) {
        value.encodeRLP(into: &self)
    }
}
