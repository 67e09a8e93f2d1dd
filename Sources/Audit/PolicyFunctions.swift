import ABI
import EthereumPrimitives
import Plan

/// The functions the policy understands by their arguments: approvals (spender, amount) and
/// the arguments naming who receives what a call sends out or credits. Keyed by canonical
/// signature; a call matches only when it decoded as that function.
enum PolicyFunctions {
    /// An approval: where its spender and amount are, and from which amount it counts as
    /// unlimited (half the amount type's range and above: 2^255 for `uint256`, 2^159 for
    /// Permit2's `uint160`, whose maximum Permit2 treats as never decreasing).
    struct Approval {
        /// The token argument; nil when the token is the call's target (ERC-20).
        var token: Int?
        var spender: Int
        var amount: Int
        var unlimitedFrom: UInt256
    }

    static let half256 = UInt256(1) << 255
    static let half160 = UInt256(1) << 159

    static let approvals: [String: Approval] = [
        "approve(address,uint256)": Approval(spender: 0, amount: 1, unlimitedFrom: half256),
        "increaseAllowance(address,uint256)": Approval(spender: 0, amount: 1, unlimitedFrom: half256),
        // Permit2 AllowanceTransfer: approve(token, spender, amount, expiration).
        "approve(address,address,uint160,uint48)": Approval(token: 0, spender: 1, amount: 2, unlimitedFrom: half160),
    ]

    /// An argument holding an address: `argument`, then `field` inside it when it is a tuple.
    struct Slot {
        var argument: Int
        var field: Int?
        var name: String
    }

    /// Arguments that name who receives tokens, shares or a position.
    static let recipients: [String: [Slot]] = {
        var t: [String: [Slot]] = [
            // ERC-20
            PlanFunctions.transfer.canonicalSignature: [Slot(argument: 0, name: "to")],
            "transferFrom(address,address,uint256)": [Slot(argument: 1, name: "to")],
            // Aave V3 Pool
            PlanFunctions.aaveSupply.canonicalSignature: [Slot(argument: 2, name: "onBehalfOf")],
            PlanFunctions.aaveWithdraw.canonicalSignature: [Slot(argument: 2, name: "to")],
            PlanFunctions.aaveRepay.canonicalSignature: [Slot(argument: 3, name: "onBehalfOf")],
            PlanFunctions.aaveFlashLoan.canonicalSignature: [Slot(argument: 0, name: "receiverAddress")],
            // Balancer V2 Vault
            PlanFunctions.balancerFlashLoan.canonicalSignature: [Slot(argument: 0, name: "recipient")],
            // Morpho Blue
            PlanFunctions.morphoSupplyCollateral.canonicalSignature: [Slot(argument: 2, name: "onBehalf")],
            PlanFunctions.morphoWithdrawCollateral.canonicalSignature: [Slot(argument: 3, name: "receiver")],
            PlanFunctions.morphoBorrow.canonicalSignature: [Slot(argument: 4, name: "receiver")],
            PlanFunctions.morphoRepay.canonicalSignature: [Slot(argument: 3, name: "onBehalf")],
            // ERC-4626
            PlanFunctions.vaultDeposit.canonicalSignature: [Slot(argument: 1, name: "receiver")],
            "mint(uint256,address)": [Slot(argument: 1, name: "receiver")],
            "withdraw(uint256,address,address)": [Slot(argument: 1, name: "receiver")],
            PlanFunctions.vaultRedeem.canonicalSignature: [Slot(argument: 1, name: "receiver")],
            // Uniswap
            PlanFunctions.exactInputSingle.canonicalSignature: [Slot(argument: 0, field: 3, name: "recipient")],
            PlanFunctions.exactOutputSingle.canonicalSignature: [Slot(argument: 0, field: 3, name: "recipient")],
            PlanFunctions.exactInput.canonicalSignature: [Slot(argument: 0, field: 1, name: "recipient")],
            PlanFunctions.exactOutput.canonicalSignature: [Slot(argument: 0, field: 1, name: "recipient")],
            PlanFunctions.swapExactTokensForTokens.canonicalSignature: [Slot(argument: 3, name: "to")],
        ]
        t["swapTokensForExactTokens(uint256,uint256,address[],address,uint256)"] = [Slot(argument: 3, name: "to")]
        return t
    }()

    /// Functions whose argument carries a call list that `CallDecoder` follows: when the list
    /// does not decode, what the call makes others do cannot be seen.
    static let nesting: Set<String> = [
        PlanFunctions.execute.canonicalSignature,
        PlanFunctions.aaveFlashLoan.canonicalSignature,
        PlanFunctions.balancerFlashLoan.canonicalSignature,
        PlanFunctions.morphoFlashLoan.canonicalSignature,
    ]

    static func address(_ args: [ABIValue], _ slot: Slot) -> Address? {
        guard slot.argument < args.count else { return nil }
        var v = args[slot.argument]
        if let field = slot.field {
            guard case .tuple(let parts) = v, field < parts.count else { return nil }
            v = parts[field]
        }
        if case .address(let a) = v { return a }
        return nil
    }

    static func uint(_ args: [ABIValue], _ index: Int) -> UInt256? {
        guard index < args.count, case .uint(let u) = args[index] else { return nil }
        return u
    }

    static func address(_ args: [ABIValue], _ index: Int) -> Address? {
        guard index < args.count, case .address(let a) = args[index] else { return nil }
        return a
    }
}
