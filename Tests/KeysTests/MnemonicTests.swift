import Foundation
import Keys
import LibCrypto
import Secp256k1
import TestSupport
import Testing

@Suite struct MnemonicTests {
    nonisolated(unsafe) static let mnemonics = KeyVectors.section("mnemonics")
    nonisolated(unsafe) static let bip39 = KeyVectors.section("bip39")

    @Test func vectorsPresent() {
        #expect(Self.mnemonics.count == 9)
        #expect(Self.bip39.count == 4)
    }

    @Test func wordlistIsTheStandardEnglishList() throws {
        // SHA-256 of the standard english.txt (words separated and ended by newlines).
        let text = Array((Mnemonic.englishWordlist.joined(separator: "\n") + "\n").utf8)
        #expect(TestHex.encode(try LibCrypto.sha256(text), prefix: false)
            == "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda")
    }

    /// Published BIP-39 vectors with passphrase "TREZOR".
    @Test(arguments: 0..<4)
    func publishedVectors(_ index: Int) throws {
        let v = Self.bip39[index]
        let phrase = v["mnemonic"] as? String ?? ""
        let m = try Mnemonic(phrase: phrase)
        #expect(m.phrase == phrase)
        #expect(m.entropy == KeyVectors.hex(v["entropy"]))
        #expect(try Mnemonic(entropy: KeyVectors.hex(v["entropy"])) == m)
        #expect(try m.seed(passphrase: "TREZOR") == KeyVectors.hex(v["seed"]))
    }

    @Test(arguments: 0..<9)
    func seedsAndAccounts(_ index: Int) throws {
        let v = Self.mnemonics[index]
        let phrase = v["mnemonic"] as? String ?? ""
        let passphrase = v["passphrase"] as? String ?? ""
        let m = try Mnemonic(phrase: phrase)
        if v["entropy"] != nil {
            #expect(m.entropy == KeyVectors.hex(v["entropy"]))
            #expect(try Mnemonic(entropy: KeyVectors.hex(v["entropy"])).phrase == phrase)
        }
        let seed = try m.seed(passphrase: passphrase)
        #expect(seed == KeyVectors.hex(v["seed"]))
        let master = try ExtendedPrivateKey.master(seed: seed)
        for account in v["accounts"] as? [[String: Any]] ?? [] {
            let path = try DerivationPath(account["path"] as? String ?? "")
            let key = try master.derive(path).privateKey
            #expect(key.bytesCopy == KeyVectors.hex(account["privateKey"]), "\(path)")
            #expect(try key.ethereumAddressBytes() == KeyVectors.hex(account["address"]), "\(path)")
            #expect(try m.privateKey(path: path, passphrase: passphrase) == key)
        }
    }

    @Test func abandonAboutFirstAccount() throws {
        let m = try Mnemonic(phrase: String(repeating: "abandon ", count: 11) + "about")
        let key = try m.privateKey()
        #expect(try key.ethereumAddressBytes() == TestHex.decode("9858EfFD232B4033E47d90003D41EC34EcaEda94"))
        // --mnemonic-index 0 is the default path.
        #expect(try m.privateKey(path: DerivationPath.ethereum(index: 0)) == key)
    }

    @Test func passphraseIsNormalizedNFKD() throws {
        // The vector's passphrase is stored composed (NFC); a decomposed spelling is the same passphrase.
        let v = try #require(Self.mnemonics.first { ($0["passphrase"] as? String ?? "").unicodeScalars.contains { !$0.isASCII } })
        let passphrase = v["passphrase"] as? String ?? ""
        let m = try Mnemonic(phrase: v["mnemonic"] as? String ?? "")
        #expect(try m.seed(passphrase: passphrase.decomposedStringWithCanonicalMapping) == KeyVectors.hex(v["seed"]))
        #expect(try m.seed(passphrase: passphrase.precomposedStringWithCanonicalMapping) == KeyVectors.hex(v["seed"]))
        #expect(try m.seed(passphrase: passphrase + " ") != KeyVectors.hex(v["seed"]))
    }

    @Test func phraseWhitespaceAndCompatibilityFormsAreNormalized() throws {
        let canonical = String(repeating: "abandon ", count: 11) + "about"
        let m = try Mnemonic(phrase: canonical)
        let messy = "  " + String(repeating: "abandon\t", count: 5) + String(repeating: "abandon  ", count: 6) + "about\r\n"
        #expect(try Mnemonic(phrase: messy) == m)
        // Ideographic spaces and full-width letters fold to ASCII under NFKD.
        let wide = String(repeating: "abandon\u{3000}", count: 11) + "\u{FF41}bout"
        #expect(try Mnemonic(phrase: wide) == m)
        #expect(try Mnemonic(phrase: messy).seed() == m.seed())
    }

    @Test func badMnemonicsAreRejected() {
        let eleven = String(repeating: "abandon ", count: 11)
        expectKeysError("invalid_mnemonic_checksum") { _ = try Mnemonic(phrase: eleven + "abandon") }
        expectKeysError("invalid_mnemonic_checksum") { _ = try Mnemonic(phrase: "legal winner thank year wave sausage worth useful legal winner thank thank") }
        expectKeysError("invalid_mnemonic_word", at: "word 12") { _ = try Mnemonic(phrase: eleven + "abou") }
        expectKeysError("invalid_mnemonic_word", at: "word 1") { _ = try Mnemonic(phrase: "Abandon " + String(repeating: "abandon ", count: 10) + "about") }
        expectKeysError("invalid_mnemonic_word", at: "word 3") { _ = try Mnemonic(phrase: "abandon abandon zzz " + String(repeating: "abandon ", count: 8) + "about") }
        expectKeysError("invalid_mnemonic_word_count") { _ = try Mnemonic(phrase: eleven) }
        expectKeysError("invalid_mnemonic_word_count") { _ = try Mnemonic(phrase: eleven + "about about") }
        expectKeysError("invalid_mnemonic_word_count") { _ = try Mnemonic(phrase: "") }
        expectKeysError("invalid_mnemonic_word_count") { _ = try Mnemonic(phrase: String(repeating: "zoo ", count: 25)) }
        expectKeysError("invalid_entropy_length") { _ = try Mnemonic(entropy: [UInt8](repeating: 0, count: 15)) }
        expectKeysError("invalid_mnemonic_word_count") { _ = try Mnemonic.generate(wordCount: 13) }
        // Errors never contain the words.
        do {
            _ = try Mnemonic(phrase: "abandon abandon secretword " + String(repeating: "abandon ", count: 8) + "about")
        } catch {
            #expect(!"\(error)".contains("secretword"))
        }
    }

    @Test func generation() throws {
        for count in [12, 24, 15, 18, 21] {
            let m = try Mnemonic.generate(wordCount: count)
            #expect(m.words.count == count)
            #expect(try Mnemonic(phrase: m.phrase) == m)
            #expect(m.entropy.count == count * 4 / 3)
        }
        #expect(try Mnemonic.generate() != Mnemonic.generate())
    }

    @Test func mnemonicIsNeverPrinted() throws {
        let m = try Mnemonic(phrase: String(repeating: "abandon ", count: 11) + "about")
        var dumped = ""
        dump(m, to: &dumped)
        for text in ["\(m)", String(reflecting: m), dumped] {
            #expect(!text.contains("abandon"))
        }
        let xprv = try ExtendedPrivateKey.master(seed: m.seed())
        dumped = ""
        dump(xprv, to: &dumped)
        let hex = TestHex.encode(xprv.privateKey.bytesCopy, prefix: false)
        for text in ["\(xprv)", String(reflecting: xprv), dumped] {
            #expect(!text.contains(hex) && !text.contains(TestHex.encode(xprv.chainCode, prefix: false)))
        }
    }
}

