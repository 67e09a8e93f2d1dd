import Transactions

extension SigningPolicy {
    /// A signing policy applied to transactions one at a time, in input order (running totals
    /// and the transaction count carry over): the same findings as ``evaluate(_:)`` gives for
    /// the whole list, without keeping the transactions.
    public struct Stream: Sendable {
        private var evaluator: PolicyEvaluator
        private var position = 0

        public init(_ policy: SigningPolicy) { evaluator = PolicyEvaluator(policy: policy) }

        /// The findings about the next transaction.
        public mutating func check(_ tx: AuditedTransaction) -> [Finding] {
            evaluator.check(tx, position: position)
            position += 1
            defer { evaluator.findings.removeAll() }
            return evaluator.findings
        }
    }
}
