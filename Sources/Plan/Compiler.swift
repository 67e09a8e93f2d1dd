import ABI
import BallastJSON
import EthereumPrimitives
import Transactions

/// A call `(target, value, data)`; `value` is native wei.
public struct PlanCall: Sendable, Hashable {
    public var target: Address
    public var value: UInt256
    public var data: [UInt8]

    public init(target: Address, value: UInt256 = .zero, data: [UInt8]) {
        self.target = target
        self.value = value
        self.data = data
    }

    /// The ABI tuple `(address,uint256,bytes)` of a call list.
    public var abiValue: ABIValue { .tuple([.address(target), .uint(value), .bytes(data)]) }

    /// Whether the call is an ERC-20 `approve(address,uint256)`.
    public var isApprove: Bool {
        data.count >= 4 && Array(data[0..<4]) == PlanFunctions.approve.selector
    }
}

/// An action's calls as the actor makes them.
public struct CompiledAction: Sendable, Hashable {
    public let id: String
    public let index: Int
    /// The calls the actor makes (a flash loan: the one call to the lender).
    public let calls: [PlanCall]
    /// A flash loan's callback call list (the steps and the repayment), empty otherwise.
    public let callbackCalls: [PlanCall]

    /// Every call, the callback's included.
    public var allCalls: [PlanCall] { calls + callbackCalls }
}

/// One transaction of a compiled plan, before signing.
public struct PlanTransaction: Sendable, Hashable {
    /// The id and index of the action it carries.
    public let actionId: String
    public let actionIndex: Int
    /// The transaction. A type-4 transaction holds a placeholder authorization (the right
    /// chain id, address and nonce, no signature) until `CompiledPlan.sign(with:)` signs it.
    public let transaction: UnsignedTransaction
    /// The authorization a type-4 transaction carries, unsigned.
    public let authorization: UnsignedAuthorization?
}

/// A plan compiled to calls and transactions (`Plan.compile()`).
public struct CompiledPlan: Sendable {
    public let plan: Plan
    public let actions: [CompiledAction]
    /// The transactions in nonce order; empty in `safe` mode.
    public let transactions: [PlanTransaction]

    /// `safe` mode: the batch's transactions, every action's calls in order.
    public var safeCalls: [PlanCall] { actions.flatMap(\.calls) }
}

/// The default gas limits (`docs/gas.md`): one table, each default the basis figure (the gas
/// the heaviest ordinary use of that kind is known or estimated to need) times the headroom,
/// rounded up to a multiple of 10000. To update a figure, change its row here and in
/// `docs/gas.md` (a test checks they agree; `vectors/gen_plans.py` reads the document).
public enum PlanGas {
    /// A row of the table.
    public struct Entry: Sendable, Hashable {
        /// The name in `docs/gas.md`: an action kind, `eoa approve`, `eoa call`, `authorization`.
        public let name: String
        /// Gas the basis case needs.
        public let basis: UInt64
        /// Headroom over the basis, in percent (130 = × 1.3).
        public let headroomPercent: UInt64

        /// ⌈basis × headroom / 10000⌉ × 10000; an authorization's cost is exact (no rounding).
        public var limit: UInt64 {
            let raw = (basis * headroomPercent + 99) / 100
            return headroomPercent == 100 ? raw : (raw + 9_999) / 10_000 * 10_000
        }
    }

    /// The table (`docs/gas.md`).
    public static let table: [Entry] = [
        // An Aave V3 borrow through the executor (variable rate, first borrow of the reserve).
        Entry(name: "call", basis: 323_000, headroomPercent: 130),
        // An Aave flash loan of two assets with four steps (repay, withdraw, swap, supply).
        Entry(name: "flashLoanRebalance", basis: 1_500_000, headroomPercent: 130),
        // A Yearn V2 strategy harvest, then a deposit into an ERC-4626 vault.
        Entry(name: "harvest", basis: 800_000, headroomPercent: 130),
        // Withdraw (or borrow), approve, one-hop swap, approve reset, approve, repay (or supply).
        Entry(name: "hedgeAdjust", basis: 850_000, headroomPercent: 130),
        // `eoa` mode: an ERC-20 approve of a fresh spender (21000 + a zero-to-non-zero slot).
        Entry(name: "eoa approve", basis: 50_000, headroomPercent: 130),
        // `eoa` mode: any other call (an Aave borrow straight from the account).
        Entry(name: "eoa call", basis: 310_000, headroomPercent: 130),
        // A type-4 transaction: per authorization (EIP-7702 PER_EMPTY_ACCOUNT_COST, exact).
        Entry(name: "authorization", basis: 25_000, headroomPercent: 100),
    ]

