import ABI
import BallastJSON
import EthereumPrimitives
import Plan
import Protocols
import Safe
import Transactions

/// The audit's finding codes, each with its severity (documented in `docs/audit.md`).
public enum AuditCode: String, FindingCode {
    // Transactions
    case legacyWithoutChainId = "legacy_without_chain_id"
    case contractCreation = "contract_creation"
    case feeCapHigh = "fee_cap_high"
    case inputMismatch = "input_mismatch"
    // EIP-7702 authorizations
    case delegation = "delegation"
    case delegationUnknownDelegate = "delegation_unknown_delegate"
    case authorizationAnyChain = "authorization_any_chain"
    case authorizationChainMismatch = "authorization_chain_mismatch"
    case authorizationInvalidSignature = "authorization_invalid_signature"
    case authorizationNonceMismatch = "authorization_nonce_mismatch"
    // Calls
    case valueTransfer = "value_transfer"
    case unknownFunction = "unknown_function"
    case malformedArguments = "malformed_arguments"
    case callsNotDecoded = "calls_not_decoded"
    case approval = "approval"
    case unlimitedApproval = "unlimited_approval"
    case allowanceLeft = "allowance_left"
    case recipientNotSender = "recipient_not_sender"
    case flashLoanReceiverMismatch = "flash_loan_receiver_mismatch"
    case flashLoanDebt = "flash_loan_debt"
    case noSlippageLimit = "no_slippage_limit"
    case delegateCall = "delegatecall"
    // Safe execTransaction signatures
    case safeSigner = "safe_signer"
    case safeSignaturesUnverified = "safe_signatures_unverified"
    case safeSignatureInvalid = "safe_signature_invalid"
    case safeSignatureOrder = "safe_signature_order"
    // The batch
    case chainIdMixed = "chain_id_mixed"
    case senderMixed = "sender_mixed"
    case nonceGap = "nonce_gap"
    case nonceReused = "nonce_reused"
    case nonceOutOfOrder = "nonce_out_of_order"
    case duplicateTransaction = "duplicate_transaction"
    // --against PLAN
    case againstMissingTransaction = "against_missing_transaction"
    case againstExtraTransaction = "against_extra_transaction"
    case againstMismatch = "against_mismatch"
    case againstUnverifiable = "against_unverifiable"

    /// The severity of the code (`against_mismatch`: `high`, escalated to `critical` for a
    /// different chain, sender, target, value, data or delegate).
    public var severity: Severity {
        switch self {
        case .valueTransfer, .approval, .senderMixed, .safeSigner: .info
        case .nonceOutOfOrder, .duplicateTransaction, .allowanceLeft, .safeSignaturesUnverified: .low
        case .contractCreation, .feeCapHigh, .delegation, .authorizationChainMismatch, .authorizationInvalidSignature,
             .authorizationNonceMismatch, .unknownFunction, .malformedArguments, .callsNotDecoded, .unlimitedApproval,
             .flashLoanDebt, .chainIdMixed, .nonceGap:
            .medium
        case .legacyWithoutChainId, .authorizationAnyChain, .recipientNotSender, .flashLoanReceiverMismatch,
             .noSlippageLimit, .delegateCall, .safeSignatureInvalid, .safeSignatureOrder, .nonceReused, .againstMissingTransaction, .againstMismatch, .againstUnverifiable:
            .high
        case .inputMismatch, .againstExtraTransaction, .delegationUnknownDelegate: .critical
        }
    }

    /// `against_mismatch` about the chain, sender, target, value, data or delegate is critical.
    public var escalatedSeverity: Severity? {
        self == .againstMismatch ? .critical : nil
    }
}

/// Thresholds of the audit.
public struct AuditOptions: Sendable, Hashable {
    /// `fee_cap_high` when a transaction's gas price or max fee per gas is above this (wei).
    public var maxFeePerGas: UInt256

    /// EIP-7702 delegates the caller vouches for (a signing policy's `delegates`). An authorization
    /// to any other delegate that is neither the plan's executor (with `against`) nor in the
    /// address book of its chain is `delegation_unknown_delegate` (critical).
    public var knownDelegates: Set<Address>
    /// The Safe's nonce when it executes an `execTransaction` of the input (the calldata does
    /// not carry it): with it the owners of ECDSA signatures are recovered. nil: not recovered.
    public var safeNonce: UInt256?
    /// The Safe's version, which decides its EIP-712 domain.
    public var safeVersion: SafeVersion

