import BallastJSON
import EthereumPrimitives

/// The values decoded from an encoding, with what lenient decoding found non-canonical.
public struct ABIDecodeReport: Hashable, Sendable {
    public var values: [ABIValue]
    /// Empty for a canonical encoding (always empty in strict mode).
    public var findings: [ABIDecodeFinding]

    public init(values: [ABIValue], findings: [ABIDecodeFinding]) {
        self.values = values
        self.findings = findings
    }

    /// Whether the input was exactly what the encoder produces for these values.
    public var isCanonical: Bool { findings.isEmpty }
}

/// The Solidity contract ABI decoder: strict by default.
///
/// Strict mode accepts exactly the canonical encoding, so `encode(decode(x)) == x` for every
/// accepted `x`. Every value is checked (zero padding of `uintN` and `address`, sign extension
/// of `intN`, bool 0/1, right padding of `bytesN`, `bytes` and `string`, UTF-8 of `string`),
/// every offset and length is bounds-checked with overflow-safe arithmetic before anything is
/// read or allocated, every offset must be where the encoder puts it, and no bytes may follow.
/// ``ABIDecodingMode/lenient`` accepts non-canonical offsets and trailing bytes and reports them.
///
/// Decoding never traps on input: an array claiming 2²⁵⁵ elements fails on its length word
/// before anything is allocated (every element needs at least one byte of input, since types
/// with zero-size parts are refused), recursion follows the type (at most
/// ``ABIType/maxCodecDepth`` levels), and in lenient mode aliased offsets cannot make the output
/// much larger than the input (``ABIDecodingError/Kind/aliasingLimit``).
///
/// Error offsets are byte offsets into the data passed in (for an `ArraySlice`, from its first byte).
public enum ABIDecoder {
    // MARK: Argument lists

