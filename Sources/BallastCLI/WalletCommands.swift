import ArgumentParser
import Ballast

/// `ballast wallet …`: keys, addresses, message signatures and keystores.
struct WalletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "Keys, addresses, message and typed-data signatures (EIP-191, EIP-712), EIP-7702 authorizations, keystores.",
        discussion: """
            Signing commands take exactly one key source: --private-key-file PATH, --keystore PATH \
            [--password-file PATH], --mnemonic-file PATH [--mnemonic-index N | --hd-path PATH] \
            [--mnemonic-passphrase-file PATH], the environment variable BALLAST_PRIVATE_KEY, or \
            (unsafe) --private-key HEX. Keys are never printed unless --unsafe-print-private-key is given.
            """,
        subcommands: [
            WalletAddressCommand.self,
            WalletNewCommand.self,
            WalletSignMessageCommand.self,
            WalletVerifyMessageCommand.self,
            WalletSignTypedDataCommand.self,
            WalletVerifyTypedDataCommand.self,
            WalletSignAuthCommand.self,
            WalletKeystoreCommand.self,
        ]
    )
}

// MARK: - address

struct WalletAddressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "address",
        abstract: "Print the checksummed address of a key.",
        discussion: "--json prints {\"address\":\"0x…\"}."
    )

    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    func run() throws {
        try runCommand(json: output.json) { out in
            let address = try WalletText.address(of: keys.signer())
            out.line(output.json ? JSONValue.object([("address", .string(address.checksummed))]).compact : address.checksummed)
        }
    }
}

// MARK: - new

struct WalletNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a new random key and print its address.",
        discussion: """
            The key goes to at least one destination: --keystore-out PATH (a keystore encrypted with \
            --password-file PATH, or with a password typed twice on the terminal), --private-key-out PATH \
            (the hex key), --mnemonic-out PATH (a new BIP-39 mnemonic of --words 12 or 24 words (15, 18, 21 \
            also accepted); the key is then the account m/44'/60'/0'/0/0 of that mnemonic), or \
            --unsafe-print-private-key (the key on stdout, on a second line after the address).

            Every file is created with mode 0600, written whole under a temporary name and moved into \
            place; an existing file is never replaced unless --force is given. When several files are \
            asked for, either all are written or none.

            --json prints {"address":"0x…"} with the paths written ("keystore", "privateKeyFile", \
            "mnemonicFile") and, only with --unsafe-print-private-key, "privateKey".
            """
    )

    @Option(name: .customLong("keystore-out"), help: ArgumentHelp("Write the key as a keystore (v3 JSON) to this file.", valueName: "path"))
    var keystoreOut: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("With --keystore-out: the keystore's password (one trailing newline ignored; not empty).", valueName: "path"))
    var passwordFile: String?

    @Option(name: .customLong("private-key-out"), help: ArgumentHelp("Write the hex key (0x…, newline) to this file.", valueName: "path"))
    var privateKeyOut: String?

    @Option(
        name: .customLong("mnemonic-out"),
        help: ArgumentHelp("Make the key from a new BIP-39 mnemonic and write the mnemonic to this file.", valueName: "path"))
    var mnemonicOut: String?

    @Option(help: ArgumentHelp("With --mnemonic-out: the number of words, 12 (default) or 24 (15, 18, 21 accepted).", valueName: "n"))
    var words: Int?

    @Flag(name: .customLong("unsafe-print-private-key"), help: "Also print the private key on stdout (it then lands in terminals, logs and scrollback).")
    var unsafePrintPrivateKey = false

    @Flag(help: "Replace existing output files.")
    var force = false

    @OptionGroup(title: "Keystore encryption") var kdf: KDFOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    mutating func validate() throws {
        if keystoreOut == nil && privateKeyOut == nil && mnemonicOut == nil && !unsafePrintPrivateKey {
            throw ValidationError(
                "say where the new key goes: --keystore-out PATH, --private-key-out PATH, --mnemonic-out PATH or --unsafe-print-private-key")
        }
        if passwordFile != nil && keystoreOut == nil { throw ValidationError("--password-file applies only with --keystore-out") }
        if kdf.given && keystoreOut == nil { throw ValidationError("--kdf, --scrypt-n and --pbkdf2-iterations apply only with --keystore-out") }
        if let words {
            guard mnemonicOut != nil else { throw ValidationError("--words applies only with --mnemonic-out") }
            guard Mnemonic.validWordCounts.contains(words) else { throw ValidationError("--words must be 12, 15, 18, 21 or 24") }
        }
    }

    func run() throws {
        try runCommand(json: output.json) { out in
            var outputs: [(path: String, option: String)] = []
            if let keystoreOut { outputs.append((keystoreOut, "--keystore-out")) }
            if let privateKeyOut { outputs.append((privateKeyOut, "--private-key-out")) }
            if let mnemonicOut { outputs.append((mnemonicOut, "--mnemonic-out")) }
            try AtomicFileWriter.precheck(outputs, force: force, inputs: [passwordFile].compactMap { $0 })

            var password: [UInt8] = []
            defer { LibCrypto.cleanse(&password) }
            if keystoreOut != nil {
                password = try WalletText.newKeystorePassword(file: passwordFile, option: "--password-file")
            }

            var writer = AtomicFileWriter(force: force)
            defer { writer.discard() }
            let key: PrivateKey
            if let mnemonicOut {
                let mnemonic = try Mnemonic.generate(wordCount: words ?? 12)
                key = try mnemonic.privateKey()
                var phrase = Array((mnemonic.phrase + "\n").utf8)
                defer { LibCrypto.cleanse(&phrase) }
                try writer.stage(phrase, at: mnemonicOut)
            } else {
                key = try PrivateKey.random()
            }
            if let privateKeyOut {
                var text = WalletText.keyFileContents(key)
                defer { LibCrypto.cleanse(&text) }
                try writer.stage(text, at: privateKeyOut)
            }
            if let keystoreOut {
                let json = try Keystore.encrypt(privateKey: key, password: password, kdf: kdf.value)
                try writer.stage(json + [UInt8(ascii: "\n")], at: keystoreOut)
            }
            let address = try WalletText.address(of: key)
            try writer.commit()

            var keyText = ""
            if unsafePrintPrivateKey {
                var bytes = WalletText.keyFileContents(key)
                keyText = String(decoding: bytes.dropLast(), as: UTF8.self)
                LibCrypto.cleanse(&bytes)
            }
            if output.json {
                var members: [(key: String, value: JSONValue)] = [("address", .string(address.checksummed))]
                if let keystoreOut { members.append(("keystore", .string(keystoreOut))) }
                if let privateKeyOut { members.append(("privateKeyFile", .string(privateKeyOut))) }
                if let mnemonicOut { members.append(("mnemonicFile", .string(mnemonicOut))) }
                if unsafePrintPrivateKey { members.append(("privateKey", .string(keyText))) }
                out.line(JSONValue.object(members).compact)
            } else {
                out.line(address.checksummed)
                if unsafePrintPrivateKey { out.line(keyText) }
            }
        }
    }
}

