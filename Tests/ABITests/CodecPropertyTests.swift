import ABI
import BallastJSON
import EthereumPrimitives
import TestSupport
import Testing

/// Round trips over random type trees and values from a seeded generator.
@Suite struct CodecPropertyTests {
    @Test func decodeEncodeRoundTrip() throws {
        var gen = CodecGenerator(rng: CodecRandom(seed: 0xABC0_DEC0))
        for _ in 0..<1500 {
            let types = (0..<Int.random(in: 0...4, using: &gen.rng)).map { _ in gen.type(depth: 3) }
            let values = types.map { gen.value($0) }
            let encoded = try ABIEncoder.encode(values, as: types)
            #expect(encoded.count % 32 == 0)
            #expect(try ABIEncoder.encodedSize(of: values, as: types) == encoded.count)
            let decoded = try ABIDecoder.decode(types, from: encoded)
            #expect(decoded == values, "\(types)")
            let report = try ABIDecoder.decodeReport(types, from: encoded, mode: .lenient)
            #expect(report.isCanonical && report.values == values)
            // JSON value format round trip.
            let json = ABIValue.jsonArray(values)
            #expect(try ABIValue.list(fromJSON: json, types: types) == values)
            // The same bytes as calldata after a selector.
            let call = try ABIEncoder.encodeCall(selector: [1, 2, 3, 4], values: values, types: types)
            #expect(call == [1, 2, 3, 4] + encoded)
            #expect(try ABIDecoder.decodeCall(call, selector: [1, 2, 3, 4], types: types) == values)
            // The same with the types laid out beforehand (what the call-tree decoder uses), and
            // the same refusals: another selector, a byte too many or too few.
            let layout = try #require(ABIArgumentLayout(types))
            #expect(try ABIDecoder.decodeCall(call, selectorWord: 0x0102_0304, layout: layout) == values)
            #expect((try? ABIDecoder.decodeCall(call, selectorWord: 0x0102_0305, layout: layout)) == nil)
            #expect((try? ABIDecoder.decodeCall(call + [0], selectorWord: 0x0102_0304, layout: layout))
                == (try? ABIDecoder.decodeCall(call + [0], selector: [1, 2, 3, 4], types: types)))
            if call.count > 4 {
                #expect((try? ABIDecoder.decodeCall(Array(call.dropLast()), selectorWord: 0x0102_0304, layout: layout))
                    == (try? ABIDecoder.decodeCall(Array(call.dropLast()), selector: [1, 2, 3, 4], types: types)))
            }
            // An argument list without a selector, laid out beforehand, decodes and refuses alike.
            #expect(try ABIDecoder.decode(encoded, layout: layout) == values)
            #expect((try? ABIDecoder.decode(encoded + [0], layout: layout)) == (try? ABIDecoder.decode(types, from: encoded + [0])))
            if !encoded.isEmpty {
                #expect((try? ABIDecoder.decode(Array(encoded.dropLast()), layout: layout)) == nil)
            }
        }
    }

    /// Decoding from slices and raw buffers gives the same result as from arrays.
    @Test func inputForms() throws {
        var gen = CodecGenerator(rng: CodecRandom(seed: 7))
        for _ in 0..<100 {
            let types = [gen.type(depth: 2), gen.type(depth: 2)]
            let values = types.map { gen.value($0) }
            let encoded = try ABIEncoder.encode(values, as: types)
            let padded = [0xEE] + encoded + [0xEE]
            #expect(try ABIDecoder.decode(types, from: padded[1..<(padded.count - 1)]) == values)
            #expect(try encoded.withUnsafeBytes { try ABIDecoder.decode(types, from: $0) } == values)
            #expect(try ABIDecoder.decode(types, from: CodecNonContiguousBytes(encoded)) == values)
        }
    }
}

/// A byte collection without contiguous storage.
struct CodecNonContiguousBytes: Collection {
    let base: [UInt8]
    init(_ base: [UInt8]) { self.base = base }
    var startIndex: Int { 0 }
    var endIndex: Int { base.count }
    func index(after i: Int) -> Int { i + 1 }
    subscript(i: Int) -> UInt8 { base[i] }
}

