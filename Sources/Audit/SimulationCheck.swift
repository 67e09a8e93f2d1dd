import ABI
import BallastJSON
import EthereumPrimitives
import Keccak
import Plan
import Protocols
import Transactions

/// A token movement read from a simulated call's logs: an ERC-20 `Transfer` or, from the
/// `traceTransfers` pseudo-address, a native transfer.
public struct AssetMovement: Sendable, Hashable {
    /// The token, or ``SimulationCheck/nativeToken`` for ether.
    public var token: Address
    public var from: Address
    public var to: Address
    public var amount: UInt256
}

/// The net change of one token's balance of one holder (the account or its executor).
public struct NetChange: Sendable, Hashable {
    public var holder: Address
    public var token: Address
    /// Gained (`false`) or lost (`true`).
    public var negative: Bool
    public var magnitude: UInt256
    /// The sums overflowed 2^256 (only a forged log can do that): the change is unknown.
    public var overflow: Bool

    /// `+5`, `-5`, `0`, or `overflow`.
    public var text: String {
        if overflow { return "overflow" }
        if magnitude.isZero { return "0" }
        return (negative ? "-" : "+") + magnitude.decimalString
    }
}

/// What the simulation said about one transaction.
public struct SimulatedTransactionSummary: Sendable, Hashable {
    /// The transaction's index in the audit.
    public var index: Int
    public var success: Bool
    public var gasUsed: UInt64
    public var gasLimit: UInt64?
    /// The decoded revert reason of a failed call.
    public var revertReason: String?
}

/// The simulation part of an audit report (`audit --simulation`).
public struct SimulationSummary: Sendable, Hashable {
    /// In nonce order (the order of the request).
    public var transactions: [SimulatedTransactionSummary]
    /// Sorted by holder, then token (ether first).
    public var netChanges: [NetChange]
    /// The node's refusal, when it refused the whole simulation.
    public var refusal: String?
    /// Token symbols by address (the plan's address book, with `--against`), for the text report.
    public var symbols: [Address: String] = [:]

    public var jsonValue: JSONValue {
        var m: [(key: String, value: JSONValue)] = []
        if let refusal { m.append(("refused", .string(refusal))) }
        m.append(("calls", .array(transactions.map { t in
            var c: [(key: String, value: JSONValue)] = [
                ("index", .number(String(t.index))),
                ("status", .string(t.success ? "success" : "reverted")),
                ("gasUsed", .string(String(t.gasUsed))),
                ("gas", t.gasLimit.map { .string(String($0)) } ?? .null),
            ]
            if let r = t.revertReason { c.append(("revert", .string(r))) }
            return .object(c)
        })))
        m.append(("netChanges", .array(netChanges.map { n in
            .object([
                ("holder", .string(n.holder.checksummed)),
                ("token", .string(n.token == SimulationCheck.nativeToken ? "ETH" : n.token.checksummed)),
                ("change", n.overflow ? .null : .string(n.negative && !n.magnitude.isZero ? "-" + n.magnitude.decimalString : n.magnitude.decimalString)),
            ])
        })))
        return .object(m)
    }

    /// Text lines: each call's status, then the net changes.
    public func textLines() -> [String] {
        var out = ["simulation:"]
        if let refusal { out.append("  refused by the node: \(refusal)") }
        for t in transactions {
            let gas = t.gasLimit.map { "\(t.gasUsed) of \($0) gas" } ?? "\(t.gasUsed) gas"
            var line = "  tx[\(t.index)]  \(t.success ? "success" : "REVERTED")  \(gas)"
            if let r = t.revertReason { line += "  \(r)" }
            out.append(line)
        }
        if netChanges.isEmpty {
            out.append("  net balance changes: none")
        } else {
            out.append("  net balance changes:")
            for n in netChanges {
                let token = n.token == SimulationCheck.nativeToken ? "ETH (wei)" : (symbols[n.token].map { "\($0) \(n.token.checksummed)" } ?? n.token.checksummed)
                out.append("    \(n.holder.checksummed)  \(n.text)  \(token)")
            }
        }
        return out
    }
}