    /// Decodes `data` as the argument list `types` (an implicit tuple).
    @inlinable
    public static func decode(_ types: [ABIType], from data: [UInt8], mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> [ABIValue] {
        try withBytes(data) { (raw) throws(ABIDecodingError) in
            try decodeReport(types, from: raw, origin: 0, mode: mode).values
        }
    }

    /// Decodes the bytes of `data` as the argument list `types`.
    @inlinable
    public static func decode(_ types: [ABIType], from data: UnsafeRawBufferPointer, mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> [ABIValue] {
        try decodeReport(types, from: data, origin: 0, mode: mode).values
    }

    /// Decodes any byte collection (copied first if it is not contiguous).
    @inlinable
    public static func decode(_ types: [ABIType], from data: some Collection<UInt8>, mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> [ABIValue] {
        try withBytes(data) { (raw) throws(ABIDecodingError) in
            try decodeReport(types, from: raw, origin: 0, mode: mode).values
        }
    }

    /// Decodes as ``decode(_:from:mode:)-([ABIType],[UInt8],_)`` and also returns the findings of lenient mode.
    @inlinable
    public static func decodeReport(_ types: [ABIType], from data: some Collection<UInt8>, mode: ABIDecodingMode = .lenient) throws(ABIDecodingError) -> ABIDecodeReport {
        try withBytes(data) { (raw) throws(ABIDecodingError) in
            try decodeReport(types, from: raw, origin: 0, mode: mode)
        }
    }

    /// Decodes `data` as `parameters`; error and finding paths name tuple components.
    public static func decode(parameters: [ABIParameter], from data: some Collection<UInt8>, mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> [ABIValue] {
        do {
            return try decode(parameters.map(\.type), from: data, mode: mode)
        } catch {
            throw ABIDecodingError(error.kind, offset: error.offset, path: ABIParameter.namedPath(error.path, parameters: parameters))
        }
    }

    /// Decodes a single value encoded as the one-element argument list `[type]`.
    public static func decode(_ type: ABIType, from data: some Collection<UInt8>, mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> ABIValue {
        let values = try decode([type], from: data, mode: mode)
        return values[0]
    }

    // MARK: Calldata

    /// Checks that `data` starts with `selector` (4 bytes), then decodes the rest as `types`.
    /// Offsets in errors count the selector.
    @inlinable
    public static func decodeCall(_ data: some Collection<UInt8>, selector: [UInt8], types: [ABIType], mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> [ABIValue] {
        try decodeCallReport(data, selector: selector, types: types, mode: mode).values
    }

    /// ``decodeCall(_:selector:types:mode:)`` (strict) with the selector as a big-endian word and
    /// the argument types laid out beforehand: what a decoder that meets the same functions
    /// again and again calls.
    public static func decodeCall(_ data: [UInt8], selectorWord: UInt32, layout: ABIArgumentLayout) throws(ABIDecodingError) -> [ABIValue] {
        try withBytes(data) { (raw) throws(ABIDecodingError) in
            guard raw.count >= 4 else { throw ABIDecodingError(.truncated, offset: raw.count) }
            let actual = UInt32(bigEndian: raw.loadUnaligned(as: UInt32.self))
            guard actual == selectorWord else {
                let expected = (0..<4).map { UInt8(truncatingIfNeeded: selectorWord >> (24 - 8 * UInt32($0))) }
                throw ABIDecodingError(.selectorMismatch(expected: expected, actual: Array(raw[0..<4])), offset: 0)
            }
            return try layout.nodes.withUnsafeBufferPointer { (nodes) throws(ABIDecodingError) in
                try decode(nodes: nodes.baseAddress.unsafelyUnwrapped, from: raw, origin: 4, mode: .strict).values
            }
        }
    }

    /// ``decode(_:from:mode:)-([ABIType],[UInt8],_)`` (strict) with the types laid out
    /// beforehand: for an argument list met again and again (a flash loan's callback data).
    public static func decode(_ data: [UInt8], layout: ABIArgumentLayout) throws(ABIDecodingError) -> [ABIValue] {
        try withBytes(data) { (raw) throws(ABIDecodingError) in
            try layout.nodes.withUnsafeBufferPointer { (nodes) throws(ABIDecodingError) in
                try decode(nodes: nodes.baseAddress.unsafelyUnwrapped, from: raw, origin: 0, mode: .strict).values
            }
        }
    }

    /// ``decodeCall(_:selector:types:mode:)`` with the findings of lenient mode.
    @inlinable
    public static func decodeCallReport(_ data: some Collection<UInt8>, selector: [UInt8], types: [ABIType], mode: ABIDecodingMode = .lenient) throws(ABIDecodingError) -> ABIDecodeReport {
        try withBytes(data) { (raw) throws(ABIDecodingError) in
            try checkSelector(raw, selector)
            return try decodeReport(types, from: raw, origin: 4, mode: mode)
        }
    }

    /// The first 4 bytes of calldata, or nil if it is shorter.
    public static func selector(of data: some Collection<UInt8>) -> [UInt8]? {
        let s = Array(data.prefix(4))
        return s.count == 4 ? s : nil
    }

    /// Decodes calldata without checking its selector: `(selector, arguments)`.
    public static func decodeCall(_ data: some Collection<UInt8>, types: [ABIType], mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> (selector: [UInt8], values: [ABIValue]) {
        try withBytes(data) { (raw) throws(ABIDecodingError) in
            guard raw.count >= 4 else { throw ABIDecodingError(.truncated, offset: raw.count) }
            let selector = Array(raw[0..<4])
            return (selector, try decodeReport(types, from: raw, origin: 4, mode: mode).values)
        }
    }

    @usableFromInline
    static func checkSelector(_ raw: UnsafeRawBufferPointer, _ selector: [UInt8]) throws(ABIDecodingError) {
        guard raw.count >= 4 else { throw ABIDecodingError(.truncated, offset: raw.count) }
        guard selector.count == 4, selector[0] == raw[0], selector[1] == raw[1], selector[2] == raw[2], selector[3] == raw[3] else {
            throw ABIDecodingError(.selectorMismatch(expected: selector, actual: Array(raw[0..<4])), offset: 0)
        }
    }

    @inlinable
    static func withBytes<R>(_ data: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) throws(ABIDecodingError) -> R) throws(ABIDecodingError) -> R {
        let result: Result<R, ABIDecodingError>? = data.withContiguousStorageIfAvailable { buffer in
            do throws(ABIDecodingError) {
                return .success(try body(UnsafeRawBufferPointer(buffer)))
            } catch {
                return .failure(error)
            }
        }
        if let result { return try result.get() }
        let copy = Array(data)
        let copied: Result<R, ABIDecodingError> = copy.withUnsafeBytes { raw in
            do throws(ABIDecodingError) {
                return .success(try body(raw))
            } catch {
                return .failure(error)
            }
        }
        return try copied.get()
    }

    // MARK: Core

    /// Decodes the argument list `types` whose encoding starts at `origin` in `data`.
    @usableFromInline
    static func decodeReport(_ types: [ABIType], from data: UnsafeRawBufferPointer, origin: Int, mode: ABIDecodingMode) throws(ABIDecodingError) -> ABIDecodeReport {
        // The closures are passed as literals: a closure held in a variable would capture
        // `origin` in a heap context.
        return try ABILayoutPlan.withPlan(types, invalid: { (i, t, reason) in
            ABIDecodingError(.invalidType(t, reason: reason), offset: origin, path: JSONPath([.index(i)]))
        }) { (nodes) throws(ABIDecodingError) -> ABIDecodeReport in
            try decode(nodes: nodes, from: data, origin: origin, mode: mode)
        }
    }

    /// Decodes the argument list laid out in `nodes` whose encoding starts at `origin` in `data`.
    @usableFromInline
    static func decode(nodes: UnsafePointer<ABILayoutNode>, from data: UnsafeRawBufferPointer, origin: Int, mode: ABIDecodingMode) throws(ABIDecodingError) -> ABIDecodeReport {
        // Never dereferenced when the data is empty: every read is bounds-checked first.
        let base = data.baseAddress ?? UnsafeRawPointer(bitPattern: 0x20)!
        var state = ABIDecodingState(base: base, count: data.count, lenient: mode == .lenient, nodes: nodes)
        let (values, end) = try state.decodeTuple(0, at: origin)
        let used = max(end, state.furthest)
        if used < data.count {
            let trailing = data.count - used
            if mode == .strict { throw ABIDecodingError(.trailingBytes(count: trailing), offset: used) }
            state.findings.append(ABIDecodeFinding(.trailingBytes(count: trailing), offset: used))
        }
        return ABIDecodeReport(values: values, findings: state.findings)
    }
}

/// An argument list's types laid out once (kinds, widths, head sizes: what the decoder walks),
/// for decoding many calls of one function (``ABIDecoder/decodeCall(_:selectorWord:layout:)``).
public struct ABIArgumentLayout: Sendable {
    @usableFromInline let nodes: [ABILayoutNode]

    /// nil when a type is invalid (its calls then decode by ``ABIDecoder/decodeCall(_:selector:types:mode:)``,
    /// which names the problem).
    public init?(_ types: [ABIType]) {
        guard let count = ABILayoutPlan.nodeCount(types), count < Int(Int32.max) else { return nil }
        var built: Int?
        let nodes = [ABILayoutNode](unsafeUninitializedCapacity: count) { buffer, initialized in
            built = ABILayoutPlan.build(types, into: buffer.baseAddress.unsafelyUnwrapped, capacity: count)
            initialized = built ?? 0
        }
        guard let built, built == count else { return nil }
        self.nodes = nodes
    }
}

/// The walk over one input, following a type plan. Positions are absolute byte offsets.
@usableFromInline
struct ABIDecodingState {
    let base: UnsafeRawPointer
    let count: Int
    let lenient: Bool
    let nodes: UnsafePointer<ABILayoutNode>
    /// Output allowed, in bytes of input read into values (32 per word value and array length,
    /// the padded content of `bytes`/`string`). Without aliasing every such byte is a distinct
    /// input byte, so a canonical input uses at most its own size; the budget of four times the
    /// input (plus 4 KiB) only stops lenient inputs whose aliased offsets would multiply it.
    var budget: Int
    /// The end of the furthest byte any value used.
    var furthest = 0
    var findings: [ABIDecodeFinding] = []
    /// Lenient mode: the index path of the value being read, for findings.
    var path: [Int] = []

    @usableFromInline
    init(base: UnsafeRawPointer, count: Int, lenient: Bool, nodes: UnsafePointer<ABILayoutNode>) {
        self.base = base
        self.count = count
        self.lenient = lenient
        self.nodes = nodes
        let (b, o) = count.multipliedReportingOverflow(by: 4)
        self.budget = o ? Int.max : b + 4096
    }

    @inline(__always)
    mutating func spend(_ bytes: Int, at offset: Int) throws(ABIDecodingError) {
        budget &-= bytes
        if budget < 0 { throw ABIDecodingError(.aliasingLimit, offset: offset) }
    }

    @inline(__always)
    func word(at p: Int) -> UInt256 {
        UInt256(bigEndianWordAt: base + p)
    }

    /// The bytes a dynamic value of node `n` needs at its offset before anything else: the length
    /// word, or the head region of a tuple or `T[k]`.
    @inline(__always)
    func needed(_ n: Int) -> Int {
        let node = nodes[n]
        return node.kind == .tuple || node.kind == .fixedArray ? node.regionSize : 32
    }

    /// Reads an offset word at `h` belonging to the sequence that starts at `start` and whose
    /// heads end at `headEnd`; returns the absolute target, checked so that the `needed` bytes
    /// at the target are inside the data.
    @inline(__always)
    func readOffset(at h: Int, start: Int, headEnd: Int, needed: Int) throws(ABIDecodingError) -> Int {
        guard let o = word(at: h).intValue else { throw ABIDecodingError(.offsetOutOfBounds, offset: h) }
        let (target, overflow) = start.addingReportingOverflow(o)
        guard !overflow, target <= count else { throw ABIDecodingError(.offsetOutOfBounds, offset: h) }
        guard target >= headEnd else { throw ABIDecodingError(.offsetIntoHead, offset: h) }
        guard needed <= count - target else { throw ABIDecodingError(.offsetOutOfBounds, offset: h) }
        return target
    }

    /// Reads a length word at `p` (no bounds check of what it covers).
    @inline(__always)
    func readLength(at p: Int) throws(ABIDecodingError) -> Int {
        guard let n = word(at: p).intValue else { throw ABIDecodingError(.lengthOutOfBounds, offset: p) }
        return n
    }

    /// Strict mode rejects, lenient mode records, an offset that is not where the encoder puts it.
    @inline(__always)
    mutating func checkCanonical(target: Int, expected: Int, start: Int, at h: Int) throws(ABIDecodingError) {
        guard target != expected else { return }
        let kind = ABIDecodingError.Kind.nonCanonicalOffset(expected: expected - start, actual: target - start)
        guard lenient else { throw ABIDecodingError(kind, offset: h) }
        findings.append(ABIDecodeFinding(.nonCanonicalOffset(expected: expected - start, actual: target - start),
                                         offset: h, path: JSONPath(path.map { .index($0) })))
    }

    // MARK: Sequences

    /// The tuple node `n` (node 0: the argument list) starting at `start`: its values and the end
    /// of its last tail.
    @usableFromInline
    mutating func decodeTuple(_ n: Int, at start: Int) throws(ABIDecodingError) -> (values: [ABIValue], end: Int) {
        let node = nodes[n]
        let headSize = node.regionSize
        guard start <= count, headSize <= count - start else { throw ABIDecodingError(.truncated, offset: count) }
        let headEnd = start + headSize
        var values = [ABIValue]()
        values.reserveCapacity(node.param)
        var cursor = headEnd
        var h = start
        for i in 0..<node.param {
            let c = node.child + i
            if lenient { path.append(i) }
            do throws(ABIDecodingError) {
                if nodes[c].dynamic {
                    let target = try readOffset(at: h, start: start, headEnd: headEnd, needed: needed(c))
                    try checkCanonical(target: target, expected: cursor, start: start, at: h)
                    let (v, end) = try decodeDynamic(c, at: target)
                    values.append(v)
                    cursor = end
                    h += 32
                } else {
                    values.append(try decodeStatic(c, at: h))
                    h += nodes[c].headSize
                }
            } catch {
                throw error.prepending(.index(i))
            }
            if lenient { path.removeLast() }
        }
        if cursor > furthest { furthest = cursor }
        return (values, cursor)
    }

    /// `n` elements of node `child` starting at `start` (the caller checked that their heads fit).
    @usableFromInline
    mutating func decodeElements(_ child: Int, count n: Int, at start: Int) throws(ABIDecodingError) -> (values: [ABIValue], end: Int) {
        var values = [ABIValue]()
        values.reserveCapacity(n)
        let element = nodes[child]
        if !element.dynamic {
            let size = element.headSize
            var p = start
            for i in 0..<n {
                if lenient { path.append(i) }
                do throws(ABIDecodingError) {
                    values.append(try decodeStatic(child, at: p))
                } catch {
                    throw error.prepending(.index(i))
                }
                if lenient { path.removeLast() }
                p += size
            }
            if p > furthest { furthest = p }
            return (values, p)
        }
        let headEnd = start + 32 * n
        let need = needed(child)
        var cursor = headEnd
        for i in 0..<n {
            let h = start + 32 * i
            if lenient { path.append(i) }
            do throws(ABIDecodingError) {
                let target = try readOffset(at: h, start: start, headEnd: headEnd, needed: need)
                try checkCanonical(target: target, expected: cursor, start: start, at: h)
                let (v, end) = try decodeDynamic(child, at: target)
                values.append(v)
                cursor = end
            } catch {
                throw error.prepending(.index(i))
            }
            if lenient { path.removeLast() }
        }
        if cursor > furthest { furthest = cursor }
        return (values, cursor)
    }

    // MARK: Values

    /// A static value of node `n` at `p`; the caller checked that its bytes are inside the data.
    @usableFromInline
    mutating func decodeStatic(_ n: Int, at p: Int) throws(ABIDecodingError) -> ABIValue {
        let node = nodes[n]
        switch node.kind {
        case .uint:
            try spend(32, at: p)
            let w = word(at: p)
            guard w.fits(bits: node.param) else { throw ABIDecodingError(.uintOutOfRange(bits: node.param), offset: p) }
            return .uint(w)
        case .int:
            try spend(32, at: p)
            let v = Int256(twosComplement: word(at: p))
            guard v.fits(bits: node.param) else { throw ABIDecodingError(.intSignExtension(bits: node.param), offset: p) }
            return .int(v)
        case .address:
            try spend(32, at: p)
            let high = base.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                | UInt64(base.loadUnaligned(fromByteOffset: p + 8, as: UInt32.self))
            guard high == 0 else { throw ABIDecodingError(.addressPadding, offset: p) }
            return .address(Address(bytesAt: base + p + 12))
        case .bool:
            try spend(32, at: p)
            let w = word(at: p)
            if w == .zero { return .bool(false) }
            if w == .one { return .bool(true) }
            throw ABIDecodingError(.invalidBool, offset: p)
        case .fixedBytes:
            try spend(32, at: p)
            var i = node.param
            while i < 32 {
                guard base.load(fromByteOffset: p + i, as: UInt8.self) == 0 else {
                    throw ABIDecodingError(.fixedBytesPadding(count: node.param), offset: p)
                }
                i += 1
            }
            return .fixedBytes(Array(UnsafeRawBufferPointer(start: base + p, count: node.param)))
        case .fixedArray:
            return .array(try decodeElements(node.child, count: node.param, at: p).values)
        case .tuple:
            return .tuple(try decodeTuple(n, at: p).values)
        case .bytes, .string, .array:
            throw ABIDecodingError(.invalidType(ABILayoutPlan.type(at: n, nodes), reason: "dynamic type read as static"), offset: p)
        }
    }

    /// A dynamic value of node `n` whose tail starts at `p`; the caller checked that its first
    /// ``needed(_:)`` bytes are inside the data. Returns the value and the end of its tail.
    @usableFromInline
    mutating func decodeDynamic(_ n: Int, at p: Int) throws(ABIDecodingError) -> (ABIValue, end: Int) {
        let node = nodes[n]
        switch node.kind {
        case .bytes, .string:
            let length = try readLength(at: p)
            let content = p + 32
            let remaining = count - content
            guard length <= remaining, let padded = abiPadded32(length), padded <= remaining else {
                throw ABIDecodingError(.lengthOutOfBounds, offset: p)
            }
            var i = content + length
            let end = content + padded
            while i < end {
                guard base.load(fromByteOffset: i, as: UInt8.self) == 0 else {
                    throw ABIDecodingError(.bytesPadding, offset: content + (length & ~31))
                }
                i += 1
            }
            try spend(32 + padded, at: p)
            if end > furthest { furthest = end }
            let bytes = UnsafeBufferPointer(start: (base + content).assumingMemoryBound(to: UInt8.self), count: length)
            if node.kind == .bytes { return (.bytes(Array(bytes)), end) }
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw ABIDecodingError(.invalidUTF8, offset: content)
            }
            return (.string(s), end)
        case .array:
            let length = try readLength(at: p)
            let start = p + 32
            let element = nodes[node.child]
            let elementHead = element.dynamic ? 32 : element.headSize
            guard elementHead > 0, length <= (count - start) / elementHead else {
                throw ABIDecodingError(.lengthOutOfBounds, offset: p)
            }
            try spend(32, at: p)
            let (values, end) = try decodeElements(node.child, count: length, at: start)
            return (.array(values), end)
        case .fixedArray:
            let (values, end) = try decodeElements(node.child, count: node.param, at: p)
            return (.array(values), end)
        case .tuple:
            let (values, end) = try decodeTuple(n, at: p)
            return (.tuple(values), end)
        default:
            return (try decodeStatic(n, at: p), p + 32)
        }
    }
}
