import ABI
import EthereumPrimitives

extension ProtocolName {
    /// `balancer-v2`: the Vault, `protocols.balancer-v2.vault`. Left out on the L2s as UNCONFIRMED
    /// in protocols.md (protocols.md:463-467, 5. Open items): a plan there gives it.
    public static let balancerV2 = ProtocolName("balancer-v2", addressKey: "vault", contract: "the Balancer V2 Vault", abiFiles: BalancerV2.abiFiles, builtin: [
        // protocols.md:434 | Balancer V2 Vault | docs.balancer.fi
        1: "0xBA12222222228d8Ba445958a75a0704d566BF2C8",
    ])
}

/// The Balancer V2 Vault.
public enum BalancerV2 {
    /// The bundled ABI file(s) (`abi/`) describing the Vault: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["balancer-v2-vault.json"]

    public static let flashLoan = ProtocolFunction("Balancer V2", "flashLoan(address,address[],uint256[],bytes)", [RoleArgument([0], "recipient", .flashLoanReceiver)], nesting: .encodedCallList(3))

    static let functions: [ProtocolFunction] = [
        flashLoan,
        ProtocolFunction("Balancer V2", "swap((bytes32,uint8,address,address,uint256,bytes),(address,bool,address,bool),uint256,uint256)",
                         [RoleArgument([0, 2], "singleSwap.assetIn", .tokenIn), RoleArgument([0, 3], "singleSwap.assetOut", .tokenOut),
                          RoleArgument([1, 2], "funds.recipient", .recipient), RoleArgument([3], "deadline", .deadline)]),
        ProtocolFunction("Balancer V2", "batchSwap(uint8,(bytes32,uint256,uint256,uint256,bytes)[],address[],(address,bool,address,bool),int256[],uint256)",
                         [RoleArgument([3, 2], "funds.recipient", .recipient), RoleArgument([5], "deadline", .deadline)]),
    ]

    // MARK: Step encoders

    /// `flashLoan(recipient, tokens, amounts, userData)`. The Vault requires `tokens` sorted
    /// ascending and distinct.
    public static func flashLoan(recipient: Address, tokens: [Address], amounts: [UInt256], userData: [UInt8]) throws(ABIEncodingError) -> EncodedCall {
        try flashLoan.call([.address(recipient), .array(tokens.map { .address($0) }), .array(amounts.map { .uint($0) }), .bytes(userData)])
    }

    /// The recipient transfers loan + fee back inside the callback (`FixedPoint.mulUp`).
    public static let flashLoanRepayment = FlashLoanRepayment(.transferToLender, fee: .fixedPointMulUp)
}
