import ABI
import BallastJSON
import EthereumPrimitives
import Testing

/// JSON value format (input and output) and cast-style command-line arguments.
@Suite struct CodecJSONTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    @Test func output() throws {
        let a = try Address(hex: "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826")
        let v: [ABIValue] = [.uint(UInt256.max), .int(Int256(-5)), .address(a), .bool(true), .fixedBytes([0xab]), .bytes([]),
                             .string("é\""), .array([.tuple([.bool(false)])])]
        #expect(ABIValue.jsonArray(v).compact ==
            #"["115792089237316195423570985008687907853269984665640564039457584007913129639935","-5","0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",true,"0xab","0x","é\"",[[false]]]"#)
    }

    @Test func inputForms() throws {
        #expect(try ABIValue(json: json("12"), type: .uint(bits: 8)) == .uint(UInt256(12)))
        #expect(try ABIValue(json: json("\"0xff\""), type: .uint(bits: 8)) == .uint(UInt256(255)))
        #expect(try ABIValue(json: json("-128"), type: .int(bits: 8)) == .int(Int256(-128)))
        #expect(try ABIValue(json: json("\"-128\""), type: .int(bits: 8)) == .int(Int256(-128)))
        #expect(try ABIValue(json: json("\"0x7f\""), type: .int(bits: 8)) == .int(Int256(127)))
        #expect(try ABIValue(json: json("[1,[2,3]]"), type: .tuple([.uint256, .array(.uint(bits: 8))]))
            == .tuple([.uint(.one), .array([.uint(UInt256(2)), .uint(UInt256(3))])]))
        let p = ABIParameter(name: "p", type: .tuple([.address, .uint256]),
                             components: [ABIParameter(name: "to", type: .address), ABIParameter(name: "amount", type: .uint256)])
        let byName = try ABIValue(json: json(#"{"amount":"7","to":"0x0000000000000000000000000000000000000001"}"#), parameter: p)
        #expect(byName == .tuple([.address(Address(bytes: [UInt8](repeating: 0, count: 19) + [1])!), .uint(UInt256(7))]))
        #expect(try ABIValue.list(fromJSON: json(#"{"p":[ "0x0000000000000000000000000000000000000001", 7]}"#), parameters: [p]) == [byName])
    }

    func expectError(_ text: String, _ type: ABIType, _ code: String, path: String, parameter: ABIParameter? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let value = try json(text)
        do {
            if let parameter {
                _ = try ABIValue(json: value, parameter: parameter, path: JSONPath([.key("args")]))
            } else {
                _ = try ABIValue(json: value, type: type, path: JSONPath([.key("args")]))
            }
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.path.description == path, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func inputErrors() throws {
        try expectError("256", .uint(bits: 8), "abi_json_out_of_range", path: "args")
        try expectError("1.5", .uint256, "abi_json_not_an_integer", path: "args")
        try expectError("1e3", .uint256, "abi_json_not_an_integer", path: "args")
        try expectError("\"-1\"", .uint256, "abi_json_invalid_number", path: "args")
        try expectError("\"12a\"", .uint256, "abi_json_invalid_number", path: "args")
        try expectError("true", .uint256, "abi_json_wrong_kind", path: "args")
        try expectError("[1,[2,\"x\"]]", .tuple([.uint256, .array(.uint256)]), "abi_json_invalid_number", path: "args[1][1]")
        try expectError("\"0x12\"", .fixedBytes(count: 2), "abi_json_byte_count", path: "args")
        try expectError("\"12\"", .bytes, "abi_json_invalid_hex", path: "args")
        try expectError("\"0x123\"", .bytes, "abi_json_invalid_hex", path: "args")
        try expectError("\"0xCd2a3d9f938e13cd947ec05abc7fe734df8dd826\"", .address, "abi_json_invalid_address", path: "args")
        try expectError("\"cd2a3d9f938e13cd947ec05abc7fe734df8dd826\"", .address, "abi_json_invalid_hex", path: "args")
        try expectError("[1]", .fixedArray(.uint256, count: 2), "abi_json_array_length", path: "args")
        try expectError("[1]", .tuple([.uint256, .bool]), "abi_json_tuple_arity", path: "args")
        try expectError("\"true\"", .bool, "abi_json_wrong_kind", path: "args")
        let p = ABIParameter(name: "p", type: .tuple([.bool, .uint256]),
                             components: [ABIParameter(name: "flag", type: .bool), ABIParameter(name: "amount", type: .uint256)])
        try expectError(#"{"flag":true,"amount":"x"}"#, .bool, "abi_json_invalid_number", path: "args.amount", parameter: p)
        try expectError(#"{"flag":true}"#, .bool, "abi_json_missing_component", path: "args", parameter: p)
        try expectError(#"{"flag":true,"amount":1,"x":2}"#, .bool, "abi_json_unknown_component", path: "args.x", parameter: p)
        // Without names, an object is not a tuple.
        try expectError(#"{"flag":true}"#, .tuple([.bool]), "abi_json_wrong_kind", path: "args")
        #expect(throws: ABIValueError.self) { try ABIValue.list(fromJSON: .array([]), types: [.bool]) }
    }

    // MARK: Command-line arguments

    @Test func arguments() throws {
        #expect(try ABIArgumentParser.parse("123", as: .uint256) == .uint(UInt256(123)))
        #expect(try ABIArgumentParser.parse("0x7b", as: .uint(bits: 8)) == .uint(UInt256(123)))
        #expect(try ABIArgumentParser.parse("-5", as: .int(bits: 8)) == .int(Int256(-5)))
        #expect(try ABIArgumentParser.parse("-0x10", as: .int256) == .int(Int256(-16)))
        #expect(try ABIArgumentParser.parse("true", as: .bool) == .bool(true))
        #expect(try ABIArgumentParser.parse(" hello, [world] ", as: .string) == .string(" hello, [world] "))
        #expect(try ABIArgumentParser.parse("0x", as: .bytes) == .bytes([]))
        #expect(try ABIArgumentParser.parse("0xabcd", as: .fixedBytes(count: 2)) == .fixedBytes([0xab, 0xcd]))
        #expect(try ABIArgumentParser.parse("[1, 2,3]", as: .array(.uint256)) == .array([.uint(.one), .uint(UInt256(2)), .uint(UInt256(3))]))
        #expect(try ABIArgumentParser.parse("[]", as: .array(.uint256)) == .array([]))
        #expect(try ABIArgumentParser.parse("[[1],[]]", as: .array(.array(.uint(bits: 8)))) == .array([.array([.uint(.one)]), .array([])]))
        let tuple = ABIType.tuple([.address, .array(.string), .bool])
        let parsed = try ABIArgumentParser.parse(#"(0x0000000000000000000000000000000000000001, ["a b", "q\"uote\\", plain text, "\u00e9"], false)"#, as: tuple)
        #expect(parsed == .tuple([.address(Address(bytes: [UInt8](repeating: 0, count: 19) + [1])!),
                                  .array([.string("a b"), .string("q\"uote\\"), .string("plain text"), .string("é")]), .bool(false)]))
        #expect(try ABIArgumentParser.parse(["1", "[true]"], as: [.uint256, .array(.bool)]) == [.uint(.one), .array([.bool(true)])])
    }

    func expectArgError(_ text: String, _ type: ABIType, _ code: String, offset: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let v = try ABIArgumentParser.parse(text, as: type)
            Issue.record("accepted \(v)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func argumentErrors() {
        expectArgError("256", .uint(bits: 8), "abi_arg_out_of_range", offset: 0)
        expectArgError("12x4", .uint256, "abi_arg_invalid_number", offset: 2)
        expectArgError("[1,2x]", .array(.uint256), "abi_arg_invalid_number", offset: 4)
        expectArgError("[1,2", .array(.uint256), "abi_arg_unexpected_end", offset: 4)
        expectArgError("[1;2]", .array(.uint256), "abi_arg_invalid_number", offset: 2)
        expectArgError("[1] x", .array(.uint256), "abi_arg_trailing_characters", offset: 4)
        expectArgError("1,2", .array(.uint256), "abi_arg_unexpected_character", offset: 0)
        expectArgError("[1,]", .array(.uint256), "abi_arg_unexpected_character", offset: 3)
        expectArgError("[1,2]", .fixedArray(.uint256, count: 3), "abi_arg_array_length", offset: 0)
        expectArgError("(1,2,3)", .tuple([.uint256, .uint256]), "abi_arg_tuple_arity", offset: 5)
        expectArgError("(1)", .tuple([.uint256, .uint256]), "abi_arg_tuple_arity", offset: 0)
        expectArgError("yes", .bool, "abi_arg_invalid_bool", offset: 0)
        expectArgError("0x12", .fixedBytes(count: 2), "abi_arg_byte_count", offset: 0)
        expectArgError("0x1g", .bytes, "abi_arg_invalid_hex", offset: 3)
        expectArgError("1234", .bytes, "abi_arg_invalid_hex", offset: 0)
        expectArgError("0xCd2a3d9f938e13cd947ec05abc7fe734df8dd826", .address, "abi_arg_invalid_address", offset: 3)
        expectArgError(#"["abc]"#, .array(.string), "abi_arg_unterminated_string", offset: 1)
        expectArgError(#"["a\qb"]"#, .array(.string), "abi_arg_invalid_escape", offset: 3)
        expectArgError("-1", .uint256, "abi_arg_invalid_number", offset: 0)
        // Offsets count characters, not bytes.
        expectArgError(#"["é", x]"#, .array(.uint256), "abi_arg_invalid_number", offset: 2)
        expectArgError(#"[é, ab"c]"#, .array(.string), "abi_arg_unexpected_character", offset: 6)
        do {
            _ = try ABIArgumentParser.parse(["1", "2"], as: [.uint256, .bool])
            Issue.record("accepted")
        } catch {
            #expect(error.argument == 1 && error.location == "argument 2, offset 0")
        }
    }
}
