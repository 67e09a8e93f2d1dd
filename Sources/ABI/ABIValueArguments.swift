import EthereumPrimitives

/// A command-line argument that cannot be read as a value of its type. `offset` is a character
/// offset into the argument text; `argument` is the argument's index when a list was parsed.
public struct ABIArgumentError: BallastError, Equatable {
    public enum Kind: Equatable, Sendable {
        /// The text ends where more was expected (`[1,2`).
        case unexpectedEnd(expected: String)
        /// A character that does not fit the syntax here.
        case unexpectedCharacter(Character, expected: String)
        /// A `"` string without its closing quote.
        case unterminatedString
        /// A backslash escape other than `\" \\ \/ \n \r \t \uXXXX` inside a quoted string.
        case invalidEscape
        /// A number that does not parse (or a negative one for `uintN`).
        case invalidNumber(NumberError)
        /// An integer outside the range of its type.
        case outOfRange(ABIType)
        /// Neither `true` nor `false`.
        case invalidBool(String)
        /// An address that does not parse.
        case invalidAddress(AddressError)
        /// Hex bytes that do not parse or lack their `0x`.
        case invalidHex(HexError)
        /// `bytesN` given a number of bytes other than N.
        case byteCount(expected: Int, actual: Int)
        /// `T[k]` given a number of elements other than k.
        case arrayLength(expected: Int, actual: Int)
        /// A tuple given a number of components other than its own.
        case tupleArity(expected: Int, actual: Int)
        /// Characters after a complete array or tuple.
        case trailingCharacters
        /// A number of arguments other than the number of types.
        case argumentCount(expected: Int, actual: Int)
    }

    public var kind: Kind
    /// Character offset into the argument.
    public var offset: Int
    /// Which argument of a list (0-based), when a list was parsed.
    public var argument: Int?

    public init(_ kind: Kind, offset: Int, argument: Int? = nil) {
        self.kind = kind
        self.offset = offset
        self.argument = argument
    }

    public var code: String {
        switch kind {
        case .unexpectedEnd: "abi_arg_unexpected_end"
        case .unexpectedCharacter: "abi_arg_unexpected_character"
        case .unterminatedString: "abi_arg_unterminated_string"
        case .invalidEscape: "abi_arg_invalid_escape"
        case .invalidNumber: "abi_arg_invalid_number"
        case .outOfRange: "abi_arg_out_of_range"
        case .invalidBool: "abi_arg_invalid_bool"
        case .invalidAddress: "abi_arg_invalid_address"
        case .invalidHex: "abi_arg_invalid_hex"
        case .byteCount: "abi_arg_byte_count"
        case .arrayLength: "abi_arg_array_length"
        case .tupleArity: "abi_arg_tuple_arity"
        case .trailingCharacters: "abi_arg_trailing_characters"
        case .argumentCount: "abi_arg_argument_count"
        }
    }

    public var message: String {
        switch kind {
        case .unexpectedEnd(let expected): "unexpected end of the argument, expected \(expected)"
        case .unexpectedCharacter(let c, let expected): "unexpected \(String(reflecting: c)), expected \(expected)"
        case .unterminatedString: "quoted string without its closing quote"
        case .invalidEscape: "invalid escape in a quoted string"
        case .invalidNumber(let e): e.message
        case .outOfRange(let t): "integer out of range for \(t.canonical)"
        case .invalidBool(let text): "expected true or false, got \(String(reflecting: text))"
        case .invalidAddress(let e): e.message
        case .invalidHex(let e): e.message
        case .byteCount(let n, let actual): "bytes\(n) needs exactly \(n) bytes, got \(actual)"
        case .arrayLength(let k, let actual): "expected \(k) array elements, got \(actual)"
        case .tupleArity(let n, let actual): "expected \(n) tuple components, got \(actual)"
        case .trailingCharacters: "unexpected characters after the value"
        case .argumentCount(let n, let actual): "expected \(n) arguments, got \(actual)"
        }
    }

    public var location: String? {
        if let argument { return "argument \(argument + 1), offset \(offset)" }
        return "offset \(offset)"
    }
}

