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
/// The options only declare; every rule is the library's `KeySpecification` (module Keys): the
/// options become one (`specification`), its `validate(_:)` runs while parsing (its refusals are
/// usage errors, exit 2), and its `signer(password:)` reads the key (errors are invalid input,
/// exit 1), with the terminal prompt as the password source when no `--password-file` is given.
/// No message ever contains key material, a password or mnemonic words.
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

    /// The options as the library's description of the key chosen, with `BALLAST_PRIVATE_KEY`
    /// from the environment (set and not empty). Every rule lives in `KeySpecification`.
    var specification: KeySpecification {
        KeySpecification(
            privateKeyFile: privateKeyFile, keystore: keystore, passwordFile: passwordFile, maxKDFCost: maxKDFCost,
            mnemonicFile: mnemonicFile, mnemonicIndex: mnemonicIndex, hdPath: hdPath,
            mnemonicPassphraseFile: mnemonicPassphraseFile, privateKeyHex: privateKeyArgument,
            environmentKey: KeySpecification.environmentKey())
    }

    /// The names of the sources that were given, in a fixed order.
    var givenSources: [String] { specification.givenSources.map(\.rawValue) }

    /// The files given to the key options (key, keystore, password, mnemonic, passphrase).
    var files: [String] { specification.files }

    mutating func validate() throws {
        do throws(KeysError) {
            try specification.validate(
                KeySpecification.Usage(
                    sourceRequired: !Usage.sourceOptional, passwordFileWithoutKeystore: Usage.passwordFileWithoutKeystore))
        } catch {
            throw ValidationError(error.message)
        }
    }
}

enum KeyOptionsText {
    static let missingSource = KeySpecification.missingSourceMessage
}

extension KeyOptionGroup {
    /// Whether `text` is 64 hex digits with an optional 0x (a key passed where a path belongs).
    static func looksLikePrivateKey(_ text: String) -> Bool {
        KeySpecification.looksLikePrivateKey(text)
    }

    /// Reads (and, for a keystore, decrypts) the key (`KeySpecification.privateKey(password:)`),
    /// asking for a keystore's password on the terminal when no `--password-file` is given.
    func privateKey() throws -> PrivateKey {
        try specification.privateKey(password: Self.terminalPassword)
    }

    /// The key-derivation ceiling: `--max-kdf-cost`, or 64 × the standard cost.
    var kdfCostLimit: KDFCostLimit { specification.kdfCostLimit }

    /// The key as a `Signer` (public key and address derived once).
    func signer() throws -> PrivateKeySigner {
        try specification.signer(password: Self.terminalPassword)
    }

    /// Asks for the password of the keystore at `path` on the terminal (no echo).
    static func terminalPassword(for path: String) throws(KeysError) -> [UInt8] {
        do {
            return try Terminal.readSecret(
                prompt: "Password for \(path): ",
                missing: CLIError(
                    .passwordRequired,
                    "the keystore needs a password: give --password-file PATH (standard input is not a terminal to ask on)",
                    at: path))
        } catch let error as CLIError {
            // readSecret's errors: the `missing` one above, an unreadable terminal, a secret
            // longer than it reads; each keeps its code.
            let kind: KeysError.Kind = switch error.kind {
            case .terminalUnreadable?: .terminalUnreadable
            case .inputTooLarge?: .inputTooLarge
            default: .passwordRequired
            }
            throw KeysError(code: kind, message: error.message, location: error.location)
        } catch {
            throw KeysError(code: .terminalUnreadable, message: "could not read from the terminal")
        }
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
        do throws(KeysError) {
            try KeySpecification.refuseUnexpected(values)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
