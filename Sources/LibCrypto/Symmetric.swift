import COpenSSL

// SHA-256, HMAC-SHA256, AES-128-CTR and small memory helpers over libcrypto.

extension LibCrypto {
    /// The SHA-256 digest of `data`.
    public static func sha256(_ data: [UInt8]) throws(LibCryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { d in
            out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(d.baseAddress, d.count, o.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard ok == 1, length == 32 else { throw .failure("EVP_Digest SHA-256") }
        return out
    }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) throws(LibCryptoError) -> [UInt8] {
        guard key.count <= Int(Int32.max) else { throw .invalidParameter("HMAC key too long") }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), d.baseAddress, d.count, o.baseAddress, &length)
                }
            }
        }
        guard result != nil, length == 32 else { throw .failure("HMAC-SHA256") }
        return out
    }

    /// AES-128 in counter mode (`EVP_aes_128_ctr`): the whole 16-byte IV is the initial counter,
    /// incremented as one 128-bit big-endian number (wrapping), as Web3 Secret Storage expects.
    /// Encryption and decryption are the same operation.
    public static func aes128CTR(key: [UInt8], iv: [UInt8], data: [UInt8]) throws(LibCryptoError) -> [UInt8] {
        guard key.count == 16 else { throw .invalidParameter("AES-128 key must be 16 bytes, got \(key.count)") }
        guard iv.count == 16 else { throw .invalidParameter("AES-CTR IV must be 16 bytes, got \(iv.count)") }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw .failure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nil, key, iv) == 1 else {
            throw .failure("EVP_EncryptInit_ex AES-128-CTR")
        }
        // A stream mode: the output is exactly as long as the input (no padding, no final block).
        var out = [UInt8](repeating: 0, count: data.count)
        let chunk = 1 << 30
        let ok = data.withUnsafeBufferPointer { input -> Bool in
            out.withUnsafeMutableBufferPointer { output -> Bool in
                var offset = 0
                while offset < input.count {
                    let n = min(chunk, input.count - offset)
                    var written: Int32 = 0
                    guard let src = input.baseAddress, let dst = output.baseAddress,
                          EVP_EncryptUpdate(ctx, dst + offset, &written, src + offset, Int32(n)) == 1,
                          Int(written) == n
                    else { return false }
                    offset += n
                }
                var tail: Int32 = 0
                var scratch = [UInt8](repeating: 0, count: 32)
                guard EVP_EncryptFinal_ex(ctx, &scratch, &tail) == 1, tail == 0 else { return false }
                return true
            }
        }
        guard ok else { throw .failure("EVP_EncryptUpdate AES-128-CTR") }
        return out
    }

    /// Compares two byte strings in time that depends only on their lengths (`CRYPTO_memcmp`).
    /// Byte strings of different lengths are unequal.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, pa.count) == 0 }
        }
    }

    /// Overwrites `bytes` with zeros using `OPENSSL_cleanse`, which the compiler may not elide.
    /// Only this buffer is cleared: copies Swift made earlier (array copy-on-write, value copies)
    /// are out of reach.
    public static func cleanse(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { p in
            if let base = p.baseAddress, p.count > 0 { OPENSSL_cleanse(base, p.count) }
        }
    }

    /// Overwrites raw memory with zeros using `OPENSSL_cleanse`.
    public static func cleanse(_ buffer: UnsafeMutableRawBufferPointer) {
        if let base = buffer.baseAddress, buffer.count > 0 { OPENSSL_cleanse(base, buffer.count) }
    }
}
