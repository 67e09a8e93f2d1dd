import ABI
import BallastJSON
import EthereumPrimitives
import Protocols
import Secp256k1
import Transactions

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Plan {
    /// The transactions of the compiled actions (none in `safe` mode): consecutive nonces, the
    /// plan's fees, gas limits (explicit or default, never below the intrinsic gas and the
    /// EIP-7623 floor), each checked with the transaction rules.
    func assemble(_ compiled: [CompiledAction]) throws(PlanValidationError) -> [PlanTransaction] {
        var issues = IssueList()
        struct Draft {
            var action: Action
            var to: Address
            var value: UInt256
            var data: [UInt8]
            var defaultGas: UInt64
        }
        var drafts: [Draft] = []
        switch execution.mode {
        case .safe:
            return []
        case .eoa:
            for (action, c) in zip(actions, compiled) {
                for call in c.calls {
                    drafts.append(Draft(
                        action: action, to: call.target, value: call.value, data: call.data,
                        defaultGas: call.isApprove ? PlanGas.eoaApprove : PlanGas.eoaOther))
                }
            }
        case .executor, .eip7702:
            let to = execution.mode == .executor ? (execution.executor ?? account) : account
            for (action, c) in zip(actions, compiled) {
                var value = UInt256.zero
                var overflow = false
                for call in c.calls {
                    let (s, o) = value.addingReportingOverflow(call.value)
                    value = s
                    overflow = overflow || o
                }
                if overflow { issues.add("value_overflow", "the calls' values add up to more than 2^256 − 1 wei", at: action.path) }
                let data: [UInt8]
                do {
                    data = try BallastExecutor.execute(calls: c.calls.map(\.executorCall)).data
                } catch {
                    issues.add(error.code, "cannot encode execute: \(error.message)", at: action.path)
                    continue
                }
                drafts.append(Draft(action: action, to: to, value: value, data: data, defaultGas: PlanGas.default(for: action.kind)))
            }
        }
        try issues.check()

        let authorize = execution.mode == .eip7702 && execution.authorize
        let count = UInt64(drafts.count)
        // EIP-2681: a nonce is below 2^64 − 1. The last one is nonce + count − 1 (+ 1 with an
        // authorization), so nonce + count (+ 1) must not overflow.
        let (_, o1) = nonce.addingReportingOverflow(count + (authorize ? 1 : 0))
        guard !o1 else {
            throw PlanValidationError(code: "nonce_overflow", message: "nonce \(nonce) leaves no room for \(count) transactions", path: .root + "nonce")
        }

        var out: [PlanTransaction] = []
        out.reserveCapacity(drafts.count)
        for (k, d) in drafts.enumerated() {
            let withAuth = authorize && k == 0
            let txNonce = nonce + UInt64(k) + (authorize && k > 0 ? 1 : 0)
            var auth: UnsignedAuthorization?
            var defaultGas = d.defaultGas
            if withAuth, let delegate = execution.delegate {
                auth = UnsignedAuthorization(chainId: UInt256(chainId), address: delegate, nonce: nonce + 1)
                defaultGas += PlanGas.perAuthorization
            }
            func make(_ gas: UInt64) -> UnsignedTransaction {
                switch fees {
                case .legacy(let price):
                    return .legacy(LegacyTransaction(
                        chainId: chainId, nonce: txNonce, gasPrice: price, gasLimit: gas, to: d.to, value: d.value, input: d.data))
                case .dynamic(let maxFee, let tip):
                    if let auth {
                        let placeholder = SignedAuthorization(chainId: auth.chainId, address: auth.address, nonce: auth.nonce, yParity: 0, r: .zero, s: .zero)
                        return .setCode(SetCodeTransaction(
                            chainId: chainId, nonce: txNonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gas,
                            to: d.to, value: d.value, input: d.data, authorizationList: [placeholder]))
                    }
                    return .dynamicFee(DynamicFeeTransaction(
                        chainId: chainId, nonce: txNonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gas,
                        to: d.to, value: d.value, input: d.data))
                }
            }
            // The intrinsic gas does not depend on the gas limit: computed once, on the draft.
            var tx = make(d.action.gas ?? defaultGas)
            let minimum = tx.minimumGasLimit
            if let given = d.action.gas {
                if given < minimum {
                    issues.add("gas_below_intrinsic", "gas \(given) is below the transaction's intrinsic gas \(minimum) (including the EIP-7623 calldata floor)", at: d.action.path + "gas")
                    continue
                }
            } else if defaultGas < minimum {
                tx = make(minimum)
            }
            // The other transaction rules hold by construction (type, chain id, nonce, fee order,
            // authorization list); gas × fee must fit in 256 bits. Signing checks them all again.
            let (_, feeOverflow) = UInt256(tx.gasLimit).multipliedReportingOverflow(by: tx.gasPrice ?? tx.maxFeePerGas ?? .zero)
            if feeOverflow {
                issues.add("fee_overflow", "gas limit × fee per gas does not fit in 256 bits", at: .root + "fees")
                continue
            }
            out.append(PlanTransaction(actionId: d.action.id, actionIndex: d.action.index, transaction: tx, authorization: auth))
        }
        try issues.check()
        return out
    }
}

