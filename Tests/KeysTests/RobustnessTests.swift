import Foundation
import Keys
import Secp256k1
import TestSupport
import Testing

/// Malformed input of every kind must give an error, never a crash.
@Suite struct RobustnessTests {
    /// The seeded generator (SplitMix64, from TestSupport), so failures reproduce.
    typealias SplitMix = SplitMix64

    @Test func mutatedKeystoresNeverCrash() throws {
        var rng = SplitMix(state: 42)
        let base = KeyVectors.jsonBytes(KeystoreTests.valid)
        let alphabet = Array("{}[]\":,0123456789abcdefx-. \\ntrue".utf8)
        for _ in 0..<400 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = alphabet.randomElement(using: &rng) ?? 0
                case 1: bytes.remove(at: i)
                default: bytes.insert(alphabet.randomElement(using: &rng) ?? 0, at: i)
                }
            }
            // Parsing only: decryption work is bounded by the memory limit and tested elsewhere.
            _ = try? Keystore(json: bytes)
        }
        for junk in ["", "null", "3", "\"x\"", "[1,2]", "{\"version\":3,\"crypto\":[]}", "{\"version\":1e999}"] {
            #expect(throws: KeysError.self) { try Keystore(json: junk) }
        }
    }

    @Test func randomTextNeverCrashesParsers() {
        var rng = SplitMix(state: 7)
        let pieces = ["abandon", "about", "zoo", "m", "/", "'", "h", "0", "9", "2147483648", " ", "\n", "0x",
                      "ff", "é", "\u{3000}", "\u{0}", "-", "legal", "winner"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...30, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            _ = try? Mnemonic(phrase: text)
            _ = try? DerivationPath(text)
            _ = try? KeySource.privateKey(hex: text)
        }
    }

    @Test func randomSignaturesNeverCrashRecovery() {
        var rng = SplitMix(state: 99)
        let hash = [UInt8](repeating: 0xab, count: 32)
        for _ in 0..<300 {
            let bytes = (0..<65).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if let sig = try? RecoverableSignature(rsv: bytes) {
                _ = try? Secp256k1.recoverPublicKey(hash: hash, signature: sig, allowHighS: true)
            }
            let raw = try? RecoverableSignature(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]), yParity: bytes[64])
            if let raw { _ = try? Secp256k1.recoverAddressBytes(hash: hash, signature: raw) }
            _ = try? PublicKey(bytes: Array(bytes[0..<33]))
            _ = try? PublicKey(bytes: bytes)
        }
    }
}
