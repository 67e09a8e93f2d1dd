import Foundation
import LibCrypto
import Secp256k1

/// A user's choice of signing key, and every rule about it: which sources may be combined, the
/// checks on the files named, the key-derivation ceiling of a keystore, and reading (and
/// decrypting) the key. The `ballast` command line fills one from its options and calls
/// `validate(_:)` then `signer(password:)`; a Swift app gets the same refusals by doing the same.
///
/// Exactly one source is accepted: `privateKeyFile`, `keystore` (with `passwordFile` or a
/// password asked for through the `password` closure), `mnemonicFile` (with `mnemonicIndex` or
/// `hdPath`, and `mnemonicPassphraseFile`), `privateKeyHex` (a key given as text, which a
/// command line shows to other users: the caller accepts it only when asked for explicitly), or
/// `environmentKey` (the value of ``KeySource/environmentVariable``).
///
/// The files are read through one descriptor each and refused when they are symbolic links,
/// directories, FIFOs or devices, larger than a small bound, or (key, password, mnemonic and
/// passphrase files) accessible by group or others. Errors name the source (a file path,
/// `BALLAST_PRIVATE_KEY`, `--private-key`, `--hd-path`) and never contain key material, a
/// password or mnemonic words. Fields are named in messages by the `ballast` options that set
/// them (``Field``).
public struct KeySpecification: Sendable, Equatable {
    /// A file holding the hex private key.
    public var privateKeyFile: String?
    /// A Web3 Secret Storage (v3) keystore file.
    public var keystore: String?
    /// The keystore's password file (its bytes without one trailing newline).
    public var passwordFile: String?
    /// The key-derivation ceiling of the keystore, as a multiple of the standard cost (default 64).
    public var maxKDFCost: Int?
    /// A file holding a BIP-39 mnemonic (English).
    public var mnemonicFile: String?
    /// The account m/44'/60'/0'/0/N of the mnemonic (default 0).
    public var mnemonicIndex: UInt32?
    /// A BIP-32 derivation path for the mnemonic (instead of `mnemonicIndex`).
    public var hdPath: String?
    /// A file holding the BIP-39 passphrase (UTF-8, one trailing newline ignored).
    public var mnemonicPassphraseFile: String?
    /// The hex key itself (unsafe on a command line: visible in `ps` and shell history).
    public var privateKeyHex: String?
    /// The hex key of the environment (see ``environmentKey(in:)``).
    public var environmentKey: String?

    public init(
        privateKeyFile: String? = nil, keystore: String? = nil, passwordFile: String? = nil, maxKDFCost: Int? = nil,
        mnemonicFile: String? = nil, mnemonicIndex: UInt32? = nil, hdPath: String? = nil,
        mnemonicPassphraseFile: String? = nil, privateKeyHex: String? = nil, environmentKey: String? = nil
    ) {
        self.privateKeyFile = privateKeyFile
        self.keystore = keystore
        self.passwordFile = passwordFile
        self.maxKDFCost = maxKDFCost
        self.mnemonicFile = mnemonicFile
        self.mnemonicIndex = mnemonicIndex
        self.hdPath = hdPath
        self.mnemonicPassphraseFile = mnemonicPassphraseFile
        self.privateKeyHex = privateKeyHex
        self.environmentKey = environmentKey
    }

    /// The names under which the fields appear in messages (the `ballast` options).
    public enum Field: String, Sendable, CaseIterable {
        case privateKeyFile = "--private-key-file"
        case keystore = "--keystore"
        case passwordFile = "--password-file"
        case maxKDFCost = "--max-kdf-cost"
        case mnemonicFile = "--mnemonic-file"
        case mnemonicIndex = "--mnemonic-index"
        case hdPath = "--hd-path"
        case mnemonicPassphraseFile = "--mnemonic-passphrase-file"
        case privateKeyHex = "--private-key"
        case environmentKey = "BALLAST_PRIVATE_KEY"
    }

    /// How a caller uses the specification beyond picking a key.
    public struct Usage: Sendable, Equatable {
        /// Whether a source is required (false: the caller signs nothing in some cases and asks
        /// for a source itself when it does).
        public var sourceRequired: Bool
        /// Whether `passwordFile` (and `maxKDFCost`) may be given without `keystore` (the caller
        /// then uses them for something else, e.g. the password of a keystore it writes).
        public var passwordFileWithoutKeystore: Bool

