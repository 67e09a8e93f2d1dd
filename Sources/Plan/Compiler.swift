import ABI
import BallastJSON
import EthereumPrimitives
import Protocols
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
        data.count >= 4 && Array(data[0..<4]) == ERC20.approve.selector
    }

    /// The call as a call-list entry of the executor.
    public var executorCall: BallastExecutor.Call { (target, value, data) }
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
    public var authorization: UnsignedAuthorization? { authorizations.first }
    /// Held out of line (an empty array is one word): most transactions carry none, and a long
    /// plan holds every transaction at once.
    private let authorizations: [UnsignedAuthorization]

    public init(actionId: String, actionIndex: Int, transaction: UnsignedTransaction, authorization: UnsignedAuthorization?) {
        self.actionId = actionId
        self.actionIndex = actionIndex
        self.transaction = transaction
        self.authorizations = authorization.map { [$0] } ?? []
    }
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
        var declared: [[DeclaredCall]] = []
        let actor = self.actor
        for action in actions {
            var emitter = CallEmitter(actor: actor)
            var callback: [PlanCall] = []
            var callbackPaths: [JSONPath] = []
            switch action.kind {
            case .call(let c):
                emitter.call(c, path: action.path)
            case .flashLoanRebalance(let f):
                (callback, callbackPaths) = emitter.flashLoan(f, actionPath: action.path, issues: &issues)
                if execution.mode.runsOnExecutor, f.loans.count > BallastExecutor.maxFlashLoanAssets {
                    issues.add(.executorLimit, "action \"\(action.id)\" borrows \(f.loans.count) assets in one flash loan: the reference executor's callback takes at most \(BallastExecutor.maxFlashLoanAssets) (MAX_ASSETS in contracts/BallastExecutor.vy)", at: action.path + "loans")
                }
            case .harvest(let h):
                let fn = h.protocolName.entry
                emitter.emit(h.target, fn, path: action.path) { () throws(ABIEncodingError) in try fn.call() }
                for s in h.compound { emitter.step(s) }
            case .hedgeAdjust(let h):
                emitter.hedge(h, path: action.path)
            }
            issues.append(contentsOf: emitter.issues)
            if execution.mode.runsOnExecutor {
                ExecutorLimits.check(action, calls: emitter.calls, paths: emitter.paths, callback: callback, callbackPaths: callbackPaths, issues: &issues)
            }
            compiled.append(CompiledAction(id: action.id, index: action.index, calls: emitter.calls, callbackCalls: callback))
            declared.append(emitter.declared + emitter.callbackDeclared)
        }
        var checker = GuardChecker(plan: self)
        checker.check(compiled, declared: declared)
        issues.append(contentsOf: checker.issues)
        try issues.check()

        let transactions = try assemble(compiled)
        return CompiledPlan(plan: self, actions: compiled, transactions: transactions)
    }
}

extension ExecutionMode {
    /// Whether each action is one `execute` of an executor (`executor`, `eip7702`).
    var runsOnExecutor: Bool { self == .executor || self == .eip7702 }
}

/// The reference executor's size bounds (`BallastExecutor` in the protocol catalog, from
/// `contracts/BallastExecutor.vy`): a plan beyond them would compile into a transaction that
/// reverts on chain, so it is refused, naming the action or step and the bound.
enum ExecutorLimits {
    static func check(_ action: Action, calls: [PlanCall], paths: [JSONPath], callback: [PlanCall], callbackPaths: [JSONPath], issues: inout IssueList) {
        let name = "action \"\(action.id)\""
        let contract = "contracts/BallastExecutor.vy"
        if calls.count > BallastExecutor.maxCalls {
            issues.add(.executorLimit, "\(name) makes \(calls.count) calls in one transaction: the reference executor's execute runs at most \(BallastExecutor.maxCalls) (MAX_CALLS in \(contract))", at: action.path)
        }
        for (k, c) in calls.enumerated() where c.data.count > BallastExecutor.maxCallData {
            issues.add(.executorLimit, "\(name): call \(k) carries \(c.data.count) bytes of data: the reference executor's execute takes at most \(BallastExecutor.maxCallData) bytes a call (MAX_DATA in \(contract))", at: k < paths.count ? paths[k] : action.path)
        }
        if callback.count > BallastExecutor.maxCallbackCalls {
            issues.add(.executorLimit, "\(name): the flash loan's callback makes \(callback.count) calls (steps and repayments): the reference executor runs at most \(BallastExecutor.maxCallbackCalls) in a callback (MAX_INNER_CALLS in \(contract))", at: action.path + "steps")
        }
        for (k, c) in callback.enumerated() where c.data.count > BallastExecutor.maxCallbackCallData {
            issues.add(.executorLimit, "\(name): callback call \(k) carries \(c.data.count) bytes of data: the reference executor takes at most \(BallastExecutor.maxCallbackCallData) bytes a call in a callback (MAX_INNER_DATA in \(contract))", at: k < callbackPaths.count ? callbackPaths[k] : action.path)
        }
    }
}

