import ABI
import EthereumPrimitives

extension ProtocolName {
    /// `uniswap-v2`: the Router02, `protocols.uniswap-v2.router`.
    public static let uniswapV2 = ProtocolName("uniswap-v2", addressKey: "router", contract: "the Uniswap V2 Router02", abiFiles: UniswapV2.abiFiles, builtin: [
        // protocols.md:440 | Uniswap V2 Router02 | docs.uniswap.org v2-deployments
        1: "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D",
        // protocols.md:465 | Uniswap V2 Router02, Arbitrum/Base 0x4752ba5d… (Uniswap v2 deployments page)
        42161: "0x4752ba5dbc23f44d87826276bf6fd6b1c372ad24",
        // protocols.md:465 | Uniswap V2 Router02, Optimism 0x4A7b5Da6… (Uniswap v2 deployments page)
        10: "0x4A7b5Da61326A6379179b40d00F57E5bbDC962c2",
        // protocols.md:465 | Uniswap V2 Router02, Arbitrum/Base 0x4752ba5d… (Uniswap v2 deployments page)
        8453: "0x4752ba5dbc23f44d87826276bf6fd6b1c372ad24",
        // protocols.md:465 | Uniswap V2 Router02, Polygon 0xedf6066a… (Uniswap v2 deployments page)
        137: "0xedf6066a2b290C185783862C7F4776A2C8077AD1",
    ])
}

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