/// Findings from an `eth_simulateV1` result about the audited transactions (docs/audit.md):
/// failed calls with their decoded revert reasons, gas above the headroom, and the asset
/// movements of the logs checked against the plan (or, without one, against the calls).
public struct SimulationCheck: Sendable {
    /// `0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE`: the address `traceTransfers` logs native
    /// transfers from, with the ERC-20 `Transfer` topic.
    public static let nativeToken = Address(bytes: [UInt8](repeating: 0xEE, count: 20))!
    static let transferTopic = Keccak256.hash(data: "Transfer(address,address,uint256)".utf8).bytes
    static let approvalTopic = Keccak256.hash(data: "Approval(address,address,uint256)".utf8).bytes
    /// WETH9 `Deposit(address indexed dst, uint256 wad)` and `Withdrawal(address indexed src,
    /// uint256 wad)`: wrapping mints to `dst`, unwrapping burns from `src`.
    static let depositTopic = Keccak256.hash(data: "Deposit(address,uint256)".utf8).bytes
    static let withdrawalTopic = Keccak256.hash(data: "Withdrawal(address,uint256)".utf8).bytes
    /// Aave V3 `FlashLoan(address indexed target, address initiator, address indexed asset,
    /// uint256 amount, uint8 interestRateMode, uint256 premium, uint16 indexed referralCode)`.
    static let aaveFlashLoanTopic = Keccak256.hash(data: "FlashLoan(address,address,address,uint256,uint8,uint256,uint16)".utf8).bytes
    /// Balancer V2 `FlashLoan(address indexed recipient, address indexed token, uint256 amount,
    /// uint256 feeAmount)`.
    static let balancerFlashLoanTopic = Keccak256.hash(data: "FlashLoan(address,address,uint256,uint256)".utf8).bytes
    /// Aave V3 `Repay(address indexed reserve, address indexed user, address indexed repayer,
    /// uint256 amount, bool useATokens)`: the pool moves the repayment from the repayer to the
    /// reserve's aToken, which logs nothing for it.
    static let aaveRepayTopic = Keccak256.hash(data: "Repay(address,address,address,uint256,bool)".utf8).bytes

    /// Custom errors known for decoding revert data (the bundled and `--abi` ABIs).
    public var errors: [ABIErrorDefinition]
    /// `simulation_gas_high` when gas used is above this share of the gas limit (percent).
    public var gasHeadroomPercent: UInt64 = 90

    public init(errors: [ABIErrorDefinition] = []) {
        var known = errors
        known.append(ABIErrorDefinition(name: "CallFailed", inputs: [
            ABIParameter(name: "index", type: .uint256), ABIParameter(name: "data", type: .bytes),
        ]))
        self.errors = known
    }