    static func limit(_ name: String) -> UInt64 {
        table.first(where: { $0.name == name })?.limit ?? 0
    }

    public static let call = limit("call")
    public static let flashLoanRebalance = limit("flashLoanRebalance")
    public static let harvest = limit("harvest")
    public static let hedgeAdjust = limit("hedgeAdjust")
    /// `eoa` mode, per transaction.
    public static let eoaApprove = limit("eoa approve")
    public static let eoaOther = limit("eoa call")
    /// Added to a type-4 transaction's default per authorization.
    public static let perAuthorization = limit("authorization")

    public static func `default`(for kind: ActionKind) -> UInt64 {
        switch kind {
        case .call: call
        case .flashLoanRebalance: flashLoanRebalance
        case .harvest: harvest
        case .hedgeAdjust: hedgeAdjust
        }
    }
}

extension Plan {
    /// Compiles the plan: calls per `docs/plan-compilation.md`, the flash-loan coverage check,
    /// the guards, and the transactions (nonces, fees, gas). Throws every problem found.
    public func compile() throws(PlanValidationError) -> CompiledPlan {
        var issues = IssueList()
        var compiled: [CompiledAction] = []
        compiled.reserveCapacity(actions.count)
        let actor = self.actor
        for action in actions {
            var emitter = CallEmitter(actor: actor)
            var callback: [PlanCall] = []
            switch action.kind {
            case .call(let c):
                emitter.call(c, path: action.path)
            case .flashLoanRebalance(let f):
                callback = emitter.flashLoan(f, actionPath: action.path, issues: &issues)
            case .harvest(let h):
                emitter.emit(h.target, h.protocolName.function, [], path: action.path)
                for s in h.compound { emitter.step(s) }
            case .hedgeAdjust(let h):
                emitter.hedge(h, path: action.path)
            }
            issues.append(contentsOf: emitter.issues)
            compiled.append(CompiledAction(id: action.id, index: action.index, calls: emitter.calls, callbackCalls: callback))
        }
        var checker = GuardChecker(plan: self)
        checker.check(compiled)
        issues.append(contentsOf: checker.issues)
        try issues.check()

        let transactions = try assemble(compiled)
        return CompiledPlan(plan: self, actions: compiled, transactions: transactions)
    }
}

/// Turns steps into calls for one action.
struct CallEmitter {
    let actor: Address
    var calls: [PlanCall] = []
    var issues = IssueList()

    init(actor: Address) { self.actor = actor }

    mutating func emit(_ target: Address, _ fn: KnownFunction, _ args: [ABIValue], value: UInt256 = .zero, path: JSONPath) {
        do {
            calls.append(PlanCall(target: target, value: value, data: try fn.encode(args)))
        } catch {
            issues.add(error.code, "cannot encode \(fn.canonicalSignature): \(error.message)", at: path)
        }
    }

    mutating func approve(_ token: TokenRef, _ spender: Address, _ amount: UInt256, path: JSONPath) {
        emit(token.address, PlanFunctions.approve, [.address(spender), .uint(amount)], path: path)
    }

    mutating func call(_ c: CallSpec, path: JSONPath) {
        do {
            let data = try ABIEncoder.encodeCall(selector: c.function.selector, values: c.args, parameters: c.function.inputs)
            calls.append(PlanCall(target: c.target, value: c.value, data: data))
        } catch {
            issues.add(error.code, "cannot encode \(c.function.canonicalSignature): \(error.message)", at: path + "args")
        }
    }

    static let zeroUInt = ABIValue.uint(.zero)

