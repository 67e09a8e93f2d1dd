// Umbrella module: `import Ballast` brings in every public module of the library.
@_exported import EthereumPrimitives
@_exported import Keccak
@_exported import LibCrypto
@_exported import RLP
@_exported import BallastJSON
@_exported import ABI
@_exported import Secp256k1
@_exported import Transactions
