import ABI
import EthereumPrimitives
import Plan

/// The functions the audit reads arguments of, by canonical signature (protocols.md §1).
enum AuditRules {
    static let aaveFlashLoan = "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)"
    static let aaveFlashLoanSimple = "flashLoanSimple(address,address,uint256,bytes,uint16)"
    static let balancerFlashLoan = "flashLoan(address,address[],uint256[],bytes)"
    static let morphoFlashLoan = "flashLoan(address,uint256,bytes)"
    static let execTransaction = "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)"

    /// 2^255: an approval or a maximum input at least this large is unlimited.
    static let half256 = UInt256.one << 255
    /// 2^159, the same for Permit2's `uint160` amounts.
    static let half160 = UInt256.one << 159

    /// SwapRouter02's special recipients: `address(1)` = msg.sender, `address(2)` = the router.
    static let routerMsgSender = Address(word: UInt256(1)) ?? .zero
    static let routerSelf = Address(word: UInt256(2)) ?? .zero

    static let market = "(address,address,address,address,uint256)"

    /// Where a function names who receives what it moves (or whose position it changes).
    static let recipients: [String: [(path: [Int], name: String)]] = [
        // ERC-20, Permit2
        "transfer(address,uint256)": [([0], "to")],
        "transferFrom(address,address,uint256)": [([1], "to")],
        "transferFrom(address,address,uint160,address)": [([1], "to")],
        "transferFrom((address,address,uint160,address)[])": [([0, each, 1], "to")],
        "permitTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes)": [([1, 0], "transferDetails.to")],
        "permitWitnessTransferFrom(((address,uint256),uint256,uint256),(address,uint256),address,bytes32,string,bytes)": [([1, 0], "transferDetails.to")],
        // Aave V3 Pool
        "withdraw(address,uint256,address)": [([2], "to")],
        "supply(address,uint256,address,uint16)": [([2], "onBehalfOf")],
        "deposit(address,uint256,address,uint16)": [([2], "onBehalfOf")],
        "supplyWithPermit(address,uint256,address,uint16,uint256,uint8,bytes32,bytes32)": [([2], "onBehalfOf")],
        "borrow(address,uint256,uint256,uint16,address)": [([4], "onBehalfOf")],
        "repay(address,uint256,uint256,address)": [([3], "onBehalfOf")],
        "repayWithPermit(address,uint256,uint256,address,uint256,uint8,bytes32,bytes32)": [([3], "onBehalfOf")],
        // Morpho Blue
        "supplyCollateral(\(market),uint256,address,bytes)": [([2], "onBehalf")],
        "borrow(\(market),uint256,uint256,address,address)": [([3], "onBehalf"), ([4], "receiver")],
        "repay(\(market),uint256,uint256,address,bytes)": [([3], "onBehalf")],
        "withdrawCollateral(\(market),uint256,address,address)": [([2], "onBehalf"), ([3], "receiver")],
        "supply(\(market),uint256,uint256,address,bytes)": [([3], "onBehalf")],
        "withdraw(\(market),uint256,uint256,address,address)": [([3], "onBehalf"), ([4], "receiver")],
        // ERC-4626 and Yearn vaults
        "deposit(uint256,address)": [([1], "receiver")],
        "mint(uint256,address)": [([1], "receiver")],
        "withdraw(uint256,address,address)": [([1], "receiver"), ([2], "owner")],
        "redeem(uint256,address,address)": [([1], "receiver"), ([2], "owner")],
        "withdraw(uint256,address,address,uint256)": [([1], "receiver"), ([2], "owner")],
        "redeem(uint256,address,address,uint256)": [([1], "receiver"), ([2], "owner")],
        "withdraw(uint256,address,uint256)": [([1], "recipient")],
        "withdraw(uint256,address)": [([1], "recipient")],
        // Uniswap SwapRouter02, the original SwapRouter, V2 Router02
        "exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))": [([0, 3], "recipient")],
        "exactInput((bytes,address,uint256,uint256))": [([0, 1], "recipient")],
        "exactOutputSingle((address,address,uint24,address,uint256,uint256,uint160))": [([0, 3], "recipient")],
        "exactOutput((bytes,address,uint256,uint256))": [([0, 1], "recipient")],
        "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))": [([0, 3], "recipient")],
        "exactInput((bytes,address,uint256,uint256,uint256))": [([0, 1], "recipient")],
        "exactOutputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))": [([0, 3], "recipient")],
        "exactOutput((bytes,address,uint256,uint256,uint256))": [([0, 1], "recipient")],
        "swapExactTokensForTokens(uint256,uint256,address[],address)": [([3], "to")],
        "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)": [([3], "to")],
        "unwrapWETH9(uint256,address)": [([1], "recipient")],
        "sweepToken(address,uint256,address)": [([2], "recipient")],
        // Balancer V2 Vault (FundManagement.recipient)
        "swap((bytes32,uint8,address,address,uint256,bytes),(address,bool,address,bool),uint256,uint256)": [([1, 2], "funds.recipient")],
        "batchSwap(uint8,(bytes32,uint256,uint256,uint256,bytes)[],address[],(address,bool,address,bool),int256[],uint256)": [([3, 2], "funds.recipient")],
        // Rewards
        "claim_rewards(address,address)": [([1], "_receiver")],
        "getReward(address,bool)": [([0], "_account")],
    ]

