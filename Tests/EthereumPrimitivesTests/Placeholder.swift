import Testing
@Suite struct PrimitivesPlaceholder { @Test func placeholder() {} }
