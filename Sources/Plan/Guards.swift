import BallastJSON
import EthereumPrimitives
import Protocols

/// Checks `guards` against the compiled actions (`docs/plan-compilation.md`, Guards). A failed
/// guard is a `guard_failed` issue at the action's path, naming the action id and the guard.
/// Swaps and position changes are read from what the protocol catalog declares of each encoded
/// call (its token flows and price bound, its position changes), not from the plan's steps.
struct GuardChecker {
    let plan: Plan
    var issues = IssueList()

    init(plan: Plan) { self.plan = plan }

    mutating func fail(_ action: Action, _ guardName: String, _ message: String) {
        issues.add(.guardFailed, "action \"\(action.id)\" (actions[\(action.index)]): guards.\(guardName): \(message)", at: action.path)
    }

    /// `declared`: each action's encoded calls (the callback's included), in order.
    mutating func check(_ compiled: [CompiledAction], declared: [[DeclaredCall]]) {
        let g = plan.guards
        for (k, (action, c)) in zip(plan.actions, compiled).enumerated() {
            for calls in [c.calls, c.callbackCalls] {
                if let maxValue = g.maxValue {
                    for call in calls where call.value > maxValue {
                        fail(action, "maxValue", "a call to \(call.target.checksummed) sends \(call.value) wei, above maxValue \(maxValue) wei")
                    }
                }
                if let allowed = g.allowedTargets {
                    for call in calls where !allowed.contains(call.target) {
                        let message = "calls \(call.target.checksummed), which is not in allowedTargets"
                        if !issues.items.contains(where: { $0.path == action.path && $0.message.hasSuffix(message) }) {
                            fail(action, "allowedTargets", message)
                        }
                    }
                }
            }
            if let bps = g.maxSlippageBps, k < declared.count {
                for swap in swaps(declared[k]) { checkSlippage(swap, bps: bps, action: action) }
            }
        }
        if let floorText = g.minHealthFactor, let position = g.position, let floor = Ratio(decimal: floorText) {
            checkHealthFactor(floor: floor, floorText: floorText, position: position, declared: declared)
        }
    }

    // MARK: Slippage

    struct SwapView {
        var tokenIn: TokenRef
        var tokenOut: TokenRef
        var amounts: SwapAmounts
    }

    /// The plan's reference to a token a call names: the first (`paid`) or last of the call's
    /// references with that address, else the address with the decimals the plan knows.
    func token(_ address: Address, in call: DeclaredCall, paid: Bool) -> TokenRef {
        let matches = call.tokens.filter { $0.address == address }
        if let t = paid ? matches.first : matches.last { return t }
        return TokenRef(symbol: nil, address: address, decimals: plan.tokenDecimals[address])
    }

    /// The swaps of an action's calls: each call whose function declares a price bound, with its
    /// payment and receipt flows.
    func swaps(_ calls: [DeclaredCall]) -> [SwapView] {
        calls.compactMap { c in
            guard let s = c.call.swap else { return nil }
            let amounts: SwapAmounts = s.exactInput
                ? .exactInput(amountIn: s.paidAmount, minAmountOut: s.receivedAmount)
                : .exactOutput(amountOut: s.receivedAmount, maxAmountIn: s.paidAmount)
            return SwapView(tokenIn: token(s.paid, in: c, paid: true), tokenOut: token(s.received, in: c, paid: false), amounts: amounts)
        }
    }

    func price(_ t: TokenRef) -> Ratio? {
        plan.guards.prices[t.address].flatMap { Ratio(decimal: $0) }
    }

    mutating func checkSlippage(_ s: SwapView, bps: UInt64, action: Action) {
        let name = "\(s.tokenIn) → \(s.tokenOut) swap"
        switch s.amounts {
        case .exactInput(_, let minOut) where minOut.isZero:
            fail(action, "maxSlippageBps", "the \(name) has a zero minAmountOut (no bound)")
            return
        case .exactOutput(_, let maxIn) where maxIn == .max:
            fail(action, "maxSlippageBps", "the \(name) has no maxAmountIn bound")
            return
        default: break
        }
        guard !plan.guards.prices.isEmpty else { return }
        guard let pIn = price(s.tokenIn), let pOut = price(s.tokenOut) else {
            let missing = price(s.tokenIn) == nil ? s.tokenIn : s.tokenOut
            fail(action, "maxSlippageBps", "no price for \(missing) in guards.prices to check the \(name)")
            return
        }
        guard let dIn = s.tokenIn.decimals, let dOut = s.tokenOut.decimals else {
            fail(action, "maxSlippageBps", "the decimals of the \(name)'s tokens are needed to compare it with prices")
            return
        }
        let tenK = Ratio(BigNat(word: 10_000))
        switch s.amounts {
        case .exactInput(let amountIn, let minOut):
            // implied = amountIn × p(in) / p(out); need minOut ≥ implied × (10000 − bps) / 10000.
            let implied = Ratio.dividing(Ratio(units: amountIn, decimals: dIn) * pIn, by: pOut)
            let bound = Ratio.dividing(implied * Ratio(BigNat(word: 10_000 - bps)), by: tenK)
            let got = Ratio(units: minOut, decimals: dOut)
            if !(got >= bound) {
                fail(action, "maxSlippageBps", "the \(name)'s minAmountOut \(Amounts.describe(minOut, s.tokenOut)) is below \(bound.decimalString(digits: min(dOut, 18))) (\(bps) bps under the price-implied \(implied.decimalString(digits: min(dOut, 18))))")
            }
        case .exactOutput(let amountOut, let maxIn):
            // implied input = amountOut × p(out) / p(in); need maxIn ≤ implied × (10000 + bps) / 10000.
            let implied = Ratio.dividing(Ratio(units: amountOut, decimals: dOut) * pOut, by: pIn)
            let bound = Ratio.dividing(implied * Ratio(BigNat(word: 10_000 + bps)), by: tenK)
            let got = Ratio(units: maxIn, decimals: dIn)
            if !(got <= bound) {
                fail(action, "maxSlippageBps", "the \(name)'s maxAmountIn \(Amounts.describe(maxIn, s.tokenIn)) is above \(bound.decimalString(digits: min(dIn, 18))) (\(bps) bps over the price-implied \(implied.decimalString(digits: min(dIn, 18))))")
            }
        }
    }

