import ABI
import EthereumPrimitives

extension ProtocolName {
    /// `weth`: the wrapped native token (WETH9 or a clone: WPOL on Polygon), which `wrap` and
    /// `unwrap` steps call. An extension of the plan format: `protocols.weth.address`. On a chain
    /// without a built-in book, the plan's `WETH` token stands for it unless `protocols` gives it.
    public static let weth = ProtocolName("weth", addressKey: "address", contract: "the wrapped native token", abiFiles: WETH.abiFiles, builtin: [
        // protocols.md:446 | WETH9 (the wrapped native token)
        1: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
        // protocols.md:458 | WETH (the wrapped native token)
        42161: "0x82aF49447D8a07e3bd95BD0d56f35241523fBab1",
        // protocols.md:459 | WETH (the wrapped native token)
        10: "0x4200000000000000000000000000000000000006",
        // protocols.md:460 | WETH (the wrapped native token)
        8453: "0x4200000000000000000000000000000000000006",
        // protocols.md:461 | the wrapped native token is WPOL: `wrap`/`unwrap` use it on Polygon
        137: "0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270",
    ])
}

/// WETH9: wrapping and unwrapping ether (its ERC-20 functions are ERC-20's).
public enum WETH {
    /// The bundled ABI file(s) (`abi/`) describing WETH9: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["weth9.json"]

    public static let deposit = ProtocolFunction("WETH", "deposit()")
    public static let withdraw = ProtocolFunction("WETH", "withdraw(uint256)")

    static let functions: [ProtocolFunction] = [deposit, withdraw]

    // MARK: Step encoders

    /// `weth.deposit()` with `amount` wei: `WETH.deposit.call()`. No flow is counted: the ether
    /// paid in must already be the caller's, so the WETH it becomes is not a new receipt.

    /// `weth.withdraw(amount)`: the caller pays `amount` of WETH (the ether it gets back is not
    /// a token the coverage check counts).
    public static func withdraw(weth: Address, amount: UInt256) throws(ABIEncodingError) -> EncodedCall {
        try withdraw.call([.uint(amount)], flows: [.pays(token: weth, amount: amount)])
    }
}