    /// The findings and the summary for `txs` (the audit's transactions, in input order) and the
    /// node's `result`. The result's i-th call is the i-th transaction in nonce order (see
    /// ``SimulationRequest/nonceOrder(_:)``).
    ///
    /// - Throws: `simulation_mismatch` when the result has a different number of calls.
    public func check(_ result: SimulationResult, transactions txs: [AuditedTransaction], plan: CompiledPlan? = nil) throws(AuditError) -> (findings: [Finding], summary: SimulationSummary) {
        let calls: [SimulatedCall]
        switch result {
        case .refused(let code, let message):
            let text = "\(message) (JSON-RPC error \(code))"
            let f = SimulationCode.refused.finding("simulation", "the node refused to simulate the transactions: \(text)")
            return ([f], SimulationSummary(transactions: [], netChanges: [], refusal: text))
        case .calls(let c):
            calls = c
        }
        guard calls.count == txs.count else {
            throw AuditError(.simulationMismatch, "the simulation result has \(calls.count) call\(calls.count == 1 ? "" : "s") but the input has \(txs.count) transaction\(txs.count == 1 ? "" : "s")", at: "result[0].calls")
        }
        let order = SimulationRequest.nonceOrder(txs.map { $0.nonce ?? 0 })
        var findings: [Finding] = []
        var summaries: [SimulatedTransactionSummary] = []
        let context = Context(txs: txs, plan: plan)
        var movementsByTx: [(tx: AuditedTransaction, call: SimulatedCall, moves: [AssetMovement])] = []
        var allowances = AllowanceTracker()
        for (k, i) in order.enumerated() {
            let tx = txs[i]
            let call = calls[k]
            var reason: String?
            if !call.success {
                let r = describeRevert(call.revertData)
                reason = r
                var message = "\(tx.path): the simulated transaction failed: \(r)"
                if let m = call.errorMessage, !m.isEmpty { message += " (node: \(m))" }
                findings.append(SimulationCode.reverted.finding(tx.path, message))
            }
            if let limit = tx.gasLimit, limit > 0, UInt256(call.gasUsed) * UInt256(100) > UInt256(limit) * UInt256(gasHeadroomPercent) {
                findings.append(SimulationCode.gasHigh.finding(tx.path, "\(tx.path): used \(call.gasUsed) gas of its \(limit) limit (above \(gasHeadroomPercent)%): a small change of state on chain can make it run out of gas"))
            }
            summaries.append(SimulatedTransactionSummary(index: tx.index, success: call.success, gasUsed: call.gasUsed, gasLimit: tx.gasLimit, revertReason: reason))
            var moves: [AssetMovement] = []
            for (j, log) in call.logs.enumerated() {
                if let m = Self.movement(log) {
                    moves.append(m)
                    // A token that logs the allowance a transferFrom spends (OpenZeppelin 4) logs it
                    // just before the transfer: that Approval already counts the spending.
                    let logged = j > 0 && Self.approval(call.logs[j - 1]).map {
                        $0.key.token == m.token && $0.key.owner == m.from && allowances.logsSpending($0.key, left: $0.amount, amount: m.amount)
                    } == true
                    if !logged && m.to != .zero { allowances.spend(token: m.token, owner: m.from, amount: m.amount) }
                }
                if let a = Self.approval(log), context.own.contains(a.key.owner) {
                    allowances.approve(a.key, a.amount, path: "\(tx.path).logs[\(j)]")
                    if !a.amount.isZero && !context.allowed.contains(a.key.spender) {
                        findings.append(SimulationCode.unexpectedSpender.finding("\(tx.path).logs[\(j)]",
                            "\(tx.path): \(a.key.owner.checksummed) approved \(a.key.spender.checksummed) to spend \(a.amount.decimalString) of token \(a.key.token.checksummed): the spender is no protocol of the \(plan == nil ? "transactions" : "plan")"))
                    }
                }
            }
            movementsByTx.append((tx, call, moves))
            findings += checkMovements(moves, logs: call.logs, tx: tx, context: context)
        }
        for (key, left, path) in allowances.left() {
            let amount = left == .max ? "an unlimited amount" : "\(left.decimalString)"
            findings.append(SimulationCode.allowanceLeft.finding(path,
                "\(key.owner.checksummed) leaves an allowance of \(amount) of token \(key.token.checksummed) to \(key.spender.checksummed) at the end (its last Approval, less the transfers from it since): reset it to 0 in the plan"))
        }
        if let plan {
            findings += checkSwaps(plan, movementsByTx, context: context)
            findings += checkFlashLoans(plan, movementsByTx)
        } else {
            for (tx, call, moves) in movementsByTx where call.success {
                findings += checkDecodedSwaps(tx, moves, context: context)
            }
        }
        let changes = netChanges(movementsByTx.flatMap(\.moves), holders: context.own)
        var summary = SimulationSummary(transactions: summaries, netChanges: changes, refusal: nil)
        if let book = plan?.plan.book {
            for (symbol, entry) in book.tokens.sorted(by: { $0.key < $1.key }) where summary.symbols[entry.address] == nil {
                summary.symbols[entry.address] = symbol
            }
        }
        return (findings, summary)
    }

    // MARK: Allowances

    /// The allowance each (token, owner, spender) has left: its last Approval, less the tokens
    /// transferred from the owner since (tokens such as WETH9 and OpenZeppelin 5 spend an
    /// allowance without logging it; an unlimited one is never spent; a transfer of exactly what
    /// one allowance has left is that allowance's). An Approval just before a
    /// transfer from the owner whose value is the allowance before it less that transfer is the
    /// token's record of the spending (OpenZeppelin 4), not a new grant.
    struct AllowanceTracker {
        struct Holding: Hashable {
            var token: Address
            var owner: Address
        }

        var approved: [ApprovalKey: (amount: UInt256, spent: UInt256, path: String, before: UInt256?)] = [:]
        var order: [ApprovalKey] = []
        /// The spenders approved by each (token, owner), so a transfer finds its allowances at once.
        var spenders: [Holding: [ApprovalKey]] = [:]

