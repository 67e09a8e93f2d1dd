// Reading the fields of a JSON document with every problem collected (never thrown), each named
// by a typed code and the JSON path of the value it is about. The plan, the policy, EIP-712 and
// SafeTx files read their documents with these functions (the Ethereum values: ABI's
// JSONFieldReading+Ethereum).

/// The code of a problem found while reading a JSON document. The raw value is the stable text
/// that `--json` errors carry (`"unknown_field"`).
public struct JSONIssueCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    // Shapes.
    /// A value of the wrong JSON type.
    public static let invalidType = JSONIssueCode(rawValue: "invalid_type")
    /// A required member is absent.
    public static let missingField = JSONIssueCode(rawValue: "missing_field")
    /// A member the format does not have.
    public static let unknownField = JSONIssueCode(rawValue: "unknown_field")
    /// A member given twice in one object (only in values built in code: the parser refuses a
    /// repeated key in text), in a document that refuses it.
    public static let duplicateField = JSONIssueCode(rawValue: "duplicate_field")
    /// A member the format has, but not in this combination.
    public static let fieldNotAllowed = JSONIssueCode(rawValue: "field_not_allowed")
    /// A list entry given twice.
    public static let duplicateEntry = JSONIssueCode(rawValue: "duplicate_entry")
    /// A string outside the values a member accepts.
    public static let invalidValue = JSONIssueCode(rawValue: "invalid_value")
    /// A document version this build does not read.
    public static let unsupportedVersion = JSONIssueCode(rawValue: "unsupported_version")

    // Numbers.
    /// A JSON number that is not a whole number where an integer is expected.
    public static let invalidInteger = JSONIssueCode(rawValue: "invalid_integer")
    /// An integer outside the range the member accepts.
    public static let outOfRange = JSONIssueCode(rawValue: "out_of_range")

    // Ethereum values.
    /// Not a 20-byte `0x` address, or a bad EIP-55 checksum.
    public static let invalidAddress = JSONIssueCode(rawValue: "invalid_address")
    /// A malformed quantity (wei or base units) in a document whose convention reports every
    /// malformed quantity with one code (the signing policy).
    public static let invalidQuantity = JSONIssueCode(rawValue: "invalid_quantity")
    /// A malformed token amount, or a JSON number of wei that is not whole (the plan).
    public static let invalidAmount = JSONIssueCode(rawValue: "invalid_amount")
    /// Raw base units above 2^256 − 1.
    public static let amountOverflow = JSONIssueCode(rawValue: "amount_overflow")
    /// More fraction digits than the token has decimals.
    public static let amountExcessPrecision = JSONIssueCode(rawValue: "amount_excess_precision")
    /// A decimal amount of a token whose decimals are unknown.
    public static let amountNeedsDecimals = JSONIssueCode(rawValue: "amount_needs_decimals")

    /// Every code above: those any document read with ``JSONFieldReading`` may report.
    public static let readingCodes: [JSONIssueCode] = [
        .invalidType, .missingField, .unknownField, .duplicateField, .fieldNotAllowed, .duplicateEntry, .invalidValue, .unsupportedVersion,
        .invalidInteger, .outOfRange, .invalidAddress, .invalidQuantity, .invalidAmount, .amountOverflow,
        .amountExcessPrecision, .amountNeedsDecimals,
    ]
}

/// One problem found while reading a JSON document.
public struct JSONIssue: Sendable, Hashable {
    public let code: JSONIssueCode
    public let message: String
    public let path: JSONPath

    public init(code: JSONIssueCode, message: String, path: JSONPath) {
        self.code = code
        self.message = message
        self.path = path
    }
}

/// How a document reports a malformed quantity (wei, base units).
public enum JSONQuantityCodes: Sendable, Hashable {
    /// The parser's own code (`amount_fractional_wei`, `amount_unknown_unit`, …), and
    /// `invalid_amount` for a JSON number that is not whole (the plan).
    case detailed
    /// One code for every malformed quantity (the policy: `invalid_quantity`).
    case uniform(JSONIssueCode)
}

/// A reader of JSON fields that collects problems instead of throwing: a conforming type says
/// where an issue goes and what its document's conventions are; the functions of this protocol's
/// extensions read shapes, members and scalars and report each problem at its path.
public protocol JSONFieldReading {
    /// Records one problem (readers bound the number they keep).
    mutating func report(_ code: JSONIssueCode, _ message: String, at path: JSONPath)
    /// Keys with this prefix are extensions, never unknown fields (`"x-"`); nil: none.
    var extensionPrefix: String? { get }
    /// How malformed quantities are reported.
    var quantityCodes: JSONQuantityCodes { get }
    /// Whether an address must start with `0x`; when false, 40 bare hex digits are read too (SafeTx
    /// files). True unless a document says otherwise.
    var addressNeedsPrefix: Bool { get }
    /// Whether `checkKeys` refuses a key given twice in one object (`duplicate_field`); when false
    /// the first wins (see `field`). False unless a document says otherwise.
    var refusesRepeatedKeys: Bool { get }
}

extension JSONFieldReading {
    public var addressNeedsPrefix: Bool { true }
    public var refusesRepeatedKeys: Bool { false }
}

extension JSONFieldReading {
    /// An object's members in document order.
    public typealias Members = [(key: String, value: JSONValue)]