// MARK: - Message input

/// The message of `sign-message` / `verify-message`: `0x…` hex bytes, UTF-8 text, or a file.
struct MessageInput {
    static func bytes(argument: String?, file: String?, forceText: Bool) throws -> [UInt8] {
        if let file {
            guard argument == nil else { throw CLIError(.usage, "give MESSAGE or --file, not both") }
            return try Inputs.readFile(file, limit: .bytes)
        }
        guard let argument else { throw CLIError(.usage, "missing MESSAGE (or --file PATH)") }
        if argument.hasPrefix("0x") && !forceText {
            do {
                return try Hex.decode(argument)
            } catch {
                throw CLIError(
                    reporting: error, "MESSAGE starts with 0x but is not hex (\(error.message)); --text takes it as text",
                    at: error.location.map { "MESSAGE \($0)" } ?? "MESSAGE")
            }
        }
        return Array(argument.utf8)
    }
}

/// Runs `body`, prefixing the location of a `BallastError` it throws with `argument`
/// (`SIGNATURE byte 64`, `ADDRESS offset 7`).
func located<T>(_ argument: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any BallastError {
        throw CLIError(reporting: error, error.message, at: error.location.map { "\(argument) \($0)" } ?? argument)
    }
}

/// The end of the verify commands.
enum WalletVerification {
    static func requireMatch(recovered: Address, expected: Address) throws {
        guard recovered == expected else {
            throw CLIError(
                .signatureMismatch,
                "the signature does not match: it recovers to \(recovered.checksummed), not \(expected.checksummed) (another key or another message)",
                at: "SIGNATURE")
        }
    }

    static func success(_ recovered: Address, json: Bool) -> String {
        json ? JSONValue.object([("valid", .bool(true)), ("address", .string(recovered.checksummed))]).compact : "true"
    }
}

// MARK: - sign-message

