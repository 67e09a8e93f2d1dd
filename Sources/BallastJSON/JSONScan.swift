/// One token of a JSON document, as `JSONValue.scan` hands them out in document order.
public enum JSONToken: Sendable, Equatable {
    case arrayStart, arrayEnd, objectStart, objectEnd
    /// An object member's key (its value's tokens follow).
    case key(String)
    case string(String)
    /// The number exactly as written.
    case number(String)
    case bool(Bool)
    case null
}

extension JSONValue {
    /// Walks one JSON document without building it, calling `visit` with each token and the
    /// byte offset where it starts. The syntax rules are those of `parse` (RFC 8259, duplicate
    /// keys refused, nesting at most `maxDepth`, nothing after the document): a syntax error is
    /// thrown as `JSONSyntaxError` when the walk reaches it, after the tokens before it were
    /// visited. Memory stays at the size of the largest token and of one object's keys, however
    /// large the document: for inputs too large to hold as a tree. Errors of `visit` end the walk.
    public static func scan(bytes: [UInt8], _ visit: (JSONToken, Int) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            parser.skipWhitespace()
            try parser.scanValue(depth: 0, visit)
            parser.skipWhitespace()
            guard parser.index == buffer.count else {
                throw JSONSyntaxError(message: "unexpected content after the document", offset: parser.index)
            }
        }
    }
}

extension JSONParser {
    mutating func scanValue(depth: Int, _ visit: (JSONToken, Int) throws -> Void) throws {
        guard depth <= JSONValue.maxDepth else {
            throw JSONSyntaxError(message: "nesting deeper than \(JSONValue.maxDepth)", offset: index)
        }
        guard index < bytes.count else { throw JSONSyntaxError(message: "unexpected end of input", offset: index) }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"): try scanObject(depth: depth, visit)
        case UInt8(ascii: "["): try scanArray(depth: depth, visit)
        case UInt8(ascii: "\""): try visit(.string(try parseString()), start)
        case UInt8(ascii: "t"): try expectLiteral("true"); try visit(.bool(true), start)
        case UInt8(ascii: "f"): try expectLiteral("false"); try visit(.bool(false), start)
        case UInt8(ascii: "n"): try expectLiteral("null"); try visit(.null, start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try visit(.number(try parseNumber()), start)
        default:
            throw JSONSyntaxError(message: "unexpected character '\(Self.printable(bytes[index]))'", offset: index)
        }
    }

    mutating func scanArray(depth: Int, _ visit: (JSONToken, Int) throws -> Void) throws {
        try visit(.arrayStart, index)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            try visit(.arrayEnd, index)
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try scanValue(depth: depth + 1, visit)
            skipWhitespace()
            guard index < bytes.count else { throw JSONSyntaxError(message: "unexpected end of input in an array", offset: index) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") {
                try visit(.arrayEnd, index)
                index += 1
                return
            }
            throw JSONSyntaxError(message: "expected ',' or ']'", offset: index)
        }
    }

    mutating func scanObject(depth: Int, _ visit: (JSONToken, Int) throws -> Void) throws {
        try visit(.objectStart, index)
        index += 1
        var keys = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            try visit(.objectEnd, index)
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw JSONSyntaxError(message: "expected a string key", offset: index)
            }
            let keyOffset = index
            let key = try parseString()
            guard keys.insert(key).inserted else {
                throw JSONSyntaxError(message: "duplicate key \"\(key)\"", offset: keyOffset)
            }
            try visit(.key(key), keyOffset)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw JSONSyntaxError(message: "expected ':'", offset: index)
            }
            index += 1
            skipWhitespace()
            try scanValue(depth: depth + 1, visit)
            skipWhitespace()
            guard index < bytes.count else { throw JSONSyntaxError(message: "unexpected end of input in an object", offset: index) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") {
                try visit(.objectEnd, index)
                index += 1
                return
            }
            throw JSONSyntaxError(message: "expected ',' or '}'", offset: index)
        }
    }
}