    /// 1000 gwei.
    public static let defaultMaxFeePerGas = UInt256(1_000_000_000_000)

    public init(
        maxFeePerGas: UInt256 = AuditOptions.defaultMaxFeePerGas, knownDelegates: Set<Address> = [],
        safeNonce: UInt256? = nil, safeVersion: SafeVersion = .defaultVersion
    ) {
        self.maxFeePerGas = maxFeePerGas
        self.knownDelegates = knownDelegates
        self.safeNonce = safeNonce
        self.safeVersion = safeVersion
    }
}

/// Decodes transactions into call trees and reports findings about them.
///
/// `audit(_:against:)` gives the whole report; `transactions(_:)` and `findings(_:)` are its two
/// halves, for callers (a signing policy) that add findings of their own: they are appended to
/// ``AuditReport/findings`` and count for ``AuditReport/fails(at:)`` like any other.
public struct Auditor: Sendable {
    public var decoder: CallDecoder
    public var options: AuditOptions

    /// `decoder` should know the functions to recognise (the bundled ABIs, `--abi` files) and
    /// follow batches (`followsBatches`).
    public init(decoder: CallDecoder, options: AuditOptions = AuditOptions()) {
        self.decoder = decoder
        self.options = options
    }

    /// The whole audit: the decoded transactions, the findings about them, and with a plan the
    /// differences from it.
    public func audit(_ lines: [AuditInputLine], against plan: CompiledPlan? = nil) -> AuditReport {
        let txs = transactions(lines)
        let auditor = plan.map { vouching(for: Self.delegates(of: $0.plan)) } ?? self
        var found = auditor.findings(txs, lines: lines)
        if let plan { found += against(plan, transactions: txs, lines: lines) }
        return AuditReport(transactions: txs, findings: found)
    }

    /// This auditor, also vouching for `delegates` (EIP-7702 delegates that are then not
    /// `delegation_unknown_delegate`): with a plan, its ``PlanExpectations/delegates``, as
    /// ``audit(_:against:)`` does before it checks; a caller streaming transactions against the
    /// plan (``against(_:transaction:position:signed:)``) audits them with this auditor.
    public func vouching(for delegates: Set<Address>) -> Auditor {
        var auditor = self
        auditor.options.knownDelegates.formUnion(delegates)
        return auditor
    }

    /// The delegates a plan vouches for: its executor or EIP-7702 delegate, and the protocols of
    /// its address book.
    static func delegates(of plan: Plan) -> Set<Address> {
        var out = Set(plan.book.protocols.values)
        if let executor = plan.execution.executor { out.insert(executor) }
        if let delegate = plan.execution.delegate { out.insert(delegate) }
        return out
    }

    /// Whether `delegate` is vouched for: by the options, or by the built-in address book of the
    /// authorization's chain (of the transaction's chain for a chain-0 authorization).
    func isKnownDelegate(_ delegate: Address, chainId: UInt256, transactionChain: UInt64?) -> Bool {
        if options.knownDelegates.contains(delegate) { return true }
        let chain: UInt64? = chainId.isZero ? transactionChain : chainId.uint64Value
        guard let chain else { return false }
        return AddressBook.builtin(chainId: chain).protocols.values.contains(delegate)
    }

    // MARK: Inputs to transactions

    /// The transactions of the input, in order, each with its decoded call tree.
    public func transactions(_ lines: [AuditInputLine]) -> [AuditedTransaction] {
        lines.enumerated().map { transaction($1, index: $0) }
    }

    /// One input line as the transaction at position `index`, with its decoded call tree and
    /// its Safe signatures.
    public func transaction(_ line: AuditInputLine, index: Int) -> AuditedTransaction {
        var tx: AuditedTransaction
        switch line.input {
        case .signed(let s):
            tx = AuditedTransaction(signed: s, index: index, decoder: decoder, actionId: line.actionId)
        case .calldata(let to, let value, let data, let from):
            tx = AuditedTransaction(
                index: index, actionId: line.actionId, from: from, to: to, value: value, data: data,
                calls: calls(to: to, value: value, data: data, index: index))
        }
        tx.safeSignatures = SafeSignaturesReport.all(in: tx.calls, chainId: tx.chainId, options: options)
        return tx
    }

