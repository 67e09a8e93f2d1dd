import BallastJSON
import Foundation
import Keccak
import LibCrypto
import Secp256k1

/// A Web3 Secret Storage (version 3) keystore: an encrypted private key.
///
/// Reading checks every field and names the JSON path of any problem (`crypto.kdfparams.n`).
/// Field names match case-insensitively, as geth and eth-keyfile do (`Crypto` is accepted for
/// `crypto`); two names differing only in case are an `ambiguous_field` error.
/// Supported: cipher `aes-128-ctr`; kdf `scrypt` (any valid N, r, p, including N ≥ 2^(16·r),
/// within `memoryLimit`) and `pbkdf2` with `prf: hmac-sha256`, both within a `KDFCostLimit`.
public struct Keystore: Sendable {
    public enum KDF: Sendable, Equatable, CustomStringConvertible {
        case scrypt(n: Int, r: Int, p: Int)
        case pbkdf2(iterations: Int)

        /// scrypt N = 262144, r = 8, p = 1 (the geth and eth-account default).
        public static let defaultScrypt = KDF.scrypt(n: 262_144, r: 8, p: 1)
        /// PBKDF2-HMAC-SHA256 with c = 262144.
        public static let defaultPBKDF2 = KDF.pbkdf2(iterations: 262_144)

        public var description: String {
            switch self {
            case .scrypt(let n, let r, let p): return "scrypt(n: \(n), r: \(r), p: \(p))"
            case .pbkdf2(let c): return "pbkdf2(c: \(c))"
            }
        }
    }

    /// The `address` field (20 bytes) when the file has one.
    public let addressBytes: [UInt8]?
    /// The `id` field when present (not used for decryption).
    public let id: String?
    public let kdf: KDF
    /// The derived key length (`dklen`, at least 32).
    public let derivedKeyLength: Int
    public let salt: [UInt8]
    public let iv: [UInt8]
    public let ciphertext: [UInt8]
    public let mac: [UInt8]

    // MARK: Reading