struct WalletSignMessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-message",
        abstract: "Sign a message as personal_sign does (EIP-191): prints the 65-byte signature r ‖ s ‖ v, v = 27 or 28.",
        discussion: """
            The digest signed is keccak256("\\x19Ethereum Signed Message:\\n" + decimal byte length + message). \
            MESSAGE starting with a lowercase 0x is hex bytes (odd length or a non-hex digit is an error); \
            anything else is UTF-8 text; --text signs a 0x… MESSAGE as text; --file PATH signs a file's bytes \
            (`-` = standard input). Signatures are deterministic (RFC 6979) with low s.

            --json prints {"address":"0x…","hash":"0x…","signature":"0x…"} (hash: the digest signed).
            """
    )

    @Argument(help: "The message: 0x-prefixed hex bytes, or text.")
    var message: String?

    @Option(help: ArgumentHelp("Sign the bytes of a file (`-` = standard input).", valueName: "path"))
    var file: String?

    @Flag(help: "Treat MESSAGE as text even when it starts with 0x.")
    var text = false

    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    mutating func validate() throws {
        if file != nil && message != nil { throw ValidationError("give MESSAGE or --file, not both") }
        if file == nil && message == nil { throw ValidationError("missing MESSAGE (or --file PATH)") }
        if file != nil && text { throw ValidationError("--text applies only to a MESSAGE argument") }
    }

    func run() throws {
        try runCommand(json: output.json) { out in
            let bytes = try MessageInput.bytes(argument: message, file: file, forceText: text)
            let signer = try keys.signer()
            let signature = try PersonalMessage.sign(bytes, signer: signer)
            let hex = Hex.encode(signature)
            if output.json {
                let address = try WalletText.address(of: signer)
                out.line(JSONValue.object([
                    ("address", .string(address.checksummed)),
                    ("hash", .string(Hex.encode(PersonalMessage.hash(bytes)))),
                    ("signature", .string(hex)),
                ]).compact)
            } else {
                out.line(hex)
            }
        }
    }
}

// MARK: - verify-message

struct WalletVerifyMessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-message",
        abstract: "Check a personal_sign (EIP-191) signature: prints true when ADDRESS signed MESSAGE.",
        usage: """
            ballast wallet verify-message MESSAGE SIGNATURE ADDRESS [--text] [--json]
              ballast wallet verify-message --file PATH SIGNATURE ADDRESS [--json]
            """,
        discussion: """
            MESSAGE is read as by sign-message (0x… hex bytes, else UTF-8 text; --text; --file PATH). \
            SIGNATURE is 65 bytes r ‖ s ‖ v in hex, v = 27/28 (or 0/1). ADDRESS is 20 bytes of hex; a \
            mixed-case ADDRESS must have a valid EIP-55 checksum.

            A valid signature by ADDRESS prints `true` (exit 0); --json prints \
            {"valid":true,"address":"0x…"} with the checksummed address recovered. Anything else is an \
            error with exit status 1 and nothing on stdout (with --json, the error object): \
            signature_mismatch names the address the signature recovers to. Stricter than ecrecover: a high-s \
            signature (s > n/2, the malleable twin of a canonical one) is refused (signature_high_s), \
            and so is a v other than 27, 28, 0, 1.
            """
    )

    @Argument(help: ArgumentHelp("MESSAGE, SIGNATURE and ADDRESS (MESSAGE left out with --file).", valueName: "message-signature-address"))
    var values: [String] = []

    @Option(help: ArgumentHelp("Verify over the bytes of a file (`-` = standard input).", valueName: "path"))
    var file: String?

    @Flag(help: "Treat MESSAGE as text even when it starts with 0x.")
    var text = false

    @OptionGroup var output: JSONFlag

    mutating func validate() throws {
        let expected = file == nil ? 3 : 2
        guard values.count == expected else {
            throw ValidationError(
                file == nil
                    ? "expected MESSAGE SIGNATURE ADDRESS, got \(values.count) argument(s)"
                    : "with --file, expected SIGNATURE ADDRESS, got \(values.count) argument(s)")
        }
        if file != nil && text { throw ValidationError("--text applies only to a MESSAGE argument") }
    }

    func run() throws {
        try runCommand(json: output.json) { out in
            let messageArgument = file == nil ? values[0] : nil
            let signatureText = values[values.count - 2]
            let addressText = values[values.count - 1]
            let bytes = try MessageInput.bytes(argument: messageArgument, file: file, forceText: text)
            let signature = try located("SIGNATURE") { try Hex.decode(Inputs.trimmed(signatureText)) }
            let expected = try located("ADDRESS") { try Address(hex: Inputs.trimmed(addressText)) }
            let recovered = try located("SIGNATURE") { try PersonalMessage.recoverAddress(bytes, signature: signature) }
            try WalletVerification.requireMatch(recovered: recovered, expected: expected)
            out.line(WalletVerification.success(recovered, json: output.json))
        }
    }
}
