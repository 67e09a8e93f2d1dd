/// WETH9: wrapping and unwrapping ether (its ERC-20 functions are ERC-20's).
enum WETH {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("WETH", "deposit()"),
        ProtocolFunction("WETH", "withdraw(uint256)"),
    ]
}