    /// Router functions where `address(1)` / `address(2)` are the special recipients.
    static let routerFunctions: Set<String> = [
        "exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))",
        "exactInput((bytes,address,uint256,uint256))",
        "exactOutputSingle((address,address,uint24,address,uint256,uint256,uint160))",
        "exactOutput((bytes,address,uint256,uint256))",
        "swapExactTokensForTokens(uint256,uint256,address[],address)",
        "unwrapWETH9(uint256,address)",
        "sweepToken(address,uint256,address)",
    ]

    /// Inside a flash loan's callback, these may pay the lender back (Balancer is repaid by transfer).
    static let repaymentFunctions: Set<String> = ["transfer(address,uint256)"]

    /// Swap bounds: a minimum output that must not be 0, or a maximum input that must not be
    /// unlimited.
    static let slippage: [String: (path: [Int], name: String, isMinimum: Bool)] = [
        "exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))": ([0, 5], "amountOutMinimum", true),
        "exactInput((bytes,address,uint256,uint256))": ([0, 3], "amountOutMinimum", true),
        "exactOutputSingle((address,address,uint24,address,uint256,uint256,uint160))": ([0, 5], "amountInMaximum", false),
        "exactOutput((bytes,address,uint256,uint256))": ([0, 3], "amountInMaximum", false),
        "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))": ([0, 6], "amountOutMinimum", true),
        "exactInput((bytes,address,uint256,uint256,uint256))": ([0, 4], "amountOutMinimum", true),
        "exactOutputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))": ([0, 6], "amountInMaximum", false),
        "exactOutput((bytes,address,uint256,uint256,uint256))": ([0, 4], "amountInMaximum", false),
        "swapExactTokensForTokens(uint256,uint256,address[],address)": ([1], "amountOutMin", true),
        "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)": ([1], "amountOutMin", true),
    ]

    /// In a path: every element of the array at that place.
    static let each = -1

    /// The values at `path` (argument index, then tuple component indexes; ``each`` for every
    /// element of an array).
    static func arguments(_ args: [ABIValue], _ path: [Int]) -> [ABIValue] {
        guard let first = path.first, first >= 0, first < args.count else { return [] }
        var level = [args[first]]
        for i in path.dropFirst() {
            var next: [ABIValue] = []
            for v in level {
                switch v {
                case .array(let items) where i == each: next += items
                case .tuple(let parts) where i >= 0 && i < parts.count: next.append(parts[i])
                default: break
                }
            }
            level = next
        }
        return level
    }

    /// The value at `path` (argument index, then tuple component indexes).
    static func argument(_ args: [ABIValue], _ path: [Int]) -> ABIValue? {
        guard let first = path.first, first >= 0, first < args.count else { return nil }
        var v = args[first]
        for i in path.dropFirst() {
            guard case .tuple(let parts) = v, i >= 0, i < parts.count else { return nil }
            v = parts[i]
        }
        return v
    }

    // MARK: Allowances left behind

    static let aaveRepay = "repay(address,uint256,uint256,address)"
    static let morphoRepay = "repay(\(market),uint256,uint256,address,bytes)"

