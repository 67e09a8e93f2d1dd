/// The position of one item inside the decoded input: what it is and where its payload lies.
/// Ranges are indices of the reader's `bytes`.
public struct RLPElement: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case bytes
        case list
    }

    public let kind: Kind
    /// Index of the item's first byte (its prefix, or the byte itself for a single byte < 0x80).
    public let offset: Int
    /// Index of the first payload byte.
    public let payloadStart: Int
    /// Index just past the item.
    public let end: Int

    @inlinable
    init(kind: Kind, offset: Int, payloadStart: Int, end: Int) {
        self.kind = kind
        self.offset = offset
        self.payloadStart = payloadStart
        self.end = end
    }

    /// The payload: the string's bytes, or the items' encodings for a list.
    @inlinable public var payload: Range<Int> { Range(uncheckedBounds: (payloadStart, end)) }
    /// The whole encoding, header included.
    @inlinable public var encodedRange: Range<Int> { Range(uncheckedBounds: (offset, end)) }
    /// Number of payload bytes.
    @inlinable public var payloadCount: Int { end &- payloadStart }
}

extension RLP {
    /// Parses and checks the header of the item at `p`, which must lie in `bytes` before `limit`
    /// (`limit` is the end of the enclosing list, or of the input). Checks canonical form and that
    /// the item fits before `limit`; does not look inside lists.
    @inlinable @inline(__always)
    static func _element(in bytes: ArraySlice<UInt8>, at p: Int, limit: Int) throws(RLPError) -> RLPElement {
        // Short strings (the common case for transaction fields) inline; the rest out of line.
        let b0 = bytes[p]
        if b0 < 0x80 {
            return RLPElement(kind: .bytes, offset: p, payloadStart: p, end: p &+ 1)
        }
        if b0 < 0xB8 {
            let length = Int(b0 &- 0x80)
            let start = p &+ 1
            guard length <= limit &- start else { throw _overrun(bytes, item: p, from: start, count: length) }
            if length == 1 && bytes[start] < 0x80 { throw RLPError(.nonCanonicalSingleByte, offset: p) }
            return RLPElement(kind: .bytes, offset: p, payloadStart: start, end: start &+ length)
        }
        return try _elementOther(in: bytes, at: p, limit: limit, prefix: b0)
    }

    /// Long strings and lists (prefix >= 0xb8).
    @inlinable @inline(never)
    static func _elementOther(in bytes: ArraySlice<UInt8>, at p: Int, limit: Int, prefix b0: UInt8) throws(RLPError) -> RLPElement {
        if b0 < 0xC0 {
            return try _longElement(in: bytes, at: p, limit: limit, lengthOfLength: Int(b0 &- 0xB7), kind: .bytes)
        }
        if b0 < 0xF8 {
            let length = Int(b0 &- 0xC0)
            let start = p &+ 1
            guard length <= limit &- start else { throw _overrun(bytes, item: p, from: start, count: length) }
            return RLPElement(kind: .list, offset: p, payloadStart: start, end: start &+ length)
        }
        return try _longElement(in: bytes, at: p, limit: limit, lengthOfLength: Int(b0 &- 0xF7), kind: .list)
    }

    @inlinable
    static func _longElement(
        in bytes: ArraySlice<UInt8>, at p: Int, limit: Int, lengthOfLength: Int, kind: RLPElement.Kind
    ) throws(RLPError) -> RLPElement {
        // lengthOfLength is 1...8 by construction of the prefix ranges.
        let lengthStart = p &+ 1
        guard lengthOfLength <= limit &- lengthStart else {
            throw _overrun(bytes, item: p, from: lengthStart, count: lengthOfLength)
        }
        if bytes[lengthStart] == 0 { throw RLPError(.leadingZeroInLength, offset: p) }
        var declared: UInt64 = 0
        for i in lengthStart..<(lengthStart &+ lengthOfLength) {
            declared = declared &<< 8 | UInt64(bytes[i])
        }
        guard declared <= UInt64(Int.max) else { throw RLPError(.lengthOverflow, offset: p) }
        let length = Int(declared)
        if length < 56 { throw RLPError(.nonCanonicalLongForm, offset: p) }
        let start = lengthStart &+ lengthOfLength
        guard length <= limit &- start else { throw _overrun(bytes, item: p, from: start, count: length) }
        return RLPElement(kind: kind, offset: p, payloadStart: start, end: start &+ length)
    }

