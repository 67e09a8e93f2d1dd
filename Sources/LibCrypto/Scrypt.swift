import COpenSSL

/// scrypt (RFC 7914): libcrypto's `EVP_PBE_scrypt` where OpenSSL accepts the parameters, and the
/// project's own ROMix (Salsa20/8 core, BlockMix, PBKDF2-HMAC-SHA256 from libcrypto) where it
/// does not.
///
/// OpenSSL 3.0 enforces RFC 7914's bound N < 2^(128·r/8) = 2^(16·r) and refuses, for example,
/// N = 262144 with r = 1, which Ethereum keystores in the wild use. `derive` picks the
/// implementation; both are exposed so tests can compare them.
///
/// Memory: the work area is 128·r·(N + p + 2) bytes. Every entry point checks it against
/// `memoryLimit` before allocating anything and fails with `kdf_memory_limit`.
public enum Scrypt {
    /// The default memory ceiling: 1 GiB (the common keystore parameters N = 2^18, r = 8 need 256 MiB).
    public static let defaultMemoryLimit: UInt64 = 1 << 30
    /// The longest derived key accepted (a bound on allocation, far above any real use).
    public static let maxKeyLength = 1 << 20

    /// Checks parameters and returns the memory the derivation needs, in bytes.
    /// N must be a power of two greater than 1, r and p at least 1, r·p < 2^30,
    /// 1 ≤ keyLength ≤ `maxKeyLength`, and the memory must fit in `memoryLimit`.
    @discardableResult
    public static func validate(
        n: Int, r: Int, p: Int, keyLength: Int, memoryLimit: UInt64 = defaultMemoryLimit
    ) throws(LibCryptoError) -> UInt64 {
        guard n > 1, n & (n - 1) == 0 else {
            throw .invalidParameter("scrypt N must be a power of two greater than 1")
        }
        guard r >= 1 else { throw .invalidParameter("scrypt r must be at least 1") }
        guard p >= 1 else { throw .invalidParameter("scrypt p must be at least 1") }
        let (rp, rpOverflow) = r.multipliedReportingOverflow(by: p)
        guard !rpOverflow, rp < 1 << 30 else { throw .invalidParameter("scrypt r·p must be less than 2^30") }
        guard keyLength >= 1, keyLength <= maxKeyLength else {
            throw .invalidParameter("scrypt key length must be between 1 and \(maxKeyLength)")
        }
        // 128·r·(N + p + 2), computed without overflow.
        let blocks = UInt64(n).addingReportingOverflow(UInt64(p) + 2)
        let (perR, o1) = UInt64(128).multipliedReportingOverflow(by: UInt64(r))
        let (total, o2) = perR.multipliedReportingOverflow(by: blocks.partialValue)
        guard !blocks.overflow, !o1, !o2 else {
            throw .memoryLimitExceeded(required: UInt64.max, limit: memoryLimit)
        }
        guard total <= memoryLimit else { throw .memoryLimitExceeded(required: total, limit: memoryLimit) }
        return total
    }

    /// Whether OpenSSL 3.0's scrypt accepts these (already valid) parameters: N < 2^(16·r).
    public static func openSSLAccepts(n: Int, r: Int, p: Int) -> Bool {
        guard n > 1, r >= 1, p >= 1 else { return false }
        if 16 * min(r, 4) >= 64 { return true }
        return UInt64(n) < (UInt64(1) << UInt64(16 * r))
    }

    /// scrypt(password, salt, N, r, p, keyLength), using OpenSSL when it accepts the parameters
    /// and the project's ROMix otherwise. Both give the same bytes where both apply.
    public static func derive(
        password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, keyLength: Int,
        memoryLimit: UInt64 = defaultMemoryLimit
    ) throws(LibCryptoError) -> [UInt8] {
        try validate(n: n, r: r, p: p, keyLength: keyLength, memoryLimit: memoryLimit)
        if openSSLAccepts(n: n, r: r, p: p) {
            return try deriveWithOpenSSL(
                password: password, salt: salt, n: n, r: r, p: p, keyLength: keyLength, memoryLimit: memoryLimit)
        }
        return try deriveWithROMix(
            password: password, salt: salt, n: n, r: r, p: p, keyLength: keyLength, memoryLimit: memoryLimit)
    }