    func calls(to: Address?, value: UInt256, data: [UInt8], index: Int) -> [DecodedCall] {
        guard let to else { return [] }
        return [decoder.decode(to: to, value: value, data: data, path: "tx[\(index)].calls[0]")]
    }

    // MARK: Findings

    /// Every finding about the transactions: per transaction (its fields, authorizations and
    /// calls, in tree order), then about the batch (chains, senders, nonces).
    public func findings(_ txs: [AuditedTransaction], lines: [AuditInputLine] = []) -> [Finding] {
        var out: [Finding] = []
        var batch = AuditBatch()
        for tx in txs {
            out += findings(tx, claims: tx.index < lines.count ? lines[tx.index].claims : nil)
            batch.add(tx)
        }
        out += batch.findings()
        return out
    }

    /// The findings about one transaction alone (its line's claims, its fields, authorizations,
    /// Safe signatures and calls, in tree order): what ``findings(_:lines:)`` lists for it before
    /// the batch's findings. Independent of the other transactions, so transactions can be
    /// checked in parallel and the batch state (``AuditBatch``) fed in order.
    public func findings(_ tx: AuditedTransaction, claims: AuditLineClaims?) -> [Finding] {
        var out: [Finding] = []
        if let claims { checkClaims(claims, tx, into: &out) }
        checkTransaction(tx, into: &out)
        for report in tx.safeSignatures { report.findings(into: &out) }
        let own: Set<Address> = tx.from.map { [$0] } ?? []
        for call in tx.calls {
            checkCall(call, context: CallContext(caller: tx.from, own: own, lender: nil, checksRecipients: tx.from != nil), into: &out)
        }
        return out
    }

    func checkClaims(_ c: AuditLineClaims, _ tx: AuditedTransaction, into out: inout [Finding]) {
        var wrong: [String] = []
        if let n = c.nonce, n != tx.nonce.map(String.init) { wrong.append("nonce \(n) (raw: \(tx.nonce.map(String.init) ?? "none"))") }
        if let h = c.hash, h.lowercased() != tx.hash?.hex { wrong.append("hash \(h) (raw: \(tx.hash?.hex ?? "none"))") }
        if let f = c.from, (try? Address(hex: f)) != tx.from { wrong.append("from \(f) (raw: \(tx.from?.checksummed ?? "none"))") }
        if let t = c.type, t != tx.type.map({ String($0.rawValue) }) { wrong.append("type \(t) (raw: \(tx.type.map { String($0.rawValue) } ?? "none"))") }
        if let to = c.to {
            let claimed: Address? = to.flatMap { try? Address(hex: $0) }
            if claimed != tx.to || (to != nil && claimed == nil) {
                wrong.append("to \(to ?? "null") (raw: \(tx.to?.checksummed ?? "null"))")
            }
        }
        if !wrong.isEmpty {
            out.append(AuditCode.inputMismatch.finding(tx.path, "the line's fields disagree with its raw transaction: " + wrong.joined(separator: "; ")))
        }
    }

