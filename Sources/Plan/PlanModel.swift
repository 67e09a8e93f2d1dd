import ABI
import BallastJSON
import EthereumPrimitives
import Protocols

// The plan after reading and resolution: every token is an address (with its decimals when
// known), every amount is base units, every protocol is the address the calls go to. Paths are
// kept where later checks (coverage, guards, gas) report problems.

/// How the plan's calls reach the chain (`execution.mode`).
public enum ExecutionMode: String, Sendable, Hashable, CaseIterable {
    case eoa, executor, eip7702, safe
}

/// `execution`: the mode and its addresses.
public struct Execution: Sendable, Hashable {
    public var mode: ExecutionMode
    /// `executor` mode: the executor contract.
    public var executor: Address?
    /// `eip7702` mode: the executor implementation the account delegates to.
    public var delegate: Address?
    /// `eip7702` mode: the first transaction carries the signed authorization.
    public var authorize: Bool
    /// `safe` mode: the Safe.
    public var safe: Address?
    /// `safe` mode (extension): the Safe's nonce for `plan build --format safe-tx`.
    public var safeNonce: UInt64?

    public init(
        mode: ExecutionMode, executor: Address? = nil, delegate: Address? = nil, authorize: Bool = false, safe: Address? = nil,
        safeNonce: UInt64? = nil
    ) {
        self.mode = mode
        self.executor = executor
        self.delegate = delegate
        self.authorize = authorize
        self.safe = safe
        self.safeNonce = safeNonce
    }
}

/// `fees`: EIP-1559 (type 2, the default) or a legacy gas price (type 0 with EIP-155).
public enum Fees: Sendable, Hashable {
    case dynamic(maxFeePerGas: UInt256, maxPriorityFeePerGas: UInt256)
    case legacy(gasPrice: UInt256)
}

/// A token as a step names it.
public struct TokenRef: Sendable, Hashable, CustomStringConvertible {
    /// The symbol the plan used, nil when it gave an address.
    public var symbol: String?
    public var address: Address
    /// nil when the plan gave an address that `tokens` does not describe.
    public var decimals: Int?

    public init(symbol: String?, address: Address, decimals: Int?) {
        self.symbol = symbol
        self.address = address
        self.decimals = decimals
    }

    public var description: String { symbol ?? address.checksummed }
}

/// A generic call: `call` actions and steps.
public struct CallSpec: Sendable, Hashable {
    public var target: Address
    public var function: ABIFunction
    public var args: [ABIValue]
    public var value: UInt256

    public init(target: Address, function: ABIFunction, args: [ABIValue], value: UInt256) {
        self.target = target
        self.function = function
        self.args = args
        self.value = value
    }
}

/// Morpho Blue `MarketParams`.
public struct MorphoMarket: Sendable, Hashable {
    public var loanToken: TokenRef
    public var collateralToken: TokenRef
    public var oracle: Address
    public var irm: Address
    public var lltv: UInt256

    public init(loanToken: TokenRef, collateralToken: TokenRef, oracle: Address, irm: Address, lltv: UInt256) {
        self.loanToken = loanToken
        self.collateralToken = collateralToken
        self.oracle = oracle
        self.irm = irm
        self.lltv = lltv
    }

    /// The ABI tuple `(loanToken, collateralToken, oracle, irm, lltv)`.
    public var abiValue: ABIValue { params.abiValue }

    /// The market's `MarketParams` as the protocol catalog encodes them.
    public var params: MorphoBlue.MarketParams {
        MorphoBlue.MarketParams(loanToken: loanToken.address, collateralToken: collateralToken.address, oracle: oracle, irm: irm, lltv: lltv)
    }
}

/// A swap's bounds: exact input with a minimum out, or exact output with a maximum in.
public enum SwapAmounts: Sendable, Hashable {
    case exactInput(amountIn: UInt256, minAmountOut: UInt256)
    case exactOutput(amountOut: UInt256, maxAmountIn: UInt256)
}