    /// The big-endian value of the input bytes `lo..<hi` (at most 8 of them), where `raw` is the
    /// input's memory and `base` the index of its first byte. When at least 8 bytes of the input
    /// end at `hi`, one unaligned load ending at `hi` is masked down to the wanted bytes; it never
    /// reads outside the input.
    @inlinable @inline(__always)
    static func _loadBigEndian(_ raw: UnsafeRawBufferPointer, base: Int, from lo: Int, to hi: Int) -> UInt64 {
        let n = hi &- lo
        if n <= 0 { return 0 }
        let end = hi &- base
        if end >= 8 && end <= raw.count {
            let word = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: end &- 8, as: UInt64.self))
            return n >= 8 ? word : word & ((1 &<< UInt64(n &* 8)) &- 1)
        }
        var v: UInt64 = 0
        for i in (lo &- base)..<end { v = v &<< 8 | UInt64(raw[i]) }
        return v
    }

    /// The big-endian value of `bytes[lo..<hi]` (at most 8 bytes, within `bytes`).
    @inlinable @inline(__always)
    static func _loadBigEndian(_ bytes: ArraySlice<UInt8>, from lo: Int, to hi: Int) -> UInt64 {
        bytes.withUnsafeBytes { _loadBigEndian($0, base: bytes.startIndex, from: lo, to: hi) }
    }

    /// An item at `item` needs `count` bytes from `from` but its limit is shorter: past the
    /// input's end it is truncation, otherwise it overruns the enclosing list.
    @inlinable
    static func _overrun(_ bytes: ArraySlice<UInt8>, item: Int, from: Int, count: Int) -> RLPError {
        RLPError(count > bytes.endIndex &- from ? .truncated : .exceedsEnclosingList, offset: item)
    }
}

/// A strict, zero-copy, allocation-free walk over RLP: a cursor over one list's items (or over
/// the top level of an input).
///
/// Typical use (a typed transaction `type ‖ rlp([...])`):
/// ```
/// var fields = try RLPReader.list(in: raw[1...])   // one list, no trailing bytes
/// let chainId = try fields.nextUInt64()
/// let to = try fields.nextBytesRange()              // indices into fields.bytes
/// let value = try fields.nextInteger256()           // UInt256(littleEndianLimbs:)
/// ...
/// try fields.expectEnd()
/// ```
/// Items are checked for canonical form as they are read; `nextList()` returns a reader over
/// the list's items whose contents are checked as they are walked, so walk it to `expectEnd()`
/// (or use `skip()`, which checks a whole item). Errors report indices of `bytes`.
///
/// Cost: integer readers and the `…Range` accessors touch no reference counts; accessors that
/// return `ArraySlice` (`nextBytes()`, `nextInteger(maxBytes:)`, `nextEncoded()`) and
/// `nextList()` retain the input once each, which is measurable in hot loops.
public struct RLPReader: Sendable {
    /// The whole input (shared, never copied).
    public let bytes: ArraySlice<UInt8>
    /// Index of the next item.
    @usableFromInline var _position: Int
    /// End of the current list (or of the input at the top level).
    public let endIndex: Int
    /// Nesting depth of the items this reader yields: 0 at the top level, 1 inside the
    /// top-level list, ...
    public let depth: Int
    /// Deepest list nesting allowed (a list yielded at depth d is itself at nesting level d + 1).
    public let maxDepth: Int

    @inlinable
    init(bytes: ArraySlice<UInt8>, position: Int, endIndex: Int, depth: Int, maxDepth: Int) {
        self.bytes = bytes
        self._position = position
        self.endIndex = endIndex
        self.depth = depth
        self.maxDepth = maxDepth
    }

