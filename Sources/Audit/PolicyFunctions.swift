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

    /// An argument holding an address: `argument`, then `field` inside it when it is a tuple
    /// (with `elements`, `argument` is an array of tuples: `field` of every element).
    struct Slot {
        var argument: Int
        var field: Int?
        var elements = false
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
        // The same kinds of credit in the other functions of the bundled ABIs.
        let market = "(address,address,address,address,uint256)"
        for (signature, slots) in [
            // Aave V3 Pool: the legacy deposit, the permit forms, the simple flash loan
            ("deposit(address,uint256,address,uint16)", [Slot(argument: 2, name: "onBehalfOf")]),
            ("supplyWithPermit(address,uint256,address,uint16,uint256,uint8,bytes32,bytes32)", [Slot(argument: 2, name: "onBehalfOf")]),
            ("repayWithPermit(address,uint256,uint256,address,uint256,uint8,bytes32,bytes32)", [Slot(argument: 3, name: "onBehalfOf")]),
            ("flashLoanSimple(address,address,uint256,bytes,uint16)", [Slot(argument: 0, name: "receiverAddress")]),
            // Morpho Blue: the loan side
            ("supply(\(market),uint256,uint256,address,bytes)", [Slot(argument: 3, name: "onBehalf")]),
            ("withdraw(\(market),uint256,uint256,address,address)", [Slot(argument: 4, name: "receiver")]),
            // Yearn vaults (V3: ERC-4626 with max_loss; V2: maxShares, recipient)
            ("withdraw(uint256,address,address,uint256)", [Slot(argument: 1, name: "receiver")]),
            ("redeem(uint256,address,address,uint256)", [Slot(argument: 1, name: "receiver")]),
            ("withdraw(uint256,address,uint256)", [Slot(argument: 1, name: "recipient")]),
            ("withdraw(uint256,address)", [Slot(argument: 1, name: "recipient")]),
            // The original SwapRouter (a deadline field), SwapRouter02's V2 swap and payments
            ("exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))", [Slot(argument: 0, field: 3, name: "recipient")]),
            ("exactOutputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))", [Slot(argument: 0, field: 3, name: "recipient")]),
            ("exactInput((bytes,address,uint256,uint256,uint256))", [Slot(argument: 0, field: 1, name: "recipient")]),
            ("exactOutput((bytes,address,uint256,uint256,uint256))", [Slot(argument: 0, field: 1, name: "recipient")]),
            ("swapExactTokensForTokens(uint256,uint256,address[],address)", [Slot(argument: 3, name: "to")]),
            ("unwrapWETH9(uint256,address)", [Slot(argument: 1, name: "recipient")]),
            ("sweepToken(address,uint256,address)", [Slot(argument: 2, name: "recipient")]),
            // Balancer V2 swaps: FundManagement.recipient
            ("swap((bytes32,uint8,address,address,uint256,bytes),(address,bool,address,bool),uint256,uint256)", [Slot(argument: 1, field: 2, name: "funds.recipient")]),
            ("batchSwap(uint8,(bytes32,uint256,uint256,uint256,bytes)[],address[],(address,bool,address,bool),int256[],uint256)", [Slot(argument: 3, field: 2, name: "funds.recipient")]),
            // Permit2 transfers
            ("transferFrom(address,address,uint160,address)", [Slot(argument: 1, name: "to")]),
            ("transferFrom((address,address,uint160,address)[])", [Slot(argument: 0, field: 1, elements: true, name: "to")]),
            ("permitTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes)", [Slot(argument: 1, field: 0, name: "transferDetails.to")]),
            ("permitWitnessTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes32,string,bytes)", [Slot(argument: 1, field: 0, name: "transferDetails.to")]),
            // Rewards
            ("claim_rewards(address,address)", [Slot(argument: 1, name: "_receiver")]),
            ("getReward(address,bool)", [Slot(argument: 0, name: "_account")]),
        ] {
            t[signature] = slots
        }
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

    /// The addresses `slot` names (several for an array of tuples).
    static func addresses(_ args: [ABIValue], _ slot: Slot) -> [Address] {
        guard slot.argument < args.count else { return [] }
        var values = [args[slot.argument]]
        if slot.elements {
            guard case .array(let items) = values[0] else { return [] }
            values = items
        }
        return values.compactMap { v in
            var v = v
            if let field = slot.field {
                guard case .tuple(let parts) = v, field < parts.count else { return nil }
                v = parts[field]
            }
            if case .address(let a) = v { return a }
            return nil
        }
    }

    /// One allowance a call grants: `spender` may spend `amount` of `token`.
    struct Grant {
        var token: Address
        var spender: Address
        var amount: UInt256
        var unlimitedFrom: UInt256
    }

    static let erc2612Permit = "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
    static let daiPermit = "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)"
    static let permit2Single = "permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)"
    static let permit2Batch = "permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)"
    /// ERC-721 / ERC-1155 operator approval: every token of the target, now and later.
    static let setApprovalForAll = "setApprovalForAll(address,bool)"
    /// Morpho Blue: the authorized address may manage the whole position (withdraw, borrow).
    static let setAuthorization = "setAuthorization(address,bool)"

    /// The allowances a call to `function` (decoded: `args`) on `target` grants: the
    /// ``approvals`` table, ERC-2612 `permit` (the token is the target), DAI's `permit` (`allowed`
    /// grants an unlimited amount), Permit2 `permit` (single and batch, one grant a token), and
    /// `setApprovalForAll` / Morpho `setAuthorization` (granting them is unlimited).
    static func grants(_ function: String, args: [ABIValue], target: Address) -> [Grant] {
        if let a = approvals[function] {
            guard let spender = address(args, a.spender), let amount = uint(args, a.amount) else { return [] }
            var token = target
            if let t = a.token {
                guard let named = address(args, t) else { return [] }
                token = named
            }
            return [Grant(token: token, spender: spender, amount: amount, unlimitedFrom: a.unlimitedFrom)]
        }
        switch function {
        case erc2612Permit:
            guard let spender = address(args, 1), let amount = uint(args, 2) else { return [] }
            return [Grant(token: target, spender: spender, amount: amount, unlimitedFrom: half256)]
        case daiPermit:
            guard let spender = address(args, 1), args.count > 4, case .bool(let allowed) = args[4] else { return [] }
            return [Grant(token: target, spender: spender, amount: allowed ? .max : .zero, unlimitedFrom: half256)]
        case setApprovalForAll, setAuthorization:
            // Granting it is an unlimited approval of the target itself; revoking it is 0.
            guard let spender = address(args, 0), args.count > 1, case .bool(let granted) = args[1] else { return [] }
            return [Grant(token: target, spender: spender, amount: granted ? .max : .zero, unlimitedFrom: half256)]
        case permit2Single, permit2Batch:
            guard args.count > 1, case .tuple(let permit) = args[1], permit.count == 3, case .address(let spender) = permit[1] else { return [] }
            let details: [ABIValue]
            if case .array(let items) = permit[0] { details = items } else { details = [permit[0]] }
            return details.compactMap { d in
                guard case .tuple(let p) = d, p.count == 4, case .address(let token) = p[0], case .uint(let amount) = p[1] else { return nil }
                return Grant(token: token, spender: spender, amount: amount, unlimitedFrom: half160)
            }
        default:
            return []
        }
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
