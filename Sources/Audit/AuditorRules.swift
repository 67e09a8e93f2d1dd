import ABI
import EthereumPrimitives
import Plan
import Protocols

/// The functions the audit reads arguments of, by canonical signature (protocols.md §1).
enum AuditRules {
    static let aaveFlashLoan = AaveV3.flashLoan.signature
    static let execTransaction = SafeProtocol.execTransaction.signature

    /// 2^255: a maximum input at least this large is unlimited (approvals: `Grant.unlimitedFrom`).
    static let half256 = UInt256.one << 255

    /// SwapRouter02's special recipients: `address(1)` = msg.sender, `address(2)` = the router.
    static let routerMsgSender = Address(word: UInt256(1)) ?? .zero
    static let routerSelf = Address(word: UInt256(2)) ?? .zero

    /// What the checks of a call read about its function, for each function of the catalog by
    /// its position (`DecodedCall.catalogIndex`): computed once from the catalog's roles, so that
    /// checking a call looks nothing up by name.
    struct Rule {
        /// Where the function names who receives what it moves, whose position it changes or who
        /// owes the debt it opens: the catalog's beneficiary roles, but for a flash loan's
        /// receiver (checked against the contract that takes the loan, in `Auditor.checkCall`).
        var recipients: [(path: [Int], name: String)] = []
        /// Its swap bound: a minimum output that must not be 0, or a maximum input that must not
        /// be unlimited (the catalog's `minimumOut` / `maximumIn` roles).
        var slippage: (path: [Int], name: String, isMinimum: Bool)?
        /// Router functions, where `address(1)` / `address(2)` are the special recipients.
        var routerSpecialRecipients = false
        /// Inside a flash loan's callback, it may pay the lender back (Balancer is repaid by transfer).
        var mayRepayLender = false
        var approval: ApprovalKind?
        var nesting: CallNesting?
        /// Where a flash loan names its receiver.
        var flashLoanReceiver: ArgumentPath?
    }

    static let rules: [Rule] = ProtocolCatalog.table { f in
        Rule(
            recipients: f.beneficiaries.filter { $0.role != .flashLoanReceiver }.map { (path: $0.path.indexes, name: $0.name) },
            slippage: f.slippageBound.map { (path: $0.path.indexes, name: $0.name, isMinimum: $0.role == .minimumOut) },
            routerSpecialRecipients: f.routerSpecialRecipients, mayRepayLender: f.mayRepayLender, approval: f.approval,
            nesting: f.nesting, flashLoanReceiver: f.arguments(.flashLoanReceiver).first?.path)
    }

    /// Catalog positions of the functions some checks name.
    static let approveIndex = ProtocolCatalog.index(of: ERC20.approve.signature)
    static let aaveFlashLoanIndex = ProtocolCatalog.index(of: aaveFlashLoan)
    static let execTransactionIndex = ProtocolCatalog.index(of: execTransaction)
    static let aaveRepayIndex = ProtocolCatalog.index(of: AaveV3.repay.signature)
    static let morphoRepayIndex = ProtocolCatalog.index(of: MorphoBlue.repay.signature)

    /// In a path: every element of the array at that place.
    static let each = ArgumentPath.each

    /// The values at `path` (argument index, then tuple component indexes; ``each`` for every
    /// element of an array).
    static func arguments(_ args: [ABIValue], _ path: [Int]) -> [ABIValue] {
        ArgumentPath(path).values(in: args)
    }

    /// The value at `path` (argument index, then tuple component indexes).
    static func argument(_ args: [ABIValue], _ path: [Int]) -> ABIValue? {
        ArgumentPath(path).value(in: args)
    }

    // MARK: Allowances left behind

    /// A call that pulls at most what was approved, possibly less: an exact-output swap (the
    /// router takes what the swap needs, up to its maximum in), an Aave repay of 2^256 − 1 (the
    /// whole debt, whatever it has grown to), a Morpho repay by shares. Returns the token pulled
    /// and what the call is; the spender is the call's target.
    static func pullsUpTo(_ call: DecodedCall) -> (token: Address, what: String)? {
        guard let index = call.catalogIndex else { return nil }
        let args = call.args
        if let slip = rules[index].slippage, !slip.isMinimum {
            // The token paid in (an exact-output path is reversed: its last token).
            guard let t = ProtocolCatalog.all[index].token(.tokenIn, in: args) else { return nil }
            return (t, "an exact-output swap")
        }
        if index == aaveRepayIndex {
            guard case .address(let t)? = argument(args, [0]), case .uint(let amount)? = argument(args, [1]), amount == .max else { return nil }
            return (t, "a repay of the whole debt (2^256 − 1)")
        }
        if index == morphoRepayIndex {
            guard case .address(let t)? = argument(args, [0, 0]), case .uint(let shares)? = argument(args, [2]), !shares.isZero else { return nil }
            return (t, "a repay by shares")
        }
        return nil
    }