/// A swap step.
public struct SwapStep: Sendable, Hashable {
    public enum Venue: Sendable, Hashable {
        /// SwapRouter02; `fees.count == tokens.count - 1`.
        case uniswapV3(router: Address, fees: [UInt32])
        /// Uniswap V2 Router02 (exact input only).
        case uniswapV2(router: Address, deadline: UInt256)
    }

    public var venue: Venue
    /// The token path from input to output.
    public var tokens: [TokenRef]
    public var amounts: SwapAmounts
    public var recipient: Address?

    public init(venue: Venue, tokens: [TokenRef], amounts: SwapAmounts, recipient: Address?) {
        self.venue = venue
        self.tokens = tokens
        self.amounts = amounts
        self.recipient = recipient
    }

    /// The first token (a placeholder at the zero address for an empty path, which
    /// compiling refuses).
    public var tokenIn: TokenRef { tokens.first ?? TokenRef(symbol: nil, address: .zero, decimals: nil) }
    public var tokenOut: TokenRef { tokens.last ?? TokenRef(symbol: nil, address: .zero, decimals: nil) }

    /// Whether the path has a shape the venue accepts: two tokens or more, and for Uniswap V3
    /// one fee per hop.
    public var isWellFormed: Bool {
        switch venue {
        case .uniswapV3(_, let fees): tokens.count >= 2 && fees.count == tokens.count - 1
        case .uniswapV2: tokens.count >= 2
        }
    }
    public var router: Address {
        switch venue {
        case .uniswapV3(let r, _), .uniswapV2(let r, _): r
        }
    }
}

/// One step of a flash-loan rebalance or a harvest's `compound` list.
public enum StepOperation: Sendable, Hashable {
    case approve(token: TokenRef, spender: Address, amount: UInt256)
    case transfer(token: TokenRef, to: Address, amount: UInt256)
    /// Native → wrapped native (`weth.deposit()` with value).
    case wrap(weth: Address, amount: UInt256)
    case unwrap(weth: Address, amount: UInt256)
    case aaveSupply(pool: Address, token: TokenRef, amount: UInt256)
    case aaveWithdraw(pool: Address, token: TokenRef, amount: UInt256, recipient: Address?)
    /// `"amount": "all"`: `withdraw(token, 2^256 − 1, …)`, the whole aToken balance; at least
    /// `minAmount` is received (counted as the receipt by the coverage check).
    case aaveWithdrawAll(pool: Address, token: TokenRef, minAmount: UInt256, recipient: Address?)
    case aaveBorrow(pool: Address, token: TokenRef, amount: UInt256)
    case aaveRepay(pool: Address, token: TokenRef, amount: UInt256)
    /// `"amount": "all"`: `repay(token, 2^256 − 1, …)`, the whole debt; at most `maxAmount` is
    /// pulled (the approval before it, reset to 0 after it).
    case aaveRepayAll(pool: Address, token: TokenRef, maxAmount: UInt256)
    case morphoSupplyCollateral(morpho: Address, market: MorphoMarket, amount: UInt256)
    case morphoWithdrawCollateral(morpho: Address, market: MorphoMarket, amount: UInt256, recipient: Address?)
    case morphoBorrow(morpho: Address, market: MorphoMarket, amount: UInt256, recipient: Address?)
    case morphoRepay(morpho: Address, market: MorphoMarket, amount: UInt256)
    /// `"shares"`: `repay(market, 0, shares, …)`, borrow shares repaid in full; at most
    /// `maxAmount` of the loan token is pulled (approved before, reset to 0 after).
    case morphoRepayShares(morpho: Address, market: MorphoMarket, shares: UInt256, maxAmount: UInt256)
    case deposit(vault: Address, token: TokenRef, amount: UInt256, recipient: Address?)
    case redeem(vault: Address, shares: UInt256, recipient: Address?)
    case swap(SwapStep)
    case call(CallSpec)
}

/// A step and where it is in the plan.
public struct Step: Sendable, Hashable {
    public var operation: StepOperation
    public var path: JSONPath

    public init(_ operation: StepOperation, path: JSONPath) {
        self.operation = operation
        self.path = path
    }
}

