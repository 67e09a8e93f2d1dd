import ABI
import Testing

/// Signatures: canonical and human-readable functions, events, errors and the unnamed entries.
@Suite struct SignatureParserTests {
    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

    @Test func functions() throws {
        let t = try ABIFunction(parsing: "transfer(address,uint256)")
        #expect(t.name == "transfer" && t.inputs.map(\.type) == [.address, .uint256] && t.outputs.isEmpty)
        #expect(t.stateMutability == .nonpayable)
        #expect(t.canonicalSignature == "transfer(address,uint256)")
        #expect(t.selector == [0xa9, 0x05, 0x9c, 0xbb])
        #expect(t.selectorHex == "0xa9059cbb")

        let h = try ABIFunction(parsing: "function transfer(address to, uint256 amount) external returns (bool)")
        #expect(h.inputs.map(\.name) == ["to", "amount"])
        #expect(h.outputs.map(\.type) == [.bool])
        #expect(h.selector == t.selector)
        #expect(h.humanReadable == "function transfer(address to, uint256 amount) returns (bool)")

        let flash = try ABIFunction(parsing: """
            function flashLoan(address receiverAddress, address[] calldata assets, uint256[] calldata amounts,
                uint256[] calldata interestRateModes, address onBehalfOf, bytes calldata params, uint16 referralCode) external returns (bool)
            """)
        #expect(flash.canonicalSignature == "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)")
        #expect(flash.selectorHex == "0xab9c4b5d")

        let view = try ABIFunction(parsing: "function balanceOf(address owner) public view virtual override(IERC20, Base.X) returns (uint);")
        #expect(view.stateMutability == .view && view.outputs.map(\.type) == [.uint256])
        #expect(view.humanReadable == "function balanceOf(address owner) view returns (uint256)")
        #expect(try ABIFunction(parsing: "function f() constant returns (bool)").stateMutability == .view)
        #expect(try ABIFunction(parsing: "f() payable").stateMutability == .payable)
        #expect(try ABIFunction(parsing: "f() nonpayable").stateMutability == .nonpayable)
        #expect(try ABIFunction(parsing: "f() pure").stateMutability == .pure)
        #expect(try ABIFunction(parsing: "function f(address payable to) external").inputs[0].type == .address)
        #expect(try ABIFunction(parsing: "f(bytes storage b)").inputs[0].name == "b")
        // A function may be called like an unnamed entry when a function is expected.
        #expect(try ABIFunction(parsing: "receive()").name == "receive")
        #expect(try ABIFunction(parsing: "error(string)").name == "error")
        // Tuples with names, arrays of tuples.
        let agg = try ABIFunction(parsing: "function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)")
        #expect(agg.canonicalSignature == "aggregate3((address,bool,bytes)[])")
        #expect(agg.selectorHex == "0x82ad56cb")
        #expect(agg.inputs[0].components.map(\.name) == ["target", "allowFailure", "callData"])
        #expect(try ABIFunction(parsing: agg.humanReadable) == agg)
    }

    @Test func eventsAndErrors() throws {
        let e = try ABIEvent(parsing: "event Transfer(address indexed from, address indexed to, uint256 value)")
        #expect(e.inputs.map(\.indexed) == [true, true, false])
        #expect(e.topic0Hex == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        #expect(e.humanReadable == "event Transfer(address indexed from, address indexed to, uint256 value)")
        #expect(try ABIEvent(parsing: "Transfer(address,address,uint256)").topic0 == e.topic0)
        let anon = try ABIEvent(parsing: "event Log(bytes32 indexed a, bytes32 indexed b, bytes32 indexed c, bytes32 indexed d) anonymous")
        #expect(anon.anonymous && anon.maxIndexed == 4)
        #expect(anon.humanReadable.hasSuffix(") anonymous"))

        let err = try ABIErrorDefinition(parsing: "error InsufficientBalance(uint256 available, uint256 required)")
        #expect(err.canonicalSignature == "InsufficientBalance(uint256,uint256)")
        #expect(err.humanReadable == "error InsufficientBalance(uint256 available, uint256 required)")
        #expect(try ABIErrorDefinition(parsing: "Error(string)").selectorHex == "0x08c379a0")
        #expect(try ABIErrorDefinition(parsing: "error Panic(uint256)").selectorHex == "0x4e487b71")
    }