/// A signed transaction of a plan.
public struct SignedPlanTransaction: Sendable, Hashable {
    public let actionId: String
    public let actionIndex: Int
    public let signed: SignedTransaction
}

extension CompiledPlan {
    /// Threads used for signing by default: the online processors (at most 8).
    public static var defaultSigningThreads: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? min(Int(n), 8) : 1
    }

    /// Checks every transaction against `fork`'s rules (`UnsignedTransaction.validate(fork:chainId:)`):
    /// compilation already applies the rules every fork shares; this adds, for example, Osaka's gas
    /// cap of 2^24 (EIP-7825). Every problem is named by its action (`actions[i].gas`).
    public func validate(fork: Fork) throws(PlanValidationError) {
        var issues = IssueList()
        for t in transactions {
            do throws(TransactionError) {
                try t.transaction.validate(fork: fork, chainId: plan.chainId)
            } catch {
                var path = JSONPath.root + "actions" + t.actionIndex
                if error.field == "gas" { path = path + "gas" }
                issues.add(error.code, "\(fork): \(error.message)", at: path)
            }
        }
        try issues.check()
    }

    /// Signs every transaction (and the EIP-7702 authorization) with `signer`, in nonce order.
    ///
    /// Refuses with `wrong_key` (at `account`) before signing anything when the signer's address
    /// is not the plan's account. Signing runs on up to `threads` threads; the result is in nonce
    /// order regardless.
    /// Each transaction is checked against `fork`'s rules as it is signed.
    public func sign(
        with signer: some Signer, threads: Int = CompiledPlan.defaultSigningThreads, fork: Fork = .prague
    ) throws(PlanValidationError) -> [SignedPlanTransaction] {
        guard let address = Address(bytes: signer.addressBytes), address == plan.account else {
            let got = Address(bytes: signer.addressBytes)?.checksummed ?? "an invalid address"
            throw PlanValidationError(code: "wrong_key", message: "the key's address \(got) is not the plan's account \(plan.account.checksummed)", path: .root + "account")
        }
        guard plan.execution.mode != .safe else {
            throw PlanValidationError(code: "safe_mode_unsigned", message: "a safe-mode plan is not signed: export the Safe batch instead", path: .root + "execution" + "mode")
        }
        var txs = transactions.map(\.transaction)
        // The authorization first: the type-4 transaction commits to it.
        for (k, t) in transactions.enumerated() {
            guard let auth = t.authorization, case .setCode(var tx) = t.transaction else { continue }
            do {
                tx.authorizationList = [try auth.sign(with: signer)]
            } catch {
                throw PlanValidationError(code: error.code, message: "signing the authorization: \(error.message)", path: .root + "execution" + "authorize")
            }
            txs[k] = .setCode(tx)
        }
        let results = BatchSigner(signer: signer, fork: fork, threads: threads).signEach(txs)
        var out: [SignedPlanTransaction] = []
        out.reserveCapacity(txs.count)
        var issues = IssueList()
        for (k, r) in results.enumerated() {
            switch r {
            case .success(let s):
                out.append(SignedPlanTransaction(actionId: transactions[k].actionId, actionIndex: transactions[k].actionIndex, signed: s))
            case .failure(let e):
                issues.add(e.code, "signing: \(e.message)", at: .root + "actions" + transactions[k].actionIndex)
            }
        }
        try issues.check()
        return out
    }
}
