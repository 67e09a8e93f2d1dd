import ABI
import BallastJSON
import EthereumPrimitives
import Testing
import TestSupport

/// vectors/abi_strict.json: mutations of eth-abi encodings with what eth-abi said, and the
/// expected Ballast code and offset derived from how each mutation was built.
@Suite struct CodecStrictnessTests {
    static let cases = CodecVectors.list(CodecVectors.strict, "strictness")

    @Test func everyCheckIsTripped() {
        let codes = Set(Self.cases.compactMap { $0["strict"]?["code"]?.codecString })
        let expected: Set<String> = [
            "abi_decode_uint_out_of_range", "abi_decode_int_sign_extension", "abi_decode_address_padding",
            "abi_decode_invalid_bool", "abi_decode_fixed_bytes_padding", "abi_decode_bytes_padding",
            "abi_decode_invalid_utf8", "abi_decode_offset_out_of_bounds", "abi_decode_offset_into_head",
            "abi_decode_length_out_of_bounds", "abi_decode_non_canonical_offset", "abi_decode_trailing_bytes",
        ]
        #expect(expected.isSubset(of: codes), "missing: \(expected.subtracting(codes))")
        #expect(Self.cases.count >= 400)
    }

    /// Strict mode rejects every mutation with the expected code and offset.
    @Test func strictRejectsAll() throws {
        for c in Self.cases {
            let types = try codecTypes(trees: c["tree"])
            let data = codecHex(c["hex"])
            let label = "\(c["mutation"]?.codecString ?? "?") \(c["types"]?.compact ?? "")"
            do {
                let values = try ABIDecoder.decode(types, from: data)
                Issue.record("strict accepted \(label): \(values)")
            } catch {
                if let code = c["strict"]?["code"]?.codecString {
                    #expect(error.code == code, "\(label): \(error)")
                    #expect(error.offset == c["strict"]?["offset"]?.codecInt, "\(label): \(error)")
                }
            }
        }
    }

    /// Lenient mode accepts exactly the non-canonical but unambiguous mutations (and decodes them
    /// as eth-abi does), reporting the finding; everything else is rejected as in strict mode.
    @Test func lenientAcceptsOnlyUnambiguous() throws {
        var accepted = 0
        for c in Self.cases {
            let types = try codecTypes(trees: c["tree"])
            let data = codecHex(c["hex"])
            let label = "\(c["mutation"]?.codecString ?? "?") \(c["types"]?.compact ?? "")"
            let lenient = c["lenient"]
            if lenient?["accept"] == .bool(true) {
                let report = try ABIDecoder.decodeReport(types, from: data, mode: .lenient)
                #expect(report.findings.first?.code == lenient?["finding"]?["code"]?.codecString, "\(label)")
                #expect(report.findings.first?.offset == lenient?["finding"]?["offset"]?.codecInt, "\(label)")
                #expect(ABIValue.jsonArray(report.values) == c["ethabi_values"], "\(label)")
                #expect(!report.isCanonical)
                accepted += 1
            } else {
                do {
                    _ = try ABIDecoder.decode(types, from: data, mode: .lenient)
                    Issue.record("lenient accepted \(label)")
                } catch {
                    if let code = lenient?["code"]?.codecString {
                        #expect(error.code == code, "\(label)")
                        #expect(error.offset == lenient?["offset"]?.codecInt, "\(label)")
                    }
                }
            }
            // Lenient acceptance matches eth-abi's exactly on these mutations.
            let ethabiAccepts = c["ethabi"]?.codecString == "accept"
            #expect(ethabiAccepts == (lenient?["accept"] == .bool(true)), "\(label)")
        }
        #expect(accepted >= 100)
    }

    // MARK: Hand-built cases for the checks the vectors do not pin down

    static func word(_ n: UInt64) -> [UInt8] { UInt256(n).bigEndianBytes32 }

