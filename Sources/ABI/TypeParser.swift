// Parsing of ABI type strings, in canonical form (`(address,uint256)[]`) and in the
// human-readable form used in Solidity-like signatures (`tuple(address to, uint256 amount)[]`,
// `uint`, whitespace between tokens).
//
// Decisions (the Solidity ABI specification leaves these to the implementation):
// - `uint`/`int` mean `uint256`/`int256`, as in Solidity.
// - `byte` is refused: Solidity 0.8.0 removed it (it was `bytes1`), so an old text is more likely
//   a mistake than an intent. The message says to write `bytes1`.
// - `function` (bytes24) and the fixed-point types are refused: the project's codec has no
//   values for them.
// - Fixed arrays of length zero (`T[0]`) are refused, as Solidity refuses them; so are sizes with
//   leading zeros (`T[01]`) and widths with leading zeros (`uint08`), which are not canonical.
// - Empty tuples `()` are refused: Solidity has no empty structs and eth-abi refuses them too.
// - `address payable` is read as `address`.
// - Tuples and array dimensions together nest at most `ABIType.maxNestingDepth` (64) levels, so
//   that no input can drive recursion (parsing, printing, freeing) without bound.

import EthereumPrimitives

/// An error from parsing an ABI type string or a signature, with the character offset where it
/// was found.
public struct ABISyntaxError: BallastError, Equatable {
    /// The class of the problem; `rawValue` is the stable ``code``.
    public enum Kind: String, Sendable, Hashable {
        /// A token that does not fit the grammar at that point (the message says what was expected).
        case syntax = "abi_syntax"
        /// A type name that is not an ABI type (`IERC20`, `uint256x`).
        case unknownType = "abi_unknown_type"
        /// An integer width that is not a multiple of 8 in 8…256, or a `bytesN` width outside 1…32.
        case invalidWidth = "abi_invalid_width"
        /// A fixed array size that is zero, has leading zeros, or is too large.
        case invalidArraySize = "abi_invalid_array_size"
        /// A type that Solidity has but the project does not support (`byte`, `function`, `fixed…`).
        case unsupportedType = "abi_unsupported_type"
        /// A tuple without components.
        case emptyTuple = "abi_empty_tuple"
        /// A modifier or keyword that is misplaced, repeated or not allowed for this kind of entry.
        case invalidModifier = "abi_invalid_modifier"
        /// A name that is a reserved word or otherwise not usable.
        case invalidName = "abi_invalid_name"
        /// An event with more indexed parameters than topics allow.
        case tooManyIndexed = "abi_too_many_indexed"
        /// Tuples and arrays nested deeper than ``ABIType/maxNestingDepth``.
        case tooDeep = "abi_too_deep"
    }

    public let kind: Kind
    public let message: String
    /// The character offset in the parsed text.
    public let offset: Int

    public init(_ kind: Kind, _ message: String, offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var code: String { kind.rawValue }
    public var location: String? { "offset \(offset)" }
}

// MARK: - Public entry points

extension ABIType {
    /// The deepest nesting of tuples and array dimensions that the parsers accept: 64.
    public static let maxNestingDepth = 64

    /// Parses a type string: canonical (`uint256[2][]`, `(address,bytes)[]`) or human-readable
    /// (`uint`, `tuple(address to, uint256 amount)[]`, spaces between tokens). Component names
    /// are accepted and dropped; use ``ABIParameter/init(parsing:)`` to keep them.
    ///
    /// - Throws: ``ABISyntaxError`` naming the character offset and what was expected.
    public init(parsing text: String) throws(ABISyntaxError) {
        var scanner = SignatureScanner(text)
        let (type, _) = try scanner.parseType()
        try scanner.expectEnd(what: "the end of the type")
        self = type
    }

