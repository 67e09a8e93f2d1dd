import EthereumPrimitives
import Plan
import Transactions

extension AuditedTransaction {
    /// Transaction `index` of a compiled plan, before signing: its fields, `from` = the plan's
    /// account (signing refuses any other key), the action id, the unsigned authorization of a
    /// type-4 transaction (authority nil: not signed yet), and the decoded call tree.
    ///
    /// - Precondition: `index` is in `compiled.transactions.indices`.
    public init(plan compiled: CompiledPlan, transaction index: Int, decoder: CallDecoder) {
        let t = compiled.transactions[index]
        let tx = t.transaction
        self.init(
            index: index, actionId: t.actionId, type: tx.type, hash: nil, from: compiled.plan.account, to: tx.to,
            chainId: tx.chainId, nonce: tx.nonce, value: tx.value, gasLimit: tx.gasLimit, gasPrice: tx.gasPrice,
            maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, data: tx.input,
            authorizations: t.authorization.map { [AuditedAuthorization(chainId: $0.chainId, address: $0.address, nonce: $0.nonce, authority: nil)] } ?? [],
            calls: compiled.decodedCalls(transaction: index, decoder: decoder))
    }

    /// A signed transaction: its fields, `from` = the recovered sender, its hash, and each
    /// authorization with its recovered authority (nil where the signature does not recover).
    /// The top-level call is at `tx[index].calls[0]`; a contract creation has no calls.
    public init(signed: SignedTransaction, index: Int, decoder: CallDecoder, actionId: String? = nil) {
        let tx = signed.transaction
        let authorities = signed.authorities()
        let authorizations = tx.authorizationList.enumerated().map { i, a in
            AuditedAuthorization(chainId: a.chainId, address: a.address, nonce: a.nonce, authority: i < authorities.count ? authorities[i] : nil)
        }
        let calls = tx.to.map { [decoder.decode(to: $0, value: tx.value, data: tx.input, path: CallDecoder.topPath(transaction: index))] } ?? []
        self.init(
            index: index, actionId: actionId, type: tx.type, hash: signed.hash, from: signed.sender, to: tx.to,
            chainId: tx.chainId, nonce: tx.nonce, value: tx.value, gasLimit: tx.gasLimit, gasPrice: tx.gasPrice,
            maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, data: tx.input,
            authorizations: authorizations, calls: calls)
    }
}

extension CompiledPlan {
    /// What a signing policy checks for this plan, before anything is signed.
    ///
    /// Signed modes: one `AuditedTransaction` per compiled transaction (`tx[i]` is the i-th
    /// transaction, in nonce order). `safe` mode: one per transaction of the Safe batch (`tx[i]`
    /// is the batch's i-th call, every action's calls in order), with `from` = the Safe (the
    /// account whose funds move), the plan's chain id, no type, nonce, gas or fees (the batch
    /// carries none), and the action id of the call.
    ///
    /// Without `decoder`, the plan's decoder following batches as well (Multicall3, `multicall`,
    /// MultiSend, `execTransaction`): a call a plan's `call` action hides in a batch is checked
    /// like any other, as `ballast audit` does.
    public func auditedTransactions(decoder: CallDecoder? = nil) -> [AuditedTransaction] {
        let decoder = decoder ?? {
            var d = CallDecoder(plan: plan)
            d.followsBatches = true
            return d
        }()
        guard plan.execution.mode == .safe else {
            return transactions.indices.map { AuditedTransaction(plan: self, transaction: $0, decoder: decoder) }
        }
        var out: [AuditedTransaction] = []
        for a in actions {
            for call in a.calls {
                let i = out.count
                out.append(AuditedTransaction(
                    index: i, actionId: a.id, from: plan.actor, to: call.target, chainId: plan.chainId,
                    value: call.value, data: call.data,
                    calls: [decoder.decode(to: call.target, value: call.value, data: call.data, path: "tx[\(i)].calls[0]")]))
            }
        }
        return out
    }
}
