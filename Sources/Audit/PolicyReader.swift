import ABI
import BallastJSON
import EthereumPrimitives

extension JSONIssueCode {
    /// Neither a function signature nor a `0x` 8-hex-digit selector.
    static let invalidFunction = JSONIssueCode(rawValue: "invalid_function")
    /// The policy file is not JSON.
    static let invalidJSON = JSONIssueCode(rawValue: "invalid_json")
    /// The code of every ``PolicyError``, and of its one issue when none is given.
    static let policyInvalid = JSONIssueCode(rawValue: "policy_invalid")

    /// The policy's own codes (beside the shared reading codes).
    public static let policyCodes: [JSONIssueCode] = [.invalidFunction, .invalidJSON, .policyInvalid]
}

/// Reads a policy document, collecting every problem with its JSON path (never throwing); the
/// shapes, addresses and quantities are read by the shared JSONFieldReading functions.
struct PolicyReader: JSONFieldReading {
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

    mutating func report(_ code: JSONIssueCode, _ message: String, at path: JSONPath) {
        guard issues.count < Self.issueLimit else { return }
        issues.append(PolicyIssue(code: code, message: message, path: path.description))
    }

    /// A policy has no extension keys.
    var extensionPrefix: String? { nil }

    /// Every malformed quantity is `invalid_quantity` (docs/policy.md).
    var quantityCodes: JSONQuantityCodes { .uniform(.invalidQuantity) }

    mutating func read(_ json: JSONValue) -> SigningPolicy {
        var p = SigningPolicy()
        let root = JSONPath.root
        guard case .object(let members) = json else {
            report(.invalidType, "a policy is a JSON object, found \(json.kindName)", at: root)
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
                    report(.unsupportedVersion, "policy version \(n) is not supported (this build reads version \(SigningPolicy.version))", at: path)
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
                case .string(let s): report(.invalidValue, "unknownCalls is \"deny\" or \"allow\", found \"\(Self.clip(s))\"", at: path)
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
            report(.missingField, "missing field \"version\" (the policy format version, 1)", at: root + "version")
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
                    rules.maxAmount = quantity(value, p)
                    continue
                }
                for entry in perToken {
                    let ep = p + entry.key
                    guard let token = address(.string(entry.key), ep), let amount = quantity(entry.value, ep) else { continue }
                    if rules.maxAmounts.updateValue(amount, forKey: token) != nil {
                        report(.duplicateEntry, "token \(token.checksummed) is listed twice", at: ep)
                    }
                }
            default: unknownKey(key, allowed: Self.approvalKeys, p)
            }
        }
        return rules
    }

    // MARK: Values

    mutating func addresses(_ v: JSONValue, _ path: JSONPath) -> Set<Address>? {
        list(v, path) { r, item, p in r.address(item, p) }
    }

    /// A gas amount: a JSON integer or a digit / `0x` string, at most 2^64 − 1.
    mutating func gas(_ v: JSONValue, _ path: JSONPath) -> UInt64? {
        guard let n = quantity(v, path) else { return nil }
        guard let g = n.uint64Value else {
            report(.outOfRange, "a gas amount is at most \(UInt64.max)", at: path)
            return nil
        }
        return g
    }

    // MARK: Functions

    /// Entries: `0x` + 8 hex digits (a selector), or a function signature, canonical or
    /// human-readable (`function approve(address spender, uint256 value)`).
    mutating func functions(_ v: JSONValue, _ path: JSONPath) -> PolicyFunctionSet? {
        guard let items = array(v, path) else { return nil }
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
                    report(.invalidFunction, "a selector is 0x and 8 hex digits, found \"\(Self.clip(s))\"", at: p)
                    continue
                }
                if !set.selectors.insert(n).inserted { report(.duplicateEntry, "listed twice", at: p) }
                continue
            }
            let f: ABIFunction
            do { f = try ABIFunction(parsing: s) } catch {
                report(.invalidFunction, "not a function signature: \(error.message)", at: p)
                continue
            }
            let canonical = f.canonicalSignature
            if !set.signatures.insert(canonical).inserted {
                report(.duplicateEntry, "\(canonical) is listed twice", at: p)
                continue
            }
            set.signatureSelectors.insert(f.selector.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            set.definitions.append(f)
        }
        return set
    }
}