    /// Parses a type string that must already be canonical (no spaces, no names, no `tuple`
    /// keyword, widths written out); `nil` otherwise.
    public init?(canonical text: String) {
        guard let t = try? ABIType(parsing: text), t.canonical == text else { return nil }
        self = t
    }
}

extension ABIParameter {
    /// Parses one human-readable parameter: `type [data location] [indexed] [name]`, e.g.
    /// `(address to, uint256 amount)[] calldata transfers` or `address indexed from`. The
    /// component names of tuples are kept in ``components``.
    ///
    /// - Throws: ``ABISyntaxError`` naming the character offset and what was expected.
    public init(parsing text: String) throws(ABISyntaxError) {
        var scanner = SignatureScanner(text)
        self = try scanner.parseParameter(.standalone)
        try scanner.expectEnd(what: "the end of the parameter")
    }
}

// MARK: - Human-readable printing

extension ABIParameter {
    /// The parameter as written in a human-readable signature: `tuple(address to, uint256 amount)[] orders`,
    /// `address indexed from`. Component names come from ``components`` when they mirror the type.
    public var humanReadable: String {
        var out = Self.humanType(type, components: components)
        if indexed { out += " indexed" }
        if !name.isEmpty { out += " " + name }
        return out
    }

    /// The type with tuple components written out with their names.
    static func humanType(_ type: ABIType, components: [ABIParameter]) -> String {
        switch type {
        case .array(let element):
            return humanType(element, components: components) + "[]"
        case .fixedArray(let element, let count):
            return humanType(element, components: components) + "[\(count)]"
        case .tuple(let types):
            let parts: [String]
            if components.count == types.count && zip(components, types).allSatisfy({ $0.type == $1 }) {
                parts = components.map(\.humanReadable)
            } else {
                parts = types.map { humanType($0, components: []) }
            }
            return "tuple(" + parts.joined(separator: ", ") + ")"
        default:
            return type.canonical
        }
    }

    /// Whether `components` mirrors the tuple structure of `type` all the way down.
    public var componentsMatchType: Bool {
        guard let inner = type.innermostTuple else { return components.isEmpty }
        return components.count == inner.count
            && zip(components, inner).allSatisfy { $0.type == $1 && $0.componentsMatchType }
    }
}

extension ABIType {
    /// The components of the tuple at the core of this type (`(a,b)[2][]` → `[a, b]`), or nil
    /// when the core is not a tuple.
    public var innermostTuple: [ABIType]? {
        switch self {
        case .tuple(let c): return c
        case .array(let e), .fixedArray(let e, _): return e.innermostTuple
        default: return nil
        }
    }
}

// MARK: - Scanner

/// Words that cannot name a parameter or a component: they would be read as keywords or types.
let signatureReservedNames: Set<String> = [
    "memory", "calldata", "storage", "indexed", "payable", "returns", "anonymous", "tuple",
    "address", "bool", "string", "bytes", "byte", "uint", "int", "function", "fixed", "ufixed",
]

/// A hand-written scanner over the UTF-8 bytes of a type string or signature. Tokens are ASCII;
/// the first non-ASCII byte is reported as an unexpected character, so a byte offset before it
/// is also a character offset.
struct SignatureScanner {
    let bytes: [UInt8]
    var pos = 0
    /// The current nesting of tuples and array dimensions.
    var depth = 0

    init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// Where a parameter is being parsed; decides which keywords are allowed.
    enum Context {
        case functionInput, functionOutput, eventInput, errorInput, component, standalone
    }

    // MARK: Characters

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x24
    }
    @inline(__always) static func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    /// Whether `s` is a Solidity identifier (`[A-Za-z_$][A-Za-z0-9_$]*`).
    static func isIdentifier(_ s: String) -> Bool {
        var it = s.utf8.makeIterator()
        guard let first = it.next(), isIdentStart(first) else { return false }
        while let b = it.next() { if !isIdentPart(b) { return false } }
        return true
    }

    var atEnd: Bool { pos >= bytes.count }
    var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    mutating func skipSpace() {
        while pos < bytes.count, Self.isSpace(bytes[pos]) { pos += 1 }
    }