    func expectError(_ types: [ABIType], _ data: [UInt8], _ code: String, offset: Int, mode: ABIDecodingMode = .strict,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let v = try ABIDecoder.decode(types, from: data, mode: mode)
            Issue.record("accepted: \(v)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func truncated() {
        expectError([.uint256], [], "abi_decode_truncated", offset: 0)
        expectError([.uint256, .bool], Self.word(1) + [0, 0], "abi_decode_truncated", offset: 34)
        expectError([.fixedArray(.uint256, count: 1_000_000_000)], Self.word(1), "abi_decode_truncated", offset: 32)
        expectError([.fixedArray(.fixedArray(.uint256, count: 1 << 40), count: 1 << 40)], Self.word(1), "abi_decode_truncated", offset: 32)
        // decodeCall with fewer than 4 bytes.
        do {
            _ = try ABIDecoder.decodeCall([0xab, 0x9c], selector: [0xab, 0x9c, 0x4b, 0x5d], types: [])
            Issue.record("accepted")
        } catch {
            #expect(error.code == "abi_decode_truncated" && error.offset == 2)
        }
    }

    @Test func invalidTypes() {
        for t: ABIType in [.uint(bits: 7), .int(bits: 264), .fixedBytes(count: 33), .fixedBytes(count: 0),
                           .fixedArray(.uint256, count: 0), .tuple([]), .array(.tuple([]))] {
            expectError([t], Self.word(0), "abi_invalid_type", offset: 0)
            #expect(throws: ABIEncodingError.self) { try ABIEncoder.encode([.uint(.zero)], as: [t]) }
        }
        var deep = ABIType.uint256
        for _ in 0..<70 { deep = .tuple([deep]) }
        expectError([deep], Self.word(0), "abi_invalid_type", offset: 0)
    }

    @Test func offsetsRelativeToSelector() throws {
        // Calldata offsets count the selector: a dirty bool at argument 1 is at byte 36.
        let data: [UInt8] = [1, 2, 3, 4] + Self.word(5) + Self.word(2)
        do {
            _ = try ABIDecoder.decodeCall(data, selector: [1, 2, 3, 4], types: [.uint256, .bool])
            Issue.record("accepted")
        } catch {
            #expect(error.code == "abi_decode_invalid_bool" && error.offset == 36)
            #expect(error.path.description == "[1]")
            #expect(error.location == "byte 36 ([1])")
        }
    }

    @Test func errorPathsNameTheValue() throws {
        // (uint256,bool)[] with a dirty bool in element 1.
        let t = ABIType.array(.tuple([.uint256, .bool]))
        var data = try ABIEncoder.encode([.array([.tuple([.uint(1), .bool(true)]), .tuple([.uint(2), .bool(false)])])], as: [t])
        data[32 + 32 + 64 + 32 + 31] = 7
        do {
            _ = try ABIDecoder.decode([t], from: data)
            Issue.record("accepted")
        } catch {
            #expect(error.code == "abi_decode_invalid_bool")
            #expect(error.offset == 32 + 32 + 64 + 32)
            #expect(error.path.description == "[0][1][1]")
        }
        let parameters = [ABIParameter(name: "orders", type: t, components: [ABIParameter(name: "amount", type: .uint256), ABIParameter(name: "buy", type: .bool)])]
        do {
            _ = try ABIDecoder.decode(parameters: parameters, from: data)
            Issue.record("accepted")
        } catch {
            #expect(error.path.description == "[0][1].buy")
        }
    }

    @Test func aliasingLimit() throws {
        // bytes[] of 2000 elements, all aliased to one 4 KiB tail: fine for eth-abi, but 8 MB of
        // output from 68 KB of input. Lenient mode refuses past its budget; strict refuses the alias.
        let n = 2000
        let content = [UInt8](repeating: 0x61, count: 4096)
        var data = Self.word(32) + Self.word(UInt64(n))
        for _ in 0..<n { data += Self.word(UInt64(32 * n)) }
        data += Self.word(UInt64(content.count)) + content
        expectError([.array(.bytes)], data, "abi_decode_aliasing_limit", offset: 64 + 32 * n, mode: .lenient)
        expectError([.array(.bytes)], data, "abi_decode_non_canonical_offset", offset: 96)
        // A handful of aliases stays within the budget.
        var small = Self.word(32) + Self.word(3)
        for _ in 0..<3 { small += Self.word(96) }
        small += Self.word(2) + [0x61, 0x62] + [UInt8](repeating: 0, count: 30)
        let report = try ABIDecoder.decodeReport([.array(.bytes)], from: small, mode: .lenient)
        #expect(report.values == [.array([.bytes([0x61, 0x62]), .bytes([0x61, 0x62]), .bytes([0x61, 0x62])])])
        #expect(report.findings.count == 2)
    }

    @Test func lenientFindingPaths() throws {
        // (bytes,bytes) with a 32-byte gap before the second tail.
        var data = try ABIEncoder.encode([.bytes([1]), .bytes([2])], as: [.bytes, .bytes])
        data[63] += 32
        data.insert(contentsOf: [UInt8](repeating: 0, count: 32), at: 128)
        let report = try ABIDecoder.decodeReport([.bytes, .bytes], from: data, mode: .lenient)
        #expect(report.values == [.bytes([1]), .bytes([2])])
        #expect(report.findings == [ABIDecodeFinding(.nonCanonicalOffset(expected: 128, actual: 160), offset: 32, path: JSONPath([.index(1)]))])
        // Trailing bytes after a canonical encoding: one finding at the first extra byte.
        let trailing = try ABIDecoder.decodeReport([.uint256], from: Self.word(1) + [0], mode: .lenient)
        #expect(trailing.findings == [ABIDecodeFinding(.trailingBytes(count: 1), offset: 32)])
        expectError([.uint256], Self.word(1) + [0], "abi_decode_trailing_bytes", offset: 32)
        expectError([], [0], "abi_decode_trailing_bytes", offset: 0)
        #expect(try ABIDecoder.decode([], from: [UInt8]()) == [])
    }

    @Test func everyErrorHasStableCodeAndLocation() {
        let kinds: [ABIDecodingError.Kind] = [
            .invalidType(.uint(bits: 7), reason: "r"), .truncated, .uintOutOfRange(bits: 8), .intSignExtension(bits: 8),
            .addressPadding, .invalidBool, .fixedBytesPadding(count: 4), .bytesPadding, .invalidUTF8,
            .offsetOutOfBounds, .offsetIntoHead, .lengthOutOfBounds, .nonCanonicalOffset(expected: 64, actual: 96),
            .trailingBytes(count: 1), .selectorMismatch(expected: [1, 2, 3, 4], actual: [0, 0, 0, 0]), .aliasingLimit,
        ]
        let codes = kinds.map { ABIDecodingError($0, offset: 3).code }
        #expect(Set(codes).count == kinds.count)
        for k in kinds {
            let e = ABIDecodingError(k, offset: 3)
            #expect(e.code.hasPrefix("abi_"))
            #expect(!e.message.isEmpty)
            #expect(e.location == "byte 3")
        }
    }
}
