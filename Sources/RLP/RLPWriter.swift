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

    /// Stores the `count` (0...8) low bytes of `value` big-endian at `p`, writing exactly
    /// `count` bytes. Uses two possibly overlapping fixed-width stores (the overlapping bytes
    /// receive the same value twice) instead of a byte loop.
    @inlinable @inline(__always)
    static func _storeBigEndian(_ value: UInt64, count: Int, at p: UnsafeMutableRawPointer) {
        switch count {
        case 8:
            p.storeBytes(of: value.bigEndian, as: UInt64.self)
        case 4...7:
            let high = UInt32(truncatingIfNeeded: value &>> UInt64((count &- 4) &* 8))
            p.storeBytes(of: high.bigEndian, as: UInt32.self)
            p.storeBytes(of: UInt32(truncatingIfNeeded: value).bigEndian, toByteOffset: count &- 4, as: UInt32.self)
        case 2...3:
            let high = UInt16(truncatingIfNeeded: value &>> UInt64((count &- 2) &* 8))
            p.storeBytes(of: high.bigEndian, as: UInt16.self)
            p.storeBytes(of: UInt16(truncatingIfNeeded: value).bigEndian, toByteOffset: count &- 2, as: UInt16.self)
        case 1:
            p.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
        default:
            break
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

    /// Writes a byte string.
    @inlinable
    public mutating func appendBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { appendBytes($0) }
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

    /// Writes a 256-bit unsigned integer given as four 64-bit limbs, least significant first
    /// (the layout of `UInt256(littleEndianLimbs:)`), in canonical form.
    @inlinable
    public mutating func appendInteger(littleEndianLimbs l: (UInt64, UInt64, UInt64, UInt64)) {
        if l.1 | l.2 | l.3 == 0 {
            appendInteger(l.0)
            return
        }
        let n = RLP.byteCount(littleEndianLimbs: l)  // 9...32
        let p = _claim(1 &+ n)
        p.storeBytes(of: 0x80 &+ UInt8(truncatingIfNeeded: n), as: UInt8.self)
        // The top limb's significant bytes, then each lower limb as 8 big-endian bytes.
        let full = (n &- 1) &>> 3  // limbs below the top one
        let top = n &- full &* 8
        let topLimb = full == 3 ? l.3 : (full == 2 ? l.2 : l.1)
        RLPWriter._storeBigEndian(topLimb, count: top, at: p + 1)
        var o = 1 &+ top
        if full >= 3 { p.storeBytes(of: l.2.bigEndian, toByteOffset: o, as: UInt64.self); o &+= 8 }
        if full >= 2 { p.storeBytes(of: l.1.bigEndian, toByteOffset: o, as: UInt64.self); o &+= 8 }
        p.storeBytes(of: l.0.bigEndian, toByteOffset: o, as: UInt64.self)
    }

    /// Writes an unsigned integer given as big-endian bytes, stripping leading zeros (an empty
    /// or all-zero input is zero, written 0x80).
    @inlinable
    public mutating func appendInteger<C: Collection>(bigEndian bytes: C) where C.Element == UInt8 {
        appendBytes(bytes.drop(while: { $0 == 0 }))
    }

    /// Writes an unsigned integer given as big-endian bytes, stripping leading zeros.
    @inlinable
    public mutating func appendInteger(bigEndian bytes: UnsafeRawBufferPointer) {
        appendBytes(UnsafeRawBufferPointer(rebasing: bytes[RLP._significantStart(bytes)...]))
    }

    /// Writes an unsigned integer given as big-endian bytes, stripping leading zeros.
    @inlinable
    public mutating func appendInteger(bigEndian bytes: [UInt8]) {
        bytes.withUnsafeBytes { appendInteger(bigEndian: $0) }
    }

    /// Writes any encodable value.
    @inlinable
    public mutating func append<T: RLPEncodable>(_ value: T) {
        value.encodeRLP(into: &self)
    }
}
