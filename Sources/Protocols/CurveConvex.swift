/// Curve gauges and Convex reward pools: claiming rewards.
public enum CurveConvex {
    /// A Curve gauge's `claim_rewards()`: the caller's rewards, to the caller.
    public static let claimRewards = ProtocolFunction("Curve", "claim_rewards()")
    /// A Convex reward pool's `getReward()`: the caller's rewards, to the caller.
    public static let getReward = ProtocolFunction("Convex", "getReward()")

    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Curve", "claim_rewards(address,address)", [RoleArgument([1], "_receiver", .recipient)]),
        ProtocolFunction("Convex", "getReward(address,bool)", [RoleArgument([0], "_account", .recipient)]),
        ProtocolFunction("Convex", "deposit(uint256,uint256,bool)"),
        ProtocolFunction("Convex", "withdrawAndUnwrap(uint256,bool)"),
        claimRewards,
        getReward,
    ]
}
