import Foundation
import TestSupport
import Testing

@Suite struct WalletCommandTests {
    let vectors = WalletMessageVectors.shared
    static let key1 = KeyOptionsTests.key1
    static let address1 = KeyOptionsTests.address1

    // MARK: address

    @Test func addressJSON() throws {
        let r = try Wallet.run(
            ["wallet", "address", "--json"], secrets: [Self.key1], environment: ["BALLAST_PRIVATE_KEY": Self.key1])
        #expect(r.status == 0)
        #expect(r.stdout == #"{"address":"\#(Self.address1)"}"# + "\n")
    }

    @Test func strayPositionalIsAUsageError() throws {
        try Wallet.expectUsage(["wallet", "address", "extra"], environment: ["BALLAST_PRIVATE_KEY": Self.key1])
    }

    // MARK: sign-message

    /// How the CLI is given each vector message: text as is, bytes as 0x-hex, text that starts
    /// with 0x with --text.
    func messageArguments(_ v: WalletMessageVectors.Personal) -> [String] {
        if let text = v.text {
            return text.hasPrefix("0x") ? [text, "--text"] : [text]
        }
        return [v.message]
    }

    @Test func signMessageMatchesEthAccount() throws {
        for v in vectors.personal {
            let args = ["wallet", "sign-message"] + messageArguments(v)
            let r = try Wallet.run(args, secrets: [v.privateKey], environment: ["BALLAST_PRIVATE_KEY": v.privateKey])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == v.signature + "\n", "\(v.message.prefix(20))")
        }
    }

    @Test func signMessageJSONAndFile() throws {
        let scratch = try Scratch()
        for (i, v) in vectors.personal.enumerated() {
            let keyFile = try scratch.write("key\(i)", v.privateKey)
            let j = try Wallet.run(
                ["wallet", "sign-message"] + messageArguments(v) + ["--private-key-file", keyFile, "--json"], secrets: [v.privateKey])
            let obj = Wallet.object(j.stdout)
            #expect(obj?["signature"] as? String == v.signature)
            #expect(obj?["hash"] as? String == v.hash)
            #expect(obj?["address"] as? String == v.address)
            #expect(obj?.count == 3)
            // The same bytes from a file and from standard input.
            let bytes = Data(TestHex.decode(v.message) ?? [])
            let file = try scratch.write("msg\(i)", bytes, mode: 0o644)
            let f = try Wallet.run(["wallet", "sign-message", "--file", file, "--private-key-file", keyFile], secrets: [v.privateKey])
            #expect(f.stdout == v.signature + "\n")
            let s = try Wallet.run(
                ["wallet", "sign-message", "--file", "-", "--private-key-file", keyFile], secrets: [v.privateKey], stdin: bytes)
            #expect(s.stdout == v.signature + "\n")
        }
    }

    @Test func signMessageInputRules() throws {
        let env = ["BALLAST_PRIVATE_KEY": Self.key1]
        // 0x is bytes: "0x" is the empty message, like "".
        let empty = try Wallet.run(["wallet", "sign-message", ""], secrets: [Self.key1], environment: env)
        let emptyHex = try Wallet.run(["wallet", "sign-message", "0x"], secrets: [Self.key1], environment: env)
        #expect(empty.status == 0 && empty.stdout == emptyHex.stdout)
        // 0xAB and 0xab are the same byte; "0XAB" is text.
        let upper = try Wallet.run(["wallet", "sign-message", "0xAB"], environment: env)
        let lower = try Wallet.run(["wallet", "sign-message", "0xab"], environment: env)
        let text = try Wallet.run(["wallet", "sign-message", "0XAB"], environment: env)
        #expect(upper.stdout == lower.stdout && text.stdout != lower.stdout && text.status == 0)
        // Malformed hex after 0x is an error that names the place.
        let odd = try Wallet.expectInvalid(["wallet", "sign-message", "0xabc"], secrets: [Self.key1], environment: env)
        #expect((odd["at"] as? String)?.hasPrefix("MESSAGE") == true)
        let bad = try Wallet.expectInvalid(["wallet", "sign-message", "0xzz"], secrets: [Self.key1], environment: env)
        #expect((bad["at"] as? String)?.hasPrefix("MESSAGE") == true)
        // Usage errors.
        try Wallet.expectUsage(["wallet", "sign-message"], environment: env)
        try Wallet.expectUsage(["wallet", "sign-message", "a", "--file", "-"], environment: env)
        try Wallet.expectUsage(["wallet", "sign-message", "--file", "-", "--text"], environment: env)
        try Wallet.expectInvalid(["wallet", "sign-message", "--file", "/nonexistent/file"], environment: env, code: "file_unreadable")
    }

    // MARK: verify-message

    @Test func verifyMessageAcceptsEthAccountSignatures() throws {
        for v in vectors.personal {
            let r = try Wallet.run(["wallet", "verify-message"] + messageArguments(v).prefix(1) + [v.signature, v.address] + messageArguments(v).dropFirst())
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "true\n")
            let j = try Wallet.run(["wallet", "verify-message"] + messageArguments(v) + [v.signature, v.address.lowercased(), "--json"])
            #expect(j.stdout == #"{"valid":true,"address":"\#(v.address)"}"# + "\n")
        }
    }

    @Test func verifyMessageFromFile() throws {
        let scratch = try Scratch()
        let v = vectors.personal[9]  // bytes that are not UTF-8
        #expect(v.text == nil)
        let file = try scratch.write("msg", Data(TestHex.decode(v.message) ?? []))
        let r = try Wallet.run(["wallet", "verify-message", "--file", file, v.signature, v.address])
        #expect(r.status == 0 && r.stdout == "true\n")
        try Wallet.expectUsage(["wallet", "verify-message", "--file", file, v.message, v.signature, v.address])
        try Wallet.expectUsage(["wallet", "verify-message", v.message, v.signature])
    }

    @Test func verifyMessagePolicyCases() throws {
        for c in vectors.recover {
            let accepted = c.recovered != nil && c.lowS && c.standardV
            // The expected address: eth-account's answer, or (when it refuses) any address.
            let address = c.recovered ?? Self.address1
            if accepted {
                let r = try Wallet.run(["wallet", "verify-message", c.message, c.signature, address])
                #expect(r.status == 0 && r.stdout == "true\n", "\(c.name)")
            } else {
                let error = try Wallet.expectInvalid(["wallet", "verify-message", c.message, c.signature, address])
                #expect((error["at"] as? String)?.hasPrefix("SIGNATURE") == true, "\(c.name)")
                if !c.lowS && c.recovered != nil { #expect(error["code"] as? String == "signature_high_s", "\(c.name)") }
            }
        }
    }

    @Test func verifyMessageMismatchNamesTheRecoveredAddress() throws {
        let v = vectors.personal[2]
        let other = vectors.personal[3].address
        let error = try Wallet.expectInvalid(
            ["wallet", "verify-message"] + messageArguments(v) + [v.signature, other], code: "signature_mismatch")
        #expect((error["message"] as? String)?.contains(v.address) == true)
        // Another message: the signature recovers to some other address.
        try Wallet.expectInvalid(["wallet", "verify-message", "other", v.signature, v.address], code: "signature_mismatch")
    }

    @Test func verifyMessageBadInputs() throws {
        let v = vectors.personal[2]
        let sig = v.signature
        let sigBody = String(sig.dropFirst(2))
        let cases: [([String], String?)] = [
            ([sig + "0", v.address], nil),                         // odd length
            ([sig + "00", v.address], "invalid_signature_length"), // 66 bytes
            ([String(sig.dropLast(2)), v.address], "invalid_signature_length"),
            (["0x", v.address], "invalid_signature_length"),
            ([String(sig.dropLast(2)) + "1d", v.address], "invalid_signature_v"),   // v = 29
            ([String(sig.dropLast(2)) + "25", v.address], "invalid_signature_v"),   // v = 37
            (["0x" + String(repeating: "0", count: 64) + String(sigBody.dropFirst(64)), v.address], "invalid_signature_r"),
            (["0xzz" + sigBody.dropFirst(2), v.address], nil),
            ([sig, "0x1234"], "address_invalid_length"),
            ([sig, String(v.address.dropLast()) + "g"], nil),
            ([sig, flipCase(v.address)], "address_bad_checksum"),
        ]
        for (args, code) in cases {
            let error = try Wallet.expectInvalid(["wallet", "verify-message", v.text ?? v.message] + args, code: code)
            let at = error["at"] as? String ?? ""
            #expect(at.hasPrefix("SIGNATURE") || at.hasPrefix("ADDRESS"), "\(args): \(at)")
        }
        // The signature without 0x is accepted.
        let r = try Wallet.run(["wallet", "verify-message", v.text ?? v.message, sigBody, v.address])
        #expect(r.status == 0)
    }

    /// The address with the case of its first letter flipped (a checksum error).
    func flipCase(_ address: String) -> String {
        var chars = Array(address)
        if let i = chars.indices.dropFirst(2).first(where: { chars[$0].isLetter }) {
            chars[i] = chars[i].isUppercase ? Character(chars[i].lowercased()) : Character(chars[i].uppercased())
        }
        return String(chars)
    }

    // MARK: sign-typed-data / verify-typed-data

    @Test func signTypedDataMatchesEthAccount() throws {
        let scratch = try Scratch()
        for (i, v) in vectors.typedData.enumerated() {
            let doc = try scratch.write("doc\(i).json", WalletMessageVectors.typedDataDocument(i), mode: 0o644)
            let keyFile = try scratch.write("key\(i)", v.privateKey)
            let r = try Wallet.run(["wallet", "sign-typed-data", doc, "--private-key-file", keyFile], secrets: [v.privateKey])
            #expect(r.status == 0, "\(v.name): \(r.stderr)")
            #expect(r.stdout == v.signature + "\n", "\(v.name)")
            let j = try Wallet.run(["wallet", "sign-typed-data", doc, "--private-key-file", keyFile, "--json"], secrets: [v.privateKey])
            let obj = Wallet.object(j.stdout)
            #expect(obj?["digest"] as? String == v.digest)
            #expect(obj?["signature"] as? String == v.signature)
            #expect(obj?["address"] as? String == v.address)
            let stdin = try Wallet.run(
                ["wallet", "sign-typed-data", "-", "--private-key-file", keyFile], secrets: [v.privateKey],
                stdin: WalletMessageVectors.typedDataDocument(i))
            #expect(stdin.stdout == v.signature + "\n")
            let ok = try Wallet.run(["wallet", "verify-typed-data", doc, v.signature, v.address])
            #expect(ok.status == 0 && ok.stdout == "true\n", "\(v.name)")
            try Wallet.expectInvalid(["wallet", "verify-typed-data", doc, v.signature, Self.address1], code: "signature_mismatch")
        }
    }

    @Test func signTypedDataErrorsNameTheJSONPath() throws {
        let scratch = try Scratch()
        let env = ["BALLAST_PRIVATE_KEY": Self.key1]
        var doc = try JSONSerialization.jsonObject(with: WalletMessageVectors.typedDataDocument(0)) as? [String: Any] ?? [:]
        var message = doc["message"] as? [String: Any] ?? [:]
        var to = message["to"] as? [String: Any] ?? [:]
        to["wallet"] = "0x1234"
        message["to"] = to
        doc["message"] = message
        let bad = try scratch.write("bad.json", JSONSerialization.data(withJSONObject: doc))
        let error = try Wallet.expectInvalid(["wallet", "sign-typed-data", bad], secrets: [Self.key1], environment: env)
        #expect(error["at"] as? String == "message.to.wallet")
        let syntax = try scratch.write("syntax.json", "{\"types\": ")
        try Wallet.expectInvalid(["wallet", "sign-typed-data", syntax], secrets: [Self.key1], environment: env)
        try Wallet.expectInvalid(["wallet", "sign-typed-data", scratch.path("missing.json")], environment: env, code: "file_unreadable")
        try Wallet.expectUsage(["wallet", "sign-typed-data", bad])  // no key
    }

    // MARK: new

    @Test func newWritesAPrivateKeyFile() throws {
        let scratch = try Scratch()
        let out = scratch.path("new.key")
        let r = try Wallet.run(["wallet", "new", "--private-key-out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(scratch.mode("new.key") == 0o600)
        let key = try #require(scratch.read("new.key"))
        #expect(key.hasPrefix("0x") && key.hasSuffix("\n") && key.count == 67)
        #expect(!r.stdout.contains(String(key.dropFirst(2).dropLast())))
        let address = try Wallet.run(["wallet", "address", "--private-key-file", out], secrets: [String(key.dropLast())])
        #expect(r.stdout == address.stdout && r.stdout.count == 43)
        // Never replaced without --force; nothing left behind.
        let again = try Wallet.expectInvalid(["wallet", "new", "--private-key-out", out], code: "file_exists")
        #expect(again["at"] as? String == out)
        #expect(scratch.read("new.key") == key)
        let forced = try Wallet.run(["wallet", "new", "--private-key-out", out, "--force"])
        #expect(forced.status == 0 && scratch.read("new.key") != key && scratch.mode("new.key") == 0o600)
        #expect(scratch.entries() == ["new.key"])
        // Two runs give two keys.
        #expect(forced.stdout != r.stdout)
    }

    @Test func newNeedsADestination() throws {
        try Wallet.expectUsage(["wallet", "new"], mentioning: "--private-key-out")
        try Wallet.expectUsage(["wallet", "new", "--json"])
        try Wallet.expectUsage(["wallet", "new", "--unsafe-print-private-key", "--password-file", "/dev/null"])
        try Wallet.expectUsage(["wallet", "new", "--unsafe-print-private-key", "--words", "24"])
        try Wallet.expectUsage(["wallet", "new", "--mnemonic-out", "/tmp/x", "--words", "13"])
        try Wallet.expectUsage(["wallet", "new", "--unsafe-print-private-key", "--kdf", "pbkdf2"])
        try Wallet.expectUsage(["wallet", "new", "--keystore-out", "/tmp/x", "--kdf", "pbkdf2", "--scrypt-n", "1024"])
    }

    @Test func newUnsafePrint() throws {
        let r = try Wallet.run(["wallet", "new", "--unsafe-print-private-key"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(r.status == 0 && lines.count == 2)
        let address = try Wallet.run(["wallet", "address", "--private-key", lines[1]])
        #expect(address.stdout == lines[0] + "\n")
        let j = try Wallet.run(["wallet", "new", "--unsafe-print-private-key", "--json"])
        let obj = Wallet.object(j.stdout)
        let key = try #require(obj?["privateKey"] as? String)
        #expect(try Wallet.run(["wallet", "address", "--private-key", key]).stdout == (obj?["address"] as? String ?? "-") + "\n")
    }

    @Test func newWithMnemonicAndKeystore() throws {
        let scratch = try Scratch()
        let pw = try scratch.write("pw", "new password\n", mode: 0o600)
        let r = try Wallet.run([
            "wallet", "new", "--mnemonic-out", scratch.path("m.txt"), "--words", "24",
            "--keystore-out", scratch.path("ks.json"), "--password-file", pw, "--kdf", "pbkdf2", "--pbkdf2-iterations", "10",
            "--private-key-out", scratch.path("k.hex"), "--json",
        ], secrets: ["new password"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(Wallet.object(r.stdout))
        let address = try #require(obj["address"] as? String)
        #expect(obj["keystore"] as? String == scratch.path("ks.json"))
        #expect(obj["mnemonicFile"] as? String == scratch.path("m.txt"))
        #expect(obj["privateKeyFile"] as? String == scratch.path("k.hex"))
        #expect(obj["privateKey"] == nil)
        for name in ["m.txt", "ks.json", "k.hex"] { #expect(scratch.mode(name) == 0o600, "\(name)") }
        let phrase = try #require(scratch.read("m.txt"))
        #expect(phrase.split(separator: " ").count == 24 && phrase.hasSuffix("\n"))
        #expect(!r.stdout.contains(phrase.split(separator: " ")[0] + " " + phrase.split(separator: " ")[1]))
        let secrets = [String(scratch.read("k.hex")?.dropLast() ?? "")]
        for source in [
            ["--mnemonic-file", scratch.path("m.txt")],
            ["--keystore", scratch.path("ks.json"), "--password-file", pw],
            ["--private-key-file", scratch.path("k.hex")],
        ] {
            let a = try Wallet.run(["wallet", "address"] + source, secrets: secrets)
            #expect(a.stdout == address + "\n", "\(source)")
        }
        let ks = try #require(Wallet.object(scratch.read("ks.json") ?? ""))
        #expect((ks["crypto"] as? [String: Any])?["kdf"] as? String == "pbkdf2")
        #expect(ks["version"] as? Int == 3)
        #expect(scratch.entries() == ["k.hex", "ks.json", "m.txt", "pw"])
    }

    @Test func newWritesAllFilesOrNone() throws {
        let scratch = try Scratch()
        try scratch.write("taken", "keep me")
        try Wallet.expectInvalid(
            ["wallet", "new", "--private-key-out", scratch.path("k.hex"), "--mnemonic-out", scratch.path("taken")], code: "file_exists")
        #expect(scratch.entries() == ["taken"])
        #expect(scratch.read("taken") == "keep me")
        // A missing directory, and the same path twice.
        try Wallet.expectInvalid(["wallet", "new", "--private-key-out", scratch.path("no/such/dir/k")], code: "directory_missing")
        try Wallet.expectInvalid(
            ["wallet", "new", "--private-key-out", scratch.path("a"), "--mnemonic-out", scratch.path("a")], code: "duplicate_output")
        // A keystore without a password file, and no terminal to ask on: nothing written.
        try Wallet.expectInvalid(
            ["wallet", "new", "--keystore-out", scratch.path("ks.json"), "--private-key-out", scratch.path("k2")], stdin: Data(),
            code: "password_required")
        #expect(scratch.entries() == ["taken"])
        // An empty password file is refused.
        let empty = try scratch.write("empty", "\n")
        try Wallet.expectInvalid(
            ["wallet", "new", "--keystore-out", scratch.path("ks.json"), "--password-file", empty], code: "password_empty")
        #expect(scratch.entries() == ["empty", "taken"])
    }

    // MARK: keystore encrypt / decrypt

    @Test func keystoreEncryptThenDecrypt() throws {
        let scratch = try Scratch()
        let v = vectors.personal[4]
        let keyFile = try scratch.write("key", v.privateKey + "\n")
        let pw = try scratch.write("pw", "s3cret\n")
        for (kdf, extra) in [("scrypt", ["--scrypt-n", "1024"]), ("pbkdf2", ["--pbkdf2-iterations", "1000"])] {
            let out = scratch.path("\(kdf).json")
            let r = try Wallet.run(
                ["wallet", "keystore", "encrypt", "--private-key-file", keyFile, "--password-file", pw, "--out", out, "--kdf", kdf]
                    + extra, secrets: [v.privateKey, "s3cret"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == v.address + "\n")
            #expect(scratch.mode("\(kdf).json") == 0o600)
            let ks = try #require(Wallet.object(scratch.read("\(kdf).json") ?? ""))
            #expect((ks["crypto"] as? [String: Any])?["kdf"] as? String == kdf)
            let d = try Wallet.run(
                ["wallet", "keystore", "decrypt", "--keystore", out, "--password-file", pw, "--out", scratch.path("\(kdf).key")],
                secrets: [v.privateKey, "s3cret"])
            #expect(d.status == 0 && d.stdout == v.address + "\n")
            #expect(scratch.read("\(kdf).key") == v.privateKey + "\n")
            #expect(scratch.mode("\(kdf).key") == 0o600)
        }
        // --json, and refusing to overwrite.
        let j = try Wallet.run(
            ["wallet", "keystore", "encrypt", "--private-key-file", keyFile, "--password-file", pw, "--out", scratch.path("j.json"),
             "--kdf", "pbkdf2", "--pbkdf2-iterations", "1", "--json"], secrets: [v.privateKey])
        #expect(j.stdout == #"{"address":"\#(v.address)","keystore":"\#(scratch.path("j.json"))"}"# + "\n")
        let before = scratch.read("j.json")
        try Wallet.expectInvalid(
            ["wallet", "keystore", "encrypt", "--private-key-file", keyFile, "--password-file", pw, "--out", scratch.path("j.json"),
             "--kdf", "pbkdf2", "--pbkdf2-iterations", "1"], secrets: [v.privateKey], code: "file_exists")
        #expect(scratch.read("j.json") == before)
    }

    @Test func keystoreReencryptAndNewPassword() throws {
        let scratch = try Scratch()
        let v = KeyVectors.shared.keystores.first { $0.name == "scrypt-1024" }!
        let source = try scratch.write("in.json", KeyVectors.keystoreJSON(v.name))
        let pw = try scratch.write("pw", v.password)
        let newPW = try scratch.write("new", "другой пароль")
        // Same password, other KDF.
        var r = try Wallet.run(
            ["wallet", "keystore", "encrypt", "--keystore", source, "--password-file", pw, "--out", scratch.path("same.json"),
             "--kdf", "pbkdf2", "--pbkdf2-iterations", "5"], secrets: [v.privateKey])
        #expect(r.status == 0 && r.stdout == v.address + "\n")
        r = try Wallet.run(["wallet", "address", "--keystore", scratch.path("same.json"), "--password-file", pw])
        #expect(r.stdout == v.address + "\n")
        // Another password.
        r = try Wallet.run(
            ["wallet", "keystore", "encrypt", "--keystore", source, "--password-file", pw, "--new-password-file", newPW,
             "--out", scratch.path("new.json"), "--scrypt-n", "1024"], secrets: [v.privateKey])
        #expect(r.status == 0, "\(r.stderr)")
        r = try Wallet.run(["wallet", "address", "--keystore", scratch.path("new.json"), "--password-file", newPW])
        #expect(r.stdout == v.address + "\n")
        try Wallet.expectInvalid(
            ["wallet", "address", "--keystore", scratch.path("new.json"), "--password-file", pw], code: "mac_mismatch")
    }

    @Test func keystoreEncryptProblems() throws {
        let scratch = try Scratch()
        let keyFile = try scratch.write("key", Self.key1)
        let pw = try scratch.write("pw", "pw")
        // No password and no terminal: nothing written.
        try Wallet.expectInvalid(
            ["wallet", "keystore", "encrypt", "--private-key-file", keyFile, "--out", scratch.path("o.json")], secrets: [Self.key1],
            stdin: Data(), code: "password_required")
        // A bad scrypt n.
        try Wallet.expectInvalid(
            ["wallet", "keystore", "encrypt", "--private-key-file", keyFile, "--password-file", pw, "--out", scratch.path("o.json"),
             "--scrypt-n", "1000"], secrets: [Self.key1])
        #expect(scratch.entries() == ["key", "pw"])
        // Usage: no --out, no key source, two sources.
        try Wallet.expectUsage(["wallet", "keystore", "encrypt", "--private-key-file", keyFile, "--password-file", pw])
        try Wallet.expectUsage(["wallet", "keystore", "encrypt", "--password-file", pw, "--out", scratch.path("o.json")])
        try Wallet.expectUsage(
            ["wallet", "keystore", "encrypt", "--private-key-file", keyFile, "--password-file", pw, "--out", scratch.path("o.json")],
            secrets: [Self.key1], environment: ["BALLAST_PRIVATE_KEY": Self.key1])
    }

    @Test func keystoreDecryptRules() throws {
        let scratch = try Scratch()
        let v = KeyVectors.shared.keystores.first { $0.name == "pbkdf2-1000" }!
        let store = try scratch.write("ks.json", KeyVectors.keystoreJSON(v.name))
        let pw = try scratch.write("pw", v.password + "\n")
        // The key is printed only when asked for.
        let p = try Wallet.run(["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", pw, "--unsafe-print-private-key"])
        #expect(p.stdout == v.address + "\n" + v.privateKey + "\n")
        let j = try Wallet.run(
            ["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", pw, "--unsafe-print-private-key", "--json"])
        #expect(j.stdout == #"{"address":"\#(v.address)","privateKey":"\#(v.privateKey)"}"# + "\n")
        let o = try Wallet.run(
            ["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", pw, "--out", scratch.path("k"), "--json"],
            secrets: [v.privateKey])
        #expect(o.stdout == #"{"address":"\#(v.address)","privateKeyFile":"\#(scratch.path("k"))"}"# + "\n")
        #expect(scratch.read("k") == v.privateKey + "\n")
        // Usage errors: nowhere to put the key; not a keystore source.
        try Wallet.expectUsage(["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", pw], mentioning: "--out")
        let keyFile = try scratch.write("key", Self.key1)
        try Wallet.expectUsage(["wallet", "keystore", "decrypt", "--private-key-file", keyFile, "--out", scratch.path("x")], secrets: [Self.key1])
        // Wrong password: nothing written.
        let wrong = try scratch.write("wrong", "nope")
        try Wallet.expectInvalid(
            ["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", wrong, "--out", scratch.path("k2")],
            secrets: [v.privateKey], code: "mac_mismatch")
        #expect(!scratch.exists("k2"))
        // A damaged keystore names the JSON path.
        let damaged = try scratch.write("bad.json", "{\"version\":3,\"crypto\":{}}")
        let error = try Wallet.expectInvalid(
            ["wallet", "keystore", "decrypt", "--keystore", damaged, "--password-file", pw, "--out", scratch.path("k3")])
        #expect((error["at"] as? String)?.hasPrefix(damaged) == true)
    }
}

/// `wallet sign-auth` against eth-account's Account.sign_authorization (vectors/messages.json).
@Suite struct WalletSignAuthTests {
    struct AuthVector {
        let privateKey: String
        let authority: String
        let chainId: String
        let address: String
        let nonce: String
        let expected: String
    }

    static let vectors: [AuthVector] = {
        guard let root = try? Vectors.json(Vectors.project("messages.json")) as? [String: Any],
              let list = root["authorizations"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { item in
            guard let key = item["privateKey"] as? String, let authority = item["authority"] as? String,
                  let chainId = item["chainId"], let address = item["address"] as? String, let nonce = item["nonce"],
                  let printed = item["signAuth"] as? [String: Any]
            else { return nil }
            // The expected line: the generator's object in the documented key order, compact.
            let fields = ["chainId", "address", "nonce", "yParity", "r", "s"].map { k in "\"\(k)\":\"\(printed[k] as? String ?? "?")\"" }
            return AuthVector(
                privateKey: key, authority: authority, chainId: "\(chainId)", address: address, nonce: "\(nonce)",
                expected: "{" + fields.joined(separator: ",") + "}\n")
        }
    }()

    @Test func matchesEthAccount() throws {
        #expect(Self.vectors.count == 6)
        let scratch = try Scratch()
        for (i, v) in Self.vectors.enumerated() {
            let keyFile = try scratch.write("key\(i)", v.privateKey)
            if v.nonce == String(UInt64.max) {
                // eth-account signs it, but EIP-7702 requires a nonce below 2^64 - 1: refused.
                try Wallet.expectInvalid(
                    ["wallet", "sign-auth", "--chain-id", v.chainId, "--address", v.address, "--nonce", v.nonce, "--private-key-file", keyFile],
                    secrets: [v.privateKey], code: "nonce_too_large")
                continue
            }
            let r = try Wallet.run(
                ["wallet", "sign-auth", "--chain-id", v.chainId, "--address", v.address, "--nonce", v.nonce, "--private-key-file", keyFile],
                secrets: [v.privateKey])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == v.expected, "\(v.chainId) \(v.nonce)")
            // Hex quantities and a lowercase address give the same line; --json changes nothing.
            let obj = try #require(Wallet.object(v.expected))
            let h = try Wallet.run(
                ["wallet", "sign-auth", "--chain-id", obj["chainId"] as? String ?? "", "--address", v.address.lowercased(),
                 "--nonce", obj["nonce"] as? String ?? "", "--json"],
                secrets: [v.privateKey], environment: ["BALLAST_PRIVATE_KEY": v.privateKey])
            #expect(h.stdout == v.expected)
        }
    }

    @Test func badInputs() throws {
        let env = ["BALLAST_PRIVATE_KEY": KeyOptionsTests.key1]
        let address = "0x2222222222222222222222222222222222222222"
        let cases: [([String], String)] = [
            (["--chain-id", "abc", "--address", address, "--nonce", "0"], "--chain-id"),
            (["--chain-id", "0x", "--address", address, "--nonce", "0"], "--chain-id"),
            (["--chain-id", "1" + String(repeating: "0", count: 78), "--address", address, "--nonce", "0"], "--chain-id"),
            (["--chain-id", "1", "--address", "0x1234", "--nonce", "0"], "--address"),
            (["--chain-id", "1", "--address", "0xABaBaBaBABabABabAbAbABAbABabababaBaBABaC", "--nonce", "0"], "--address"),
            (["--chain-id", "1", "--address", address, "--nonce", "18446744073709551616"], "--nonce"),
            (["--chain-id", "1", "--address", address, "--nonce", "1.5"], "--nonce"),
        ]
        for (args, place) in cases {
            let error = try Wallet.expectInvalid(["wallet", "sign-auth"] + args, secrets: [KeyOptionsTests.key1], environment: env)
            #expect((error["at"] as? String)?.hasPrefix(place) == true, "\(args): \(error)")
        }
        try Wallet.expectUsage(["wallet", "sign-auth", "--chain-id", "1", "--address", address])
        try Wallet.expectUsage(["wallet", "sign-auth", "--chain-id", "1", "--address", address, "--nonce", "0"])  // no key
    }

    /// The printed object goes into a `tx sign` line as is, and `tx decode` recovers the authority.
    @Test func pastesIntoTxSign() throws {
        let v = Self.vectors[1]
        let auth = try Wallet.run(
            ["wallet", "sign-auth", "--chain-id", "1", "--address", v.address, "--nonce", v.nonce],
            environment: ["BALLAST_PRIVATE_KEY": v.privateKey])
        let line = #"{"type":4,"chainId":1,"nonce":0,"to":"0x2222222222222222222222222222222222222222","value":0,"input":"0x","gas":100000,"maxFeePerGas":1000000000,"maxPriorityFeePerGas":1,"authorizationList":["#
            + auth.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "]}\n"
        let signed = try Wallet.run(["tx", "sign"], stdin: Data(line.utf8), environment: ["BALLAST_PRIVATE_KEY": KeyOptionsTests.key1])
        #expect(signed.status == 0, "\(signed.stderr)")
        let decoded = try Wallet.run(["tx", "decode", signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--json"])
        let list = Wallet.object(decoded.stdout)?["authorizationList"] as? [[String: Any]]
        #expect(list?.first?["authority"] as? String == v.authority)
    }
}