    /// A reader over the top level of `bytes`. `maxDepth` is clamped to 0...`RLP.maxDepthLimit`.
    @inlinable
    public init(_ bytes: ArraySlice<UInt8>, maxDepth: Int = RLP.defaultMaxDepth) {
        self.init(
            bytes: bytes, position: bytes.startIndex, endIndex: bytes.endIndex, depth: 0,
            maxDepth: min(max(maxDepth, 0), RLP.maxDepthLimit))
    }

    /// A reader over the top level of `bytes`.
    @inlinable
    public init(_ bytes: [UInt8], maxDepth: Int = RLP.defaultMaxDepth) {
        self.init(bytes[...], maxDepth: maxDepth)
    }

    /// Reads `bytes` as exactly one list (no trailing bytes) and returns a reader over its items.
    /// The list's header and the absence of trailing bytes are checked here; its items as they
    /// are read.
    @inlinable
    public static func list(in bytes: consuming ArraySlice<UInt8>, maxDepth: Int = RLP.defaultMaxDepth) throws(RLPError) -> RLPReader {
        let start = bytes.startIndex, end = bytes.endIndex
        guard start < end else { throw RLPError(.emptyInput, offset: start) }
        let e = try RLP._element(in: bytes, at: start, limit: end)
        guard e.kind == .list else { throw RLPError(.expectedList, offset: start) }
        let maxDepth = min(max(maxDepth, 0), RLP.maxDepthLimit)
        guard maxDepth > 0 else { throw RLPError(.depthLimitExceeded, offset: start) }
        guard e.end == end else { throw RLPError(.trailingBytes, offset: e.end) }
        return RLPReader(bytes: bytes, position: e.payloadStart, endIndex: end, depth: 1, maxDepth: maxDepth)
    }

    /// Reads `bytes` as exactly one list (no trailing bytes) and returns a reader over its items.
    @inlinable
    public static func list(in bytes: [UInt8], maxDepth: Int = RLP.defaultMaxDepth) throws(RLPError) -> RLPReader {
        try list(in: bytes[...], maxDepth: maxDepth)
    }

    /// Index of the next item.
    @inlinable public var position: Int { _position }
    /// Whether every item of this list (or input) has been read.
    @inlinable public var isAtEnd: Bool { _position >= endIndex }

    // MARK: Core

    @inlinable
    func _missing() -> RLPError {
        if depth == 0 && bytes.isEmpty { return RLPError(.emptyInput, offset: bytes.startIndex) }
        return RLPError(.missingItem, offset: _position)
    }

    /// The next item's header, checked, without advancing; nil at the end.
    @inlinable
    public func peek() throws(RLPError) -> RLPElement? {
        guard _position < endIndex else {
            if depth == 0 && bytes.isEmpty { throw RLPError(.emptyInput, offset: bytes.startIndex) }
            return nil
        }
        return try RLP._element(in: bytes, at: _position, limit: endIndex)
    }

    /// The next item, which must be a byte string; advances past it.
    @inlinable
    mutating func _nextBytesElement() throws(RLPError) -> RLPElement {
        guard _position < endIndex else { throw _missing() }
        let e = try RLP._element(in: bytes, at: _position, limit: endIndex)
        guard e.kind == .bytes else { throw RLPError(.expectedBytes, offset: e.offset) }
        _position = e.end
        return e
    }

    // MARK: Reading items

    /// The next item, fully checked (a list's whole content is validated), and advances past
    /// it. Its ranges index `bytes`.
    @inlinable
    public mutating func next() throws(RLPError) -> RLPElement {
        guard _position < endIndex else { throw _missing() }
        let e = try RLP._element(in: bytes, at: _position, limit: endIndex)
        if e.kind == .list { try _validateList(e) }
        _position = e.end
        return e
    }

    /// Checks the next item completely (canonical form, nesting limit) and skips it.
    @inlinable
    public mutating func skip() throws(RLPError) {
        _ = try next()
    }

