import ArgumentParser
import Ballast
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a command uses the key options beyond picking a key (see `KeyOptionGroup`).
protocol KeyOptionsUsage {
    /// Whether `--password-file` may be given without `--keystore` (the command then uses it for
    /// something else, e.g. the password of a keystore it writes).
    static var passwordFileWithoutKeystore: Bool { get }
    /// Whether the command may run without any key source: it then requires one itself when it
    /// signs (`plan build` of a safe-mode plan and `tx build --unsigned` sign nothing). Default: false.
    static var sourceOptional: Bool { get }
}

extension KeyOptionsUsage {
    static var sourceOptional: Bool { false }
}

/// The usage of every signing command: `--password-file` belongs to `--keystore`.
enum SigningKeyUsage: KeyOptionsUsage {
    static let passwordFileWithoutKeystore = false
}

/// The key options of every signing command: `@OptionGroup(title: "Key source") var keys: KeyOptions`,
/// then `try keys.signer()` inside `runCommand`.
///
/// Exactly one source is accepted: `--private-key-file`, `--keystore`, `--mnemonic-file`,
/// `--private-key`, or the environment variable `BALLAST_PRIVATE_KEY` (set and non-empty).
/// Several sources, none, or a modifier without its source (`--password-file` without
/// `--keystore`, `--mnemonic-index` without `--mnemonic-file`, …) are usage errors (exit 2),
/// found while parsing. Reading and decrypting the key happens in `privateKey()`, whose errors
/// are invalid input (exit 1). No message ever contains key material, a password or mnemonic
/// words.
typealias KeyOptions = KeyOptionGroup<SigningKeyUsage>

struct KeyOptionGroup<Usage: KeyOptionsUsage>: ParsableArguments {
    @Option(
        name: .customLong("private-key-file"),
        help: ArgumentHelp(
            "A file holding the hex private key (optional 0x, one optional trailing newline). Refused when group or others may access it (chmod 600).",
            valueName: "path"))
    var privateKeyFile: String?