/// A call a step encoder built, with the plan's references to the tokens the step names (in path
/// order: paid first), which the guards use to name the tokens of its flows.
struct DeclaredCall {
    var call: EncodedCall
    var tokens: [TokenRef]
}

/// Turns steps into calls for one action, through the protocol catalog's step encoders.
struct CallEmitter {
    let actor: Address
    var calls: [PlanCall] = []
    /// The plan path each call comes from (a step, a loan, the action).
    var paths: [JSONPath] = []
    /// The token flows the calls cause, as the catalog declares them.
    var flows: [TokenFlow] = []
    /// The encoded calls with what the catalog declares of them, in order.
    var declared: [DeclaredCall] = []
    /// The same for a flash loan's callback calls.
    var callbackDeclared: [DeclaredCall] = []
    var issues = IssueList()

    init(actor: Address) { self.actor = actor }

    /// Appends the call `encode` builds, or the issue it throws (naming the function).
    mutating func emit(_ target: Address, _ fn: ProtocolFunction, value: UInt256 = .zero, path: JSONPath, tokens: [TokenRef] = [],
                       _ encode: () throws(ABIEncodingError) -> EncodedCall) {
        do {
            let c = try encode()
            calls.append(PlanCall(target: target, value: value, data: c.data))
            paths.append(path)
            flows += c.flows
            declared.append(DeclaredCall(call: c, tokens: tokens))
        } catch {
            issues.add(reporting: error, "cannot encode \(fn.signature): \(error.message)", at: path)
        }
    }

    mutating func approve(_ token: TokenRef, _ spender: Address, _ amount: UInt256, path: JSONPath) {
        emit(token.address, ERC20.approve, path: path) { () throws(ABIEncodingError) in try ERC20.approve(spender: spender, amount: amount) }
    }

    mutating func call(_ c: CallSpec, path: JSONPath) {
        do {
            let data = try ABIEncoder.encodeCall(selector: c.function.selector, values: c.args, parameters: c.function.inputs)
            calls.append(PlanCall(target: c.target, value: c.value, data: data))
            paths.append(path)
        } catch {
            issues.add(reporting: error, "cannot encode \(c.function.canonicalSignature): \(error.message)", at: path + "args")
        }
    }

