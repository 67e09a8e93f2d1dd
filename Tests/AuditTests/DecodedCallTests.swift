import ABI
import Audit
import EthereumPrimitives
import Plan
import Protocols
import Testing

/// A decoded call shares its fields between copies (one box), yet behaves as a value: changing
/// a copy leaves the others as they were, and equality and hashing see the fields.
@Suite struct DecodedCallTests {
    static func tree() throws -> DecodedCall {
        let approve = try AF.calldata(AuditorFindingTests.approve, [AF.a(AF.weth), AF.u(5)])
        let data = try AF.execute([AF.call(AF.usdc, approve)])
        return try AF.decoder().decode(to: AF.weth, value: .zero, data: data, path: "tx[0].calls[0]")
    }

    @Test func copiesAreValues() throws {
        let original = try Self.tree()
        var copy = original
        #expect(copy == original)
        #expect(copy.hashValue == original.hashValue)
        copy.path = "elsewhere"
        copy.calls[0].function = nil
        copy.selector = [1, 2, 3, 4]
        #expect(copy != original)
        #expect(original.path == "tx[0].calls[0]")
        #expect(original.calls[0].function == AuditorFindingTests.approve)
        #expect(original.selector == Array(original.data.prefix(4)))
        #expect(copy.selector == [1, 2, 3, 4])
        #expect(copy.selectorWord == 0x0102_0304)
        // Equal fields in separate boxes are equal.
        let again = try Self.tree()
        #expect(again == original)
        #expect(again.hashValue == original.hashValue)
    }

    @Test func catalogIndexNamesTheCatalogEntry() throws {
        let call = try Self.tree()
        #expect(call.catalogEntry?.signature == call.function)
        #expect(call.calls[0].catalogEntry?.signature == ERC20.approve.signature)
        #expect(call.calls[0].catalogIndex == ProtocolCatalog.index(of: ERC20.approve.signature))
        // A selector nobody knows: no function, no entry.
        let unknown = try AF.decoder().decode(to: AF.weth, value: .zero, data: [0xDE, 0xAD, 0xBE, 0xEF], path: "x")
        #expect(unknown.function == nil && unknown.catalogIndex == nil && unknown.catalogEntry == nil)
        #expect(unknown.selector == [0xDE, 0xAD, 0xBE, 0xEF])
        let short = try AF.decoder().decode(to: AF.weth, value: .zero, data: [0xDE], path: "x")
        #expect(short.selector == nil && short.selectorWord == nil)
    }
}