    mutating func step(_ step: Step) {
        let p = step.path
        let a = ABIValue.address(actor)
        switch step.operation {
        case .approve(let t, let spender, let amount):
            approve(t, spender, amount, path: p)
        case .transfer(let t, let to, let amount):
            emit(t.address, PlanFunctions.transfer, [.address(to), .uint(amount)], path: p)
        case .wrap(let weth, let amount):
            emit(weth, PlanFunctions.wethDeposit, [], value: amount, path: p)
        case .unwrap(let weth, let amount):
            emit(weth, PlanFunctions.wethWithdraw, [.uint(amount)], path: p)
        case .aaveSupply(let pool, let t, let amount):
            approve(t, pool, amount, path: p)
            emit(pool, PlanFunctions.aaveSupply, [.address(t.address), .uint(amount), a, Self.zeroUInt], path: p)
        case .aaveWithdraw(let pool, let t, let amount, let r):
            emit(pool, PlanFunctions.aaveWithdraw, [.address(t.address), .uint(amount), .address(r ?? actor)], path: p)
        case .aaveWithdrawAll(let pool, let t, _, let r):
            emit(pool, PlanFunctions.aaveWithdraw, [.address(t.address), .uint(.max), .address(r ?? actor)], path: p)
        case .aaveBorrow(let pool, let t, let amount):
            emit(pool, PlanFunctions.aaveBorrow, [.address(t.address), .uint(amount), .uint(2), Self.zeroUInt, a], path: p)
        case .aaveRepay(let pool, let t, let amount):
            approve(t, pool, amount, path: p)
            emit(pool, PlanFunctions.aaveRepay, [.address(t.address), .uint(amount), .uint(2), a], path: p)
        case .aaveRepayAll(let pool, let t, let maxAmount):
            approve(t, pool, maxAmount, path: p)
            emit(pool, PlanFunctions.aaveRepay, [.address(t.address), .uint(.max), .uint(2), a], path: p)
            approve(t, pool, .zero, path: p)
        case .morphoSupplyCollateral(let morpho, let market, let amount):
            approve(market.collateralToken, morpho, amount, path: p)
            emit(morpho, PlanFunctions.morphoSupplyCollateral, [market.abiValue, .uint(amount), a, .bytes([])], path: p)
        case .morphoWithdrawCollateral(let morpho, let market, let amount, let r):
            emit(morpho, PlanFunctions.morphoWithdrawCollateral, [market.abiValue, .uint(amount), a, .address(r ?? actor)], path: p)
        case .morphoBorrow(let morpho, let market, let amount, let r):
            emit(morpho, PlanFunctions.morphoBorrow, [market.abiValue, .uint(amount), Self.zeroUInt, a, .address(r ?? actor)], path: p)
        case .morphoRepay(let morpho, let market, let amount):
            approve(market.loanToken, morpho, amount, path: p)
            emit(morpho, PlanFunctions.morphoRepay, [market.abiValue, .uint(amount), Self.zeroUInt, a, .bytes([])], path: p)
        case .morphoRepayShares(let morpho, let market, let shares, let maxAmount):
            approve(market.loanToken, morpho, maxAmount, path: p)
            emit(morpho, PlanFunctions.morphoRepay, [market.abiValue, Self.zeroUInt, .uint(shares), a, .bytes([])], path: p)
            approve(market.loanToken, morpho, .zero, path: p)
        case .deposit(let vault, let t, let amount, let r):
            approve(t, vault, amount, path: p)
            emit(vault, PlanFunctions.vaultDeposit, [.uint(amount), .address(r ?? actor)], path: p)
        case .redeem(let vault, let shares, let r):
            emit(vault, PlanFunctions.vaultRedeem, [.uint(shares), .address(r ?? actor), a], path: p)
        case .swap(let s):
            swap(s, path: p)
        case .call(let c):
            call(c, path: p)
        }
    }

