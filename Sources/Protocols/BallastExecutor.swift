/// The Ballast executor: `execute` runs a call list; the flash-loan callbacks carry one.
enum BallastExecutor {
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Ballast executor", "execute((address,uint256,bytes)[])", nesting: .callList(0)),
    ]
}