    @Option(
        name: .customLong("keystore"),
        help: ArgumentHelp("A Web3 Secret Storage (v3) keystore file, scrypt or pbkdf2.", valueName: "path"))
    var keystore: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp(
            "The keystore's password: the file's bytes without one trailing newline. Without it, the password is asked for on the terminal (no echo).",
            valueName: "path"))
    var passwordFile: String?

    @Option(
        name: .customLong("max-kdf-cost"),
        help: ArgumentHelp(
            "With --keystore: the most key-derivation work accepted, as a multiple of the standard cost (scrypt n=262144, r=8, p=1; pbkdf2 c=1048576). Default 64; a keystore above it is refused at once.",
            valueName: "multiple"))
    var maxKDFCost: Int?

    @Option(
        name: .customLong("mnemonic-file"),
        help: ArgumentHelp(
            "A file holding a BIP-39 mnemonic (English). Refused when group or others may access it (chmod 600).",
            valueName: "path"))
    var mnemonicFile: String?

    @Option(
        name: .customLong("mnemonic-index"),
        help: ArgumentHelp("With --mnemonic-file: the account m/44'/60'/0'/0/N (default 0).", valueName: "n"))
    var mnemonicIndex: UInt32?

    @Option(
        name: .customLong("hd-path"),
        help: ArgumentHelp(
            "With --mnemonic-file: a BIP-32 derivation path (default m/44'/60'/0'/0/0; ' or h marks a hardened index).",
            valueName: "path"))
    var hdPath: String?

    @Option(
        name: .customLong("mnemonic-passphrase-file"),
        help: ArgumentHelp(
            "With --mnemonic-file: a file holding the BIP-39 passphrase (\"25th word\"; UTF-8, one trailing newline ignored).",
            valueName: "path"))
    var mnemonicPassphraseFile: String?

    @Option(
        name: .customLong("private-key"),
        help: ArgumentHelp(
            "UNSAFE: the hex private key itself. Command lines are visible to other users (ps, /proc) and kept in shell history; prefer --private-key-file or BALLAST_PRIVATE_KEY.",
            valueName: "hex"))
    var privateKeyArgument: String?

    init() {}

    /// The names of the sources that were given, in a fixed order.
    var givenSources: [String] {
        var names: [String] = []
        if privateKeyFile != nil { names.append("--private-key-file") }
        if keystore != nil { names.append("--keystore") }
        if mnemonicFile != nil { names.append("--mnemonic-file") }
        if privateKeyArgument != nil { names.append("--private-key") }
        if Self.environmentKey() != nil { names.append(KeySource.environmentVariable) }
        return names
    }

    /// The files given to the key options (key, keystore, password, mnemonic, passphrase).
    var files: [String] {
        [privateKeyFile, keystore, passwordFile, mnemonicFile, mnemonicPassphraseFile].compactMap { $0 }
    }

    /// `BALLAST_PRIVATE_KEY` when it is set and not empty.
    static func environmentKey() -> String? {
        guard let value = ProcessInfo.processInfo.environment[KeySource.environmentVariable], !value.isEmpty else {
            return nil
        }
        return value
    }

    mutating func validate() throws {
        let sources = givenSources
        if sources.count > 1 {
            var message = "give exactly one key source, not \(sources.joined(separator: " and "))"
            if sources.contains(KeySource.environmentVariable) {
                message += " (unset \(KeySource.environmentVariable) to use another source)"
            }
            throw ValidationError(message)
        }
        if sources.isEmpty && !Usage.sourceOptional {
            throw ValidationError(Self.missingSourceMessage)
        }
        if mnemonicIndex != nil && hdPath != nil {
            throw ValidationError("give --mnemonic-index or --hd-path, not both")
        }
        if mnemonicFile == nil {
            for (given, name) in [
                (mnemonicIndex != nil, "--mnemonic-index"), (hdPath != nil, "--hd-path"),
                (mnemonicPassphraseFile != nil, "--mnemonic-passphrase-file"),
            ] where given {
                throw ValidationError("\(name) applies only with --mnemonic-file")
            }
        }
        if let index = mnemonicIndex, index >= 0x8000_0000 {
            throw ValidationError("--mnemonic-index must be below 2^31 (2147483648)")
        }
        if let maxKDFCost {
            guard keystore != nil || Usage.passwordFileWithoutKeystore else {
                throw ValidationError("--max-kdf-cost applies only with --keystore")
            }
            guard maxKDFCost >= 1 else { throw ValidationError("--max-kdf-cost must be at least 1") }
        }
        if passwordFile != nil && keystore == nil && !Usage.passwordFileWithoutKeystore {
            throw ValidationError("--password-file applies only with --keystore")
        }
        for (value, name) in [
            (privateKeyFile, "--private-key-file"), (keystore, "--keystore"), (passwordFile, "--password-file"),
            (mnemonicFile, "--mnemonic-file"), (mnemonicPassphraseFile, "--mnemonic-passphrase-file"),
        ] {
            if let value, Self.looksLikePrivateKey(value) {
                // The value is not repeated: it may be a key given in the wrong place.
                throw ValidationError(
                    "the value of \(name) looks like a private key, not a file path; put the key in a file (chmod 600) and give its path")
            }
        }
    }

    static var missingSourceMessage: String { KeyOptionsText.missingSource }
}

enum KeyOptionsText {
    static let missingSource = """
        no key given. Give one of: --private-key-file PATH, --keystore PATH [--password-file PATH], \
        --mnemonic-file PATH [--mnemonic-index N | --hd-path PATH], the environment variable \
        \(KeySource.environmentVariable), or (unsafe) --private-key HEX
        """
}