    /// `token ‖ fee (3 bytes) ‖ token …` (SwapRouter02 / v3-periphery `Path`).
    static func packedPath(_ tokens: [Address], _ fees: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20 + 23 * fees.count)
        for (i, t) in tokens.enumerated() {
            out.append(contentsOf: t.bytes)
            if i < fees.count {
                let f = fees[i]
                out.append(UInt8(truncatingIfNeeded: f >> 16))
                out.append(UInt8(truncatingIfNeeded: f >> 8))
                out.append(UInt8(truncatingIfNeeded: f))
            }
        }
        return out
    }

    mutating func swap(_ s: SwapStep, path p: JSONPath) {
        guard s.isWellFormed else {
            issues.add("invalid_path", "a swap path needs two tokens or more (and one fee tier per Uniswap V3 hop)", at: p + "path")
            return
        }
        let recipient = ABIValue.address(s.recipient ?? actor)
        let tokenIn = s.tokenIn, tokenOut = s.tokenOut
        switch (s.venue, s.amounts) {
        case (.uniswapV3(let router, let fees), .exactInput(let amountIn, let minOut)):
            approve(tokenIn, router, amountIn, path: p)
            if fees.count == 1 {
                emit(router, PlanFunctions.exactInputSingle, [.tuple([
                    .address(tokenIn.address), .address(tokenOut.address), .uint(UInt256(UInt64(fees[0]))), recipient,
                    .uint(amountIn), .uint(minOut), Self.zeroUInt,
                ])], path: p)
            } else {
                let packed = Self.packedPath(s.tokens.map(\.address), fees)
                emit(router, PlanFunctions.exactInput, [.tuple([.bytes(packed), recipient, .uint(amountIn), .uint(minOut)])], path: p)
            }
        case (.uniswapV3(let router, let fees), .exactOutput(let amountOut, let maxIn)):
            approve(tokenIn, router, maxIn, path: p)
            if fees.count == 1 {
                emit(router, PlanFunctions.exactOutputSingle, [.tuple([
                    .address(tokenIn.address), .address(tokenOut.address), .uint(UInt256(UInt64(fees[0]))), recipient,
                    .uint(amountOut), .uint(maxIn), Self.zeroUInt,
                ])], path: p)
            } else {
                let packed = Self.packedPath(s.tokens.map(\.address).reversed(), fees.reversed())
                emit(router, PlanFunctions.exactOutput, [.tuple([.bytes(packed), recipient, .uint(amountOut), .uint(maxIn)])], path: p)
            }
            // The router pulls only what the swap needs: the rest of maxAmountIn stays approved.
            approve(tokenIn, router, .zero, path: p)
        case (.uniswapV2(let router, let deadline), .exactInput(let amountIn, let minOut)):
            approve(tokenIn, router, amountIn, path: p)
            emit(router, PlanFunctions.swapExactTokensForTokens, [
                .uint(amountIn), .uint(minOut), .array(s.tokens.map { .address($0.address) }), recipient, .uint(deadline),
            ], path: p)
        case (.uniswapV2, .exactOutput):
            // Refused when the plan is read.
            issues.add("unsupported_swap", "uniswap-v2 swaps are exact-input only", at: p)
        }
    }

    mutating func hedge(_ h: HedgeAdjust, path p: JSONPath) {
        let a = ABIValue.address(actor)
        let fee = ABIValue.uint(UInt256(UInt64(h.fee)))
        switch h.direction {
        case .grow(let amount, let minOut):
            emit(h.pool, PlanFunctions.aaveBorrow, [.address(h.asset.address), .uint(amount), .uint(2), Self.zeroUInt, a], path: p)
            approve(h.asset, h.router, amount, path: p)
            emit(h.router, PlanFunctions.exactInputSingle, [.tuple([
                .address(h.asset.address), .address(h.quote.address), fee, a, .uint(amount), .uint(minOut), Self.zeroUInt,
            ])], path: p)
            approve(h.quote, h.pool, minOut, path: p)
            emit(h.pool, PlanFunctions.aaveSupply, [.address(h.quote.address), .uint(minOut), a, Self.zeroUInt], path: p)
        case .shrink(let amount, let maxIn):
            emit(h.pool, PlanFunctions.aaveWithdraw, [.address(h.quote.address), .uint(maxIn), a], path: p)
            approve(h.quote, h.router, maxIn, path: p)
            emit(h.router, PlanFunctions.exactOutputSingle, [.tuple([
                .address(h.quote.address), .address(h.asset.address), fee, a, .uint(amount), .uint(maxIn), Self.zeroUInt,
            ])], path: p)
            approve(h.quote, h.router, .zero, path: p)
            approve(h.asset, h.pool, amount, path: p)
            emit(h.pool, PlanFunctions.aaveRepay, [.address(h.asset.address), .uint(amount), .uint(2), a], path: p)
        }
    }

    /// Emits the lender call and returns the callback's call list (steps, then repayment).
    mutating func flashLoan(_ f: FlashLoanRebalance, actionPath: JSONPath, issues outer: inout IssueList) -> [PlanCall] {
        var inner = CallEmitter(actor: actor)
        for s in f.steps { inner.step(s) }
        let loans: [FlashLoanItem] = f.provider == .balancerV2
            ? f.loans.sorted { $0.token.address < $1.token.address }
            : f.loans
        for loan in loans {
            switch f.provider {
            case .aaveV3, .balancerV2:
                guard let total = f.repayment(for: loan.amount) else {
                    let what = f.provider == .aaveV3 ? "Aave's percentMul overflows" : "the Vault's mulUp overflows"
                    outer.add("amount_overflow", "amount + fee does not fit in 256 bits (\(what): the flash loan would revert)", at: loan.path + "amount")
                    continue
                }
                if f.provider == .aaveV3 {
                    inner.approve(loan.token, f.lender, total, path: loan.path)
                } else {
                    inner.emit(loan.token.address, PlanFunctions.transfer, [.address(f.lender), .uint(total)], path: loan.path)
                }
            case .morphoBlue:
                inner.approve(loan.token, f.lender, loan.amount, path: loan.path)
            }
        }
        outer.append(contentsOf: inner.issues)
        FlashLoanCoverage.check(f, actor: actor, issues: &outer)

        let data: [UInt8]
        do {
            data = try ABIEncoder.encode([.array(inner.calls.map(\.abiValue))], as: [PlanFunctions.callListType])
        } catch {
            outer.add(error.code, "cannot encode the callback call list: \(error.message)", at: actionPath)
            return inner.calls
        }
        let a = ABIValue.address(actor)
        switch f.provider {
        case .aaveV3:
            emit(f.lender, PlanFunctions.aaveFlashLoan, [
                a,
                .array(loans.map { .address($0.token.address) }),
                .array(loans.map { .uint($0.amount) }),
                .array(loans.map { _ in Self.zeroUInt }),
                a, .bytes(data), Self.zeroUInt,
            ], path: actionPath)
        case .balancerV2:
            emit(f.lender, PlanFunctions.balancerFlashLoan, [
                a, .array(loans.map { .address($0.token.address) }), .array(loans.map { .uint($0.amount) }), .bytes(data),
            ], path: actionPath)
        case .morphoBlue:
            if let loan = loans.first {
                emit(f.lender, PlanFunctions.morphoFlashLoan, [.address(loan.token.address), .uint(loan.amount), .bytes(data)], path: actionPath)
            }
        }
        return inner.calls
    }
}

