import ABI
import BallastJSON
import EthereumPrimitives
import Plan
import Transactions

extension Auditor {
    /// Proves the transactions do what the compiled plan says and nothing else: the same count
    /// and order, and in each transaction the same chain id, sender (the plan's account), nonce,
    /// type, `to`, value, data, gas limit, fee fields, access list (empty) and authorization
    /// (chain id, address, nonce, authority = the account). Every difference is a finding:
    /// `against_mismatch` (`critical` for chain id, sender, `to`, value, data and delegate
    /// address; `high` otherwise), `against_extra_transaction` (critical),
    /// `against_missing_transaction` (high), `against_unverifiable` (high: a field the input does
    /// not give, as with bare calldata). A data difference names the first differing call of the
    /// decoded tree. A `safe`-mode plan has no transactions: callers refuse it (see
    /// ``AuditAgainst/check(_:)``).
    public func against(_ compiled: CompiledPlan, transactions txs: [AuditedTransaction], lines: [AuditInputLine] = []) -> [Finding] {
        against(PlanExpectations(compiled), transactions: txs, lines: lines)
    }

    /// ``against(_:transactions:lines:)`` with the plan's expectations already packed.
    public func against(_ plan: PlanExpectations, transactions txs: [AuditedTransaction], lines: [AuditInputLine] = []) -> [Finding] {
        var out: [Finding] = []
        for (i, tx) in txs.enumerated() {
            let signed: SignedTransaction? = {
                guard i < lines.count, case .signed(let s) = lines[i].input else { return nil }
                return s
            }()
            out += against(plan, transaction: tx, position: i, signed: signed)
        }
        out += againstMissing(plan, audited: txs.count)
        return out
    }

    /// The differences between the input's transaction at `position` and the plan's transaction
    /// there (`against_extra_transaction` past the plan's last): what
    /// ``against(_:transactions:lines:)`` lists for it. `signed`: the transaction as the input
    /// gives it, when signed (its access list and blob fields are compared). Independent of the
    /// other transactions, so that a long input is compared as it streams.
    public func against(_ plan: PlanExpectations, transaction tx: AuditedTransaction, position: Int, signed: SignedTransaction?) -> [Finding] {
        var out: [Finding] = []
        guard position < plan.count else {
            out.append(AuditCode.againstExtraTransaction.finding(tx.path, "not in the plan: the plan has \(plan.count) transaction\(plan.count == 1 ? "" : "s")"))
            return out
        }
        compare(plan[position], plan: plan, got: tx, signed: signed, into: &out)
        return out
    }

    /// `against_missing_transaction` for each of the plan's transactions past the `audited`
    /// first: what ``against(_:transactions:lines:)`` lists last.
    public func againstMissing(_ plan: PlanExpectations, audited: Int) -> [Finding] {
        var out: [Finding] = []
        if audited < plan.count {
            for k in audited..<plan.count {
                let p = plan[k]
                out.append(AuditCode.againstMissingTransaction.finding("tx[\(k)]", "the plan's transaction \(k) (action \(p.actionId), nonce \(p.nonce)) is missing"))
            }
        }
        return out
    }