    @Test func fragments() throws {
        #expect(try ABIFragment(parsing: "constructor(address owner, uint256 cap) payable")
                == .constructor(ABIConstructor(inputs: [ABIParameter(name: "owner", type: .address), ABIParameter(name: "cap", type: .uint256)], stateMutability: .payable)))
        #expect(try ABIFragment(parsing: "constructor()") == .constructor(ABIConstructor()))
        #expect(try ABIFragment(parsing: "fallback()") == .fallback(ABIFallback()))
        #expect(try ABIFragment(parsing: "fallback() external payable") == .fallback(ABIFallback(stateMutability: .payable)))
        #expect(try ABIFragment(parsing: "fallback(bytes calldata input) external returns (bytes memory output)") == .fallback(ABIFallback()))
        #expect(try ABIFragment(parsing: "receive() external payable") == .receive)
        #expect(try ABIFragment(parsing: "receive()") == .receive)
        #expect(try ABIFragment(parsing: "transfer(address,uint256)").canonicalSignature == "transfer(address,uint256)")
        #expect(try ABIFragment(parsing: "event E()").kindName == "event")
        #expect(try ABIFragment(parsing: "error E()").kindName == "error")
        #expect(try ABIFragment(parsing: "error(string)").kindName == "function")
        for text in ["constructor(address owner) payable", "fallback() external payable", "fallback() external",
                     "receive() external payable", "event E(uint256 indexed a) anonymous", "error E(string m)",
                     "function f(tuple(uint8 a, bytes b)[2][] x) view returns (int256)"] {
            let f = try ABIFragment(parsing: text)
            #expect(f.humanReadable == text)
            #expect(try ABIFragment(parsing: f.humanReadable) == f)
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
        Bad(text: "function transfer(address to uint256 amount)", kind: .syntax, offset: 29, contains: "expected ',' or ')', found 'uint256'"),
        Bad(text: "transfer(address,uint256", kind: .syntax, offset: 24),
        Bad(text: "transfer(address,uint256) extra", kind: .syntax, offset: 26, contains: "found 'extra'"),
        Bad(text: "transfer(address,uint256);;", kind: .syntax, offset: 26),
        Bad(text: "transfer address,uint256)", kind: .syntax, offset: 9, contains: "expected '('"),
        Bad(text: "", kind: .syntax, offset: 0),
        Bad(text: "(uint256)", kind: .syntax, offset: 0),
        Bad(text: "function (uint256)", kind: .syntax, offset: 9, contains: "a name after 'function'"),
        Bad(text: "function uint256(address)", kind: .invalidName, offset: 9),
        Bad(text: "function f(uint256) internal", kind: .invalidModifier, offset: 20, contains: "not part of an ABI"),
        Bad(text: "function f() view pure", kind: .invalidModifier, offset: 18, contains: "second state mutability"),
        Bad(text: "function f() external public", kind: .invalidModifier, offset: 22),
        Bad(text: "function f() onlyOwner", kind: .syntax, offset: 13, contains: "'returns'"),
        Bad(text: "function f() returns (bool) view", kind: .syntax, offset: 28, contains: "the end of the signature"),
        Bad(text: "function f(uint256 indexed a)", kind: .invalidModifier, offset: 19, contains: "event"),
        Bad(text: "function f() anonymous", kind: .invalidModifier, offset: 13),
        Bad(text: "event E(uint256 memory a)", kind: .invalidModifier, offset: 16),
        Bad(text: "event E(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d)", kind: .tooManyIndexed, offset: 59),
        Bad(text: "event E(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d, uint8 indexed e) anonymous", kind: .tooManyIndexed, offset: 76),
        Bad(text: "event E() view", kind: .invalidModifier, offset: 10),
        Bad(text: "error E() anonymous", kind: .invalidModifier, offset: 10),
        Bad(text: "error E(bytes calldata b)", kind: .invalidModifier, offset: 14),
        Bad(text: "constructor(uint256) view", kind: .invalidModifier, offset: 21, contains: "constructor"),
        Bad(text: "constructor() returns (uint256)", kind: .invalidModifier, offset: 14),
        Bad(text: "receive(uint256)", kind: .syntax, offset: 7, contains: "receive takes no parameters"),
        Bad(text: "receive() external nonpayable", kind: .invalidModifier, offset: 19),
        Bad(text: "fallback(uint256) external", kind: .syntax, offset: 8),
        Bad(text: "fallback(bytes) external", kind: .syntax, offset: 8, contains: "or neither"),
        Bad(text: "f(byte)", kind: .unsupportedType, offset: 2),
        Bad(text: "f(uint7)", kind: .invalidWidth, offset: 6),
        Bad(text: "f(uint256[0])", kind: .invalidArraySize, offset: 10),
        Bad(text: "f(Foo)", kind: .unknownType, offset: 2),
        Bad(text: "f(uint256 a,)", kind: .syntax, offset: 12),
    ]

    @Test(arguments: bad) func rejections(_ c: Bad) {
        do {
            let f = try ABIFragment(parsing: c.text)
            Issue.record("accepted \(c.text) as \(f)")
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.offset == c.offset, "\(error)")
            if !c.contains.isEmpty { #expect(error.message.contains(c.contains), "\(error.message)") }
        }
    }

    @Test func wrongKind() {
        #expect(throws: ABISyntaxError.self) { try ABIEvent(parsing: "function f()") }
        #expect(throws: ABISyntaxError.self) { try ABIFunction(parsing: "event E()") }
        #expect(throws: ABISyntaxError.self) { try ABIErrorDefinition(parsing: "event E()") }
        #expect(throws: ABISyntaxError.self) { try ABIFunction(parsing: "error E()") }
        do {
            _ = try ABIFunction(parsing: "event E()")
        } catch {
            #expect(error.message == "expected a function signature, found an event")
            #expect(error.offset == 0)
        }
    }
}
