import ABI
import EthereumPrimitives

/// ERC-4626 tokenized vaults (Yearn V3 vaults are ERC-4626 too; their extra forms are Yearn's).
public enum ERC4626 {
    public static let deposit = ProtocolFunction("ERC-4626", "deposit(uint256,address)", [RoleArgument([1], "receiver", .recipient)])
    public static let redeem = ProtocolFunction("ERC-4626", "redeem(uint256,address,address)", [RoleArgument([1], "receiver", .recipient), RoleArgument([2], "owner", .positionOwner)])

    static let functions: [ProtocolFunction] = [
        deposit,
        ProtocolFunction("ERC-4626", "mint(uint256,address)", [RoleArgument([1], "receiver", .recipient)]),
        ProtocolFunction("ERC-4626", "withdraw(uint256,address,address)", [RoleArgument([1], "receiver", .recipient), RoleArgument([2], "owner", .positionOwner)]),
        redeem,
    ]

    // MARK: Step encoders

    /// `vault.deposit(assets, receiver)`: the vault pulls `assets` of its asset token `asset`.
    public static func deposit(asset: Address, assets: UInt256, receiver: Address) throws(ABIEncodingError) -> EncodedCall {
        try deposit.call([.uint(assets), .address(receiver)], flows: [.pays(token: asset, amount: assets)])
    }

    /// `vault.redeem(shares, receiver, owner)`: the assets paid out are not known before the call,
    /// so no receipt is counted.
    public static func redeem(shares: UInt256, receiver: Address, owner: Address) throws(ABIEncodingError) -> EncodedCall {
        try redeem.call([.uint(shares), .address(receiver), .address(owner)])
    }
}
