import ABI
import EthereumPrimitives

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
