import EthereumPrimitives
import Plan
import Safe
import Secp256k1
import Transactions

/// A plan that violates a signing policy: every violation, and nothing signed.
public struct PolicyViolation: Error, Sendable, Hashable {
    /// Each violation as a finding (code `policy_…`, the call's path; in safe mode the batch's
    /// i-th call is `safe[i]`).
    public let findings: [Finding]
    /// Whether the plan was a `safe`-mode batch (nothing is signed there, only written).
    public let safeMode: Bool
}

/// The signing gate (`docs/policy.md`): compile, check the policy, then sign — or refuse the
/// whole plan. The command line and a Swift app get the same guarantee from these calls.
extension SigningPolicy {
    /// Every violation of this policy by `compiled` (in `safe` mode, by the batch's calls, named
    /// `safe[i]`). The calls are decoded as `ballast audit --policy` decodes them: batches followed
    /// (a call hidden in a Multicall3 or MultiSend batch is checked like any other) and the
    /// functions this policy names known. `decoder` adds functions (the plan's are always known).
    public func violations(of compiled: CompiledPlan, decoder: CallDecoder? = nil) -> [Finding] {
        var decoder = decoder ?? CallDecoder(plan: compiled.plan)
        decoder.followsBatches = true
        decoder.add(functionDefinitions)
        let findings = evaluate(compiled.auditedTransactions(decoder: decoder))
        return compiled.plan.execution.mode == .safe ? findings.map(Self.batchPath) : findings
    }

    /// Throws ``PolicyViolation`` with every violation when `compiled` violates this policy.
    public func enforce(on compiled: CompiledPlan, decoder: CallDecoder? = nil) throws(PolicyViolation) {
        let found = violations(of: compiled, decoder: decoder)
        guard found.isEmpty else {
            throw PolicyViolation(findings: found, safeMode: compiled.plan.execution.mode == .safe)
        }
    }

    /// A safe-mode batch is evaluated as transactions `tx[i]` each holding its call at
    /// `tx[i].calls[0]`; the violations name the batch's call: `safe[i]`.
    public static func batchPath(_ finding: Finding) -> Finding {
        var f = finding
        let p = f.path
        guard p.hasPrefix("tx["), let close = p.firstIndex(of: "]") else { return f }
        let number = p[p.index(p.startIndex, offsetBy: 3)..<close]
        var rest = p[p.index(after: close)...]
        if rest.hasPrefix(".calls[0]") { rest = rest.dropFirst(".calls[0]".count) }
        f.path = "safe[\(number)]" + rest
        return f
    }
}

extension CompiledPlan {
    /// The policy first, then the signatures: a plan that violates `policy` is refused whole
    /// (``PolicyViolation``) before any key is used; otherwise as `sign(with:threads:fork:)`.
    public func sign(
        with signer: some Signer, policy: SigningPolicy, threads: Int = CompiledPlan.defaultSigningThreads, fork: Fork = .prague
    ) throws -> [SignedPlanTransaction] {
        try policy.enforce(on: self)
        return try sign(with: signer, threads: threads, fork: fork)
    }
}

/// The Safe rules of a policy (`safeOwners`, `safeThreshold`), for `safe sign` and `safe exec`.
extension SigningPolicy {
    /// `requirements` tightened by this policy: a signature must be of an owner both lists allow,
    /// and the higher threshold applies.
    public func safeRequirements(_ requirements: SafeExecutionRequirements = SafeExecutionRequirements()) -> SafeExecutionRequirements {
        var out = requirements
        if let owners = safeOwners { out.owners = out.owners.map { $0.intersection(owners) } ?? owners }
        if let threshold = safeThreshold { out.threshold = max(out.threshold ?? 1, threshold) }
        return out
    }

    /// Refuses to sign a SafeTx as `owner` when the policy lists the Safe's owners and `owner` is
    /// not one of them (`safe_owner_not_listed`).
    public func checkSafeSigner(_ owner: Address) throws(SafeError) {
        if let owners = safeOwners, !owners.contains(owner) {
            throw SafeError(.safeOwnerNotListed, "\(owner.checksummed) is not one of the policy's safeOwners: nothing signed", at: "safeOwners")
        }
    }
}
