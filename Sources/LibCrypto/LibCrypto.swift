import COpenSSL

/// Errors from the libcrypto facade. Each has a stable snake_case `code`.
public enum LibCryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libcrypto refused an operation it should not refuse (the name of the call or step).
    case failure(String)
    /// A parameter is outside what the function accepts (for example a key of the wrong length).
    case invalidParameter(String)
    /// A key derivation would need more memory than the caller allows.
    case memoryLimitExceeded(required: UInt64, limit: UInt64)

    public var code: String {
        switch self {
        case .failure: return "libcrypto_failure"
        case .invalidParameter: return "invalid_parameter"
        case .memoryLimitExceeded: return "kdf_memory_limit"
        }
    }

    public var message: String {
        switch self {
        case .failure(let step): return "libcrypto failed: \(step)"
        case .invalidParameter(let detail): return detail
        case .memoryLimitExceeded(let required, let limit):
            return "key derivation needs \(required) bytes of memory, more than the limit of \(limit) bytes"
        }
    }

    /// Always nil at this layer; callers attach a location (JSON path, file) when they wrap the error.
    public var location: String? { nil }

    public var description: String { "\(code): \(message)" }
}

/// Thin wrappers over OpenSSL 3's libcrypto: HMAC, PBKDF2, randomness, SHA3-256.
public enum LibCrypto {
    /// HMAC-SHA512 of `data` under `key`.
    public static func hmacSHA512(key: [UInt8], data: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                HMAC(EVP_sha512(), k.baseAddress, Int32(k.count), d.baseAddress, d.count, &out, &length)
            }
        }
        guard result != nil, length == 64 else { throw LibCryptoError.failure("HMAC-SHA512") }
        return out
    }

    /// PBKDF2 with HMAC-SHA256 (`sha512: false`) or HMAC-SHA512.
    public static func pbkdf2(
        password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int, sha512: Bool = false
    ) throws -> [UInt8] {
        guard iterations > 0, iterations <= Int(Int32.max), keyLength > 0, keyLength <= 1 << 20 else {
            throw LibCryptoError.failure("PBKDF2 parameters out of range")
        }
        var out = [UInt8](repeating: 0, count: keyLength)
        let ok = password.withUnsafeBufferPointer { p in
            salt.withUnsafeBufferPointer { s in
                p.withMemoryRebound(to: CChar.self) { pc in
                    PKCS5_PBKDF2_HMAC(
                        pc.baseAddress, Int32(p.count), s.baseAddress, Int32(s.count),
                        Int32(iterations), sha512 ? EVP_sha512() : EVP_sha256(), Int32(keyLength), &out)
                }
            }
        }
        guard ok == 1 else { throw LibCryptoError.failure("PKCS5_PBKDF2_HMAC") }
        return out
    }

    /// `count` bytes from OpenSSL's CSPRNG.
    public static func randomBytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= Int(Int32.max) else { throw LibCryptoError.failure("RAND_bytes size") }
        var out = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&out, Int32(count)) == 1 else {
            throw LibCryptoError.failure("RAND_bytes")
        }
        return out
    }
}

/// SHA3-256 through a reusable `EVP_MD_CTX` (the reference point for our Keccak's speed:
/// the same Keccak-f[1600] permutation with a different padding byte).
public final class SHA3_256Context {
    private let ctx: OpaquePointer
    private let md: OpaquePointer

    public init() throws {
        guard let ctx = EVP_MD_CTX_new() else { throw LibCryptoError.failure("EVP_MD_CTX_new") }
        guard let md = EVP_MD_fetch(nil, "SHA3-256", nil) else {
            EVP_MD_CTX_free(ctx)
            throw LibCryptoError.failure("EVP_MD_fetch SHA3-256")
        }
        self.ctx = ctx
        self.md = md
    }

    deinit {
        EVP_MD_CTX_free(ctx)
        EVP_MD_free(md)
    }

    /// The SHA3-256 digest of `bytes`, reusing this context.
    public func hash(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        guard out.count >= 32 else { return false }
        var length: UInt32 = 0
        guard EVP_DigestInit_ex2(ctx, md, nil) == 1,
              EVP_DigestUpdate(ctx, bytes.baseAddress, bytes.count) == 1,
              EVP_DigestFinal_ex(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1
        else { return false }
        return length == 32
    }

    /// Convenience: the digest as an array.
    public func hash(_ bytes: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = bytes.withUnsafeBytes { b in out.withUnsafeMutableBytes { hash(b, into: $0) } }
        guard ok else { throw LibCryptoError.failure("SHA3-256") }
        return out
    }
}
