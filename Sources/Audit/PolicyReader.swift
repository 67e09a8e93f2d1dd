import ABI
import BallastJSON
import EthereumPrimitives

/// Reads a policy document, collecting every problem with its JSON path (never throwing).
struct PolicyReader {
    private(set) var issues: [PolicyIssue] = []

    /// Upper bound on what is collected (a garbage file must not produce an unbounded list).
    static let issueLimit = 1000

    static let topKeys = [
        "version", "description", "chainIds", "accounts", "maxTransactions", "maxValue", "maxTotalValue",
        "maxTotalFee", "maxGas", "maxFeePerGas", "maxPriorityFeePerGas", "maxGasPrice", "targets", "deniedTargets",
        "functions", "deniedFunctions", "unknownCalls", "approvals", "recipients", "delegates",
        "allowAnyChainAuthorization", "contractCreation", "safeOwners", "safeThreshold",
    ]
    static let approvalKeys = ["spenders", "maxAmount", "unlimited"]

    mutating func add(_ code: String, _ message: String, at path: JSONPath) {
        guard issues.count < Self.issueLimit else { return }
        issues.append(PolicyIssue(code: code, message: message, path: path.description))
    }

    mutating func read(_ json: JSONValue) -> SigningPolicy {
        var p = SigningPolicy()
        let root = JSONPath.root
        guard case .object(let members) = json else {
            add("invalid_type", "a policy is a JSON object, found \(json.kindName)", at: root)
            return p
        }
        // Members in document order, so that problems are reported in the order they appear.
        var sawVersion = false
        for (key, v) in members {
            let path = root + key
            switch key {
            case "version":
                sawVersion = true
                if let n = integer(v, path, in: 0...UInt64.max), n != SigningPolicy.version {
                    add("unsupported_version", "policy version \(n) is not supported (this build reads version \(SigningPolicy.version))", at: path)
                }
            case "description":
                if case .string(let s) = v { p.summary = s } else { typeError("a string", v, path) }
            case "chainIds":
                p.chainIds = list(v, path) { r, item, itemPath in r.integer(item, itemPath, in: 1...UInt64.max, what: "a chain id") }
            case "accounts": p.accounts = addresses(v, path)
            case "maxTransactions": p.maxTransactions = integer(v, path, in: 0...1_000_000_000).map { Int($0) }
            case "maxValue": p.maxValue = wei(v, path)
            case "maxTotalValue": p.maxTotalValue = wei(v, path)
            case "maxTotalFee": p.maxTotalFee = wei(v, path)
            case "maxGas": p.maxGas = gas(v, path)
            case "maxFeePerGas": p.maxFeePerGas = wei(v, path)
            case "maxPriorityFeePerGas": p.maxPriorityFeePerGas = wei(v, path)
            case "maxGasPrice": p.maxGasPrice = wei(v, path)
            case "targets": p.targets = addresses(v, path)
            case "deniedTargets": p.deniedTargets = addresses(v, path) ?? []
            case "functions": p.functions = functions(v, path)
            case "deniedFunctions": p.deniedFunctions = functions(v, path) ?? PolicyFunctionSet()
            case "unknownCalls":
                switch v {
                case .string("deny"): p.allowUnknownCalls = false
                case .string("allow"): p.allowUnknownCalls = true
                case .string(let s): add("invalid_value", "unknownCalls is \"deny\" or \"allow\", found \"\(Self.clip(s))\"", at: path)
                default: typeError("\"deny\" or \"allow\"", v, path)
                }
            case "approvals": p.approvals = approvals(v, path)
            case "recipients": p.recipients = addresses(v, path)
            case "delegates": p.delegates = addresses(v, path) ?? []
            case "allowAnyChainAuthorization": p.allowAnyChainAuthorization = bool(v, path) ?? false
            case "contractCreation": p.contractCreation = bool(v, path) ?? false
            case "safeOwners": p.safeOwners = addresses(v, path)
            case "safeThreshold": p.safeThreshold = integer(v, path, in: 1...64).map { Int($0) }
            default: unknownKey(key, allowed: Self.topKeys, path)
            }
        }
        if !sawVersion {
            add("missing_field", "missing field \"version\" (the policy format version, 1)", at: root + "version")
        }
        return p
    }

