import Foundation
import TestSupport
import Testing

/// The key options every signing command takes, exercised through `wallet address` and
/// `wallet sign-message`.
@Suite struct KeyOptionsTests {
    static let key1 = "0x0000000000000000000000000000000000000000000000000000000000000001"
    static let address1 = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    static let abandon = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

    @Test func keyFileWithPrivateModeIsAccepted() throws {
        let scratch = try Scratch()
        for v in WalletMessageVectors.shared.personal.prefix(8) {
            // With and without 0x, with and without a newline (\n or \r\n).
            for (i, text) in [v.privateKey, String(v.privateKey.dropFirst(2)) + "\n", v.privateKey.uppercased().replacingOccurrences(of: "0X", with: "0x") + "\r\n"].enumerated() {
                let file = try scratch.write("key\(i)", text, mode: 0o600)
                let r = try Wallet.run(["wallet", "address", "--private-key-file", file], secrets: [v.privateKey])
                #expect(r.status == 0, "\(r.stderr)")
                #expect(r.stdout == v.address + "\n")
            }
        }
        let file = try scratch.write("key400", Self.key1, mode: 0o400)
        #expect(try Wallet.run(["wallet", "address", "--private-key-file", file]).stdout == Self.address1 + "\n")
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o606, 0o610, 0o601])
    func keyFileReadableByOthersIsRefused(mode: Int) throws {
        let scratch = try Scratch()
        let file = try scratch.write("key", Self.key1, mode: mode_t(mode))
        let error = try Wallet.expectInvalid(
            ["wallet", "address", "--private-key-file", file], secrets: [Self.key1], code: "insecure_file_permissions")
        #expect(error["at"] as? String == file)
        try Wallet.expectInvalid(
            ["wallet", "sign-message", "hi", "--private-key-file", file], secrets: [Self.key1], code: "insecure_file_permissions")
    }

    @Test func malformedKeyFilesAreRefusedWithoutEcho() throws {
        let scratch = try Scratch()
        let cases: [(String, String)] = [
            (String(Self.key1.dropLast()), "invalid_private_key_hex"),           // 63 digits
            (Self.key1 + "0", "invalid_private_key_hex"),                       // 65 digits
            (String(Self.key1.dropLast()) + "g", "invalid_private_key_hex"),     // not hex
            ("0x" + String(repeating: "0", count: 64), "invalid_private_key"),   // zero
            ("0x" + String(repeating: "f", count: 64), "invalid_private_key"),   // above n
            (Self.key1 + "\n\n", "invalid_private_key_hex"),                     // two newlines
            ("", "invalid_private_key_hex"),
        ]
        for (text, code) in cases {
            let file = try scratch.write("key", text, mode: 0o600)
            try Wallet.expectInvalid(["wallet", "address", "--private-key-file", file], secrets: [text].filter { $0.count > 8 }, code: code)
        }
        try Wallet.expectInvalid(["wallet", "address", "--private-key-file", scratch.path("missing")], code: "file_unreadable")
        try Wallet.expectInvalid(["wallet", "address", "--private-key-file", scratch.url.path], code: "file_not_regular")
    }

    @Test func environmentVariable() throws {
        for v in WalletMessageVectors.shared.personal.prefix(4) {
            let r = try Wallet.run(["wallet", "address"], secrets: [v.privateKey], environment: ["BALLAST_PRIVATE_KEY": v.privateKey])
            #expect(r.status == 0 && r.stdout == v.address + "\n")
            let bare = try Wallet.run(
                ["wallet", "address"], secrets: [v.privateKey], environment: ["BALLAST_PRIVATE_KEY": String(v.privateKey.dropFirst(2))])
            #expect(bare.stdout == v.address + "\n")
        }
        let bad = "0x" + String(repeating: "ab", count: 31) + "zz"
        let error = try Wallet.expectInvalid(
            ["wallet", "address"], secrets: [bad], environment: ["BALLAST_PRIVATE_KEY": bad], code: "invalid_private_key_hex")
        #expect(error["at"] as? String == "BALLAST_PRIVATE_KEY")
    }

    @Test func explicitPrivateKeyArgument() throws {
        let r = try Wallet.run(["wallet", "address", "--private-key", Self.key1], secrets: [])
        #expect(r.status == 0 && r.stdout == Self.address1 + "\n")
        let short = "0x1234"
        let error = try Wallet.expectInvalid(["wallet", "address", "--private-key", short], code: "invalid_private_key_hex")
        #expect(error["at"] as? String == "--private-key")
        // The help says why this is unsafe.
        let help = try Wallet.run(["wallet", "address", "--help"])
        #expect(help.stdout.contains("UNSAFE"))
    }

    @Test func keystoreWithPasswordFile() throws {
        let scratch = try Scratch()
        let vectors = KeyVectors.shared.keystores.filter { $0.name != "scrypt-default" }
        #expect(vectors.count >= 6)
        for v in vectors {
            let store = try scratch.write("\(v.name).json", KeyVectors.keystoreJSON(v.name), mode: 0o644)
            // A password file's single trailing newline is not part of the password.
            for (i, suffix) in ["", "\n", "\r\n"].enumerated() {
                let pw = try scratch.write("pw\(i)", v.password + suffix, mode: 0o600)
                let r = try Wallet.run(
                    ["wallet", "address", "--keystore", store, "--password-file", pw], secrets: [v.privateKey])
                #expect(r.status == 0, "\(v.name): \(r.stderr)")
                #expect(r.stdout == v.address + "\n", "\(v.name)")
            }
            let wrong = try scratch.write("wrong", v.password + "x")
            let error = try Wallet.expectInvalid(
                ["wallet", "address", "--keystore", store, "--password-file", wrong], secrets: [v.privateKey], code: "mac_mismatch")
            #expect((error["at"] as? String)?.hasPrefix(store) == true)
        }
    }

    @Test func ethereumTestsKeystores() throws {
        let suite = try Vectors.json(Vectors.ethereumTests("KeyStoreTests/basic_tests.json")) as? [String: Any] ?? [:]
        let scratch = try Scratch()
        var checked = 0
        for name in ["test1", "mycrypto", "python_generated_test_with_odd_iv"] {
            guard let entry = suite[name] as? [String: Any], let json = entry["json"], let password = entry["password"] as? String,
                  let priv = entry["priv"] as? String
            else { continue }
            let store = try scratch.write("\(name).json", JSONSerialization.data(withJSONObject: json))
            let pw = try scratch.write("\(name).pw", password + "\n")
            let keyFile = try scratch.write("\(name).key", priv)
            let r = try Wallet.run(["wallet", "address", "--keystore", store, "--password-file", pw], secrets: [priv])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            let expected = try Wallet.run(["wallet", "address", "--private-key-file", keyFile], secrets: [priv])
            #expect(r.stdout == expected.stdout && !r.stdout.isEmpty, "\(name)")
            checked += 1
        }
        #expect(checked == 3)
    }

    @Test func keystoreWithoutPasswordAndNoTerminal() throws {
        let scratch = try Scratch()
        let v = KeyVectors.shared.keystores[0]
        let store = try scratch.write("ks.json", KeyVectors.keystoreJSON(v.name))
        // Standard input is a pipe here, so there is no prompt: a clear error instead.
        let error = try Wallet.expectInvalid(
            ["wallet", "address", "--keystore", store], secrets: [v.privateKey], stdin: Data(), code: "password_required")
        #expect((error["message"] as? String)?.contains("--password-file") == true)
    }

    @Test func mnemonicFile() throws {
        let scratch = try Scratch()
        let m = try scratch.write("m.txt", Self.abandon + "\n", mode: 0o600)
        let words = Self.abandon.split(separator: " ").map(String.init)
        var r = try Wallet.run(["wallet", "address", "--mnemonic-file", m], secrets: [Self.abandon])
        #expect(r.status == 0)
        #expect(r.stdout == "0x9858EfFD232B4033E47d90003D41EC34EcaEda94\n")
        r = try Wallet.run(["wallet", "address", "--mnemonic-file", m, "--mnemonic-index", "0"])
        #expect(r.stdout == "0x9858EfFD232B4033E47d90003D41EC34EcaEda94\n")
        r = try Wallet.run(["wallet", "address", "--mnemonic-file", m, "--hd-path", "m/44'/60'/0'/0/0"])
        #expect(r.stdout == "0x9858EfFD232B4033E47d90003D41EC34EcaEda94\n")
        // Every account of the vector, by path, and by index when it is m/44'/60'/0'/0/N.
        let vector = try #require(KeyVectors.shared.mnemonics.first { $0.mnemonic == Self.abandon && $0.passphrase.isEmpty })
        for account in vector.accounts {
            r = try Wallet.run(["wallet", "address", "--mnemonic-file", m, "--hd-path", account.path], secrets: [account.privateKey])
            #expect(r.stdout == account.address + "\n", "\(account.path)")
            if account.path.hasPrefix("m/44'/60'/0'/0/"), let index = account.path.split(separator: "/").last {
                r = try Wallet.run(["wallet", "address", "--mnemonic-file", m, "--mnemonic-index", String(index)], secrets: [account.privateKey])
                #expect(r.stdout == account.address + "\n", "\(account.path)")
            }
        }
        // No word of the phrase reaches any output, also when the path is bad.
        let error = try Wallet.expectInvalid(
            ["wallet", "address", "--mnemonic-file", m, "--hd-path", "m/44'/x"], code: "invalid_derivation_path")
        #expect((error["at"] as? String)?.hasPrefix("--hd-path") == true)
        #expect(!words.contains { ((error["message"] as? String) ?? "").contains(" \($0) ") })
    }

    @Test func mnemonicWithPassphraseFile() throws {
        let scratch = try Scratch()
        let withPassphrase = KeyVectors.shared.mnemonics.filter { !$0.passphrase.isEmpty }
        #expect(!withPassphrase.isEmpty)
        for v in withPassphrase {
            let m = try scratch.write("m.txt", v.mnemonic, mode: 0o600)
            let p = try scratch.write("p.txt", v.passphrase + "\n", mode: 0o600)
            for account in v.accounts {
                let r = try Wallet.run(
                    ["wallet", "address", "--mnemonic-file", m, "--mnemonic-passphrase-file", p, "--hd-path", account.path],
                    secrets: [account.privateKey])
                #expect(r.stdout == account.address + "\n", "\(account.path)")
            }
        }
    }

    @Test func mnemonicFileProblems() throws {
        let scratch = try Scratch()
        let open = try scratch.write("m.txt", Self.abandon, mode: 0o644)
        try Wallet.expectInvalid(["wallet", "address", "--mnemonic-file", open], code: "insecure_file_permissions")
        let badWord = try scratch.write("bad.txt", Self.abandon.replacingOccurrences(of: "about", with: "abouu"))
        try Wallet.expectInvalid(["wallet", "address", "--mnemonic-file", badWord], code: "invalid_mnemonic_word")
        let badChecksum = try scratch.write("sum.txt", Self.abandon.replacingOccurrences(of: "about", with: "abandon"))
        try Wallet.expectInvalid(["wallet", "address", "--mnemonic-file", badChecksum], code: "invalid_mnemonic_checksum")
    }

    @Test func conflictingSourcesAreUsageErrors() throws {
        let scratch = try Scratch()
        let keyFile = try scratch.write("key", Self.key1)
        let m = try scratch.write("m.txt", Self.abandon)
        let ks = try scratch.write("ks.json", KeyVectors.keystoreJSON(KeyVectors.shared.keystores[0].name))
        let pw = try scratch.write("pw", KeyVectors.shared.keystores[0].password)
        let env = ["BALLAST_PRIVATE_KEY": Self.key1]
        let cases: [([String], [String: String])] = [
            (["--private-key-file", keyFile], env),
            (["--keystore", ks, "--password-file", pw], env),
            (["--mnemonic-file", m], env),
            (["--private-key", Self.key1], env),
            (["--private-key-file", keyFile, "--mnemonic-file", m], Wallet.noEnvironmentKey),
            (["--private-key-file", keyFile, "--keystore", ks], Wallet.noEnvironmentKey),
            (["--keystore", ks, "--mnemonic-file", m], Wallet.noEnvironmentKey),
            (["--private-key", Self.key1, "--private-key-file", keyFile], Wallet.noEnvironmentKey),
        ]
        for (flags, environment) in cases {
            for command in [["wallet", "address"], ["wallet", "sign-message", "hi"]] {
                try Wallet.expectUsage(command + flags, secrets: [Self.key1], environment: environment, mentioning: "exactly one key source")
            }
        }
    }

    @Test func misplacedModifiersAreUsageErrors() throws {
        let scratch = try Scratch()
        let keyFile = try scratch.write("key", Self.key1)
        let m = try scratch.write("m.txt", Self.abandon)
        let pw = try scratch.write("pw", "x")
        let cases: [[String]] = [
            ["--mnemonic-file", m, "--mnemonic-index", "1", "--hd-path", "m/44'/60'/0'/0/1"],
            ["--private-key-file", keyFile, "--mnemonic-index", "1"],
            ["--private-key-file", keyFile, "--hd-path", "m/0"],
            ["--private-key-file", keyFile, "--mnemonic-passphrase-file", pw],
            ["--private-key-file", keyFile, "--password-file", pw],
            ["--mnemonic-file", m, "--mnemonic-index", "2147483648"],
            ["--mnemonic-file", m, "--mnemonic-index", "-1"],
            ["--mnemonic-file", m, "--mnemonic-index", "x"],
        ]
        for flags in cases {
            try Wallet.expectUsage(["wallet", "address"] + flags, secrets: [Self.key1])
        }
    }

    @Test func missingSourceExplainsTheOptions() throws {
        let r = try Wallet.expectUsage(["wallet", "address"])
        for option in ["--private-key-file", "--keystore", "--mnemonic-file", "BALLAST_PRIVATE_KEY"] {
            #expect(r.stderr.contains(option))
        }
        try Wallet.expectUsage(["wallet", "sign-message", "hello"], mentioning: "--private-key-file")
    }

    @Test func keyGivenWhereAPathBelongsIsNotEchoed() throws {
        for option in ["--private-key-file", "--keystore", "--mnemonic-file"] {
            for key in [Self.key1, String(Self.key1.dropFirst(2))] {
                try Wallet.expectUsage(["wallet", "address", option, key], secrets: [Self.key1], mentioning: "looks like a private key")
            }
        }
        // A key given as a stray positional argument is not repeated in the usage error.
        let other = "0x" + String(repeating: "3c", count: 32)
        let env = ["BALLAST_PRIVATE_KEY": Self.key1]
        for command in [
            ["wallet", "address"], ["wallet", "sign-message", "hi"], ["wallet", "new", "--unsafe-print-private-key"],
            ["wallet", "sign-auth", "--chain-id", "1", "--address", Self.address1, "--nonce", "0"],
            ["wallet", "keystore", "encrypt", "--out", "/nonexistent/x"],
            ["wallet", "keystore", "decrypt", "--keystore", "/nonexistent/x", "--out", "/nonexistent/y"],
            ["wallet", "sign-typed-data", "/nonexistent/doc.json"],
        ] {
            try Wallet.expectUsage(command + [other], secrets: [Self.key1, other], environment: env)
        }
    }
}