        mutating func approve(_ key: ApprovalKey, _ amount: UInt256, path: String) {
            if approved[key] == nil {
                order.append(key)
                spenders[Holding(token: key.token, owner: key.owner), default: []].append(key)
            }
            approved[key] = (amount, .zero, path, remaining(key))
        }

        /// What is left of the allowance now (nil when never approved).
        func remaining(_ key: ApprovalKey) -> UInt256? {
            guard let a = approved[key] else { return nil }
            return a.amount == .max ? .max : (a.amount > a.spent ? a.amount - a.spent : .zero)
        }

        /// Whether the last Approval of `key` (`left`) is the allowance left after spending
        /// `amount` of what there was before it: the token's own record of a transferFrom.
        func logsSpending(_ key: ApprovalKey, left: UInt256, amount: UInt256) -> Bool {
            guard let before = approved[key]?.before, before >= amount else { return false }
            return before == .max ? left == .max : before - amount == left
        }

        /// A transfer from the owner that its token did not log as spending: when exactly one
        /// allowance of the owner has exactly this amount left (an approval made for this pull, as
        /// Ballast makes them), it is that one's; otherwise it may be any one's, so every allowance
        /// of the (token, owner) is taken as spent by it.
        mutating func spend(token: Address, owner: Address, amount: UInt256) {
            let keys = spenders[Holding(token: token, owner: owner)] ?? []
            let exact = keys.filter { remaining($0) == amount }
            for key in exact.count == 1 ? exact : keys {
                guard var a = approved[key], a.amount != .max else { continue }
                let (sum, overflow) = a.spent.addingReportingOverflow(amount)
                a.spent = overflow ? .max : sum
                approved[key] = a
            }
        }

        func left() -> [(ApprovalKey, UInt256, String)] {
            order.compactMap { key in
                guard let a = approved[key], let r = remaining(key), !r.isZero else { return nil }
                return (key, r, a.path)
            }
        }
    }

    // MARK: Context

    struct ApprovalKey: Hashable {
        var token: Address
        var owner: Address
        var spender: Address
    }

    /// The account and its executor (`own`), and the addresses value may go to (`allowed`): own,
    /// every call target of the transactions, and with a plan every call target and address
    /// argument of the plan's calls.
    struct Context {
        var own: Set<Address> = []
        var allowed: Set<Address> = []
        /// Own in the order found, for the summary.
        var ownOrder: [Address] = []
        var hasPlan = false

        init(txs: [AuditedTransaction], plan: CompiledPlan?) {
            func addOwn(_ a: Address) {
                if own.insert(a).inserted { ownOrder.append(a) }
            }
            hasPlan = plan != nil
            if let plan {
                addOwn(plan.plan.account)
                if let e = plan.plan.execution.executor { addOwn(e) }
                for tx in plan.auditedTransactions() {
                    for c in tx.calls { Self.collect(c, targets: &allowed, arguments: true) }
                }
            }
            for tx in txs {
                if let f = tx.from { addOwn(f) }
                for c in tx.calls {
                    // A call list run by `execute` is run by the executor: it acts for the account.
                    if plan == nil, c.function?.hasPrefix("execute(") == true { addOwn(c.to) }
                    Self.collect(c, targets: &allowed, arguments: false)
                }
            }
            allowed.formUnion(own)
        }

        static func collect(_ call: DecodedCall, targets: inout Set<Address>, arguments: Bool) {
            targets.insert(call.to)
            if arguments {
                for a in call.args { addresses(in: a, into: &targets) }
            }
            for c in call.calls { collect(c, targets: &targets, arguments: arguments) }
        }

        static func addresses(in value: ABIValue, into set: inout Set<Address>) {
            switch value {
            case .address(let a): set.insert(a)
            case .array(let items), .tuple(let items): for i in items { addresses(in: i, into: &set) }
            default: break
            }
        }
    }

    // MARK: Logs

    static func word(_ bytes: [UInt8], _ k: Int) -> UInt256 {
        UInt256(bigEndian: bytes[(32 * k)..<(32 * k + 32)]) ?? .zero
    }

    static func topicAddress(_ topic: [UInt8]) -> Address? {
        guard topic.count == 32, topic[0..<12].allSatisfy({ $0 == 0 }) else { return nil }
        return Address(bytes: topic[12...])
    }