    /// scrypt through `EVP_PBE_scrypt`, with `maxmem` set to the computed need plus a margin.
    /// Fails with `invalid_parameter` for parameters OpenSSL refuses (N ≥ 2^(16·r)).
    public static func deriveWithOpenSSL(
        password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, keyLength: Int,
        memoryLimit: UInt64 = defaultMemoryLimit
    ) throws(LibCryptoError) -> [UInt8] {
        let need = try validate(n: n, r: r, p: p, keyLength: keyLength, memoryLimit: memoryLimit)
        guard openSSLAccepts(n: n, r: r, p: p) else {
            throw .invalidParameter("OpenSSL's scrypt refuses N ≥ 2^(16·r)")
        }
        var out = [UInt8](repeating: 0, count: keyLength)
        let maxmem = need + (1 << 20)
        let ok = password.withUnsafeBytes { pw in
            salt.withUnsafeBytes { s in
                out.withUnsafeMutableBytes { o in
                    EVP_PBE_scrypt(
                        pw.baseAddress?.assumingMemoryBound(to: CChar.self), pw.count,
                        s.baseAddress?.assumingMemoryBound(to: UInt8.self), s.count,
                        UInt64(n), UInt64(r), UInt64(p), maxmem,
                        o.baseAddress?.assumingMemoryBound(to: UInt8.self), o.count)
                }
            }
        }
        guard ok == 1 else {
            ERR_clear_error()
            throw .failure("EVP_PBE_scrypt")
        }
        return out
    }