@Suite struct DerivationPathTests {
    @Test func parsing() throws {
        let p = try DerivationPath("m/44'/60'/0'/0/0")
        #expect(p == DerivationPath.ethereumDefault)
        #expect(p.description == "m/44'/60'/0'/0/0")
        #expect(try DerivationPath("m/44h/60H/0'/0/0") == p)
        #expect(try DerivationPath("M/44'/60'/0'/0/0") == p)
        #expect(try DerivationPath("m").components.isEmpty)
        #expect(try DerivationPath("m/2147483647'").components == [DerivationPath.Component(index: 2_147_483_647, hardened: true)])
        #expect(try DerivationPath("m/0/1").components.map(\.childNumber) == [0, 1])
        #expect(try DerivationPath("m/5'").components.map(\.childNumber) == [0x8000_0005])
        #expect(try DerivationPath.ethereum(index: 7).description == "m/44'/60'/0'/0/7")
        #expect(try DerivationPath.ethereum(index: 7) == DerivationPath("m/44'/60'/0'/0/7"))
    }

    @Test func malformedPathsNameTheComponent() {
        let cases: [(String, String?)] = [
            ("", "component 0"),
            ("44'/60'", "component 0"),
            ("n/0", "component 0"),
            ("m/", "component 1"),
            ("m//0", "component 1"),
            ("m/0/", "component 2"),
            ("m/44'/60'/x", "component 3"),
            ("m/44'/60'/0''", "component 3"),
            ("m/-1", "component 1"),
            ("m/+1", "component 1"),
            ("m/1 ", "component 1"),
            ("m/ 1", "component 1"),
            ("m/0x10", "component 1"),
            ("m/'", "component 1"),
            ("m/h", "component 1"),
            ("m/2147483648", "component 1"),
            ("m/2147483648'", "component 1"),
            ("m/44'/60'/0'/0/4294967296", "component 5"),
            ("m/99999999999999999999999999", "component 1"),
            ("m/1.5", "component 1"),
            ("m/١", "component 1"),
        ]
        for (text, location) in cases {
            expectKeysError("invalid_derivation_path", at: location) { _ = try DerivationPath(text) }
        }
        expectKeysError("invalid_derivation_path") { _ = try DerivationPath("m" + String(repeating: "/0", count: 256)) }
        expectKeysError("invalid_derivation_path") { _ = try DerivationPath.ethereum(index: 1 << 31) }
        expectKeysError("invalid_derivation_path") { _ = try DerivationPath.Component(index: 1 << 31, hardened: false) }
        do {
            _ = try DerivationPath("m/44'/60'/abc")
        } catch {
            #expect("\(error)".contains("\"abc\""))
        }
    }

    @Test func seedLength() {
        expectKeysError("invalid_seed_length") { _ = try ExtendedPrivateKey.master(seed: [UInt8](repeating: 1, count: 15)) }
        expectKeysError("invalid_seed_length") { _ = try ExtendedPrivateKey.master(seed: [UInt8](repeating: 1, count: 65)) }
    }

    @Test func childBookkeeping() throws {
        let master = try ExtendedPrivateKey.master(seed: [UInt8](repeating: 7, count: 32))
        #expect(master.depth == 0 && master.childNumber == 0 && master.chainCode.count == 32)
        let child = try master.derive(DerivationPath("m/1'/2"))
        #expect(child.depth == 2 && child.childNumber == 2)
        #expect(try master.child(.init(index: 1, hardened: true)).child(.init(index: 2, hardened: false)).privateKey == child.privateKey)
        #expect(try master.derive(DerivationPath("m")).privateKey == master.privateKey)
    }
}