    func checkTransaction(_ tx: AuditedTransaction, into out: inout [Finding]) {
        let path = tx.path
        if tx.type == .legacy && tx.chainId == nil {
            out.append(AuditCode.legacyWithoutChainId.finding(path, "legacy transaction without a chain id (pre-EIP-155): it can be replayed on every chain where the sender's nonce matches"))
        }
        if tx.to == nil {
            let extra = tx.value.isZero ? "" : " with \(Self.ether(tx.value))"
            out.append(AuditCode.contractCreation.finding(path, "creates a contract (no `to`; \(tx.data.count) bytes of initcode)\(extra)"))
            if !tx.value.isZero {
                out.append(AuditCode.valueTransfer.finding(path, "sends \(Self.ether(tx.value)) to the created contract"))
            }
        }
        for (name, fee) in [("gas price", tx.gasPrice), ("max fee per gas", tx.maxFeePerGas)] {
            if let fee, fee > options.maxFeePerGas {
                out.append(AuditCode.feeCapHigh.finding(path, "\(name) \(Self.gwei(fee)) is above \(Self.gwei(options.maxFeePerGas))"))
            }
        }
        for (k, a) in tx.authorizations.enumerated() {
            let apath = "\(path).authorizationList[\(k)]"
            let who = a.authority?.checksummed ?? "an unknown authority (invalid signature)"
            if a.address.isZero {
                out.append(AuditCode.delegation.finding(apath, "clears the EIP-7702 delegation of \(who)"))
            } else {
                out.append(AuditCode.delegation.finding(apath, "delegates \(who) to the code at \(a.address.checksummed) (EIP-7702): every call to \(who) runs that code"))
                if !isKnownDelegate(a.address, chainId: a.chainId, transactionChain: tx.chainId) {
                    out.append(AuditCode.delegationUnknownDelegate.finding(apath, "delegates \(who) to \(a.address.checksummed), which is not the plan's executor, not in the address book and not allowed by the policy: code nobody vouched for would control \(who) and everything it holds"))
                }
            }
            if a.chainId.isZero {
                out.append(AuditCode.authorizationAnyChain.finding(apath, "authorization with chain id 0: valid on every chain, so it can be replayed wherever \(who) has nonce \(a.nonce)"))
            } else if let chain = tx.chainId, a.chainId != UInt256(chain) {
                out.append(AuditCode.authorizationChainMismatch.finding(apath, "authorization for chain \(a.chainId.decimalString) in a transaction for chain \(chain): it is skipped here"))
            }
            guard let authority = a.authority else {
                out.append(AuditCode.authorizationInvalidSignature.finding(apath, "the authorization's signature recovers no key: it is skipped, nothing is delegated"))
                continue
            }
            if authority == tx.from, let nonce = tx.nonce {
                let (next, overflow) = nonce.addingReportingOverflow(1)
                if overflow || a.nonce != next {
                    out.append(AuditCode.authorizationNonceMismatch.finding(apath, "the sender signs its own authorization with nonce \(a.nonce); it must be the transaction's nonce + 1 (\(overflow ? "none" : String(next))) or it is skipped"))
                }
            }
        }
    }

    // MARK: Calls

    struct CallContext {
        /// Who makes the call (nil when unknown: bare calldata without a sender).
        var caller: Address?
        /// The sender and the contracts acting for it on the way down (executors, the
        /// delegated account, a Safe): the addresses value may go to.
        var own: Set<Address>
        /// Inside a flash loan's callback: the lender (repaying it is expected).
        var lender: Address?
        /// Recipients are checked only when the sender is known: without it (bare calldata
        /// without `--from`), a payment to the sender would look like one to a stranger.
        var checksRecipients: Bool
    }

    /// MultiSend is called by DELEGATECALL by design.
    static func isMultiSend(_ nesting: CallNesting?) -> Bool {
        if case .multiSend? = nesting { true } else { false }
    }

    func checkCall(_ call: DecodedCall, context: CallContext, into out: inout [Finding]) {
        let path = call.path
        if !call.value.isZero {
            out.append(AuditCode.valueTransfer.finding(path, "sends \(Self.ether(call.value)) to \(call.to.checksummed)"))
        }
        // The catalog's rules for the function (nil: not a catalog function, or not decoded).
        let index = call.catalogIndex
        let nesting = index.flatMap { AuditRules.rules[$0].nesting }
        if call.delegateCall, !Self.isMultiSend(nesting) {
            out.append(AuditCode.delegateCall.finding(path, "DELEGATECALL to \(call.to.checksummed): its code runs with the caller's storage and balance"))
        }
        guard let function = call.function else {
            if let selector = call.selector {
                if decoder.knows(selector: selector) {
                    out.append(AuditCode.malformedArguments.finding(path, "selector \(Hex.encode(selector)) is known, but the arguments (\(call.data.count - 4) bytes) do not decode strictly as any of its functions"))
                } else {
                    out.append(AuditCode.unknownFunction.finding(path, "selector \(Hex.encode(selector)) sent to \(call.to.checksummed) is not in the known ABIs (pass --abi)"))
                }
            } else if !call.data.isEmpty {
                out.append(AuditCode.unknownFunction.finding(path, "\(call.data.count) byte(s) of calldata to \(call.to.checksummed), shorter than a selector"))
            }
            return
        }
        if call.nestedCallsUndecoded {
            out.append(AuditCode.callsNotDecoded.finding(path, "the call list of \(function) could not be decoded (or is nested too deep): its calls are not audited"))
        }
        var childContext = context
        if let index {
            checkRules(index, function: function, call: call, context: context, childContext: &childContext, into: &out)
        } else {
            childContext.caller = call.to
        }
        AuditRules.checkAllowancesLeft(call.calls, into: &out)
        for i in call.calls.indices {
            checkCall(call.calls[i], context: childContext, into: &out)
        }
    }

