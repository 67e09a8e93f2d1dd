import Foundation
import RLP
import Testing
import TestSupport

/// vectors/rlp.json, produced by vectors/gen_rlp.py from pyrlp 5.0.0.
struct RLPVectorFile: Decodable {
    struct Valid: Decodable { let item: JSONItem; let rlp: String }
    struct Integer: Decodable { let value: String; let be: String; let rlp: String }
    struct Rejected: Decodable { let kind: String?; let rlp: String; let code: String; let offset: Int }
    struct Legacy: Decodable {
        let nonce, gasPrice, gasLimit, to, value, data, v, r, s, rlp: String
    }
    let valid: [Valid]
    let integers: [Integer]
    let bad_integers: [Rejected]
    let invalid: [Rejected]
    let legacy_shaped: [Legacy]

    static let shared: RLPVectorFile? = try? Vectors.decode(RLPVectorFile.self, from: Vectors.project("rlp.json"))
}

/// A legacy-transaction-shaped list encoded through the fast path.
struct LegacyShape: RLPListEncodable, Equatable {
    var nonce: UInt64
    var gasPrice: UInt64
    var gasLimit: UInt64
    var to: [UInt8]
    var value: [UInt8]  // big-endian, any leading zeros
    var data: [UInt8]
    var v: UInt64
    var r: [UInt8]
    var s: [UInt8]

    var rlpPayloadLength: Int {
        RLP.lengthOfInteger(nonce) + RLP.lengthOfInteger(gasPrice) + RLP.lengthOfInteger(gasLimit)
            + RLP.lengthOfBytes(to) + RLP.lengthOfInteger(bigEndian: value) + RLP.lengthOfBytes(data)
            + RLP.lengthOfInteger(v) + RLP.lengthOfInteger(bigEndian: r) + RLP.lengthOfInteger(bigEndian: s)
    }

    func encodeRLPPayload(into w: inout RLPWriter) {
        w.appendInteger(nonce)
        w.appendInteger(gasPrice)
        w.appendInteger(gasLimit)
        w.appendBytes(to)
        w.appendInteger(bigEndian: value)
        w.appendBytes(data)
        w.appendInteger(v)
        w.appendInteger(bigEndian: r)
        w.appendInteger(bigEndian: s)
    }

    init(nonce: UInt64, gasPrice: UInt64, gasLimit: UInt64, to: [UInt8], value: [UInt8], data: [UInt8], v: UInt64, r: [UInt8], s: [UInt8]) {
        (self.nonce, self.gasPrice, self.gasLimit, self.to, self.value, self.data, self.v, self.r, self.s) =
            (nonce, gasPrice, gasLimit, to, value, data, v, r, s)
    }

    /// Strict decode with the view reader.
    init(rlp bytes: [UInt8]) throws(RLPError) {
        var f = try RLPReader.list(in: bytes)
        nonce = try f.nextUInt64()
        gasPrice = try f.nextUInt64()
        gasLimit = try f.nextUInt64()
        to = Array(try f.nextBytes())
        value = Array(try f.nextInteger(maxBytes: 32))
        data = Array(try f.nextBytes())
        v = try f.nextUInt64()
        r = Array(try f.nextInteger(maxBytes: 32))
        s = Array(try f.nextInteger(maxBytes: 32))
        try f.expectEnd()
    }
}

@Suite struct ProjectVectorTests {
    let file: RLPVectorFile

    init() throws {
        file = try #require(RLPVectorFile.shared, "vectors/rlp.json missing or unreadable")
    }

    @Test func validStructures() throws {
        #expect(file.valid.count >= 250)
        for (i, v) in file.valid.enumerated() {
            let tree = v.item.rlpItem
            let out = hex(v.rlp)
            #expect(tree.encoded() == out, "valid[\(i)] encode")
            #expect(tree.encodedLength == out.count, "valid[\(i)] encodedLength")
            #expect(try RLP.decode(out) == tree, "valid[\(i)] decode")
            #expect(try walkTop(out) == tree, "valid[\(i)] reader")
            #expect(throws: Never.self, "valid[\(i)] validate") { try RLP.validate(out) }
            var r = RLPReader(out)
            #expect(try r.nextEncoded() == out[...], "valid[\(i)] nextEncoded")
            #expect(tree.rlpEncoded(prefix: 0x7F) == [0x7F] + out, "valid[\(i)] prefixed")
        }
    }

