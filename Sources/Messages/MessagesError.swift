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
/// - `signing_failed`: the signer refused or returned an unusable signature.
public struct MessagesError: BallastError, Equatable {
    public let code: String
    public let message: String
    public let location: String?

    public init(code: String, message: String, location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// The same error with `location` set (replacing any previous one).
    public func at(_ location: String?) -> MessagesError {
        MessagesError(code: code, message: message, location: location)
    }
}