    /// A `Transfer(address indexed, address indexed, uint256)` log (ERC-20 shape: three topics and
    /// a 32-byte value; ERC-721's four-topic transfers are not amounts), or a WETH9 wrap or unwrap
    /// (a mint from, or a burn to, the zero address).
    static func movement(_ log: SimulatedLog) -> AssetMovement? {
        if log.topics.count == 2, log.data.count == 32, log.address != nativeToken, let holder = topicAddress(log.topics[1]) {
            if log.topics[0] == depositTopic { return AssetMovement(token: log.address, from: .zero, to: holder, amount: word(log.data, 0)) }
            if log.topics[0] == withdrawalTopic { return AssetMovement(token: log.address, from: holder, to: .zero, amount: word(log.data, 0)) }
        }
        guard log.topics.count == 3, log.topics[0] == transferTopic, log.data.count == 32,
              let from = topicAddress(log.topics[1]), let to = topicAddress(log.topics[2]) else { return nil }
        return AssetMovement(token: log.address, from: from, to: to, amount: word(log.data, 0))
    }

    static func approval(_ log: SimulatedLog) -> (key: ApprovalKey, amount: UInt256)? {
        guard log.address != nativeToken, log.topics.count == 3, log.topics[0] == approvalTopic, log.data.count == 32,
              let owner = topicAddress(log.topics[1]), let spender = topicAddress(log.topics[2]) else { return nil }
        return (ApprovalKey(token: log.address, owner: owner, spender: spender), word(log.data, 0))
    }

    // MARK: Movements

    /// Value leaving the account or its executor to an address that is neither allowed nor acts
    /// as a protocol in the same call (emits a log, or pays something back to the account), and
    /// value that the account paid a counterparty for going on to such an address.
    func checkMovements(_ moves: [AssetMovement], logs: [SimulatedLog], tx: AuditedTransaction, context: Context) -> [Finding] {
        var emitters = Set(logs.map(\.address))
        emitters.remove(Self.nativeToken)
        // Repayments an allowed Aave pool reports (reserve, repayer, amount): their transfer goes
        // to the reserve's aToken, which is no call target and logs nothing.
        var repayments: Set<[UInt8]> = []
        for log in logs where log.topics.count == 4 && log.topics[0] == Self.aaveRepayTopic && log.data.count == 64
            && context.allowed.contains(log.address) {
            repayments.insert(log.topics[1] + log.topics[3] + log.data[0..<32])
        }
        func isRepayment(_ m: AssetMovement) -> Bool {
            repayments.contains([UInt8](repeating: 0, count: 12) + m.token.bytes + [UInt8](repeating: 0, count: 12) + m.from.bytes
                + m.amount.bigEndianBytes32)
        }
        var paid: [Address: Address] = [:]  // counterparty: the first of ours that paid it
        for m in moves where context.own.contains(m.from) && !context.own.contains(m.to) && paid[m.to] == nil { paid[m.to] = m.from }
        let payers = Set(moves.filter { context.own.contains($0.to) && !context.own.contains($0.from) }.map(\.from))
        var out: [Finding] = []
        var reported = Set<Address>()
        for m in moves {
            let fromOwn = context.own.contains(m.from)
            let fromCounterparty = !fromOwn && paid[m.from] != nil
            guard fromOwn || fromCounterparty, !context.allowed.contains(m.to), !emitters.contains(m.to), !payers.contains(m.to),
                  !m.amount.isZero, m.to != .zero, !(fromOwn && isRepayment(m))
            else { continue }
            guard reported.insert(m.to).inserted else { continue }
            let what = m.token == Self.nativeToken ? "\(m.amount.decimalString) wei of ether" : "\(m.amount.decimalString) of token \(m.token.checksummed)"
            let how = fromOwn ? "leaves \(m.from.checksummed)" : "paid for by \((paid[m.from] ?? m.from).checksummed) goes from \(m.from.checksummed)"
            out.append(SimulationCode.unexpectedRecipient.finding(tx.path,
                "\(tx.path): \(what) \(how) to \(m.to.checksummed), which is no protocol or party of the \(context.hasPlan ? "plan" : "transactions")"))
        }
        return out
    }