    /// The character offset of byte offset `b`.
    func charOffset(_ b: Int) -> Int {
        let end = min(max(b, 0), bytes.count)
        var asciiOnly = true
        for i in 0..<end where bytes[i] >= 0x80 { asciiOnly = false; break }
        if asciiOnly { return end }
        return String(decoding: bytes[0..<end], as: UTF8.self).count
    }

    func error(_ kind: ABISyntaxError.Kind, _ message: String, at b: Int) -> ABISyntaxError {
        ABISyntaxError(kind, message, offset: charOffset(b))
    }

    /// A short description of what is at byte offset `b`, for "found …" messages.
    func describe(at b: Int) -> String {
        guard b < bytes.count else { return "the end of the text" }
        let c = bytes[b]
        if Self.isIdentPart(c) {
            var e = b
            while e < bytes.count, Self.isIdentPart(bytes[e]) { e += 1 }
            return "'" + String(decoding: bytes[b..<e], as: UTF8.self) + "'"
        }
        if c < 0x80 && c >= 0x20 { return "'" + String(UnicodeScalar(c)) + "'" }
        // Decode the (possibly multi-byte) character for the message.
        let tail = String(decoding: bytes[b..<min(b + 8, bytes.count)], as: UTF8.self)
        return String(reflecting: tail.first ?? "?")
    }

    func unexpected(expected: String, at b: Int) -> ABISyntaxError {
        error(.syntax, "expected \(expected), found \(describe(at: b))", at: b)
    }

