import ABI
import EthereumPrimitives

/// A function the compiler encodes calls to: its definition, selector and input types, computed
/// once.
public struct KnownFunction: Sendable, Hashable {
    public let function: ABIFunction
    public let selector: [UInt8]
    public let inputTypes: [ABIType]
    /// `name(type,…)`, built once (a decoder names each call it decodes with it).
    public let canonicalSignature: String

    public init(_ function: ABIFunction) {
        self.function = function
        self.selector = function.selector
        self.inputTypes = function.inputTypes
        self.canonicalSignature = function.canonicalSignature
    }

    /// Parses a constant signature. A constant that does not parse gives a function named
    /// `invalid`, which the signature test refuses.
    init(constant text: String) {
        self.init((try? ABIFunction(parsing: text)) ?? ABIFunction(name: "invalid"))
    }

    /// Calldata: selector ‖ encoded arguments.
    public func encode(_ values: [ABIValue]) throws(ABIEncodingError) -> [UInt8] {
        try ABIEncoder.encodeCall(selector: selector, values: values, types: inputTypes)
    }

    /// The selector as a big-endian integer (dictionary key).
    var selectorKey: UInt32 {
        selector.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// The functions the compiler calls, embedded so that compiling never reads `abi/`. Each is
/// the definition in the bundled ABI file named beside it; the selectors are checked against
/// `vectors/reference/protocols.md` by the tests.
public enum PlanFunctions {
    // ERC-20 (abi/erc20.json)
    public static let approve = KnownFunction(constant: "function approve(address spender, uint256 value) returns (bool)")
    public static let transfer = KnownFunction(constant: "function transfer(address to, uint256 value) returns (bool)")

    // WETH9 (abi/weth9.json)
    public static let wethDeposit = KnownFunction(constant: "function deposit() payable")
    public static let wethWithdraw = KnownFunction(constant: "function withdraw(uint256 wad)")

    // ERC-4626 (abi/erc4626.json)
    public static let vaultDeposit = KnownFunction(constant: "function deposit(uint256 assets, address receiver) returns (uint256 shares)")
    public static let vaultRedeem = KnownFunction(constant: "function redeem(uint256 shares, address receiver, address owner) returns (uint256 assets)")

    // Aave V3 Pool (abi/aave-v3-pool.json)
    public static let aaveSupply = KnownFunction(constant: "function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)")
    public static let aaveWithdraw = KnownFunction(constant: "function withdraw(address asset, uint256 amount, address to) returns (uint256)")
    public static let aaveBorrow = KnownFunction(constant: "function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)")
    public static let aaveRepay = KnownFunction(constant: "function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)")
    public static let aaveFlashLoan = KnownFunction(constant: "function flashLoan(address receiverAddress, address[] assets, uint256[] amounts, uint256[] interestRateModes, address onBehalfOf, bytes params, uint16 referralCode)")

    // Balancer V2 Vault (abi/balancer-v2-vault.json)
    public static let balancerFlashLoan = KnownFunction(constant: "function flashLoan(address recipient, address[] tokens, uint256[] amounts, bytes userData)")

    // Morpho Blue (abi/morpho-blue.json)
    static let marketParams = "(address loanToken, address collateralToken, address oracle, address irm, uint256 lltv) marketParams"
    public static let morphoSupplyCollateral = KnownFunction(constant: "function supplyCollateral(\(marketParams), uint256 assets, address onBehalf, bytes data)")
    public static let morphoWithdrawCollateral = KnownFunction(constant: "function withdrawCollateral(\(marketParams), uint256 assets, address onBehalf, address receiver)")
    public static let morphoBorrow = KnownFunction(constant: "function borrow(\(marketParams), uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256 assetsBorrowed, uint256 sharesBorrowed)")
    public static let morphoRepay = KnownFunction(constant: "function repay(\(marketParams), uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256 assetsRepaid, uint256 sharesRepaid)")
    public static let morphoFlashLoan = KnownFunction(constant: "function flashLoan(address token, uint256 assets, bytes data)")

    // Uniswap SwapRouter02 (abi/uniswap-v3-swaprouter02.json)
    public static let exactInputSingle = KnownFunction(constant: "function exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params) payable returns (uint256 amountOut)")
    public static let exactInput = KnownFunction(constant: "function exactInput((bytes path, address recipient, uint256 amountIn, uint256 amountOutMinimum) params) payable returns (uint256 amountOut)")
    public static let exactOutputSingle = KnownFunction(constant: "function exactOutputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 amountOut, uint256 amountInMaximum, uint160 sqrtPriceLimitX96) params) payable returns (uint256 amountIn)")
    public static let exactOutput = KnownFunction(constant: "function exactOutput((bytes path, address recipient, uint256 amountOut, uint256 amountInMaximum) params) payable returns (uint256 amountIn)")

    // Uniswap V2 Router02 (abi/uniswap-v2-router02.json)
    public static let swapExactTokensForTokens = KnownFunction(constant: "function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)")

    // Harvests (abi/yearn-v2-strategy.json, yearn-v3-tokenized-strategy.json, beefy-strategy.json,
    // curve-gauge.json, convex-base-reward-pool.json)
    public static let harvest = KnownFunction(constant: "function harvest()")
    public static let report = KnownFunction(constant: "function report() returns (uint256 profit, uint256 loss)")
    public static let claimRewards = KnownFunction(constant: "function claim_rewards()")
    public static let getReward = KnownFunction(constant: "function getReward() returns (bool)")

    // The executor (docs/plan-compilation.md; abi/BallastExecutor.json)
    public static let execute = KnownFunction(constant: "function execute((address target, uint256 value, bytes data)[] calls) payable")

    /// The type of a call list: `(address,uint256,bytes)[]`.
    public static let callListType = ABIType.array(.tuple([.address, .uint256, .bytes]))

    /// Every embedded function.
    public static let all: [KnownFunction] = [
        approve, transfer, wethDeposit, wethWithdraw, vaultDeposit, vaultRedeem,
        aaveSupply, aaveWithdraw, aaveBorrow, aaveRepay, aaveFlashLoan, balancerFlashLoan,
        morphoSupplyCollateral, morphoWithdrawCollateral, morphoBorrow, morphoRepay, morphoFlashLoan,
        exactInputSingle, exactInput, exactOutputSingle, exactOutput, swapExactTokensForTokens,
        harvest, report, claimRewards, getReward, execute,
    ]
}