    @Test func integerBoundaries() throws {
        #expect(file.integers.count >= 66)
        for n in file.integers {
            let be = hex(n.be)
            let out = hex(n.rlp)
            #expect(decimalToBigEndian(n.value) == be, "\(n.value): vector consistency")
            // Encoding from big-endian bytes, with and without extra leading zeros.
            #expect(RLP.lengthOfInteger(bigEndian: be) == out.count, "\(n.value)")
            #expect(RLP.build(length: out.count) { $0.appendInteger(bigEndian: be) } == out, "\(n.value)")
            let padded = [0, 0, 0] + be
            #expect(RLP.build(length: out.count) { $0.appendInteger(bigEndian: padded) } == out, "\(n.value) padded")
            #expect(RLPItem.integer(bigEndian: padded).encoded() == out, "\(n.value) item")
            // Raw-memory paths.
            be.withUnsafeBytes { raw in
                #expect(RLP.lengthOfInteger(bigEndian: raw) == out.count, "\(n.value) raw")
                #expect(RLP.build(length: out.count) { $0.appendInteger(bigEndian: raw) } == out, "\(n.value) raw")
            }
            #expect(RLP.lengthOfInteger(bigEndian: padded[...]) == out.count, "\(n.value) generic")
            #expect(RLP.build(length: out.count) { $0.appendInteger(bigEndian: padded[...]) } == out, "\(n.value) generic")
            // Decoding as bytes.
            var r = RLPReader(out)
            #expect(Array(try r.nextInteger(maxBytes: 33)) == be, "\(n.value)")
            var rr = RLPReader(out)
            #expect(out[try rr.nextIntegerRange(maxBytes: 33)] == be[...], "\(n.value) range")
            // 256-bit limbs, alone and inside a list after other items (exercising both the
            // short-input and the wide-load read paths).
            if be.count <= 32 {
                let l = limbs(be)
                #expect(RLP.lengthOfInteger(littleEndianLimbs: l) == out.count, "\(n.value) limbs")
                #expect(RLP.byteCount(littleEndianLimbs: l) == be.count, "\(n.value) limbs")
                #expect(RLP.build(length: out.count) { $0.appendInteger(littleEndianLimbs: l) } == out, "\(n.value) limbs")
                var r256 = RLPReader(out)
                #expect(try r256.nextInteger256() == l, "\(n.value) limbs")
                let listed = RLP.encodeList(payloadLength: 9 + out.count) { w in
                    w.appendInteger(0xFFFF_FFFF_FFFF_FFFF as UInt64)
                    w.appendRaw(out)
                }
                var f = try RLPReader.list(in: listed)
                #expect(try f.nextUInt64() == .max)
                #expect(try f.nextInteger256() == l, "\(n.value) limbs in list")
                try f.expectEnd()
            } else {
                var r256 = RLPReader(out)
                #expect(errorOf { try r256.nextInteger256() } == RLPError(.integerTooLarge, offset: 0))
            }
            if be.count > 0 {
                var short = RLPReader(out)
                #expect(errorOf { try short.nextInteger(maxBytes: be.count - 1) } == RLPError(.integerTooLarge, offset: 0))
            }
            // UInt64 paths.
            if let u = UInt64(n.value) {
                #expect(RLP.lengthOfInteger(u) == out.count, "\(n.value)")
                #expect(RLP.encode(integer: u) == out, "\(n.value)")
                #expect(RLPItem.integer(u).encoded() == out, "\(n.value)")
                var r64 = RLPReader(out)
                #expect(try r64.nextUInt64() == u, "\(n.value)")
                var rg = RLPReader(out)
                #expect(try rg.nextInteger(as: UInt64.self) == u, "\(n.value)")
                // Generic paths for narrower and wider integer types.
                #expect(RLP.lengthOfInteger(UInt(u)) == out.count)
                if let u32 = UInt32(exactly: u) {
                    #expect(RLP.build(length: out.count) { $0.appendInteger(u32) } == out)
                    var r32 = RLPReader(out)
                    #expect(try r32.nextInteger(as: UInt32.self) == u32)
                } else {
                    var r32 = RLPReader(out)
                    #expect(errorOf { try r32.nextInteger(as: UInt32.self) }?.kind == .integerTooLarge)
                }
                if let u8 = UInt8(exactly: u) {
                    var r8 = RLPReader(out)
                    #expect(try r8.nextInteger(as: UInt8.self) == u8)
                }
            } else {
                var r64 = RLPReader(out)
                #expect(errorOf { try r64.nextUInt64() } == RLPError(.integerTooLarge, offset: 0), "\(n.value)")
            }
            if #available(macOS 15.0, *) { try checkUInt128(n, be: be, out: out) }
        }
    }

