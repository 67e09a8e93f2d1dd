import Testing
@testable import Plan

/// The call tree's paths, built in one allocation each, read as the interpolated text.
@Suite struct CallPathTests {
    @Test func childAndTopPaths() {
        for parent in ["tx[0].calls[0]", "safe[3]", "", "tx[123456].calls[0].calls[7]"] {
            for i in [0, 1, 9, 10, 11, 99, 100, 12_345, Int(Int32.max)] {
                #expect(CallDecoder.childPath(parent, i) == "\(parent).calls[\(i)]")
            }
        }
        for i in [0, 7, 10, 999_999, Int.max] {
            #expect(CallDecoder.topPath(transaction: i) == "tx[\(i)].calls[0]")
        }
    }
}
