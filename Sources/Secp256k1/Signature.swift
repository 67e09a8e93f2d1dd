import CSecp256k1

/// An ECDSA signature with its recovery bit: r and s as 32 big-endian bytes each, and the
/// y parity (0 or 1) of the nonce point R, which lets anyone recover the signer's public key.
///
/// Making a value checks only lengths; the ranges of r, s and yParity are checked where the
/// signature is used (`Secp256k1.recoverPublicKey`, `verify`, `validate`), so an out-of-range
/// signature read from a transaction can still be held and reported on.
public struct RecoverableSignature: Sendable, Hashable {
    public let r: [UInt8]
    public let s: [UInt8]
    public let yParity: UInt8

    /// r and s must be exactly 32 bytes each.
    public init(r: [UInt8], s: [UInt8], yParity: UInt8) throws(Secp256k1Error) {
        guard r.count == 32 else { throw .invalidSignatureLength(r.count) }
        guard s.count == 32 else { throw .invalidSignatureLength(s.count) }
        self.r = r
        self.s = s
        self.yParity = yParity
    }

    /// r and s as big-endian integers of at most 32 significant bytes (as RLP carries them),
    /// left-padded to 32 bytes. Leading zero bytes beyond 32 are accepted and dropped.
    public init(rBigEndian: [UInt8], sBigEndian: [UInt8], yParity: UInt8) throws(Secp256k1Error) {
        func pad(_ v: [UInt8]) throws(Secp256k1Error) -> [UInt8] {
            let significant = v.drop(while: { $0 == 0 })
            guard significant.count <= 32 else { throw .invalidSignatureLength(v.count) }
            return [UInt8](repeating: 0, count: 32 - significant.count) + significant
        }
        try self.init(r: pad(rBigEndian), s: pad(sBigEndian), yParity: yParity)
    }

    /// Parses 65 bytes r ‖ s ‖ v with v ∈ {0, 1, 27, 28}.
    public init(rsv bytes: [UInt8]) throws(Secp256k1Error) {
        guard bytes.count == 65 else { throw .invalidSignatureLength(bytes.count) }
        let v = bytes[64]
        let parity: UInt8
        switch v {
        case 0, 1: parity = v
        case 27, 28: parity = v - 27
        default: throw .invalidRecoveryID(Int(v))
        }
        try self.init(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]), yParity: parity)
    }

    /// Built by the signing path from checked buffers of 32 bytes.
    init(unchecked r: UnsafeRawBufferPointer, _ s: UnsafeRawBufferPointer, _ yParity: UInt8) {
        self.r = Array(r)
        self.s = Array(s)
        self.yParity = yParity
    }

    /// r ‖ s ‖ v (65 bytes) with v = yParity + `vOffset`; the default 27 is the personal_sign
    /// convention, 0 gives the raw recovery id.
    public func rsv(vOffset: UInt8 = 27) -> [UInt8] {
        var out = r
        out.reserveCapacity(65)
        out += s
        out.append(yParity &+ vOffset)
        return out
    }

    /// r ‖ s (64 bytes).
    public var compactBytes: [UInt8] { r + s }

    /// Whether s ≤ n/2 (the canonical form EIP-2 requires). False for malformed s.
    public var isLowS: Bool {
        s.count == 32 && s.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return false }
            return Curve.compare(base, Curve.halfOrder) <= 0
        }
    }

    /// Checks 0 < r < n, 0 < s < n, s ≤ n/2 unless `allowHighS`, and yParity ≤ 1.
    public func validate(allowHighS: Bool = false) throws(Secp256k1Error) {
        guard yParity <= 1 else { throw .invalidRecoveryID(Int(yParity)) }
        guard r.count == 32, s.count == 32 else { throw .invalidSignatureLength(r.count == 32 ? s.count : r.count) }
        try compactBytes.withUnsafeBufferPointer { (p) throws(Secp256k1Error) in
            guard let base = p.baseAddress else { throw .invalidSignatureLength(0) }
            try Curve.checkScalars(base, allowHighS: allowHighS)
        }
    }
}

extension RecoverableSignature: CustomStringConvertible {
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        func hex(_ bytes: [UInt8]) -> String {
            var out = Array("0x".utf8)
            for b in bytes {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
            return String(decoding: out, as: UTF8.self)
        }
        return "RecoverableSignature(r: \(hex(r)), s: \(hex(s)), yParity: \(yParity))"
    }
}

/// Something that signs 32-byte hashes for one Ethereum account. Implementations return only
/// signatures they have checked: low s, and recovering to `addressBytes`.
public protocol Signer: Sendable {
    /// The 20 address bytes of the signing account.
    var addressBytes: [UInt8] { get }
    /// Signs a 32-byte hash (RFC 6979 deterministic nonce, low s).
    func sign(hash: [UInt8]) throws -> RecoverableSignature
}

/// A `Signer` over an in-memory private key. The public key and address are derived once;
/// every signature is recovered and compared with the cached public key before it is returned.
/// Immutable after creation, so one value may sign from many threads at once.
public struct PrivateKeySigner: Signer {
    public let publicKey: PublicKey
    public let addressBytes: [UInt8]
    private let key: PrivateKey

    public init(privateKey: PrivateKey) throws(Secp256k1Error) {
        key = privateKey
        publicKey = try privateKey.publicKey()
        addressBytes = publicKey.ethereumAddressBytes
    }

    /// Signs a 32-byte hash. Throws `invalid_hash_length` for any other length.
    public func sign(hash: [UInt8]) throws(Secp256k1Error) -> RecoverableSignature {
        guard hash.count == 32 else { throw .invalidHashLength(hash.count) }
        var signer = publicKey.raw
        return try key.withKeyPointer { (k) throws(Secp256k1Error) -> RecoverableSignature in
            try hash.withUnsafeBufferPointer { (h) throws(Secp256k1Error) -> RecoverableSignature in
                guard let hashPointer = h.baseAddress else { throw .invalidHashLength(0) }
                return try Secp256k1.sign(hash: hashPointer, key: k, signer: &signer)
            }
        }
    }
}

extension PrivateKeySigner: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "PrivateKeySigner(\(publicKey))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["publicKey": publicKey, "addressBytes": addressBytes], displayStyle: .struct)
    }
}
