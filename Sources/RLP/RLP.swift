// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
//
// Two ways in each direction:
//  - the tree `RLPItem` (`encoded()`, `RLP.decode(_:)`) for convenience;
//  - the fast path for hot code: size with the `RLP.length…` helpers, allocate once with
//    `RLP.encodeList(payloadLength:prefix:_:)` (or conform to `RLPListEncodable`), write with
//    `RLPWriter`; decode field by field with the zero-copy, zero-allocation `RLPReader`.
// 256-bit integers travel as four 64-bit limbs, least significant first, so that this module
// needs no integer type of its own.
// Decoding is always strict (canonical form only, no trailing bytes, bounded nesting).

/// Namespace for RLP sizing helpers, entry points and constants.
public enum RLP {
    /// Default limit on list nesting when decoding (the top-level list is depth 1).
    public static let defaultMaxDepth = 64
    /// Upper bound for any configured nesting limit; larger requests are clamped to it so that
    /// no input can drive unbounded recursion.
    public static let maxDepthLimit = 1024

    // MARK: Sizing (all O(1) except the collection scans noted)

    /// Number of bytes of the minimal big-endian form of `value` (0 for zero).
    @inlinable @inline(__always)
    public static func byteCount(_ value: UInt64) -> Int {
        (64 &- value.leadingZeroBitCount &+ 7) &>> 3
    }

    /// Length of the header (prefix plus long-form length bytes) for a payload of `payloadLength`
    /// bytes, for strings (except the single-byte form) and lists alike.
    @inlinable @inline(__always)
    public static func headerLength(payloadLength: Int) -> Int {
        precondition(payloadLength >= 0, "RLP: negative payload length")
        return payloadLength < 56 ? 1 : 1 &+ byteCount(UInt64(payloadLength))
    }

    /// Encoded length of a list whose items' encodings total `payloadLength` bytes.
    @inlinable @inline(__always)
    public static func lengthOfList(payloadLength: Int) -> Int {
        headerLength(payloadLength: payloadLength) &+ payloadLength
    }

    /// Encoded length of a byte string of `count` bytes whose first byte is `first`
    /// (`first` only matters when `count == 1`).
    @inlinable @inline(__always)
    public static func lengthOfBytes(count: Int, first: UInt8) -> Int {
        if count == 1 && first < 0x80 { return 1 }
        return headerLength(payloadLength: count) &+ count
    }

