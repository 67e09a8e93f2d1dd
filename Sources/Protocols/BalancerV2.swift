/// The Balancer V2 Vault.
enum BalancerV2 {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Balancer V2", "flashLoan(address,address[],uint256[],bytes)", [RoleArgument([0], "recipient", .flashLoanReceiver)], nesting: .encodedCallList(3)),
        ProtocolFunction("Balancer V2", "swap((bytes32,uint8,address,address,uint256,bytes),(address,bool,address,bool),uint256,uint256)",
                         [RoleArgument([0, 2], "singleSwap.assetIn", .tokenIn), RoleArgument([0, 3], "singleSwap.assetOut", .tokenOut),
                          RoleArgument([1, 2], "funds.recipient", .recipient), RoleArgument([3], "deadline", .deadline)]),
        ProtocolFunction("Balancer V2", "batchSwap(uint8,(bytes32,uint256,uint256,uint256,bytes)[],address[],(address,bool,address,bool),int256[],uint256)",
                         [RoleArgument([3, 2], "funds.recipient", .recipient), RoleArgument([5], "deadline", .deadline)]),
    ]
}