    /// Text quoted in a message, at most 80 characters.
    public static func clip(_ s: String) -> String {
        s.count <= 80 ? s : String(s.prefix(77)) + "…"
    }

    /// `invalid_type`: "expected `expected`, found <kind>".
    public mutating func typeError(_ expected: String, _ v: JSONValue, _ path: JSONPath) {
        report(.invalidType, "expected \(expected), found \(v.kindName)", at: path)
    }

    // MARK: Shapes

    /// The members of an object, or nil with an `invalid_type` issue.
    public mutating func object(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Members? {
        guard case .object(let members) = v else {
            typeError("an object", v, path())
            return nil
        }
        return members
    }

    /// The items of an array, or nil with an `invalid_type` issue.
    public mutating func array(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> [JSONValue]? {
        guard case .array(let items) = v else {
            typeError("an array", v, path())
            return nil
        }
        return items
    }

    /// Whether `key` is an extension key (never refused).
    public func isExtensionKey(_ key: String) -> Bool {
        extensionPrefix.map { key.hasPrefix($0) } ?? false
    }

    /// `unknown_field` for `key`, listing the known keys.
    public mutating func unknownKey(_ key: String, allowed: some Sequence<String>, _ path: JSONPath, context: String? = nil) {
        let known = allowed.sorted().joined(separator: ", ")
        let ctx = context.map { " for \($0)" } ?? ""
        let ext = extensionPrefix.map { "; extensions start with \($0)" } ?? ""
        report(.unknownField, "unknown field \"\(Self.clip(key))\"\(ctx) (known: \(known)\(ext))", at: path)
    }

    /// Refuses every member whose key is outside `allowed`, except extension keys, and (when the
    /// document refuses them) every repeat of a key, in document order.
    public mutating func checkKeys(_ members: Members, allowed: some Collection<String>, _ path: JSONPath, context: String? = nil) {
        var seen: Set<String>? = refusesRepeatedKeys ? [] : nil
        for m in members {
            if !allowed.contains(m.key) && !isExtensionKey(m.key) {
                unknownKey(m.key, allowed: allowed, path + m.key, context: context)
            } else if seen?.insert(m.key).inserted == false {
                report(.duplicateField, "field \"\(Self.clip(m.key))\" is given twice", at: path + m.key)
            }
        }
    }

    /// The value of `key` (the first, if repeated), or nil.
    public func field(_ members: Members, _ key: String) -> JSONValue? {
        members.first(where: { $0.key == key })?.value
    }

    /// The value of `key`, or nil with a `missing_field` issue (`why` says what it is for).
    public mutating func required(_ members: Members, _ key: String, _ path: JSONPath, why: String? = nil) -> JSONValue? {
        if let v = field(members, key) { return v }
        report(.missingField, "missing field \"\(key)\"" + (why.map { " (\($0))" } ?? ""), at: path + key)
        return nil
    }

    /// Refuses `key` when present (a field that does not apply here).
    public mutating func refuse(_ members: Members, _ key: String, _ path: JSONPath, because why: String) {
        if field(members, key) != nil {
            report(.fieldNotAllowed, "\"\(key)\" is not allowed here: \(why)", at: path + key)
        }
    }

    /// A JSON array whose items `item` reads; an entry given twice is a `duplicate_entry`. nil
    /// when `v` is not an array.
    public mutating func list<T: Hashable>(_ v: JSONValue, _ path: JSONPath, _ item: (inout Self, JSONValue, JSONPath) -> T?) -> Set<T>? {
        guard let items = array(v, path) else { return nil }
        var out = Set<T>()
        for (i, element) in items.enumerated() {
            guard let value = item(&self, element, path + i) else { continue }
            if !out.insert(value).inserted {
                report(.duplicateEntry, "listed twice", at: path + i)
            }
        }
        return out
    }

    // MARK: Scalars

    /// A string, or nil with an `invalid_type` issue.
    public mutating func string(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> String? {
        guard case .string(let s) = v else {
            typeError("a string", v, path())
            return nil
        }
        return s
    }

    /// `true` or `false`, or nil with an `invalid_type` issue.
    public mutating func bool(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Bool? {
        guard case .bool(let b) = v else {
            typeError("true or false", v, path())
            return nil
        }
        return b
    }

    /// The digits of a JSON integer (no sign, fraction or exponent), or nil.
    public static func integerDigits(_ v: JSONValue) -> String? {
        guard case .number(let text) = v, isDigits(text) else { return nil }
        return text
    }

    /// Whether `text` is one or more ASCII decimal digits.
    public static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A JSON integer in `range` (`what` names it in messages: "a chain id").
    public mutating func integer(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, in range: ClosedRange<UInt64>, what: String = "an integer") -> UInt64? {
        guard case .number(let text) = v else {
            typeError("\(what) (a JSON integer)", v, path())
            return nil
        }
        guard Self.isDigits(text) else {
            report(.invalidInteger, "expected \(what), found \(Self.clip(text))", at: path())
            return nil
        }
        guard let n = UInt64(text), range.contains(n) else {
            report(.outOfRange, "\(Self.clip(text)) is outside \(range.lowerBound)…\(range.upperBound)", at: path())
            return nil
        }
        return n
    }
}
