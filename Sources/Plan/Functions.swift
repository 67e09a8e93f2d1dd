import ABI
import EthereumPrimitives
import Protocols

/// A function the compiler encodes calls to: its definition, selector and input types, computed
/// once.
public struct KnownFunction: Sendable, Hashable {
    public let function: ABIFunction
    public let selector: [UInt8]
    public let inputTypes: [ABIType]
    /// `name(type,…)`, built once (a decoder names each call it decodes with it).
    public let canonicalSignature: String
    /// The position of the function with this signature in `ProtocolCatalog.all`, when the
    /// catalog declares it (`ProtocolCatalog.index(of:)`), looked up once.
    public let catalogIndex: Int?
    /// The input types laid out for the decoder, once (nil when a type is invalid).
    public let layout: ABIArgumentLayout?

    public init(_ function: ABIFunction) {
        self.function = function
        self.selector = function.selector
        self.inputTypes = function.inputTypes
        self.canonicalSignature = function.canonicalSignature
        self.catalogIndex = ProtocolCatalog.index(of: canonicalSignature)
        self.layout = ABIArgumentLayout(function.inputTypes)
    }

    /// The definition of a protocol catalog entry.
    public init(_ entry: ProtocolFunction) {
        self.init(entry.definition)
    }

    /// Equal definitions (everything else is computed from the definition).
    public static func == (a: KnownFunction, b: KnownFunction) -> Bool { a.function == b.function }

    public func hash(into hasher: inout Hasher) { hasher.combine(function) }

    /// Calldata: selector ‖ encoded arguments.
    public func encode(_ values: [ABIValue]) throws(ABIEncodingError) -> [UInt8] {
        try ABIEncoder.encodeCall(selector: selector, values: values, types: inputTypes)
    }

    /// The selector as a big-endian integer (dictionary key).
    var selectorKey: UInt32 {
        selector.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// The functions the compiler calls: the protocol catalog's entries (`Sources/Protocols`), which
/// also hold the step encoders the compiler uses. Compiling never reads `abi/`; the selectors are
/// checked against `vectors/reference/protocols.md` by the tests.
public enum PlanFunctions {
    // ERC-20
    public static let approve = KnownFunction(ERC20.approve)
    public static let transfer = KnownFunction(ERC20.transfer)

    // WETH9
    public static let wethDeposit = KnownFunction(WETH.deposit)
    public static let wethWithdraw = KnownFunction(WETH.withdraw)

    // ERC-4626
    public static let vaultDeposit = KnownFunction(ERC4626.deposit)
    public static let vaultRedeem = KnownFunction(ERC4626.redeem)

    // Aave V3 Pool
    public static let aaveSupply = KnownFunction(AaveV3.supply)
    public static let aaveWithdraw = KnownFunction(AaveV3.withdraw)
    public static let aaveBorrow = KnownFunction(AaveV3.borrow)
    public static let aaveRepay = KnownFunction(AaveV3.repay)
    public static let aaveFlashLoan = KnownFunction(AaveV3.flashLoan)

    // Balancer V2 Vault
    public static let balancerFlashLoan = KnownFunction(BalancerV2.flashLoan)

    // Morpho Blue
    public static let morphoSupplyCollateral = KnownFunction(MorphoBlue.supplyCollateral)
    public static let morphoWithdrawCollateral = KnownFunction(MorphoBlue.withdrawCollateral)
    public static let morphoBorrow = KnownFunction(MorphoBlue.borrow)
    public static let morphoRepay = KnownFunction(MorphoBlue.repay)
    public static let morphoFlashLoan = KnownFunction(MorphoBlue.flashLoan)

    // Uniswap SwapRouter02
    public static let exactInputSingle = KnownFunction(UniswapV3.exactInputSingle)
    public static let exactInput = KnownFunction(UniswapV3.exactInput)
    public static let exactOutputSingle = KnownFunction(UniswapV3.exactOutputSingle)
    public static let exactOutput = KnownFunction(UniswapV3.exactOutput)

    // Uniswap V2 Router02
    public static let swapExactTokensForTokens = KnownFunction(UniswapV2.swapExactTokensForTokens)

    // Harvests (Yearn V2 and Beefy strategies, Yearn V3 tokenized strategies, Curve gauges, Convex)
    public static let harvest = KnownFunction(Yearn.harvest)
    public static let report = KnownFunction(Yearn.report)
    public static let claimRewards = KnownFunction(CurveConvex.claimRewards)
    public static let getReward = KnownFunction(CurveConvex.getReward)

    // The executor (docs/plan-compilation.md)
    public static let execute = KnownFunction(BallastExecutor.execute)

    /// The type of a call list: `(address,uint256,bytes)[]`.
    public static let callListType = BallastExecutor.callListType

    /// Every function the compiler calls.
    public static let all: [KnownFunction] = [
        approve, transfer, wethDeposit, wethWithdraw, vaultDeposit, vaultRedeem,
        aaveSupply, aaveWithdraw, aaveBorrow, aaveRepay, aaveFlashLoan, balancerFlashLoan,
        morphoSupplyCollateral, morphoWithdrawCollateral, morphoBorrow, morphoRepay, morphoFlashLoan,
        exactInputSingle, exactInput, exactOutputSingle, exactOutput, swapExactTokensForTokens,
        harvest, report, claimRewards, getReward, execute,
    ]
}
