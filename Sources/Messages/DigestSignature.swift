import EthereumPrimitives
import Secp256k1

/// Signatures of 32-byte digests in the 65-byte `r ‖ s ‖ v` form that `personal_sign` and
/// `eth_signTypedData` use: r and s big-endian, 32 bytes each, then v = 27 + yParity.
///
/// Verification policy (stricter than `ecrecover`, which EVM contracts use):
/// - v must be 27 or 28, or the raw recovery id 0 or 1; any other v is refused (EIP-155-style
///   values such as 37 are not message signatures);
/// - 0 < r < n and 0 < s < n;
/// - s must be in the lower half (s ≤ n/2): the high-s twin (n − s with v flipped) recovers the
///   same address, but it is a malleated copy that no conforming signer produces, so it is refused.
public enum DigestSignature {
    /// Parses and range-checks a 65-byte `r ‖ s ‖ v` signature under the policy above.
    public static func parse(_ bytes: [UInt8]) throws(MessagesError) -> RecoverableSignature {
        guard bytes.count == 65 else {
            throw MessagesError(
                code: .invalidSignatureLength,
                message: "a signature is 65 bytes r ‖ s ‖ v, got \(bytes.count) bytes")
        }
        let v = bytes[64]
        let parity: UInt8
        switch v {
        case 27, 28: parity = v - 27
        case 0, 1: parity = v
        default:
            throw MessagesError(
                code: .invalidSignatureV, message: "v must be 27 or 28 (or 0 or 1), got \(v)", location: "byte 64")
        }
        let signature: RecoverableSignature
        do {
            signature = try RecoverableSignature(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]), yParity: parity)
            try signature.validate(allowHighS: false)
        } catch {
            throw translate(error)
        }
        return signature
    }

    /// Signs a 32-byte digest; returns `r ‖ s ‖ v` with v = 27 or 28.
    ///
    /// A `PrivateKeySigner` checks its signatures by recovery itself. Any other signer's result
    /// is checked here before it is returned: r and s in range, s low, and the signature
    /// recovering to `signer.addressBytes`.
    public static func sign(digest: [UInt8], signer: some Signer) throws -> [UInt8] {
        let signature = try signer.sign(hash: digest)
        let bytes = signature.rsv(vOffset: 27)
        if signer is PrivateKeySigner { return bytes }
        let recovered: Address
        do {
            recovered = try recoverAddress(digest: digest, signature: bytes)
        } catch {
            throw MessagesError(code: .signingFailed, message: "the signer returned a signature that does not verify")
        }
        guard recovered.bytes == signer.addressBytes else {
            throw MessagesError(code: .signingFailed, message: "the signer returned a signature by another key")
        }
        return bytes
    }

    /// The address whose key made `signature` (65 bytes `r ‖ s ‖ v`) over `digest`.
    public static func recoverAddress(digest: [UInt8], signature: [UInt8]) throws(MessagesError) -> Address {
        let parsed = try parse(signature)
        let addressBytes: [UInt8]
        do {
            addressBytes = try Secp256k1.recoverAddressBytes(hash: digest, signature: parsed)
        } catch {
            throw translate(error)
        }
        guard let address = Address(bytes: addressBytes) else {
            throw MessagesError(code: .signatureUnrecoverable, message: "recovery gave no address")
        }
        return address
    }

    /// Whether `signature` over `digest` is valid under the policy above and made by `address`.
    public static func verify(digest: [UInt8], signature: [UInt8], address: Address) -> Bool {
        guard let recovered = try? recoverAddress(digest: digest, signature: signature) else { return false }
        return recovered == address
    }

    static func translate(_ error: Secp256k1Error) -> MessagesError {
        switch error {
        case .invalidSignatureLength:
            return MessagesError(code: .invalidSignatureLength, message: "a signature is 65 bytes r ‖ s ‖ v")
        case .invalidSignatureR:
            return MessagesError(
                code: .invalidSignatureR, message: "r is zero or not below the group order", location: "bytes 0-31")
        case .invalidSignatureS:
            return MessagesError(
                code: .invalidSignatureS, message: "s is zero or not below the group order", location: "bytes 32-63")
        case .highS:
            return MessagesError(
                code: .signatureHighS,
                message: "s is above n/2 (the malleable form of a signature); it is refused",
                location: "bytes 32-63")
        case .invalidRecoveryID:
            return MessagesError(code: .invalidSignatureV, message: "v must be 27 or 28 (or 0 or 1)", location: "byte 64")
        case .invalidHashLength(let n):
            return MessagesError(code: .invalidDigestLength, message: "a digest is 32 bytes, got \(n)")
        default:
            return MessagesError(
                code: .signatureUnrecoverable, message: "no public key recovers from this signature and message")
        }
    }
}