    /// Reads an identifier at the current position (no leading space skipping).
    mutating func readIdentifier() -> String? {
        guard pos < bytes.count, Self.isIdentStart(bytes[pos]) else { return nil }
        let start = pos
        while pos < bytes.count, Self.isIdentPart(bytes[pos]) { pos += 1 }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    /// The byte range of the identifier starting at byte `p`, if one starts there.
    @inline(__always)
    func identifierRange(from p: Int) -> Range<Int>? {
        guard p < bytes.count, Self.isIdentStart(bytes[p]) else { return nil }
        var e = p + 1
        while e < bytes.count, Self.isIdentPart(bytes[e]) { e += 1 }
        return p..<e
    }

    /// Whether the bytes in `r` spell `keyword`.
    @inline(__always)
    func word(_ r: Range<Int>, is keyword: StaticString) -> Bool {
        guard r.count == keyword.utf8CodeUnitCount else { return false }
        let k = keyword.utf8Start
        var i = 0
        while i < r.count {
            if bytes[r.lowerBound + i] != k[i] { return false }
            i += 1
        }
        return true
    }

    /// The first byte at or after `p` that is not whitespace.
    @inline(__always)
    func skippingSpace(from p: Int) -> Int {
        var q = p
        while q < bytes.count, Self.isSpace(bytes[q]) { q += 1 }
        return q
    }

    /// The identifier at the current position, without consuming it.
    func peekIdentifier() -> String? {
        var copy = self
        return copy.readIdentifier()
    }

    mutating func expect(_ c: UInt8, what: String) throws(ABISyntaxError) {
        skipSpace()
        guard pos < bytes.count, bytes[pos] == c else { throw unexpected(expected: what, at: pos) }
        pos += 1
    }

    mutating func expectEnd(what: String) throws(ABISyntaxError) {
        skipSpace()
        guard atEnd else { throw unexpected(expected: what, at: pos) }
    }

    // MARK: Types

    /// Parses a type with its array suffixes; returns the type and, for a tuple core, the named
    /// components.
    mutating func parseType() throws(ABISyntaxError) -> (ABIType, [ABIParameter]) {
        skipSpace()
        var type: ABIType
        var components: [ABIParameter] = []
        if peek == UInt8(ascii: "(") {
            (type, components) = try parseTupleBody()
        } else if let r = identifierRange(from: pos) {
            pos = r.upperBound
            if word(r, is: "tuple") {
                skipSpace()
                guard peek == UInt8(ascii: "(") else {
                    throw unexpected(expected: "'(' after 'tuple'", at: pos)
                }
                (type, components) = try parseTupleBody()
            } else {
                type = try elementaryType(range: r)
                if type == .address {
                    // `address payable` is an address.
                    let q = skippingSpace(from: pos)
                    if let p = identifierRange(from: q), word(p, is: "payable") { pos = p.upperBound }
                }
            }
        } else {
            throw unexpected(expected: "a type", at: pos)
        }
        type = try parseArraySuffixes(type, allowSpace: true)
        return (type, components)
    }

    /// Parses any `[k]` / `[]` suffixes after `base`. With `allowSpace` false (JSON ABI type
    /// strings) no whitespace is skipped.
    mutating func parseArraySuffixes(_ base: ABIType, allowSpace: Bool) throws(ABISyntaxError) -> ABIType {
        var type = base
        var dimensions = 0
        while true {
            var look = self
            if allowSpace { look.skipSpace() }
            guard look.peek == UInt8(ascii: "[") else { return type }
            self = look
            dimensions += 1
            if depth + dimensions > ABIType.maxNestingDepth {
                throw error(.tooDeep, "tuples and arrays nest deeper than \(ABIType.maxNestingDepth) levels", at: pos)
            }
            pos += 1
            if allowSpace { skipSpace() }
            if peek == UInt8(ascii: "]") {
                pos += 1
                type = .array(type)
                continue
            }
            let numberStart = pos
            guard let p = peek, Self.isDigit(p) else {
                throw unexpected(expected: "an array size or ']'", at: pos)
            }
            while pos < bytes.count, Self.isDigit(bytes[pos]) { pos += 1 }
            let digits = bytes[numberStart..<pos]
            if digits.first == UInt8(ascii: "0") {
                if digits.count == 1 {
                    throw error(.invalidArraySize, "a fixed-size array needs at least one element (T[0] is not valid Solidity)", at: numberStart)
                }
                throw error(.invalidArraySize, "array size with leading zeros is not canonical", at: numberStart)
            }
            var count = 0
            for d in digits {
                let (m, o1) = count.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(d - 0x30))
                if o1 || o2 {
                    throw error(.invalidArraySize, "array size \(String(decoding: digits, as: UTF8.self)) is too large", at: numberStart)
                }
                count = s
            }
            if allowSpace { skipSpace() }
            guard peek == UInt8(ascii: "]") else { throw unexpected(expected: "']'", at: pos) }
            pos += 1
            type = .fixedArray(type, count: count)
        }
    }

    /// Parses `( component, … )` at the current `(`.
    mutating func parseTupleBody() throws(ABISyntaxError) -> (ABIType, [ABIParameter]) {
        let open = pos
        if depth + 1 > ABIType.maxNestingDepth {
            throw error(.tooDeep, "tuples and arrays nest deeper than \(ABIType.maxNestingDepth) levels", at: open)
        }
        depth += 1
        defer { depth -= 1 }
        pos += 1
        skipSpace()
        if peek == UInt8(ascii: ")") {
            throw error(.emptyTuple, "a tuple needs at least one component", at: open)
        }
        var components: [ABIParameter] = []
        while true {
            components.append(try parseParameter(.component))
            skipSpace()
            if peek == UInt8(ascii: ",") { pos += 1; continue }
            if peek == UInt8(ascii: ")") { pos += 1; break }
            throw unexpected(expected: "',' or ')'", at: pos)
        }
        return (.tuple(components.map(\.type)), components)
    }

    /// Maps the elementary type name in `bytes[r]` to its type; the common names are matched on
    /// the bytes, anything else (including every error) goes through ``elementaryType(_:at:)``.
    func elementaryType(range r: Range<Int>) throws(ABISyntaxError) -> ABIType {
        if let t = quickElementary(r) { return t }
        return try elementaryType(String(decoding: bytes[r], as: UTF8.self), at: r.lowerBound)
    }