    /// scrypt with the project's own ROMix. Accepts every valid parameter set, including
    /// N ≥ 2^(16·r).
    public static func deriveWithROMix(
        password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, keyLength: Int,
        memoryLimit: UInt64 = defaultMemoryLimit
    ) throws(LibCryptoError) -> [UInt8] {
        try validate(n: n, r: r, p: p, keyLength: keyLength, memoryLimit: memoryLimit)
        guard password.count <= Int(Int32.max), salt.count <= Int(Int32.max) else {
            throw .invalidParameter("scrypt password or salt too long")
        }
        let blockBytes = 128 * r
        // B = PBKDF2-HMAC-SHA256(P, S, 1, p·128·r); p·128·r ≤ 2^37 is bounded by the memory check.
        var b = try pbkdf2Bytes(password: password, salt: salt, length: p * blockBytes)
        defer { LibCrypto.cleanse(&b) }

        let words = 32 * r
        let v = UnsafeMutablePointer<UInt32>.allocate(capacity: words * n)
        let xy = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * words)
        defer {
            LibCrypto.cleanse(UnsafeMutableRawBufferPointer(start: v, count: words * n * 4))
            LibCrypto.cleanse(UnsafeMutableRawBufferPointer(start: xy, count: 2 * words * 4))
            v.deallocate()
            xy.deallocate()
        }
        b.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            for lane in 0..<p {
                let bytes = base + lane * blockBytes
                let x = xy
                for w in 0..<words {
                    let q = bytes + 4 * w
                    x[w] = UInt32(q[0]) | UInt32(q[1]) &<< 8 | UInt32(q[2]) &<< 16 | UInt32(q[3]) &<< 24
                }
                roMix(x: x, scratch: xy + words, v: v, r: r, n: n)
                for w in 0..<words {
                    let q = bytes + 4 * w
                    let value = x[w]
                    q[0] = UInt8(truncatingIfNeeded: value)
                    q[1] = UInt8(truncatingIfNeeded: value &>> 8)
                    q[2] = UInt8(truncatingIfNeeded: value &>> 16)
                    q[3] = UInt8(truncatingIfNeeded: value &>> 24)
                }
            }
        }
        return try pbkdf2Bytes(password: password, salt: b, length: keyLength)
    }

    /// PBKDF2-HMAC-SHA256 with one iteration, for lengths beyond the general helper's bound.
    private static func pbkdf2Bytes(password: [UInt8], salt: [UInt8], length: Int) throws(LibCryptoError) -> [UInt8] {
        guard length <= Int(Int32.max), salt.count <= Int(Int32.max) else {
            throw .invalidParameter("scrypt PBKDF2 length out of range")
        }
        var out = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBytes { pw in
            salt.withUnsafeBytes { s in
                out.withUnsafeMutableBytes { o in
                    PKCS5_PBKDF2_HMAC(
                        pw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(pw.count),
                        s.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(s.count), 1, EVP_sha256(),
                        Int32(o.count), o.baseAddress?.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard ok == 1 else { throw .failure("PKCS5_PBKDF2_HMAC (scrypt)") }
        return out
    }

    /// ROMix on one 128·r-byte block held as 32·r little-endian words in `x`.
    /// `scratch` holds another 32·r words, `v` holds N·32·r words. N is a power of two ≥ 2.
    private static func roMix(
        x: UnsafeMutablePointer<UInt32>, scratch y: UnsafeMutablePointer<UInt32>,
        v: UnsafeMutablePointer<UInt32>, r: Int, n: Int
    ) {
        let words = 32 * r
        let mask = UInt64(n - 1)
        let last = (2 * r - 1) * 16
        // V_i = X; X = BlockMix(X), two steps per turn so X and Y swap roles without copying.
        var i = 0
        while i < n {
            (v + i * words).update(from: x, count: words)
            blockMix(x, xor: nil, into: y, r: r)
            (v + (i + 1) * words).update(from: y, count: words)
            blockMix(y, xor: nil, into: x, r: r)
            i += 2
        }
        // X = BlockMix(X xor V_j), j = Integerify(X) mod N; the xor is folded into BlockMix's loads.
        i = 0
        while i < n {
            var j = Int(truncatingIfNeeded: (UInt64(x[last]) | UInt64(x[last + 1]) &<< 32) & mask)
            blockMix(x, xor: v + j * words, into: y, r: r)
            j = Int(truncatingIfNeeded: (UInt64(y[last]) | UInt64(y[last + 1]) &<< 32) & mask)
            blockMix(y, xor: v + j * words, into: x, r: r)
            i += 2
        }
    }

    /// Sixteen 32-bit words: one Salsa20 block, kept in a tuple so it lives in registers.
    private typealias Block = (
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32
    )

    /// BlockMix_{Salsa20/8, r} of `input` (xor `mask` when given): `output` gets
    /// Y_0, Y_2, …, Y_{2r−2}, Y_1, Y_3, …, Y_{2r−1}. `output` may not alias `input` or `mask`.
    @inline(__always)
    private static func blockMix(
        _ input: UnsafePointer<UInt32>, xor mask: UnsafePointer<UInt32>?,
        into output: UnsafeMutablePointer<UInt32>, r: Int
    ) {
        var b: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let last = (2 * r - 1) * 16
        xorLoad(&b, input + last)
        if let mask { xorLoad(&b, mask + last) }
        var i = 0
        while i < 2 * r {
            xorLoad(&b, input + i * 16)
            if let mask { xorLoad(&b, mask + i * 16) }
            salsa20_8(&b)
            store(b, output + (i & 1 == 0 ? (i >> 1) : (r + (i >> 1))) * 16)
            i += 1
        }
    }

    @inline(__always)
    private static func xorLoad(_ b: inout Block, _ p: UnsafePointer<UInt32>) {
        b.0 ^= p[0]
        b.1 ^= p[1]
        b.2 ^= p[2]
        b.3 ^= p[3]
        b.4 ^= p[4]
        b.5 ^= p[5]
        b.6 ^= p[6]
        b.7 ^= p[7]
        b.8 ^= p[8]
        b.9 ^= p[9]
        b.10 ^= p[10]
        b.11 ^= p[11]
        b.12 ^= p[12]
        b.13 ^= p[13]
        b.14 ^= p[14]
        b.15 ^= p[15]
    }

    @inline(__always)
    private static func store(_ b: Block, _ p: UnsafeMutablePointer<UInt32>) {
        p[0] = b.0
        p[1] = b.1
        p[2] = b.2
        p[3] = b.3
        p[4] = b.4
        p[5] = b.5
        p[6] = b.6
        p[7] = b.7
        p[8] = b.8
        p[9] = b.9
        p[10] = b.10
        p[11] = b.11
        p[12] = b.12
        p[13] = b.13
        p[14] = b.14
        p[15] = b.15
    }

    /// b = Salsa20/8(b): four double rounds, then the input added word by word.
    @inline(__always)
    private static func salsa20_8(_ b: inout Block) {
        var x = b
        var t: UInt32 = 0
        var round = 0
        while round < 8 {
            // Column round.
            t = x.0 &+ x.12; x.4 ^= t &<< 7 | t &>> 25
            t = x.4 &+ x.0; x.8 ^= t &<< 9 | t &>> 23
            t = x.8 &+ x.4; x.12 ^= t &<< 13 | t &>> 19
            t = x.12 &+ x.8; x.0 ^= t &<< 18 | t &>> 14
            t = x.5 &+ x.1; x.9 ^= t &<< 7 | t &>> 25
            t = x.9 &+ x.5; x.13 ^= t &<< 9 | t &>> 23
            t = x.13 &+ x.9; x.1 ^= t &<< 13 | t &>> 19
            t = x.1 &+ x.13; x.5 ^= t &<< 18 | t &>> 14
            t = x.10 &+ x.6; x.14 ^= t &<< 7 | t &>> 25
            t = x.14 &+ x.10; x.2 ^= t &<< 9 | t &>> 23
            t = x.2 &+ x.14; x.6 ^= t &<< 13 | t &>> 19
            t = x.6 &+ x.2; x.10 ^= t &<< 18 | t &>> 14
            t = x.15 &+ x.11; x.3 ^= t &<< 7 | t &>> 25
            t = x.3 &+ x.15; x.7 ^= t &<< 9 | t &>> 23
            t = x.7 &+ x.3; x.11 ^= t &<< 13 | t &>> 19
            t = x.11 &+ x.7; x.15 ^= t &<< 18 | t &>> 14
            // Row round.
            t = x.0 &+ x.3; x.1 ^= t &<< 7 | t &>> 25
            t = x.1 &+ x.0; x.2 ^= t &<< 9 | t &>> 23
            t = x.2 &+ x.1; x.3 ^= t &<< 13 | t &>> 19
            t = x.3 &+ x.2; x.0 ^= t &<< 18 | t &>> 14
            t = x.5 &+ x.4; x.6 ^= t &<< 7 | t &>> 25
            t = x.6 &+ x.5; x.7 ^= t &<< 9 | t &>> 23
            t = x.7 &+ x.6; x.4 ^= t &<< 13 | t &>> 19
            t = x.4 &+ x.7; x.5 ^= t &<< 18 | t &>> 14
            t = x.10 &+ x.9; x.11 ^= t &<< 7 | t &>> 25
            t = x.11 &+ x.10; x.8 ^= t &<< 9 | t &>> 23
            t = x.8 &+ x.11; x.9 ^= t &<< 13 | t &>> 19
            t = x.9 &+ x.8; x.10 ^= t &<< 18 | t &>> 14
            t = x.15 &+ x.14; x.12 ^= t &<< 7 | t &>> 25
            t = x.12 &+ x.15; x.13 ^= t &<< 9 | t &>> 23
            t = x.13 &+ x.12; x.14 ^= t &<< 13 | t &>> 19
            t = x.14 &+ x.13; x.15 ^= t &<< 18 | t &>> 14
            round += 2
        }
        b.0 = x.0 &+ b.0
        b.1 = x.1 &+ b.1
        b.2 = x.2 &+ b.2
        b.3 = x.3 &+ b.3
        b.4 = x.4 &+ b.4
        b.5 = x.5 &+ b.5
        b.6 = x.6 &+ b.6
        b.7 = x.7 &+ b.7
        b.8 = x.8 &+ b.8
        b.9 = x.9 &+ b.9
        b.10 = x.10 &+ b.10
        b.11 = x.11 &+ b.11
        b.12 = x.12 &+ b.12
        b.13 = x.13 &+ b.13
        b.14 = x.14 &+ b.14
        b.15 = x.15 &+ b.15
    }
}
