import ArgumentParser
import Ballast

struct WalletKeystoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keystore",
        abstract: "Encrypt a key into a keystore, or decrypt one (Web3 Secret Storage v3, scrypt or pbkdf2).",
        subcommands: [WalletKeystoreEncryptCommand.self, WalletKeystoreDecryptCommand.self]
    )
}

/// `keystore encrypt` reads `--password-file` as the password of the keystore it writes (and, when
/// the key source is itself `--keystore`, of that keystore too).
enum KeystoreEncryptKeyUsage: KeyOptionsUsage {
    static let passwordFileWithoutKeystore = true
}

struct WalletKeystoreEncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Write a key as an encrypted keystore file and print its address.",
        discussion: """
            The key comes from the key options (any source). The new keystore's password is \
            --new-password-file PATH, else --password-file PATH, else typed twice on the terminal; it \
            may not be empty. With --keystore as the source, --password-file opens that keystore (and is \
            also the new password unless --new-password-file is given): re-encrypting, e.g. with another \
            --kdf.

            The file (one line of JSON) is created with mode 0600, written whole under a temporary name \
            and moved into place; an existing file is replaced only with --force. --json prints \
            {"address":"0x…","keystore":"PATH"}.
            """
    )

    @Option(help: ArgumentHelp("The keystore file to write.", valueName: "path"))
    var out: String

    @Option(
        name: .customLong("new-password-file"),
        help: ArgumentHelp("The new keystore's password, when it differs from --password-file.", valueName: "path"))
    var newPasswordFile: String?

    @Flag(help: "Replace an existing output file.")
    var force = false

    @OptionGroup(title: "Key source") var keys: KeyOptionGroup<KeystoreEncryptKeyUsage>
    @OptionGroup(title: "Keystore encryption") var kdf: KDFOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    func run() throws {
        try runCommand(json: output.json) { out in
            try AtomicFileWriter.precheck([(self.out, "--out")], force: force, inputs: keys.files + [newPasswordFile].compactMap { $0 })
            let key = try keys.privateKey()
            var password: [UInt8]
            if let newPasswordFile {
                password = try WalletText.newKeystorePassword(file: newPasswordFile, option: "--new-password-file")
            } else {
                password = try WalletText.newKeystorePassword(file: keys.passwordFile, option: "--password-file")
            }
            defer { LibCrypto.cleanse(&password) }
            let json = try Keystore.encrypt(privateKey: key, password: password, kdf: kdf.value, costLimit: keys.kdfCostLimit)
            var writer = AtomicFileWriter(force: force)
            defer { writer.discard() }
            try writer.stage(json + [UInt8(ascii: "\n")], at: self.out)
            let address = try WalletText.address(of: key)
            try writer.commit()
            if output.json {
                out.line(JSONValue.object([("address", .string(address.checksummed)), ("keystore", .string(self.out))]).compact)
            } else {
                out.line(address.checksummed)
            }
        }
    }
}

struct WalletKeystoreDecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt a keystore into a hex key file and print its address.",
        discussion: """
            Reads --keystore PATH with --password-file PATH (or a password typed on the terminal) and \
            writes the key as hex (0x…, newline) to --out PATH: created with mode 0600, written whole \
            under a temporary name and moved into place; an existing file is replaced only with --force. \
            The key is printed (on a second line after the address; in --json as "privateKey") only with \
            --unsafe-print-private-key, and then --out may be left out. --json prints \
            {"address":"0x…","privateKeyFile":"PATH"}.
            """
    )

    @Option(help: ArgumentHelp("The hex key file to write.", valueName: "path"))
    var out: String?

    @Flag(name: .customLong("unsafe-print-private-key"), help: "Print the private key on stdout (it then lands in terminals, logs and scrollback).")
    var unsafePrintPrivateKey = false

    @Flag(help: "Replace an existing output file.")
    var force = false

    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    mutating func validate() throws {
        guard keys.keystore != nil else { throw ValidationError("keystore decrypt reads a keystore: give --keystore PATH") }
        guard out != nil || unsafePrintPrivateKey else {
            throw ValidationError("say where the key goes: --out PATH (or --unsafe-print-private-key)")
        }
    }

    func run() throws {
        try runCommand(json: output.json) { out in
            if let path = self.out { try AtomicFileWriter.precheck([(path, "--out")], force: force, inputs: keys.files) }
            let key = try keys.privateKey()
            let address = try WalletText.address(of: key)
            var text = WalletText.keyFileContents(key)
            defer { LibCrypto.cleanse(&text) }
            if let path = self.out {
                var writer = AtomicFileWriter(force: force)
                defer { writer.discard() }
                try writer.stage(text, at: path)
                try writer.commit()
            }
            let keyText = unsafePrintPrivateKey ? String(decoding: text.dropLast(), as: UTF8.self) : ""
            if output.json {
                var members: [(key: String, value: JSONValue)] = [("address", .string(address.checksummed))]
                if let path = self.out { members.append(("privateKeyFile", .string(path))) }
                if unsafePrintPrivateKey { members.append(("privateKey", .string(keyText))) }
                out.line(JSONValue.object(members).compact)
            } else {
                out.line(address.checksummed)
                if unsafePrintPrivateKey { out.line(keyText) }
            }
        }
    }
}
