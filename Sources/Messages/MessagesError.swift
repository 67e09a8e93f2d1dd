import EthereumPrimitives
import Secp256k1

/// An error from the Messages module, with a stable snake_case `code`.
///
/// Codes:
/// - `invalid_signature_length`: a signature is not 65 bytes r ‖ s ‖ v.
/// - `invalid_signature_v`: v is not 27, 28, 0 or 1 (at `byte 64`).
/// - `invalid_signature_r` / `invalid_signature_s`: r or s is zero or not below the group order
///   (at `bytes 0-31` / `bytes 32-63`).
/// - `signature_high_s`: s is above n/2. Such a signature is the malleable twin of a canonical
///   one; it is refused on verification (at `bytes 32-63`).
/// - `signature_unrecoverable`: no public key recovers from the signature and the digest.
/// - `signature_mismatch`: the signature is valid but made by another address.
/// - `invalid_digest_length`: a digest is not 32 bytes.
/// - `signing_failed`: the signer refused or returned an unusable signature.
public struct MessagesError: BallastError, Equatable {
    /// The codes above; the raw value is the published code.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case invalidSignatureLength = "invalid_signature_length"
        case invalidSignatureV = "invalid_signature_v"
        case invalidSignatureR = "invalid_signature_r"
        case invalidSignatureS = "invalid_signature_s"
        case signatureHighS = "signature_high_s"
        case signatureUnrecoverable = "signature_unrecoverable"
        case signatureMismatch = "signature_mismatch"
        case invalidDigestLength = "invalid_digest_length"
        case signingFailed = "signing_failed"
    }

    public let kind: Kind
    public let message: String
    public let location: String?

    public init(code: Kind, message: String, location: String? = nil) {
        self.kind = code
        self.message = message
        self.location = location
    }

    public var code: String { kind.rawValue }

    /// The same error with `location` set (replacing any previous one).
    public func at(_ location: String?) -> MessagesError {
        MessagesError(code: kind, message: message, location: location)
    }
}
