import ABI
import EthereumPrimitives

/// The Uniswap V2 Router02.
public enum UniswapV2 {
    /// The bundled ABI file(s) (`abi/`) describing the Router02: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["uniswap-v2-router02.json"]

    public static let swapExactTokensForTokens = ProtocolFunction("Uniswap V2", "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)",
                                                                  [RoleArgument([1], "amountOutMin", .minimumOut), RoleArgument([2], "path", .tokenOut), RoleArgument([3], "to", .recipient), RoleArgument([4], "deadline", .deadline)])

    static let functions: [ProtocolFunction] = [
        swapExactTokensForTokens,
        ProtocolFunction("Uniswap V2", "swapTokensForExactTokens(uint256,uint256,address[],address,uint256)",
                         [RoleArgument([1], "amountInMax", .maximumIn), RoleArgument([2], "path", .tokenIn), RoleArgument([3], "to", .recipient), RoleArgument([4], "deadline", .deadline)]),
        // Pays the call's ether in (wrapped to WETH, `path[0]`); `to` receives the path's last token.
        ProtocolFunction("Uniswap V2", "swapExactETHForTokens(uint256,address[],address,uint256)",
                         [RoleArgument([0], "amountOutMin", .minimumOut), RoleArgument([1], "path", .tokenOut), RoleArgument([2], "to", .recipient), RoleArgument([3], "deadline", .deadline)]),
    ]

    // MARK: Step encoders

    /// `swapExactTokensForTokens(amountIn, amountOutMin, path, to, deadline)`: the router pulls
    /// `amountIn` of the path's first token; `to` gets at least `amountOutMin` of its last.
    public static func swapExactTokensForTokens(amountIn: UInt256, amountOutMin: UInt256, path: [Address], to: Address, deadline: UInt256) throws(ABIEncodingError) -> EncodedCall {
        var flows: [TokenFlow] = []
        if let first = path.first { flows.append(.pays(token: first, amount: amountIn)) }
        if let last = path.last { flows.append(.receives(token: last, amount: amountOutMin, recipient: to)) }
        return try swapExactTokensForTokens.call([.uint(amountIn), .uint(amountOutMin), .array(path.map { .address($0) }), .address(to), .uint(deadline)], flows: flows)
    }
}
