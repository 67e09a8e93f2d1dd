/// Safe accounts and their MultiSend batches.
public enum SafeProtocol {
    /// `execTransaction(to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken,
    /// refundReceiver, signatures)`.
    public static let execTransaction = ProtocolFunction("Safe", "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)",
                                                         nesting: .safeTransaction, nestingIsBatch: true)
    public static let multiSend = ProtocolFunction("Safe", "multiSend(bytes)", nesting: .multiSend(0), nestingIsBatch: true)

    static let functions: [ProtocolFunction] = [execTransaction, multiSend]
}
