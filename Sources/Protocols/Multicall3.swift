extension ProtocolName {
    /// `multicall3`: `protocols.multicall3.address`. Left out on the L2s as UNCONFIRMED in
    /// protocols.md (protocols.md:463-467, 5. Open items): a plan there gives it.
    public static let multicall3 = ProtocolName("multicall3", addressKey: "address", contract: "Multicall3", abiFiles: Multicall3.abiFiles, builtin: [
        // protocols.md:442 | Multicall3 | mds1/multicall : README.md
        1: "0xcA11bde05977b3631167028862bE2a173976CA11",
    ])
}

/// Multicall3 batches.
public enum Multicall3 {
    /// The bundled ABI file(s) (`abi/`) describing Multicall3: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["multicall3.json"]

    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Multicall3", "aggregate3((address,bool,bytes)[])", nesting: .call3(0), nestingIsBatch: true),
        ProtocolFunction("Multicall3", "aggregate3Value((address,bool,uint256,bytes)[])", nesting: .call3Value(0), nestingIsBatch: true),
        ProtocolFunction("Multicall3", "aggregate((address,bytes)[])", nesting: .targetCalls(0), nestingIsBatch: true),
        ProtocolFunction("Multicall3", "tryAggregate(bool,(address,bytes)[])", nesting: .targetCalls(1), nestingIsBatch: true),
    ]
}
