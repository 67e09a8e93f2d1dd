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
/// - lower layers: the code of the underlying `Secp256k1Error` / `LibCryptoError`
///   (for example `libcrypto_failure`).
public struct KeysError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let location: String?

    public init(code: String, message: String, location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// The same error with `location` set (replacing any previous one).
    public func at(_ location: String?) -> KeysError {
        KeysError(code: code, message: message, location: location)
    }

    public var description: String {
        if let location { return "\(code) at \(location): \(message)" }
        return "\(code): \(message)"
    }

    init(_ error: Secp256k1Error, at location: String? = nil) {
        self.init(code: error.code, message: error.message, location: location)
    }

    init(_ error: LibCryptoError, at location: String? = nil) {
        self.init(code: error.code, message: error.message, location: location)
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
