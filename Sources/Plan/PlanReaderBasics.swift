import ABI
import BallastJSON
import EthereumPrimitives

// Reading plan values with every problem collected (never thrown) and named by its JSON path: the
// shared JSONFieldReading functions (shapes, members, integers, addresses, wei, raw units), and
// the plan's own decimals and token amounts.

typealias Members = [(key: String, value: JSONValue)]

extension JSONIssueCode {
    /// Not a non-negative decimal (`"1.30"`), or zero where it must be positive.
    static let invalidDecimal = JSONIssueCode(rawValue: "invalid_decimal")
}

extension PlanReader: JSONFieldReading {
    mutating func report(_ code: JSONIssueCode, _ message: String, at path: JSONPath) {
        issues.add(code, message, at: path)
    }

    /// `x-…` keys are the plan's extension point: ignored everywhere.
    var extensionPrefix: String? { "x-" }

    /// A malformed wei value keeps the parser's code (`amount_fractional_wei`, …).
    var quantityCodes: JSONQuantityCodes { .detailed }
}

extension PlanReader {
    /// A non-negative decimal given as a string or a JSON number (`"1.30"`, `3000`): the text,
    /// checked. Exponents are refused.
    mutating func decimalText(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, positive: Bool) -> String? {
        let text: String
        switch v {
        case .string(let s): text = s
        case .number(let n): text = n
        default:
            typeError("a decimal number (a string such as \"1.30\")", v, path())
            return nil
        }
        guard let r = Ratio(decimal: text) else {
            report(.invalidDecimal, "expected a non-negative decimal such as \"1.30\", found \"\(Self.clip(text))\"", at: path())
            return nil
        }
        if positive && r.isZero {
            report(.invalidDecimal, "must be greater than zero", at: path())
            return nil
        }
        return text
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
            checkKeys(members, allowed: PlanSchemaKeys.allowed(.rawAmount), path())
            guard let raw = required(members, "raw", path()) else { return nil }
            return rawUnits(raw, path() + "raw")
        case .string("all"):
            report(.invalidAmount, "\"all\" is accepted only as the amount of a repay or a withdraw on aave-v3 (with maxAmount / minAmount)", at: path())
            return nil
        case .string(let s):
            return decimalAmount(s, path(), decimals: decimals, tokenName: tokenName)
        case .number(let n):
            report(.invalidType, "an amount is a string (\"\(Self.clip(n))\") or {\"raw\": \"…\"}, not a JSON number", at: path())
            return nil
        default:
            typeError("an amount (a decimal string or {\"raw\": \"…\"})", v, path())
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
                report(.amountExcessPrecision, "\"\(Self.clip(s))\" has \(fraction) decimal places but \(tokenName ?? "the token") has \(decimals) decimals (amounts are never rounded)", at: path())
                return nil
            }
        }
        guard let decimals else {
            report(.amountNeedsDecimals, "the decimals of \(tokenName ?? "this token") are unknown: describe it in \"tokens\" or give {\"raw\": \"<base units>\"}", at: path())
            return nil
        }
        do {
            return try Units.parseAmount(s, decimals: decimals)
        } catch {
            report(JSONIssueCode(rawValue: error.code), error.message + (error.location.map { " (\($0))" } ?? ""), at: path())
            return nil
        }
    }

    /// A signed decimal amount (`"-12.5"`): its sign and magnitude.
    mutating func signedAmount(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, token: TokenRef?) -> (negative: Bool, magnitude: UInt256)? {
        guard case .string(let s) = v else {
            typeError("a signed decimal string such as \"-12.5\"", v, path())
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
