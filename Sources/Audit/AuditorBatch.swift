import EthereumPrimitives
import Transactions

/// What the audit keeps about a batch to report its chain, sender and nonce findings, fed one
/// transaction at a time in input order: the first transactions of each chain and sender, and
/// per sender its nonces (a few words per transaction, never a call tree), so that a long input
/// can be audited without keeping its transactions.
///
/// ``findings()`` lists, in order: `chain_id_mixed`, `sender_mixed`, then per sender (in order of
/// first appearance) its `duplicate_transaction` / `nonce_reused` / `nonce_out_of_order`, the
/// reuse of its nonces by its own authorizations, and its `nonce_gap`s.
public struct AuditBatch: Sendable {
    /// One use of a sender's nonce: by a transaction, or by one of the sender's own valid
    /// authorizations (each bumps the nonce: a self-sponsored type-4 transaction uses n and its
    /// authorization n + 1).
    struct NonceUse: Sendable {
        var nonce: UInt64
        var index: Int
        var hash: Bytes32?
        var isAuthorization: Bool
        var path: String { "tx[\(index)]" }
    }

    /// An authorization that counts for its authority's nonces if the authority sends a
    /// transaction of the batch (known only at the end).
    struct PendingAuthorization: Sendable {
        var authority: Address
        var use: NonceUse
    }

    private var firstChain: (index: Int, chain: UInt64)?
    private var otherChain: (index: Int, chain: UInt64)?
    private var chains: Set<UInt64> = []
    private var firstSender: (index: Int, sender: Address)?
    private var otherSender: (index: Int, sender: Address)?
    private var senders: Set<Address> = []
    private var bySender: [Address: [NonceUse]] = [:]
    private var order: [Address] = []
    private var authorizations: [PendingAuthorization] = []
    private var count = 0

    public init() {}

    /// Adds the next transaction of the input (its `index` is its position).
    public mutating func add(_ tx: AuditedTransaction) {
        count += 1
        if let chain = tx.chainId {
            chains.insert(chain)
            if let first = firstChain {
                if otherChain == nil && chain != first.chain { otherChain = (tx.index, chain) }
            } else {
                firstChain = (tx.index, chain)
            }
        }
        if let from = tx.from {
            senders.insert(from)
            if let first = firstSender {
                if otherSender == nil && from != first.sender { otherSender = (tx.index, from) }
            } else {
                firstSender = (tx.index, from)
            }
            if let nonce = tx.nonce {
                if bySender[from] == nil { order.append(from) }
                bySender[from, default: []].append(NonceUse(nonce: nonce, index: tx.index, hash: tx.hash, isAuthorization: false))
            }
        }
        for a in tx.authorizations {
            guard let authority = a.authority else { continue }
            if let chain = tx.chainId, !a.chainId.isZero, a.chainId != UInt256(chain) { continue }
            authorizations.append(PendingAuthorization(
                authority: authority, use: NonceUse(nonce: a.nonce, index: tx.index, hash: tx.hash, isAuthorization: true)))
        }
    }

    /// The findings about the batch so far.
    public func findings() -> [Finding] {
        var out: [Finding] = []
        guard count > 0 else { return out }
        if let first = firstChain, let other = otherChain {
            let list = chains.sorted().map(String.init).joined(separator: ", ")
            out.append(AuditCode.chainIdMixed.finding("tx[\(other.index)]", "transactions for several chains (\(list)): tx[\(other.index)] is for chain \(other.chain), tx[\(first.index)] for chain \(first.chain)"))
        }
        if let first = firstSender, let other = otherSender {
            out.append(AuditCode.senderMixed.finding("tx[\(other.index)]", "\(senders.count) senders: tx[\(other.index)] is from \(other.sender.checksummed), tx[\(first.index)] from \(first.sender.checksummed)"))
        }
        var bySender = self.bySender
        for a in authorizations where bySender[a.authority] != nil {
            bySender[a.authority, default: []].append(a.use)
        }
        for sender in order {
            let entries = bySender[sender] ?? []
            var seen: [UInt64: NonceUse] = [:]
            var last: UInt64?
            for e in entries where !e.isAuthorization {
                if let prior = seen[e.nonce] {
                    if prior.hash != nil && prior.hash == e.hash {
                        out.append(AuditCode.duplicateTransaction.finding(e.path, "the same transaction as \(prior.path) (hash \(e.hash?.hex ?? "")): only one can be included"))
                    } else {
                        out.append(AuditCode.nonceReused.finding(e.path, "\(sender.checksummed) uses nonce \(e.nonce) again (also \(prior.path)): only one of the two can be included"))
                    }
                } else {
                    seen[e.nonce] = e
                }
                if let l = last, e.nonce < l {
                    out.append(AuditCode.nonceOutOfOrder.finding(e.path, "nonce \(e.nonce) of \(sender.checksummed) comes after nonce \(l): broadcast in this order, it waits"))
                }
                last = max(last ?? e.nonce, e.nonce)
            }
            for e in entries where e.isAuthorization {
                if let prior = seen[e.nonce], prior.index != e.index {
                    out.append(AuditCode.nonceReused.finding(e.path, "the authorization signed by \(sender.checksummed) uses nonce \(e.nonce), which \(prior.path) also uses: one of them fails"))
                }
            }
            let nonces = Set(entries.map(\.nonce)).sorted()
            for (a, b) in zip(nonces, nonces.dropFirst()) where b - a > 1 {
                let after = entries.first(where: { $0.nonce == b && !$0.isAuthorization }) ?? entries.first(where: { $0.nonce == b })
                let missing = b - a == 2 ? "nonce \(a + 1) is missing" : "nonces \(a + 1)…\(b - 1) are missing"
                out.append(AuditCode.nonceGap.finding(after?.path ?? "tx[0]", "\(sender.checksummed): \(missing) between \(a) and \(b): nothing from \(b) on is included until it is used"))
            }
        }
        return out
    }
}