/// Reads command-line arguments in cast's syntax.
///
/// - numbers: decimal or `0x` hex; `intN` also `-123` and `-0x7b`;
/// - `bool`: `true` / `false`; `address`: 40 hex digits (EIP-55 checked when mixed case);
/// - `bytes`: `0x…` (`0x` alone is empty); `bytesN`: `0x` + exactly N bytes;
/// - `string`: the text as it is at top level; inside arrays and tuples either `"quoted"`
///   (escapes `\" \\ \/ \n \r \t \uXXXX`) or bare (up to the next `,` `]` `)`, trimmed);
/// - `T[]`, `T[k]`: `[a, b, …]`; tuples: `(a, b, …)`, nesting freely; spaces are allowed around
///   elements. Quoting is allowed for any element.
public enum ABIArgumentParser {
    /// Parses one argument as a value of `type`.
    public static func parse(_ text: String, as type: ABIType) throws(ABIArgumentError) -> ABIValue {
        if case .string = type { return .string(text) }
        let bytes = Array(text.utf8)
        var parser = Parser(text: bytes)
        do throws(ParseFailure) {
            switch type {
            case .array, .fixedArray, .tuple:
                parser.skipSpaces()
                let value = try parser.value(type)
                parser.skipSpaces()
                guard parser.i == bytes.count else { throw ParseFailure(.trailingCharacters, at: parser.i) }
                return value
            default:
                // A bare top-level token: surrounding spaces are ignored.
                var start = 0
                var end = bytes.count
                while start < end, Parser.isSpace(bytes[start]) { start += 1 }
                while end > start, Parser.isSpace(bytes[end - 1]) { end -= 1 }
                let token = String(decoding: bytes[start..<end], as: UTF8.self)
                return try Parser.atomic(token, type, at: start)
            }
        } catch {
            throw ABIArgumentError(error.kind, offset: characterOffset(bytes, error.byteOffset, plus: error.innerCharacters))
        }
    }

    /// Parses a list of arguments, one per type.
    public static func parse(_ arguments: [String], as types: [ABIType]) throws(ABIArgumentError) -> [ABIValue] {
        guard arguments.count == types.count else {
            throw ABIArgumentError(.argumentCount(expected: types.count, actual: arguments.count), offset: 0)
        }
        var out = [ABIValue]()
        out.reserveCapacity(types.count)
        for i in types.indices {
            do {
                out.append(try parse(arguments[i], as: types[i]))
            } catch {
                var e = error
                e.argument = i
                throw e
            }
        }
        return out
    }

    /// The character offset of UTF-8 offset `byteOffset`, plus `plus` characters.
    static func characterOffset(_ bytes: [UInt8], _ byteOffset: Int, plus: Int) -> Int {
        let clamped = min(max(byteOffset, 0), bytes.count)
        return String(decoding: bytes[0..<clamped], as: UTF8.self).count + plus
    }

    struct ParseFailure: Error {
        var kind: ABIArgumentError.Kind
        /// UTF-8 offset of the token or character at fault.
        var byteOffset: Int
        /// Characters past `byteOffset` (an offset reported inside a token).
        var innerCharacters = 0

        init(_ kind: ABIArgumentError.Kind, at byteOffset: Int, inner: Int = 0) {
            self.kind = kind
            self.byteOffset = byteOffset
            self.innerCharacters = inner
        }
    }

    struct Parser {
        let text: [UInt8]
        var i = 0

        init(text: [UInt8]) { self.text = text }

        static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

        mutating func skipSpaces() {
            while i < text.count, Parser.isSpace(text[i]) { i += 1 }
        }

        func character(at k: Int) -> Character {
            guard k < text.count else { return " " }
            return String(decoding: text[k..<min(k + 4, text.count)], as: UTF8.self).first ?? "?"
        }

        mutating func expect(_ c: UInt8, _ what: String) throws(ParseFailure) {
            guard i < text.count else { throw ParseFailure(.unexpectedEnd(expected: what), at: i) }
            guard text[i] == c else { throw ParseFailure(.unexpectedCharacter(character(at: i), expected: what), at: i) }
            i += 1
        }

        /// A value of `type` at the current position (inside a structure).
        mutating func value(_ type: ABIType) throws(ParseFailure) -> ABIValue {
            skipSpaces()
            switch type {
            case .array(let element):
                return .array(try list(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: nil, types: { _ in element }))
            case .fixedArray(let element, let k):
                let start = i
                let items = try list(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: nil, types: { _ in element })
                guard items.count == k else { throw ParseFailure(.arrayLength(expected: k, actual: items.count), at: start) }
                return .array(items)
            case .tuple(let components):
                let start = i
                let items = try list(open: UInt8(ascii: "("), close: UInt8(ascii: ")"), count: components.count,
                                     types: { components[$0] })
                guard items.count == components.count else {
                    throw ParseFailure(.tupleArity(expected: components.count, actual: items.count), at: start)
                }
                return .tuple(items)
            default:
                // Offsets inside a quoted token count from the character after the quote.
                let start = i < text.count && text[i] == UInt8(ascii: "\"") ? i + 1 : i
                let token = try atomToken()
                return try Parser.atomic(token, type, at: start)
            }
        }

