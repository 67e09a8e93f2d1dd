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

// These modules do not depend on EthereumPrimitives, so their error types adopt the shared
// error protocol here (each already has `code`, `message` and, but for RLP, `location`).
extension RLPError: BallastError {
    public var location: String? { "byte \(offset)" }
}
extension Secp256k1Error: BallastError {}
extension LibCryptoError: BallastError {}
extension KeysError: BallastError {}
extension FileOutputError: BallastError {}
