/// Uniswap V3 routers: SwapRouter02 (no deadline field; `address(1)` / `address(2)` name the
/// caller and the router) and the original SwapRouter (a deadline field in every struct), with
/// SwapRouter02's V2 swap, payments and multicalls.
enum UniswapV3 {
    static let single02 = "(address,address,uint24,address,uint256,uint256,uint160)"
    static let path02 = "(bytes,address,uint256,uint256)"
    static let singleLegacy = "(address,address,uint24,address,uint256,uint256,uint256,uint160)"
    static let pathLegacy = "(bytes,address,uint256,uint256,uint256)"

    static let functions: [ProtocolFunction] = [
        // SwapRouter02
        ProtocolFunction("Uniswap V3", "exactInputSingle(\(single02))",
                         [RoleArgument([0, 0], "tokenIn", .tokenIn), RoleArgument([0, 1], "tokenOut", .tokenOut),
                          RoleArgument([0, 3], "recipient", .recipient), RoleArgument([0, 5], "amountOutMinimum", .minimumOut)], routerSpecialRecipients: true),
        ProtocolFunction("Uniswap V3", "exactInput(\(path02))", [RoleArgument([0, 0], "path", .tokenOut), RoleArgument([0, 1], "recipient", .recipient), RoleArgument([0, 3], "amountOutMinimum", .minimumOut)], routerSpecialRecipients: true),
        ProtocolFunction("Uniswap V3", "exactOutputSingle(\(single02))",
                         [RoleArgument([0, 0], "tokenIn", .tokenIn), RoleArgument([0, 1], "tokenOut", .tokenOut),
                          RoleArgument([0, 3], "recipient", .recipient), RoleArgument([0, 5], "amountInMaximum", .maximumIn)], routerSpecialRecipients: true),
        // The path of an exact-output swap is reversed: its last token is paid in.
        ProtocolFunction("Uniswap V3", "exactOutput(\(path02))",
                         [RoleArgument([0, 0], "path", .tokenIn), RoleArgument([0, 1], "recipient", .recipient), RoleArgument([0, 3], "amountInMaximum", .maximumIn)], routerSpecialRecipients: true),
        ProtocolFunction("Uniswap V3", "swapExactTokensForTokens(uint256,uint256,address[],address)",
                         [RoleArgument([1], "amountOutMin", .minimumOut), RoleArgument([2], "path", .tokenOut), RoleArgument([3], "to", .recipient)], routerSpecialRecipients: true),
        ProtocolFunction("Uniswap V3", "swapTokensForExactTokens(uint256,uint256,address[],address)",
                         [RoleArgument([1], "amountInMax", .maximumIn), RoleArgument([2], "path", .tokenIn), RoleArgument([3], "to", .recipient)], routerSpecialRecipients: true),
        ProtocolFunction("Uniswap V3", "unwrapWETH9(uint256,address)", [RoleArgument([1], "recipient", .recipient)], routerSpecialRecipients: true),
        ProtocolFunction("Uniswap V3", "sweepToken(address,uint256,address)", [RoleArgument([0], "token", .tokenOut), RoleArgument([2], "recipient", .recipient)], routerSpecialRecipients: true),
        ProtocolFunction("Uniswap V3", "multicall(bytes[])", nesting: .selfCalls(0), nestingIsBatch: true),
        ProtocolFunction("Uniswap V3", "multicall(uint256,bytes[])", [RoleArgument([0], "deadline", .deadline)], nesting: .selfCalls(1), nestingIsBatch: true),
        ProtocolFunction("Uniswap V3", "multicall(bytes32,bytes[])", nesting: .selfCalls(1), nestingIsBatch: true),
        // The original SwapRouter
        ProtocolFunction("Uniswap V3", "exactInputSingle(\(singleLegacy))",
                         [RoleArgument([0, 0], "tokenIn", .tokenIn), RoleArgument([0, 1], "tokenOut", .tokenOut), RoleArgument([0, 3], "recipient", .recipient),
                          RoleArgument([0, 4], "deadline", .deadline), RoleArgument([0, 6], "amountOutMinimum", .minimumOut)]),
        ProtocolFunction("Uniswap V3", "exactInput(\(pathLegacy))",
                         [RoleArgument([0, 0], "path", .tokenOut), RoleArgument([0, 1], "recipient", .recipient), RoleArgument([0, 2], "deadline", .deadline), RoleArgument([0, 4], "amountOutMinimum", .minimumOut)]),
        ProtocolFunction("Uniswap V3", "exactOutputSingle(\(singleLegacy))",
                         [RoleArgument([0, 0], "tokenIn", .tokenIn), RoleArgument([0, 1], "tokenOut", .tokenOut), RoleArgument([0, 3], "recipient", .recipient),
                          RoleArgument([0, 4], "deadline", .deadline), RoleArgument([0, 6], "amountInMaximum", .maximumIn)]),
        ProtocolFunction("Uniswap V3", "exactOutput(\(pathLegacy))",
                         [RoleArgument([0, 0], "path", .tokenIn), RoleArgument([0, 1], "recipient", .recipient), RoleArgument([0, 2], "deadline", .deadline),
                          RoleArgument([0, 4], "amountInMaximum", .maximumIn)]),
    ]
}