        public init(sourceRequired: Bool = true, passwordFileWithoutKeystore: Bool = false) {
            self.sourceRequired = sourceRequired
            self.passwordFileWithoutKeystore = passwordFileWithoutKeystore
        }
    }

    /// The code of every error of `validate(_:)`: a combination of fields that makes no sense
    /// (the command line reports it as a usage error).
    public static let invalidSpecificationCode = KeysError.Kind.invalidKeySpecification

    /// The value of ``KeySource/environmentVariable`` in `environment` when it is set and not
    /// empty (an empty variable counts as not set).
    public static func environmentKey(
        in environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        guard let value = environment[KeySource.environmentVariable], !value.isEmpty else { return nil }
        return value
    }

    /// The sources given, in a fixed order, by name.
    public var givenSources: [Field] {
        var fields: [Field] = []
        if privateKeyFile != nil { fields.append(.privateKeyFile) }
        if keystore != nil { fields.append(.keystore) }
        if mnemonicFile != nil { fields.append(.mnemonicFile) }
        if privateKeyHex != nil { fields.append(.privateKeyHex) }
        if environmentKey != nil { fields.append(.environmentKey) }
        return fields
    }

    /// Whether any source is given.
    public var hasSource: Bool { !givenSources.isEmpty }

    /// The files named (key, keystore, password, mnemonic, passphrase): an output must not
    /// replace any of them.
    public var files: [String] {
        [privateKeyFile, keystore, passwordFile, mnemonicFile, mnemonicPassphraseFile].compactMap { $0 }
    }

    /// The key-derivation ceiling: `maxKDFCost`, or ``KDFCostLimit/default``.
    public var kdfCostLimit: KDFCostLimit {
        maxKDFCost.map { KDFCostLimit(multiple: $0) } ?? .default
    }

    /// The message for a missing source, listing every source.
    public static let missingSourceMessage = """
        no key given. Give one of: --private-key-file PATH, --keystore PATH [--password-file PATH], \
        --mnemonic-file PATH [--mnemonic-index N | --hd-path PATH], the environment variable \
        \(KeySource.environmentVariable), or (unsafe) --private-key HEX
        """

    /// Checks the combination without reading anything: exactly one source (none is allowed when
    /// `usage.sourceRequired` is false), no modifier without its source, `mnemonicIndex` below
    /// 2^31, `maxKDFCost` at least 1, and no path that looks like a private key (the value is not
    /// repeated: it may be a key given in the wrong place). Throws
    /// ``invalidSpecificationCode``.
    public func validate(_ usage: Usage = Usage()) throws(KeysError) {
        func refuse(_ message: String) -> KeysError {
            KeysError(code: Self.invalidSpecificationCode, message: message)
        }
        let sources = givenSources
        if sources.count > 1 {
            var message = "give exactly one key source, not \(sources.map(\.rawValue).joined(separator: " and "))"
            if sources.contains(.environmentKey) {
                message += " (unset \(KeySource.environmentVariable) to use another source)"
            }
            throw refuse(message)
        }
        if sources.isEmpty && usage.sourceRequired {
            throw refuse(Self.missingSourceMessage)
        }
        if mnemonicIndex != nil && hdPath != nil {
            throw refuse("give --mnemonic-index or --hd-path, not both")
        }
        if mnemonicFile == nil {
            for (given, field) in [
                (mnemonicIndex != nil, Field.mnemonicIndex), (hdPath != nil, .hdPath),
                (mnemonicPassphraseFile != nil, .mnemonicPassphraseFile),
            ] where given {
                throw refuse("\(field.rawValue) applies only with --mnemonic-file")
            }
        }
        if let index = mnemonicIndex, index >= 0x8000_0000 {
            throw refuse("--mnemonic-index must be below 2^31 (2147483648)")
        }
        if let maxKDFCost {
            guard keystore != nil || usage.passwordFileWithoutKeystore else {
                throw refuse("--max-kdf-cost applies only with --keystore")
            }
            guard maxKDFCost >= 1 else { throw refuse("--max-kdf-cost must be at least 1") }
        }
        if passwordFile != nil && keystore == nil && !usage.passwordFileWithoutKeystore {
            throw refuse("--password-file applies only with --keystore")
        }
        for (value, field) in [
            (privateKeyFile, Field.privateKeyFile), (keystore, .keystore), (passwordFile, .passwordFile),
            (mnemonicFile, .mnemonicFile), (mnemonicPassphraseFile, .mnemonicPassphraseFile),
        ] {
            if let value, Self.looksLikePrivateKey(value) {
                throw refuse(
                    "the value of \(field.rawValue) looks like a private key, not a file path; put the key in a file (chmod 600) and give its path")
            }
        }
    }

