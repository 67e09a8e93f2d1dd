/// A JSON document as parsed by `JSONValue.parse`: numbers keep their exact literal text
/// (a 256-bit integer never passes through a Double) and objects keep their key order.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number exactly as written (e.g. `"115792089237316195423570985008687907853269984665640564039457584007913129639935"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .number(let n): hasher.combine(2); hasher.combine(n)
        case .string(let s): hasher.combine(3); hasher.combine(s)
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .object(let o):
            hasher.combine(5)
            for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }

    /// The value of `key` in an object (the first, if repeated), or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// A short name of the value's kind for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON syntax error with the byte offset where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// Byte offset into the input.
    public let offset: Int
    public var code: String { "bad_json" }
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Nesting limit: deeper documents are refused rather than recursing without bound.
    public static let maxDepth = 512

    /// Parses one JSON document (RFC 8259). Duplicate keys are refused; trailing content is refused.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        // The string's own UTF-8 storage, not a copy of it (a document may be megabytes).
        var text = text
        let result = text.withUTF8 { buffer in Result { () throws(JSONSyntaxError) in try parse(utf8: buffer) } }
        return try result.get()
    }

    /// Parses one JSON document from UTF-8 bytes.
    public static func parse(bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(utf8: buffer) }
    }

    /// Parses one JSON document from a slice of UTF-8 bytes (no copy); offsets in errors count
    /// from the slice's start.
    public static func parse(bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(utf8: buffer) }
    }

    /// Parses a document as `parse(bytes:)` does — the same checks, the same errors at the same
    /// offsets — but when its root is an object with a member `key` whose value is an array, the
    /// items of that array are checked without being built: the tree holds an empty array
    /// there, and `deferred` the byte range of each item in `bytes`, in order, for
    /// `parse(bytes:)` of one item at a time (each parses without error). `deferred` is nil when
    /// there is no such member (the tree is then complete). For documents made mostly of one
    /// long list (a plan's actions): only one item need be held as a tree at a time.
    public static func parse(bytes: [UInt8], deferringItemsOf key: String) throws(JSONSyntaxError) -> (value: JSONValue, deferred: [Range<Int>]?) {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var parser = JSONParser(bytes: buffer)
            parser.deferredKey = key
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.index == buffer.count else {
                throw JSONSyntaxError(message: "unexpected content after the document", offset: parser.index)
            }
            return (value, parser.deferred)
        }
    }

    static func parse(utf8: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: utf8)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == utf8.count else {
            throw JSONSyntaxError(message: "unexpected content after the document", offset: parser.index)
        }
        return value
    }
}

struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// `parse(bytes:deferringItemsOf:)`: the root member whose array items are only checked,
    /// and the ranges of those items once found.
    var deferredKey: String?
    var deferred: [Range<Int>]?

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset ?? index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= JSONValue.maxDepth else { throw fail("nesting deeper than \(JSONValue.maxDepth)") }
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected character '\(Self.printable(bytes[index]))'")
        }
    }

    static func printable(_ b: UInt8) -> String {
        (0x20..<0x7f).contains(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail("invalid literal", at: start) }
        let lit = literal.utf8Start
        for i in 0..<count where bytes[index + i] != lit[i] {
            throw fail("invalid literal", at: start)
        }
        index += count
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        // Duplicate keys: a linear scan for small objects, a set from 16 members on.
        var seen: Set<String>?
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyOffset = index
            let key = try parseString()
            if members.count < 16 {
                for m in members where m.key == key { throw fail("duplicate key \"\(key)\"", at: keyOffset) }
            } else {
                if seen == nil { seen = Set(members.map(\.key)) }
                guard seen!.insert(key).inserted else { throw fail("duplicate key \"\(key)\"", at: keyOffset) }
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            let value: JSONValue
            if depth == 0, deferred == nil, let deferredKey, key == deferredKey,
               index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                value = .array([])
                deferred = try checkArrayItems(depth: depth + 1)
            } else {
                value = try parseValue(depth: depth + 1)
            }
            members.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        var sized = false
        while true {
            skipWhitespace()
            if !sized, items.count >= Self.sizedArrayThreshold, items.count == items.capacity {
                // A long array: count what is left once, so that it is not grown by doubling
                // (growing copies the items into a buffer twice as large while the old one lives).
                sized = true
                // At most one item per two bytes left: a run of commas cannot reserve more.
                items.reserveCapacity(items.count + min(remainingItems(from: index), (bytes.count - index + 1) / 2))
            }
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    /// Items an array holds before `parseArray` counts the rest of it (``remainingItems(from:)``).
    static let sizedArrayThreshold = 1024

    /// How many items an array has from `start` (just before an item) to its closing bracket:
    /// its commas outside strings and nested values, plus one. Only a capacity hint: it never
    /// throws, and malformed input (which the parse then refuses) gives some count.
    func remainingItems(from start: Int) -> Int {
        var i = start
        var depth = 0
        var commas = 0
        let n = bytes.count
        while i < n {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < n, bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return commas + 1 }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { commas += 1 }
            default:
                break
            }
            i += 1
        }
        return commas + 1
    }

    /// Checks an array at `index` as `parseArray` would parse it (the same errors) without
    /// building its items; returns the byte range of each item.
    mutating func checkArrayItems(depth: Int) throws(JSONSyntaxError) -> [Range<Int>] {
        guard depth <= JSONValue.maxDepth else { throw fail("nesting deeper than \(JSONValue.maxDepth)") }
        index += 1
        var ranges: [Range<Int>] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return ranges }
        while true {
            skipWhitespace()
            let start = index
            do {
                try scanValue(depth: depth + 1) { _, _ in }
            } catch let error as JSONSyntaxError {
                throw error
            } catch {
                throw fail("\(error)")  // not reached: the visitor throws nothing
            }
            ranges.append(start..<index)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return ranges }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw fail("leading zero in a number", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid fraction", at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid exponent", at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        var runStart = index
        // Fast path, the usual case: no escape up to the closing quote. The string is made
        // straight from the input bytes (ASCII needs no validation; short ones need no allocation).
        var ascii = true
        while index < bytes.count {
            index = skipPlainWords(from: index, allowNonASCII: !ascii)
            guard index < bytes.count else { break }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                if ascii { return String(decoding: run, as: UTF8.self) }
                guard let s = String(validating: run, as: UTF8.self) else {
                    throw fail("invalid UTF-8 in a string", at: start)
                }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in a string") }
            if b >= 0x80 { ascii = false }
            index += 1
        }
        var out = [UInt8]()
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        runStart = index
        while true {
            guard index < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                break
            }
            if b < 0x20 { throw fail("control character in a string") }
            if b == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try parseEscape(into: &out)
                runStart = index
                continue
            }
            index += 1
        }
        // Validate UTF-8 strictly: malformed input is an error, not a replacement character.
        guard let s = String(validating: out, as: UTF8.self) else {
            throw fail("invalid UTF-8 in a string", at: start)
        }
        return s
    }

    /// The first index at or after `start` from which no whole 8-byte word of plain string
    /// bytes follows: it skips words with no quote, backslash or control character (and, unless
    /// `allowNonASCII`, no byte ≥ 0x80), so long strings (hex data) are scanned a word at a time.
    @inline(__always)
    func skipPlainWords(from start: Int, allowNonASCII: Bool) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let highMask = allowNonASCII ? 0 : highs
        var i = start
        while i &+ 8 <= bytes.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            // A zero byte in v: (v − 0x01…) & ~v & 0x80…; a byte below 0x20 in w likewise.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)
            if (special & highs) | (w & highMask) != 0 { break }
            i &+= 8
        }
        return i
    }

    mutating func parseEscape(into out: inout [UInt8]) throws(JSONSyntaxError) {
        let escStart = index
        index += 1
        guard index < bytes.count else { throw fail("unterminated escape", at: escStart) }
        let c = bytes[index]
        index += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(at: escStart)
            if (0xD800...0xDBFF).contains(scalar) {
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate", at: escStart)
                }
                index += 2
                let low = try parseHex4(at: escStart)
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate", at: escStart) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw fail("unpaired surrogate", at: escStart)
            }
            guard let u = UnicodeScalar(scalar) else { throw fail("invalid escape", at: escStart) }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        default:
            throw fail("invalid escape", at: escStart)
        }
    }

    mutating func parseHex4(at escStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw fail("invalid \\u escape", at: escStart) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            default: throw fail("invalid \\u escape", at: escStart)
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }
}

// MARK: - Serialization

extension JSONValue {
    /// Compact JSON (no whitespace), with keys in their stored order.
    public var compact: String {
        var out = ""
        write(to: &out, pretty: false, indent: 0)
        return out
    }

    /// Indented JSON (two spaces), with keys in their stored order.
    public var pretty: String {
        var out = ""
        write(to: &out, pretty: true, indent: 0)
        return out
    }

    func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(member.key, to: &out)
                out += pretty ? ": " : ":"
                member.value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Writes `s` quoted, escaping `"`, `\\` and control characters. Runs without an escape are
    /// appended whole (escapes are ASCII, so cutting at them never splits a UTF-8 sequence).
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        let utf8 = s.utf8
        var runStart = utf8.startIndex
        var i = runStart
        while i != utf8.endIndex {
            let b = utf8[i]
            guard b == 0x22 || b == 0x5C || b < 0x20 else {
                i = utf8.index(after: i)
                continue
            }
            out += s[runStart..<i]
            switch b {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            default:
                let hex = String(b, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            i = utf8.index(after: i)
            runStart = i
        }
        out += s[runStart..<utf8.endIndex]
        out += "\""
    }
}

/// A path into a JSON document for error messages: `actions[2].steps[1].amountIn`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public private(set) var components: [Component]

    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public init(_ components: [Component] = []) { self.components = components }

    public static let root = JSONPath()

    public func appending(_ key: String) -> JSONPath { appending(component: .key(key)) }
    public func appending(_ index: Int) -> JSONPath { appending(component: .index(index)) }

    /// One allocation: the new component list, sized exactly.
    private func appending(component: Component) -> JSONPath {
        var c = [Component]()
        c.reserveCapacity(components.count + 1)
        c.append(contentsOf: components)
        c.append(component)
        return JSONPath(c)
    }
    public static func + (lhs: JSONPath, key: String) -> JSONPath { lhs.appending(key) }
    public static func + (lhs: JSONPath, index: Int) -> JSONPath { lhs.appending(index) }

    public var description: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k):
                if !out.isEmpty { out += "." }
                out += k
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out.isEmpty ? "$" : out
    }
}
