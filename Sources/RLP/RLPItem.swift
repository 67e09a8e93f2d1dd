/// An RLP value as a tree: a byte string or a list of values. Convenient, not the fast path
/// (see `RLPWriter` / `RLPReader` for hot code).
public enum RLPItem: Hashable, Sendable {
    case bytes([UInt8])
    case list([RLPItem])

    /// A canonical unsigned integer (minimal big-endian bytes; zero is the empty string).
    @inlinable
    public static func integer(_ value: UInt64) -> RLPItem {
        let n = RLP.byteCount(value)
        var out = [UInt8]()
        out.reserveCapacity(n)
        var shift = (n &- 1) &* 8
        for _ in 0..<n {
            out.append(UInt8(truncatingIfNeeded: value &>> UInt64(shift)))
            shift &-= 8
        }
        return .bytes(out)
    }

    /// A canonical unsigned integer from big-endian bytes (leading zeros stripped).
    @inlinable
    public static func integer<C: Collection>(bigEndian bytes: C) -> RLPItem where C.Element == UInt8 {
        .bytes(Array(bytes.drop(while: { $0 == 0 })))
    }

    /// The UTF-8 bytes of `text` as a byte string.
    @inlinable
    public static func string(_ text: String) -> RLPItem {
        .bytes(Array(text.utf8))
    }

    /// The bytes of a byte string, nil for a list.
    @inlinable
    public var bytesValue: [UInt8]? {
        if case .bytes(let b) = self { return b }
        return nil
    }

    /// The items of a list, nil for a byte string.
    @inlinable
    public var listValue: [RLPItem]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// Length of the payload (a list's items' encodings, or a string's bytes).
    public var payloadLength: Int {
        switch self {
        case .bytes(let b): return b.count
        case .list(let items):
            var total = 0
            for item in items { total &+= item.encodedLength }
            return total
        }
    }

    /// Exact length of `encoded()`.
    public var encodedLength: Int {
        switch self {
        case .bytes(let b): return RLP.lengthOfBytes(b)
        case .list: return RLP.lengthOfList(payloadLength: payloadLength)
        }
    }

    /// The canonical encoding, allocated once.
    public func encoded() -> [UInt8] {
        RLP.build(length: encodedLength) { encodeRLP(into: &$0) }
    }

    /// Strictly decodes exactly one item (no trailing bytes). `maxDepth` limits list nesting
    /// (the top-level list is depth 1) and is clamped to 0...`RLP.maxDepthLimit`.
    /// Allocation is proportional to the input: the decoded strings and lists only.
    public init(decoding bytes: ArraySlice<UInt8>, maxDepth: Int = RLP.defaultMaxDepth) throws(RLPError) {
        let maxDepth = min(max(maxDepth, 0), RLP.maxDepthLimit)
        guard !bytes.isEmpty else { throw RLPError(.emptyInput, offset: bytes.startIndex) }
        // Open lists, innermost last: items read so far and where the list ends. Iterative so
        // the call stack does not grow with nesting.
        var open: [(items: [RLPItem], end: Int)] = []
        var p = bytes.startIndex
        while true {
            let done: RLPItem
            if let innermost = open.last, p == innermost.end {
                done = .list(open.removeLast().items)
            } else {
                let e = try RLP._element(in: bytes, at: p, limit: open.last?.end ?? bytes.endIndex)
                if e.kind == .list {
                    guard open.count < maxDepth else { throw RLPError(.depthLimitExceeded, offset: e.offset) }
                    open.append((items: [], end: e.end))
                    p = e.payloadStart
                    continue
                }
                done = .bytes(Array(bytes[e.payload]))
                p = e.end
            }
            if open.isEmpty {
                guard p == bytes.endIndex else { throw RLPError(.trailingBytes, offset: p) }
                self = done
                return
            }
            open[open.count &- 1].items.append(done)
        }
    }

    /// Strictly decodes exactly one item (no trailing bytes).
    public init(decoding bytes: [UInt8], maxDepth: Int = RLP.defaultMaxDepth) throws(RLPError) {
        try self.init(decoding: bytes[...], maxDepth: maxDepth)
    }
}

extension RLPItem: RLPEncodable {
    public var rlpEncodedLength: Int { encodedLength }

    public func encodeRLP(into writer: inout RLPWriter) {
        switch self {
        case .bytes(let b):
            writer.appendBytes(b)
        case .list(let items):
            writer.beginList(payloadLength: payloadLength)
            for item in items { item.encodeRLP(into: &writer) }
        }
    }
}

extension RLPItem: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: RLPItem...) {
        self = .list(elements)
    }
}
