import ABI
import EthereumPrimitives

extension ProtocolName {
    /// `morpho-blue`: the Morpho contract, `protocols.morpho-blue.morpho`. Left out on the L2s as
    /// UNCONFIRMED in protocols.md (protocols.md:463-467, 5. Open items): a plan there gives it.
    public static let morphoBlue = ProtocolName("morpho-blue", addressKey: "morpho", contract: "Morpho Blue", abiFiles: MorphoBlue.abiFiles, builtin: [
        // protocols.md:435 | Morpho Blue | docs.morpho.org/developers/contracts/addresses/
        1: "0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb",
    ])
}

/// Morpho Blue. Markets are `MarketParams(loanToken, collateralToken, oracle, irm, lltv)`.
public enum MorphoBlue {
    /// The bundled ABI file(s) (`abi/`) describing Morpho Blue: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["morpho-blue.json"]

    static let market = "(address,address,address,address,uint256)"

    public static let supplyCollateral = ProtocolFunction("Morpho Blue", "supplyCollateral(\(market),uint256,address,bytes)", [RoleArgument([0, 1], "marketParams.collateralToken", .tokenIn), RoleArgument([2], "onBehalf", .positionOwner)])
    public static let withdrawCollateral = ProtocolFunction("Morpho Blue", "withdrawCollateral(\(market),uint256,address,address)",
                                                            [RoleArgument([0, 1], "marketParams.collateralToken", .tokenOut), RoleArgument([2], "onBehalf", .positionOwner), RoleArgument([3], "receiver", .recipient)])
    public static let borrow = ProtocolFunction("Morpho Blue", "borrow(\(market),uint256,uint256,address,address)",
                                                [RoleArgument([0, 0], "marketParams.loanToken", .tokenOut), RoleArgument([3], "onBehalf", .debtBearer), RoleArgument([4], "receiver", .recipient)])
    public static let repay = ProtocolFunction("Morpho Blue", "repay(\(market),uint256,uint256,address,bytes)", [RoleArgument([0, 0], "marketParams.loanToken", .tokenIn), RoleArgument([3], "onBehalf", .positionOwner)])
    public static let flashLoan = ProtocolFunction("Morpho Blue", "flashLoan(address,uint256,bytes)", [RoleArgument([0], "token", .tokenOut)], nesting: .encodedCallList(2))

    static let functions: [ProtocolFunction] = [
        supplyCollateral,
        withdrawCollateral,
        borrow,
        repay,
        ProtocolFunction("Morpho Blue", "supply(\(market),uint256,uint256,address,bytes)", [RoleArgument([0, 0], "marketParams.loanToken", .tokenIn), RoleArgument([3], "onBehalf", .positionOwner)]),
        ProtocolFunction("Morpho Blue", "withdraw(\(market),uint256,uint256,address,address)",
                         [RoleArgument([0, 0], "marketParams.loanToken", .tokenOut), RoleArgument([3], "onBehalf", .positionOwner), RoleArgument([4], "receiver", .recipient)]),
        flashLoan,
        ProtocolFunction("Morpho Blue", "setAuthorization(address,bool)", approval: .operatorForPositions),
    ]

    /// A market's `MarketParams`.
    public struct MarketParams: Sendable, Hashable {
        public var loanToken: Address
        public var collateralToken: Address
        public var oracle: Address
        public var irm: Address
        public var lltv: UInt256

        public init(loanToken: Address, collateralToken: Address, oracle: Address, irm: Address, lltv: UInt256) {
            self.loanToken = loanToken
            self.collateralToken = collateralToken
            self.oracle = oracle
            self.irm = irm
            self.lltv = lltv
        }

        /// The ABI tuple `(address,address,address,address,uint256)`.
        public var abiValue: ABIValue {
            .tuple([.address(loanToken), .address(collateralToken), .address(oracle), .address(irm), .uint(lltv)])
        }
    }

    // MARK: Step encoders (no callback data)

    /// `supplyCollateral(market, assets, onBehalf, "")`: Morpho pulls `assets` of the collateral token.
    public static func supplyCollateral(market: MarketParams, assets: UInt256, onBehalf: Address) throws(ABIEncodingError) -> EncodedCall {
        try supplyCollateral.call([market.abiValue, .uint(assets), .address(onBehalf), .bytes([])],
                                  flows: [.pays(token: market.collateralToken, amount: assets)],
                                  changes: [PositionChange(.supply, .market(market), token: market.collateralToken, amount: assets, owner: onBehalf)])
    }

    /// `withdrawCollateral(market, assets, onBehalf, receiver)`: `receiver` gets `assets` of the collateral token.
    public static func withdrawCollateral(market: MarketParams, assets: UInt256, onBehalf: Address, receiver: Address) throws(ABIEncodingError) -> EncodedCall {
        try withdrawCollateral.call([market.abiValue, .uint(assets), .address(onBehalf), .address(receiver)],
                                    flows: [.receives(token: market.collateralToken, amount: assets, recipient: receiver)],
                                    changes: [PositionChange(.withdraw, .market(market), token: market.collateralToken, amount: assets, owner: onBehalf)])
    }

    /// `borrow(market, assets, 0, onBehalf, receiver)`: `receiver` gets `assets` of the loan token.
    public static func borrow(market: MarketParams, assets: UInt256, onBehalf: Address, receiver: Address) throws(ABIEncodingError) -> EncodedCall {
        try borrow.call([market.abiValue, .uint(assets), .uint(.zero), .address(onBehalf), .address(receiver)],
                        flows: [.receives(token: market.loanToken, amount: assets, recipient: receiver)],
                        changes: [PositionChange(.borrow, .market(market), token: market.loanToken, amount: assets, owner: onBehalf)])
    }

    /// `repay(market, assets, 0, onBehalf, "")`: Morpho pulls `assets` of the loan token.
    public static func repay(market: MarketParams, assets: UInt256, onBehalf: Address) throws(ABIEncodingError) -> EncodedCall {
        try repay.call([market.abiValue, .uint(assets), .uint(.zero), .address(onBehalf), .bytes([])],
                       flows: [.pays(token: market.loanToken, amount: assets)],
                       changes: [PositionChange(.repay, .market(market), token: market.loanToken, amount: assets, owner: onBehalf)])
    }

    /// `repay(market, 0, shares, onBehalf, "")`: by borrow shares; Morpho pulls at most
    /// `maximumPaid` of the loan token (the allowance the caller grants it).
    public static func repayShares(market: MarketParams, shares: UInt256, onBehalf: Address, maximumPaid: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try repay.call([market.abiValue, .uint(.zero), .uint(shares), .address(onBehalf), .bytes([])],
                       flows: [.pays(token: market.loanToken, amount: maximumPaid)],
                       changes: [PositionChange(.repay, .market(market), token: market.loanToken, amount: maximumPaid, owner: onBehalf)])
    }

    /// `flashLoan(token, assets, data)`.
    public static func flashLoan(token: Address, assets: UInt256, data: [UInt8]) throws(ABIEncodingError) -> EncodedCall {
        try flashLoan.call([.address(token), .uint(assets), .bytes(data)])
    }

    /// Morpho pulls the loan back after the callback; no fee.
    public static let flashLoanRepayment = FlashLoanRepayment(.approveLender, fee: .none)
}