    // MARK: Health factor

    /// The changes an action's calls declare to the actor's pooled (Aave) position, in order.
    func positionChanges(_ calls: [DeclaredCall]) -> [(change: PositionChange, token: TokenRef)] {
        var out: [(change: PositionChange, token: TokenRef)] = []
        for c in calls {
            for change in c.call.positionChanges where change.position == .pooled && (change.owner == nil || change.owner == plan.actor) {
                out.append((change, token(change.token, in: c, paid: true)))
            }
        }
        return out
    }

    /// Applies each action's Aave changes in order (cumulatively) and checks the health factor
    /// after every action that changes the position. Withdrawals and repayments beyond the
    /// position leave zero (Aave repays at most the debt; a larger withdrawal would revert).
    /// A withdrawal "all" counts as its minimum received and a repayment "all" as its maximum
    /// paid: the amounts the catalog's encoders declare.
    mutating func checkHealthFactor(floor: Ratio, floorText: String, position: GuardPosition, declared: [[DeclaredCall]]) {
        var collateral: [Address: BigNat] = position.collateral.mapValues { BigNat($0) }
        var debt: [Address: BigNat] = position.debt.mapValues { BigNat($0) }
        var decimals = plan.tokenDecimals
        func sub(_ a: BigNat?, _ b: UInt256) -> BigNat { BigNat.subtracting(a ?? .zero, BigNat(b)) ?? .zero }
        for (k, action) in plan.actions.enumerated() where k < declared.count {
            let changes = positionChanges(declared[k])
            guard !changes.isEmpty else { continue }
            for (c, t) in changes {
                let a = c.amount
                switch c.kind {
                case .supply: collateral[t.address] = (collateral[t.address] ?? .zero) + BigNat(a); if let d = t.decimals { decimals[t.address] = d }
                case .withdraw: collateral[t.address] = sub(collateral[t.address], a)
                case .borrow: debt[t.address] = (debt[t.address] ?? .zero) + BigNat(a); if let d = t.decimals { decimals[t.address] = d }
                case .repay: debt[t.address] = sub(debt[t.address], a)
                }
            }
            var weighted = Ratio.zero
            var owed = Ratio.zero
            var problem: String?
            for (token, amount) in collateral.sorted(by: { $0.key < $1.key }) where !amount.isZero {
                guard position.liquidationThresholdBps[token, default: 0] > 0 else { continue }
                guard let p = plan.guards.prices[token].flatMap({ Ratio(decimal: $0) }) else { problem = "no price for collateral \(name(token))"; break }
                guard let d = decimals[token] else { problem = "the decimals of collateral \(name(token)) are unknown"; break }
                // A collateral without a liquidation threshold adds nothing (as an LT of 0).
                guard let lt = position.liquidationThresholdBps[token], lt > 0 else { continue }
                weighted = weighted + Ratio(num: amount, den: BigNat.pow10(d)) * p * Ratio(num: BigNat(word: lt), den: BigNat(word: 10_000))
            }
            if problem == nil {
                for (token, amount) in debt.sorted(by: { $0.key < $1.key }) where !amount.isZero {
                    guard let p = plan.guards.prices[token].flatMap({ Ratio(decimal: $0) }) else { problem = "no price for debt \(name(token))"; break }
                    guard let d = decimals[token] else { problem = "the decimals of debt \(name(token)) are unknown"; break }
                    owed = owed + Ratio(num: amount, den: BigNat.pow10(d)) * p
                }
            }
            if let problem {
                fail(action, "minHealthFactor", problem)
                return
            }
            guard !owed.isZero else { continue }
            let hf = Ratio.dividing(weighted, by: owed)
            if !(hf >= floor) {
                fail(action, "minHealthFactor", "the health factor after the action is \(hf.decimalString(digits: 4)), below minHealthFactor \(floorText)")
            }
        }
    }

    func name(_ a: Address) -> String {
        plan.book.tokens.filter({ $0.value.address == a }).keys.sorted().first ?? a.checksummed
    }
}