    /// Each exact-input swap of the plan (and each `hedgeAdjust` sale) must bring its recipient
    /// at least its minimum of the output token, in the transactions of its action. What the
    /// recipient receives is every transfer of the output token to it from outside the account
    /// and its executor, less the transfers from addresses it pays the token back to (a
    /// flash-loan lender).
    func checkSwaps(_ compiled: CompiledPlan, _ byTx: [(tx: AuditedTransaction, call: SimulatedCall, moves: [AssetMovement])], context: Context) -> [Finding] {
        let plan = compiled.plan
        let actor = plan.execution.executor ?? plan.account
        var out: [Finding] = []
        for action in plan.actions {
            var minimums: [(token: Address, recipient: Address, minimum: UInt256, label: String, router: Address)] = []
            func swaps(_ steps: [Step]) {
                for s in steps {
                    guard case .swap(let swap) = s.operation, case .exactInput(_, let min) = swap.amounts else { continue }
                    minimums.append((swap.tokenOut.address, swap.recipient ?? actor, min, "\(s.path)", swap.router))
                }
            }
            switch action.kind {
            case .flashLoanRebalance(let f): swaps(f.steps)
            case .harvest(let h): swaps(h.compound)
            case .hedgeAdjust(let h):
                if case .grow(_, let min) = h.direction { minimums.append((h.quote.address, actor, min, "\(action.path)", h.router)) }
            case .call: break
            }
            guard !minimums.isEmpty else { continue }
            let mine = byTx.filter { $0.tx.actionId == action.id || ($0.tx.actionId == nil && compiled.transactions.indices.contains($0.tx.index) && compiled.transactions[$0.tx.index].actionId == action.id) }
            guard !mine.isEmpty, mine.allSatisfy(\.call.success) else { continue }
            let moves = mine.flatMap(\.moves)
            var groups: [String: (token: Address, recipient: Address, minimum: UInt256, labels: [String], routers: Set<Address>)] = [:]
            var order: [String] = []
            for m in minimums {
                let key = m.token.checksummed + m.recipient.checksummed
                if groups[key] == nil { order.append(key); groups[key] = (m.token, m.recipient, .zero, [], []) }
                groups[key]!.routers.insert(m.router)
                groups[key]!.minimum = groups[key]!.minimum.addingReportingOverflow(m.minimum).partialValue
                groups[key]!.labels.append(m.label)
            }
            for key in order {
                let g = groups[key]!
                let received = Self.received(g.token, by: g.recipient, moves, context: context)
                if received < g.minimum {
                    // The finding is about the transaction that calls the router.
                    let swapTx = mine.first { t in t.tx.calls.contains { Self.calls($0, anyOf: g.routers) } } ?? mine[0]
                    out.append(SimulationCode.swapBelowMinimum.finding(swapTx.tx.path,
                        "action \(action.id): the swap\(g.labels.count == 1 ? "" : "s") at \(g.labels.joined(separator: ", ")) brought \(g.recipient.checksummed) \(received.decimalString) of token \(g.token.checksummed), below the plan's minimum of \(g.minimum.decimalString)"))
                }
            }
        }
        return out
    }

    /// Without a plan, the exact-input swaps of the calldata itself (SwapRouter02 and SwapRouter
    /// `exactInputSingle` / `exactInput`, V2 `swapExactTokensForTokens`) at any depth: each
    /// recipient must receive, in the transaction, at least the sum of its swaps' minimums of the
    /// output token (received as in ``checkSwaps``). `address(1)` is the router's caller;
    /// `address(2)` (the router keeps the output for a later call) is not measured.
    func checkDecodedSwaps(_ tx: AuditedTransaction, _ moves: [AssetMovement], context: Context) -> [Finding] {
        var minimums: [(token: Address, recipient: Address, minimum: UInt256, path: String)] = []
        func walk(_ call: DecodedCall, caller: Address?) {
            if let f = call.function, let index = call.catalogIndex, let bound = AuditRules.rules[index].slippage, bound.isMinimum,
               case .uint(let minimum)? = AuditRules.arguments(call.args, bound.path).first,
               let token = Self.swapOutput(f, call.args),
               case .address(var recipient)? = AuditRules.rules[index].recipients.first.flatMap({ AuditRules.arguments(call.args, $0.path).first }) {
                if recipient == AuditRules.routerMsgSender, let caller { recipient = caller }
                if recipient != AuditRules.routerSelf && recipient != AuditRules.routerMsgSender {
                    minimums.append((token, recipient, minimum, call.path))
                }
            }
            let childCaller = call.function?.hasPrefix("execute(") == true ? call.to : caller
            for c in call.calls { walk(c, caller: childCaller) }
        }
        for c in tx.calls { walk(c, caller: tx.from) }
        var out: [Finding] = []
        var done = Set<String>()
        for m in minimums where done.insert(m.token.checksummed + m.recipient.checksummed).inserted {
            let same = minimums.filter { $0.token == m.token && $0.recipient == m.recipient }
            var total = UInt256.zero
            for s in same { total = total.addingReportingOverflow(s.minimum).overflow ? .max : total + s.minimum }
            let received = Self.received(m.token, by: m.recipient, moves, context: context)
            if received < total {
                out.append(SimulationCode.swapBelowMinimum.finding(m.path,
                    "\(tx.path): the swap\(same.count == 1 ? "" : "s") at \(same.map(\.path).joined(separator: ", ")) brought \(m.recipient.checksummed) \(received.decimalString) of token \(m.token.checksummed), below the calldata's minimum of \(total.decimalString)"))
            }
        }
        return out
    }