    /// Parses a keystore from its JSON text (UTF-8 bytes) with the strict reader every input of
    /// the project goes through (`JSONValue.parse`): a byte-order mark, duplicate keys, trailing
    /// content and excessive nesting are refused, and a syntax error names its byte offset.
    public init(json: [UInt8]) throws(KeysError) {
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONValue.parse(bytes: json)
        } catch {
            throw KeysError(code: .invalidJson, message: "keystore is not valid JSON: \(error.message)", location: "byte \(error.offset)")
        }
        try self.init(jsonValue: value)
    }

    /// Parses a keystore from its JSON text.
    public init(json: String) throws(KeysError) {
        try self.init(json: Array(json.utf8))
    }

    init(jsonValue: JSONValue) throws(KeysError) {
        guard case .object(let root) = jsonValue else {
            throw KeysError(code: .invalidJson, message: "keystore must be a JSON object", location: "$")
        }
        let version = try JSONFields.integer(try JSONFields.require(root, "version", path: ""), path: "version")
        guard version == 3 else {
            throw KeysError(code: .unsupportedVersion, message: "only version 3 keystores are supported, got \(version)", location: "version")
        }
        let crypto = try JSONFields.object(try JSONFields.require(root, "crypto", path: ""), path: "crypto")

        let cipher = try JSONFields.string(try JSONFields.require(crypto, "cipher", path: "crypto"), path: "crypto.cipher")
        guard cipher == "aes-128-ctr" else {
            throw KeysError(code: .unsupportedCipher, message: "cipher must be aes-128-ctr", location: "crypto.cipher")
        }
        let cipherParams = try JSONFields.object(
            try JSONFields.require(crypto, "cipherparams", path: "crypto"), path: "crypto.cipherparams")
        iv = try JSONFields.hex(
            try JSONFields.require(cipherParams, "iv", path: "crypto.cipherparams"),
            path: "crypto.cipherparams.iv", count: 16...16)
        ciphertext = try JSONFields.hex(
            try JSONFields.require(crypto, "ciphertext", path: "crypto"), path: "crypto.ciphertext", count: 32...32)
        mac = try JSONFields.hex(try JSONFields.require(crypto, "mac", path: "crypto"), path: "crypto.mac", count: 32...32)

        let kdfName = try JSONFields.string(try JSONFields.require(crypto, "kdf", path: "crypto"), path: "crypto.kdf")
        let params = try JSONFields.object(
            try JSONFields.require(crypto, "kdfparams", path: "crypto"), path: "crypto.kdfparams")
        let p = "crypto.kdfparams"
        salt = try JSONFields.hex(try JSONFields.require(params, "salt", path: p), path: "\(p).salt", count: 0...1024)
        derivedKeyLength = try JSONFields.integer(try JSONFields.require(params, "dklen", path: p), path: "\(p).dklen")
        guard (32...1024).contains(derivedKeyLength) else {
            throw KeysError(code: .invalidKdfParams, message: "dklen must be between 32 and 1024", location: "\(p).dklen")
        }
        switch kdfName {
        case "scrypt":
            let n = try JSONFields.integer(try JSONFields.require(params, "n", path: p), path: "\(p).n")
            let r = try JSONFields.integer(try JSONFields.require(params, "r", path: p), path: "\(p).r")
            let pp = try JSONFields.integer(try JSONFields.require(params, "p", path: p), path: "\(p).p")
            guard n > 1, n & (n - 1) == 0 else {
                throw KeysError(code: .invalidKdfParams, message: "scrypt n must be a power of two greater than 1", location: "\(p).n")
            }
            guard r >= 1 else {
                throw KeysError(code: .invalidKdfParams, message: "scrypt r must be at least 1", location: "\(p).r")
            }
            guard pp >= 1 else {
                throw KeysError(code: .invalidKdfParams, message: "scrypt p must be at least 1", location: "\(p).p")
            }
            guard r.multipliedReportingOverflow(by: pp).partialValue < 1 << 30, r < 1 << 30, pp < 1 << 30 else {
                throw KeysError(code: .invalidKdfParams, message: "scrypt r·p must be less than 2^30", location: p)
            }
            kdf = .scrypt(n: n, r: r, p: pp)
        case "pbkdf2":
            let c = try JSONFields.integer(try JSONFields.require(params, "c", path: p), path: "\(p).c")
            guard c >= 1, c <= Int(Int32.max) else {
                throw KeysError(code: .invalidKdfParams, message: "pbkdf2 c must be between 1 and 2^31-1", location: "\(p).c")
            }
            let prf = try JSONFields.string(try JSONFields.require(params, "prf", path: p), path: "\(p).prf")
            guard prf == "hmac-sha256" else {
                throw KeysError(code: .unsupportedPrf, message: "pbkdf2 prf must be hmac-sha256", location: "\(p).prf")
            }
            kdf = .pbkdf2(iterations: c)
        default:
            throw KeysError(code: .unsupportedKdf, message: "kdf must be scrypt or pbkdf2", location: "crypto.kdf")
        }

        if let value = try JSONFields.optional(root, "address", path: "") {
            let text = try JSONFields.string(value, path: "address")
            guard let bytes = HexText.decode(text), bytes.count == 20 else {
                throw KeysError(code: .invalidField, message: "address must be 40 hex digits", location: "address")
            }
            addressBytes = bytes
        } else {
            addressBytes = nil
        }
        if let value = try JSONFields.optional(root, "id", path: "") {
            id = try JSONFields.string(value, path: "id")
        } else {
            id = nil
        }
    }

    /// Derives the key from `password`, checks the MAC (constant time; `mac_mismatch` for a wrong
    /// password), decrypts, and checks the key and, when present, the `address` field.
    /// The work is first checked (`checkWork`): nothing is derived above `memoryLimit` or `costLimit`.
    public func decrypt(
        password: [UInt8], memoryLimit: UInt64 = Scrypt.defaultMemoryLimit, costLimit: KDFCostLimit = .default
    ) throws(KeysError) -> PrivateKey {
        try checkWork(memoryLimit: memoryLimit, costLimit: costLimit)
        var derived = try Self.deriveKey(
            password: password, kdf: kdf, salt: salt, length: derivedKeyLength, memoryLimit: memoryLimit)
        defer { LibCrypto.cleanse(&derived) }
        let expected = Self.mac(derivedKey: derived, ciphertext: ciphertext)
        guard LibCrypto.constantTimeEqual(expected, mac) else {
            throw KeysError(code: .macMismatch, message: "MAC mismatch: wrong password or corrupted keystore", location: "crypto.mac")
        }
        var plain: [UInt8]
        do {
            plain = try LibCrypto.aes128CTR(key: Array(derived[0..<16]), iv: iv, data: ciphertext)
        } catch {
            throw KeysError(error, at: "crypto.ciphertext")
        }
        defer { LibCrypto.cleanse(&plain) }
        let key: PrivateKey
        do {
            key = try PrivateKey(bytes: plain)
        } catch {
            throw KeysError(code: .invalidPrivateKey, message: "the decrypted key is not a valid secp256k1 private key", location: "crypto.ciphertext")
        }
        if let addressBytes {
            let actual: [UInt8]
            do { actual = try key.ethereumAddressBytes() } catch { throw KeysError(error) }
            guard actual == addressBytes else {
                throw KeysError(code: .addressMismatch, message: "the address field does not match the decrypted key", location: "address")
            }
        }
        return key
    }

    /// Refuses, before any work, a key derivation that needs more than `memoryLimit` bytes
    /// (`kdf_memory_limit`) or more work than `costLimit` allows (`kdf_too_expensive`), in that
    /// order. Arithmetic only: callers may run it before asking for the password.
    public func checkWork(
        memoryLimit: UInt64 = Scrypt.defaultMemoryLimit, costLimit: KDFCostLimit = .default
    ) throws(KeysError) {
        if case .scrypt(let n, let r, let p) = kdf {
            do { try Scrypt.validate(n: n, r: r, p: p, keyLength: derivedKeyLength, memoryLimit: memoryLimit) } catch {
                throw KeysError(error, at: "crypto.kdfparams").renamedParameterCode()
            }
        }
        try costLimit.check(kdf)
    }

    /// `decrypt(password:)` with the password's UTF-8 bytes (no normalization, as geth and eth-account).
    public func decrypt(
        password: String, memoryLimit: UInt64 = Scrypt.defaultMemoryLimit, costLimit: KDFCostLimit = .default
    ) throws(KeysError) -> PrivateKey {
        try decrypt(password: Array(password.utf8), memoryLimit: memoryLimit, costLimit: costLimit)
    }

    /// Parses and decrypts in one step.
    public static func decrypt(
        json: [UInt8], password: [UInt8], memoryLimit: UInt64 = Scrypt.defaultMemoryLimit,
        costLimit: KDFCostLimit = .default
    ) throws(KeysError) -> PrivateKey {
        try Keystore(json: json).decrypt(password: password, memoryLimit: memoryLimit, costLimit: costLimit)
    }

    // MARK: Writing

    /// Encrypts `privateKey` into a new keystore and returns its JSON text (one line, UTF-8):
    /// random 32-byte salt, 16-byte IV and UUID v4 from libcrypto's generator; `address` is
    /// lowercase hex without `0x`.
    public static func encrypt(
        privateKey: PrivateKey, password: [UInt8], kdf: KDF = .defaultScrypt,
        memoryLimit: UInt64 = Scrypt.defaultMemoryLimit, costLimit: KDFCostLimit = .default
    ) throws(KeysError) -> [UInt8] {
        try costLimit.check(kdf)
        let salt: [UInt8], iv: [UInt8], uuid: [UInt8]
        do {
            salt = try LibCrypto.randomBytes(32)
            iv = try LibCrypto.randomBytes(16)
            uuid = try LibCrypto.randomBytes(16)
        } catch let error as LibCryptoError {
            throw KeysError(error)
        } catch {
            throw KeysError.libCryptoFailure("random bytes unavailable")
        }
        return try encrypt(
            privateKey: privateKey, password: password, kdf: kdf, salt: salt, iv: iv, id: uuidV4(uuid),
            memoryLimit: memoryLimit)
    }

    /// Encryption with chosen salt, IV and id: for reproducing reference files in tests only
    /// (reusing an IV with the same password and salt leaks the key).
    package static func encrypt(
        privateKey: PrivateKey, password: [UInt8], kdf: KDF, salt: [UInt8], iv: [UInt8], id: String,
        memoryLimit: UInt64 = Scrypt.defaultMemoryLimit
    ) throws(KeysError) -> [UInt8] {
        guard iv.count == 16 else { throw KeysError(code: .invalidField, message: "IV must be 16 bytes", location: "crypto.cipherparams.iv") }
        switch kdf {
        case .scrypt(let n, let r, let p):
            do { try Scrypt.validate(n: n, r: r, p: p, keyLength: 32, memoryLimit: memoryLimit) } catch {
                throw KeysError(error, at: "crypto.kdfparams").renamedParameterCode()
            }
        case .pbkdf2(let c):
            guard c >= 1, c <= Int(Int32.max) else {
                throw KeysError(code: .invalidKdfParams, message: "pbkdf2 c must be between 1 and 2^31-1", location: "crypto.kdfparams.c")
            }
        }
        var derived = try deriveKey(password: password, kdf: kdf, salt: salt, length: 32, memoryLimit: memoryLimit)
        defer { LibCrypto.cleanse(&derived) }
        let ciphertext: [UInt8]
        do {
            ciphertext = try privateKey.withUnsafeBytes { (raw) throws(LibCryptoError) -> [UInt8] in
                var plain = Array(raw)
                defer { LibCrypto.cleanse(&plain) }
                return try LibCrypto.aes128CTR(key: Array(derived[0..<16]), iv: iv, data: plain)
            }
        } catch {
            throw KeysError(error)
        }
        let mac = Self.mac(derivedKey: derived, ciphertext: ciphertext)
        let address: [UInt8]
        do { address = try privateKey.ethereumAddressBytes() } catch { throw KeysError(error) }

        let kdfJSON: String
        switch kdf {
        case .scrypt(let n, let r, let p):
            kdfJSON = #""kdf":"scrypt","kdfparams":{"dklen":32,"n":\#(n),"p":\#(p),"r":\#(r),"salt":"\#(HexText.encode(salt))"}"#
        case .pbkdf2(let c):
            kdfJSON = #""kdf":"pbkdf2","kdfparams":{"c":\#(c),"dklen":32,"prf":"hmac-sha256","salt":"\#(HexText.encode(salt))"}"#
        }
        let text = #"{"address":"\#(HexText.encode(address))","crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"\#(HexText.encode(iv))"},"ciphertext":"\#(HexText.encode(ciphertext))",\#(kdfJSON),"mac":"\#(HexText.encode(mac))"},"id":"\#(JSONFields.escape(id))","version":3}"#
        return Array(text.utf8)
    }

    // MARK: Pieces

    static func deriveKey(
        password: [UInt8], kdf: KDF, salt: [UInt8], length: Int, memoryLimit: UInt64
    ) throws(KeysError) -> [UInt8] {
        switch kdf {
        case .scrypt(let n, let r, let p):
            do {
                return try Scrypt.derive(
                    password: password, salt: salt, n: n, r: r, p: p, keyLength: length, memoryLimit: memoryLimit)
            } catch {
                throw KeysError(error, at: "crypto.kdfparams").renamedParameterCode()
            }
        case .pbkdf2(let c):
            do {
                return try LibCrypto.pbkdf2(password: password, salt: salt, iterations: c, keyLength: length)
            } catch let error as LibCryptoError {
                throw KeysError(error, at: "crypto.kdfparams")
            } catch {
                throw KeysError.libCryptoFailure("PBKDF2 failed", location: "crypto.kdfparams")
            }
        }
    }

    /// keccak256(derivedKey[16..<32] ‖ ciphertext).
    static func mac(derivedKey: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        var h = Keccak256()
        h.update(data: derivedKey[16..<32])
        h.update(data: ciphertext)
        return h.finalize().bytes
    }

    /// Formats 16 random bytes as a version-4, RFC 4122-variant UUID.
    static func uuidV4(_ random: [UInt8]) -> String {
        var b = random
        b[6] = (b[6] & 0x0f) | 0x40
        b[8] = (b[8] & 0x3f) | 0x80
        let hex = HexText.encode(b)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-"
            + String(c[16..<20]) + "-" + String(c[20..<32])
    }
}