public enum FlashLoanProvider: String, Sendable, Hashable, CaseIterable {
    case aaveV3 = "aave-v3"
    case balancerV2 = "balancer-v2"
    case morphoBlue = "morpho-blue"

    /// How the lender is repaid and its fee (the protocol catalog's declaration).
    public var repayment: FlashLoanRepayment {
        switch self {
        case .aaveV3: AaveV3.flashLoanRepayment
        case .balancerV2: BalancerV2.flashLoanRepayment
        case .morphoBlue: MorphoBlue.flashLoanRepayment
        }
    }
}

public struct FlashLoanItem: Sendable, Hashable {
    public var token: TokenRef
    public var amount: UInt256
    public var path: JSONPath

    public init(token: TokenRef, amount: UInt256, path: JSONPath) {
        self.token = token
        self.amount = amount
        self.path = path
    }
}

public struct FlashLoanRebalance: Sendable, Hashable {
    public var provider: FlashLoanProvider
    /// The pool, vault or Morpho contract.
    public var lender: Address
    /// In plan order (the Balancer call sorts them).
    public var loans: [FlashLoanItem]
    public var steps: [Step]
    /// The lender's fee in basis points: Aave's `premiumBps` (default 5), Balancer's `feeBps`
    /// (default 0); always 0 for Morpho.
    public var premiumBps: UInt64

    public init(provider: FlashLoanProvider, lender: Address, loans: [FlashLoanItem], steps: [Step], premiumBps: UInt64) {
        self.provider = provider
        self.lender = lender
        self.loans = loans
        self.steps = steps
        self.premiumBps = premiumBps
    }

    /// The fee the lender charges on `amount`, rounded as the lender rounds it, or nil when the
    /// lender's own arithmetic overflows (its flash loan reverts): the lender's
    /// `FlashLoanRepayment.Fee` in the protocol catalog (Aave V3 `percentMul`, half up; Balancer
    /// V2 `FixedPoint.mulUp`, rounded up; Morpho Blue none).
    public func premium(for amount: UInt256) -> UInt256? {
        provider.repayment.fee.fee(on: amount, bps: premiumBps)
    }

    /// amount + fee, nil when the fee overflows the lender's arithmetic or the sum passes 2^256 − 1.
    public func repayment(for amount: UInt256) -> UInt256? {
        guard let fee = premium(for: amount) else { return nil }
        let (sum, overflow) = amount.addingReportingOverflow(fee)
        return overflow ? nil : sum
    }
}

public enum HarvestProtocol: String, Sendable, Hashable, CaseIterable {
    case yearnV2 = "yearn-v2"
    case yearnV3 = "yearn-v3"
    case beefy = "beefy"
    case curveGauge = "curve-gauge"
    case convex = "convex"

    /// The function the harvest calls on its target.
    public var function: KnownFunction { KnownFunction(entry.definition) }

    /// The function the harvest calls, in the protocol catalog.
    public var entry: ProtocolFunction {
        switch self {
        case .yearnV2, .beefy: Yearn.harvest
        case .yearnV3: Yearn.report
        case .curveGauge: CurveConvex.claimRewards
        case .convex: CurveConvex.getReward
        }
    }
}

public struct Harvest: Sendable, Hashable {
    public var protocolName: HarvestProtocol
    public var target: Address
    public var compound: [Step]

    public init(protocolName: HarvestProtocol, target: Address, compound: [Step]) {
        self.protocolName = protocolName
        self.target = target
        self.compound = compound
    }
}

/// `hedgeAdjust` on Aave V3 with a one-hop SwapRouter02 swap.
public struct HedgeAdjust: Sendable, Hashable {
    public enum Direction: Sendable, Hashable {
        /// change < 0: borrow `amount` of the asset, sell it for at least `minAmountOut` of quote.
        case grow(amount: UInt256, minAmountOut: UInt256)
        /// change > 0: buy back exactly `amount` of the asset with at most `maxAmountIn` of quote.
        case shrink(amount: UInt256, maxAmountIn: UInt256)
    }

    public var pool: Address
    public var router: Address
    public var asset: TokenRef
    public var quote: TokenRef
    public var fee: UInt32
    public var direction: Direction

