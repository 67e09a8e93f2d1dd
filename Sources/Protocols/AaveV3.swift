import ABI
import EthereumPrimitives

extension ProtocolName {
    /// `aave-v3`: the Pool, `protocols.aave-v3.pool`.
    public static let aaveV3 = ProtocolName("aave-v3", addressKey: "pool", contract: "the Aave V3 Pool", abiFiles: AaveV3.abiFiles, builtin: [
        // protocols.md:432 | Aave V3 Pool (Core market) | bgd-labs/aave-address-book : src/AaveV3Ethereum.sol
        1: "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2",
        // protocols.md:458 | Arbitrum (42161) | Aave V3 Pool 0x794a6135… (src/AaveV3Arbitrum.sol)
        42161: "0x794a61358D6845594F94dc1DB02A252b5b4814aD",
        // protocols.md:459 | Optimism (10) | Aave V3 Pool 0x794a6135… (src/AaveV3Optimism.sol)
        10: "0x794a61358D6845594F94dc1DB02A252b5b4814aD",
        // protocols.md:460 | Base (8453) | Aave V3 Pool 0xA238Dd80… (src/AaveV3Base.sol)
        8453: "0xA238Dd80C259a72e81d7e4664a9801593F98d1c5",
        // protocols.md:461 | Polygon PoS (137) | Aave V3 Pool 0x794a6135… (src/AaveV3Polygon.sol)
        137: "0x794a61358D6845594F94dc1DB02A252b5b4814aD",
    ])
}

/// The Aave V3 Pool.
public enum AaveV3 {
    /// The bundled ABI file(s) (`abi/`) describing the Pool: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["aave-v3-pool.json"]

    public static let supply = ProtocolFunction("Aave V3", "supply(address,uint256,address,uint16)", [RoleArgument([0], "asset", .tokenIn), RoleArgument([2], "onBehalfOf", .positionOwner)])
    public static let withdraw = ProtocolFunction("Aave V3", "withdraw(address,uint256,address)", [RoleArgument([0], "asset", .tokenOut), RoleArgument([2], "to", .recipient)])
    public static let borrow = ProtocolFunction("Aave V3", "borrow(address,uint256,uint256,uint16,address)", [RoleArgument([0], "asset", .tokenOut), RoleArgument([4], "onBehalfOf", .debtBearer)])
    public static let repay = ProtocolFunction("Aave V3", "repay(address,uint256,uint256,address)", [RoleArgument([0], "asset", .tokenIn), RoleArgument([3], "onBehalfOf", .positionOwner)])
    public static let flashLoan = ProtocolFunction("Aave V3", "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)",
                                                   [RoleArgument([0], "receiverAddress", .flashLoanReceiver)], nesting: .encodedCallList(5))

    static let functions: [ProtocolFunction] = [
        supply,
        ProtocolFunction("Aave V3", "deposit(address,uint256,address,uint16)", [RoleArgument([0], "asset", .tokenIn), RoleArgument([2], "onBehalfOf", .positionOwner)]),
        ProtocolFunction("Aave V3", "supplyWithPermit(address,uint256,address,uint16,uint256,uint8,bytes32,bytes32)",
                         [RoleArgument([0], "asset", .tokenIn), RoleArgument([2], "onBehalfOf", .positionOwner), RoleArgument([4], "deadline", .deadline)]),
        withdraw,
        borrow,
        repay,
        ProtocolFunction("Aave V3", "repayWithPermit(address,uint256,uint256,address,uint256,uint8,bytes32,bytes32)",
                         [RoleArgument([0], "asset", .tokenIn), RoleArgument([3], "onBehalfOf", .positionOwner), RoleArgument([4], "deadline", .deadline)]),
        // Repays the caller's debt with its aTokens of the asset (burned): no one else is named.
        ProtocolFunction("Aave V3", "repayWithATokens(address,uint256,uint256)", [RoleArgument([0], "asset", .tokenIn)]),
        flashLoan,
        ProtocolFunction("Aave V3", "flashLoanSimple(address,address,uint256,bytes,uint16)",
                         [RoleArgument([0], "receiverAddress", .flashLoanReceiver)], nesting: .encodedCallList(3), nestingIsBatch: true),
    ]

