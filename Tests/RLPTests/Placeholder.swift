import Testing
@Suite struct RLPPlaceholder { @Test func placeholder() {} }
