import ABI
import Testing

/// ABI type strings: canonical and human-readable forms, and rejections with offsets.
@Suite struct TypeParserTests {
    @Test func elementaryAndAliases() throws {
        #expect(try ABIType(parsing: "uint") == .uint256)
        #expect(try ABIType(parsing: "int") == .int256)
        #expect(try ABIType(parsing: "uint8") == .uint(bits: 8))
        #expect(try ABIType(parsing: "int24") == .int(bits: 24))
        #expect(try ABIType(parsing: "address") == .address)
        #expect(try ABIType(parsing: "address payable") == .address)
        #expect(try ABIType(parsing: "bool") == .bool)
        #expect(try ABIType(parsing: "bytes") == .bytes)
        #expect(try ABIType(parsing: "bytes1") == .fixedBytes(count: 1))
        #expect(try ABIType(parsing: "bytes32") == .bytes32)
        #expect(try ABIType(parsing: "string") == .string)
        for bits in stride(from: 8, through: 256, by: 8) {
            #expect(try ABIType(parsing: "uint\(bits)") == .uint(bits: bits))
            #expect(try ABIType(parsing: "int\(bits)") == .int(bits: bits))
        }
        for n in 1...32 { #expect(try ABIType(parsing: "bytes\(n)") == .fixedBytes(count: n)) }
    }

    @Test func arraysAndTuples() throws {
        let t = try ABIType(parsing: "uint256[2][]")
        #expect(t == .array(.fixedArray(.uint256, count: 2)))
        #expect(t.canonical == "uint256[2][]")
        #expect(try ABIType(parsing: "(address,uint256)[]") == .array(.tuple([.address, .uint256])))
        #expect(try ABIType(parsing: "tuple(address to, uint256 amount)[]").canonical == "(address,uint256)[]")
        #expect(try ABIType(parsing: "tuple (address, (bool, bytes)[3])").canonical == "(address,(bool,bytes)[3])")
        #expect(try ABIType(parsing: "  uint [ 2 ] [ ]\n").canonical == "uint256[2][]")
        #expect(try ABIType(parsing: "((uint)[1][2])[3]").canonical == "((uint256)[1][2])[3]")
        #expect(try ABIType(parsing: "address payable[]") == .array(.address))
    }

    @Test func canonicalOnly() {
        #expect(ABIType(canonical: "uint256[2][]") == .array(.fixedArray(.uint256, count: 2)))
        #expect(ABIType(canonical: "(address,bytes)") == .tuple([.address, .bytes]))
        #expect(ABIType(canonical: "uint") == nil)
        #expect(ABIType(canonical: "uint256 ") == nil)
        #expect(ABIType(canonical: "tuple(uint256)") == nil)
        #expect(ABIType(canonical: "(address a)") == nil)
    }

    @Test func namedParameters() throws {
        let p = try ABIParameter(parsing: "(address to, uint256 amount)[] calldata transfers")
        #expect(p.name == "transfers")
        #expect(p.type == .array(.tuple([.address, .uint256])))
        #expect(p.components.map(\.name) == ["to", "amount"])
        #expect(p.components.map(\.type) == [.address, .uint256])
        #expect(p.componentsMatchType)
        #expect(p.humanReadable == "tuple(address to, uint256 amount)[] transfers")

        let nested = try ABIParameter(parsing: "tuple((uint8 a, bool)[2] inner, string s) x")
        #expect(nested.components.map(\.name) == ["inner", "s"])
        #expect(nested.components[0].components.map(\.name) == ["a", ""])
        #expect(nested.type.canonical == "((uint8,bool)[2],string)")
        #expect(nested.humanReadable == "tuple(tuple(uint8 a, bool)[2] inner, string s) x")
        #expect(try ABIParameter(parsing: nested.humanReadable) == nested)

        let indexed = try ABIParameter(parsing: "address indexed from")
        #expect(indexed.indexed && indexed.name == "from" && indexed.type == .address)
        let unnamed = try ABIParameter(parsing: "bytes memory")
        #expect(unnamed.name == "" && unnamed.type == .bytes)
    }

    /// Every type string that eth-abi rejects (from vectors/abi_sig.json) is rejected here too.
    @Test func referenceRejections() throws {
        let doc = try SigVectors.load("abi_sig.json")
        let invalid = SigVectors.array(doc["invalidTypes"]).compactMap(SigVectors.string)
        #expect(invalid.count >= 30)
        for text in invalid {
            #expect(throws: ABISyntaxError.self, "\(text)") { try ABIType(parsing: text) }
        }
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let text: String
        let kind: ABISyntaxError.Kind
        let offset: Int
        var contains: String = ""
        var testDescription: String { text }
    }

    static let bad: [Bad] = [
        Bad(text: "uint7", kind: .invalidWidth, offset: 4, contains: "multiple of 8"),
        Bad(text: "uint264", kind: .invalidWidth, offset: 4),
        Bad(text: "int0", kind: .invalidWidth, offset: 3),
        Bad(text: "uint08", kind: .invalidWidth, offset: 4, contains: "leading zeros"),
        Bad(text: "bytes0", kind: .invalidWidth, offset: 5, contains: "1 to 32"),
        Bad(text: "bytes33", kind: .invalidWidth, offset: 5),
        Bad(text: "(bool, uint99999999999999999999)", kind: .invalidWidth, offset: 11),
        Bad(text: "byte", kind: .unsupportedType, offset: 0, contains: "bytes1"),
        Bad(text: "byte[]", kind: .unsupportedType, offset: 0),
        Bad(text: "function", kind: .unsupportedType, offset: 0, contains: "bytes24"),
        Bad(text: "fixed128x18", kind: .unsupportedType, offset: 0, contains: "fixed-point"),
        Bad(text: "ufixed", kind: .unsupportedType, offset: 0),
        Bad(text: "uint256[0]", kind: .invalidArraySize, offset: 8, contains: "at least one element"),
        Bad(text: "uint256[01]", kind: .invalidArraySize, offset: 8, contains: "leading zeros"),
        Bad(text: "uint256[99999999999999999999999]", kind: .invalidArraySize, offset: 8, contains: "too large"),
        Bad(text: "uint256 x", kind: .syntax, offset: 8, contains: "expected the end of the type, found 'x'"),
        Bad(text: "()", kind: .emptyTuple, offset: 0),
        Bad(text: "(uint256,())", kind: .emptyTuple, offset: 9),
        Bad(text: "(uint256,)", kind: .syntax, offset: 9, contains: "expected a type, found ')'"),
        Bad(text: "(uint256", kind: .syntax, offset: 8, contains: "expected ',' or ')', found the end of the text"),
        Bad(text: "IERC20", kind: .unknownType, offset: 0, contains: "'IERC20'"),
        Bad(text: "(address, Pool.Params)", kind: .unknownType, offset: 10),
        Bad(text: "tuple", kind: .syntax, offset: 5, contains: "'(' after 'tuple'"),
        Bad(text: "  uint256[", kind: .syntax, offset: 10, contains: "an array size or ']'"),
        Bad(text: "uint256[2", kind: .syntax, offset: 9, contains: "']'"),
        Bad(text: "uint256[2x]", kind: .syntax, offset: 9),
        Bad(text: "uint256[-1]", kind: .syntax, offset: 8),
        Bad(text: "", kind: .syntax, offset: 0, contains: "expected a type"),
        Bad(text: "   ", kind: .syntax, offset: 3),
        Bad(text: "(address memory x)", kind: .invalidModifier, offset: 9, contains: "tuple component"),
        Bad(text: "(uint256 indexed a)", kind: .invalidModifier, offset: 9, contains: "event"),
        Bad(text: "(uint256 address)", kind: .invalidName, offset: 9),
        Bad(text: "(uint256 2a)", kind: .syntax, offset: 9),
        Bad(text: "uint256 €", kind: .syntax, offset: 8, contains: "\"€\""),
        Bad(text: "€", kind: .syntax, offset: 0),
        Bad(text: "uint 256", kind: .syntax, offset: 5),
        Bad(text: "Uint256", kind: .unknownType, offset: 0),
    ]

    @Test(arguments: bad) func rejections(_ c: Bad) {
        do {
            let t = try ABIType(parsing: c.text)
            Issue.record("accepted \(c.text) as \(t)")
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.offset == c.offset, "\(error)")
            #expect(error.location == "offset \(c.offset)")
            #expect(error.code == c.kind.rawValue)
            if !c.contains.isEmpty { #expect(error.message.contains(c.contains), "\(error.message)") }
        }
    }

    @Test func parameterRejections() {
        #expect(throws: ABISyntaxError.self) { try ABIParameter(parsing: "uint256 memory calldata x") }
        #expect(throws: ABISyntaxError.self) { try ABIParameter(parsing: "uint256 indexed indexed x") }
        #expect(throws: ABISyntaxError.self) { try ABIParameter(parsing: "uint256 x y") }
    }
}