    func compare(_ e: ExpectedTransaction, plan: PlanExpectations, got tx: AuditedTransaction, signed: SignedTransaction?, into out: inout [Finding]) {
        let label = "\(tx.path) (action \(e.actionId))"
        var unknown: [String] = []
        func mismatch(_ field: String, _ expected: String, _ got: String, critical: Bool, path: String? = nil) {
            out.append(AuditCode.againstMismatch.finding(
                path ?? tx.path, "\(label): \(field): expected \(expected), got \(got)", escalated: critical))
        }
        func check<T: Equatable>(_ field: String, _ expected: T?, _ got: T?, critical: Bool, _ show: (T) -> String) {
            guard let got else {
                unknown.append(field)
                return
            }
            if expected != got { mismatch(field, expected.map(show) ?? "none", show(got), critical: critical) }
        }
        if let id = tx.actionId, id != e.actionId { mismatch("id", e.actionId, id, critical: false) }
        if tx.hash != nil, tx.chainId == nil {
            mismatch("chainId", String(plan.chainId), "none (pre-EIP-155)", critical: true)
        } else {
            check("chainId", plan.chainId, tx.chainId, critical: true) { String($0) }
        }
        check("from", plan.account, tx.from, critical: true) { $0.checksummed }
        check("nonce", e.nonce, tx.nonce, critical: false) { String($0) }
        check("type", e.type, tx.type, critical: false) { String($0.rawValue) }
        if e.to != tx.to { mismatch("to", e.to?.checksummed ?? "none (creation)", tx.to?.checksummed ?? "none (creation)", critical: true) }
        if e.value != tx.value { mismatch("value", e.value.decimalString, tx.value.decimalString, critical: true) }
        if e.input != tx.data {
            let (path, detail) = dataDifference(expected: e, got: tx)
            out.append(AuditCode.againstMismatch.finding(
                path, "\(label): data differ from the plan (\(e.input.count) bytes expected, \(tx.data.count) got): \(detail)", escalated: true))
        }
        check("gas", e.gasLimit, tx.gasLimit, critical: false) { String($0) }
        if tx.hash != nil || tx.type != nil {
            if e.gasPrice != tx.gasPrice { mismatch("gasPrice", e.gasPrice?.decimalString ?? "none", tx.gasPrice?.decimalString ?? "none", critical: false) }
            if e.maxFeePerGas != tx.maxFeePerGas { mismatch("maxFeePerGas", e.maxFeePerGas?.decimalString ?? "none", tx.maxFeePerGas?.decimalString ?? "none", critical: false) }
            if e.maxPriorityFeePerGas != tx.maxPriorityFeePerGas {
                mismatch("maxPriorityFeePerGas", e.maxPriorityFeePerGas?.decimalString ?? "none", tx.maxPriorityFeePerGas?.decimalString ?? "none", critical: false)
            }
        } else {
            unknown.append("fees")
        }
        if let s = signed {
            let list = s.transaction.accessList
            if list != e.accessList {
                mismatch("accessList", "\(e.accessList.count) entr\(e.accessList.count == 1 ? "y" : "ies")", "\(list.count) entr\(list.count == 1 ? "y" : "ies") (\(list.map(\.address.checksummed).joined(separator: ", ")))", critical: false)
            }
            if s.type == .blob { mismatch("blobVersionedHashes", "none", "\(s.transaction.blobVersionedHashes.count)", critical: false) }
        } else if tx.hash == nil {
            unknown.append("accessList")
        }
        compareAuthorizations(e.authorization, account: plan.account, got: tx, mismatch: mismatch, unknown: &unknown)
        if !unknown.isEmpty {
            out.append(AuditCode.againstUnverifiable.finding(tx.path, "\(label): the input does not give \(unknown.joined(separator: ", ")): not proven to match the plan"))
        }
    }

    func compareAuthorizations(
        _ expected: UnsignedAuthorization?, account: Address, got tx: AuditedTransaction,
        mismatch: (String, String, String, Bool, String?) -> Void, unknown: inout [String]
    ) {
        let auths = tx.authorizations
        guard let e = expected else {
            if !auths.isEmpty {
                mismatch("authorizationList", "none", "\(auths.count) authorization\(auths.count == 1 ? "" : "s") (delegate \(auths.map(\.address.checksummed).joined(separator: ", ")))", true, nil)
            }
            return
        }
        guard auths.count == 1, let a = auths.first else {
            if tx.hash == nil && tx.type == nil {
                unknown.append("authorizationList")
            } else {
                mismatch("authorizationList", "1 authorization", "\(auths.count)", true, nil)
            }
            return
        }
        let path = "\(tx.path).authorizationList[0]"
        if a.chainId != e.chainId { mismatch("authorization chainId", e.chainId.decimalString, a.chainId.decimalString, true, path) }
        if a.address != e.address { mismatch("authorization address", e.address.checksummed, a.address.checksummed, true, path) }
        if a.nonce != e.nonce { mismatch("authorization nonce", String(e.nonce), String(a.nonce), false, path) }
        if a.authority != account {
            mismatch("authorization authority", account.checksummed, a.authority?.checksummed ?? "none (invalid signature)", true, path)
        }
    }