    /// The valid elementary types, without allocation; nil for anything else.
    func quickElementary(_ r: Range<Int>) -> ABIType? {
        let n = r.count
        guard n >= 3 else { return nil }
        let b0 = bytes[r.lowerBound]
        var prefix = 0
        switch b0 {
        case UInt8(ascii: "a"): return word(r, is: "address") ? .address : nil
        case UInt8(ascii: "s"): return word(r, is: "string") ? .string : nil
        case UInt8(ascii: "u"):
            if n == 4 { return word(r, is: "uint") ? .uint256 : nil }
            guard n > 4, word(r.lowerBound..<(r.lowerBound + 4), is: "uint") else { return nil }
            prefix = 4
        case UInt8(ascii: "i"):
            if n == 3 { return word(r, is: "int") ? .int256 : nil }
            guard word(r.lowerBound..<(r.lowerBound + 3), is: "int") else { return nil }
            prefix = 3
        case UInt8(ascii: "b"):
            if n == 4 { return word(r, is: "bool") ? .bool : nil }
            if n == 5 { return word(r, is: "bytes") ? .bytes : nil }
            guard n > 5, word(r.lowerBound..<(r.lowerBound + 5), is: "bytes") else { return nil }
            prefix = 5
        default:
            return nil
        }
        let digits = (r.lowerBound + prefix)..<r.upperBound
        guard digits.count <= 3, bytes[digits.lowerBound] != UInt8(ascii: "0") else { return nil }
        var value = 0
        for i in digits {
            let d = bytes[i]
            guard Self.isDigit(d) else { return nil }
            value = value * 10 + Int(d - 0x30)
        }
        switch prefix {
        case 5: return value >= 1 && value <= 32 ? .fixedBytes(count: value) : nil
        case 4: return value >= 8 && value <= 256 && value % 8 == 0 ? .uint(bits: value) : nil
        default: return value >= 8 && value <= 256 && value % 8 == 0 ? .int(bits: value) : nil
        }
    }

    /// Maps an elementary type name to its type.
    func elementaryType(_ word: String, at start: Int) throws(ABISyntaxError) -> ABIType {
        switch word {
        case "address": return .address
        case "bool": return .bool
        case "string": return .string
        case "bytes": return .bytes
        case "uint": return .uint(bits: 256)
        case "int": return .int(bits: 256)
        case "byte":
            throw error(.unsupportedType, "'byte' was removed in Solidity 0.8.0; write bytes1", at: start)
        case "function":
            throw error(.unsupportedType, "function-type parameters are not supported; pass the 24 bytes as bytes24", at: start)
        default: break
        }
        if let (prefixLength, digitsValue, digitCount) = Self.sizedPrefix(word) {
            let digitsStart = start + prefixLength
            let prefix = word.utf8.prefix(prefixLength)
            let isBytes = prefixLength == 5
            if digitCount > 1 && word.utf8[word.utf8.index(word.utf8.startIndex, offsetBy: prefixLength)] == UInt8(ascii: "0") {
                throw error(.invalidWidth, "invalid width in '\(word)': widths have no leading zeros", at: digitsStart)
            }
            if isBytes {
                guard digitsValue >= 1 && digitsValue <= 32 else {
                    throw error(.invalidWidth, "invalid width in '\(word)': bytesN takes N from 1 to 32", at: digitsStart)
                }
                return .fixedBytes(count: digitsValue)
            }
            guard digitsValue >= 8 && digitsValue <= 256 && digitsValue % 8 == 0 else {
                throw error(.invalidWidth, "invalid width in '\(word)': \(String(decoding: prefix, as: UTF8.self))N takes N a multiple of 8 from 8 to 256", at: digitsStart)
            }
            return prefixLength == 4 && word.utf8.first == UInt8(ascii: "u") ? .uint(bits: digitsValue) : .int(bits: digitsValue)
        }
        if Self.isFixedPointName(word) {
            throw error(.unsupportedType, "fixed-point types ('\(word)') are not supported", at: start)
        }
        throw error(.unknownType, "unknown type '\(word)': expected an elementary type (uint256, int24, address, bool, bytes32, bytes, string) or a tuple; write contracts as address, enums as uint8 and structs as tuples", at: start)
    }

