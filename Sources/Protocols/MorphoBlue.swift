/// Morpho Blue. Markets are `MarketParams(loanToken, collateralToken, oracle, irm, lltv)`.
enum MorphoBlue {
    static let market = "(address,address,address,address,uint256)"
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Morpho Blue", "supplyCollateral(\(market),uint256,address,bytes)", [RoleArgument([0, 1], "marketParams.collateralToken", .tokenIn), RoleArgument([2], "onBehalf", .positionOwner)]),
        ProtocolFunction("Morpho Blue", "withdrawCollateral(\(market),uint256,address,address)",
                         [RoleArgument([0, 1], "marketParams.collateralToken", .tokenOut), RoleArgument([2], "onBehalf", .positionOwner), RoleArgument([3], "receiver", .recipient)]),
        ProtocolFunction("Morpho Blue", "borrow(\(market),uint256,uint256,address,address)",
                         [RoleArgument([0, 0], "marketParams.loanToken", .tokenOut), RoleArgument([3], "onBehalf", .debtBearer), RoleArgument([4], "receiver", .recipient)]),
        ProtocolFunction("Morpho Blue", "repay(\(market),uint256,uint256,address,bytes)", [RoleArgument([0, 0], "marketParams.loanToken", .tokenIn), RoleArgument([3], "onBehalf", .positionOwner)]),
        ProtocolFunction("Morpho Blue", "supply(\(market),uint256,uint256,address,bytes)", [RoleArgument([0, 0], "marketParams.loanToken", .tokenIn), RoleArgument([3], "onBehalf", .positionOwner)]),
        ProtocolFunction("Morpho Blue", "withdraw(\(market),uint256,uint256,address,address)",
                         [RoleArgument([0, 0], "marketParams.loanToken", .tokenOut), RoleArgument([3], "onBehalf", .positionOwner), RoleArgument([4], "receiver", .recipient)]),
        ProtocolFunction("Morpho Blue", "flashLoan(address,uint256,bytes)", [RoleArgument([0], "token", .tokenOut)], nesting: .encodedCallList(2)),
        ProtocolFunction("Morpho Blue", "setAuthorization(address,bool)", approval: .operatorForPositions),
    ]
}
