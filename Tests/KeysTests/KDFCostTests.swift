import Foundation
import Keys
import Secp256k1
import Testing

/// The key-derivation work ceiling (`KDFCostLimit`): arithmetic only, nothing derived.
@Suite struct KDFCostTests {
    @Test func standardParametersPassTheDefault() throws {
        try KDFCostLimit.default.check(.defaultScrypt)
        try KDFCostLimit.default.check(.defaultPBKDF2)
        try KDFCostLimit.default.check(.pbkdf2(iterations: 1_000_000))
        // Exactly 64 × the standard work is still accepted; one step above is not.
        try KDFCostLimit.default.check(.scrypt(n: 1 << 24, r: 8, p: 1))
        try KDFCostLimit.default.check(.scrypt(n: 1 << 18, r: 8, p: 64))
        try KDFCostLimit.default.check(.pbkdf2(iterations: 1 << 26))
        #expect(throws: KeysError.self) { try KDFCostLimit.default.check(.pbkdf2(iterations: (1 << 26) + 1)) }
        #expect(throws: KeysError.self) { try KDFCostLimit.default.check(.scrypt(n: 1 << 18, r: 8, p: 65)) }
    }

    @Test(arguments: [
        Keystore.KDF.scrypt(n: 1 << 30, r: 8, p: 1),
        .scrypt(n: 1 << 18, r: 8, p: 100_000),
        .scrypt(n: 1 << 21, r: 1, p: 1 << 21),
        .scrypt(n: 1 << 62, r: 1 << 20, p: 1 << 29),  // n·r·p overflows Int
        .pbkdf2(iterations: Int(Int32.max)),
    ])
    func expensiveParametersAreRefused(kdf: Keystore.KDF) {
        do throws(KeysError) {
            try KDFCostLimit.default.check(kdf)
            Issue.record("\(kdf) accepted")
        } catch {
            #expect(error.code == "kdf_too_expensive")
            #expect(error.location?.hasPrefix("crypto.kdfparams") == true)
            #expect(error.message.contains("--max-kdf-cost"))
        }
    }

    @Test func theMultipleRaisesTheCeiling() throws {
        let high = KDFCostLimit(multiple: 1 << 12)
        try high.check(.scrypt(n: 1 << 18, r: 8, p: 4096))
        try high.check(.pbkdf2(iterations: Int(Int32.max)))
        #expect(throws: KeysError.self) { try KDFCostLimit(multiple: 1).check(.scrypt(n: 1 << 19, r: 8, p: 1)) }
        #expect(KDFCostLimit(multiple: 0).multiple == 1)
        #expect(KDFCostLimit(multiple: .max).maxScryptWork == .max)
    }

    /// A keystore asking for scrypt n = 2^30 is refused by `decrypt` at once: the check comes
    /// before the memory check and before anything is allocated or derived.
    @Test func decryptRefusesBeforeDeriving() throws {
        let zeros = String(repeating: "00", count: 32)
        let json = #"{"version":3,"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"\#(String(repeating: "00", count: 16))"},"ciphertext":"\#(zeros)","kdf":"scrypt","kdfparams":{"n":1073741824,"r":8,"p":1,"dklen":32,"salt":"\#(zeros)"},"mac":"\#(zeros)"}}"#
        let store = try Keystore(json: json)
        let started = Date()
        do throws(KeysError) {
            _ = try store.decrypt(password: "x", memoryLimit: .max)
            Issue.record("decrypted")
        } catch {
            #expect(error.code == "kdf_too_expensive")
        }
        #expect(Date().timeIntervalSince(started) < 1)
        // Encrypting with parameters above the ceiling is refused the same way.
        #expect(throws: KeysError.self) {
            _ = try Keystore.encrypt(privateKey: try PrivateKey(bytes: [UInt8](repeating: 1, count: 32)),
                                     password: [0x61], kdf: .pbkdf2(iterations: Int(Int32.max)))
        }
    }
}
