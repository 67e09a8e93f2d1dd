/// ERC-20 tokens, with the ERC-2612 and DAI permits and the operator approvals that act like an
/// allowance of everything (ERC-721/1155 `setApprovalForAll`).
enum ERC20 {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("ERC-20", "transfer(address,uint256)", [RoleArgument([0], "to", .recipient)], mayRepayLender: true),
        ProtocolFunction("ERC-20", "transferFrom(address,address,uint256)", [RoleArgument([1], "to", .recipient)]),
        ProtocolFunction("ERC-20", "approve(address,uint256)", approval: .approve),
        ProtocolFunction("ERC-20", "increaseAllowance(address,uint256)", approval: .increaseAllowance),
        ProtocolFunction("ERC-2612", "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)", [RoleArgument([3], "deadline", .deadline)], approval: .erc2612Permit),
        ProtocolFunction("DAI", "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)", [RoleArgument([3], "expiry", .deadline)], approval: .daiPermit),
        ProtocolFunction("ERC-721/1155", "setApprovalForAll(address,bool)", approval: .operatorForTokens),
    ]
}
