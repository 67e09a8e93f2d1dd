import ABI
import EthereumPrimitives
import Plan

extension SigningPolicy {
    /// Checks transactions against the policy and returns every violation, in order: by
    /// transaction, then the transaction's own fields, its authorizations, and its calls depth
    /// first (a call before the calls nested in it). Codes start with `policy_`; the severity is
    /// `critical` for a wrong chain or a wrong account (sender or authority), `high` otherwise.
    /// `path` is the transaction (`tx[0]`), an authorization (`tx[0].authorizationList[0]`) or a
    /// call (`tx[0].calls[0].calls[3]`); the message names the rule, the offending value and the
    /// action id when the transaction has one.
    ///
    /// A transaction with neither `type` nor `chainId` is bare calldata: only its calls are
    /// checked (and its sender, when given).
    public func evaluate(_ transactions: [AuditedTransaction]) -> [Finding] {
        var e = PolicyEvaluator(policy: self)
        for (position, tx) in transactions.enumerated() {
            e.check(tx, position: position)
        }
        return e.findings
    }
}

/// The signing policy's finding codes (docs/policy.md), each with its severity: `critical` for
/// a wrong chain or a wrong account (sender or authority), `high` otherwise.
public enum PolicyCode: String, FindingCode {
    case accountNotAllowed = "policy_account_not_allowed"
    case approvalTooHigh = "policy_approval_too_high"
    case authorizationAnyChain = "policy_authorization_any_chain"
    case chainNotAllowed = "policy_chain_not_allowed"
    case contractCreation = "policy_contract_creation"
    case delegateNotAllowed = "policy_delegate_not_allowed"
    case feeTooHigh = "policy_fee_too_high"
    case functionDenied = "policy_function_denied"
    case functionNotAllowed = "policy_function_not_allowed"
    case gasPriceTooHigh = "policy_gas_price_too_high"
    case gasTooHigh = "policy_gas_too_high"
    case priorityFeeTooHigh = "policy_priority_fee_too_high"
    case recipientNotAllowed = "policy_recipient_not_allowed"
    case spenderNotAllowed = "policy_spender_not_allowed"
    case targetDenied = "policy_target_denied"
    case targetNotAllowed = "policy_target_not_allowed"
    case tooManyTransactions = "policy_too_many_transactions"
    case totalFeeTooHigh = "policy_total_fee_too_high"
    case totalValueTooHigh = "policy_total_value_too_high"
    case unknownCall = "policy_unknown_call"
    case unlimitedApproval = "policy_unlimited_approval"
    case valueTooHigh = "policy_value_too_high"

    public var severity: Severity {
        switch self {
        case .accountNotAllowed, .authorizationAnyChain, .chainNotAllowed: .critical
        default: .high
        }
    }
}

struct PolicyEvaluator {
    let policy: SigningPolicy
    var findings: [Finding] = []
    var totalValue = RunningTotal()
    var totalFee = RunningTotal()
    /// The action id of the transaction being checked.
    var action: String?

    init(policy: SigningPolicy) { self.policy = policy }

    mutating func add(_ code: PolicyCode, _ path: String, _ rule: String, _ message: String) {
        let prefix = action.map { "action \"\($0)\": " } ?? ""
        findings.append(code.finding(path, prefix + rule + ": " + message))
    }

    static func wei(_ v: UInt256) -> String { "\(v.decimalString) wei" }

