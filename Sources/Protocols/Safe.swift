/// Safe accounts and their MultiSend batches.
public enum SafeProtocol {
    static let execTransaction = "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)"
    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Safe", execTransaction, nesting: .safeTransaction, nestingIsBatch: true),
        ProtocolFunction("Safe", "multiSend(bytes)", nesting: .multiSend(0), nestingIsBatch: true),
    ]
}
