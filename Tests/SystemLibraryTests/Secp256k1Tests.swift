import Foundation
import Secp256k1
import TestSupport
import Testing

/// vectors/keys.json "signatures" (eth-keys, RFC 6979, low s).
struct SignatureVectors {
    struct Signature {
        let hash: [UInt8], r: [UInt8], s: [UInt8], yParity: UInt8, highS: [UInt8], highSYParity: UInt8
    }
    struct Key {
        let privateKey: [UInt8], publicKey: [UInt8], compressed: [UInt8], address: [UInt8]
        let signatures: [Signature]
    }
    let keys: [Key]
    let unrecoverable: [(hash: [UInt8], r: [UInt8], s: [UInt8])]

    static let shared: SignatureVectors = {
        let root = (try? Vectors.json(Vectors.project("keys.json"))) as? [String: Any] ?? [:]
        func hex(_ v: Any?) -> [UInt8] { TestHex.decode(v as? String ?? "") ?? [] }
        let keys = (root["signatures"] as? [[String: Any]] ?? []).map { k in
            Key(
                privateKey: hex(k["privateKey"]), publicKey: hex(k["publicKey"]),
                compressed: hex(k["compressedPublicKey"]), address: hex(k["address"]),
                signatures: (k["signatures"] as? [[String: Any]] ?? []).map { s in
                    Signature(
                        hash: hex(s["hash"]), r: hex(s["r"]), s: hex(s["s"]),
                        yParity: UInt8(s["yParity"] as? Int ?? 9), highS: hex(s["highS"]),
                        highSYParity: UInt8(s["highSYParity"] as? Int ?? 9))
                })
        }
        let bad = (root["unrecoverable"] as? [[String: Any]] ?? []).map { (hash: hex($0["hash"]), r: hex($0["r"]), s: hex($0["s"])) }
        return SignatureVectors(keys: keys, unrecoverable: bad)
    }()
}

let curveOrder = TestHex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!

@Suite struct Secp256k1Tests {
    let vectors = SignatureVectors.shared

    @Test func vectorFileLoaded() {
        #expect(vectors.keys.count >= 20)
        #expect(vectors.keys.reduce(0) { $0 + $1.signatures.count } >= 100)
        #expect(vectors.unrecoverable.count == 2)
    }

    @Test func publicKeysAndAddresses() throws {
        for v in vectors.keys {
            let key = try PrivateKey(bytes: v.privateKey)
            let pub = try key.publicKey()
            #expect(pub.uncompressed == v.publicKey)
            #expect(pub.compressed == v.compressed)
            #expect(try key.compressedPublicKey() == v.compressed)
            #expect(pub.xy == Array(v.publicKey.dropFirst()))
            #expect(pub.ethereumAddressBytes == v.address)
            #expect(try key.ethereumAddressBytes() == v.address)
            #expect(try Secp256k1.uncompressedPublicKey(privateKey: v.privateKey) == v.publicKey)
            // Parsing every public key form gives the same key.
            #expect(try PublicKey(bytes: v.publicKey) == pub)
            #expect(try PublicKey(bytes: v.compressed) == pub)
            #expect(try PublicKey(bytes: Array(v.publicKey.dropFirst())) == pub)
            #expect(Set([try PublicKey(bytes: v.compressed), pub]).count == 1)
        }
    }

    @Test func signaturesMatchReferenceByteForByte() throws {
        for v in vectors.keys {
            let key = try PrivateKey(bytes: v.privateKey)
            let signer = try PrivateKeySigner(privateKey: key)
            #expect(signer.addressBytes == v.address)
            for s in v.signatures {
                let sig = try signer.sign(hash: s.hash)
                #expect(sig.r == s.r && sig.s == s.s && sig.yParity == s.yParity)
                #expect(sig.isLowS)
                #expect(try key.sign(hash: s.hash) == sig)
                #expect(sig.rsv() == s.r + s.s + [27 + s.yParity])
                #expect(sig.rsv(vOffset: 0) == s.r + s.s + [s.yParity])
                #expect(try RecoverableSignature(rsv: sig.rsv()) == sig)
                #expect(try RecoverableSignature(rsv: sig.rsv(vOffset: 0)) == sig)
            }
        }
    }

