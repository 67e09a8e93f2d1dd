/// Curve gauges and Convex reward pools: claiming rewards.
enum CurveConvex {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Curve", "claim_rewards(address,address)", [RoleArgument([1], "_receiver", .recipient)]),
        ProtocolFunction("Convex", "getReward(address,bool)", [RoleArgument([0], "_account", .recipient)]),
        ProtocolFunction("Convex", "deposit(uint256,uint256,bool)"),
        ProtocolFunction("Convex", "withdrawAndUnwrap(uint256,bool)"),
    ]
}