    /// A call that pulls at most what was approved, possibly less: an exact-output swap (the
    /// router takes what the swap needs, up to its maximum in), an Aave repay of 2^256 − 1 (the
    /// whole debt, whatever it has grown to), a Morpho repay by shares. Returns the token pulled
    /// and what the call is; the spender is the call's target.
    static func pullsUpTo(_ call: DecodedCall) -> (token: Address, what: String)? {
        guard let f = call.function else { return nil }
        let args = call.args
        if let slip = slippage[f], !slip.isMinimum {
            // exactOutputSingle: tokenIn is params[0]; exactOutput: the path is reversed, tokenIn last.
            if case .address(let t)? = argument(args, [0, 0]) { return (t, "an exact-output swap") }
            if case .bytes(let path)? = argument(args, [0, 0]), path.count >= 20, let t = Address(bytes: path.suffix(20)) {
                return (t, "an exact-output swap")
            }
            return nil
        }
        switch f {
        case aaveRepay:
            guard case .address(let t)? = argument(args, [0]), case .uint(let amount)? = argument(args, [1]), amount == .max else { return nil }
            return (t, "a repay of the whole debt (2^256 − 1)")
        case morphoRepay:
            guard case .address(let t)? = argument(args, [0, 0]), case .uint(let shares)? = argument(args, [2]), !shares.isZero else { return nil }
            return (t, "a repay by shares")
        default:
            return nil
        }
    }

    /// In one call list: an `approve(spender, amount)` followed by a call of `spender` that may pull
    /// less than `amount` (``pullsUpTo(_:)``), with no `approve(spender, 0)` on the token after that
    /// call in the list, leaves the rest approved.
    static func checkAllowancesLeft(_ calls: [DecodedCall], into out: inout [Finding]) {
        let approve = "approve(address,uint256)"
        func approval(_ c: DecodedCall) -> (spender: Address, amount: UInt256)? {
            guard c.function == approve, case .address(let s)? = argument(c.args, [0]), case .uint(let a)? = argument(c.args, [1]) else { return nil }
            return (s, a)
        }
        for (i, c) in calls.enumerated() {
            guard let (spender, amount) = approval(c), !amount.isZero else { continue }
            let token = c.to
            var user: Int?
            for k in (i + 1)..<calls.count {
                // Another approval of the same spender on the token replaces this one.
                if let a = approval(calls[k]), calls[k].to == token, a.spender == spender { break }
                if calls[k].to == spender, let pull = pullsUpTo(calls[k]), pull.token == token {
                    user = k
                    break
                }
            }
            guard let k = user, let pull = pullsUpTo(calls[k]) else { continue }
            let reset = calls[(k + 1)...].contains { a in
                guard let x = approval(a) else { return false }
                return a.to == token && x.spender == spender && x.amount.isZero
            }
            if !reset {
                out.append(AuditCode.allowanceLeft.finding(c.path, "approves \(spender.checksummed) for \(amount.decimalString) base units of token \(token.checksummed) before \(pull.what) (\(calls[k].path)) that may take less, and no approve(\(spender.checksummed), 0) follows it in this call list: the rest stays approved"))
            }
        }
    }

    // MARK: Approvals