    /// For `uintN`, `intN` and `bytesN` (N any run of digits): the prefix length (4, 3 or 5),
    /// the value of N (saturated at 9999) and the number of digits. No allocation.
    static func sizedPrefix(_ word: String) -> (prefixLength: Int, value: Int, digits: Int)? {
        let u = word.utf8
        var prefixLength = 0
        if u.starts(with: "uint".utf8) {
            prefixLength = 4
        } else if u.starts(with: "int".utf8) {
            prefixLength = 3
        } else if u.starts(with: "bytes".utf8) {
            prefixLength = 5
        } else {
            return nil
        }
        var value = 0
        var digits = 0
        for b in u.dropFirst(prefixLength) {
            guard isDigit(b) else { return nil }
            digits += 1
            value = min(value * 10 + Int(b - 0x30), 9999)
        }
        return digits > 0 ? (prefixLength, value, digits) : nil
    }

    /// Whether `word` reads as a type name (valid or not): it cannot name a parameter or entry.
    static func isTypeLikeWord(_ word: String) -> Bool {
        signatureReservedNames.contains(word) || sizedPrefix(word) != nil || isFixedPointName(word)
    }

    /// `fixed`, `ufixed`, `fixedMxN`, `ufixedMxN`.
    static func isFixedPointName(_ word: String) -> Bool {
        var rest = Substring(word)
        if rest.hasPrefix("u") { rest = rest.dropFirst() }
        guard rest.hasPrefix("fixed") else { return false }
        rest = rest.dropFirst(5)
        if rest.isEmpty { return true }
        let parts = rest.split(separator: "x", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isDigit) }
    }

    // MARK: Parameters

    /// Parses `type [location] [indexed] [name]` as allowed in `context`.
    mutating func parseParameter(_ context: Context) throws(ABISyntaxError) -> ABIParameter {
        let (type, components) = try parseType()
        var indexed = false
        var location: String?
        while true {
            let at = skippingSpace(from: pos)
            guard let r = identifierRange(from: at) else { break }
            if word(r, is: "memory") || word(r, is: "calldata") || word(r, is: "storage") {
                switch context {
                case .component:
                    throw error(.invalidModifier, "a data location is not allowed on a tuple component", at: at)
                case .eventInput, .errorInput:
                    throw error(.invalidModifier, "a data location is not allowed on an event or error parameter", at: at)
                default: break
                }
                let w = String(decoding: bytes[r], as: UTF8.self)
                if let location {
                    throw error(.invalidModifier, "data location '\(w)' after '\(location)'", at: at)
                }
                location = w
            } else if word(r, is: "indexed") {
                switch context {
                case .eventInput, .standalone: break
                default:
                    throw error(.invalidModifier, "'indexed' is only allowed on event parameters", at: at)
                }
                if indexed { throw error(.invalidModifier, "'indexed' given twice", at: at) }
                indexed = true
            } else {
                break
            }
            pos = r.upperBound
        }
        var name = ""
        let nameStart = skippingSpace(from: pos)
        if let r = identifierRange(from: nameStart) {
            let w = String(decoding: bytes[r], as: UTF8.self)
            if Self.isTypeLikeWord(w) {
                throw error(.invalidName, "'\(w)' cannot name a parameter", at: nameStart)
            }
            name = w
            pos = r.upperBound
        } else if nameStart < bytes.count, Self.isDigit(bytes[nameStart]) {
            throw unexpected(expected: "a parameter name, ',' or ')'", at: nameStart)
        }
        return ABIParameter(name: name, type: type, components: components, indexed: indexed)
    }
}