    mutating func step(_ step: Step) {
        let p = step.path
        let a = actor
        switch step.operation {
        case .approve(let t, let spender, let amount):
            approve(t, spender, amount, path: p)
        case .transfer(let t, let to, let amount):
            emit(t.address, ERC20.transfer, path: p) { () throws(ABIEncodingError) in try ERC20.transfer(token: t.address, to: to, amount: amount) }
        case .wrap(let weth, let amount):
            emit(weth, WETH.deposit, value: amount, path: p) { () throws(ABIEncodingError) in try WETH.deposit.call() }
        case .unwrap(let weth, let amount):
            emit(weth, WETH.withdraw, path: p) { () throws(ABIEncodingError) in try WETH.withdraw(weth: weth, amount: amount) }
        case .aaveSupply(let pool, let t, let amount):
            approve(t, pool, amount, path: p)
            emit(pool, AaveV3.supply, path: p, tokens: [t]) { () throws(ABIEncodingError) in try AaveV3.supply(asset: t.address, amount: amount, onBehalfOf: a) }
        case .aaveWithdraw(let pool, let t, let amount, let r):
            emit(pool, AaveV3.withdraw, path: p, tokens: [t]) { () throws(ABIEncodingError) in try AaveV3.withdraw(asset: t.address, amount: amount, to: r ?? a) }
        case .aaveWithdrawAll(let pool, let t, let minAmount, let r):
            emit(pool, AaveV3.withdraw, path: p, tokens: [t]) { () throws(ABIEncodingError) in try AaveV3.withdrawAll(asset: t.address, to: r ?? a, minimumReceived: minAmount) }
        case .aaveBorrow(let pool, let t, let amount):
            emit(pool, AaveV3.borrow, path: p, tokens: [t]) { () throws(ABIEncodingError) in try AaveV3.borrow(asset: t.address, amount: amount, onBehalfOf: a) }
        case .aaveRepay(let pool, let t, let amount):
            approve(t, pool, amount, path: p)
            emit(pool, AaveV3.repay, path: p, tokens: [t]) { () throws(ABIEncodingError) in try AaveV3.repay(asset: t.address, amount: amount, onBehalfOf: a) }
        case .aaveRepayAll(let pool, let t, let maxAmount):
            approve(t, pool, maxAmount, path: p)
            emit(pool, AaveV3.repay, path: p, tokens: [t]) { () throws(ABIEncodingError) in try AaveV3.repayAll(asset: t.address, onBehalfOf: a, maximumPaid: maxAmount) }
            approve(t, pool, .zero, path: p)
        case .morphoSupplyCollateral(let morpho, let market, let amount):
            approve(market.collateralToken, morpho, amount, path: p)
            emit(morpho, MorphoBlue.supplyCollateral, path: p, tokens: [market.collateralToken]) { () throws(ABIEncodingError) in try MorphoBlue.supplyCollateral(market: market.params, assets: amount, onBehalf: a) }
        case .morphoWithdrawCollateral(let morpho, let market, let amount, let r):
            emit(morpho, MorphoBlue.withdrawCollateral, path: p, tokens: [market.collateralToken]) { () throws(ABIEncodingError) in
                try MorphoBlue.withdrawCollateral(market: market.params, assets: amount, onBehalf: a, receiver: r ?? a)
            }
        case .morphoBorrow(let morpho, let market, let amount, let r):
            emit(morpho, MorphoBlue.borrow, path: p, tokens: [market.loanToken]) { () throws(ABIEncodingError) in try MorphoBlue.borrow(market: market.params, assets: amount, onBehalf: a, receiver: r ?? a) }
        case .morphoRepay(let morpho, let market, let amount):
            approve(market.loanToken, morpho, amount, path: p)
            emit(morpho, MorphoBlue.repay, path: p, tokens: [market.loanToken]) { () throws(ABIEncodingError) in try MorphoBlue.repay(market: market.params, assets: amount, onBehalf: a) }
        case .morphoRepayShares(let morpho, let market, let shares, let maxAmount):
            approve(market.loanToken, morpho, maxAmount, path: p)
            emit(morpho, MorphoBlue.repay, path: p, tokens: [market.loanToken]) { () throws(ABIEncodingError) in
                try MorphoBlue.repayShares(market: market.params, shares: shares, onBehalf: a, maximumPaid: maxAmount)
            }
            approve(market.loanToken, morpho, .zero, path: p)
        case .deposit(let vault, let t, let amount, let r):
            approve(t, vault, amount, path: p)
            emit(vault, ERC4626.deposit, path: p, tokens: [t]) { () throws(ABIEncodingError) in try ERC4626.deposit(asset: t.address, assets: amount, receiver: r ?? a) }
        case .redeem(let vault, let shares, let r):
            emit(vault, ERC4626.redeem, path: p) { () throws(ABIEncodingError) in try ERC4626.redeem(shares: shares, receiver: r ?? a, owner: a) }
        case .swap(let s):
            swap(s, path: p)
        case .call(let c):
            call(c, path: p)
        }
    }

