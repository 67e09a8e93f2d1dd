/// Safe accounts and their MultiSend batches.
public enum SafeProtocol {
    /// The bundled ABI file(s) (`abi/`) describing MultiSend, the contract a plan's `safe` protocol
    /// names: a plan's `call` by function name searches them.
    public static let abiFiles = ["safe-multisend.json"]

    /// `execTransaction(to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken,
    /// refundReceiver, signatures)`.
    public static let execTransaction = ProtocolFunction("Safe", "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)",
                                                         nesting: .safeTransaction, nestingIsBatch: true)
    public static let multiSend = ProtocolFunction("Safe", "multiSend(bytes)", nesting: .multiSend(0), nestingIsBatch: true)

    static let functions: [ProtocolFunction] = [execTransaction, multiSend]
}
