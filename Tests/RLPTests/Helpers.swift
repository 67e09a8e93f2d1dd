import RLP
import TestSupport
import Testing

/// Hex to bytes for test literals (traps on a malformed literal, which is a bug in the test).
func hex(_ s: String) -> [UInt8] {
    guard let b = TestHex.decode(s) else { fatalError("bad hex literal in test: \(s)") }
    return b
}

/// A decimal string to minimal big-endian bytes (empty for zero); independent of the code under test.
func decimalToBigEndian(_ s: String) -> [UInt8]? {
    var out: [UInt8] = []  // big-endian, minimal
    for c in s.utf8 {
        guard c >= 0x30 && c <= 0x39 else { return nil }
        var carry = Int(c - 0x30)
        for i in stride(from: out.count - 1, through: 0, by: -1) {
            let v = Int(out[i]) * 10 + carry
            out[i] = UInt8(v & 0xFF)
            carry = v >> 8
        }
        while carry > 0 {
            out.insert(UInt8(carry & 0xFF), at: 0)
            carry >>= 8
        }
    }
    while out.first == 0 { out.removeFirst() }
    return out
}

/// A structure from the vector files: a "0x.." byte string or an array of structures.
indirect enum JSONItem: Decodable {
    case bytes(String)
    case list([JSONItem])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            self = .bytes(s)
        } else {
            self = .list(try c.decode([JSONItem].self))
        }
    }

    var rlpItem: RLPItem {
        switch self {
        case .bytes(let s): .bytes(hex(s))
        case .list(let items): .list(items.map(\.rlpItem))
        }
    }
}


/// Minimal big-endian bytes (at most 32) to four 64-bit limbs, least significant first.
func limbs(_ bigEndian: [UInt8]) -> (UInt64, UInt64, UInt64, UInt64) {
    precondition(bigEndian.count <= 32)
    var w: [UInt64] = [0, 0, 0, 0]
    for (i, b) in bigEndian.reversed().enumerated() { w[i / 8] |= UInt64(b) << UInt64(8 * (i % 8)) }
    return (w[0], w[1], w[2], w[3])
}

/// A list header built from the spec (for constructing test inputs; independent of RLPWriter).
func listHeader(_ payloadLength: Int) -> [UInt8] {
    if payloadLength < 56 { return [0xC0 + UInt8(payloadLength)] }
    var len: [UInt8] = []
    var n = payloadLength
    while n > 0 { len.insert(UInt8(n & 0xFF), at: 0); n >>= 8 }
    return [0xF7 + UInt8(len.count)] + len
}

/// Walks one item with the view reader, building the tree (cross-checks the reader against
/// the tree decoder).
func walk(_ reader: inout RLPReader) throws(RLPError) -> RLPItem {
    guard let head = try reader.peek() else { throw RLPError(.missingItem, offset: reader.position) }
    switch head.kind {
    case .bytes:
        return .bytes(Array(try reader.nextBytes()))
    case .list:
        var inner = try reader.nextList()
        var items: [RLPItem] = []
        while !inner.isAtEnd { items.append(try walk(&inner)) }
        try inner.expectEnd()
        return .list(items)
    }
}

/// Decodes exactly one item with the reader.
func walkTop(_ bytes: [UInt8], maxDepth: Int = RLP.defaultMaxDepth) throws(RLPError) -> RLPItem {
    var reader = RLPReader(bytes, maxDepth: maxDepth)
    let item = try walk(&reader)
    try reader.expectEnd()
    return item
}

/// Result of a throwing call, for comparing outcomes. (Closures infer `any Error` as their
/// thrown type, so the error is cast back; any other error type is a test failure.)
func outcome<T>(_ body: () throws -> T) -> Result<T, RLPError> {
    do {
        return .success(try body())
    } catch let e as RLPError {
        return .failure(e)
    } catch {
        Issue.record("unexpected error type: \(error)")
        return .failure(RLPError(.emptyInput, offset: -1))
    }
}

/// The RLPError thrown by `body`, or nil when it succeeds.
func errorOf<T>(_ body: () throws -> T) -> RLPError? {
    if case .failure(let e) = outcome(body) { return e }
    return nil
}
