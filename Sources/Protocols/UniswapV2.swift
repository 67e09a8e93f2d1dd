/// The Uniswap V2 Router02.
enum UniswapV2 {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Uniswap V2", "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)",
                         [RoleArgument([1], "amountOutMin", .minimumOut), RoleArgument([2], "path", .tokenOut), RoleArgument([3], "to", .recipient), RoleArgument([4], "deadline", .deadline)]),
        ProtocolFunction("Uniswap V2", "swapTokensForExactTokens(uint256,uint256,address[],address,uint256)",
                         [RoleArgument([1], "amountInMax", .maximumIn), RoleArgument([2], "path", .tokenIn), RoleArgument([3], "to", .recipient), RoleArgument([4], "deadline", .deadline)]),
    ]
}