    mutating func check(_ tx: AuditedTransaction, position: Int) {
        action = tx.actionId
        let path = tx.path
        let p = policy
        if let max = p.maxTransactions, position == max {
            add(.tooManyTransactions, path, "maxTransactions", "this is transaction \(position + 1); at most \(max) may be signed together")
        }
        if let allowed = p.chainIds {
            if let chain = tx.chainId {
                if !allowed.contains(chain) {
                    add(.chainNotAllowed, path, "chainIds", "chain \(chain) is not allowed (allowed: \(Self.list(allowed)))")
                }
            } else if tx.type != nil {
                add(.chainNotAllowed, path, "chainIds", "the transaction has no chain id (no EIP-155 replay protection: valid on every chain)")
            }
        }
        if let accounts = p.accounts, let from = tx.from, !accounts.contains(from) {
            add(.accountNotAllowed, path, "accounts", "sender \(from.checksummed) is not an allowed account")
        }
        if tx.to == nil && tx.type != nil && !p.contractCreation {
            add(.contractCreation, path, "contractCreation", "the transaction creates a contract (\(tx.data.count) bytes of init code)")
        }
        if let max = p.maxGas, let gas = tx.gasLimit, gas > max {
            add(.gasTooHigh, path, "maxGas", "gas limit \(gas) is above \(max)")
        }
        if let max = p.maxFeePerGas, let fee = tx.maxFeePerGas, fee > max {
            add(.feeTooHigh, path, "maxFeePerGas", "maxFeePerGas \(Self.wei(fee)) is above \(Self.wei(max))")
        }
        if let max = p.maxPriorityFeePerGas, let fee = tx.maxPriorityFeePerGas, fee > max {
            add(.priorityFeeTooHigh, path, "maxPriorityFeePerGas", "maxPriorityFeePerGas \(Self.wei(fee)) is above \(Self.wei(max))")
        }
        if let price = tx.gasPrice {
            if let max = p.maxGasPrice {
                if price > max { add(.gasPriceTooHigh, path, "maxGasPrice", "gasPrice \(Self.wei(price)) is above \(Self.wei(max))") }
            } else if let max = p.maxFeePerGas, price > max {
                add(.gasPriceTooHigh, path, "maxFeePerGas", "gasPrice \(Self.wei(price)) is above \(Self.wei(max)) (maxFeePerGas bounds a legacy gas price when maxGasPrice is absent)")
            }
        }
        // A creation has no call to carry its value.
        if tx.calls.isEmpty, let max = p.maxValue, tx.value > max {
            add(.valueTooHigh, path, "maxValue", "the transaction sends \(Self.wei(tx.value)), above \(Self.wei(max))")
        }
        if let max = p.maxTotalValue, let total = totalValue.add(tx.value, passing: max) {
            add(.totalValueTooHigh, path, "maxTotalValue", "the transactions up to this one send \(total) in total, above \(Self.wei(max))")
        }
        if let max = p.maxTotalFee, let gas = tx.gasLimit, let price = tx.maxFeePerGas ?? tx.gasPrice {
            let (fee, overflow) = UInt256(gas).multipliedReportingOverflow(by: price)
            if let total = totalFee.add(fee, overflowed: overflow, passing: max) {
                add(.totalFeeTooHigh, path, "maxTotalFee", "the transactions up to this one may pay \(total) for gas (gas limit × max fee per gas, summed), above \(Self.wei(max))")
            }
        }
        for (i, auth) in tx.authorizations.enumerated() {
            checkAuthorization(auth, path: path + ".authorizationList[\(i)]")
        }
        for call in tx.calls { checkCall(call) }
    }

    mutating func checkAuthorization(_ auth: AuditedAuthorization, path: String) {
        let p = policy
        if !p.delegates.contains(auth.address) {
            let why = p.delegates.isEmpty ? "the policy allows no delegate" : "not an allowed delegate"
            add(.delegateNotAllowed, path, "delegates", "the authorization delegates the account to \(auth.address.checksummed): \(why)")
        }
        if auth.chainId.isZero {
            if !p.allowAnyChainAuthorization {
                add(.authorizationAnyChain, path, "allowAnyChainAuthorization", "the authorization has chain id 0: valid on every chain")
            }
        } else if let allowed = p.chainIds, !(auth.chainId.uint64Value.map(allowed.contains) ?? false) {
            add(.chainNotAllowed, path, "chainIds", "the authorization is for chain \(auth.chainId.decimalString), which is not allowed (allowed: \(Self.list(allowed)))")
        }
        if let accounts = p.accounts, let authority = auth.authority, !accounts.contains(authority) {
            add(.accountNotAllowed, path, "accounts", "the authorization is signed by \(authority.checksummed), which is not an allowed account")
        }
    }

    mutating func checkCall(_ call: DecodedCall) {
        let p = policy
        let path = call.path
        let to = call.to.checksummed
        if p.deniedTargets.contains(call.to) {
            add(.targetDenied, path, "deniedTargets", "calls \(to), a denied target")
        }
        if let targets = p.targets, !targets.contains(call.to) {
            add(.targetNotAllowed, path, "targets", "calls \(to), which is not an allowed target")
        }
        if let max = p.maxValue, call.value > max {
            add(.valueTooHigh, path, "maxValue", "the call to \(to) sends \(Self.wei(call.value)), above \(Self.wei(max))")
        }
        if !call.data.isEmpty { checkFunction(call) }
        if let f = call.function {
            for grant in PolicyFunctions.grants(f, args: call.args, target: call.to) { checkApproval(call, grant, function: f) }
            if let recipients = p.recipients, let slots = PolicyFunctions.recipients[f] {
                for slot in slots {
                    for r in PolicyFunctions.addresses(call.args, slot) where !recipients.contains(r) {
                        add(.recipientNotAllowed, path, "recipients", "\(Self.name(f)) on \(to) names \(slot.name) \(r.checksummed), which is not an allowed recipient")
                    }
                }
            }
        }
        for inner in call.calls { checkCall(inner) }
    }