    mutating func swap(_ s: SwapStep, path p: JSONPath) {
        guard s.isWellFormed else {
            issues.add(.invalidPath, "a swap path needs two tokens or more (and one fee tier per Uniswap V3 hop)", at: p + "path")
            return
        }
        let recipient = s.recipient ?? actor
        let tokenIn = s.tokenIn, tokenOut = s.tokenOut
        let tokens = s.tokens.map(\.address)
        switch (s.venue, s.amounts) {
        case (.uniswapV3(let router, let fees), .exactInput(let amountIn, let minOut)):
            approve(tokenIn, router, amountIn, path: p)
            if fees.count == 1 {
                emit(router, UniswapV3.exactInputSingle, path: p, tokens: s.tokens) { () throws(ABIEncodingError) in
                    try UniswapV3.exactInputSingle(tokenIn: tokenIn.address, tokenOut: tokenOut.address, fee: fees[0], recipient: recipient, amountIn: amountIn, amountOutMinimum: minOut)
                }
            } else {
                emit(router, UniswapV3.exactInput, path: p, tokens: s.tokens) { () throws(ABIEncodingError) in
                    try UniswapV3.exactInput(tokens: tokens, fees: fees, recipient: recipient, amountIn: amountIn, amountOutMinimum: minOut)
                }
            }
        case (.uniswapV3(let router, let fees), .exactOutput(let amountOut, let maxIn)):
            approve(tokenIn, router, maxIn, path: p)
            if fees.count == 1 {
                emit(router, UniswapV3.exactOutputSingle, path: p, tokens: s.tokens) { () throws(ABIEncodingError) in
                    try UniswapV3.exactOutputSingle(tokenIn: tokenIn.address, tokenOut: tokenOut.address, fee: fees[0], recipient: recipient, amountOut: amountOut, amountInMaximum: maxIn)
                }
            } else {
                emit(router, UniswapV3.exactOutput, path: p, tokens: s.tokens) { () throws(ABIEncodingError) in
                    try UniswapV3.exactOutput(tokens: tokens, fees: fees, recipient: recipient, amountOut: amountOut, amountInMaximum: maxIn)
                }
            }
            // The router pulls only what the swap needs: the rest of maxAmountIn stays approved.
            approve(tokenIn, router, .zero, path: p)
        case (.uniswapV2(let router, let deadline), .exactInput(let amountIn, let minOut)):
            approve(tokenIn, router, amountIn, path: p)
            emit(router, UniswapV2.swapExactTokensForTokens, path: p, tokens: s.tokens) { () throws(ABIEncodingError) in
                try UniswapV2.swapExactTokensForTokens(amountIn: amountIn, amountOutMin: minOut, path: tokens, to: recipient, deadline: deadline)
            }
        case (.uniswapV2, .exactOutput):
            // Refused when the plan is read.
            issues.add(.unsupportedSwap, "uniswap-v2 swaps are exact-input only", at: p)
        }
    }

    mutating func hedge(_ h: HedgeAdjust, path p: JSONPath) {
        let a = actor
        let fee = h.fee
        switch h.direction {
        case .grow(let amount, let minOut):
            emit(h.pool, AaveV3.borrow, path: p, tokens: [h.asset]) { () throws(ABIEncodingError) in try AaveV3.borrow(asset: h.asset.address, amount: amount, onBehalfOf: a) }
            approve(h.asset, h.router, amount, path: p)
            emit(h.router, UniswapV3.exactInputSingle, path: p, tokens: [h.asset, h.quote]) { () throws(ABIEncodingError) in
                try UniswapV3.exactInputSingle(tokenIn: h.asset.address, tokenOut: h.quote.address, fee: fee, recipient: a, amountIn: amount, amountOutMinimum: minOut)
            }
            approve(h.quote, h.pool, minOut, path: p)
            emit(h.pool, AaveV3.supply, path: p, tokens: [h.quote]) { () throws(ABIEncodingError) in try AaveV3.supply(asset: h.quote.address, amount: minOut, onBehalfOf: a) }
        case .shrink(let amount, let maxIn):
            emit(h.pool, AaveV3.withdraw, path: p, tokens: [h.quote]) { () throws(ABIEncodingError) in try AaveV3.withdraw(asset: h.quote.address, amount: maxIn, to: a) }
            approve(h.quote, h.router, maxIn, path: p)
            emit(h.router, UniswapV3.exactOutputSingle, path: p, tokens: [h.quote, h.asset]) { () throws(ABIEncodingError) in
                try UniswapV3.exactOutputSingle(tokenIn: h.quote.address, tokenOut: h.asset.address, fee: fee, recipient: a, amountOut: amount, amountInMaximum: maxIn)
            }
            approve(h.quote, h.router, .zero, path: p)
            approve(h.asset, h.pool, amount, path: p)
            emit(h.pool, AaveV3.repay, path: p, tokens: [h.asset]) { () throws(ABIEncodingError) in try AaveV3.repay(asset: h.asset.address, amount: amount, onBehalfOf: a) }
        }
    }