    /// The next item's whole encoding (header included), fully checked.
    @inlinable
    public mutating func nextEncoded() throws(RLPError) -> ArraySlice<UInt8> {
        let e = try next()
        return bytes[e.encodedRange]
    }

    /// The next item, which must be a byte string: its payload (zero-copy).
    @inlinable
    public mutating func nextBytes() throws(RLPError) -> ArraySlice<UInt8> {
        let e = try _nextBytesElement()
        return bytes[e.payload]
    }

    /// The next item, which must be a byte string of exactly `count` bytes (e.g. 20 for an
    /// address, 32 for a hash).
    @inlinable
    public mutating func nextBytes(count: Int) throws(RLPError) -> ArraySlice<UInt8> {
        guard _position < endIndex else { throw _missing() }
        let e = try RLP._element(in: bytes, at: _position, limit: endIndex)
        guard e.kind == .bytes else { throw RLPError(.expectedBytes, offset: e.offset) }
        guard e.payloadCount == count else { throw RLPError(.unexpectedLength, offset: e.offset) }
        _position = e.end
        return bytes[e.payload]
    }

    /// The next item, which must be a byte string: the indices of its payload in `bytes`.
    /// Unlike `nextBytes()`, no reference to the input is taken (no reference counting), which
    /// matters in hot loops; read the bytes with `bytes[i]` or `bytes.withUnsafeBytes`.
    @inlinable
    public mutating func nextBytesRange() throws(RLPError) -> Range<Int> {
        try _nextBytesElement().payload
    }

    /// Like `nextInteger(maxBytes:)`, but returns the indices of the minimal big-endian bytes in
    /// `bytes` (an empty range for zero), without reference counting.
    @inlinable
    public mutating func nextIntegerRange(maxBytes: Int) throws(RLPError) -> Range<Int> {
        let e = try _nextBytesElement()
        guard e.payloadCount <= maxBytes else { throw RLPError(.integerTooLarge, offset: e.offset) }
        if e.payloadCount > 0 && bytes[e.payloadStart] == 0 {
            throw RLPError(.nonCanonicalInteger, offset: e.offset)
        }
        return e.payload
    }

    /// The next item, which must be a list: a reader over its items, one level deeper.
    @inlinable
    public mutating func nextList() throws(RLPError) -> RLPReader {
        guard _position < endIndex else { throw _missing() }
        let e = try RLP._element(in: bytes, at: _position, limit: endIndex)
        guard e.kind == .list else { throw RLPError(.expectedList, offset: e.offset) }
        guard depth < maxDepth else { throw RLPError(.depthLimitExceeded, offset: e.offset) }
        _position = e.end
        return RLPReader(bytes: bytes, position: e.payloadStart, endIndex: e.end, depth: depth &+ 1, maxDepth: maxDepth)
    }

    /// Reads the next item as a list, runs `body` on its items and then requires that `body`
    /// consumed all of them.
    @inlinable
    public mutating func withList<R>(_ body: (inout RLPReader) throws(RLPError) -> R) throws(RLPError) -> R {
        var items = try nextList()
        let result = try body(&items)
        try items.expectEnd()
        return result
    }

    /// The next item as a canonical unsigned integer of at most 8 bytes.
    @inlinable
    public mutating func nextUInt64() throws(RLPError) -> UInt64 {
        let e = try _nextBytesElement()
        let n = e.payloadCount
        guard n <= 8 else { throw RLPError(.integerTooLarge, offset: e.offset) }
        if n == 0 { return 0 }
        guard bytes[e.payloadStart] != 0 else { throw RLPError(.nonCanonicalInteger, offset: e.offset) }
        return RLP._loadBigEndian(bytes, from: e.payloadStart, to: e.end)
    }

