/// ERC-4626 tokenized vaults (Yearn V3 vaults are ERC-4626 too; their extra forms are Yearn's).
enum ERC4626 {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("ERC-4626", "deposit(uint256,address)", [RoleArgument([1], "receiver", .recipient)]),
        ProtocolFunction("ERC-4626", "mint(uint256,address)", [RoleArgument([1], "receiver", .recipient)]),
        ProtocolFunction("ERC-4626", "withdraw(uint256,address,address)", [RoleArgument([1], "receiver", .recipient), RoleArgument([2], "owner", .positionOwner)]),
        ProtocolFunction("ERC-4626", "redeem(uint256,address,address)", [RoleArgument([1], "receiver", .recipient), RoleArgument([2], "owner", .positionOwner)]),
    ]
}
