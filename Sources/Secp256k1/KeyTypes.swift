import CSecp256k1
import Keccak

/// A secp256k1 private key: 32 bytes, 0 < k < n, checked when made.
///
/// The key is never printed: `description`, `debugDescription` and the reflection mirror (used by
/// `dump`, `print` of containing values, debuggers' summaries) show `PrivateKey(<redacted>)`.
///
/// Memory hygiene, honestly stated: the key lives inline in this value (no heap allocation) and
/// the temporaries this module makes while deriving or signing are zeroed with `explicit_bzero`.
/// Swift gives no destructor to copyable structs, so copies of the value itself (each assignment,
/// each argument passed by value, register spills) are not erased, and an array the caller passed
/// to `init(bytes:)` is the caller's to clear. This narrows the window; it does not close it.
public struct PrivateKey: Sendable {
    /// The 32 key bytes in memory order (big-endian scalar).
    private typealias Storage = (UInt64, UInt64, UInt64, UInt64)
    private let storage: Storage

    /// Makes a key from 32 big-endian bytes; throws `invalid_private_key` unless 0 < k < n.
    public init(bytes: [UInt8]) throws(Secp256k1Error) {
        guard bytes.count == 32 else { throw .invalidPrivateKey }
        let loaded = bytes.withUnsafeBytes { raw in
            Result { () throws(Secp256k1Error) -> Storage in try Self.load(raw) }
        }
        storage = try loaded.get()
    }

    /// Makes a key from 32 big-endian bytes in a buffer; throws `invalid_private_key` unless 0 < k < n.
    public init(bytes: UnsafeRawBufferPointer) throws(Secp256k1Error) {
        storage = try Self.load(bytes)
    }

    private static func load(_ bytes: UnsafeRawBufferPointer) throws(Secp256k1Error) -> Storage {
        guard bytes.count == 32, let source = bytes.baseAddress else { throw .invalidPrivateKey }
        var candidate: Storage = (0, 0, 0, 0)
        let valid = Swift.withUnsafeMutableBytes(of: &candidate) { s -> Bool in
            s.copyMemory(from: UnsafeRawBufferPointer(start: source, count: 32))
            guard let base = s.baseAddress else { return false }
            return secp256k1_ec_seckey_verify(SharedContext.shared.pointer, base.assumingMemoryBound(to: UInt8.self)) == 1
        }
        guard valid else {
            Swift.withUnsafeMutableBytes(of: &candidate) { SecureWipe.zero($0) }
            throw .invalidPrivateKey
        }
        return candidate
    }

    /// A new key from the system's cryptographic random generator (`getrandom` on Linux).
    public static func random() throws(Secp256k1Error) -> PrivateKey {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<64 {
            var candidate: Storage = (g.next(), g.next(), g.next(), g.next())
            defer { Swift.withUnsafeMutableBytes(of: &candidate) { SecureWipe.zero($0) } }
            if let key = try? Swift.withUnsafeBytes(of: &candidate, { (raw) throws(Secp256k1Error) in try PrivateKey(bytes: raw) }) {
                return key
            }
        }
        throw .libraryFailure("random key generation")
    }

    /// Calls `body` with the 32 key bytes. The buffer is a temporary that is zeroed afterwards;
    /// do not let it escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var copy = storage
        defer { Swift.withUnsafeMutableBytes(of: &copy) { SecureWipe.zero($0) } }
        return try Swift.withUnsafeBytes(of: &copy) { (raw) throws(E) -> R in try body(raw) }
    }

    /// The key bytes as a new array. The caller owns (and should clear) the copy.
    public var bytesCopy: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    @inline(__always)
    func withKeyPointer<R, E: Error>(_ body: (UnsafePointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try withUnsafeBytes { (raw) throws(E) -> R in
            // A 32-byte stack buffer always has an address.
            try body(raw.bindMemory(to: UInt8.self).baseAddress.unsafelyUnwrapped)
        }
    }

    /// The public key k·G.
    public func publicKey() throws(Secp256k1Error) -> PublicKey {
        var pub = secp256k1_pubkey()
        let ok = withKeyPointer { secp256k1_ec_pubkey_create(SharedContext.shared.pointer, &pub, $0) }
        guard ok == 1 else { throw .libraryFailure("secp256k1_ec_pubkey_create") }
        return PublicKey(raw: pub)
    }

    /// The 33-byte compressed public key (BIP-32's serP).
    public func compressedPublicKey() throws(Secp256k1Error) -> [UInt8] {
        try publicKey().compressed
    }

    /// The 20 address bytes: the last 20 bytes of keccak256(X ‖ Y).
    public func ethereumAddressBytes() throws(Secp256k1Error) -> [UInt8] {
        try publicKey().ethereumAddressBytes
    }

    /// (k + tweak) mod n, for BIP-32 child keys. Throws `invalid_tweak` when the 32-byte tweak is
    /// not below n or the sum is zero.
    public func adding(tweak: [UInt8]) throws(Secp256k1Error) -> PrivateKey {
        guard tweak.count == 32 else { throw .invalidTweak }
        var copy = storage
        defer { Swift.withUnsafeMutableBytes(of: &copy) { SecureWipe.zero($0) } }
        let ok = Swift.withUnsafeMutableBytes(of: &copy) { raw -> Int32 in
            guard let base = raw.baseAddress else { return 0 }
            return secp256k1_ec_seckey_tweak_add(
                SharedContext.shared.pointer, base.assumingMemoryBound(to: UInt8.self), tweak)
        }
        guard ok == 1 else { throw .invalidTweak }
        return try Swift.withUnsafeBytes(of: &copy) { (raw) throws(Secp256k1Error) in try PrivateKey(bytes: raw) }
    }

    /// Signs a 32-byte hash (RFC 6979 deterministic nonce, low s). The signature is checked by
    /// recovery before it is returned. This derives the public key on every call; for many
    /// signatures with one key use `PrivateKeySigner`, which derives it once.
    public func sign(hash: [UInt8]) throws(Secp256k1Error) -> RecoverableSignature {
        guard hash.count == 32 else { throw .invalidHashLength(hash.count) }
        var pub = try publicKey().raw
        return try withKeyPointer { (key) throws(Secp256k1Error) -> RecoverableSignature in
            try hash.withUnsafeBufferPointer { (h) throws(Secp256k1Error) -> RecoverableSignature in
                guard let hashPointer = h.baseAddress else { throw .invalidHashLength(0) }
                return try Secp256k1.sign(hash: hashPointer, key: key, signer: &pub)
            }
        }
    }
}

