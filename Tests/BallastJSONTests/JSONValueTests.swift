import BallastJSON
import Testing

@Suite struct JSONValueTests {
    @Test func keepsBigNumbersExactly() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let v = try JSONValue.parse("[\(max), -5, 1.5e3]")
        #expect(v == .array([.number(max), .number("-5"), .number("1.5e3")]))
    }

    @Test func keepsKeyOrderAndRoundTrips() throws {
        let text = #"{"b":1,"a":[true,false,null],"c":"x\"y\\z\n\u00e9\ud83d\ude00"}"#
        let v = try JSONValue.parse(text)
        guard case .object(let members) = v else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "c"])
        #expect(v["c"] == .string("x\"y\\z\né😀"))
        #expect(try JSONValue.parse(v.compact) == v)
        #expect(try JSONValue.parse(v.pretty) == v)
    }

    @Test(arguments: [
        ("", 0), ("[1,]", 3), ("{\"a\":1,\"a\":2}", 7), ("[01]", 1), ("\"abc", 0), ("[1] x", 4),
        ("{\"a\" 1}", 5), ("tru", 0), ("\"\\ud800\"", 1), ("[-]", 1), ("\"\u{01}\"", 1),
    ])
    func rejectsWithOffset(text: String, offset: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
        do { _ = try JSONValue.parse(text) } catch { #expect(error.offset == offset, "\(text): \(error)") }
    }

    /// Strings are written with exactly the escapes JSON needs; everything else is kept as is.
    @Test func writesEscapes() throws {
        let s = "a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i\u{1F}jé😀/\u{7F}"
        #expect(JSONValue.string(s).compact == #""a\"b\\c\nd\re\tf\bg\fh\u0001i\u001fjé😀/\#u{7F}""#)
        #expect(try JSONValue.parse(JSONValue.string(s).compact) == .string(s))
        #expect(JSONValue.object([("k\"", .string(""))]).compact == #"{"k\"":""}"#)
        let long = String(repeating: "0123456789abcdef", count: 4096)
        #expect(JSONValue.string(long).compact == "\"" + long + "\"")
    }

    @Test func rejectsInvalidUTF8() throws {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bytes: [0x22, 0xff, 0x22]) }
        // Invalid UTF-8 before and after an escape, and a truncated sequence: the string's offset.
        for bytes: [UInt8] in [[0x5B, 0x22, 0x61, 0xC3, 0x22, 0x5D], [0x5B, 0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x22, 0x5D], [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]] {
            do { _ = try JSONValue.parse(bytes: bytes); Issue.record("accepted \(bytes)") } catch { #expect(error.offset == 1) }
        }
        // Valid multi-byte UTF-8 with and without escapes.
        #expect(try JSONValue.parse(bytes: Array("[\"é€😀\"]".utf8)) == .array([.string("é€😀")]))
        #expect(try JSONValue.parse(bytes: Array("[\"é\\t€\"]".utf8)) == .array([.string("é\t€")]))
    }

    @Test func duplicateKeysInSmallAndLargeObjects() {
        for count in [2, 15, 16, 17, 40] {
            let keys = (0..<count).map { "\"k\($0)\":\($0)" }
            let unique = "{" + keys.joined(separator: ",") + "}"
            #expect((try? JSONValue.parse(unique)) != nil, "\(count) distinct keys")
            for dup in [0, count - 1] {
                let text = "{" + keys.joined(separator: ",") + ",\"k\(dup)\":0}"
                do { _ = try JSONValue.parse(text); Issue.record("accepted a duplicate of k\(dup) among \(count)") } catch {
                    #expect(error.offset == text.utf8.count - (6 + String(dup).count), "\(text)")
                    #expect(error.message.contains("duplicate key \"k\(dup)\""))
                }
            }
        }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
    }

    @Test func paths() {
        let p = JSONPath.root + "actions" + 2 + "steps" + 1 + "amountIn"
        #expect(p.description == "actions[2].steps[1].amountIn")
        #expect(JSONPath.root.description == "$")
    }

    /// A long array is sized once from a count of what is left of it; the count skips commas and
    /// brackets inside strings (escaped quotes included) and inside nested values, and the parse
    /// is the same as item by item.
    @Test func parsesLongArraysSizedOnce() throws {
        var items: [JSONValue] = []
        for i in 0..<5000 {
            switch i % 4 {
            case 0: items.append(.string("a,b]c\"d}\\,\(i)"))
            case 1: items.append(.array([.number("\(i)"), .object([("k,]", .string("}]"))])]))
            case 2: items.append(.object([("x", .array([.string("["), .null]))]))
            default: items.append(.number("\(i)"))
            }
        }
        let text = JSONValue.array(items).compact
        #expect(try JSONValue.parse(text) == .array(items))
        #expect(try JSONValue.parse(JSONValue.array(items).pretty) == .array(items))
        // Malformed past the point where the rest is counted: refused where the parse stops.
        let cut = String(text.dropLast())
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(cut) }
        let bad = cut + ",]"
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bad) }
        do { _ = try JSONValue.parse(bad) } catch { #expect(error.offset == bad.utf8.count - 1) }
    }
}