/// The flash-loan coverage check of `docs/plan-compilation.md`.
enum FlashLoanCoverage {
    /// Token flows of steps: guaranteed receipts and spendings of the actor, per token (exact:
    /// sums that pass 2^256 continue in `BigNat`).
    struct Flows {
        var received: [Address: UInt256] = [:]
        var spent: [Address: UInt256] = [:]
        var receivedBig: [Address: BigNat] = [:]
        var spentBig: [Address: BigNat] = [:]

        mutating func receive(_ t: Address, _ amount: UInt256) { Self.add(&received, &receivedBig, t, amount) }
        mutating func spend(_ t: Address, _ amount: UInt256) { Self.add(&spent, &spentBig, t, amount) }

        private static func add(_ small: inout [Address: UInt256], _ big: inout [Address: BigNat], _ t: Address, _ amount: UInt256) {
            if let b = big[t] { big[t] = b + BigNat(amount); return }
            let (sum, overflow) = small[t, default: .zero].addingReportingOverflow(amount)
            if overflow {
                big[t] = BigNat(small[t, default: .zero]) + BigNat(amount)
                small[t] = nil
            } else {
                small[t] = sum
            }
        }

        func received(_ t: Address) -> BigNat { receivedBig[t] ?? BigNat(received[t, default: .zero]) }
        func spent(_ t: Address) -> BigNat { spentBig[t] ?? BigNat(spent[t, default: .zero]) }

