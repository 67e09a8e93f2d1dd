// Umbrella module: `import Ballast` brings in every public module of the library.
@_exported import EthereumPrimitives
@_exported import Keccak
@_exported import Keys
@_exported import LibCrypto
@_exported import RLP
@_exported import BallastJSON
@_exported import ABI
@_exported import Secp256k1
@_exported import Messages
@_exported import Transactions
@_exported import Protocols
@_exported import Plan
@_exported import Safe
@_exported import Audit
@_exported import FileOutput
@_exported import ParallelBlocks
@_exported import SystemIO

// These modules do not depend on EthereumPrimitives, so their error types adopt the shared
// error protocol here (each already has `code`, `message` and, but for RLP, `location`).

/// RLP decoding errors are `BallastError`s: `code`, `message`, and the byte offset where the
/// input is wrong.
extension RLPError: BallastError {
    /// Where the input is wrong: `byte N`, the offset into the decoded bytes.
    public var location: String? { "byte \(offset)" }
}

/// Key, signature and recovery errors are `BallastError`s.
extension Secp256k1Error: BallastError {}

/// Errors of the cryptographic primitives (HMAC, PBKDF2, scrypt, AES, randomness) are
/// `BallastError`s.
extension LibCryptoError: BallastError {}

/// Keystore, mnemonic, derivation and key-file errors are `BallastError`s.
extension KeysError: BallastError {}

/// Output-file errors are `BallastError`s.
extension FileOutputError: BallastError {}

/// A failed system call is a `BallastError`: code `system_call_failed`, the system's text.
extension SystemCallError: BallastError {
    public var code: String { "system_call_failed" }
    public var message: String { text }
    public var location: String? { nil }
}