    @Test func recoveryAndVerification() throws {
        for v in vectors.keys {
            let pub = try PublicKey(bytes: v.publicKey)
            for s in v.signatures {
                let sig = try RecoverableSignature(r: s.r, s: s.s, yParity: s.yParity)
                #expect(try Secp256k1.recoverPublicKey(hash: s.hash, signature: sig) == pub)
                #expect(try Secp256k1.recoverAddressBytes(hash: s.hash, signature: sig) == v.address)
                #expect(Secp256k1.verify(hash: s.hash, signature: sig, publicKey: pub))
                #expect(Secp256k1.verify(hash: s.hash, r: s.r, s: s.s, publicKey: pub))
                #expect(pub.isValidSignature(sig, hash: s.hash))
                try sig.validate()

                // Wrong parity recovers some other key (or none); wrong hash fails verification.
                let flipped = try RecoverableSignature(r: s.r, s: s.s, yParity: 1 - s.yParity)
                #expect((try? Secp256k1.recoverPublicKey(hash: s.hash, signature: flipped)) != pub)
                var otherHash = s.hash
                otherHash[31] ^= 1
                #expect(!Secp256k1.verify(hash: otherHash, signature: sig, publicKey: pub))

                // The high-s twin: rejected by default, same key when high s is allowed.
                let high = try RecoverableSignature(r: s.r, s: s.highS, yParity: s.highSYParity)
                #expect(!high.isLowS)
                #expect(throws: Secp256k1Error.highS) { try Secp256k1.recoverPublicKey(hash: s.hash, signature: high) }
                #expect(throws: Secp256k1Error.highS) { try high.validate() }
                try high.validate(allowHighS: true)
                #expect(try Secp256k1.recoverPublicKey(hash: s.hash, signature: high, allowHighS: true) == pub)
                #expect(!Secp256k1.verify(hash: s.hash, signature: high, publicKey: pub))
                #expect(Secp256k1.verify(hash: s.hash, signature: high, publicKey: pub, allowHighS: true))
            }
        }
    }

    @Test func rejectsOutOfRangeSignatures() throws {
        let v = vectors.keys[0]
        let s = v.signatures[0]
        let zero = [UInt8](repeating: 0, count: 32)
        var nPlusOne = curveOrder
        nPlusOne[31] += 1
        let cases: [([UInt8], [UInt8], UInt8, Secp256k1Error)] = [
            (zero, s.s, s.yParity, .invalidSignatureR),
            (curveOrder, s.s, s.yParity, .invalidSignatureR),
            (nPlusOne, s.s, s.yParity, .invalidSignatureR),
            ([UInt8](repeating: 0xff, count: 32), s.s, s.yParity, .invalidSignatureR),
            (s.r, zero, s.yParity, .invalidSignatureS),
            (s.r, curveOrder, s.yParity, .invalidSignatureS),
            (s.r, [UInt8](repeating: 0xff, count: 32), s.yParity, .invalidSignatureS),
            (s.r, s.s, 2, .invalidRecoveryID(2)),
            (s.r, s.s, 27, .invalidRecoveryID(27)),
        ]
        let pub = try PublicKey(bytes: v.publicKey)
        for (r, sv, y, expected) in cases {
            let sig = try RecoverableSignature(r: r, s: sv, yParity: y)
            #expect(throws: expected) { try Secp256k1.recoverPublicKey(hash: s.hash, signature: sig) }
            #expect(throws: expected) { try Secp256k1.recoverPublicKey(hash: s.hash, signature: sig, allowHighS: true) }
            #expect(throws: expected) { try sig.validate(allowHighS: true) }
            if y <= 1 {
                #expect(!Secp256k1.verify(hash: s.hash, signature: sig, publicKey: pub, allowHighS: true))
            }
        }
        for u in vectors.unrecoverable {
            for y: UInt8 in [0, 1] {
                let sig = try RecoverableSignature(r: u.r, s: u.s, yParity: y)
                #expect(throws: Secp256k1Error.recoveryFailed) { try Secp256k1.recoverPublicKey(hash: u.hash, signature: sig) }
            }
        }
    }

