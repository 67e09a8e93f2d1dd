extension ProtocolName {
    /// `safe`: the MultiSend contract a Safe DELEGATECALLs for its batches,
    /// `protocols.safe.multiSend`.
    public static let safe = ProtocolName("safe", addressKey: "multiSend", contract: "the Safe MultiSendCallOnly", abiFiles: SafeProtocol.abiFiles, builtin: [
        // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 | safe-deployments (listed for chains 1, 10, 137, 8453, 42161)
        1: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2",
        // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 42161)
        42161: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2",
        // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 10)
        10: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2",
        // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 8453)
        8453: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2",
        // protocols.md:443 | Safe MultiSendCallOnly v1.4.1 (listed for 137)
        137: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2",
    ])
}

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