        /// `open` elements separated by commas `close`. With `count`, stops reading types past it
        /// (the arity error is reported by the caller).
        mutating func list(open: UInt8, close: UInt8, count: Int?, types: (Int) -> ABIType) throws(ParseFailure) -> [ABIValue] {
            let closeName = "'\(Character(UnicodeScalar(close)))'"
            try expect(open, "'\(Character(UnicodeScalar(open)))'")
            var items = [ABIValue]()
            skipSpaces()
            if i < text.count, text[i] == close {
                i += 1
                return items
            }
            while true {
                if let count, items.count >= count {
                    throw ParseFailure(.tupleArity(expected: count, actual: items.count + 1), at: i)
                }
                items.append(try value(types(items.count)))
                skipSpaces()
                guard i < text.count else { throw ParseFailure(.unexpectedEnd(expected: "',' or \(closeName)"), at: i) }
                if text[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if text[i] == close {
                    i += 1
                    return items
                }
                throw ParseFailure(.unexpectedCharacter(character(at: i), expected: "',' or \(closeName)"), at: i)
            }
        }

        /// A quoted string, or a bare token up to the next `,` `]` `)` (trimmed).
        mutating func atomToken() throws(ParseFailure) -> String {
            if i < text.count, text[i] == UInt8(ascii: "\"") { return try quoted() }
            let start = i
            while i < text.count {
                let b = text[i]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: ")") { break }
                if b == UInt8(ascii: "[") || b == UInt8(ascii: "(") || b == UInt8(ascii: "\"") {
                    throw ParseFailure(.unexpectedCharacter(character(at: i), expected: "a value"), at: i)
                }
                i += 1
            }
            var end = i
            while end > start, Parser.isSpace(text[end - 1]) { end -= 1 }
            guard end > start else {
                if i < text.count { throw ParseFailure(.unexpectedCharacter(character(at: i), expected: "a value"), at: i) }
                throw ParseFailure(.unexpectedEnd(expected: "a value"), at: i)
            }
            return String(decoding: text[start..<end], as: UTF8.self)
        }

        mutating func quoted() throws(ParseFailure) -> String {
            let open = i
            i += 1
            var out = [UInt8]()
            while true {
                guard i < text.count else { throw ParseFailure(.unterminatedString, at: open) }
                let b = text[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b != UInt8(ascii: "\\") {
                    out.append(b)
                    i += 1
                    continue
                }
                let escape = i
                guard i + 1 < text.count else { throw ParseFailure(.invalidEscape, at: escape) }
                let c = text[i + 1]
                i += 2
                switch c {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard i + 4 <= text.count else { throw ParseFailure(.invalidEscape, at: escape) }
                    var v: UInt32 = 0
                    for k in 0..<4 {
                        let n = Parser.hexValue(text[i + k])
                        guard n < 16 else { throw ParseFailure(.invalidEscape, at: escape) }
                        v = v << 4 | UInt32(n)
                    }
                    i += 4
                    guard let scalar = UnicodeScalar(v) else { throw ParseFailure(.invalidEscape, at: escape) }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw ParseFailure(.invalidEscape, at: escape)
                }
            }
        }

        static func hexValue(_ c: UInt8) -> UInt8 {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: 0xFF
            }
        }

        /// An atomic value from its token text, which starts at UTF-8 offset `at`.
        static func atomic(_ token: String, _ type: ABIType, at: Int) throws(ParseFailure) -> ABIValue {
            switch type {
            case .uint(let bits):
                let x: UInt256
                do { x = try UInt256(parsing: token) } catch { throw numberFailure(error, type, at: at) }
                guard x.fits(bits: bits) else { throw ParseFailure(.outOfRange(type), at: at) }
                return .uint(x)
            case .int(let bits):
                let x: Int256
                do { x = try Int256(parsing: token) } catch { throw numberFailure(error, type, at: at) }
                guard x.fits(bits: bits) else { throw ParseFailure(.outOfRange(type), at: at) }
                return .int(x)
            case .bool:
                switch token {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw ParseFailure(.invalidBool(token), at: at)
                }
            case .address:
                do { return .address(try Address(hex: token)) } catch {
                    if case .invalidCharacter(_, let k) = error { throw ParseFailure(.invalidAddress(error), at: at, inner: k) }
                    if case .badChecksum(let k) = error { throw ParseFailure(.invalidAddress(error), at: at, inner: k) }
                    throw ParseFailure(.invalidAddress(error), at: at)
                }
            case .fixedBytes(let n):
                let b = try hex(token, at: at)
                guard b.count == n else { throw ParseFailure(.byteCount(expected: n, actual: b.count), at: at) }
                return .fixedBytes(b)
            case .bytes:
                return .bytes(try hex(token, at: at))
            case .string:
                return .string(token)
            case .array, .fixedArray, .tuple:
                throw ParseFailure(.unexpectedCharacter(token.first ?? " ", expected: "'[' or '('"), at: at)
            }
        }

        static func hex(_ token: String, at: Int) throws(ParseFailure) -> [UInt8] {
            do { return try Hex.decode(token, requirePrefix: true) } catch {
                if case .invalidCharacter(_, let k) = error { throw ParseFailure(.invalidHex(error), at: at, inner: k) }
                throw ParseFailure(.invalidHex(error), at: at)
            }
        }

        static func numberFailure(_ error: NumberError, _ type: ABIType, at: Int) -> ParseFailure {
            switch error {
            case .overflow: ParseFailure(.outOfRange(type), at: at)
            case .invalidCharacter(_, let k): ParseFailure(.invalidNumber(error), at: at, inner: k)
            default: ParseFailure(.invalidNumber(error), at: at)
            }
        }
    }
}