extension KeyOptionGroup {
    /// Whether `text` is 64 hex digits with an optional 0x (a key passed where a path belongs).
    static func looksLikePrivateKey(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) { utf8 = utf8.dropFirst(2) }
        return utf8.count == 64 && utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66)
        }
    }

    // MARK: Resolving

    /// Reads (and, for a keystore, decrypts) the key. Errors are invalid input and name the
    /// source: the file path, `BALLAST_PRIVATE_KEY`, `--private-key` or `--hd-path`.
    func privateKey() throws -> PrivateKey {
        if let path = privateKeyFile {
            return try KeySource.privateKey(fromFile: path)
        }
        if let path = keystore {
            let store = try KeySource.keystore(fromFile: path)
            do {
                // Refused before the password is asked for: nothing is derived or allocated.
                try store.checkWork(costLimit: kdfCostLimit)
            } catch {
                throw error.at(error.location.map { "\(path): \($0)" } ?? path)
            }
            var password = try keystorePassword(for: path)
            defer { LibCrypto.cleanse(&password) }
            do {
                return try store.decrypt(password: password, costLimit: kdfCostLimit)
            } catch {
                throw error.at(error.location.map { "\(path): \($0)" } ?? path)
            }
        }
        if let path = mnemonicFile {
            let mnemonic = try KeySource.mnemonic(fromFile: path, requirePrivatePermissions: true)
            let derivation: DerivationPath
            do {
                if let hdPath {
                    derivation = try DerivationPath(hdPath)
                } else {
                    derivation = try DerivationPath.ethereum(index: mnemonicIndex ?? 0)
                }
            } catch {
                let flag = hdPath != nil ? "--hd-path" : "--mnemonic-index"
                throw error.at(error.location.map { "\(flag) \($0)" } ?? flag)
            }
            var passphrase = ""
            if let passphraseFile = mnemonicPassphraseFile {
                var bytes = try KeySource.password(fromFile: passphraseFile)
                defer { LibCrypto.cleanse(&bytes) }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw CLIError("invalid_passphrase_encoding", "the mnemonic passphrase is not valid UTF-8", at: passphraseFile)
                }
                passphrase = text
            }
            return try mnemonic.privateKey(path: derivation, passphrase: passphrase)
        }
        if let hex = privateKeyArgument {
            return try KeySource.privateKey(hex: hex, location: "--private-key")
        }
        if let value = Self.environmentKey() {
            return try KeySource.privateKey(hex: value, location: KeySource.environmentVariable)
        }
        throw CLIError("no_key_source", Self.missingSourceMessage)
    }

    /// The key-derivation ceiling: `--max-kdf-cost`, or 64 × the standard cost.
    var kdfCostLimit: KDFCostLimit {
        maxKDFCost.map { KDFCostLimit(multiple: $0) } ?? .default
    }

    /// The key as a `Signer` (public key and address derived once).
    func signer() throws -> PrivateKeySigner {
        try PrivateKeySigner(privateKey: privateKey())
    }

    /// The password of the keystore at `path`: `--password-file`, or a terminal prompt.
    func keystorePassword(for path: String) throws -> [UInt8] {
        if let passwordFile {
            return try KeySource.password(fromFile: passwordFile)
        }
        return try Terminal.readSecret(
            prompt: "Password for \(path): ",
            missing: CLIError(
                "password_required",
                "the keystore needs a password: give --password-file PATH (standard input is not a terminal to ask on)",
                at: path))
    }
}

/// A hidden catch-all for positional arguments a command does not take. The parser's own error
/// would repeat the argument, and a stray argument beside key options may be a private key
/// pasted in the wrong place; this error does not repeat it. Declare it after the command's
/// own arguments: `@OptionGroup var unexpected: UnexpectedArguments`.
struct UnexpectedArguments: ParsableArguments {
    @Argument(help: .hidden)
    var values: [String] = []

    init() {}

    mutating func validate() throws {
        guard values.isEmpty else {
            throw ValidationError(
                "\(values.count) unexpected argument(s), not repeated here in case one is a key; a key goes in --private-key-file PATH or \(KeySource.environmentVariable)")
        }
    }
}