        /// loan + received ≥ loan + premium + spent, in 256 bits when nothing overflows.
        func covers(_ t: Address, loan: UInt256, premium: UInt256) -> Bool {
            if receivedBig[t] == nil, spentBig[t] == nil {
                let (have, o1) = loan.addingReportingOverflow(received[t, default: .zero])
                let (owed, o2) = loan.addingReportingOverflow(premium)
                let (need, o3) = owed.addingReportingOverflow(spent[t, default: .zero])
                if !o1 && !o2 && !o3 { return have >= need }
            }
            return BigNat(loan) + received(t) >= BigNat(loan) + BigNat(premium) + spent(t)
        }
    }

    static func flows(_ steps: [Step], actor: Address) -> Flows {
        var f = Flows()
        func toActor(_ r: Address?) -> Bool { r == nil || r == actor }
        for s in steps {
            switch s.operation {
            // A wrap's native value must already be the actor's: not a guaranteed receipt.
            case .approve, .redeem, .call, .wrap: break
            case .transfer(let t, _, let amount): f.spend(t.address, amount)
            case .unwrap(let weth, let amount): f.spend(weth, amount)
            case .aaveSupply(_, let t, let amount), .aaveRepay(_, let t, let amount): f.spend(t.address, amount)
            case .aaveRepayAll(_, let t, let maxAmount): f.spend(t.address, maxAmount)
            case .aaveWithdraw(_, let t, let amount, let r): if toActor(r) { f.receive(t.address, amount) }
            case .aaveWithdrawAll(_, let t, let minAmount, let r): if toActor(r) { f.receive(t.address, minAmount) }
            case .aaveBorrow(_, let t, let amount): f.receive(t.address, amount)
            case .morphoSupplyCollateral(_, let m, let amount): f.spend(m.collateralToken.address, amount)
            case .morphoWithdrawCollateral(_, let m, let amount, let r): if toActor(r) { f.receive(m.collateralToken.address, amount) }
            case .morphoBorrow(_, let m, let amount, let r): if toActor(r) { f.receive(m.loanToken.address, amount) }
            case .morphoRepay(_, let m, let amount): f.spend(m.loanToken.address, amount)
            case .morphoRepayShares(_, let m, _, let maxAmount): f.spend(m.loanToken.address, maxAmount)
            case .deposit(_, let t, let amount, _): f.spend(t.address, amount)
            case .swap(let sw):
                switch sw.amounts {
                case .exactInput(let amountIn, let minOut):
                    f.spend(sw.tokenIn.address, amountIn)
                    if toActor(sw.recipient) { f.receive(sw.tokenOut.address, minOut) }
                case .exactOutput(let amountOut, let maxIn):
                    f.spend(sw.tokenIn.address, maxIn)
                    if toActor(sw.recipient) { f.receive(sw.tokenOut.address, amountOut) }
                }
            }
        }
        return f
    }

    static func check(_ f: FlashLoanRebalance, actor: Address, issues: inout IssueList) {
        let flows = flows(f.steps, actor: actor)
        for loan in f.loans {
            let t = loan.token.address
            // An overflowing fee is reported where the repayment is built.
            guard let premium = f.premium(for: loan.amount) else { continue }
            if flows.covers(t, loan: loan.amount, premium: premium) { continue }
            let received = flows.received(t), spent = flows.spent(t)
            let owed = BigNat(loan.amount) + BigNat(premium)
            let have = BigNat(loan.amount) + received
            let fmt = { (n: BigNat) in Amounts.describe(n, loan.token) }
            issues.add(
                "flash_loan_uncovered",
                "the steps cannot repay \(fmt(owed)) of \(loan.token) (loan + \(f.provider == .aaveV3 ? "premium" : "fee") \(premium.isZero ? "0" : fmt(BigNat(premium)))): loan \(fmt(BigNat(loan.amount))) + guaranteed receipts \(fmt(received)) − spendings \(fmt(spent)) leaves \(BigNat.subtracting(have, spent).map(fmt) ?? "less than nothing")",
                at: loan.path)
        }
    }
}

/// Amount formatting for messages.
enum Amounts {
    static func describe(_ n: BigNat, _ token: TokenRef) -> String {
        guard let d = token.decimals, let u = n.uint256 else { return "\(n) base units" }
        return Units.formatAmount(u, decimals: d)
    }

    static func describe(_ n: UInt256, _ token: TokenRef) -> String { describe(BigNat(n), token) }
}
