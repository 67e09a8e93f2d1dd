import Foundation
import Keys
import LibCrypto
import Secp256k1
import TestSupport
import Testing

/// vectors/keys.json loaded once with Foundation.
enum KeyVectors {
    nonisolated(unsafe) static let root: [String: Any] = (try? Vectors.json(Vectors.project("keys.json"))) as? [String: Any] ?? [:]

    static func hex(_ v: Any?) -> [UInt8] { TestHex.decode(v as? String ?? "") ?? [] }

    static func section(_ name: String) -> [[String: Any]] { root[name] as? [[String: Any]] ?? [] }

    static func jsonBytes(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}

/// Expects a KeysError with `code` (and `location` when given).
func expectKeysError(
    _ code: String, at location: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(code), nothing thrown", sourceLocation: sourceLocation)
    } catch let error as KeysError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let location {
            #expect(error.location == location, "\(error)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected KeysError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct KeystoreTests {
    nonisolated(unsafe) static let cases = KeyVectors.section("keystores")

    @Test func vectorsPresent() {
        #expect(Self.cases.count == 8)
    }

    @Test(arguments: 0..<8)
    func decryptsReferenceKeystores(_ index: Int) throws {
        let c = Self.cases[index]
        let json = KeyVectors.jsonBytes(c["json"] as Any)
        let keystore = try Keystore(json: json)
        let key = try keystore.decrypt(password: c["password"] as? String ?? "")
        #expect(key.bytesCopy == KeyVectors.hex(c["privateKey"]))
        #expect(keystore.addressBytes == KeyVectors.hex(c["address"]))
        #expect(try key.ethereumAddressBytes() == KeyVectors.hex(c["address"]))
    }

    @Test func wrongPasswordIsMACMismatch() throws {
        let c = Self.cases[0]
        let keystore = try Keystore(json: KeyVectors.jsonBytes(c["json"] as Any))
        expectKeysError("mac_mismatch", at: "crypto.mac") {
            _ = try keystore.decrypt(password: (c["password"] as? String ?? "") + "x")
        }
        let pbkdf = Self.cases[5]
        expectKeysError("mac_mismatch") {
            _ = try Keystore(json: KeyVectors.jsonBytes(pbkdf["json"] as Any)).decrypt(password: "wrong")
        }
    }

    /// Same salt, IV and id as the reference file: our writer must produce the same crypto fields.
    @Test(arguments: [0, 1, 2, 3, 5, 6, 7])
    func encryptionReproducesReference(_ index: Int) throws {
        let c = Self.cases[index]
        let reference = try Keystore(json: KeyVectors.jsonBytes(c["json"] as Any))
        let key = try PrivateKey(bytes: KeyVectors.hex(c["privateKey"]))
        let password = Array((c["password"] as? String ?? "").utf8)
        let written = try Keystore.encrypt(
            privateKey: key, password: password, kdf: reference.kdf, salt: reference.salt, iv: reference.iv,
            id: reference.id ?? "")
        let ours = try Keystore(json: written)
        #expect(ours.ciphertext == reference.ciphertext)
        #expect(ours.mac == reference.mac)
        #expect(ours.kdf == reference.kdf)
        #expect(ours.salt == reference.salt && ours.iv == reference.iv && ours.id == reference.id)
        #expect(ours.addressBytes == reference.addressBytes)
        // The output is geth-style JSON: lowercase address without 0x, version 3, crypto object.
        let object = try JSONSerialization.jsonObject(with: Data(written)) as? [String: Any] ?? [:]
        let referenceAddress = ((c["json"] as? [String: Any])?["address"] as? String ?? "").lowercased()
        #expect(object["address"] as? String == referenceAddress)
        #expect(object["version"] as? Int == 3)
        #expect(object["id"] as? String == reference.id)
        #expect(Set(object.keys) == ["address", "crypto", "id", "version"])
    }

    @Test func roundTripWithFreshRandomness() throws {
        let key = try PrivateKey.random()
        let a = try Keystore.encrypt(privateKey: key, password: Array("pw".utf8), kdf: .scrypt(n: 1024, r: 8, p: 1))
        let b = try Keystore.encrypt(privateKey: key, password: Array("pw".utf8), kdf: .pbkdf2(iterations: 10))
        let ka = try Keystore(json: a)
        let kb = try Keystore(json: b)
        #expect(try ka.decrypt(password: "pw") == key)
        #expect(try kb.decrypt(password: "pw") == key)
        #expect(ka.salt.count == 32 && ka.iv.count == 16 && ka.salt != kb.salt && ka.iv != kb.iv)
        // A version-4 UUID: 8-4-4-4-12 lowercase hex, version nibble 4, variant 10xx.
        let id = try #require(ka.id)
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect(["8", "9", "a", "b"].contains(parts[3].first))
        #expect(id == id.lowercased() && ka.id != kb.id)
        expectKeysError("mac_mismatch") { _ = try kb.decrypt(password: "PW") }
    }

    @Test func defaultKDFsAreTheStandardOnes() {
        #expect(Keystore.KDF.defaultScrypt == .scrypt(n: 262_144, r: 8, p: 1))
        #expect(Keystore.KDF.defaultPBKDF2 == .pbkdf2(iterations: 262_144))
    }

    // MARK: Validation, with JSON paths

    nonisolated(unsafe) static let valid: [String: Any] = [
        "address": "008aeeda4d805471df9b2a5b0f38a0c3bcba786b",
        "crypto": [
            "cipher": "aes-128-ctr",
            "cipherparams": ["iv": "83dbcc02d8ccb40e466191a123791e0e"],
            "ciphertext": "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
            "kdf": "scrypt",
            "kdfparams": ["dklen": 32, "n": 1024, "r": 8, "p": 1,
                          "salt": "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"],
            "mac": "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097",
        ] as [String: Any],
        "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
        "version": 3,
    ]

    /// `valid` with one change at a dotted path (nil removes the field).
    static func mutated(_ path: String, _ value: Any?) -> [UInt8] {
        func apply(_ object: [String: Any], _ keys: ArraySlice<String>) -> [String: Any] {
            var object = object
            guard let first = keys.first else { return object }
            if keys.count == 1 {
                object[first] = value
            } else {
                object[first] = apply(object[first] as? [String: Any] ?? [:], keys.dropFirst())
            }
            return object
        }
        return KeyVectors.jsonBytes(apply(valid, ArraySlice(path.split(separator: ".").map(String.init))))
    }

    @Test func validTemplateParses() throws {
        let k = try Keystore(json: KeyVectors.jsonBytes(Self.valid))
        #expect(k.kdf == .scrypt(n: 1024, r: 8, p: 1))
    }

    @Test func fieldErrorsNameTheJSONPath() {
        let cases: [(String, Any?, String, String)] = [
            ("version", nil, "missing_field", "version"),
            ("version", 4, "unsupported_version", "version"),
            ("version", "3", "invalid_field", "version"),
            ("version", true, "invalid_field", "version"),
            ("version", 3.5, "invalid_field", "version"),
            ("crypto", nil, "missing_field", "crypto"),
            ("crypto", "x", "invalid_field", "crypto"),
            ("crypto.cipher", "aes-256-ctr", "unsupported_cipher", "crypto.cipher"),
            ("crypto.cipher", nil, "missing_field", "crypto.cipher"),
            ("crypto.cipherparams", nil, "missing_field", "crypto.cipherparams"),
            ("crypto.cipherparams.iv", "00", "invalid_field", "crypto.cipherparams.iv"),
            ("crypto.cipherparams.iv", "zz", "invalid_field", "crypto.cipherparams.iv"),
            ("crypto.cipherparams.iv", 5, "invalid_field", "crypto.cipherparams.iv"),
            ("crypto.ciphertext", "abc", "invalid_field", "crypto.ciphertext"),
            ("crypto.ciphertext", "00", "invalid_field", "crypto.ciphertext"),
            ("crypto.mac", nil, "missing_field", "crypto.mac"),
            ("crypto.mac", "00", "invalid_field", "crypto.mac"),
            ("crypto.kdf", "argon2", "unsupported_kdf", "crypto.kdf"),
            ("crypto.kdfparams", nil, "missing_field", "crypto.kdfparams"),
            ("crypto.kdfparams.n", nil, "missing_field", "crypto.kdfparams.n"),
            ("crypto.kdfparams.n", 1000, "invalid_kdf_params", "crypto.kdfparams.n"),
            ("crypto.kdfparams.n", 1, "invalid_kdf_params", "crypto.kdfparams.n"),
            ("crypto.kdfparams.n", -1024, "invalid_kdf_params", "crypto.kdfparams.n"),
            ("crypto.kdfparams.n", "1024", "invalid_field", "crypto.kdfparams.n"),
            ("crypto.kdfparams.n", 1024.5, "invalid_field", "crypto.kdfparams.n"),
            ("crypto.kdfparams.r", 0, "invalid_kdf_params", "crypto.kdfparams.r"),
            ("crypto.kdfparams.p", 0, "invalid_kdf_params", "crypto.kdfparams.p"),
            ("crypto.kdfparams.p", nil, "missing_field", "crypto.kdfparams.p"),
            ("crypto.kdfparams.dklen", 16, "invalid_kdf_params", "crypto.kdfparams.dklen"),
            ("crypto.kdfparams.salt", "xyz", "invalid_field", "crypto.kdfparams.salt"),
            ("address", "1234", "invalid_field", "address"),
            ("address", 12, "invalid_field", "address"),
            ("id", 12, "invalid_field", "id"),
        ]
        for (path, value, code, location) in cases {
            expectKeysError(code, at: location) { _ = try Keystore(json: Self.mutated(path, value)) }
        }
        expectKeysError("invalid_json", at: "byte 1") { _ = try Keystore(json: Array("{".utf8)) }
        expectKeysError("invalid_json") { _ = try Keystore(json: Array("[]".utf8)) }
        expectKeysError("invalid_json", at: "byte 0") { _ = try Keystore(json: []) }
    }

    /// The keystore is read with the project's strict JSON reader: a byte-order mark, a
    /// duplicate key (named in the message), trailing content and deep nesting are refused,
    /// each error naming its byte offset.
    @Test func strictJSON() throws {
        let good = KeyVectors.jsonBytes(Self.valid)
        _ = try Keystore(json: good)
        expectKeysError("invalid_json", at: "byte 0") { _ = try Keystore(json: [0xEF, 0xBB, 0xBF] + good) }
        let duplicate = Array(#"{"version":3,"version":3}"#.utf8)
        do {
            _ = try Keystore(json: duplicate)
            Issue.record("accepted a duplicate key")
        } catch {
            #expect(error.code == "invalid_json")
            #expect(error.message.contains("duplicate key \"version\""))
            #expect(error.location == "byte 13")
        }
        expectKeysError("invalid_json") { _ = try Keystore(json: good + Array(" {}".utf8)) }
        expectKeysError("invalid_json") { _ = try Keystore(json: Array(repeating: UInt8(ascii: "["), count: 100_000)) }
        expectKeysError("invalid_json") { _ = try Keystore(json: Array(#"{"version":3,"x":"\#u{00}"}"#.utf8)) }
    }

    @Test func pbkdf2FieldErrors() {
        let base = """
        {"version":3,"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
        "ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
        "kdfparams":{"c":C,"dklen":32,"prf":"PRF","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
        "mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"}}
        """
        func json(_ c: String, _ prf: String) -> [UInt8] {
            Array(base.replacingOccurrences(of: "C", with: c).replacingOccurrences(of: "PRF", with: prf).utf8)
        }
        #expect((try? Keystore(json: json("262144", "hmac-sha256")))?.kdf == .pbkdf2(iterations: 262_144))
        expectKeysError("unsupported_prf", at: "crypto.kdfparams.prf") { _ = try Keystore(json: json("10", "hmac-sha512")) }
        expectKeysError("invalid_kdf_params", at: "crypto.kdfparams.c") { _ = try Keystore(json: json("0", "hmac-sha256")) }
        expectKeysError("invalid_kdf_params", at: "crypto.kdfparams.c") { _ = try Keystore(json: json("4294967296", "hmac-sha256")) }
        expectKeysError("invalid_field", at: "crypto.kdfparams.c") { _ = try Keystore(json: json("1e3", "hmac-sha256")) }
        expectKeysError("invalid_field", at: "crypto.kdfparams.c") { _ = try Keystore(json: json("99999999999999999999999", "hmac-sha256")) }
    }

    @Test func fieldNamesMatchCaseInsensitively() throws {
        var upper = Self.valid
        upper["Crypto"] = upper.removeValue(forKey: "crypto")
        upper["Version"] = upper.removeValue(forKey: "version")
        let k = try Keystore(json: KeyVectors.jsonBytes(upper))
        #expect(k.kdf == .scrypt(n: 1024, r: 8, p: 1))
        var both = Self.valid
        both["Crypto"] = both["crypto"]
        expectKeysError("ambiguous_field", at: "crypto") { _ = try Keystore(json: KeyVectors.jsonBytes(both)) }
    }

    @Test func memoryLimitIsCheckedBeforeWork() throws {
        let huge = Self.mutated("crypto.kdfparams.n", 1 << 40)
        let k = try Keystore(json: huge)
        expectKeysError("kdf_memory_limit", at: "crypto.kdfparams") { _ = try k.decrypt(password: "x") }
        let small = try Keystore(json: KeyVectors.jsonBytes(Self.valid))
        expectKeysError("kdf_memory_limit") { _ = try small.decrypt(password: "x", memoryLimit: 1 << 16) }
        expectKeysError("kdf_memory_limit") {
            _ = try Keystore(json: Self.mutated("crypto.kdfparams.r", 1 << 20)).decrypt(password: "x")
        }
        expectKeysError("invalid_kdf_params", at: "crypto.kdfparams") {
            _ = try Keystore(json: Self.mutated("crypto.kdfparams.r", 1 << 30))
        }
    }

    @Test func addressMismatchIsAnError() throws {
        // A reference keystore with its address field changed.
        let c = Self.cases[0]
        var object = c["json"] as? [String: Any] ?? [:]
        object["address"] = "0000000000000000000000000000000000000001"
        expectKeysError("address_mismatch", at: "address") {
            _ = try Keystore(json: KeyVectors.jsonBytes(object)).decrypt(password: c["password"] as? String ?? "")
        }
        // Without an address field the key still decrypts.
        object["address"] = nil
        let key = try Keystore(json: KeyVectors.jsonBytes(object)).decrypt(password: c["password"] as? String ?? "")
        #expect(key.bytesCopy == KeyVectors.hex(c["privateKey"]))
    }

    @Test func addressWith0xPrefixAndMixedCaseIsAccepted() throws {
        let c = Self.cases[1]
        var object = c["json"] as? [String: Any] ?? [:]
        object["address"] = "0x" + (object["address"] as? String ?? "")
        let key = try Keystore(json: KeyVectors.jsonBytes(object)).decrypt(password: c["password"] as? String ?? "")
        #expect(key.bytesCopy == KeyVectors.hex(c["privateKey"]))
    }
}

/// vectors/ethereum-tests/KeyStoreTests/basic_tests.json: every keystore decrypts to the
/// given key. test2 (scrypt N = 262144, r = 1, p = 8) is refused by OpenSSL and needs our ROMix.
@Suite struct SharedKeyStoreTests {
    nonisolated(unsafe) static let root: [String: Any] = (try? Vectors.json(
        Vectors.ethereumTests("KeyStoreTests/basic_tests.json"))) as? [String: Any] ?? [:]

    @Test(arguments: ["test1", "test2", "python_generated_test_with_odd_iv", "evilnonce", "mycrypto"])
    func decrypts(_ name: String) throws {
        let c = try #require(Self.root[name] as? [String: Any])
        let keystore = try Keystore(json: KeyVectors.jsonBytes(c["json"] as Any))
        let key = try keystore.decrypt(password: c["password"] as? String ?? "")
        #expect(TestHex.encode(key.bytesCopy, prefix: false) == c["priv"] as? String)
    }

    @Test func test2NeedsOurROMix() throws {
        let c = try #require(Self.root["test2"] as? [String: Any])
        let keystore = try Keystore(json: KeyVectors.jsonBytes(c["json"] as Any))
        #expect(keystore.kdf == .scrypt(n: 262_144, r: 1, p: 8))
        #expect(!Scrypt.openSSLAccepts(n: 262_144, r: 1, p: 8))
    }

    @Test func wrongPasswordFails() throws {
        let c = try #require(Self.root["mycrypto"] as? [String: Any])
        expectKeysError("mac_mismatch") {
            _ = try Keystore(json: KeyVectors.jsonBytes(c["json"] as Any)).decrypt(password: "foobartest122")
        }
    }
}
