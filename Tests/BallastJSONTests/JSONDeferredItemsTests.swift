import BallastJSON
import Testing

/// `JSONValue.parse(bytes:deferringItemsOf:)`: the same document, errors and offsets as
/// `parse(bytes:)`, with the items of one root member's array left as byte ranges.
@Suite struct JSONDeferredItemsTests {
    /// The tree `parse(bytes:)` makes, rebuilt from the deferred parse and its item ranges.
    static func rebuilt(_ text: String, key: String) throws -> JSONValue {
        let bytes = Array(text.utf8)
        let (value, deferred) = try JSONValue.parse(bytes: bytes, deferringItemsOf: key)
        guard let deferred else { return value }
        guard case .object(var members) = value, let i = members.firstIndex(where: { $0.key == key }) else {
            Issue.record("deferred items without the member \(key)")
            return value
        }
        #expect(members[i].value == .array([]))
        members[i].value = .array(try deferred.map { try JSONValue.parse(bytes: bytes[$0]) })
        return .object(members)
    }

    @Test func itemsParsedLaterMakeTheSameTree() throws {
        let documents = [
            #"{"version":1,"actions":[{"id":"a","args":[1,"0x01",{"x":[]}]}, [], "s", 2, null, true]}"#,
            #"{"actions":[]}"#,
            #" { "a" : { "actions" : [1] } , "actions" : [ {"actions":[3]} ,4 ] } "#,
            #"{"actions":"not a list"}"#,
            #"{"other":[1,2]}"#,
            #"[{"actions":[1]}]"#,
            #""actions""#,
        ]
        for text in documents {
            let whole = try JSONValue.parse(bytes: Array(text.utf8))
            #expect(try Self.rebuilt(text, key: "actions") == whole, "\(text)")
        }
        // Only the root's member is deferred.
        let nested = try JSONValue.parse(bytes: Array(#"{"a":{"actions":[1]}}"#.utf8), deferringItemsOf: "actions")
        #expect(nested.deferred == nil)
        let ranges = try JSONValue.parse(bytes: Array(#"{"actions":[ 1 ,"x", {"k":[2]}]}"#.utf8), deferringItemsOf: "actions").deferred
        #expect(ranges == [13..<14, 16..<19, 21..<30])
    }

    @Test func errorsAreThoseOfTheWholeParse() {
        let bad = [
            #"{"actions":[1,2"#,
            #"{"actions":[1,,2]}"#,
            #"{"actions":[{"a":1,"a":2}]}"#,
            #"{"actions":[{"a":1 "b":2}]}"#,
            #"{"actions":[tru]}"#,
            #"{"actions":["\x"]}"#,
            #"{"actions":[01]}"#,
            #"{"actions":[1],"actions":[2]}"#,
            #"{"actions":[1]} x"#,
            #"{"actions":[1}"#,
            #"{"actions":["#,
            "{\"actions\":[" + String(repeating: "[", count: 520) + String(repeating: "]", count: 520) + "]}",
            "{\"actions\":[\"\u{1}\"]}",
        ]
        for text in bad {
            let bytes = Array(text.utf8)
            var whole: JSONSyntaxError?
            do { _ = try JSONValue.parse(bytes: bytes) } catch { whole = error }
            var deferred: JSONSyntaxError?
            do { _ = try JSONValue.parse(bytes: bytes, deferringItemsOf: "actions") } catch { deferred = error }
            #expect(whole != nil, "\(text)")
            #expect(deferred == whole, "\(text)")
        }
    }
}
