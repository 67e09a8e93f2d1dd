import ABI
import EthereumPrimitives

extension ProtocolName {
    /// `uniswap-v3`: SwapRouter02, `protocols.uniswap-v3.router`. Left out on the L2s as
    /// UNCONFIRMED in protocols.md (protocols.md:463-467, 5. Open items): a plan there gives it.
    public static let uniswapV3 = ProtocolName("uniswap-v3", addressKey: "router", contract: "the Uniswap V3 SwapRouter02", abiFiles: UniswapV3.abiFiles, builtin: [
        // protocols.md:436 | Uniswap V3 SwapRouter02 | Uniswap/docs v3-ethereum-deployments.mdx
        1: "0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45",
    ])
}

/// Uniswap V3 routers: SwapRouter02 (no deadline field; `address(1)` / `address(2)` name the
/// caller and the router) and the original SwapRouter (a deadline field in every struct), with
/// SwapRouter02's V2 swap, payments and multicalls.
public enum UniswapV3 {
    /// The bundled ABI file(s) (`abi/`) describing SwapRouter02: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["uniswap-v3-swaprouter02.json"]

    static let single02 = "(address,address,uint24,address,uint256,uint256,uint160)"
    static let path02 = "(bytes,address,uint256,uint256)"
    static let singleLegacy = "(address,address,uint24,address,uint256,uint256,uint256,uint160)"
    static let pathLegacy = "(bytes,address,uint256,uint256,uint256)"

    // SwapRouter02
    public static let exactInputSingle = ProtocolFunction("Uniswap V3", "exactInputSingle(\(single02))",
                                                          [RoleArgument([0, 0], "tokenIn", .tokenIn), RoleArgument([0, 1], "tokenOut", .tokenOut),
                                                           RoleArgument([0, 3], "recipient", .recipient), RoleArgument([0, 5], "amountOutMinimum", .minimumOut)], routerSpecialRecipients: true)
    public static let exactInput = ProtocolFunction("Uniswap V3", "exactInput(\(path02))", [RoleArgument([0, 0], "path", .tokenOut), RoleArgument([0, 1], "recipient", .recipient), RoleArgument([0, 3], "amountOutMinimum", .minimumOut)], routerSpecialRecipients: true)
    public static let exactOutputSingle = ProtocolFunction("Uniswap V3", "exactOutputSingle(\(single02))",
                                                           [RoleArgument([0, 0], "tokenIn", .tokenIn), RoleArgument([0, 1], "tokenOut", .tokenOut),
                                                            RoleArgument([0, 3], "recipient", .recipient), RoleArgument([0, 5], "amountInMaximum", .maximumIn)], routerSpecialRecipients: true)
    // The path of an exact-output swap is reversed: its last token is paid in.
    public static let exactOutput = ProtocolFunction("Uniswap V3", "exactOutput(\(path02))",
                                                     [RoleArgument([0, 0], "path", .tokenIn), RoleArgument([0, 1], "recipient", .recipient), RoleArgument([0, 3], "amountInMaximum", .maximumIn)], routerSpecialRecipients: true)

    static let functions: [ProtocolFunction] = [
        exactInputSingle,
        exactInput,
        exactOutputSingle,
        exactOutput,
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

    // MARK: Step encoders (SwapRouter02; no price limit)

    /// `token ‖ fee (3 bytes, big-endian) ‖ token …` (v3-periphery `Path`).
    public static func packedPath(_ tokens: [Address], _ fees: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20 + 23 * fees.count)
        for (i, t) in tokens.enumerated() {
            out.append(contentsOf: t.bytes)
            if i < fees.count {
                let f = fees[i]
                out.append(UInt8(truncatingIfNeeded: f >> 16))
                out.append(UInt8(truncatingIfNeeded: f >> 8))
                out.append(UInt8(truncatingIfNeeded: f))
            }
        }
        return out
    }

    static func swapFlows(tokenIn: Address?, paid: UInt256, tokenOut: Address?, received: UInt256, recipient: Address) -> [TokenFlow] {
        var flows: [TokenFlow] = []
        if let tokenIn { flows.append(.pays(token: tokenIn, amount: paid)) }
        if let tokenOut { flows.append(.receives(token: tokenOut, amount: received, recipient: recipient)) }
        return flows
    }

    /// `exactInputSingle((tokenIn, tokenOut, fee, recipient, amountIn, amountOutMinimum, 0))`: the
    /// router pulls `amountIn`; `recipient` gets at least `amountOutMinimum`.
    public static func exactInputSingle(tokenIn: Address, tokenOut: Address, fee: UInt32, recipient: Address, amountIn: UInt256, amountOutMinimum: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try exactInputSingle.call([.tuple([
            .address(tokenIn), .address(tokenOut), .uint(UInt256(UInt64(fee))), .address(recipient), .uint(amountIn), .uint(amountOutMinimum), .uint(.zero),
        ])], flows: swapFlows(tokenIn: tokenIn, paid: amountIn, tokenOut: tokenOut, received: amountOutMinimum, recipient: recipient))
    }

    /// `exactInput((path, recipient, amountIn, amountOutMinimum))` through `tokens` (first paid
    /// in) with one fee tier a hop.
    public static func exactInput(tokens: [Address], fees: [UInt32], recipient: Address, amountIn: UInt256, amountOutMinimum: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try exactInput.call([.tuple([.bytes(packedPath(tokens, fees)), .address(recipient), .uint(amountIn), .uint(amountOutMinimum)])],
                            flows: swapFlows(tokenIn: tokens.first, paid: amountIn, tokenOut: tokens.last, received: amountOutMinimum, recipient: recipient))
    }

    /// `exactOutputSingle((tokenIn, tokenOut, fee, recipient, amountOut, amountInMaximum, 0))`: the
    /// router pulls at most `amountInMaximum`; `recipient` gets `amountOut`.
    public static func exactOutputSingle(tokenIn: Address, tokenOut: Address, fee: UInt32, recipient: Address, amountOut: UInt256, amountInMaximum: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try exactOutputSingle.call([.tuple([
            .address(tokenIn), .address(tokenOut), .uint(UInt256(UInt64(fee))), .address(recipient), .uint(amountOut), .uint(amountInMaximum), .uint(.zero),
        ])], flows: swapFlows(tokenIn: tokenIn, paid: amountInMaximum, tokenOut: tokenOut, received: amountOut, recipient: recipient))
    }

    /// `exactOutput((path, recipient, amountOut, amountInMaximum))` through `tokens` (first paid
    /// in; the encoded path is reversed, as the router reads it).
    public static func exactOutput(tokens: [Address], fees: [UInt32], recipient: Address, amountOut: UInt256, amountInMaximum: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try exactOutput.call([.tuple([.bytes(packedPath(tokens.reversed(), fees.reversed())), .address(recipient), .uint(amountOut), .uint(amountInMaximum)])],
                             flows: swapFlows(tokenIn: tokens.first, paid: amountInMaximum, tokenOut: tokens.last, received: amountOut, recipient: recipient))
    }
}