    /// Refuses arguments a caller did not expect (for example stray command-line words): one of
    /// them may be a key pasted in the wrong place, so none is repeated. Throws
    /// ``invalidSpecificationCode``.
    public static func refuseUnexpected(_ values: [String]) throws(KeysError) {
        guard values.isEmpty else {
            throw KeysError(
                code: invalidSpecificationCode,
                message: "\(values.count) unexpected argument(s), not repeated here in case one is a key; a key goes in --private-key-file PATH or \(KeySource.environmentVariable)")
        }
    }

    /// Whether `text` is 64 hex digits with an optional 0x (a key given where a path belongs).
    public static func looksLikePrivateKey(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.starts(with: "0x".utf8) || utf8.starts(with: "0X".utf8) { utf8 = utf8.dropFirst(2) }
        return utf8.count == 64 && utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66)
        }
    }

    /// Asks for the password of the keystore at the path given (the caller's prompt, e.g. on a
    /// terminal without echo). The library never asks by itself. A `KeysError` it throws is
    /// passed on as is; any other error becomes `password_unavailable` at the keystore's path.
    public typealias PasswordPrompt = (_ keystorePath: String) throws -> [UInt8]

    /// Reads (and, for a keystore, decrypts) the key. Call `validate(_:)` first. A keystore's
    /// work is checked against `kdfCostLimit` before its password is read or asked for; without
    /// `passwordFile`, `password` is asked (`password_required` when it is nil). Errors name the
    /// source: the file path, `BALLAST_PRIVATE_KEY`, `--private-key`, `--hd-path` or
    /// `--mnemonic-index`.
    public func privateKey(password prompt: PasswordPrompt? = nil) throws(KeysError) -> PrivateKey {
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
            var password = try keystorePassword(for: path, prompt: prompt)
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
                let field = hdPath != nil ? Field.hdPath.rawValue : Field.mnemonicIndex.rawValue
                throw error.at(error.location.map { "\(field) \($0)" } ?? field)
            }
            var passphrase = ""
            if let passphraseFile = mnemonicPassphraseFile {
                var bytes = try KeySource.password(fromFile: passphraseFile)
                defer { LibCrypto.cleanse(&bytes) }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw KeysError(
                        code: .invalidPassphraseEncoding, message: "the mnemonic passphrase is not valid UTF-8",
                        location: passphraseFile)
                }
                passphrase = text
            }
            return try mnemonic.privateKey(path: derivation, passphrase: passphrase)
        }
        if let hex = privateKeyHex {
            return try KeySource.privateKey(hex: hex, location: Field.privateKeyHex.rawValue)
        }
        if let value = environmentKey {
            return try KeySource.privateKey(hex: value, location: KeySource.environmentVariable)
        }
        throw KeysError(code: .noKeySource, message: Self.missingSourceMessage)
    }

    /// The key as a `Signer` (public key and address derived once; every signature is checked
    /// by recovery).
    public func signer(password prompt: PasswordPrompt? = nil) throws(KeysError) -> PrivateKeySigner {
        let key = try privateKey(password: prompt)
        do {
            return try PrivateKeySigner(privateKey: key)
        } catch {
            throw KeysError(error)
        }
    }

    /// The keystore's password: `passwordFile`, or `prompt`.
    func keystorePassword(for path: String, prompt: PasswordPrompt?) throws(KeysError) -> [UInt8] {
        if let passwordFile {
            return try KeySource.password(fromFile: passwordFile)
        }
        guard let prompt else {
            throw KeysError(code: .passwordRequired, message: "the keystore needs a password: give a password file", location: path)
        }
        do {
            return try prompt(path)
        } catch let error as KeysError {
            throw error
        } catch {
            throw KeysError(code: .passwordUnavailable, message: "the password could not be read: \(error)", location: path)
        }
    }
}
