import ABI
import BallastJSON
import EthereumPrimitives
import TestSupport
import Testing

/// Value checks done before encoding, with the paths they report.
@Suite struct CodecEncoderTests {
    func expectError(_ values: [ABIValue], _ types: [ABIType], _ code: String, path: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ABIEncoder.encode(values, as: types)
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.path.description == path, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func valueChecks() {
        expectError([.uint(UInt256(256))], [.uint(bits: 8)], "abi_integer_out_of_range", path: "[0]")
        expectError([.int(Int256(128))], [.int(bits: 8)], "abi_integer_out_of_range", path: "[0]")
        expectError([.int(Int256(-129))], [.int(bits: 8)], "abi_integer_out_of_range", path: "[0]")
        expectError([.uint(.one)], [.int256], "abi_value_mismatch", path: "[0]")
        expectError([.bool(true), .string("x")], [.bool, .bytes], "abi_value_mismatch", path: "[1]")
        expectError([.fixedBytes([1, 2])], [.fixedBytes(count: 3)], "abi_fixed_bytes_length", path: "[0]")
        expectError([.array([.bool(true)])], [.fixedArray(.bool, count: 2)], "abi_array_length", path: "[0]")
        expectError([.tuple([.bool(true)])], [.tuple([.bool, .bool])], "abi_tuple_arity", path: "[0]")
        expectError([.bool(true)], [.bool, .bool], "abi_argument_count", path: "$")
        expectError([.bool(true)], [.uint(bits: 12)], "abi_invalid_type", path: "[0]")
        // Nested: args[1][0].amount style paths.
        let t = ABIType.array(.tuple([.address, .uint(bits: 96)]))
        let bad = ABIValue.array([.tuple([.address(.zero), .uint(UInt256.one << 96)])])
        expectError([.bool(true), bad], [.bool, t], "abi_integer_out_of_range", path: "[1][0][1]")
        let params = [ABIParameter(name: "flag", type: .bool),
                      ABIParameter(name: "orders", type: t, components: [ABIParameter(name: "to", type: .address), ABIParameter(name: "amount", type: .uint(bits: 96))])]
        do {
            _ = try ABIEncoder.encode([.bool(true), bad], parameters: params)
            Issue.record("accepted")
        } catch {
            #expect(error.path.description == "[1][0].amount")
            #expect(error.prefixed(JSONPath([.key("args")])).location == "args[1][0].amount")
        }
        #expect(throws: ABIEncodingError.self) { try ABIEncoder.encodeCall(selector: [1, 2, 3], values: [], types: []) }
    }

    @Test func layoutByHand() throws {
        // f(uint256,uint32[],bytes10,bytes) from the Solidity ABI specification.
        let out = try ABIEncoder.encode(
            [.uint(UInt256(0x123)), .array([.uint(UInt256(0x456)), .uint(UInt256(0x789))]),
             .fixedBytes(Array("1234567890".utf8)), .bytes(Array("Hello, world!".utf8))],
            as: [.uint256, .array(.uint(bits: 32)), .fixedBytes(count: 10), .bytes])
        #expect(out.count == 9 * 32)
        #expect(out[32 + 31] == 0x80 && out[96 + 31] == 0xe0)
        #expect(try ABIEncoder.encode([], as: [ABIType]()) == [])
        #expect(try ABIEncoder.encode(.bool(true), as: .bool) == [UInt8](repeating: 0, count: 31) + [1])
        let single = try ABIDecoder.decode(ABIType.string, from: ABIEncoder.encode(.string("hé"), as: .string))
        #expect(single == .string("hé"))
    }

    /// Type lists too large for the encoder's inline type plan take the counted path.
    @Test func largeTypeLists() throws {
        var gen = CodecGenerator(rng: CodecRandom(seed: 99))
        let types = (0..<80).map { _ in gen.type(depth: 2) }
        let values = types.map { gen.value($0) }
        let encoded = try ABIEncoder.encode(values, as: types)
        #expect(try ABIDecoder.decode(types, from: encoded) == values)
        let nested = ABIType.tuple((0..<60).map { _ in ABIType.array(.uint(bits: 8)) })
        let value = ABIValue.tuple((0..<60).map { _ in .array([.uint(.one)]) })
        let e = try ABIEncoder.encode([value], as: [nested])
        #expect(try ABIDecoder.decode([nested], from: e) == [value])
        expectError([.tuple((0..<60).map { _ in .array([.uint(UInt256(256))]) })], [nested], "abi_integer_out_of_range", path: "[0][0][0]")
    }

    @Test func encodingErrorsHaveStableCodes() {
        let kinds: [ABIEncodingError.Kind] = [
            .invalidType(.bool, reason: "r"), .valueMismatch(expected: .bool, found: "x"), .integerOutOfRange(.bool),
            .fixedBytesLength(expected: 1, actual: 2), .arrayLength(expected: 1, actual: 2), .tupleArity(expected: 1, actual: 2),
            .argumentCount(expected: 1, actual: 2), .selectorLength(3), .tooLarge, .packedUnsupported(.bool, reason: "r"),
        ]
        #expect(Set(kinds.map { ABIEncodingError($0).code }).count == kinds.count)
        #expect(ABIEncodingError(.tooLarge).location == nil)
    }
}