    /// Emits the lender call and returns the callback's calls (steps, then repayment), each with
    /// its plan path.
    mutating func flashLoan(_ f: FlashLoanRebalance, actionPath: JSONPath, issues outer: inout IssueList) -> (calls: [PlanCall], paths: [JSONPath]) {
        var inner = CallEmitter(actor: actor)
        for s in f.steps { inner.step(s) }
        // What the steps guarantee, before the repayment is added.
        let stepFlows = inner.flows
        let loans: [FlashLoanItem] = f.provider == .balancerV2
            ? f.loans.sorted { $0.token.address < $1.token.address }
            : f.loans
        let terms = f.provider.repayment
        for loan in loans {
            guard let total = terms.total(for: loan.amount, bps: f.premiumBps) else {
                let what = f.provider == .aaveV3 ? "Aave's percentMul overflows" : "the Vault's mulUp overflows"
                outer.add(.amountOverflow, "amount + fee does not fit in 256 bits (\(what): the flash loan would revert)", at: loan.path + "amount")
                continue
            }
            switch terms.method {
            case .approveLender:
                inner.approve(loan.token, f.lender, total, path: loan.path)
            case .transferToLender:
                inner.emit(loan.token.address, ERC20.transfer, path: loan.path) { () throws(ABIEncodingError) in
                    try ERC20.transfer(token: loan.token.address, to: f.lender, amount: total)
                }
            }
        }
        outer.append(contentsOf: inner.issues)
        callbackDeclared = inner.declared
        FlashLoanCoverage.check(f, flows: stepFlows, actor: actor, issues: &outer)

        let data: [UInt8]
        do {
            data = try BallastExecutor.callbackData(calls: inner.calls.map(\.executorCall))
        } catch {
            outer.add(reporting: error, "cannot encode the callback call list: \(error.message)", at: actionPath)
            return (inner.calls, inner.paths)
        }
        let a = actor
        switch f.provider {
        case .aaveV3:
            emit(f.lender, AaveV3.flashLoan, path: actionPath) { () throws(ABIEncodingError) in
                try AaveV3.flashLoan(receiver: a, assets: loans.map(\.token.address), amounts: loans.map(\.amount), onBehalfOf: a, params: data)
            }
        case .balancerV2:
            emit(f.lender, BalancerV2.flashLoan, path: actionPath) { () throws(ABIEncodingError) in
                try BalancerV2.flashLoan(recipient: a, tokens: loans.map(\.token.address), amounts: loans.map(\.amount), userData: data)
            }
        case .morphoBlue:
            if let loan = loans.first {
                emit(f.lender, MorphoBlue.flashLoan, path: actionPath) { () throws(ABIEncodingError) in
                    try MorphoBlue.flashLoan(token: loan.token.address, assets: loan.amount, data: data)
                }
            }
        }
        return (inner.calls, inner.paths)
    }
}

/// The flash-loan coverage check of `docs/plan-compilation.md`, on the token flows the protocol
/// catalog declares for the steps' calls.
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

    /// Adds up the flows: what the actor pays, and what it (or the caller, for a call naming no
    /// recipient) is guaranteed to receive.
    static func flows(_ declared: [TokenFlow], actor: Address) -> Flows {
        var f = Flows()
        for flow in declared {
            switch flow {
            case .pays(let t, let amount): f.spend(t, amount)
            case .receives(let t, let amount, let recipient): if recipient == nil || recipient == actor { f.receive(t, amount) }
            }
        }
        return f
    }

    static func check(_ f: FlashLoanRebalance, flows declared: [TokenFlow], actor: Address, issues: inout IssueList) {
        let flows = flows(declared, actor: actor)
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
                .flashLoanUncovered,
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