    static func checkApproval(_ function: String, call: DecodedCall, own: Set<Address>, into out: inout [Finding]) {
        let args = call.args
        let token = call.to.checksummed
        func amountText(_ a: UInt256) -> String { a.decimalString }
        switch function {
        case "approve(address,uint256)", "increaseAllowance(address,uint256)":
            guard case .address(let spender)? = argument(args, [0]), case .uint(let amount)? = argument(args, [1]) else { return }
            let verb = function.hasPrefix("approve") ? "approves" : "raises the allowance of"
            if amount >= half256 {
                out.append(AuditCode.unlimitedApproval.finding(call.path, "\(verb) \(spender.checksummed) for an unlimited amount (\(amount == .max ? "2^256 − 1" : amount.decimalString)) of token \(token)"))
            } else if amount.isZero && verb == "approves" {
                out.append(AuditCode.approval.finding(call.path, "revokes the allowance of \(spender.checksummed) on token \(token)"))
            } else {
                out.append(AuditCode.approval.finding(call.path, "\(verb) \(spender.checksummed) for \(amountText(amount)) base units of token \(token)"))
            }
        case "approve(address,address,uint160,uint48)":
            // Permit2 AllowanceTransfer.approve(token, spender, amount, expiration)
            guard case .address(let t)? = argument(args, [0]), case .address(let spender)? = argument(args, [1]),
                  case .uint(let amount)? = argument(args, [2]) else { return }
            if amount >= half160 {
                out.append(AuditCode.unlimitedApproval.finding(call.path, "Permit2: approves \(spender.checksummed) for an unlimited amount (\(amount.decimalString)) of token \(t.checksummed)"))
            } else {
                out.append(AuditCode.approval.finding(call.path, "Permit2: approves \(spender.checksummed) for \(amountText(amount)) base units of token \(t.checksummed)"))
            }
        case "permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)":
            // Permit2 permit(owner, PermitBatch{details[], spender, sigDeadline}, signature)
            guard case .address(let spender)? = argument(args, [1, 1]), case .array(let details)? = argument(args, [1, 0]) else { return }
            for d in details {
                guard case .tuple(let p) = d, p.count == 4, case .address(let t) = p[0], case .uint(let amount) = p[1] else { continue }
                if amount >= half160 {
                    out.append(AuditCode.unlimitedApproval.finding(call.path, "Permit2 batch permit: approves \(spender.checksummed) for an unlimited amount (\(amount.decimalString)) of token \(t.checksummed)"))
                } else {
                    out.append(AuditCode.approval.finding(call.path, "Permit2 batch permit: approves \(spender.checksummed) for \(amountText(amount)) base units of token \(t.checksummed)"))
                }
            }
        case "permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)":
            guard case .address(let t)? = argument(args, [1, 0, 0]), case .uint(let amount)? = argument(args, [1, 0, 1]),
                  case .address(let spender)? = argument(args, [1, 1]) else { return }
            if amount >= half160 {
                out.append(AuditCode.unlimitedApproval.finding(call.path, "Permit2 permit: approves \(spender.checksummed) for an unlimited amount (\(amount.decimalString)) of token \(t.checksummed)"))
            } else {
                out.append(AuditCode.approval.finding(call.path, "Permit2 permit: approves \(spender.checksummed) for \(amountText(amount)) base units of token \(t.checksummed)"))
            }
        case "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)":
            guard case .address(let owner)? = argument(args, [0]), case .address(let spender)? = argument(args, [1]),
                  case .uint(let amount)? = argument(args, [2]) else { return }
            if amount >= half256 {
                out.append(AuditCode.unlimitedApproval.finding(call.path, "ERC-2612 permit: \(owner.checksummed) approves \(spender.checksummed) for an unlimited amount of token \(token)"))
            } else {
                out.append(AuditCode.approval.finding(call.path, "ERC-2612 permit: \(owner.checksummed) approves \(spender.checksummed) for \(amountText(amount)) base units of token \(token)"))
            }
        case "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)":
            guard case .address(let holder)? = argument(args, [0]), case .address(let spender)? = argument(args, [1]),
                  case .bool(let allowed)? = argument(args, [4]) else { return }
            if allowed {
                out.append(AuditCode.unlimitedApproval.finding(call.path, "DAI permit: \(holder.checksummed) approves \(spender.checksummed) for an unlimited amount of token \(token)"))
            } else {
                out.append(AuditCode.approval.finding(call.path, "DAI permit: \(holder.checksummed) revokes the allowance of \(spender.checksummed) on token \(token)"))
            }
        case "setAuthorization(address,bool)", "setApprovalForAll(address,bool)":
            guard case .address(let operator_)? = argument(args, [0]), case .bool(let allowed)? = argument(args, [1]) else { return }
            if allowed && !own.contains(operator_) {
                let what = function.hasPrefix("setAuthorization") ? "to manage every position of the caller on \(token)" : "to move every token of the caller on \(token)"
                out.append(AuditCode.unlimitedApproval.finding(call.path, "authorizes \(operator_.checksummed) \(what)"))
            } else {
                out.append(AuditCode.approval.finding(call.path, "\(allowed ? "authorizes" : "deauthorizes") \(operator_.checksummed) on \(token)"))
            }
        default:
            return
        }
    }
}
