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