extension PrivateKey: Equatable {
    /// Constant-time comparison of the key bytes.
    public static func == (a: PrivateKey, b: PrivateKey) -> Bool {
        a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in
                var diff: UInt8 = 0
                for i in 0..<32 { diff |= pa[i] ^ pb[i] }
                return diff == 0
            }
        }
    }
}

extension PrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "PrivateKey(<redacted>)" }
    public var debugDescription: String { "PrivateKey(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// A secp256k1 public key (a point on the curve, never the point at infinity).
public struct PublicKey: Sendable {
    let raw: secp256k1_pubkey

    init(raw: secp256k1_pubkey) {
        self.raw = raw
    }

    /// Parses a SEC1 public key: 33 bytes (compressed), 65 bytes (0x04 ‖ X ‖ Y), or the 64 bytes
    /// X ‖ Y that Ethereum uses. Throws `invalid_public_key` for anything not on the curve.
    public init(bytes: [UInt8]) throws(Secp256k1Error) {
        var input = bytes
        if input.count == 64 { input.insert(0x04, at: 0) }
        guard input.count == 33 || input.count == 65 else { throw .invalidPublicKey }
        var pub = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(SharedContext.shared.pointer, &pub, input, input.count) == 1 else {
            throw .invalidPublicKey
        }
        raw = pub
    }

    private func serialized(count: Int, flags: Int32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var length = count
        var pub = raw
        let ok = secp256k1_ec_pubkey_serialize(SharedContext.shared.pointer, &out, &length, &pub, UInt32(flags))
        // Serializing a parsed key into a buffer of the right size cannot fail.
        precondition(ok == 1 && length == count, "secp256k1_ec_pubkey_serialize")
        return out
    }

    /// 0x04 ‖ X ‖ Y (65 bytes).
    public var uncompressed: [UInt8] { serialized(count: 65, flags: SECP256K1_EC_UNCOMPRESSED) }

    /// 0x02/0x03 ‖ X (33 bytes).
    public var compressed: [UInt8] { serialized(count: 33, flags: SECP256K1_EC_COMPRESSED) }

    /// X ‖ Y (64 bytes), the form Ethereum hashes.
    public var xy: [UInt8] { Array(uncompressed.dropFirst()) }

    /// The 20 address bytes: the last 20 bytes of keccak256(X ‖ Y).
    public var ethereumAddressBytes: [UInt8] {
        Array(Keccak256.hash(data: uncompressed.dropFirst()).bytes.suffix(20))
    }

    /// Whether `signature` is a valid signature of `hash` by this key (recovery id ignored).
    public func isValidSignature(_ signature: RecoverableSignature, hash: [UInt8], allowHighS: Bool = false) -> Bool {
        Secp256k1.verify(hash: hash, signature: signature, publicKey: self, allowHighS: allowHighS)
    }
}

extension PublicKey: Hashable {
    public static func == (a: PublicKey, b: PublicKey) -> Bool {
        var x = a.raw
        var y = b.raw
        return secp256k1_ec_pubkey_cmp(SharedContext.shared.pointer, &x, &y) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(compressed)
    }
}

extension PublicKey: CustomStringConvertible {
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = Array("PublicKey(0x".utf8)
        for b in compressed {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        out.append(UInt8(ascii: ")"))
        return String(decoding: out, as: UTF8.self)
    }
}