    @Test func rejectsMalformedLengths() throws {
        let s = vectors.keys[0].signatures[0]
        let sig = try RecoverableSignature(r: s.r, s: s.s, yParity: s.yParity)
        #expect(throws: Secp256k1Error.invalidHashLength(31)) {
            try Secp256k1.recoverPublicKey(hash: Array(s.hash.dropLast()), signature: sig)
        }
        #expect(throws: Secp256k1Error.invalidSignatureLength(31)) { try RecoverableSignature(r: Array(s.r.dropLast()), s: s.s, yParity: 0) }
        #expect(throws: Secp256k1Error.invalidSignatureLength(33)) { try RecoverableSignature(r: s.r, s: s.s + [0], yParity: 0) }
        #expect(throws: Secp256k1Error.invalidSignatureLength(64)) { try RecoverableSignature(rsv: s.r + s.s) }
        #expect(throws: Secp256k1Error.invalidRecoveryID(29)) { try RecoverableSignature(rsv: s.r + s.s + [29]) }
        #expect(throws: Secp256k1Error.invalidRecoveryID(2)) { try RecoverableSignature(rsv: s.r + s.s + [2]) }
        // Short big-endian r/s (as RLP carries them) are left-padded; leading zeros are dropped.
        let short = try RecoverableSignature(rBigEndian: [0, 0, 5], sBigEndian: [7], yParity: 1)
        #expect(short.r == [UInt8](repeating: 0, count: 31) + [5])
        #expect(short.s == [UInt8](repeating: 0, count: 31) + [7])
        #expect(throws: Secp256k1Error.invalidSignatureLength(33)) {
            try RecoverableSignature(rBigEndian: [1] + s.r, sBigEndian: s.s, yParity: 0)
        }
        let key = try PrivateKey(bytes: vectors.keys[0].privateKey)
        #expect(throws: Secp256k1Error.invalidHashLength(0)) { try key.sign(hash: []) }
        #expect(throws: Secp256k1Error.invalidHashLength(33)) { try PrivateKeySigner(privateKey: key).sign(hash: s.hash + [0]) }
        let pub = try key.publicKey()
        #expect(!Secp256k1.verify(hash: [1, 2], r: s.r, s: s.s, publicKey: pub))
        #expect(!Secp256k1.verify(hash: s.hash, r: [1], s: s.s, publicKey: pub))
    }

    @Test func privateKeyValidation() throws {
        var one = [UInt8](repeating: 0, count: 32)
        one[31] = 1
        var nMinusOne = curveOrder
        nMinusOne[31] -= 1
        var nPlusOne = curveOrder
        nPlusOne[31] += 1
        _ = try PrivateKey(bytes: one)
        _ = try PrivateKey(bytes: nMinusOne)
        for bad in [[UInt8](repeating: 0, count: 32), curveOrder, nPlusOne, [UInt8](repeating: 0xff, count: 32),
                    [1], [], one + [0], Array(one.dropFirst())] {
            #expect(throws: Secp256k1Error.invalidPrivateKey) { try PrivateKey(bytes: bad) }
        }
        #expect(try PrivateKey(bytes: one) == PrivateKey(bytes: one))
        #expect(try PrivateKey(bytes: one) != PrivateKey(bytes: nMinusOne))
        #expect(try PrivateKey(bytes: one).bytesCopy == one)
        try PrivateKey(bytes: nMinusOne).withUnsafeBytes { #expect(Array($0) == nMinusOne) }
    }

    @Test func privateKeyIsNeverPrinted() throws {
        let keyBytes = vectors.keys[9].privateKey
        let key = try PrivateKey(bytes: keyBytes)
        let hex = TestHex.encode(keyBytes, prefix: false)
        let signer = try PrivateKeySigner(privateKey: key)
        var dumped = ""
        dump(key, to: &dumped)
        dump(signer, to: &dumped)
        let texts = [
            "\(key)", String(describing: key), String(reflecting: key), dumped,
            "\(signer)", String(reflecting: signer), "\([key])", "\(Optional(key) as Any)",
            String(describing: (key, 1)),
        ]
        for text in texts {
            #expect(!text.lowercased().contains(hex))
            #expect(!text.contains(keyBytes.map { String($0) }.joined(separator: ", ")))
        }
        #expect("\(key)" == "PrivateKey(<redacted>)")
    }

    @Test func tweakAddition() throws {
        var one = [UInt8](repeating: 0, count: 32)
        one[31] = 1
        var two = one
        two[31] = 2
        var three = one
        three[31] = 3
        var nMinusOne = curveOrder
        nMinusOne[31] -= 1
        #expect(try PrivateKey(bytes: one).adding(tweak: two) == PrivateKey(bytes: three))
        // (n-1) + 2 = 1 (mod n).
        #expect(try PrivateKey(bytes: nMinusOne).adding(tweak: two) == PrivateKey(bytes: one))
        // A zero tweak leaves the key; a tweak ≥ n or a zero sum is refused.
        #expect(try PrivateKey(bytes: two).adding(tweak: [UInt8](repeating: 0, count: 32)) == PrivateKey(bytes: two))
        #expect(throws: Secp256k1Error.invalidTweak) { try PrivateKey(bytes: one).adding(tweak: curveOrder) }
        #expect(throws: Secp256k1Error.invalidTweak) { try PrivateKey(bytes: nMinusOne).adding(tweak: one) }
        #expect(throws: Secp256k1Error.invalidTweak) { try PrivateKey(bytes: one).adding(tweak: [1]) }
    }

    @Test func publicKeyParsingRejectsGarbage() {
        let v = vectors.keys[0]
        var badPrefix = v.compressed
        badPrefix[0] = 0x05
        var offCurve = v.publicKey
        offCurve[64] ^= 1
        for bad in [[], [0x02], badPrefix, offCurve, Array(v.publicKey.dropLast()), [UInt8](repeating: 0, count: 33)] {
            #expect(throws: Secp256k1Error.invalidPublicKey) { try PublicKey(bytes: bad) }
        }
    }

    @Test func randomKeysAndConcurrentSigning() async throws {
        let a = try PrivateKey.random()
        let b = try PrivateKey.random()
        #expect(a != b)
        let signer = try PrivateKeySigner(privateKey: a)
        let hashes = (0..<64).map { i in [UInt8](repeating: UInt8(i), count: 32) }
        let expected = try hashes.map { try signer.sign(hash: $0) }
        let results = try await withThrowingTaskGroup(of: (Int, RecoverableSignature).self) { group in
            for (i, h) in hashes.enumerated() {
                group.addTask { (i, try signer.sign(hash: h)) }
            }
            var out = [Int: RecoverableSignature]()
            for try await (i, sig) in group { out[i] = sig }
            return out
        }
        for (i, sig) in expected.enumerated() {
            #expect(results[i] == sig)
            #expect(try Secp256k1.recoverAddressBytes(hash: hashes[i], signature: sig) == signer.addressBytes)
        }
    }

    @Test func errorCodesAreStable() {
        #expect(Secp256k1Error.highS.code == "signature_high_s")
        #expect(Secp256k1Error.invalidRecoveryID(2).code == "invalid_recovery_id")
        #expect(Secp256k1Error.invalidPrivateKey.code == "invalid_private_key")
        #expect(Secp256k1Error.invalidSignatureR.location == nil)
        #expect(!Secp256k1Error.recoveryFailed.message.isEmpty)
    }
}