    mutating func approvals(_ v: JSONValue, _ path: JSONPath) -> SigningPolicy.ApprovalRules {
        var rules = SigningPolicy.ApprovalRules()
        guard case .object(let members) = v else {
            typeError("an object", v, path)
            return rules
        }
        for (key, value) in members {
            let p = path + key
            switch key {
            case "spenders": rules.spenders = addresses(value, p)
            case "unlimited": rules.unlimited = bool(value, p) ?? false
            case "maxAmount":
                guard case .object(let perToken) = value else {
                    rules.maxAmount = units(value, p)
                    continue
                }
                for entry in perToken {
                    let ep = p + entry.key
                    guard let token = address(.string(entry.key), ep), let amount = units(entry.value, ep) else { continue }
                    if rules.maxAmounts.updateValue(amount, forKey: token) != nil {
                        add("duplicate_entry", "token \(token.checksummed) is listed twice", at: ep)
                    }
                }
            default: unknownKey(key, allowed: Self.approvalKeys, p)
            }
        }
        return rules
    }

    // MARK: Shapes

    mutating func unknownKey(_ key: String, allowed: [String], _ path: JSONPath) {
        add("unknown_field", "unknown field \"\(Self.clip(key))\" (known: \(allowed.sorted().joined(separator: ", ")))", at: path)
    }

    mutating func typeError(_ expected: String, _ v: JSONValue, _ path: JSONPath) {
        add("invalid_type", "expected \(expected), found \(v.kindName)", at: path)
    }

    /// A JSON array whose items `item` reads; duplicates are refused. nil when `v` is not an array.
    mutating func list<T: Hashable>(_ v: JSONValue, _ path: JSONPath, _ item: (inout PolicyReader, JSONValue, JSONPath) -> T?) -> Set<T>? {
        guard case .array(let items) = v else {
            typeError("an array", v, path)
            return nil
        }
        var out = Set<T>()
        for (i, element) in items.enumerated() {
            guard let value = item(&self, element, path + i) else { continue }
            if !out.insert(value).inserted {
                add("duplicate_entry", "listed twice", at: path + i)
            }
        }
        return out
    }

    mutating func addresses(_ v: JSONValue, _ path: JSONPath) -> Set<Address>? {
        list(v, path) { r, item, p in r.address(item, p) }
    }

    mutating func bool(_ v: JSONValue, _ path: JSONPath) -> Bool? {
        guard case .bool(let b) = v else {
            typeError("true or false", v, path)
            return nil
        }
        return b
    }

    // MARK: Scalars

