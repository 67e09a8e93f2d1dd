/// Yearn vaults: V3 (ERC-4626 plus `max_loss` forms) and V2 (`maxShares`, `recipient`); the
/// strategies' harvests.
public enum Yearn {
    /// A Yearn V2 strategy's `harvest()` (Beefy strategies' `harvest()` is the same function).
    public static let harvest = ProtocolFunction("Yearn V2", "harvest()")
    /// A Yearn V3 tokenized strategy's `report()`.
    public static let report = ProtocolFunction("Yearn V3", "report()")

    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Yearn V3", "withdraw(uint256,address,address,uint256)", [RoleArgument([1], "receiver", .recipient), RoleArgument([2], "owner", .positionOwner)]),
        ProtocolFunction("Yearn V3", "redeem(uint256,address,address,uint256)", [RoleArgument([1], "receiver", .recipient), RoleArgument([2], "owner", .positionOwner)]),
        ProtocolFunction("Yearn V2", "withdraw(uint256,address,uint256)", [RoleArgument([1], "recipient", .recipient)]),
        ProtocolFunction("Yearn V2", "withdraw(uint256,address)", [RoleArgument([1], "recipient", .recipient)]),
        ProtocolFunction("Yearn V2", "deposit(uint256)"),
        harvest,
        report,
    ]
}