/// Hostile inputs: the decoder must fail fast and never crash or allocate for claimed sizes.
@Suite struct CodecAdversarialTests {
    static func big(_ n: UInt256) -> [UInt8] { n.bigEndianBytes32 }
    static func word(_ n: UInt64) -> [UInt8] { UInt256(n).bigEndianBytes32 }

    func rejects(_ types: [ABIType], _ data: [UInt8], code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        for mode in [ABIDecodingMode.strict, .lenient] {
            do {
                _ = try ABIDecoder.decode(types, from: data, mode: mode)
                Issue.record("accepted in \(mode)", sourceLocation: sourceLocation)
            } catch {
                if let code { #expect(error.code == code, "\(error)", sourceLocation: sourceLocation) }
            }
        }
    }

    @Test func hugeClaimedLengths() {
        let huge: [UInt256] = [UInt256(1) << 64, UInt256(1) << 255, .max, UInt256(UInt64(Int.max)), UInt256(1_000_000_000)]
        for n in huge {
            rejects([.array(.uint256)], Self.word(32) + Self.big(n), code: "abi_decode_length_out_of_bounds")
            rejects([.bytes], Self.word(32) + Self.big(n), code: "abi_decode_length_out_of_bounds")
            rejects([.string], Self.word(32) + Self.big(n) + Self.word(0), code: "abi_decode_length_out_of_bounds")
            rejects([.array(.bytes)], Self.word(32) + Self.big(n) + Self.word(0), code: "abi_decode_length_out_of_bounds")
            rejects([.array(.fixedArray(.uint256, count: 1_000_000_000))], Self.word(32) + Self.big(n), code: "abi_decode_length_out_of_bounds")
            rejects([.uint256, .bytes], Self.word(0) + Self.big(n), code: "abi_decode_offset_out_of_bounds")
        }
        // Length × element size just above the remaining data.
        rejects([.array(.uint256)], Self.word(32) + Self.word(3) + Self.word(1) + Self.word(2), code: "abi_decode_length_out_of_bounds")
        rejects([.array(.fixedArray(.uint256, count: 2))], Self.word(32) + Self.word(2) + Self.word(1) + Self.word(2) + Self.word(3),
                code: "abi_decode_length_out_of_bounds")
        // Pathological fixed arrays: sizes are computed with overflow checks.
        rejects([.fixedArray(.fixedArray(.fixedArray(.uint256, count: Int.max / 2), count: Int.max / 2), count: 3)], Self.word(0))
        rejects([.fixedArray(.bytes, count: 1_000_000_000)], Self.word(32) + Self.word(0), code: "abi_decode_offset_out_of_bounds")
        rejects([.array(.fixedArray(.bytes, count: Int.max / 16))], Self.word(32) + Self.word(1) + Self.word(32), code: "abi_decode_offset_out_of_bounds")
    }

    @Test func selfReferencesAndCycles() {
        // An offset pointing at itself, or anywhere in the heads it belongs to.
        rejects([.bytes], Self.word(0), code: "abi_decode_offset_into_head")
        rejects([.uint256, .bytes], Self.word(32) + Self.word(32), code: "abi_decode_offset_into_head")
        rejects([.tuple([.bytes])], Self.word(32) + Self.word(0), code: "abi_decode_offset_into_head")
        rejects([.array(.bytes)], Self.word(32) + Self.word(1) + Self.word(0), code: "abi_decode_offset_into_head")
        // An inner offset pointing back to the outer array (a cycle): before its own heads.
        let outer = Self.word(32) + Self.word(1) + Self.word(32) + Self.word(1) + Self.big(UInt256(UInt64.max) << 192)
        rejects([.array(.array(.bytes))], outer, code: "abi_decode_offset_out_of_bounds")
        var back = Self.word(32) + Self.word(1) + Self.word(32) + Self.word(1)
        back += Self.big(UInt256.zero &- UInt256(64))  // -64 as a two's complement offset
        rejects([.array(.array(.bytes))], back, code: "abi_decode_offset_out_of_bounds")
    }

    @Test func deepStaticTypes() throws {
        var t = ABIType.uint(bits: 8)
        for _ in 0..<10 { t = .fixedArray(t, count: 2) }
        var gen = CodecGenerator(rng: CodecRandom(seed: 3))
        let v = gen.value(t)
        let encoded = try ABIEncoder.encode([v], as: [t])
        #expect(encoded.count == 1024 * 32)
        #expect(try ABIDecoder.decode([t], from: encoded) == [v])
        // 64 levels are accepted, 65 are not.
        var deep = ABIType.bool
        for _ in 0..<63 { deep = .array(deep) }
        var value = ABIValue.bool(true)
        for _ in 0..<63 { value = .array([value]) }
        let e = try ABIEncoder.encode([value], as: [deep])
        #expect(try ABIDecoder.decode([deep], from: e) == [value])
        rejects([.array(deep)], Self.word(32) + Self.word(0), code: "abi_invalid_type")
    }

    /// Thousands of seeded mutations of the vector encodings: never a crash, and whatever strict
    /// mode accepts re-encodes to exactly the input.
    @Test func randomMutationsNeverCrash() throws {
        var rng = CodecRandom(seed: 0xF022)
        let corpus = try CodecVectors.list(CodecVectors.main, "roundtrip").map { c in
            (try codecTypes(trees: c["tree"]), codecHex(c["hex"]))
        }.filter { !$0.1.isEmpty && $0.1.count <= 3000 }
        #expect(corpus.count > 100)
        let interesting: [UInt256] = [.zero, .one, UInt256(31), UInt256(32), UInt256(33), UInt256(64), .max, UInt256(1) << 255, UInt256(1) << 64]
        var strictAccepted = 0
        for _ in 0..<4000 {
            let (types, original) = corpus[Int.random(in: 0..<corpus.count, using: &rng)]
            var data = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                switch Int.random(in: 0..<6, using: &rng) {
                case 0:
                    data[Int.random(in: 0..<data.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 1 where data.count >= 32:
                    let w = Int.random(in: 0..<(data.count / 32), using: &rng) * 32
                    let v = interesting[Int.random(in: 0..<interesting.count, using: &rng)]
                    data.replaceSubrange(w..<(w + 32), with: v.bigEndianBytes32)
                case 1 where data.count >= 32, 2 where data.count >= 32:
                    let w = Int.random(in: 0..<(data.count / 32), using: &rng) * 32
                    let delta = UInt256(UInt64.random(in: 1...64, using: &rng))
                    let old = UInt256(bigEndian: data[w..<(w + 32)]) ?? .zero
                    data.replaceSubrange(w..<(w + 32), with: (Bool.random(using: &rng) ? old &+ delta : old &- delta).bigEndianBytes32)
                case 3:
                    data.removeLast(min(data.count, Int.random(in: 1...40, using: &rng)))
                case 4:
                    data.insert(contentsOf: rng.bytes(Int.random(in: 1...40, using: &rng)), at: Int.random(in: 0...data.count, using: &rng))
                default:
                    data += rng.bytes(Int.random(in: 1...33, using: &rng))
                }
                if data.isEmpty { break }
            }
            if let values = try? ABIDecoder.decode(types, from: data) {
                strictAccepted += 1
                #expect(try ABIEncoder.encode(values, as: types) == data)
            }
            if let report = try? ABIDecoder.decodeReport(types, from: data, mode: .lenient), report.isCanonical {
                #expect(try ABIEncoder.encode(report.values, as: types) == data)
            }
        }
        // Some mutations (e.g. a changed value byte) stay canonical.
        #expect(strictAccepted > 0)
    }

    @Test func randomGarbageNeverCrashes() {
        var rng = CodecRandom(seed: 0x6A5B)
        var gen = CodecGenerator(rng: CodecRandom(seed: 0x6A5C))
        for _ in 0..<2000 {
            let types = (0..<Int.random(in: 1...3, using: &rng)).map { _ in gen.type(depth: 3) }
            var data = [UInt8]()
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                // Small words look like offsets and lengths; the rest is noise.
                if Bool.random(using: &rng) {
                    data += UInt256(UInt64.random(in: 0...320, using: &rng)).bigEndianBytes32
                } else {
                    data += rng.bytes(32)
                }
            }
            _ = try? ABIDecoder.decode(types, from: data)
            _ = try? ABIDecoder.decodeReport(types, from: data, mode: .lenient)
        }
    }
}