    /// A `0x` address: all lowercase, all uppercase, or valid EIP-55 mixed case.
    mutating func address(_ v: JSONValue, _ path: JSONPath) -> Address? {
        guard case .string(let s) = v else {
            typeError("a 0x address (a string)", v, path)
            return nil
        }
        guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
            add("invalid_address", "not a 20-byte address: expected 0x and 40 hex digits, found \"\(Self.clip(s))\"", at: path)
            return nil
        }
        do {
            return try Address(hex: s)
        } catch {
            switch error {
            case .badChecksum:
                add("invalid_address", "\"\(s)\" does not match its EIP-55 checksum (write it all lowercase, or checksummed as \(Address(s.lowercased())?.checksummed ?? "?"))", at: path)
            default:
                add("invalid_address", "not a 20-byte address: \(error.message)", at: path)
            }
            return nil
        }
    }

    /// A JSON integer in `range`.
    mutating func integer(_ v: JSONValue, _ path: JSONPath, in range: ClosedRange<UInt64>, what: String = "an integer") -> UInt64? {
        guard case .number(let text) = v else {
            typeError("\(what) (a JSON integer)", v, path)
            return nil
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            add("invalid_integer", "expected \(what), found \(Self.clip(text))", at: path)
            return nil
        }
        guard let n = UInt64(text), range.contains(n) else {
            add("out_of_range", "\(Self.clip(text)) is outside \(range.lowerBound)…\(range.upperBound)", at: path)
            return nil
        }
        return n
    }

    /// Wei: a JSON integer, or a string: decimal digits, a `0x` quantity, or a decimal with a unit
    /// (`"30gwei"`, `"1.5 ether"`) that comes to a whole number of wei.
    mutating func wei(_ v: JSONValue, _ path: JSONPath) -> UInt256? {
        switch v {
        case .number(let text):
            return digits(text, path)
        case .string(let s):
            do { return try Units.parseValue(s) } catch {
                add("invalid_quantity", "expected wei (digits, 0x hex, or a decimal with a unit such as \"30gwei\"), found \"\(Self.clip(s))\": \(error.message)", at: path)
                return nil
            }
        default:
            typeError("a wei amount (a string such as \"30gwei\" or a JSON integer)", v, path)
            return nil
        }
    }

    /// Base units without a unit: a JSON integer, or a string of decimal digits or a `0x` quantity.
    mutating func units(_ v: JSONValue, _ path: JSONPath) -> UInt256? {
        switch v {
        case .number(let text):
            return digits(text, path)
        case .string(let s):
            do { return try UInt256(parsing: s) } catch {
                add("invalid_quantity", "expected base units (decimal digits or a 0x quantity), found \"\(Self.clip(s))\": \(error.message)", at: path)
                return nil
            }
        default:
            typeError("base units (a digit string or a JSON integer)", v, path)
            return nil
        }
    }

    mutating func digits(_ text: String, _ path: JSONPath) -> UInt256? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            add("invalid_quantity", "expected a whole number, found \(Self.clip(text))", at: path)
            return nil
        }
        do { return try UInt256(decimal: text) } catch {
            add("invalid_quantity", "\(Self.clip(text)) does not fit in 256 bits", at: path)
            return nil
        }
    }

    /// A gas amount: a JSON integer or a digit / `0x` string, at most 2^64 − 1.
    mutating func gas(_ v: JSONValue, _ path: JSONPath) -> UInt64? {
        guard let n = units(v, path) else { return nil }
        guard let g = n.uint64Value else {
            add("out_of_range", "a gas amount is at most \(UInt64.max)", at: path)
            return nil
        }
        return g
    }

    // MARK: Functions

    /// Entries: `0x` + 8 hex digits (a selector), or a function signature, canonical or
    /// human-readable (`function approve(address spender, uint256 value)`).
    mutating func functions(_ v: JSONValue, _ path: JSONPath) -> PolicyFunctionSet? {
        guard case .array(let items) = v else {
            typeError("an array", v, path)
            return nil
        }
        var set = PolicyFunctionSet()
        for (i, item) in items.enumerated() {
            let p = path + i
            guard case .string(let s) = item else {
                typeError("a function signature or a 0x selector (a string)", item, p)
                continue
            }
            if s.hasPrefix("0x") || s.hasPrefix("0X") {
                let hex = s.utf8.dropFirst(2)
                let isHex = hex.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
                guard hex.count == 8, isHex, let n = UInt32(String(decoding: hex, as: UTF8.self), radix: 16) else {
                    add("invalid_function", "a selector is 0x and 8 hex digits, found \"\(Self.clip(s))\"", at: p)
                    continue
                }
                if !set.selectors.insert(n).inserted { add("duplicate_entry", "listed twice", at: p) }
                continue
            }
            let f: ABIFunction
            do { f = try ABIFunction(parsing: s) } catch {
                add("invalid_function", "not a function signature: \(error.message)", at: p)
                continue
            }
            let canonical = f.canonicalSignature
            if !set.signatures.insert(canonical).inserted {
                add("duplicate_entry", "\(canonical) is listed twice", at: p)
                continue
            }
            set.signatureSelectors.insert(f.selector.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            set.definitions.append(f)
        }
        return set
    }

    static func clip(_ s: String) -> String {
        s.count <= 80 ? s : String(s.prefix(77)) + "…"
    }
}
