import ABI
import BallastJSON
import EthereumPrimitives

// Reading JSON values with every problem collected (never thrown) and named by its JSON path.

typealias Members = [(key: String, value: JSONValue)]

extension PlanReader {
    // MARK: Shapes

    mutating func object(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Members? {
        guard case .object(let members) = v else {
            issues.add("invalid_type", "expected an object, found \(v.kindName)", at: path())
            return nil
        }
        return members
    }

    mutating func array(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> [JSONValue]? {
        guard case .array(let items) = v else {
            issues.add("invalid_type", "expected an array, found \(v.kindName)", at: path())
            return nil
        }
        return items
    }

    /// Refuses keys outside `allowed`, except extension keys (`x-…`).
    mutating func checkKeys(_ members: Members, allowed: [String], _ path: JSONPath, context: String? = nil) {
        for m in members where !allowed.contains(m.key) && !Self.isExtensionKey(m.key) {
            let known = allowed.sorted().joined(separator: ", ")
            let ctx = context.map { " for \($0)" } ?? ""
            issues.add("unknown_field", "unknown field \"\(m.key)\"\(ctx) (known: \(known); extensions start with x-)", at: path + m.key)
        }
    }

    static func isExtensionKey(_ key: String) -> Bool { key.hasPrefix("x-") }

    func field(_ members: Members, _ key: String) -> JSONValue? {
        members.first(where: { $0.key == key })?.value
    }

    /// The value of `key`, or nil with a `missing_field` issue.
    mutating func required(_ members: Members, _ key: String, _ path: JSONPath, why: String? = nil) -> JSONValue? {
        if let v = field(members, key) { return v }
        issues.add("missing_field", "missing field \"\(key)\"" + (why.map { " (\($0))" } ?? ""), at: path + key)
        return nil
    }

    /// Refuses `key` when present (a field that does not apply here).
    mutating func refuse(_ members: Members, _ key: String, _ path: JSONPath, because why: String) {
        if field(members, key) != nil {
            issues.add("field_not_allowed", "\"\(key)\" is not allowed here: \(why)", at: path + key)
        }
    }

    // MARK: Scalars

    mutating func string(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> String? {
        guard case .string(let s) = v else {
            issues.add("invalid_type", "expected a string, found \(v.kindName)", at: path())
            return nil
        }
        return s
    }

    mutating func bool(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Bool? {
        guard case .bool(let b) = v else {
            issues.add("invalid_type", "expected true or false, found \(v.kindName)", at: path())
            return nil
        }
        return b
    }

    /// The digits of a JSON integer (no sign, fraction or exponent), or nil.
    static func integerDigits(_ v: JSONValue) -> String? {
        guard case .number(let text) = v, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return text
    }

    /// A JSON integer in `range`.
    mutating func integer(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, in range: ClosedRange<UInt64>, what: String = "an integer") -> UInt64? {
        guard let digits = Self.integerDigits(v) else {
            if case .number(let text) = v {
                issues.add("invalid_integer", "expected \(what), found \(text)", at: path())
            } else {
                issues.add("invalid_type", "expected \(what) (a JSON integer), found \(v.kindName)", at: path())
            }
            return nil
        }
        guard let n = UInt64(digits), range.contains(n) else {
            issues.add("out_of_range", "\(digits) is outside \(range.lowerBound)…\(range.upperBound)", at: path())
            return nil
        }
        return n
    }

    /// A `0x` address: all lowercase, all uppercase, or valid EIP-55 mixed case.
    mutating func address(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Address? {
        guard let s = string(v, path()) else { return nil }
        return address(text: s, path())
    }

    mutating func address(text s: String, _ path: @autoclosure () -> JSONPath) -> Address? {
        guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
            issues.add("invalid_address", "expected a 0x address, found \"\(Self.clip(s))\"", at: path())
            return nil
        }
        do {
            return try Address(hex: s)
        } catch {
            // One code for every malformed address; the message says what is wrong.
            issues.add("invalid_address", error.message + (error.location.map { " (\($0))" } ?? ""), at: path())
            return nil
        }
    }

    /// A native value in wei: a JSON integer, a digit string, a `0x` quantity, or a decimal with a
    /// unit (`"1.5gwei"`, `"0.1 ether"`), which must come to a whole number of wei.
    mutating func weiValue(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> UInt256? {
        switch v {
        case .number(let text):
            guard let digits = Self.integerDigits(v) else {
                issues.add("invalid_amount", "a number of wei must be a whole number, found \(text) (use a string with a unit for decimals: \"1.5gwei\")", at: path())
                return nil
            }
            do { return try UInt256(decimal: digits) } catch {
                issues.add(error.code, error.message, at: path())
                return nil
            }
        case .string(let s):
            do { return try Units.parseValue(s) } catch {
                issues.add(error.code, error.message + (error.location.map { " (\($0))" } ?? ""), at: path())
                return nil
            }
        default:
            issues.add("invalid_type", "expected a wei amount (a JSON integer or a string such as \"1.5gwei\"), found \(v.kindName)", at: path())
            return nil
        }
    }

    /// A non-negative decimal given as a string or a JSON number (`"1.30"`, `3000`): the text,
    /// checked. Exponents are refused.
    mutating func decimalText(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, positive: Bool) -> String? {
        let text: String
        switch v {
        case .string(let s): text = s
        case .number(let n): text = n
        default:
            issues.add("invalid_type", "expected a decimal number (a string such as \"1.30\"), found \(v.kindName)", at: path())
            return nil
        }
        guard let r = Ratio(decimal: text) else {
            issues.add("invalid_decimal", "expected a non-negative decimal such as \"1.30\", found \"\(Self.clip(text))\"", at: path())
            return nil
        }
        if positive && r.isZero {
            issues.add("invalid_decimal", "must be greater than zero", at: path())
            return nil
        }
        return text
    }

    static func clip(_ s: String) -> String {
        s.count <= 80 ? s : String(s.prefix(77)) + "…"
    }

    // MARK: Token amounts

    /// An amount of a token: a decimal string in its units (never more fraction digits than it
    /// has decimals, not even zeros) or `{"raw": "<base units>"}`.
    mutating func amount(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, token: TokenRef?) -> UInt256? {
        amount(v, path(), decimals: token?.decimals, tokenName: token?.description)
    }

    mutating func amount(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, decimals: Int?, tokenName: String?) -> UInt256? {
        switch v {
        case .object(let members):
            checkKeys(members, allowed: ["raw"], path())
            guard let raw = required(members, "raw", path()) else { return nil }
            return rawUnits(raw, path() + "raw")
        case .string("all"):
            issues.add("invalid_amount", "\"all\" is accepted only as the amount of a repay or a withdraw on aave-v3 (with maxAmount / minAmount)", at: path())
            return nil
        case .string(let s):
            return decimalAmount(s, path(), decimals: decimals, tokenName: tokenName)
        case .number(let n):
            issues.add("invalid_type", "an amount is a string (\"\(Self.clip(n))\") or {\"raw\": \"…\"}, not a JSON number", at: path())
            return nil
        default:
            issues.add("invalid_type", "expected an amount (a decimal string or {\"raw\": \"…\"}), found \(v.kindName)", at: path())
            return nil
        }
    }

    /// Base units: a decimal digit string or a JSON integer.
    mutating func rawUnits(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> UInt256? {
        let text: String
        switch v {
        case .string(let s): text = s
        case .number:
            guard let d = Self.integerDigits(v) else {
                issues.add("invalid_amount", "raw units are a whole number", at: path())
                return nil
            }
            text = d
        default:
            issues.add("invalid_type", "expected raw base units as a digit string, found \(v.kindName)", at: path())
            return nil
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            issues.add("invalid_amount", "raw units must be decimal digits, found \"\(Self.clip(text))\"", at: path())
            return nil
        }
        do { return try UInt256(decimal: text) } catch {
            issues.add("amount_overflow", "amount does not fit in 256 bits", at: path())
            return nil
        }
    }

    mutating func decimalAmount(_ s: String, _ path: @autoclosure () -> JSONPath, decimals: Int?, tokenName: String?) -> UInt256? {
        let bytes = Array(s.utf8)
        // Shape: digits, optionally '.' digits. Units.parseAmount reports the details; here the
        // fraction length is checked first because trailing zeros are refused too.
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")) {
            let fraction = bytes.count - dot - 1
            if let decimals, fraction > decimals {
                issues.add("amount_excess_precision", "\"\(Self.clip(s))\" has \(fraction) decimal places but \(tokenName ?? "the token") has \(decimals) decimals (amounts are never rounded)", at: path())
                return nil
            }
        }
        guard let decimals else {
            issues.add("amount_needs_decimals", "the decimals of \(tokenName ?? "this token") are unknown: describe it in \"tokens\" or give {\"raw\": \"<base units>\"}", at: path())
            return nil
        }
        do {
            return try Units.parseAmount(s, decimals: decimals)
        } catch {
            issues.add(error.code, error.message + (error.location.map { " (\($0))" } ?? ""), at: path())
            return nil
        }
    }

    /// A signed decimal amount (`"-12.5"`): its sign and magnitude.
    mutating func signedAmount(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, token: TokenRef?) -> (negative: Bool, magnitude: UInt256)? {
        guard case .string(let s) = v else {
            issues.add("invalid_type", "expected a signed decimal string such as \"-12.5\", found \(v.kindName)", at: path())
            return nil
        }
        var body = Substring(s)
        var negative = false
        if body.hasPrefix("-") { negative = true; body = body.dropFirst() }
        else if body.hasPrefix("+") { body = body.dropFirst() }
        guard let m = decimalAmount(String(body), path(), decimals: token?.decimals, tokenName: token?.description) else { return nil }
        return (negative, m)
    }
}
