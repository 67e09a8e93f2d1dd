/// The Aave V3 Pool.
enum AaveV3 {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Aave V3", "supply(address,uint256,address,uint16)", [RoleArgument([0], "asset", .tokenIn), RoleArgument([2], "onBehalfOf", .positionOwner)]),
        ProtocolFunction("Aave V3", "deposit(address,uint256,address,uint16)", [RoleArgument([0], "asset", .tokenIn), RoleArgument([2], "onBehalfOf", .positionOwner)]),
        ProtocolFunction("Aave V3", "supplyWithPermit(address,uint256,address,uint16,uint256,uint8,bytes32,bytes32)",
                         [RoleArgument([0], "asset", .tokenIn), RoleArgument([2], "onBehalfOf", .positionOwner), RoleArgument([4], "deadline", .deadline)]),
        ProtocolFunction("Aave V3", "withdraw(address,uint256,address)", [RoleArgument([0], "asset", .tokenOut), RoleArgument([2], "to", .recipient)]),
        ProtocolFunction("Aave V3", "borrow(address,uint256,uint256,uint16,address)", [RoleArgument([0], "asset", .tokenOut), RoleArgument([4], "onBehalfOf", .debtBearer)]),
        ProtocolFunction("Aave V3", "repay(address,uint256,uint256,address)", [RoleArgument([0], "asset", .tokenIn), RoleArgument([3], "onBehalfOf", .positionOwner)]),
        ProtocolFunction("Aave V3", "repayWithPermit(address,uint256,uint256,address,uint256,uint8,bytes32,bytes32)",
                         [RoleArgument([0], "asset", .tokenIn), RoleArgument([3], "onBehalfOf", .positionOwner), RoleArgument([4], "deadline", .deadline)]),
        // Repays the caller's debt with its aTokens of the asset (burned): no one else is named.
        ProtocolFunction("Aave V3", "repayWithATokens(address,uint256,uint256)", [RoleArgument([0], "asset", .tokenIn)]),
        ProtocolFunction("Aave V3", "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)",
                         [RoleArgument([0], "receiverAddress", .flashLoanReceiver)], nesting: .encodedCallList(5)),
        ProtocolFunction("Aave V3", "flashLoanSimple(address,address,uint256,bytes,uint16)",
                         [RoleArgument([0], "receiverAddress", .flashLoanReceiver)], nesting: .encodedCallList(3), nestingIsBatch: true),
    ]
}