    /// In one call list: an `approve(spender, amount)` followed by a call of `spender` that may pull
    /// less than `amount` (``pullsUpTo(_:)``), with no `approve(spender, 0)` on the token after that
    /// call in the list, leaves the rest approved.
    static func checkAllowancesLeft(_ calls: [DecodedCall], into out: inout [Finding]) {
        func approval(_ c: DecodedCall) -> (spender: Address, amount: UInt256)? {
            guard c.catalogIndex != nil, c.catalogIndex == approveIndex,
                  case .address(let s)? = argument(c.args, [0]), case .uint(let a)? = argument(c.args, [1]) else { return nil }
            return (s, a)
        }
        for i in calls.indices {
            guard let (spender, amount) = approval(calls[i]), !amount.isZero else { continue }
            let token = calls[i].to
            var user: Int?
            for k in (i + 1)..<calls.count {
                // Another approval of the same spender on the token replaces this one.
                if let a = approval(calls[k]), calls[k].to == token, a.spender == spender { break }
                if calls[k].to == spender, let pull = pullsUpTo(calls[k]), pull.token == token {
                    user = k
                    break
                }
            }
            guard let k = user, let pull = pullsUpTo(calls[k]) else { continue }
            let reset = calls[(k + 1)...].contains { a in
                guard let x = approval(a) else { return false }
                return a.to == token && x.spender == spender && x.amount.isZero
            }
            if !reset {
                out.append(AuditCode.allowanceLeft.finding(calls[i].path, "approves \(spender.checksummed) for \(amount.decimalString) base units of token \(token.checksummed) before \(pull.what) (\(calls[k].path)) that may take less, and no approve(\(spender.checksummed), 0) follows it in this call list: the rest stays approved"))
            }
        }
    }

    // MARK: Approvals

    static func checkApproval(_ index: Int, call: DecodedCall, own: Set<Address>, into out: inout [Finding]) {
        guard let kind = rules[index].approval else { return }
        let token = call.to.checksummed
        for g in ProtocolCatalog.all[index].grants(args: call.args, target: call.to) {
            let spender = g.spender.checksummed
            let amount = g.amount.decimalString
            switch kind {
            case .approve, .increaseAllowance:
                let verb = kind == .approve ? "approves" : "raises the allowance of"
                if g.isUnlimited {
                    out.append(AuditCode.unlimitedApproval.finding(call.path, String(concatenating: verb, " ", spender, " for an unlimited amount (", g.amount == .max ? "2^256 − 1" : amount, ") of token ", token)))
                } else if g.amount.isZero && kind == .approve {
                    out.append(AuditCode.approval.finding(call.path, String(concatenating: "revokes the allowance of ", spender, " on token ", token)))
                } else {
                    out.append(AuditCode.approval.finding(call.path, String(concatenating: verb, " ", spender, " for ", amount, " base units of token ", token)))
                }
            case .permit2Approve, .permit2Permit, .permit2PermitBatch:
                let what = kind == .permit2Approve ? "Permit2" : kind == .permit2Permit ? "Permit2 permit" : "Permit2 batch permit"
                if g.isUnlimited {
                    out.append(AuditCode.unlimitedApproval.finding(call.path, "\(what): approves \(spender) for an unlimited amount (\(amount)) of token \(g.token.checksummed)"))
                } else {
                    out.append(AuditCode.approval.finding(call.path, "\(what): approves \(spender) for \(amount) base units of token \(g.token.checksummed)"))
                }
            case .erc2612Permit:
                let owner = g.owner?.checksummed ?? "owner"
                if g.isUnlimited {
                    out.append(AuditCode.unlimitedApproval.finding(call.path, "ERC-2612 permit: \(owner) approves \(spender) for an unlimited amount of token \(token)"))
                } else {
                    out.append(AuditCode.approval.finding(call.path, "ERC-2612 permit: \(owner) approves \(spender) for \(amount) base units of token \(token)"))
                }
            case .daiPermit:
                let holder = g.owner?.checksummed ?? "holder"
                if g.isUnlimited {
                    out.append(AuditCode.unlimitedApproval.finding(call.path, "DAI permit: \(holder) approves \(spender) for an unlimited amount of token \(token)"))
                } else {
                    out.append(AuditCode.approval.finding(call.path, "DAI permit: \(holder) revokes the allowance of \(spender) on token \(token)"))
                }
            case .operatorForTokens, .operatorForPositions:
                let allowed = !g.amount.isZero
                if allowed && !own.contains(g.spender) {
                    let what = kind == .operatorForPositions ? "to manage every position of the caller on \(token)" : "to move every token of the caller on \(token)"
                    out.append(AuditCode.unlimitedApproval.finding(call.path, "authorizes \(spender) \(what)"))
                } else {
                    out.append(AuditCode.approval.finding(call.path, "\(allowed ? "authorizes" : "deauthorizes") \(spender) on \(token)"))
                }
            }
        }
    }
}