    /// The output token of an exact-input swap, as the protocol catalog names it: `tokenOut`, the
    /// last 20 bytes of a V3 path, or the last address of a V2 path.
    static func swapOutput(_ function: String, _ args: [ABIValue]) -> Address? {
        ProtocolCatalog.function(function)?.token(.tokenOut, in: args, minimumPathBytes: 43)
    }

    /// What `recipient` received of `token`: transfers to it from outside ours, less those from
    /// addresses ours pays the token back to (a flash-loan lender).
    static func received(_ token: Address, by recipient: Address, _ moves: [AssetMovement], context: Context) -> UInt256 {
        let repaid = Set(moves.filter { $0.token == token && context.own.contains($0.from) }.map(\.to))
        var received = UInt256.zero
        for m in moves where m.token == token && m.to == recipient && !context.own.contains(m.from) && !repaid.contains(m.from) {
            received = received.addingReportingOverflow(m.amount).overflow ? .max : received + m.amount
        }
        return received
    }

    static func calls(_ call: DecodedCall, anyOf targets: Set<Address>) -> Bool {
        targets.contains(call.to) || call.calls.contains { calls($0, anyOf: targets) }
    }

    /// Aave V3 and Balancer V2 flash loans log the premium they charge (`FlashLoan`): it must be the
    /// plan's (Aave: ceil(amount × premiumBps / 10000); Balancer: 0).
    func checkFlashLoans(_ compiled: CompiledPlan, _ byTx: [(tx: AuditedTransaction, call: SimulatedCall, moves: [AssetMovement])]) -> [Finding] {
        var out: [Finding] = []
        for action in compiled.plan.actions {
            guard case .flashLoanRebalance(let f) = action.kind, f.provider != .morphoBlue else { continue }
            let mine = byTx.filter { $0.tx.actionId == action.id || ($0.tx.actionId == nil && compiled.transactions.indices.contains($0.tx.index) && compiled.transactions[$0.tx.index].actionId == action.id) }
            for (tx, call, _) in mine {
                for (j, log) in call.logs.enumerated() where log.address == f.lender && !log.topics.isEmpty {
                    let asset: Address?, amount: UInt256, premium: UInt256
                    if f.provider == .aaveV3, log.topics[0] == Self.aaveFlashLoanTopic, log.topics.count == 4, log.data.count == 128 {
                        asset = Self.topicAddress(log.topics[2])
                        amount = Self.word(log.data, 1)
                        premium = Self.word(log.data, 3)
                    } else if f.provider == .balancerV2, log.topics[0] == Self.balancerFlashLoanTopic, log.topics.count == 3, log.data.count == 64 {
                        asset = Self.topicAddress(log.topics[2])
                        amount = Self.word(log.data, 0)
                        premium = Self.word(log.data, 1)
                    } else {
                        continue
                    }
                    guard let asset, let loan = f.loans.first(where: { $0.token.address == asset && $0.amount == amount }) else { continue }
                    // A plan whose premium overflows is refused by the compiler: nothing to compare.
                    guard let expected = f.premium(for: loan.amount) else { continue }
                    if premium != expected {
                        out.append(SimulationCode.flashLoanPremium.finding("\(tx.path).logs[\(j)]",
                            "action \(action.id): the flash loan of \(amount.decimalString) of \(loan.token) charged a premium of \(premium.decimalString), the plan approved \(expected.decimalString) (\(f.premiumBps) bps)"))
                    }
                }
            }
        }
        return out
    }

