import ABI
import BallastJSON
import EthereumPrimitives
import Testing

/// The per-document settings of the shared field reader: whether an address needs `0x`, and
/// whether a key given twice is refused.
@Suite struct JSONFieldReadingTests {
    /// A reader with the defaults, or a document's settings.
    struct Reader: JSONFieldReading {
        var issues: [JSONIssue] = []
        var addressNeedsPrefix = true
        var refusesRepeatedKeys = false

        mutating func report(_ code: JSONIssueCode, _ message: String, at path: JSONPath) {
            issues.append(JSONIssue(code: code, message: message, path: path))
        }

        var extensionPrefix: String? { nil }
        var quantityCodes: JSONQuantityCodes { .detailed }
    }

    /// A conforming type that states neither setting gets the defaults.
    struct Defaults: JSONFieldReading {
        mutating func report(_ code: JSONIssueCode, _ message: String, at path: JSONPath) {}
        var extensionPrefix: String? { nil }
        var quantityCodes: JSONQuantityCodes { .detailed }
    }

    static let bare = "d8dA6BF26964aF9D7eEd9e03E53415D37aA96045"

    @Test func defaultsNeedThePrefixAndLetTheFirstKeyWin() {
        #expect(Defaults().addressNeedsPrefix)
        #expect(!Defaults().refusesRepeatedKeys)
        var r = Reader()
        #expect(r.address(.string(Self.bare), .root + "to") == nil)
        #expect(r.issues.map(\.code) == [.invalidAddress])
        #expect(r.issues.first?.path.description == "to")
        r = Reader()
        r.checkKeys([("a", .null), ("a", .null)], allowed: ["a"], .root)
        #expect(r.issues.isEmpty)
    }

    @Test func addressesWithoutPrefixWhereTheDocumentReadsThem() throws {
        var r = Reader(addressNeedsPrefix: false)
        #expect(r.address(.string(Self.bare), .root) == (try Address(hex: "0x" + Self.bare)))
        #expect(r.address(.string("0x" + Self.bare), .root) != nil)
        #expect(r.issues.isEmpty)
        // Still 40 hex digits and a valid checksum.
        #expect(r.address(.string("D8dA6BF26964aF9D7eEd9e03E53415D37aA96045"), .root + "to") == nil)
        #expect(r.address(.string("1234"), .root + "to") == nil)
        #expect(r.address(.number("1"), .root + "to") == nil)
        #expect(r.issues.map(\.code) == [.invalidAddress, .invalidAddress, .invalidType])
        #expect(r.issues.allSatisfy { $0.path.description == "to" })
    }

    @Test func repeatedKeysInDocumentOrderWithUnknownOnes() {
        var r = Reader(refusesRepeatedKeys: true)
        let members: [(key: String, value: JSONValue)] = [("a", .null), ("x", .null), ("b", .null), ("a", .null), ("x", .null)]
        r.checkKeys(members, allowed: ["a", "b"], .root)
        #expect(r.issues.map(\.code) == [.unknownField, .duplicateField, .unknownField])
        #expect(r.issues.map(\.path.description) == ["x", "a", "x"])
        #expect(r.issues[1].message == #"field "a" is given twice"#)
    }
}
