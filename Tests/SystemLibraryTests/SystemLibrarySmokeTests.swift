import LibCrypto
import Secp256k1
import TestSupport
import Testing

@Suite struct SystemLibrarySmokeTests {
    @Test func secp256k1DerivesTheGeneratorForKeyOne() throws {
        var key = [UInt8](repeating: 0, count: 32)
        key[31] = 1
        let pub = try Secp256k1.uncompressedPublicKey(privateKey: key)
        #expect(TestHex.encode(pub) == "0x04"
            + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8")
    }

    @Test func secp256k1RejectsZeroAndOrder() {
        #expect(!Secp256k1.isValidPrivateKey([UInt8](repeating: 0, count: 32)))
        let n = TestHex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")!
        #expect(!Secp256k1.isValidPrivateKey(n))
        #expect(!Secp256k1.isValidPrivateKey([1]))
        #expect(throws: Secp256k1Error.invalidPrivateKey) {
            try Secp256k1.uncompressedPublicKey(privateKey: n)
        }
    }

    // RFC 4231 test case 2.
    @Test func hmacSHA512() throws {
        let mac = try LibCrypto.hmacSHA512(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(TestHex.encode(mac, prefix: false)
            == "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")
    }

    // RFC 7914 section 11, PBKDF2-HMAC-SHA256 c=1.
    @Test func pbkdf2SHA256() throws {
        let dk = try LibCrypto.pbkdf2(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, keyLength: 64)
        #expect(TestHex.encode(dk, prefix: false).hasPrefix("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"))
    }

    @Test func sha3EmptyString() throws {
        let ctx = try SHA3_256Context()
        #expect(TestHex.encode(try ctx.hash([]), prefix: false)
            == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }

    @Test func randomBytes() throws {
        let a = try LibCrypto.randomBytes(32)
        let b = try LibCrypto.randomBytes(32)
        #expect(a.count == 32 && a != b)
    }
}
