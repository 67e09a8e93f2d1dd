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
        // A draft names its action by position in `actions` and its call by position (in `eoa`
        // mode, in the action's compiled calls; otherwise in `executeCalls`), not copies of
        // them: a long plan has one draft per transaction.
        struct Draft {
            var actionPosition: Int
            var callPosition: Int
            var defaultGas: UInt64
        }
        var drafts: [Draft] = []
        var executeCalls: [PlanCall] = []
        switch execution.mode {
        case .safe:
            return []
        case .eoa:
            drafts.reserveCapacity(compiled.reduce(0) { $0 + $1.calls.count })
            for (position, c) in compiled.enumerated() {
                for (callPosition, call) in c.calls.enumerated() {
                    drafts.append(Draft(
                        actionPosition: position, callPosition: callPosition,
                        defaultGas: call.isApprove ? PlanGas.eoaApprove : PlanGas.eoaOther))
                }
            }
        case .executor, .eip7702:
            let to = execution.mode == .executor ? (execution.executor ?? account) : account
            drafts.reserveCapacity(compiled.count)
            executeCalls.reserveCapacity(compiled.count)
            for (position, (action, c)) in zip(actions, compiled).enumerated() {
                var value = UInt256.zero
                var overflow = false
                for call in c.calls {
                    let (s, o) = value.addingReportingOverflow(call.value)
                    value = s
                    overflow = overflow || o
                }
                if overflow { issues.add(.valueOverflow, "the calls' values add up to more than 2^256 − 1 wei", at: action.path) }
                let data: [UInt8]
                do {
                    data = try BallastExecutor.execute(calls: c.calls.map(\.executorCall)).data
                } catch {
                    issues.add(reporting: error, "cannot encode execute: \(error.message)", at: action.path)
                    continue
                }
                executeCalls.append(PlanCall(target: to, value: value, data: data))
                drafts.append(Draft(actionPosition: position, callPosition: executeCalls.count - 1, defaultGas: PlanGas.default(for: action.kind)))
            }
        }
        try issues.check()

        let authorize = execution.mode == .eip7702 && execution.authorize
        let count = UInt64(drafts.count)
        // EIP-2681: a nonce is below 2^64 − 1. The last one is nonce + count − 1 (+ 1 with an
        // authorization), so nonce + count (+ 1) must not overflow.
        let (_, o1) = nonce.addingReportingOverflow(count + (authorize ? 1 : 0))
        guard !o1 else {
            throw PlanValidationError(code: .nonceOverflow, message: "nonce \(nonce) leaves no room for \(count) transactions", path: .root + "nonce")
        }

        var out: [PlanTransaction] = []
        out.reserveCapacity(drafts.count)
        for (k, d) in drafts.enumerated() {
            let action = actions[d.actionPosition]
            let call = execution.mode == .eoa ? compiled[d.actionPosition].calls[d.callPosition] : executeCalls[d.callPosition]
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
                        chainId: chainId, nonce: txNonce, gasPrice: price, gasLimit: gas, to: call.target, value: call.value, input: call.data))
                case .dynamic(let maxFee, let tip):
                    if let auth {
                        let placeholder = SignedAuthorization(chainId: auth.chainId, address: auth.address, nonce: auth.nonce, yParity: 0, r: .zero, s: .zero)
                        return .setCode(SetCodeTransaction(
                            chainId: chainId, nonce: txNonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gas,
                            to: call.target, value: call.value, input: call.data, authorizationList: [placeholder]))
                    }
                    return .dynamicFee(DynamicFeeTransaction(
                        chainId: chainId, nonce: txNonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gas,
                        to: call.target, value: call.value, input: call.data))
                }
            }
            // The intrinsic gas does not depend on the gas limit: computed once, on the draft.
            var tx = make(action.gas ?? defaultGas)
            let minimum = tx.minimumGasLimit
            if let given = action.gas {
                if given < minimum {
                    issues.add(.gasBelowIntrinsic, "gas \(given) is below the transaction's intrinsic gas \(minimum) (including the EIP-7623 calldata floor)", at: action.path + "gas")
                    continue
                }
            } else if defaultGas < minimum {
                tx = make(minimum)
            }
            // The other transaction rules hold by construction (type, chain id, nonce, fee order,
            // authorization list); gas × fee must fit in 256 bits. Signing checks them all again.
            let (_, feeOverflow) = UInt256(tx.gasLimit).multipliedReportingOverflow(by: tx.gasPrice ?? tx.maxFeePerGas ?? .zero)
            if feeOverflow {
                issues.add(.feeOverflow, "gas limit × fee per gas does not fit in 256 bits", at: .root + "fees")
                continue
            }
            out.append(PlanTransaction(actionId: action.id, actionIndex: action.index, transaction: tx, authorization: auth))
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
                issues.add(reporting: error, "\(fork): \(error.message)", at: path)
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
        var out: [SignedPlanTransaction] = []
        out.reserveCapacity(transactions.count)
        try signPieces(with: signer, threads: threads, fork: fork) { piece in
            out += piece
            return true
        }
        return out
    }

    /// Signs like `sign(with:threads:fork:)`, handing the signed transactions to `body` a piece at
    /// a time, in nonce order, and keeping none of them: `body` writes them out (to a temporary
    /// file that becomes the output only when this returns) so that memory does not grow with
    /// the plan. When a transaction cannot be signed, `body` is not called again and the error
    /// names every transaction that failed; what `body` was given must then be discarded.
    public func sign<E: Error>(
        with signer: some Signer, threads: Int = CompiledPlan.defaultSigningThreads, fork: Fork = .prague,
        pieces body: ([SignedPlanTransaction]) throws(E) -> Void
    ) throws {
        var failure: E?
        try signPieces(with: signer, threads: threads, fork: fork) { piece in
            do throws(E) {
                try body(piece)
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
    }

    /// The signing of both `sign` methods: `body` takes each piece and says whether to go on.
    private func signPieces(
        with signer: some Signer, threads: Int, fork: Fork, _ body: ([SignedPlanTransaction]) -> Bool
    ) throws(PlanValidationError) {
        guard let address = Address(bytes: signer.addressBytes), address == plan.account else {
            let got = Address(bytes: signer.addressBytes)?.checksummed ?? "an invalid address"
            throw PlanValidationError(code: .wrongKey, message: "the key's address \(got) is not the plan's account \(plan.account.checksummed)", path: .root + "account")
        }
        guard plan.execution.mode != .safe else {
            throw PlanValidationError(code: .safeModeUnsigned, message: "a safe-mode plan is not signed: export the Safe batch instead", path: .root + "execution" + "mode")
        }
        // The authorization first: the type-4 transaction commits to it. Only the transactions
        // that carry one are replaced (no copy of the whole list).
        var authorized: [Int: UnsignedTransaction] = [:]
        for (k, t) in transactions.enumerated() {
            guard let auth = t.authorization, case .setCode(var tx) = t.transaction else { continue }
            do {
                tx.authorizationList = [try auth.sign(with: signer)]
            } catch {
                throw PlanValidationError(code: JSONIssueCode(rawValue: error.code), message: "signing the authorization: \(error.message)", path: .root + "execution" + "authorize")
            }
            authorized[k] = .setCode(tx)
        }
        // Signed a piece at a time (each on every thread); each piece goes to `body` and is
        // dropped, so a long plan's signed transactions are never all held at once. After a
        // failure the remaining pieces are still signed (every failing transaction is named) but
        // none goes to `body`.
        var issues = IssueList()
        let batch = BatchSigner(signer: signer, fork: fork, threads: threads)
        var start = 0
        while start < transactions.count {
            let end = min(transactions.count, start + Self.signingPiece)
            let piece = (start..<end).map { authorized[$0] ?? transactions[$0].transaction }
            let results = batch.signEach(piece)
            var signed: [SignedPlanTransaction] = []
            signed.reserveCapacity(results.count)
            for (offset, r) in results.enumerated() {
                let k = start + offset
                switch r {
                case .success(let s):
                    signed.append(SignedPlanTransaction(actionId: transactions[k].actionId, actionIndex: transactions[k].actionIndex, signed: s))
                case .failure(let e):
                    issues.add(reporting: e, "signing: \(e.message)", at: .root + "actions" + transactions[k].actionIndex)
                }
            }
            if issues.isEmpty, !body(signed) { return }
            start = end
        }
        try issues.check()
    }

    /// Transactions signed together (on every thread) and handed over as one piece by
    /// `sign(with:threads:fork:pieces:)`.
    public static let signingPiece = 128
}
