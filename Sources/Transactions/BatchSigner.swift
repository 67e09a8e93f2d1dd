import EthereumPrimitives
import ParallelBlocks
import Secp256k1

/// Signs many transactions with one key on all cores, in order: each transaction is checked
/// against `fork`'s rules, signed (RFC 6979, low s) and its signature verified by recovery to
/// the signer's address (`UnsignedTransaction.sign(with:fork:)`), in parallel blocks of
/// consecutive transactions whose results land at their own index. The output is the same
/// bytes whatever the number of threads.
///
/// `ballast tx sign` signs its input chunk by chunk with ``sign(_:transform:)``; `ballast plan
/// build` (`CompiledPlan.sign(with:threads:fork:)`) signs a plan's transactions with
/// ``signEach(_:)``.
public struct BatchSigner<S: Signer>: Sendable {
    public let signer: S
    public let fork: Fork
    /// The most threads used (1: the calling thread only).
    public let threads: Int

    public init(signer: S, fork: Fork = .prague, threads: Int = Parallel.processorCount) {
        self.signer = signer
        self.fork = fork
        self.threads = max(1, threads)
    }

    /// Signs every transaction of `transactions` and returns `transform` of each signed one, in
    /// order (`transform` runs on the signing thread: encoding the output there keeps it
    /// parallel). Each transaction is released (set to nil) as soon as it is signed, so a batch
    /// never holds much more than its output; nil elements are skipped and give nil.
    ///
    /// Stops at the first failure: throws ``BatchSigningFailure`` with the lowest failing index,
    /// every transaction below which was signed.
    public func sign<T>(
        _ transactions: inout [UnsignedTransaction?], transform: (SignedTransaction) -> T
    ) throws(BatchSigningFailure) -> [T?] {
        var out = [T?](repeating: nil, count: transactions.count)
        let signer = self.signer
        let fork = self.fork
        do {
            try out.withUnsafeMutableBufferPointer { results in
                try transactions.withUnsafeMutableBufferPointer { pending in
                    let results = SendableBuffer(results)
                    let queue = SendableBuffer(pending)
                    try Parallel.forEach(count: queue.base.count, jobs: threads) { i in
                        guard let tx = queue[i] else { return }
                        queue[i] = nil
                        do throws(TransactionError) {
                            results[i] = transform(try tx.sign(with: signer, fork: fork))
                        } catch {
                            throw BatchSigningFailure(index: i, error: error)
                        }
                    }
                }
            }
        } catch let failure as BatchSigningFailure {
            throw failure
        } catch {
            // The body throws nothing else.
            throw BatchSigningFailure(index: 0, error: TransactionError(.signingFailed(String(describing: error))))
        }
        return out
    }

    /// Signs every transaction (without stopping at a failure) and returns each outcome, in order.
    public func signEach(_ transactions: [UnsignedTransaction]) -> [Result<SignedTransaction, TransactionError>] {
        var out = [Result<SignedTransaction, TransactionError>?](repeating: nil, count: transactions.count)
        let signer = self.signer
        let fork = self.fork
        out.withUnsafeMutableBufferPointer { results in
            let results = SendableBuffer(results)
            try? Parallel.forEach(count: transactions.count, jobs: threads) { i in
                results[i] = Result { () throws(TransactionError) in try transactions[i].sign(with: signer, fork: fork) }
            }
        }
        return out.map { $0! }
    }
}

/// The first transaction of a batch that could not be signed: its index and why (the
/// transaction's error code, its message, at `transactions[index]` and the field).
public struct BatchSigningFailure: BallastError, Equatable {
    public let index: Int
    public let error: TransactionError

    public var code: String { error.code }
    public var message: String { "transaction \(index): \(error.message)" }
    public var location: String? {
        let place = "transactions[\(index)]"
        return (error.jsonPath ?? error.field).map { "\(place).\($0)" } ?? place
    }

    public init(index: Int, error: TransactionError) {
        self.index = index
        self.error = error
    }
}