    /// Integers wider than 64 bits through the generic FixedWidthInteger paths.
    @available(macOS 15.0, *)
    func checkUInt128(_ n: RLPVectorFile.Integer, be: [UInt8], out: [UInt8]) throws {
        guard be.count <= 16 else {
            var r = RLPReader(out)
            #expect(errorOf { try r.nextInteger(as: UInt128.self) }?.kind == .integerTooLarge)
            return
        }
        var v: UInt128 = 0
        for b in be { v = v << 8 | UInt128(b) }
        #expect(RLP.lengthOfInteger(v) == out.count, "\(n.value) UInt128")
        #expect(RLP.build(length: out.count) { $0.appendInteger(v) } == out, "\(n.value) UInt128")
        var r128 = RLPReader(out)
        #expect(try r128.nextInteger(as: UInt128.self) == v, "\(n.value) UInt128")
    }

    @Test func nonCanonicalIntegers() throws {
        #expect(file.bad_integers.count >= 10)
        for b in file.bad_integers {
            let out = hex(b.rlp)
            #expect(throws: Never.self) { try RLP.decode(out) }  // valid RLP as bytes
            var r1 = RLPReader(out)
            let e1 = errorOf { try r1.nextInteger(maxBytes: 64) }
            #expect(e1?.code == b.code && e1?.offset == b.offset, "\(b.rlp)")
            if out.count <= 9 {  // payloads of at most 8 bytes
                var r2 = RLPReader(out)
                #expect(errorOf { try r2.nextUInt64() }?.code == b.code, "\(b.rlp)")
            }
            var r3 = RLPReader(out)
            #expect(errorOf { try r3.nextIntegerRange(maxBytes: 64) }?.code == b.code, "\(b.rlp)")
            if out.count <= 33 {
                var r4 = RLPReader(out)
                #expect(errorOf { try r4.nextInteger256() }?.code == b.code, "\(b.rlp)")
            }
        }
    }

    @Test func invalidEncodings() throws {
        #expect(file.invalid.count >= 100)
        var kinds = Set<String>()
        for c in file.invalid {
            let out = hex(c.rlp)
            let e = errorOf { try RLP.decode(out) }
            #expect(e?.code == c.code && e?.offset == c.offset, "\(c.kind ?? "?"): \(c.rlp) -> \(String(describing: e))")
            #expect(errorOf { try RLP.validate(out) } == e, "\(c.kind ?? "?") validate")
            #expect(errorOf { try walkTop(out) } == e, "\(c.kind ?? "?") reader")
            kinds.insert(c.kind ?? "")
        }
        #expect(kinds.count >= 9)
    }

    @Test func legacyShapedLists() throws {
        #expect(file.legacy_shaped.count >= 20)
        for (i, t) in file.legacy_shaped.enumerated() {
            let out = hex(t.rlp)
            func int(_ s: String) throws -> UInt64 { try #require(UInt64(s)) }
            func be(_ s: String) throws -> [UInt8] { try #require(decimalToBigEndian(s)) }
            let shape = LegacyShape(
                nonce: try int(t.nonce), gasPrice: try int(t.gasPrice), gasLimit: try int(t.gasLimit),
                to: hex(t.to), value: try be(t.value), data: hex(t.data), v: try int(t.v),
                r: [0] + (try be(t.r)), s: try be(t.s))
            #expect(shape.rlpEncodedLength == out.count, "legacy[\(i)] length")
            #expect(shape.rlpEncoded() == out, "legacy[\(i)] encode")
            #expect(shape.rlpEncoded(prefix: 0x01) == [0x01] + out, "legacy[\(i)] typed envelope")
            #expect(RLP.encode(shape) == out, "legacy[\(i)] RLP.encode")
            var decoded = try LegacyShape(rlp: out)
            decoded.r.insert(0, at: 0)
            #expect(decoded == shape, "legacy[\(i)] decode")
            // The same fields through the allocation-free accessors.
            var g = try RLPReader.list(in: out)
            #expect(try g.nextUInt64() == shape.nonce)
            #expect(try g.nextInteger(as: UInt64.self) == shape.gasPrice)
            #expect(try g.nextUInt64() == shape.gasLimit)
            #expect(out[try g.nextBytesRange()] == shape.to[...])
            #expect(try g.nextInteger256() == limbs(try be(t.value)))
            #expect(out[try g.nextBytesRange()] == shape.data[...])
            #expect(try g.nextUInt64() == shape.v)
            #expect(try g.nextInteger256() == limbs(try be(t.r)))
            #expect(out[try g.nextIntegerRange(maxBytes: 32)] == shape.s[...])
            try g.expectEnd()
            // The typed envelope decodes from a slice with absolute offsets.
            let typed = [0x02] + out
            var f = try RLPReader.list(in: typed[1...])
            #expect(try f.nextUInt64() == shape.nonce)
        }
    }
}
