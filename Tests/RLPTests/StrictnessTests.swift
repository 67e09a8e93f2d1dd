import RLP
import Testing

/// Each rejection class with its code and offset, checked through all three decoders.
@Suite struct StrictnessTests {
    /// Decodes with the tree decoder, the validator and the reader walk; all must agree.
    func rejection(_ bytes: [UInt8], maxDepth: Int = RLP.defaultMaxDepth) -> RLPError? {
        let e1 = errorOf { try RLP.decode(bytes, maxDepth: maxDepth) }
        let e2 = errorOf { try RLP.validate(bytes, maxDepth: maxDepth) }
        let e3 = errorOf { try walkTop(bytes, maxDepth: maxDepth) }
        #expect(e1 == e2 && e1 == e3, "decoders disagree on \(bytes.prefix(16)): \(String(describing: e1)) / \(String(describing: e2)) / \(String(describing: e3))")
        return e1
    }

    @Test func stableCodes() throws {
        let codes: [RLPError.Kind: String] = [
            .emptyInput: "rlp_empty_input",
            .nonCanonicalSingleByte: "rlp_non_canonical_single_byte",
            .leadingZeroInLength: "rlp_leading_zero_in_length",
            .nonCanonicalLongForm: "rlp_non_canonical_long_form",
            .lengthOverflow: "rlp_length_overflow",
            .truncated: "rlp_truncated",
            .exceedsEnclosingList: "rlp_exceeds_enclosing_list",
            .trailingBytes: "rlp_trailing_bytes",
            .depthLimitExceeded: "rlp_depth_limit_exceeded",
            .expectedBytes: "rlp_expected_bytes",
            .expectedList: "rlp_expected_list",
            .missingItem: "rlp_missing_item",
            .extraItem: "rlp_extra_item",
            .nonCanonicalInteger: "rlp_non_canonical_integer",
            .integerTooLarge: "rlp_integer_too_large",
            .unexpectedLength: "rlp_unexpected_length",
            .invalidHexPrefix: "rlp_invalid_hex_prefix",
        ]
        #expect(codes.count == RLPError.Kind.allCases.count)
        for kind in RLPError.Kind.allCases {
            let e = RLPError(kind, offset: 7)
            #expect(e.code == codes[kind])
            #expect(!e.message.isEmpty)
            #expect(e.description == "\(e.code) at offset 7: \(e.message)")
        }
    }

    @Test func emptyInput() throws {
        #expect(rejection([]) == RLPError(.emptyInput, offset: 0))
        #expect(errorOf { try RLPReader.list(in: []) } == RLPError(.emptyInput, offset: 0))
        let raw: [UInt8] = [0x02]
        #expect(errorOf { try RLP.decode(raw[1...]) } == RLPError(.emptyInput, offset: 1))
        #expect(errorOf { try RLPReader(raw[1...]).peek() } == RLPError(.emptyInput, offset: 1))
    }

    @Test func singleByteWrapped() throws {
        for b: UInt8 in [0x00, 0x01, 0x7F] {
            #expect(rejection([0x81, b]) == RLPError(.nonCanonicalSingleByte, offset: 0))
        }
        #expect(rejection([0xC3, 0x01, 0x81, 0x05]) == RLPError(.nonCanonicalSingleByte, offset: 2))
        // 0x81 followed by a byte >= 0x80 is canonical.
        #expect(try RLP.decode([0x81, 0x80]) == .bytes([0x80]))
    }

    @Test func leadingZeroInLength() throws {
        #expect(rejection([0xB8, 0x00]) == RLPError(.leadingZeroInLength, offset: 0))
        #expect(rejection([0xF8, 0x00]) == RLPError(.leadingZeroInLength, offset: 0))
        #expect(rejection([0xC4, 0x01, 0xB9, 0x00, 0x38]) == RLPError(.leadingZeroInLength, offset: 2))
        #expect(rejection([0xB9, 0x00, 0x40] + [UInt8](repeating: 1, count: 64)) == RLPError(.leadingZeroInLength, offset: 0))
    }

    @Test func longFormForShortPayload() throws {
        #expect(rejection([0xB8, 0x02, 0xAA, 0xBB]) == RLPError(.nonCanonicalLongForm, offset: 0))
        #expect(rejection([0xB8, 0x37] + [UInt8](repeating: 0xAA, count: 55)) == RLPError(.nonCanonicalLongForm, offset: 0))
        #expect(rejection([0xC5, 0x80, 0xF8, 0x02, 0x01, 0x02]) == RLPError(.nonCanonicalLongForm, offset: 2))
        // 56 is the first length that needs the long form.
        #expect(try RLP.decode([0xB8, 0x38] + [UInt8](repeating: 0xAA, count: 56)) == .bytes([UInt8](repeating: 0xAA, count: 56)))
    }