    /// `unknownCalls`, `deniedFunctions`, `functions` for a call with data.
    mutating func checkFunction(_ call: DecodedCall) {
        let p = policy
        let path = call.path
        let to = call.to.checksummed
        guard let selectorBytes = call.selector else {
            if !p.allowUnknownCalls {
                add(.unknownCall, path, "unknownCalls", "the call to \(to) has \(call.data.count) byte\(call.data.count == 1 ? "" : "s") of data, too short for a function selector")
            }
            if p.functions != nil {
                add(.functionNotAllowed, path, "functions", "the call to \(to) has no function selector")
            }
            return
        }
        let selector = selectorBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let selectorHex = Hex.encode(selectorBytes)
        let shown = call.function.map { "\($0) (\(selectorHex))" } ?? "selector \(selectorHex)"
        if !p.allowUnknownCalls {
            if call.function == nil {
                add(.unknownCall, path, "unknownCalls", "the call to \(to) has \(shown), which does not decode as a known function")
            } else if let f = call.function,
                      call.nestedCallsUndecoded || (PolicyFunctions.nesting.contains(f) && call.nestedArgument == nil) {
                // Any call list the decoder follows (batches included) that it could not follow:
                // the calls in it are invisible to every other rule.
                add(.unknownCall, path, "unknownCalls", "the call to \(to) is \(f), whose nested call list does not decode (or is nested too deep to follow)")
            }
        }
        if p.deniedFunctions.names(selector: selector) {
            add(.functionDenied, path, "deniedFunctions", "the call to \(to) calls \(shown), a denied function")
        }
        if let allowed = p.functions, !allowed.allows(selector: selector, function: call.function) {
            add(.functionNotAllowed, path, "functions", "the call to \(to) calls \(shown), which is not an allowed function")
        }
    }

    mutating func checkApproval(_ call: DecodedCall, _ a: PolicyFunctions.Grant, function f: String) {
        let rules = policy.approvals
        let (spender, amount, token) = (a.spender, a.amount, a.token)
        // A zero approval revokes an allowance: always allowed.
        guard !amount.isZero else { return }
        let path = call.path
        let what = "\(Self.name(f)) on \(call.to.checksummed) lets \(spender.checksummed) spend\(token == call.to ? "" : " token \(token.checksummed)")"
        if let spenders = rules.spenders, !spenders.contains(spender) {
            add(.spenderNotAllowed, path, "approvals.spenders", "\(what) \(amount.decimalString); \(spender.checksummed) is not an allowed spender")
        }
        if amount >= a.unlimitedFrom {
            if !rules.unlimited {
                add(.unlimitedApproval, path, "approvals.unlimited", "\(what) an unlimited amount (\(amount.decimalString))")
            }
        }
        if let max = rules.limit(for: token), amount > max, !(rules.unlimited && amount >= a.unlimitedFrom) {
            let rule = rules.maxAmounts[token] != nil ? "approvals.maxAmount.\(token.checksummed)" : "approvals.maxAmount"
            add(.approvalTooHigh, path, rule, "\(what) \(amount.decimalString), above \(max.decimalString)")
        }
    }

    /// `approve(address,uint256)` → `approve`.
    static func name(_ signature: String) -> String {
        signature.firstIndex(of: "(").map { String(signature[..<$0]) } ?? signature
    }

    static func list(_ chains: Set<UInt64>) -> String {
        chains.isEmpty ? "none" : chains.sorted().map(String.init).joined(separator: ", ")
    }
}

/// A sum of wei over the transactions in order that reports once, when it first passes a bound.
struct RunningTotal {
    private var sum = UInt256.zero
    private var overflowed = false
    private var reported = false

    /// Adds `amount` (`overflowed`: it is already beyond 2^256 − 1); returns the sum as text the
    /// first time it passes `bound`, nil otherwise.
    mutating func add(_ amount: UInt256, overflowed amountOverflowed: Bool = false, passing bound: UInt256) -> String? {
        guard !reported else { return nil }
        let (s, o) = sum.addingReportingOverflow(amount)
        sum = s
        overflowed = overflowed || o || amountOverflowed
        guard overflowed || sum > bound else { return nil }
        reported = true
        return overflowed ? "more than 2^256 − 1 wei" : PolicyEvaluator.wei(sum)
    }
}