    /// The first call where the decoded trees differ, and how.
    func dataDifference(expected e: ExpectedTransaction, got tx: AuditedTransaction) -> (String, String) {
        guard let eto = e.to, let gto = tx.to else { return (tx.path, "initcode or target differs") }
        let path = "tx[\(tx.index)].calls[0]"
        let a = decoder.decode(to: eto, value: e.value, data: e.input, path: path)
        let b = decoder.decode(to: gto, value: tx.value, data: tx.data, path: path)
        return Self.firstDifference(a, b, root: true) ?? (path, "the data differ")
    }

    /// `root`: the transaction's own call, whose `to` and value are compared on their own.
    static func firstDifference(_ e: DecodedCall, _ g: DecodedCall, root: Bool = false) -> (String, String)? {
        if !root && e.to != g.to { return (g.path, "to: expected \(e.to.checksummed), got \(g.to.checksummed)") }
        if !root && e.value != g.value { return (g.path, "value: expected \(e.value.decimalString), got \(g.value.decimalString)") }
        if e.data == g.data { return nil }
        if e.selector != g.selector || e.function != g.function {
            return (g.path, "function: expected \(name(e)), got \(name(g))")
        }
        if e.nestedArgument != nil, e.nestedArgument == g.nestedArgument {
            for (x, y) in zip(e.calls, g.calls) {
                if let d = firstDifference(x, y) { return d }
            }
            if e.calls.count < g.calls.count {
                let extra = g.calls[e.calls.count]
                return (extra.path, "a call the plan does not make: \(name(extra)) to \(extra.to.checksummed) (the plan has \(e.calls.count) calls here, got \(g.calls.count))")
            }
            if e.calls.count > g.calls.count {
                let missing = e.calls[g.calls.count]
                return (g.path, "the plan's call \(missing.path) (\(name(missing)) to \(missing.to.checksummed)) is missing (the plan has \(e.calls.count) calls here, got \(g.calls.count))")
            }
        }
        if e.function != nil {
            for (k, (x, y)) in zip(e.args, g.args).enumerated() where x != y && k != e.nestedArgument {
                return (g.path, "\(name(e)) argument \(k): expected \(short(x)), got \(short(y))")
            }
        }
        let n = min(e.data.count, g.data.count)
        var k = 0
        while k < n && e.data[k] == g.data[k] { k += 1 }
        return (g.path, "the calldata first differs at byte \(k)")
    }

    static func name(_ c: DecodedCall) -> String {
        c.function ?? c.selector.map { "selector " + Hex.encode($0) } ?? "no calldata"
    }

    static func short(_ v: ABIValue) -> String {
        let s = v.jsonValue.compact
        return s.count > 160 ? String(s.prefix(157)) + "…" : s
    }
}

/// Whether a plan can be audited against.
public enum AuditAgainst {
    /// Refuses a `safe`-mode plan: its output is a Safe batch for the owners, not signed
    /// transactions (audit the batch's calls as calldata with `--to` instead).
    public static func check(_ plan: Plan) throws(AuditError) {
        if plan.execution.mode == .safe {
            throw AuditError(
                .againstSafeMode,
                "a safe-mode plan compiles to a Safe Transaction Builder batch, not to signed transactions: there is nothing to prove them against (audit the batch's calls with --to instead)",
                at: "execution.mode")
        }
    }
}
