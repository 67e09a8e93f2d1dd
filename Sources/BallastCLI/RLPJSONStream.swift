import Ballast

/// `rlp encode` of a JSON document without holding it as a tree: two walks over the input
/// tokens (`JSONValue.scan`). The first checks the document and measures every list's payload
/// (one 32-bit length per list, in document order); the second writes the encoding into one
/// buffer of its exact size. Memory: the input, the list lengths and the output — within a small
/// multiple of the input however many items it holds (a tree of values took about 40×).
///
/// The rules and errors are those of `RLPJSON.item(from:at:)`: a `"0x…"` string is a byte string,
/// a non-negative integer below 2^256 a canonical integer, an array a list; a JSON syntax error
/// anywhere wins over the first (in document order) value that cannot be encoded.
struct RLPJSONStream {
    /// Payload lengths of the lists, in the order their `[` appears.
    private var listLengths: [UInt32] = []

    /// The RLP encoding of the JSON document `bytes`.
    static func encode(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = RLPJSONStream()
        let total = try stream.measure(bytes)
        return try stream.write(bytes, total: total)
    }

    /// The encoding of one byte string or integer value: its bytes, or the error to report.
    private static func scalar(_ token: JSONToken, path: () -> JSONPath) -> Result<[UInt8], CLIError> {
        switch token {
        case .string(let s):
            guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
                return .failure(CLIError(.badRlpJson, "a byte string must be \"0x…\" hex", at: path().description))
            }
            do { return .success(try Hex.decode(s)) } catch {
                return .failure(CLIError(.badHex, "\(error.message)", at: path().description))
            }
        case .number(let n):
            guard let value = try? UInt256(decimal: n) else {
                return .failure(CLIError(.badRlpJson, "a number must be a non-negative integer below 2^256", at: path().description))
            }
            return .success(value.minimalBigEndianBytes)
        case .objectStart:
            return .failure(CLIError(.badRlpJson, "expected a \"0x…\" string, an integer or an array, found an object", at: path().description))
        case .bool:
            return .failure(CLIError(.badRlpJson, "expected a \"0x…\" string, an integer or an array, found a boolean", at: path().description))
        default:
            return .failure(CLIError(.badRlpJson, "expected a \"0x…\" string, an integer or an array, found null", at: path().description))
        }
    }

    /// The length of the header of a string or list of `count` payload bytes.
    private static func headerLength(_ count: Int) -> Int {
        count < 56 ? 1 : 1 + (Int.bitWidth - count.leadingZeroBitCount + 7) / 8
    }

    private static func appendHeader(_ base: UInt8, _ count: Int, to out: inout [UInt8]) {
        if count < 56 {
            out.append(base + UInt8(count))
            return
        }
        let lengthBytes = (Int.bitWidth - count.leadingZeroBitCount + 7) / 8
        out.append(base + 55 + UInt8(lengthBytes))
        for i in stride(from: lengthBytes - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: count >> (8 * i))) }
    }

    private static func encodedLength(ofString bytes: [UInt8]) -> Int {
        bytes.count == 1 && bytes[0] < 0x80 ? 1 : headerLength(bytes.count) + bytes.count
    }

    /// First walk: checks everything and fills `listLengths`; returns the total encoded length.
    private mutating func measure(_ bytes: [UInt8]) throws -> Int {
        // Open lists: the index of their entry in `listLengths`, their payload so far, and how
        // many items they hold (for error paths).
        var open: [(list: Int, payload: Int, items: Int)] = []
        var total = 0
        var firstError: CLIError?
        var skipDepth = 0  // > 0 inside an object already reported
        func path() -> JSONPath {
            var components: [JSONPath.Component] = []
            for frame in open { components.append(.index(frame.items)) }
            return JSONPath(components)
        }
        func add(_ length: Int) {
            if let last = open.indices.last {
                open[last].payload += length
                open[last].items += 1
            } else {
                total = length
            }
        }
        try JSONValue.scan(bytes: bytes) { token, _ in
            if skipDepth > 0 {
                switch token {
                case .objectStart, .arrayStart: skipDepth += 1
                case .objectEnd, .arrayEnd: skipDepth -= 1
                default: break
                }
                if skipDepth == 0 { add(0) }
                return
            }
            switch token {
            case .arrayStart:
                open.append((listLengths.count, 0, 0))
                listLengths.append(0)
            case .arrayEnd:
                let frame = open.removeLast()
                guard frame.payload <= Int(UInt32.max) else {
                    throw CLIError(.inputTooLarge, "a list's encoding exceeds 4 GiB", at: path().description)
                }
                listLengths[frame.list] = UInt32(frame.payload)
                add(Self.headerLength(frame.payload) + frame.payload)
            default:
                if token == .objectStart { skipDepth = 1 }
                switch Self.scalar(token, path: path) {
                case .success(let value):
                    add(Self.encodedLength(ofString: value))
                case .failure(let error):
                    if firstError == nil { firstError = error }
                    if token != .objectStart { add(0) }
                }
            }
        }
        if let firstError { throw firstError }
        return total
    }

    /// Second walk over a checked document: writes the encoding.
    private func write(_ bytes: [UInt8], total: Int) throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(total)
        var nextList = 0
        try JSONValue.scan(bytes: bytes) { token, _ in
            switch token {
            case .arrayStart:
                Self.appendHeader(0xC0, Int(listLengths[nextList]), to: &out)
                nextList += 1
            case .arrayEnd:
                break
            default:
                let value = try Self.scalar(token, path: { JSONPath.root }).get()
                if value.count == 1 && value[0] < 0x80 {
                    out.append(value[0])
                } else {
                    Self.appendHeader(0x80, value.count, to: &out)
                    out.append(contentsOf: value)
                }
            }
        }
        return out
    }
}