    public init(pool: Address, router: Address, asset: TokenRef, quote: TokenRef, fee: UInt32, direction: Direction) {
        self.pool = pool
        self.router = router
        self.asset = asset
        self.quote = quote
        self.fee = fee
        self.direction = direction
    }
}

/// The larger kinds are stored out of line, so that an action is the size of a call (a long
/// plan holds many).
public enum ActionKind: Sendable, Hashable {
    case call(CallSpec)
    indirect case flashLoanRebalance(FlashLoanRebalance)
    indirect case harvest(Harvest)
    indirect case hedgeAdjust(HedgeAdjust)

    /// The plan's name of the kind.
    public var name: String {
        switch self {
        case .call: "call"
        case .flashLoanRebalance: "flashLoanRebalance"
        case .harvest: "harvest"
        case .hedgeAdjust: "hedgeAdjust"
        }
    }
}

public struct Action: Sendable, Hashable {
    public var id: String
    /// Position in `actions`.
    public var index: Int
    public var kind: ActionKind
    /// The explicit gas limit, if the plan gives one.
    public var gas: UInt64?

    public init(id: String, index: Int, kind: ActionKind, gas: UInt64?) {
        self.id = id
        self.index = index
        self.kind = kind
        self.gas = gas
    }

    public var path: JSONPath { JSONPath.root + "actions" + index }
}

/// Aave position for the health-factor guard, in base units per token.
public struct GuardPosition: Sendable, Hashable {
    public var collateral: [Address: UInt256]
    public var debt: [Address: UInt256]
    public var liquidationThresholdBps: [Address: UInt64]

    public init(collateral: [Address: UInt256] = [:], debt: [Address: UInt256] = [:], liquidationThresholdBps: [Address: UInt64] = [:]) {
        self.collateral = collateral
        self.debt = debt
        self.liquidationThresholdBps = liquidationThresholdBps
    }
}

/// `guards`.
public struct Guards: Sendable, Hashable {
    public var maxSlippageBps: UInt64?
    /// Price per whole token (decimal text, exact), by token address.
    public var prices: [Address: String]
    public var minHealthFactor: String?
    public var position: GuardPosition?
    public var maxValue: UInt256?
    public var allowedTargets: Set<Address>?

    public init(
        maxSlippageBps: UInt64? = nil, prices: [Address: String] = [:], minHealthFactor: String? = nil,
        position: GuardPosition? = nil, maxValue: UInt256? = nil, allowedTargets: Set<Address>? = nil
    ) {
        self.maxSlippageBps = maxSlippageBps
        self.prices = prices
        self.minHealthFactor = minHealthFactor
        self.position = position
        self.maxValue = maxValue
        self.allowedTargets = allowedTargets
    }
}

/// A plan, read and resolved (see `Plan.init(json:options:)`).
public struct Plan: Sendable, Hashable {
    public var chainId: UInt64
    public var account: Address
    public var execution: Execution
    public var nonce: UInt64
    public var fees: Fees
    /// The built-in book of the chain with the plan's `tokens` and `protocols` applied.
    public var book: AddressBook
    public var guards: Guards
    public var actions: [Action]
    /// Token symbols by address, for messages and prices.
    public var tokenDecimals: [Address: Int]

    public init(
        chainId: UInt64, account: Address, execution: Execution, nonce: UInt64, fees: Fees,
        book: AddressBook, guards: Guards, actions: [Action], tokenDecimals: [Address: Int] = [:]
    ) {
        self.chainId = chainId
        self.account = account
        self.execution = execution
        self.nonce = nonce
        self.fees = fees
        self.book = book
        self.guards = guards
        self.actions = actions
        self.tokenDecimals = tokenDecimals
    }

    /// The address that holds positions and receives outputs: the executor, the account
    /// (`eip7702`, `eoa`) or the Safe.
    public var actor: Address {
        switch execution.mode {
        case .executor: execution.executor ?? account
        case .eip7702, .eoa: account
        case .safe: execution.safe ?? account
        }
    }
}
