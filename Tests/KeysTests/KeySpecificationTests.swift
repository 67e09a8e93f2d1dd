import Foundation
import Keys
import Secp256k1
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `KeySpecification`, the library's entry point for a user's choice of key: every source, and
/// every refusal, without a command line in between. Expected keys and addresses come from
/// vectors/keys.json (eth-account, eth-keyfile, BIP-39/BIP-32 references).
@Suite struct KeySpecificationTests {
    static let keyHex = KeySourceTests.keyHex
    static let keyBytes = KeySourceTests.keyBytes

    static func invalid(_ spec: KeySpecification, _ usage: KeySpecification.Usage = .init(), contains text: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        do throws(KeysError) {
            try spec.validate(usage)
            Issue.record("accepted: \(spec)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == KeySpecification.invalidSpecificationCode, sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Sources

    @Test func keyFileSource() throws {
        let dir = try TempDir()
        let file = try dir.write("key", "0x" + Self.keyHex + "\n", mode: 0o600)
        let spec = KeySpecification(privateKeyFile: file)
        try spec.validate()
        #expect(spec.givenSources == [.privateKeyFile])
        #expect(spec.files == [file])
        #expect(try spec.privateKey().bytesCopy == Self.keyBytes)
        let signer = try spec.signer()
        #expect(signer.addressBytes == (try PrivateKey(bytes: Self.keyBytes).ethereumAddressBytes()))
    }

    @Test func environmentSource() throws {
        #expect(KeySpecification.environmentKey(in: [:]) == nil)
        #expect(KeySpecification.environmentKey(in: ["BALLAST_PRIVATE_KEY": ""]) == nil)
        #expect(KeySpecification.environmentKey(in: ["BALLAST_PRIVATE_KEY": Self.keyHex]) == Self.keyHex)
        let spec = KeySpecification(environmentKey: KeySpecification.environmentKey(in: ["BALLAST_PRIVATE_KEY": Self.keyHex]))
        try spec.validate()
        #expect(try spec.privateKey().bytesCopy == Self.keyBytes)
        expectKeysError("invalid_private_key_hex", at: "BALLAST_PRIVATE_KEY") {
            _ = try KeySpecification(environmentKey: "0x1234").privateKey()
        }
    }

    @Test func hexSource() throws {
        let spec = KeySpecification(privateKeyHex: Self.keyHex)
        try spec.validate()
        #expect(try spec.privateKey().bytesCopy == Self.keyBytes)
        expectKeysError("invalid_private_key", at: "--private-key") {
            _ = try KeySpecification(privateKeyHex: String(repeating: "0", count: 64)).privateKey()
        }
    }

    @Test func keystoreSourceWithPasswordFileOrPrompt() throws {
        let dir = try TempDir()
        let reference = KeystoreTests.cases[5]
        let password = reference["password"] as? String ?? ""
        let store = try dir.write("keystore.json", KeyVectors.jsonBytes(reference["json"] as Any), mode: 0o644)
        let passwordFile = try dir.write("password", password + "\n", mode: 0o600)
        let expected = KeyVectors.hex(reference["privateKey"])

        let withFile = KeySpecification(keystore: store, passwordFile: passwordFile)
        try withFile.validate()
        #expect(withFile.files == [store, passwordFile])
        var prompted = false
        #expect(try withFile.privateKey(password: { _ in prompted = true; return [] }).bytesCopy == expected)
        #expect(!prompted)

        // Without a password file the caller's prompt is asked, with the keystore's path.
        let withPrompt = KeySpecification(keystore: store)
        var askedFor: String?
        let key = try withPrompt.privateKey(password: { path in
            askedFor = path
            return Array(password.utf8)
        })
        #expect(key.bytesCopy == expected)
        #expect(askedFor == store)
        // No prompt: a clear error, never a terminal.
        expectKeysError("password_required", at: store) { _ = try withPrompt.privateKey() }
        // The prompt's own error is passed on.
        expectKeysError("terminal_unreadable") {
            _ = try withPrompt.privateKey(password: { _ in throw KeysError(code: .terminalUnreadable, message: "no") })
        }
        struct Unavailable: Error {}
        expectKeysError("password_unavailable", at: store) {
            _ = try withPrompt.privateKey(password: { _ in throw Unavailable() })
        }
        expectKeysError("mac_mismatch", at: store + ": crypto.mac") {
            _ = try withPrompt.privateKey(password: { _ in Array("wrong".utf8) })
        }
    }

    @Test func mnemonicSourceByIndexPathAndPassphrase() throws {
        let dir = try TempDir()
        let plain = try #require(KeyVectors.section("mnemonics").first { ($0["passphrase"] as? String) == "" })
        let phrase = plain["mnemonic"] as? String ?? ""
        let file = try dir.write("mnemonic", phrase + "\n", mode: 0o600)
        for account in plain["accounts"] as? [[String: Any]] ?? [] {
            let path = account["path"] as? String ?? ""
            let expected = KeyVectors.hex(account["privateKey"])
            let byPath = KeySpecification(mnemonicFile: file, hdPath: path)
            try byPath.validate()
            #expect(try byPath.privateKey().bytesCopy == expected, "\(path)")
            if path.hasPrefix("m/44'/60'/0'/0/"), let index = path.split(separator: "/").last.flatMap({ UInt32($0) }) {
                #expect(try KeySpecification(mnemonicFile: file, mnemonicIndex: index).privateKey().bytesCopy == expected, "\(path)")
            }
        }
        expectKeysError("invalid_derivation_path") { _ = try KeySpecification(mnemonicFile: file, hdPath: "m/44'/x").privateKey() }

        let withPassphrase = try #require(KeyVectors.section("mnemonics").first { !(($0["passphrase"] as? String) ?? "").isEmpty })
        let m = try dir.write("m2", withPassphrase["mnemonic"] as? String ?? "", mode: 0o600)
        let p = try dir.write("p2", (withPassphrase["passphrase"] as? String ?? "") + "\n", mode: 0o600)
        let account = try #require((withPassphrase["accounts"] as? [[String: Any]])?.first)
        let spec = KeySpecification(mnemonicFile: m, hdPath: account["path"] as? String, mnemonicPassphraseFile: p)
        try spec.validate()
        #expect(try spec.privateKey().bytesCopy == KeyVectors.hex(account["privateKey"]))
        let notUTF8 = try dir.write("p3", [0xff, 0xfe], mode: 0o600)
        expectKeysError("invalid_passphrase_encoding", at: notUTF8) {
            _ = try KeySpecification(mnemonicFile: m, mnemonicPassphraseFile: notUTF8).privateKey()
        }
    }

    // MARK: Refusals of the combination

    @Test func exactlyOneSource() throws {
        Self.invalid(KeySpecification(), contains: "no key given")
        try KeySpecification().validate(.init(sourceRequired: false))
        Self.invalid(
            KeySpecification(privateKeyFile: "k", privateKeyHex: Self.keyHex),
            contains: "give exactly one key source, not --private-key-file and --private-key")
        Self.invalid(
            KeySpecification(keystore: "k", environmentKey: Self.keyHex),
            contains: "(unset BALLAST_PRIVATE_KEY to use another source)")
        #expect(KeySpecification(privateKeyFile: "a", keystore: "b", mnemonicFile: "c").givenSources == [.privateKeyFile, .keystore, .mnemonicFile])
        #expect(!KeySpecification().hasSource)
        do throws(KeysError) {
            _ = try KeySpecification().privateKey()
            Issue.record("a key without a source")
        } catch {
            #expect(error.code == "no_key_source")
        }
    }

    @Test func modifiersNeedTheirSource() {
        Self.invalid(KeySpecification(mnemonicFile: "m", mnemonicIndex: 1, hdPath: "m/0"), contains: "not both")
        Self.invalid(KeySpecification(privateKeyFile: "k", mnemonicIndex: 1), contains: "--mnemonic-index applies only with --mnemonic-file")
        Self.invalid(KeySpecification(privateKeyFile: "k", hdPath: "m/0"), contains: "--hd-path applies only with --mnemonic-file")
        Self.invalid(
            KeySpecification(privateKeyFile: "k", mnemonicPassphraseFile: "p"),
            contains: "--mnemonic-passphrase-file applies only with --mnemonic-file")
        Self.invalid(KeySpecification(mnemonicFile: "m", mnemonicIndex: 0x8000_0000), contains: "below 2^31")
        Self.invalid(KeySpecification(privateKeyFile: "k", passwordFile: "p"), contains: "--password-file applies only with --keystore")
        Self.invalid(KeySpecification(privateKeyFile: "k", maxKDFCost: 2), contains: "--max-kdf-cost applies only with --keystore")
        Self.invalid(KeySpecification(keystore: "k", maxKDFCost: 0), contains: "at least 1")
        // A caller that writes keystores may use the password file and ceiling for that.
        let writer = KeySpecification.Usage(passwordFileWithoutKeystore: true)
        #expect(throws: Never.self) { try KeySpecification(privateKeyFile: "k", passwordFile: "p", maxKDFCost: 2).validate(writer) }
    }

    /// A key given where a path belongs (or as a stray argument) is refused, and never repeated.
    @Test func keysInPathsAndStrayArgumentsAreRefusedUnrepeated() {
        for key in [Self.keyHex, "0x" + Self.keyHex, "0X" + Self.keyHex.uppercased()] {
            #expect(KeySpecification.looksLikePrivateKey(key))
            for spec in [
                KeySpecification(privateKeyFile: key), KeySpecification(keystore: key),
                KeySpecification(keystore: "k", passwordFile: key), KeySpecification(mnemonicFile: key),
                KeySpecification(mnemonicFile: "m", mnemonicPassphraseFile: key),
            ] {
                do throws(KeysError) {
                    try spec.validate()
                    Issue.record("a key accepted as a path")
                } catch {
                    #expect(error.message.contains("looks like a private key"))
                    #expect(!error.message.lowercased().contains(Self.keyHex))
                }
            }
        }
        #expect(!KeySpecification.looksLikePrivateKey("key.hex"))
        #expect(!KeySpecification.looksLikePrivateKey(String(Self.keyHex.dropLast())))
        #expect(throws: Never.self) { try KeySpecification.refuseUnexpected([]) }
        do throws(KeysError) {
            try KeySpecification.refuseUnexpected([Self.keyHex])
            Issue.record("a stray argument accepted")
        } catch {
            #expect(error.message.hasPrefix("1 unexpected argument(s), not repeated"))
            #expect(!error.message.contains(Self.keyHex))
        }
    }

    // MARK: Refusals of the files

    @Test func looseFilePermissionsAreRefused() throws {
        let dir = try TempDir()
        let key = try dir.write("key", Self.keyHex, mode: 0o640)
        expectKeysError("insecure_file_permissions", at: key) { _ = try KeySpecification(privateKeyFile: key).privateKey() }
        let mnemonic = try dir.write("m", KeyOptionsPhrase.abandon, mode: 0o604)
        expectKeysError("insecure_file_permissions", at: mnemonic) { _ = try KeySpecification(mnemonicFile: mnemonic).privateKey() }
        let goodMnemonic = try dir.write("m-ok", KeyOptionsPhrase.abandon, mode: 0o600)
        let passphrase = try dir.write("pp", "x", mode: 0o644)
        expectKeysError("insecure_file_permissions", at: passphrase) {
            _ = try KeySpecification(mnemonicFile: goodMnemonic, mnemonicPassphraseFile: passphrase).privateKey()
        }
        let reference = KeystoreTests.cases[5]
        let store = try dir.write("ks.json", KeyVectors.jsonBytes(reference["json"] as Any), mode: 0o644)
        let password = try dir.write("pw", reference["password"] as? String ?? "", mode: 0o660)
        expectKeysError("insecure_file_permissions", at: password) {
            _ = try KeySpecification(keystore: store, passwordFile: password).privateKey()
        }
    }

    @Test func linksFIFOsAndDirectoriesAreRefused() throws {
        let dir = try TempDir()
        let key = try dir.write("key", Self.keyHex, mode: 0o600)
        let link = dir.path + "/link"
        #expect(symlink(key, link) == 0)
        let fifo = dir.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [link, fifo, dir.path] {
            expectKeysError("file_not_regular", at: path) { _ = try KeySpecification(privateKeyFile: path).privateKey() }
            expectKeysError("file_not_regular", at: path) { _ = try KeySpecification(keystore: path).privateKey() }
            expectKeysError("file_not_regular", at: path) { _ = try KeySpecification(mnemonicFile: path).privateKey() }
        }
        let missing = dir.path + "/missing"
        expectKeysError("file_unreadable", at: missing) { _ = try KeySpecification(privateKeyFile: missing).privateKey() }
    }

    /// A keystore above the key-derivation ceiling is refused before its password is read or
    /// asked for; `maxKDFCost` raises the ceiling.
    @Test func kdfCeilingIsCheckedBeforeThePassword() throws {
        let dir = try TempDir()
        let key = try PrivateKey(bytes: Self.keyBytes)
        let cheap = try Keystore.encrypt(privateKey: key, password: Array("pw".utf8), kdf: .pbkdf2(iterations: 1024))
        let text = String(decoding: cheap, as: UTF8.self)
        let costly = text.replacingOccurrences(of: "\"c\":1024", with: "\"c\":134217728")
        #expect(costly != text)
        let store = try dir.write("costly.json", costly, mode: 0o600)
        var asked = false
        do throws(KeysError) {
            _ = try KeySpecification(keystore: store).privateKey(password: { _ in asked = true; return [] })
            Issue.record("a keystore above the ceiling was opened")
        } catch {
            #expect(error.code == "kdf_too_expensive")
            #expect(error.location == store + ": crypto.kdfparams.c")
        }
        #expect(!asked)
        #expect(KeySpecification(keystore: store).kdfCostLimit == .default)
        #expect(KeySpecification(keystore: store, maxKDFCost: 128).kdfCostLimit == KDFCostLimit(multiple: 128))
        // Raised, the ceiling lets it through to the password (a wrong one here: no derivation
        // of 2^27 iterations is needed to see the refusal move past the ceiling).
        expectKeysError("password_required", at: store) { _ = try KeySpecification(keystore: store, maxKDFCost: 128).privateKey() }
    }
}

/// The BIP-39 test phrase of 128 zero bits of entropy.
enum KeyOptionsPhrase {
    static let abandon = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
}
