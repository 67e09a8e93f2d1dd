import ABI
import BallastJSON
import EthereumPrimitives
import Foundation
import Testing
import TestSupport

/// vectors/abi.json (eth-abi 6.0.0 via vectors/gen_abi.py) and the ethereum/tests ABI suite.
@Suite struct CodecVectorTests {
    @Test func vectorFilesPresent() {
        #expect(CodecVectors.list(CodecVectors.main, "roundtrip").count >= 400)
        #expect(!CodecVectors.list(CodecVectors.main, "calls").isEmpty)
        #expect(!CodecVectors.list(CodecVectors.main, "topics").isEmpty)
        #expect(!CodecVectors.list(CodecVectors.main, "revert").isEmpty)
    }

    /// encode(values) == eth-abi's bytes; strict decode(bytes) == values; JSON output == values;
    /// encode(decode(x)) == x.
    @Test func roundtripVectors() throws {
        var checked = 0
        for c in CodecVectors.list(CodecVectors.main, "roundtrip") {
            let types = try codecTypes(trees: c["tree"])
            let expected = codecHex(c["hex"])
            let label = c["types"]?.compact ?? "?"
            let values = try ABIValue.list(fromJSON: c["values"] ?? .null, types: types)
            let encoded = try ABIEncoder.encode(values, as: types)
            #expect(encoded == expected, "encode \(label)")
            #expect(try ABIEncoder.encodedSize(of: values, as: types) == expected.count)
            let decoded = try ABIDecoder.decode(types, from: expected)
            #expect(decoded == values, "decode \(label)")
            #expect(ABIValue.jsonArray(decoded) == c["values"], "json \(label)")
            #expect(try ABIEncoder.encode(decoded, as: types) == expected)
            let report = try ABIDecoder.decodeReport(types, from: expected, mode: .lenient)
            #expect(report.isCanonical && report.values == values)
            checked += 1
        }
        #expect(checked >= 400)
    }

    /// The type strings of the vectors agree with the trees (canonical form).
    @Test func canonicalTypeStrings() throws {
        for c in CodecVectors.list(CodecVectors.main, "roundtrip") {
            let types = try codecTypes(trees: c["tree"])
            #expect(types.map { JSONValue.string($0.canonical) } == c["types"]?.codecArray)
        }
    }

    @Test func callVectors() throws {
        for c in CodecVectors.list(CodecVectors.main, "calls") {
            let types = try codecTypes(trees: c["tree"])
            let selector = codecHex(c["selector"])
            let expected = codecHex(c["hex"])
            let values = try ABIValue.list(fromJSON: c["values"] ?? .null, types: types)
            #expect(try ABIEncoder.encodeCall(selector: selector, values: values, types: types) == expected)
            #expect(try ABIDecoder.decodeCall(expected, selector: selector, types: types) == values)
            let (sel, vals) = try ABIDecoder.decodeCall(expected, types: types)
            #expect(sel == selector && vals == values)
            #expect(ABIDecoder.selector(of: expected) == selector)
            // A different selector is refused at offset 0.
            var other = selector
            other[0] ^= 1
            #expect(throws: ABIDecodingError.self) { try ABIDecoder.decodeCall(expected, selector: other, types: types) }
            do {
                _ = try ABIDecoder.decodeCall(expected, selector: other, types: types)
            } catch {
                #expect(error.code == "abi_decode_selector_mismatch" && error.offset == 0)
            }
        }
    }

    @Test func flashLoanSelector() throws {
        let flash = CodecVectors.list(CodecVectors.main, "calls").first
        #expect(flash?["selector"]?.codecString == "0xab9c4b5d")
    }

    @Test func topicVectors() throws {
        var count = 0
        for c in CodecVectors.list(CodecVectors.main, "topics") {
            let type = try codecType(tree: c["tree"] ?? .null)
            let value = try ABIValue(json: c["value"] ?? .null, type: type)
            #expect(try ABIEncoder.topic(for: value, type: type) == codecHex(c["topic"]), "\(type)")
            count += 1
        }
        #expect(count > 50)
    }

