import Audit
import Testing

@Suite struct FindingTests {
    @Test func severitiesAreOrderedAndNamed() {
        #expect(Severity.allCases == Severity.allCases.sorted())
        #expect(Severity.info < Severity.low && Severity.high < Severity.critical)
        for s in Severity.allCases { #expect(Severity(name: s.description) == s) }
        #expect(Severity(name: "High") == nil)
    }

    @Test func findingJSON() {
        let f = Finding(code: .audit(.unlimitedApproval), path: "tx[0].calls[0]", message: "m")
        #expect(f.severity == .medium)
        #expect(f.jsonValue.compact == #"{"code":"unlimited_approval","severity":"medium","path":"tx[0].calls[0]","message":"m"}"#)
    }

    /// One table: every code once, across the audit, the policy and the simulation; the only
    /// escalation is `against_mismatch` (high, critical for the chain, sender, target, value,
    /// data or delegate); a policy violation is critical for a wrong chain or account.
    @Test func everyCodeHasOneSeverityRule() {
        let all = FindingCodes.all
        #expect(Set(all.map(\.code)).count == all.count)
        #expect(all.filter { $0.escalated != nil }.map(\.code) == [.audit(.againstMismatch)])
        #expect(AnyFindingCode.audit(.againstMismatch).severities == [.high, .critical])
        #expect(AuditCode.againstMismatch.finding("tx[0]", "m", escalated: true).severity == .critical)
        #expect(AuditCode.approval.finding("tx[0]", "m", escalated: true).severity == .info)
        #expect(AnyFindingCode.audit(.approval).severities == [.info])
        let criticalPolicy = Set(PolicyCode.allCases.filter { $0.severity == .critical })
        #expect(criticalPolicy == [.chainNotAllowed, .accountNotAllowed, .authorizationAnyChain])
        #expect(PolicyCode.allCases.allSatisfy { $0.severity >= .high && $0.rawValue.hasPrefix("policy_") })
        #expect(SimulationCode.allCases.allSatisfy { $0.rawValue.hasPrefix("simulation_") })
    }
}
