import LibCrypto
import Secp256k1

/// An error from the Keys module: a stable snake_case `code`, a human `message`, and where it
/// happened (`location`: a JSON path such as `crypto.kdfparams.n`, a file path, an environment
/// variable name, or a derivation-path component). Messages never contain key material,
/// passwords or mnemonic words.
///
/// Codes:
/// - keystores: `invalid_json`, `missing_field`, `invalid_field`, `ambiguous_field`,
///   `unsupported_version`, `unsupported_cipher`, `unsupported_kdf`, `unsupported_prf`,
///   `invalid_kdf_params`, `kdf_memory_limit`, `kdf_too_expensive`, `mac_mismatch`, `address_mismatch`
/// - keys: `invalid_private_key` (out of range), `invalid_private_key_hex` (not 64 hex digits)
/// - BIP-39: `invalid_mnemonic_word_count`, `invalid_mnemonic_word`, `invalid_mnemonic_checksum`,
///   `invalid_entropy_length`, `invalid_mnemonic_encoding`
/// - BIP-32: `invalid_seed_length`, `invalid_derivation_path`, `invalid_child_key`
/// - files: `file_unreadable`, `file_not_regular`, `file_too_large`, `insecure_file_permissions`
/// - choosing a key: `invalid_key_specification`, `no_key_source`, `password_required`,
///   `password_unavailable`, `terminal_unreadable`, `input_too_large` (a secret typed on the
///   terminal longer than the prompt reads), `invalid_passphrase_encoding`
/// - lower layers: the code of the underlying `Secp256k1Error` / `LibCryptoError`
///   (for example `libcrypto_failure`).
public struct KeysError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Keys module's own codes; the raw value is the published code.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case addressMismatch = "address_mismatch"
        case ambiguousField = "ambiguous_field"
        case fileNotRegular = "file_not_regular"
        case fileTooLarge = "file_too_large"
        case fileUnreadable = "file_unreadable"
        case inputTooLarge = "input_too_large"
        case insecureFilePermissions = "insecure_file_permissions"
        case invalidChildKey = "invalid_child_key"
        case invalidDerivationPath = "invalid_derivation_path"
        case invalidEntropyLength = "invalid_entropy_length"
        case invalidField = "invalid_field"
        case invalidJson = "invalid_json"
        case invalidKdfParams = "invalid_kdf_params"
        case invalidKeySpecification = "invalid_key_specification"
        case invalidMnemonicChecksum = "invalid_mnemonic_checksum"
        case invalidMnemonicEncoding = "invalid_mnemonic_encoding"
        case invalidMnemonicWord = "invalid_mnemonic_word"
        case invalidMnemonicWordCount = "invalid_mnemonic_word_count"
        case invalidPassphraseEncoding = "invalid_passphrase_encoding"
        case invalidPrivateKey = "invalid_private_key"
        case invalidPrivateKeyHex = "invalid_private_key_hex"
        case invalidSeedLength = "invalid_seed_length"
        case kdfTooExpensive = "kdf_too_expensive"
        case macMismatch = "mac_mismatch"
        case missingField = "missing_field"
        case noKeySource = "no_key_source"
        case passwordRequired = "password_required"
        case passwordUnavailable = "password_unavailable"
        case terminalUnreadable = "terminal_unreadable"
        case unsupportedCipher = "unsupported_cipher"
        case unsupportedKdf = "unsupported_kdf"
        case unsupportedPrf = "unsupported_prf"
        case unsupportedVersion = "unsupported_version"
    }

    /// What the error is: one of the module's own codes, or an error of a lower layer (secp256k1,
    /// libcrypto) reported with its own code.
    public enum Origin: Sendable, Equatable {
        case keys(Kind)
        case secp256k1(Secp256k1Error)
        case libCrypto(LibCryptoError)
    }

    public let origin: Origin
    public let message: String
    public let location: String?

    public init(code: Kind, message: String, location: String? = nil) {
        self.init(origin: .keys(code), message: message, location: location)
    }

    init(origin: Origin, message: String, location: String?) {
        self.origin = origin
        self.message = message
        self.location = location
    }

    /// The stable snake_case code: the module's own, or the lower layer's.
    public var code: String {
        switch origin {
        case .keys(let kind): kind.rawValue
        case .secp256k1(let error): error.code
        case .libCrypto(let error): error.code
        }
    }

    /// The module's own code; nil for a lower layer's error.
    public var kind: Kind? {
        if case .keys(let kind) = origin { return kind }
        return nil
    }

    /// The same error with `location` set (replacing any previous one).
    public func at(_ location: String?) -> KeysError {
        KeysError(origin: origin, message: message, location: location)
    }

    public var description: String {
        if let location { return "\(code) at \(location): \(message)" }
        return "\(code): \(message)"
    }

    init(_ error: Secp256k1Error, at location: String? = nil) {
        self.init(origin: .secp256k1(error), message: error.message, location: location)
    }

    init(_ error: LibCryptoError, at location: String? = nil) {
        self.init(origin: .libCrypto(error), message: error.message, location: location)
    }

    /// A libcrypto step that failed without a ``LibCryptoError`` (`libcrypto_failure`).
    static func libCryptoFailure(_ message: String, location: String? = nil) -> KeysError {
        KeysError(origin: .libCrypto(.failure(message)), message: message, location: location)
    }
}

/// Lowercase hex without prefix, and strict decoding (either case; optional `0x`).
enum HexText {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Decodes hex digits, with an optional `0x`/`0X` prefix when `allowPrefix`. Nil on odd
    /// length or a non-hex character.
    static func decode(_ text: some Collection<UInt8>, allowPrefix: Bool = true) -> [UInt8]? {
        var s = ArraySlice(text)
        if allowPrefix, s.count >= 2, s[s.startIndex] == UInt8(ascii: "0"),
           s[s.startIndex + 1] | 0x20 == UInt8(ascii: "x") {
            s = s.dropFirst(2)
        }
        guard s.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(s.count / 2)
        var i = s.startIndex
        while i < s.endIndex {
            guard let hi = nibble(s[i]), let lo = nibble(s[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    static func decode(_ text: String, allowPrefix: Bool = true) -> [UInt8]? {
        decode(Array(text.utf8), allowPrefix: allowPrefix)
    }
}