extension KeysError {
    /// Lower-layer `invalid_parameter` becomes `invalid_kdf_params` in a keystore context.
    func renamedParameterCode() -> KeysError {
        guard case .libCrypto(.invalidParameter) = origin else { return self }
        return KeysError(code: .invalidKdfParams, message: message, location: location)
    }
}

/// Typed access to Foundation JSON objects with errors naming the JSON path.
enum JSONFields {
    typealias Members = [(key: String, value: JSONValue)]

    /// Looks a key up case-insensitively (ASCII); two matching keys are ambiguous.
    static func optional(_ object: Members, _ name: String, path: String) throws(KeysError) -> JSONValue? {
        var found: JSONValue?
        var count = 0
        for (key, value) in object where key.lowercased() == name {
            found = value
            count += 1
        }
        guard count <= 1 else {
            throw KeysError(code: .ambiguousField, message: "\"\(name)\" appears more than once (names differing only in case)", location: join(path, name))
        }
        return found
    }

    static func require(_ object: Members, _ name: String, path: String) throws(KeysError) -> JSONValue {
        guard let value = try optional(object, name, path: path) else {
            throw KeysError(code: .missingField, message: "missing field \"\(name)\"", location: join(path, name))
        }
        return value
    }

    static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    static func object(_ value: JSONValue, path: String) throws(KeysError) -> Members {
        guard case .object(let members) = value else {
            throw KeysError(code: .invalidField, message: "must be a JSON object", location: path)
        }
        return members
    }

