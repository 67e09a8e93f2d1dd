import Foundation
import RLP
import Testing
import TestSupport

/// The public ethereum/tests RLP and hex-prefix suites.
@Suite
struct EthereumSuiteTests {
    /// Converts an `in` value of rlptest.json to the expected tree.
    static func expected(_ value: Any) -> RLPItem? {
        if let s = value as? String {
            if s.hasPrefix("#") { return decimalToBigEndian(String(s.dropFirst())).map(RLPItem.bytes) }
            return .bytes(Array(s.utf8))
        }
        if let a = value as? [Any] {
            var items: [RLPItem] = []
            for x in a {
                guard let i = expected(x) else { return nil }
                items.append(i)
            }
            return .list(items)
        }
        if let n = value as? Int, n >= 0 {
            return decimalToBigEndian(String(n)).map(RLPItem.bytes)
        }
        return nil
    }

    @Test func validCases() throws {
        let cases = try #require(try Vectors.json(Vectors.ethereumTests("RLPTests/rlptest.json")) as? [String: Any])
        #expect(cases.count >= 25)
        for (name, value) in cases.sorted(by: { $0.key < $1.key }) {
            let entry = try #require(value as? [String: Any], "\(name)")
            let input = try #require(entry["in"], "\(name)")
            let out = hex(try #require(entry["out"] as? String, "\(name)"))
            let tree = try #require(Self.expected(input), "\(name): unsupported input")
            #expect(tree.encoded() == out, "\(name): encode")
            #expect(tree.encodedLength == out.count, "\(name): encodedLength")
            #expect(try RLP.decode(out) == tree, "\(name): decode")
            #expect(try walkTop(out) == tree, "\(name): reader walk")
            #expect(throws: Never.self, "\(name): validate") { try RLP.validate(out) }
            // Integer inputs also through the integer paths.
            if let n = input as? Int, n >= 0 {
                #expect(RLP.encode(integer: UInt64(n)) == out, "\(name): integer")
                var r = RLPReader(out)
                #expect(try r.nextUInt64() == UInt64(n), "\(name): nextUInt64")
            }
            if let s = input as? String, s.hasPrefix("#"), let be = decimalToBigEndian(String(s.dropFirst())) {
                let enc = RLP.build(length: RLP.lengthOfInteger(bigEndian: be)) { $0.appendInteger(bigEndian: be) }
                #expect(enc == out, "\(name): big integer")
                var r = RLPReader(out)
                #expect(Array(try r.nextInteger(maxBytes: 33)) == be, "\(name): nextInteger")
            }
        }
    }

    @Test func invalidCasesAreRejected() throws {
        let cases = try #require(try Vectors.json(Vectors.ethereumTests("RLPTests/invalidRLPTest.json")) as? [String: Any])
        #expect(cases.count >= 25)
        for (name, value) in cases.sorted(by: { $0.key < $1.key }) {
            let entry = try #require(value as? [String: Any], "\(name)")
            let out = hex(try #require(entry["out"] as? String, "\(name)"))
            let e1 = errorOf { try RLP.decode(out) }
            let e2 = errorOf { try RLP.validate(out) }
            let e3 = errorOf { try walkTop(out) }
            #expect(e1 != nil, "\(name) accepted")
            #expect(e1 == e2 && e1 == e3, "\(name): decoders disagree: \(String(describing: e1)) \(String(describing: e2)) \(String(describing: e3))")
        }
    }

    /// Expected classes for the named invalid cases whose class is unambiguous.
    @Test func invalidCaseClasses() throws {
        let cases = try #require(try Vectors.json(Vectors.ethereumTests("RLPTests/invalidRLPTest.json")) as? [String: Any])
        let expectations: [String: RLPError.Kind] = [
            "bytesShouldBeSingleByte00": .nonCanonicalSingleByte,
            "bytesShouldBeSingleByte01": .nonCanonicalSingleByte,
            "bytesShouldBeSingleByte7F": .nonCanonicalSingleByte,
            "leadingZerosInLongLengthArray1": .leadingZeroInLength,
            "leadingZerosInLongLengthArray2": .leadingZeroInLength,
            "leadingZerosInLongLengthList1": .leadingZeroInLength,
            "leadingZerosInLongLengthList2": .leadingZeroInLength,
            "nonOptimalLongLengthArray1": .nonCanonicalLongForm,
            "nonOptimalLongLengthArray2": .nonCanonicalLongForm,
            "nonOptimalLongLengthList1": .nonCanonicalLongForm,
            "nonOptimalLongLengthList2": .nonCanonicalLongForm,
            "emptyEncoding": .emptyInput,
            "lessThanShortLengthArray1": .truncated,
            "lessThanShortLengthArray2": .truncated,
            "lessThanShortLengthList1": .truncated,
            "lessThanShortLengthList2": .truncated,
            "lessThanLongLengthArray1": .truncated,
            "lessThanLongLengthArray2": .truncated,
            "lessThanLongLengthList1": .truncated,
            "lessThanLongLengthList2": .lengthOverflow,
            "int32Overflow": .truncated,
            "int32Overflow2": .truncated,
        ]
        for (name, kind) in expectations {
            let entry = try #require(cases[name] as? [String: Any], "\(name) missing from the suite")
            let out = hex(try #require(entry["out"] as? String))
            #expect(errorOf { try RLP.decode(out) }?.kind == kind, "\(name)")
        }
    }

    @Test func randomCasesRoundTrip() throws {
        let dir = Vectors.ethereumTests("RLPTests/RandomRLPTests")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        var count = 0
        for file in files {
            let cases = try #require(try Vectors.json(dir.appendingPathComponent(file)) as? [String: Any])
            for (name, value) in cases {
                let entry = try #require(value as? [String: Any])
                let out = hex(try #require(entry["out"] as? String))
                let item = try RLP.decode(out)
                #expect(item.encoded() == out, "\(file)/\(name)")
                #expect(try walkTop(out) == item, "\(file)/\(name)")
                count += 1
            }
        }
        #expect(count > 0)
    }

    @Test func hexPrefix() throws {
        let cases = try #require(try Vectors.json(Vectors.ethereumTests("BasicTests/hexencodetest.json")) as? [String: Any])
        #expect(cases.count >= 9)
        for (name, value) in cases.sorted(by: { $0.key < $1.key }) {
            let entry = try #require(value as? [String: Any])
            let seq = try #require(entry["seq"] as? [Int]).map { UInt8($0) }
            let term = try #require(entry["term"] as? Bool)
            let out = hex(try #require(entry["out"] as? String))
            #expect(RLP.hexPrefixEncode(nibbles: seq, terminating: term) == out, "\(name)")
            let back = try RLP.hexPrefixDecode(out)
            #expect(back.nibbles == seq && back.terminating == term, "\(name)")
        }
    }
}