    /// Encoded length of a byte string.
    @inlinable
    public static func lengthOfBytes<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        let count = bytes.count
        if count == 1, let first = bytes.first, first < 0x80 { return 1 }
        return headerLength(payloadLength: count) &+ count
    }

    /// Encoded length of a byte string given as raw memory.
    @inlinable
    public static func lengthOfBytes(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        if count == 1 && bytes[0] < 0x80 { return 1 }
        return headerLength(payloadLength: count) &+ count
    }

    /// Encoded length of an unsigned integer (canonical: minimal big-endian, zero is 0x80).
    @inlinable @inline(__always)
    public static func lengthOfInteger(_ value: UInt64) -> Int {
        value < 0x80 ? 1 : 1 &+ byteCount(value)
    }

    /// Encoded length of an unsigned integer of any fixed width (e.g. a 256-bit word).
    @inlinable
    public static func lengthOfInteger<T: FixedWidthInteger & UnsignedInteger>(_ value: T) -> Int {
        if T.bitWidth <= 64 { return lengthOfInteger(UInt64(truncatingIfNeeded: value)) }
        if value < 0x80 { return 1 }
        return 1 &+ ((T.bitWidth &- value.leadingZeroBitCount &+ 7) &>> 3)
    }

    /// Minimal big-endian byte count of a 256-bit value given as four 64-bit limbs, least
    /// significant first (the layout of `UInt256(littleEndianLimbs:)`).
    @inlinable @inline(__always)
    public static func byteCount(littleEndianLimbs l: (UInt64, UInt64, UInt64, UInt64)) -> Int {
        if l.3 != 0 { return 24 &+ byteCount(l.3) }
        if l.2 != 0 { return 16 &+ byteCount(l.2) }
        if l.1 != 0 { return 8 &+ byteCount(l.1) }
        return byteCount(l.0)
    }

    /// Encoded length of a 256-bit unsigned integer given as four 64-bit limbs, least
    /// significant first.
    @inlinable @inline(__always)
    public static func lengthOfInteger(littleEndianLimbs l: (UInt64, UInt64, UInt64, UInt64)) -> Int {
        if l.1 | l.2 | l.3 == 0 { return lengthOfInteger(l.0) }
        return 1 &+ byteCount(littleEndianLimbs: l)
    }

    /// Encoded length of an unsigned integer given as big-endian bytes (leading zeros are
    /// stripped; an empty or all-zero array is zero). Scans the leading zeros.
    @inlinable
    public static func lengthOfInteger<C: Collection>(bigEndian bytes: C) -> Int where C.Element == UInt8 {
        lengthOfBytes(bytes.drop(while: { $0 == 0 }))
    }

    /// Encoded length of an unsigned integer given as big-endian bytes (leading zeros stripped).
    @inlinable
    public static func lengthOfInteger(bigEndian bytes: UnsafeRawBufferPointer) -> Int {
        lengthOfBytes(UnsafeRawBufferPointer(rebasing: bytes[_significantStart(bytes)...]))
    }

    /// Encoded length of an unsigned integer given as big-endian bytes (leading zeros stripped).
    @inlinable
    public static func lengthOfInteger(bigEndian bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { lengthOfInteger(bigEndian: $0) }
    }

    /// Encoded length of a byte string.
    @inlinable
    public static func lengthOfBytes(_ bytes: [UInt8]) -> Int {
        let count = bytes.count
        if count == 1 && bytes[0] < 0x80 { return 1 }
        return headerLength(payloadLength: count) &+ count
    }

    /// Index of the first non-zero byte (`count` when all are zero).
    @inlinable @inline(__always)
    static func _significantStart(_ bytes: UnsafeRawBufferPointer) -> Int {
        var i = 0
        let n = bytes.count
        while i < n && bytes[i] == 0 { i &+= 1 }
        return i
    }

    // MARK: Encoding entry points

    /// Allocates exactly `length` bytes, lets `body` fill them through a writer, and returns them.
    /// Traps if `body` writes more than `length` bytes or leaves some unwritten (a sizing bug in
    /// the caller, never input-dependent).
    @inlinable
    public static func build(length: Int, _ body: (inout RLPWriter) -> Void) -> [UInt8] {
        precondition(length >= 0, "RLP: negative length")
        if length <= _scratchLimit {
            // Small outputs (transactions without large calldata): write into stack scratch, then
            // copy once into an array allocated through the specialized `reserveCapacity` path.
            // This is cheaper than `init(unsafeUninitializedCapacity:)`, whose allocation path
            // looks up the array's type metadata at run time on every call. Still exactly one
            // heap allocation.
            var out = [UInt8]()
            out.reserveCapacity(length)
            withUnsafeTemporaryAllocation(byteCount: length, alignment: 8) { scratch in
                var writer = RLPWriter(scratch)
                body(&writer)
                precondition(writer.position == length, "RLP: fewer bytes written than reserved")
                out.append(contentsOf: UnsafeRawBufferPointer(scratch))
            }
            return out
        }
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            var writer = RLPWriter(UnsafeMutableRawBufferPointer(buffer))
            body(&writer)
            precondition(writer.position == length, "RLP: fewer bytes written than reserved")
            initialized = length
        }
    }

    /// Outputs up to this size are built in stack scratch (see `build(length:_:)`).
    @usableFromInline static var _scratchLimit: Int { 1024 }

    /// Encodes a list in one allocation: `[prefix] ‖ header(payloadLength) ‖ payload`, where
    /// `body` writes the `payloadLength` bytes of the items. With `prefix` set this is the
    /// EIP-2718 typed envelope `type ‖ rlp(list)`.
    @inlinable
    public static func encodeList(
        payloadLength: Int, prefix: UInt8? = nil, _ body: (inout RLPWriter) -> Void
    ) -> [UInt8] {
        let total = (prefix == nil ? 0 : 1) &+ lengthOfList(payloadLength: payloadLength)
        return build(length: total) { writer in
            if let prefix { writer.appendRaw(prefix) }
            writer.beginList(payloadLength: payloadLength)
            let payloadStart = writer.position
            body(&writer)
            precondition(writer.position &- payloadStart == payloadLength, "RLP: list payload length mismatch")
        }
    }

    /// Encodes a value in one allocation, optionally preceded by a single prefix byte.
    @inlinable
    public static func encode<T: RLPEncodable>(_ value: T, prefix: UInt8? = nil) -> [UInt8] {
        value.rlpEncoded(prefix: prefix)
    }

    /// Encodes a byte string.
    @inlinable
    public static func encode(bytes: [UInt8]) -> [UInt8] {
        build(length: lengthOfBytes(bytes)) { $0.appendBytes(bytes) }
    }

    /// Encodes an unsigned integer (canonical form).
    @inlinable
    public static func encode(integer value: UInt64) -> [UInt8] {
        build(length: lengthOfInteger(value)) { $0.appendInteger(value) }
    }

    // MARK: Decoding entry points

    /// Strictly decodes exactly one item (no trailing bytes) into a tree.
    @inlinable
    public static func decode(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(RLPError) -> RLPItem {
        try RLPItem(decoding: bytes[...], maxDepth: maxDepth)
    }

    /// Strictly decodes exactly one item (no trailing bytes) into a tree. Error offsets are
    /// indices of `bytes`.
    @inlinable
    public static func decode(_ bytes: ArraySlice<UInt8>, maxDepth: Int = defaultMaxDepth) throws(RLPError) -> RLPItem {
        try RLPItem(decoding: bytes, maxDepth: maxDepth)
    }

    /// Strictly checks that `bytes` is exactly one canonical item, without building anything
    /// and without allocating.
    @inlinable
    public static func validate(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(RLPError) {
        try validate(bytes[...], maxDepth: maxDepth)
    }

    /// Strictly checks that `bytes` is exactly one canonical item, without allocating.
    @inlinable
    public static func validate(_ bytes: ArraySlice<UInt8>, maxDepth: Int = defaultMaxDepth) throws(RLPError) {
        var reader = RLPReader(bytes, maxDepth: maxDepth)
        try reader.skip()
        try reader.expectEnd()
    }
}