    // MARK: Step encoders (referral code 0; borrows and repayments at the variable rate, mode 2)

    static let variableRate = ABIValue.uint(UInt256(UInt64(2)))
    static let noReferral = ABIValue.uint(.zero)

    /// `supply(asset, amount, onBehalfOf, 0)`: the Pool pulls `amount` of `asset`.
    public static func supply(asset: Address, amount: UInt256, onBehalfOf: Address) throws(ABIEncodingError) -> EncodedCall {
        try supply.call([.address(asset), .uint(amount), .address(onBehalfOf), noReferral], flows: [.pays(token: asset, amount: amount)],
                        changes: [PositionChange(.supply, .pooled, token: asset, amount: amount, owner: onBehalfOf)])
    }

    /// `withdraw(asset, amount, to)`: `to` receives `amount` of `asset`.
    public static func withdraw(asset: Address, amount: UInt256, to: Address) throws(ABIEncodingError) -> EncodedCall {
        try withdraw.call([.address(asset), .uint(amount), .address(to)], flows: [.receives(token: asset, amount: amount, recipient: to)],
                         changes: [PositionChange(.withdraw, .pooled, token: asset, amount: amount, owner: nil)])
    }

    /// `withdraw(asset, 2^256 − 1, to)`: the whole balance; `to` is guaranteed only
    /// `minimumReceived` (the plan's bound).
    public static func withdrawAll(asset: Address, to: Address, minimumReceived: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try withdraw.call([.address(asset), .uint(.max), .address(to)], flows: [.receives(token: asset, amount: minimumReceived, recipient: to)],
                         changes: [PositionChange(.withdraw, .pooled, token: asset, amount: minimumReceived, owner: nil)])
    }

    /// `borrow(asset, amount, 2, 0, onBehalfOf)`: the caller receives `amount` of `asset`.
    public static func borrow(asset: Address, amount: UInt256, onBehalfOf: Address) throws(ABIEncodingError) -> EncodedCall {
        try borrow.call([.address(asset), .uint(amount), variableRate, noReferral, .address(onBehalfOf)],
                        flows: [.receives(token: asset, amount: amount, recipient: nil)],
                        changes: [PositionChange(.borrow, .pooled, token: asset, amount: amount, owner: onBehalfOf)])
    }

    /// `repay(asset, amount, 2, onBehalfOf)`: the Pool pulls at most `amount` of `asset`.
    public static func repay(asset: Address, amount: UInt256, onBehalfOf: Address) throws(ABIEncodingError) -> EncodedCall {
        try repay.call([.address(asset), .uint(amount), variableRate, .address(onBehalfOf)], flows: [.pays(token: asset, amount: amount)],
                       changes: [PositionChange(.repay, .pooled, token: asset, amount: amount, owner: onBehalfOf)])
    }

    /// `repay(asset, 2^256 − 1, 2, onBehalfOf)`: the whole debt, of which the Pool pulls at most
    /// `maximumPaid` (the allowance the caller grants it).
    public static func repayAll(asset: Address, onBehalfOf: Address, maximumPaid: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try repay.call([.address(asset), .uint(.max), variableRate, .address(onBehalfOf)], flows: [.pays(token: asset, amount: maximumPaid)],
                       changes: [PositionChange(.repay, .pooled, token: asset, amount: maximumPaid, owner: onBehalfOf)])
    }

    /// `flashLoan(receiver, assets, amounts, [0…], onBehalfOf, params, 0)`: interest-rate mode 0
    /// for every asset (repaid in the same transaction, see ``flashLoanRepayment``).
    public static func flashLoan(receiver: Address, assets: [Address], amounts: [UInt256], onBehalfOf: Address, params: [UInt8]) throws(ABIEncodingError) -> EncodedCall {
        try flashLoan.call([
            .address(receiver), .array(assets.map { .address($0) }), .array(amounts.map { .uint($0) }),
            .array(assets.map { _ in .uint(.zero) }), .address(onBehalfOf), .bytes(params), noReferral,
        ])
    }

    /// The Pool pulls loan + premium after the callback (v3.2 `percentMul`, half up).
    public static let flashLoanRepayment = FlashLoanRepayment(.approveLender, fee: .percentMulHalfUp)
}
