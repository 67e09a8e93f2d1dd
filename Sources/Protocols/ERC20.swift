import ABI
import EthereumPrimitives

/// ERC-20 tokens, with the ERC-2612 and DAI permits and the operator approvals that act like an
/// allowance of everything (ERC-721/1155 `setApprovalForAll`).
public enum ERC20 {
    /// The bundled ABI file(s) (`abi/`) describing an ERC-20 token: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["erc20.json"]

    public static let transfer = ProtocolFunction("ERC-20", "transfer(address,uint256)", [RoleArgument([0], "to", .recipient)], mayRepayLender: true)
    public static let approve = ProtocolFunction("ERC-20", "approve(address,uint256)", approval: .approve)

    static let functions: [ProtocolFunction] = [
        transfer,
        ProtocolFunction("ERC-20", "transferFrom(address,address,uint256)", [RoleArgument([1], "to", .recipient)]),
        approve,
        ProtocolFunction("ERC-20", "increaseAllowance(address,uint256)", approval: .increaseAllowance),
        ProtocolFunction("ERC-2612", "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)", [RoleArgument([3], "deadline", .deadline)], approval: .erc2612Permit),
        ProtocolFunction("DAI", "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)", [RoleArgument([3], "expiry", .deadline)], approval: .daiPermit),
        ProtocolFunction("ERC-721/1155", "setApprovalForAll(address,bool)", approval: .operatorForTokens),
    ]
}

// MARK: Step encoders

extension ERC20 {
    /// `token.approve(spender, amount)`: no token moves.
    public static func approve(spender: Address, amount: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try approve.call([.address(spender), .uint(amount)])
    }

    /// `token.transfer(to, amount)`: the caller pays `amount` of `token` (the target).
    public static func transfer(token: Address, to: Address, amount: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try transfer.call([.address(to), .uint(amount)], flows: [.pays(token: token, amount: amount)])
    }
}
