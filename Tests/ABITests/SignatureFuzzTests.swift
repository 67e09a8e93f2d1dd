import ABI
import BallastJSON
import TestSupport
import Testing

/// Robustness: the parsers refuse deep nesting and oversized documents with errors, and never
/// trap on mutated input.
@Suite struct SignatureFuzzTests {
    /// The seeded generator (SplitMix64, from TestSupport).
    typealias SplitMix = SplitMix64

    @Test func nestingLimits() throws {
        let max = ABIType.maxNestingDepth
        let okTuple = String(repeating: "(", count: max) + "uint256" + String(repeating: ")", count: max)
        #expect(try ABIType(parsing: okTuple).canonical == okTuple)
        let okArray = "uint256" + String(repeating: "[]", count: max)
        #expect(try ABIType(parsing: okArray).canonical == okArray)
        for text in [String(repeating: "(", count: 100_000) + "uint256" + String(repeating: ")", count: 100_000),
                     "uint256" + String(repeating: "[]", count: 100_000),
                     "uint256" + String(repeating: "[1]", count: max + 1),
                     String(repeating: "(", count: max + 1) + "bool" + String(repeating: ")", count: max + 1)] {
            #expect(throws: ABISyntaxError.self) { try ABIType(parsing: text) }
            do { _ = try ABIType(parsing: text) } catch { #expect(error.kind == .tooDeep) }
        }
        #expect(throws: ABISyntaxError.self) { try ABIFunction(parsing: "f(" + String(repeating: "(", count: 5000) + ")") }

        // JSON components nested past the limit.
        var param = #"{"name":"x","type":"uint256"}"#
        for _ in 0..<(max + 1) { param = #"{"name":"t","type":"tuple","components":[\#(param)]}"# }
        do {
            _ = try JSONABI(parsing: #"[{"type":"function","name":"f","inputs":[\#(param)]}]"#)
            Issue.record("accepted \(max + 1) nested tuples")
        } catch {
            #expect(error.kind == .invalidType)
            #expect(error.message.contains("nest deeper"))
        }
        do {
            _ = try JSONABI(parsing: #"[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint256\#(String(repeating: "[]", count: 1000))"}]}]"#)
            Issue.record("accepted 1000 dimensions")
        } catch {
            #expect(error.kind == .invalidType && error.path.description == "[0].inputs[0].type")
        }
    }

    @Test func typedDataLimits() throws {
        // Too many struct types.
        var members: [String] = []
        for i in 0...EIP712.maxStructTypes { members.append(#""T\#(i)":[{"name":"a","type":"bool"}]"#) }
        let many = #"{"types":{\#(members.joined(separator: ","))},"primaryType":"T0","domain":{},"message":{"a":true}}"#
        do { _ = try EIP712.TypedData(parsing: many); Issue.record("accepted too many types") } catch {
            #expect(error.kind == .tooLarge && error.path.description == "types")
        }
        // A long chain of types that closes into a cycle: found without deep recursion.
        members = []
        for i in 0..<1000 { members.append(#""T\#(i)":[{"name":"n","type":"T\#((i + 1) % 1000)"}]"#) }
        let cyclic = #"{"types":{\#(members.joined(separator: ","))},"primaryType":"T0","domain":{},"message":{}}"#
        do { _ = try EIP712.TypedData(parsing: cyclic); Issue.record("accepted a cycle") } catch {
            #expect(error.kind == .cyclicType)
        }
        // A chain whose encodeType text grows quadratically.
        members = []
        let wide = (0..<40).map { #"{"name":"field_with_a_long_name_\#($0)","type":"uint256"}"# }.joined(separator: ",")
        for i in 0..<300 {
            let next = i < 299 ? #",{"name":"next","type":"T\#(i + 1)"}"# : ""
            members.append(#""T\#(i)":[\#(wide)\#(next)]"#)
        }
        let big = #"{"types":{\#(members.joined(separator: ","))},"primaryType":"T0","domain":{},"message":{}}"#
        do { _ = try EIP712.TypedData(parsing: big); Issue.record("accepted huge encodeType") } catch {
            #expect(error.kind == .tooLarge)
        }
    }

    static let alphabet: [Character] = Array("()[],; \t\nabcdefuintbytes0123456789xyzAZ_$\"{}:-.€") + ["tuple", "uint256", "indexed", "memory", "returns", "payable"].flatMap { Array($0) }

    static func mutate(_ text: String, _ rng: inout SplitMix) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let op = Int.random(in: 0..<3, using: &rng)
            let i = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
            switch op {
            case 0 where !chars.isEmpty: chars.remove(at: i)
            case 1: chars.insert(alphabet.randomElement(using: &rng)!, at: i)
            default:
                if !chars.isEmpty { chars[i] = alphabet.randomElement(using: &rng)! }
            }
        }
        return String(chars)
    }

    @Test func mutatedSignatures() throws {
        let doc = try SigVectors.load("abi_sig.json")
        let texts = (SigVectors.array(doc["functions"]) + SigVectors.array(doc["events"]) + SigVectors.array(doc["errors"]))
            .compactMap { SigVectors.string($0["human"]) }
        var rng = SplitMix(state: 0xABCD)
        var accepted = 0
        for i in 0..<3000 {
            let text = Self.mutate(texts[i % texts.count], &rng)
            do {
                let f = try ABIFragment(parsing: text)
                accepted += 1
                // Whatever parses prints to a text that parses to the same entry.
                #expect(try ABIFragment(parsing: f.humanReadable) == f, "\(text)")
            } catch {
                #expect(error.offset >= 0 && error.offset <= text.count, "\(text)")
                #expect(!error.message.isEmpty)
            }
            let typeText = Self.mutate("(uint256[2] a, tuple(bytes b, address c)[] d)[3]", &rng)
            do { _ = try ABIType(parsing: typeText) } catch { #expect(error.offset <= typeText.count) }
        }
        #expect(accepted > 0)
    }

    @Test func mutatedJSONABIsAndTypedData() throws {
        let sig = try SigVectors.load("abi_sig.json")
        let entries = SigVectors.array(sig["functions"]).prefix(60).compactMap { $0["json"]?.compact }
        var rng = SplitMix(state: 0x1234)
        for i in 0..<1500 {
            let text = Self.mutate("[" + entries[i % entries.count] + "]", &rng)
            do { _ = try JSONABI(parsing: text) } catch { #expect(!error.code.isEmpty) }
        }
        let typed = try SigVectors.load("eip712.json")
        let docs = SigVectors.array(typed["vectors"]).compactMap { $0["document"]?.compact }
        for i in 0..<1500 {
            let text = Self.mutate(docs[i % docs.count], &rng)
            do { _ = try EIP712.TypedData(parsing: text) } catch { #expect(!error.code.isEmpty) }
        }
    }
}
