/// The GMX V2 ExchangeRouter: its `multicall(bytes[])` is the Uniswap form (declared there).
public enum GMX {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("GMX", "sendWnt(address,uint256)"),
        ProtocolFunction("GMX", "sendTokens(address,address,uint256)", [RoleArgument([0], "token", .tokenIn)]),
        ProtocolFunction("GMX", "cancelOrder(bytes32)"),
    ]
}