    /// The next item as a canonical unsigned integer of type `T` (its byte width bounds the length).
    @inlinable
    public mutating func nextInteger<T: FixedWidthInteger & UnsignedInteger>(as type: T.Type = T.self) throws(RLPError) -> T {
        let e = try _nextBytesElement()
        let n = e.payloadCount
        guard n &* 8 <= T.bitWidth else { throw RLPError(.integerTooLarge, offset: e.offset) }
        if n == 0 { return 0 }
        guard bytes[e.payloadStart] != 0 else { throw RLPError(.nonCanonicalInteger, offset: e.offset) }
        if T.bitWidth <= 64 {
            return T(truncatingIfNeeded: RLP._loadBigEndian(bytes, from: e.payloadStart, to: e.end))
        }
        var value: T = 0
        for i in e.payloadStart..<e.end {
            value = value &<< 8 | T(truncatingIfNeeded: bytes[i])
        }
        return value
    }

    /// The next item as a canonical unsigned integer of at most 32 bytes, as four 64-bit limbs,
    /// least significant first (the layout of `UInt256(littleEndianLimbs:)`).
    @inlinable
    public mutating func nextInteger256() throws(RLPError) -> (UInt64, UInt64, UInt64, UInt64) {
        let e = try _nextBytesElement()
        let n = e.payloadCount
        guard n <= 32 else { throw RLPError(.integerTooLarge, offset: e.offset) }
        if n == 0 { return (0, 0, 0, 0) }
        guard bytes[e.payloadStart] != 0 else { throw RLPError(.nonCanonicalInteger, offset: e.offset) }
        // Limb k holds the bytes [end - 8(k+1), end - 8k), big-endian.
        let start = e.payloadStart, end = e.end, base = bytes.startIndex
        return bytes.withUnsafeBytes { raw in
            (
                RLP._loadBigEndian(raw, base: base, from: Swift.max(start, end &- 8), to: end),
                RLP._loadBigEndian(raw, base: base, from: Swift.max(start, end &- 16), to: end &- 8),
                RLP._loadBigEndian(raw, base: base, from: Swift.max(start, end &- 24), to: end &- 16),
                RLP._loadBigEndian(raw, base: base, from: start, to: end &- 24)
            )
        }
    }

    /// The next item as a canonical unsigned integer of at most `maxBytes` bytes: its minimal
    /// big-endian bytes (empty for zero), zero-copy.
    @inlinable
    public mutating func nextInteger(maxBytes: Int) throws(RLPError) -> ArraySlice<UInt8> {
        let e = try _nextBytesElement()
        guard e.payloadCount <= maxBytes else { throw RLPError(.integerTooLarge, offset: e.offset) }
        if e.payloadCount > 0 && bytes[e.payloadStart] == 0 {
            throw RLPError(.nonCanonicalInteger, offset: e.offset)
        }
        return bytes[e.payload]
    }

    /// Requires that this list (or the input, at the top level) has no more items.
    @inlinable
    public func expectEnd() throws(RLPError) {
        guard _position >= endIndex else {
            throw RLPError(depth == 0 ? .trailingBytes : .extraItem, offset: _position)
        }
    }

    // MARK: Full validation

    /// Checks the whole content of list `e` (yielded at this reader's depth). Recursion is
    /// bounded by `maxDepth` <= `RLP.maxDepthLimit`; no allocation.
    @inlinable
    func _validateList(_ e: RLPElement) throws(RLPError) {
        guard depth < maxDepth else { throw RLPError(.depthLimitExceeded, offset: e.offset) }
        try RLPReader._validateItems(bytes, from: e.payloadStart, to: e.end, depth: depth &+ 1, maxDepth: maxDepth)
    }

    @usableFromInline
    static func _validateItems(_ bytes: ArraySlice<UInt8>, from start: Int, to end: Int, depth: Int, maxDepth: Int) throws(RLPError) {
        var p = start
        while p < end {
            let e = try RLP._element(in: bytes, at: p, limit: end)
            if e.kind == .list {
                guard depth < maxDepth else { throw RLPError(.depthLimitExceeded, offset: e.offset) }
                try _validateItems(bytes, from: e.payloadStart, to: e.end, depth: depth &+ 1, maxDepth: maxDepth)
            }
            p = e.end
        }
    }
}
