// Umbrella module: `import Ballast` brings in every public module of the library.
@_exported import EthereumPrimitives
@_exported import Keccak
@_exported import LibCrypto
@_exported import RLP
@_exported import BallastJSON
@_exported import ABI
@_exported import Secp256k1

// RLP has no dependencies, so its error type adopts the shared error protocol here.
extension RLPError: BallastError {
    public var location: String? { "byte \(offset)" }
}
