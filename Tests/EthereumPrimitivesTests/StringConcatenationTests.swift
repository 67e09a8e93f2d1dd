import Testing
import EthereumPrimitives

/// `String(concatenating:)` is `+` without its per-append work: the same strings, short (kept
/// inline) and long, ASCII and not, with empty parts anywhere.
@Suite struct StringConcatenationTests {
    @Test func equalsJoiningWithPlus() {
        let parts = ["", "a", "tx[0].calls[0]", ".calls[", "12", "]", "é✓", String(repeating: "0123456789", count: 7), "2^256 − 1"]
        for a in parts {
            for b in parts {
                for c in parts {
                    #expect(String(concatenating: a, b, c) == a + b + c)
                    #expect(String(concatenating: a, b, c).utf8.count == a.utf8.count + b.utf8.count + c.utf8.count)
                }
            }
        }
        #expect(String(concatenating: "", "") == "")
        #expect(String(concatenating: "approves ", "0xAb", " for ", "5", " base units of token ", "0xCd") == "approves 0xAb for 5 base units of token 0xCd")
    }
}
