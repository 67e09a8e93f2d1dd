import LibCrypto
import TestSupport
import Testing

@Suite struct LibCryptoTests {
    // FIPS 180-2 examples.
    @Test func sha256Vectors() throws {
        #expect(TestHex.encode(try LibCrypto.sha256([]), prefix: false)
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(TestHex.encode(try LibCrypto.sha256(Array("abc".utf8)), prefix: false)
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    // RFC 4231 test case 2.
    @Test func hmacSHA256() throws {
        let mac = try LibCrypto.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(TestHex.encode(mac, prefix: false)
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    // NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), first two blocks.
    @Test func aes128CTRNistVector() throws {
        let key = TestHex.decode("2b7e151628aed2a6abf7158809cf4f3c")!
        let iv = TestHex.decode("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")!
        let plain = TestHex.decode("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")!
        let cipher = try LibCrypto.aes128CTR(key: key, iv: iv, data: plain)
        #expect(TestHex.encode(cipher, prefix: false)
            == "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff")
        #expect(try LibCrypto.aes128CTR(key: key, iv: iv, data: cipher) == plain)
        #expect(try LibCrypto.aes128CTR(key: key, iv: iv, data: []) == [])
    }

    // Web3 Secret Storage treats the IV as one 128-bit counter that wraps (see the "evilnonce" keystore).
    @Test func aes128CTRCounterWrapsAround() throws {
        let key = [UInt8](repeating: 7, count: 16)
        let ivMax = [UInt8](repeating: 0xff, count: 16)
        let ivZero = [UInt8](repeating: 0, count: 16)
        let data = [UInt8](repeating: 0, count: 32)
        let a = try LibCrypto.aes128CTR(key: key, iv: ivMax, data: data)
        let b = try LibCrypto.aes128CTR(key: key, iv: ivZero, data: [UInt8](repeating: 0, count: 16))
        // The second block under IV ff…ff uses counter 00…00.
        #expect(Array(a[16..<32]) == b)
    }

    @Test func aes128CTRRejectsBadSizes() {
        #expect(throws: LibCryptoError.self) { try LibCrypto.aes128CTR(key: [1], iv: [UInt8](repeating: 0, count: 16), data: []) }
        #expect(throws: LibCryptoError.self) { try LibCrypto.aes128CTR(key: [UInt8](repeating: 0, count: 16), iv: [], data: []) }
    }

    @Test func constantTimeEqual() {
        #expect(LibCrypto.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!LibCrypto.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!LibCrypto.constantTimeEqual([1, 2], [1, 2, 3]))
        #expect(LibCrypto.constantTimeEqual([], []))
        var secret: [UInt8] = [9, 9, 9]
        LibCrypto.cleanse(&secret)
        #expect(secret == [0, 0, 0])
    }

    @Test func pbkdf2EmptyPassword() throws {
        // RFC 7914 PBKDF2 vectors use non-empty passwords; an empty one must simply work.
        let a = try LibCrypto.pbkdf2(password: [], salt: Array("salt".utf8), iterations: 2, keyLength: 32)
        #expect(a.count == 32)
    }
}

/// RFC 7914 section 12 test vectors (the 1 GiB fourth vector is left out to keep the suite fast).
@Suite struct ScryptTests {
    struct Case: Sendable {
        let password: String, salt: String, n: Int, r: Int, p: Int, expected: String
    }

    static let rfc7914: [Case] = [
        Case(password: "", salt: "", n: 16, r: 1, p: 1, expected:
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
        Case(password: "password", salt: "NaCl", n: 1024, r: 8, p: 16, expected:
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
        Case(password: "pleaseletmein", salt: "SodiumChloride", n: 16384, r: 8, p: 1, expected:
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
            + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
    ]

    @Test(arguments: rfc7914)
    func romixMatchesRFC7914(_ c: Case) throws {
        let dk = try Scrypt.deriveWithROMix(
            password: Array(c.password.utf8), salt: Array(c.salt.utf8), n: c.n, r: c.r, p: c.p, keyLength: 64)
        #expect(TestHex.encode(dk, prefix: false) == c.expected)
    }

    @Test(arguments: rfc7914)
    func openSSLMatchesRFC7914(_ c: Case) throws {
        let dk = try Scrypt.deriveWithOpenSSL(
            password: Array(c.password.utf8), salt: Array(c.salt.utf8), n: c.n, r: c.r, p: c.p, keyLength: 64)
        #expect(TestHex.encode(dk, prefix: false) == c.expected)
    }

    @Test(arguments: [(2, 1, 1, 1), (4, 2, 3, 17), (64, 1, 2, 32), (256, 3, 1, 100), (1024, 2, 2, 33), (8, 16, 1, 65)])
    func romixAgreesWithOpenSSL(_ params: (Int, Int, Int, Int)) throws {
        let (n, r, p, len) = params
        let password = Array("pw-\(n)-\(r)".utf8)
        let salt = Array("salt-\(p)-\(len)".utf8)
        let a = try Scrypt.deriveWithROMix(password: password, salt: salt, n: n, r: r, p: p, keyLength: len)
        let b = try Scrypt.deriveWithOpenSSL(password: password, salt: salt, n: n, r: r, p: p, keyLength: len)
        #expect(a == b)
        #expect(try Scrypt.derive(password: password, salt: salt, n: n, r: r, p: p, keyLength: len) == a)
    }

    @Test func openSSLRefusesLargeNWithSmallR() throws {
        #expect(!Scrypt.openSSLAccepts(n: 1 << 16, r: 1, p: 1))
        #expect(Scrypt.openSSLAccepts(n: 1 << 15, r: 1, p: 1))
        #expect(Scrypt.openSSLAccepts(n: 1 << 18, r: 2, p: 1))
        #expect(Scrypt.openSSLAccepts(n: 1 << 18, r: 8, p: 1))
        #expect(throws: LibCryptoError.self) {
            try Scrypt.deriveWithOpenSSL(password: [1], salt: [2], n: 1 << 16, r: 1, p: 1, keyLength: 32)
        }
    }

    @Test func parameterValidation() {
        func code(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let e as LibCryptoError { return e.code } catch { return "other" }
        }
        #expect(code { try Scrypt.validate(n: 1, r: 1, p: 1, keyLength: 32) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: 0, r: 1, p: 1, keyLength: 32) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: -4, r: 1, p: 1, keyLength: 32) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: 1000, r: 1, p: 1, keyLength: 32) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: 16, r: 0, p: 1, keyLength: 32) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: 16, r: 1, p: 0, keyLength: 32) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: 16, r: 1 << 15, p: 1 << 15, keyLength: 32) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: 16, r: 1, p: 1, keyLength: 0) } == "invalid_parameter")
        #expect(code { try Scrypt.validate(n: 1 << 20, r: 8, p: 1, keyLength: 32) } == "kdf_memory_limit")
        #expect(code { try Scrypt.validate(n: 1 << 62, r: 8, p: 1, keyLength: 32) } == "kdf_memory_limit")
        #expect(code { try Scrypt.validate(n: 1 << 20, r: 8, p: 1, keyLength: 32, memoryLimit: 1 << 31) } == nil)
        #expect(code { _ = try Scrypt.derive(password: [], salt: [], n: 1 << 18, r: 8, p: 1, keyLength: 32, memoryLimit: 1 << 20) }
            == "kdf_memory_limit")
    }
}