    @Test func revertVectors() throws {
        for c in CodecVectors.list(CodecVectors.main, "revert") {
            let data = codecHex(c["hex"])
            let decoded = try ABIRevert.decode(data)
            switch c["kind"]?.codecString {
            case "error":
                let message = c["message"]?.codecString ?? ""
                #expect(decoded == .error(message))
                #expect(ABIRevert.encodeError(message) == data)
            case "panic":
                let code = try UInt256(decimal: c["code"]?.codecString ?? "")
                #expect(decoded == .panic(code))
                #expect(ABIRevert.encodePanic(code) == data)
                #expect(decoded.panicCode?.name == c["name"]?.codecString)
                #expect(decoded.encoded == data)
            case "custom":
                let types = try codecTypes(trees: c["tree"])
                let selector = codecHex(c["selector"])
                let values = try ABIValue.list(fromJSON: c["values"] ?? .null, types: types)
                #expect(decoded == .custom(selector: selector, arguments: Array(data[4...])))
                #expect(try ABIRevert.decodeCustom(data, selector: selector, types: types) == values)
                #expect(try ABIRevert.encodeCustom(selector: selector, values: values, types: types) == data)
            case "empty":
                #expect(decoded == .empty)
            default:
                Issue.record("unknown revert kind")
            }
        }
    }

    @Test func panicCodeNames() {
        #expect(ABIPanicCode(code: 0x11)?.name == "overflow")
        #expect(ABIPanicCode(code: 0x12) == .divisionByZero)
        #expect(ABIPanicCode(code: 0x32) == .arrayIndexOutOfBounds)
        #expect(ABIPanicCode(code: 0x99) == nil)
        #expect(ABIPanicCode(code: UInt256.max) == nil)
        #expect(ABIRevert.encodePanic(.assertionFailed) == ABIRevert.encodePanic(UInt256(1)))
        #expect(throws: ABIDecodingError.self) { try ABIRevert.decode([0x08, 0xc3, 0x79]) }
        // Error(string) with a malformed payload is an error, not a custom error.
        #expect(throws: ABIDecodingError.self) { try ABIRevert.decode(ABIRevert.errorSelector + [0, 1]) }
    }

    /// ethereum/tests ABITests/basic_abi_tests.json: every case.
    @Test
    func ethereumTestsBasic() throws {
        let data = try Data(contentsOf: Vectors.ethereumTests("ABITests/basic_abi_tests.json"))
        guard case .object(let cases) = try JSONValue.parse(bytes: Array(data)) else {
            Issue.record("not an object")
            return
        }
        #expect(cases.count >= 3)
        for (name, c) in cases {
            let typeNames = c["types"]?.codecArray.compactMap(\.codecString) ?? []
            let types = try typeNames.map(Self.suiteType)
            let args = c["args"]?.codecArray ?? []
            let values = try zip(args, types).map { try Self.suiteValue($0, $1) }
            let expected = TestHex.decode(c["result"]?.codecString ?? "") ?? []
            #expect(try ABIEncoder.encode(values, as: types) == expected, "\(name)")
            #expect(try ABIDecoder.decode(types, from: expected) == values, "\(name)")
        }
    }

    /// The suite's few type names (no general parser needed).
    static func suiteType(_ name: String) throws -> ABIType {
        if name.hasSuffix("[]") { return .array(try suiteType(String(name.dropLast(2)))) }
        if name == "address" { return .address }
        if name == "bytes" { return .bytes }
        if name == "string" { return .string }
        if name == "bool" { return .bool }
        if name.hasPrefix("uint"), let n = Int(name.dropFirst(4)) { return .uint(bits: n) }
        if name.hasPrefix("int"), let n = Int(name.dropFirst(3)) { return .int(bits: n) }
        if name.hasPrefix("bytes"), let n = Int(name.dropFirst(5)) { return .fixedBytes(count: n) }
        throw CodecTestError.malformed(name)
    }

    /// The suite writes integers as JSON numbers and byte strings as text.
    static func suiteValue(_ json: JSONValue, _ type: ABIType) throws -> ABIValue {
        switch (type, json) {
        case (.bytes, .string(let s)): return .bytes(Array(s.utf8))
        case (.fixedBytes(let n), .string(let s)):
            var b = Array(s.utf8)
            #expect(b.count == n)
            b = Array(b.prefix(n))
            return .fixedBytes(b)
        case (.array(let e), .array(let items)): return .array(try items.map { try suiteValue($0, e) })
        default: return try ABIValue(json: json, type: type)
        }
    }
}
