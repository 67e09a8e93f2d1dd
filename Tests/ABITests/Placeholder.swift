import Testing
@Suite struct ABIPlaceholder { @Test func placeholder() {} }
