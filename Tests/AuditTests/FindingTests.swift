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
        let f = Finding(code: "unlimited_approval", severity: .medium, path: "tx[0].calls[0]", message: "m")
        #expect(f.jsonValue.compact == #"{"code":"unlimited_approval","severity":"medium","path":"tx[0].calls[0]","message":"m"}"#)
    }
}
