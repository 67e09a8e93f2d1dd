// swift-tools-version:6.1
import PackageDescription

// Dependency graph (one direction only, leaves first):
//   KeccakVector                C: two Keccak-256 digests side by side with AVX-512 (x86-64; checked at run time)
//   HexVector                   C: hex digits to bytes and back, 16 bytes a step with AVX2 (x86-64; checked at run time)
//   Keccak                      -> KeccakVector      (Keccak-256 in Swift; two messages at once through KeccakVector)
//   RLP                         pure Swift, no dependencies
//   BallastJSON                 pure Swift: exact JSON values (numbers kept as text), paths, the field reader
//                               that collects every problem with a typed code (JSONFieldReading)
//   EthereumPrimitives          -> Keccak            (UInt256, Int256, Address, Hex, units)
//   ABI                         -> EthereumPrimitives, Keccak, BallastJSON (codec, signatures, JSON ABIs, EIP-712)
//   CSecp256k1, COpenSSL        system libraries (module maps over pkg-config)
//   Secp256k1                   -> CSecp256k1, Keccak   (keys, recoverable signatures, Signer)
//   Keys                        -> Secp256k1, LibCrypto, Keccak, BallastJSON, SystemIO  (keystores, BIP-39/32, key
//                                  files, the rules of a user's choice of key: KeySpecification)
//   ParallelBlocks              pure Swift + Dispatch: a body over indices on several threads, in ordered blocks
//   Transactions                -> ParallelBlocks, RLP, EthereumPrimitives, Keccak, Secp256k1, LibCrypto (SHA-256 of blob
//                                  commitments), BallastJSON (types 0-4, signing hashes, strict decoding,
//                                  the parallel batch signer)
//   Protocols                   -> ABI, EthereumPrimitives, Keccak  (the protocol catalog: functions, argument
//                                  roles, approvals, call nesting; one file a protocol)
//   Plan                        -> Protocols, ABI, Transactions, Secp256k1, EthereumPrimitives, BallastJSON, Keccak
//                                  (planner plans: validation, compilation to calls and transactions)
//   Safe                        -> Plan, Protocols, Messages, ABI, Secp256k1, EthereumPrimitives, BallastJSON, Keccak
//                                  (SafeTx files, EIP-712 safeTxHash, owner signatures, execTransaction)
//   Audit                       -> Plan, Safe, ABI, Transactions, Secp256k1, EthereumPrimitives, BallastJSON, Keccak
//                                  (decoded call trees of raw transactions, findings, signing policies)
//   LibCrypto                   -> COpenSSL
//   SystemIO                    pure POSIX: open/read/write/close retried on EINTR, short reads and writes gathered
//   FileOutput                  -> SystemIO  (atomic 0600 output files, checked writes to stdout)
//   Messages                    -> Secp256k1, Keccak, EthereumPrimitives, ABI  (EIP-191 personal_sign, EIP-712 signing)
//   Ballast                     umbrella library re-exporting the modules above
//   BallastCLI                  -> Ballast, ArgumentParser (the commands, as a library)
//   ballast                     executable: main() over BallastCLI
let package = Package(
    name: "Ballast",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Ballast", targets: ["Ballast"]),
        .library(name: "Keccak", targets: ["Keccak"]),
        .library(name: "RLP", targets: ["RLP"]),
        .library(name: "EthereumPrimitives", targets: ["EthereumPrimitives"]),
        .library(name: "ABI", targets: ["ABI"]),
        .library(name: "Secp256k1", targets: ["Secp256k1"]),
        .library(name: "LibCrypto", targets: ["LibCrypto"]),
        .library(name: "Keys", targets: ["Keys"]),
        .library(name: "Messages", targets: ["Messages"]),
        .library(name: "Transactions", targets: ["Transactions"]),
        .library(name: "Protocols", targets: ["Protocols"]),
        .library(name: "Plan", targets: ["Plan"]),
        .library(name: "Safe", targets: ["Safe"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "FileOutput", targets: ["FileOutput"]),
        .library(name: "ParallelBlocks", targets: ["ParallelBlocks"]),
        .library(name: "SystemIO", targets: ["SystemIO"]),
        .executable(name: "ballast", targets: ["ballast"]),
        // The properties the libFuzzer targets of Fuzz/ check (used by Fuzz/Package.swift and FuzzRegressionTests).
        .library(name: "FuzzChecks", targets: ["FuzzChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Build-time only: `make docs` (swift package generate-documentation); no library depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"]), .brew(["secp256k1"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .target(name: "KeccakVector"),
        .target(name: "HexVector"),
        .target(name: "Keccak", dependencies: ["KeccakVector"]),
        .target(name: "RLP"),
        .target(name: "BallastJSON"),
        .target(name: "SystemIO"),
        .target(name: "FileOutput", dependencies: ["SystemIO"]),
        .target(name: "ParallelBlocks"),
        .target(name: "EthereumPrimitives", dependencies: ["Keccak", "HexVector"]),
        .target(name: "ABI", dependencies: ["EthereumPrimitives", "Keccak", "BallastJSON"]),
        .target(name: "Secp256k1", dependencies: ["CSecp256k1", "Keccak"]),
        .target(name: "LibCrypto", dependencies: ["COpenSSL"]),
        .target(name: "Keys", dependencies: ["Secp256k1", "LibCrypto", "Keccak", "BallastJSON", "SystemIO"]),
        .target(name: "Messages", dependencies: ["Secp256k1", "Keccak", "EthereumPrimitives", "ABI"]),
        .target(name: "Transactions", dependencies: ["ParallelBlocks", "RLP", "EthereumPrimitives", "Keccak", "Secp256k1", "LibCrypto", "BallastJSON"]),
        .target(name: "Protocols", dependencies: ["ABI", "EthereumPrimitives", "Keccak"]),
        .target(
            name: "Plan", dependencies: ["Protocols", "ABI", "Transactions", "Secp256k1", "EthereumPrimitives", "BallastJSON", "Keccak"],
            // The plan format's JSON Schema, compiled in as bytes (PackageResources.plan_schema_json);
            // docs/plan.schema.json is a link to this one file.
            resources: [.embedInCode("plan.schema.json")]),
        .target(name: "Safe", dependencies: ["Plan", "Protocols", "Messages", "ABI", "Secp256k1", "EthereumPrimitives", "BallastJSON", "Keccak"]),
        .target(name: "Audit", dependencies: ["Protocols", "Plan", "Safe", "ABI", "Transactions", "Secp256k1", "EthereumPrimitives", "BallastJSON", "Keccak"]),
        .target(
            name: "Ballast",
            dependencies: [
                "Keccak", "RLP", "EthereumPrimitives", "ABI", "Secp256k1", "LibCrypto", "Keys", "BallastJSON", "Messages",
                "Transactions", "Protocols", "Plan", "Safe", "Audit", "FileOutput", "ParallelBlocks", "SystemIO",
            ]
        ),
        .target(
            name: "BallastCLI",
            dependencies: [
                "Ballast",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "ballast", dependencies: ["BallastCLI"]),

        .target(
            name: "FuzzChecks", dependencies: ["RLP", "BallastJSON", "EthereumPrimitives", "ABI", "Transactions", "Plan", "Audit"],
            path: "Fuzz/Checks"),

        // Tests. TestSupport finds the committed vectors and ../shared/vectors.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "KeccakTests", dependencies: ["Keccak", "TestSupport"]),
        .testTarget(name: "EthereumPrimitivesTests", dependencies: ["EthereumPrimitives", "TestSupport"]),
        .testTarget(name: "RLPTests", dependencies: ["RLP", "EthereumPrimitives", "TestSupport"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["Secp256k1", "LibCrypto", "TestSupport"]),
        .testTarget(name: "ABITests", dependencies: ["ABI", "BallastJSON", "EthereumPrimitives", "TestSupport"]),
        .testTarget(name: "KeysTests", dependencies: ["Keys", "Secp256k1", "LibCrypto", "TestSupport"]),
        .testTarget(name: "MessagesTests", dependencies: ["Messages", "Secp256k1", "Keccak", "EthereumPrimitives", "ABI", "BallastJSON", "TestSupport"]),
        .testTarget(name: "BallastJSONTests", dependencies: ["BallastJSON"]),
        .testTarget(name: "FileOutputTests", dependencies: ["FileOutput"]),
        .testTarget(name: "SystemIOTests", dependencies: ["SystemIO"]),
        .testTarget(name: "CLITests", dependencies: ["ballast", "BallastJSON", "TestSupport"]),
        .testTarget(name: "TransactionsTests", dependencies: ["Transactions", "TestSupport"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Protocols", "Plan", "ABI", "Transactions", "Secp256k1", "EthereumPrimitives", "BallastJSON", "Keccak", "TestSupport"]),
        .testTarget(name: "SafeTests", dependencies: ["Safe", "Plan", "Messages", "Secp256k1", "EthereumPrimitives", "BallastJSON", "TestSupport"]),
        // The multi-threaded paths in process, for `make sanitize` (ThreadSanitizer sees no child process).
        .testTarget(name: "ConcurrencyTests", dependencies: ["BallastCLI", "ParallelBlocks", "ABI", "Audit", "Plan", "Transactions", "Secp256k1", "EthereumPrimitives", "BallastJSON", "TestSupport"]),
        // Every committed fuzz seed and regression input (Fuzz/Seeds, Fuzz/Regressions) through its target's property.
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzChecks", "TestSupport"]),
        .testTarget(name: "DocsTests", dependencies: ["Ballast", "BallastCLI", "TestSupport"]),
        .testTarget(name: "PlanTests", dependencies: ["Plan", "ABI", "Transactions", "Secp256k1", "EthereumPrimitives", "BallastJSON", "TestSupport"]),
    ]
)