    @Test func hugeLengthsFailFast() throws {
        let overflowString: [UInt8] = [0xBF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let overflowList: [UInt8] = [0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0]
        let maxInt: [UInt8] = [0xBF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let start = ContinuousClock.now
        #expect(rejection(overflowString) == RLPError(.lengthOverflow, offset: 0))
        #expect(rejection(overflowList) == RLPError(.lengthOverflow, offset: 0))
        #expect(rejection(maxInt) == RLPError(.truncated, offset: 0))
        #expect(rejection([0xC2, 0x01] + overflowString) == RLPError(.exceedsEnclosingList, offset: 2))
        #expect(rejection([0xCB, 0x01] + overflowString + [0x00]) == RLPError(.lengthOverflow, offset: 2))
        #expect(rejection([0xCB, 0x01] + maxInt + [0x00]) == RLPError(.truncated, offset: 2))
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func truncated() throws {
        #expect(rejection([0x83, 0x61, 0x62]) == RLPError(.truncated, offset: 0))
        #expect(rejection([0xC3, 0x83, 0x61, 0x62]) == RLPError(.truncated, offset: 1))
        #expect(rejection([0xB9, 0x01]) == RLPError(.truncated, offset: 0))  // length bytes cut
        #expect(rejection([0xF9]) == RLPError(.truncated, offset: 0))
        #expect(rejection([0xC1]) == RLPError(.truncated, offset: 0))
    }

    @Test func exceedsEnclosingList() throws {
        // The inner list [0x82, 0x61] ends at 4, but 0x82 needs two payload bytes from 3.
        #expect(rejection([0xC5, 0xC2, 0x82, 0x61, 0x62, 0x63]) == RLPError(.exceedsEnclosingList, offset: 2))
        // Long-form length bytes that run past the list.
        #expect(rejection([0xC1, 0xB9, 0x01, 0x00]) == RLPError(.exceedsEnclosingList, offset: 1))
        #expect(rejection([0xC2, 0xC0, 0xC2, 0x01, 0x02]) == RLPError(.exceedsEnclosingList, offset: 2))
    }

    @Test func trailingBytes() throws {
        #expect(rejection([0x80, 0x00]) == RLPError(.trailingBytes, offset: 1))
        #expect(rejection([0xC0, 0xC0]) == RLPError(.trailingBytes, offset: 1))
        #expect(rejection([0x83, 0x61, 0x62, 0x63, 0xFF, 0xFF]) == RLPError(.trailingBytes, offset: 4))
        #expect(errorOf { try RLPReader.list(in: [0xC0, 0x01]) } == RLPError(.trailingBytes, offset: 1))
    }

    @Test func depthLimit() throws {
        #expect(rejection([0xC0], maxDepth: 0) == RLPError(.depthLimitExceeded, offset: 0))
        #expect(try RLP.decode([0x80], maxDepth: 0) == .bytes([]))
        #expect(rejection([0xC2, 0xC1, 0xC0], maxDepth: 2) == RLPError(.depthLimitExceeded, offset: 2))
        #expect(try RLP.decode([0xC2, 0xC1, 0xC0], maxDepth: 3) == [[[]]])
        #expect(rejection([0xC2, 0xC1, 0xC0], maxDepth: -5) == RLPError(.depthLimitExceeded, offset: 0))
    }

    /// `levels` properly nested lists around an empty string, and the offset of each list.
    static func nested(_ levels: Int) -> (bytes: [UInt8], offsets: [Int]) {
        var lengths = [Int](repeating: 0, count: levels)  // payload length of each list, outermost first
        var inner = 1  // the innermost item, 0x80
        for i in stride(from: levels - 1, through: 0, by: -1) {
            lengths[i] = inner
            inner += listHeader(inner).count
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(inner)
        var offsets: [Int] = []
        for len in lengths {
            offsets.append(bytes.count)
            bytes += listHeader(len)
        }
        bytes.append(0x80)
        return (bytes, offsets)
    }

    @Test func deepNesting() throws {
        let (deep, offsets) = Self.nested(10_000)
        #expect(deep.count > 10_000)
        #expect(rejection(deep) == RLPError(.depthLimitExceeded, offset: offsets[64]))
        #expect(rejection(deep, maxDepth: 100) == RLPError(.depthLimitExceeded, offset: offsets[100]))
        // Requests above the ceiling are clamped to it.
        #expect(rejection(deep, maxDepth: 1_000_000) == RLPError(.depthLimitExceeded, offset: offsets[RLP.maxDepthLimit]))

        let (ok64, _) = Self.nested(64)
        #expect(throws: Never.self) { try RLP.decode(ok64) }
        #expect(rejection(Self.nested(65).bytes) == RLPError(.depthLimitExceeded, offset: Self.nested(65).offsets[64]))

        let (max, _) = Self.nested(RLP.maxDepthLimit)
        let item = try RLP.decode(max, maxDepth: .max)
        #expect(item.encoded() == max)
        #expect(throws: Never.self) { try RLP.validate(max, maxDepth: .max) }
        #expect(try walkTop(max, maxDepth: .max) == item)
    }

    @Test func chainOfShortListPrefixes() throws {
        // 10,000 × 0xc1: each list claims one byte, so the second already overruns the first.
        let chain = [UInt8](repeating: 0xC1, count: 10_000)
        #expect(rejection(chain) == RLPError(.exceedsEnclosingList, offset: 1))
        #expect(rejection(chain + [0x80]) == RLPError(.exceedsEnclosingList, offset: 1))
    }

    @Test func tenMegabyteString() throws {
        let count = 10_000_000  // 0x989680: three length bytes
        var bytes: [UInt8] = [0xBA, 0x98, 0x96, 0x80]
        bytes.reserveCapacity(4 + count)
        for i in 0..<count { bytes.append(UInt8(truncatingIfNeeded: i &* 31)) }
        let item = try RLP.decode(bytes)
        guard case .bytes(let payload) = item else {
            Issue.record("expected a byte string")
            return
        }
        #expect(payload.count == count)
        #expect(payload[...] == bytes[4...])
        #expect(item.encodedLength == bytes.count)
        #expect(item.encoded() == bytes)
        var r = RLPReader(bytes)
        #expect(try r.nextBytes().count == count)
        try r.expectEnd()
        // One byte short.
        #expect(errorOf { try RLP.validate(Array(bytes.dropLast())) } == RLPError(.truncated, offset: 0))
    }

    @Test func topLevelListReader() throws {
        #expect(errorOf { try RLPReader.list(in: []) } == RLPError(.emptyInput, offset: 0))
        #expect(errorOf { try RLPReader.list(in: [0x80]) } == RLPError(.expectedList, offset: 0))
        #expect(errorOf { try RLPReader.list(in: [0xB8, 0x01, 0xFF]) } == RLPError(.nonCanonicalLongForm, offset: 0))
        #expect(errorOf { try RLPReader.list(in: [0xC1]) } == RLPError(.truncated, offset: 0))
        #expect(errorOf { try RLPReader.list(in: [0xC0], maxDepth: 0) } == RLPError(.depthLimitExceeded, offset: 0))
        #expect(errorOf { try RLPReader.list(in: [0xC1, 0x01, 0x02]) } == RLPError(.trailingBytes, offset: 2))
        let f = try RLPReader.list(in: [0xC0], maxDepth: 1)
        #expect(f.isAtEnd && f.depth == 1 && f.maxDepth == 1)
        #expect(try RLPReader.list(in: [0xC0], maxDepth: 5000).maxDepth == RLP.maxDepthLimit)
    }

    @Test func offsetsAreIndicesOfTheSlice() throws {
        let raw: [UInt8] = [0x02, 0xC3, 0x01, 0x81, 0x05]
        #expect(errorOf { try RLP.decode(raw[1...]) } == RLPError(.nonCanonicalSingleByte, offset: 3))
        #expect(errorOf { try RLP.validate(raw[1...]) } == RLPError(.nonCanonicalSingleByte, offset: 3))
        let withTrailing: [UInt8] = [0x02, 0xC0, 0x00]
        #expect(errorOf { try RLPReader.list(in: withTrailing[1...]) } == RLPError(.trailingBytes, offset: 2))
    }

    @Test func hexPrefixRejections() throws {
        #expect(errorOf { try RLP.hexPrefixDecode([]) } == RLPError(.emptyInput, offset: 0))
        #expect(errorOf { try RLP.hexPrefixDecode([0x40]) } == RLPError(.invalidHexPrefix, offset: 0))
        #expect(errorOf { try RLP.hexPrefixDecode([0x01, 0x23]) } == RLPError(.invalidHexPrefix, offset: 0))
        #expect(errorOf { try RLP.hexPrefixDecode([0x25]) } == RLPError(.invalidHexPrefix, offset: 0))
        #expect(try RLP.hexPrefixDecode([0x20]) == ([], true))
        #expect(try RLP.hexPrefixDecode([0x3F]) == ([0xF], true))
        #expect(RLP.hexPrefixEncode(nibbles: [], terminating: false) == [0x00])
    }
}