    static func string(_ value: JSONValue, path: String) throws(KeysError) -> String {
        guard case .string(let text) = value else {
            throw KeysError(code: .invalidField, message: "must be a JSON string", location: path)
        }
        return text
    }

    /// A JSON integer token (no fraction, no exponent, not a boolean) that fits in Int.
    static func integer(_ value: JSONValue, path: String) throws(KeysError) -> Int {
        guard case .number(let text) = value else {
            if case .bool = value { throw KeysError(code: .invalidField, message: "must be a JSON integer, not a boolean", location: path) }
            throw KeysError(code: .invalidField, message: "must be a JSON integer", location: path)
        }
        guard !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) else {
            throw KeysError(code: .invalidField, message: "must be a JSON integer (no fraction or exponent) within 64 bits", location: path)
        }
        guard let int = Int(text) else {
            throw KeysError(code: .invalidField, message: "integer out of range", location: path)
        }
        return int
    }

    static func hex(_ value: JSONValue, path: String, count: ClosedRange<Int>) throws(KeysError) -> [UInt8] {
        let text = try string(value, path: path)
        guard let bytes = HexText.decode(text) else {
            throw KeysError(code: .invalidField, message: "must be hex digits", location: path)
        }
        guard count.contains(bytes.count) else {
            let want = count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
            throw KeysError(code: .invalidField, message: "must be \(want) bytes, got \(bytes.count)", location: path)
        }
        return bytes
    }

    /// Escapes a string for a JSON string literal.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