    /// The checks of a call of the catalog's function at `index` (its roles: approvals,
    /// recipients, the swap bound, the flash loan), and who makes the calls nested in it.
    private func checkRules(
        _ index: Int, function: String, call: DecodedCall, context: CallContext, childContext: inout CallContext, into out: inout [Finding]
    ) {
        let path = call.path
        let args = call.args
        AuditRules.checkApproval(index, call: call, own: context.own, into: &out)
        if context.checksRecipients, !AuditRules.rules[index].recipients.isEmpty {
            let rule = AuditRules.rules[index]
            for r in rule.recipients {
                for case .address(let a) in AuditRules.arguments(args, r.path) {
                    if context.own.contains(a) { continue }
                    // address(1) is the router's msg.sender: ours only when we call the router (not
                    // when Multicall3 or another contract does, leaving the output there).
                    if rule.routerSpecialRecipients,
                       a == AuditRules.routerSelf || (a == AuditRules.routerMsgSender && context.caller.map(context.own.contains) == true) { continue }
                    if let lender = context.lender, a == lender, rule.mayRepayLender { continue }
                    out.append(AuditCode.recipientNotSender.finding(path, "\(function): \(r.name) is \(a.checksummed), which is neither the sender nor the contract acting for it (\(Self.list(context.own)))"))
                }
            }
        }
        if let slip = AuditRules.rules[index].slippage, case .uint(let bound)? = AuditRules.argument(args, slip.path) {
            if slip.isMinimum ? bound.isZero : bound >= AuditRules.half256 {
                out.append(AuditCode.noSlippageLimit.finding(path, "\(function): \(slip.name) is \(slip.isMinimum ? "0" : "unbounded (\(bound.decimalString))"): the swap accepts any price"))
            }
        }
        // Who makes the inner calls, from the catalog's nesting of this function.
        switch AuditRules.rules[index].nesting {
        case .callList?, .safeTransaction?:
            // The executor's `execute`, a Safe's `execTransaction`: the contract acts for the sender.
            childContext.caller = call.to
            childContext.own.insert(call.to)
        case .encodedCallList?:
            // A flash loan: the callback runs in its receiver (Morpho: the caller), lent by the target.
            if let receiverPath = AuditRules.rules[index].flashLoanReceiver, case .address(let receiver)? = receiverPath.value(in: args) {
                if let caller = context.caller, receiver != caller {
                    out.append(AuditCode.flashLoanReceiverMismatch.finding(path, "the flash loan's receiver is \(receiver.checksummed), not \(caller.checksummed) which takes it: the callback runs elsewhere"))
                }
                childContext.caller = receiver
            }
            childContext.lender = call.to
            if index == AuditRules.aaveFlashLoanIndex, case .array(let modes)? = AuditRules.argument(args, [3]),
               modes.contains(where: { if case .uint(let m) = $0 { !m.isZero } else { false } }) {
                let onBehalf: String
                if case .address(let a)? = AuditRules.argument(args, [4]) { onBehalf = a.checksummed } else { onBehalf = "onBehalfOf" }
                out.append(AuditCode.flashLoanDebt.finding(path, "an interest rate mode other than 0: the loan is not repaid but opened as debt of \(onBehalf)"))
            }
        case .multiSend?:
            if !call.delegateCall { childContext.caller = call.to }
        case .selfCalls?:
            break
        default:
            childContext.caller = call.to
        }
    }

    // MARK: Formatting

    static func ether(_ wei: UInt256) -> String {
        "\(wei.decimalString) wei (\(Units.formatValue(wei, unit: .ether)) ether)"
    }

    static func gwei(_ wei: UInt256) -> String {
        "\(Units.formatValue(wei, unit: .gwei)) gwei"
    }

    static func list(_ addresses: Set<Address>) -> String {
        addresses.sorted().map(\.checksummed).joined(separator: ", ")
    }
}