    // MARK: Summary

    func netChanges(_ moves: [AssetMovement], holders: Set<Address>) -> [NetChange] {
        struct Sums { var gained = UInt256.zero, lost = UInt256.zero, overflow = false }
        var sums: [Pair: Sums] = [:]
        func add(_ holder: Address, _ token: Address, _ amount: UInt256, gained: Bool) {
            var s = sums[Pair(holder: holder, token: token)] ?? Sums()
            if gained {
                let (v, o) = s.gained.addingReportingOverflow(amount); s.gained = v; s.overflow = s.overflow || o
            } else {
                let (v, o) = s.lost.addingReportingOverflow(amount); s.lost = v; s.overflow = s.overflow || o
            }
            sums[Pair(holder: holder, token: token)] = s
        }
        for m in moves where m.from != m.to {
            if holders.contains(m.from) { add(m.from, m.token, m.amount, gained: false) }
            if holders.contains(m.to) { add(m.to, m.token, m.amount, gained: true) }
        }
        return sums.keys.sorted().map { key in
            let s = sums[key]!
            let negative = s.lost > s.gained
            let magnitude = negative ? s.lost - s.gained : s.gained - s.lost
            return NetChange(holder: key.holder, token: key.token, negative: negative, magnitude: magnitude, overflow: s.overflow)
        }
    }

    struct Pair: Hashable, Comparable {
        var holder: Address
        var token: Address
        static func < (a: Pair, b: Pair) -> Bool {
            if a.holder != b.holder { return a.holder < b.holder }
            if (a.token == SimulationCheck.nativeToken) != (b.token == SimulationCheck.nativeToken) { return a.token == SimulationCheck.nativeToken }
            return a.token < b.token
        }
    }

    // MARK: Revert reasons

    /// `Error("…")`, `Panic(0x11): arithmetic overflow or underflow`, a known custom error with its
    /// arguments (`CallFailed(2, Error("STF"))`, the nested data decoded), or the raw selector.
    public func describeRevert(_ data: [UInt8], depth: Int = 0) -> String {
        let revert: ABIRevert
        do {
            revert = try ABIRevert.decode(data)
        } catch {
            return "malformed revert data \(Hex.encode(data.prefix(64)))\(data.count > 64 ? "…" : "")"
        }
        guard case .custom(let selector, _) = revert else { return revert.description }
        for e in errors where e.selector == selector {
            guard let values = try? ABIRevert.decodeCustom(data, selector: selector, types: e.inputs.map(\.type)) else { continue }
            let args = zip(e.inputs, values).map { p, v -> String in
                if case .bytes(let inner) = v, depth < 8, p.type == .bytes, !inner.isEmpty, e.name == "CallFailed" {
                    return describeRevert(inner, depth: depth + 1)
                }
                if case .bytes(let inner) = v, inner.isEmpty, e.name == "CallFailed" { return "reverted without data" }
                return v.jsonValue.compact
            }
            return "\(e.name)(\(args.joined(separator: ", ")))"
        }
        return "custom error \(Hex.encode(selector)) (unknown) with \(data.count - 4) bytes of arguments"
    }
}

/// The finding codes of `audit --simulation` (docs/audit.md).
public enum SimulationCode: String, FindingCode {
    case reverted = "simulation_reverted"
    case refused = "simulation_refused"
    case gasHigh = "simulation_gas_high"
    case unexpectedRecipient = "simulation_unexpected_recipient"
    case unexpectedSpender = "simulation_unexpected_spender"
    case allowanceLeft = "simulation_allowance_left"
    case swapBelowMinimum = "simulation_swap_below_minimum"
    case flashLoanPremium = "simulation_flash_loan_premium"

    public var severity: Severity {
        switch self {
        case .reverted, .refused, .unexpectedRecipient, .swapBelowMinimum: .critical
        case .unexpectedSpender, .allowanceLeft, .flashLoanPremium: .high
        case .gasHigh: .medium
        }
    }
}
