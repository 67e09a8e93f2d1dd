import BallastJSON
import EthereumPrimitives

// Ethereum values read by a JSONFieldReading reader: addresses, wei and base units, each problem
// reported at its JSON path (never thrown).

extension JSONFieldReading {
    /// A `0x` address (40 bare hex digits too where `addressNeedsPrefix` is false): all
    /// lowercase, all uppercase, or valid EIP-55 mixed case.
    public mutating func address(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Address? {
        guard case .string(let s) = v else {
            typeError("a 0x address (a string)", v, path())
            return nil
        }
        return address(text: s, path())
    }

    /// The address written `s` (see `address(_:_:)`).
    public mutating func address(text s: String, _ path: @autoclosure () -> JSONPath) -> Address? {
        guard !addressNeedsPrefix || s.hasPrefix("0x") || s.hasPrefix("0X") else {
            report(.invalidAddress, "not a 20-byte address: expected 0x and 40 hex digits, found \"\(Self.clip(s))\"", at: path())
            return nil
        }
        do {
            return try Address(hex: s)
        } catch {
            // One code for every malformed address; the message says what is wrong.
            switch error {
            case .badChecksum:
                report(.invalidAddress, "\"\(s)\" does not match its EIP-55 checksum (write it all lowercase, or checksummed as \(Address(s.lowercased())?.checksummed ?? "?"))", at: path())
            default:
                report(.invalidAddress, "not a 20-byte address: \(error.message)" + (error.location.map { " (\($0))" } ?? ""), at: path())
            }
            return nil
        }
    }

    /// A native value in wei: a JSON integer, or a string of decimal digits, a `0x` quantity, or
    /// a decimal with a unit (`"1.5gwei"`, `"0.1 ether"`) that comes to a whole number of wei.
    public mutating func wei(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> UInt256? {
        switch v {
        case .number(let text):
            return wholeNumber(text, path(), what: "a number of wei")
        case .string(let s):
            do { return try Units.parseValue(s) } catch {
                switch quantityCodes {
                case .detailed:
                    report(JSONIssueCode(rawValue: error.code), error.message + (error.location.map { " (\($0))" } ?? ""), at: path())
                case .uniform(let code):
                    report(code, "expected wei (digits, 0x hex, or a decimal with a unit such as \"30gwei\"), found \"\(Self.clip(s))\": \(error.message)", at: path())
                }
                return nil
            }
        default:
            typeError("a wei amount (a JSON integer or a string such as \"1.5gwei\")", v, path())
            return nil
        }
    }

    /// Base units without a unit: a JSON integer, or a string of decimal digits or a `0x` quantity.
    public mutating func quantity(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> UInt256? {
        switch v {
        case .number(let text):
            return wholeNumber(text, path(), what: "base units")
        case .string(let s):
            do { return try UInt256(parsing: s) } catch {
                switch quantityCodes {
                case .detailed:
                    report(JSONIssueCode(rawValue: error.code), error.message + (error.location.map { " (\($0))" } ?? ""), at: path())
                case .uniform(let code):
                    report(code, "expected base units (decimal digits or a 0x quantity), found \"\(Self.clip(s))\": \(error.message)", at: path())
                }
                return nil
            }
        default:
            typeError("base units (a digit string or a JSON integer)", v, path())
            return nil
        }
    }

    /// Raw base units of a token amount: a decimal digit string or a JSON integer (`invalid_amount`
    /// when malformed, `amount_overflow` above 2^256 − 1).
    public mutating func rawUnits(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> UInt256? {
        let text: String
        switch v {
        case .string(let s): text = s
        case .number:
            guard let d = Self.integerDigits(v) else {
                report(.invalidAmount, "raw units are a whole number", at: path())
                return nil
            }
            text = d
        default:
            typeError("raw base units as a digit string", v, path())
            return nil
        }
        guard Self.isDigits(text) else {
            report(.invalidAmount, "raw units must be decimal digits, found \"\(Self.clip(text))\"", at: path())
            return nil
        }
        do { return try UInt256(decimal: text) } catch {
            report(.amountOverflow, "amount does not fit in 256 bits", at: path())
            return nil
        }
    }

    /// The value of a JSON number that must be a whole number below 2^256.
    mutating func wholeNumber(_ text: String, _ path: JSONPath, what: String) -> UInt256? {
        guard Self.isDigits(text) else {
            switch quantityCodes {
            case .detailed:
                report(.invalidAmount, "\(what) must be a whole number, found \(Self.clip(text)) (use a string with a unit for decimals: \"1.5gwei\")", at: path)
            case .uniform(let code):
                report(code, "expected a whole number, found \(Self.clip(text))", at: path)
            }
            return nil
        }
        do { return try UInt256(decimal: text) } catch {
            switch quantityCodes {
            case .detailed: report(JSONIssueCode(rawValue: error.code), error.message, at: path)
            case .uniform(let code): report(code, "\(Self.clip(text)) does not fit in 256 bits", at: path)
            }
            return nil
        }
    }
}
