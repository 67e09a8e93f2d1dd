extension ProtocolName {
    /// `permit2`: `protocols.permit2.address`. Left out on the L2s as UNCONFIRMED in protocols.md
    /// (protocols.md:463-467, 5. Open items): a plan there gives it.
    public static let permit2 = ProtocolName("permit2", addressKey: "address", contract: "Permit2", abiFiles: Permit2.abiFiles, builtin: [
        // protocols.md:441 | Permit2 | Uniswap v3 Ethereum deployments page; Uniswap/permit2
        1: "0x000000000022D473030F116dDEE9F6B43aC78BA3",
    ])
}

/// Uniswap Permit2: allowance approvals and permits (`uint160` amounts) and signature transfers.
public enum Permit2 {
    /// The bundled ABI file(s) (`abi/`) describing Permit2: a plan's `call` by function name
    /// searches them.
    public static let abiFiles = ["permit2.json"]

    static let functions: [ProtocolFunction] = [
        ProtocolFunction("Permit2", "approve(address,address,uint160,uint48)", [RoleArgument([3], "expiration", .deadline)], approval: .permit2Approve),
        ProtocolFunction("Permit2", "permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)", [RoleArgument([1, 2], "sigDeadline", .deadline)], approval: .permit2Permit),
        ProtocolFunction("Permit2", "permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)", [RoleArgument([1, 2], "sigDeadline", .deadline)], approval: .permit2PermitBatch),
        ProtocolFunction("Permit2", "transferFrom(address,address,uint160,address)", [RoleArgument([1], "to", .recipient), RoleArgument([3], "token", .tokenOut)]),
        ProtocolFunction("Permit2", "transferFrom((address,address,uint160,address)[])", [RoleArgument([0, ArgumentPath.each, 1], "to", .recipient)]),
        ProtocolFunction("Permit2", "permitTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes)",
                         [RoleArgument([0, 2], "permit.deadline", .deadline), RoleArgument([1, 0], "transferDetails.to", .recipient)]),
        ProtocolFunction("Permit2", "permitWitnessTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes32,string,bytes)",
                         [RoleArgument([0, 2], "permit.deadline", .deadline), RoleArgument([1, 0], "transferDetails.to", .recipient)]),
    ]
}
