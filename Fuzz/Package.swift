// swift-tools-version:6.1
// libFuzzer targets over Ballast's decoders. Build and run with `make fuzz` (see scripts/fuzz.sh);
// never part of `make test`.
import PackageDescription

let package = Package(
    name: "BallastFuzz",
    dependencies: [.package(name: "Ballast", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .target(name: "FuzzDriver", dependencies: ["FuzzSupport"]),
        .executableTarget(
            name: "FuzzRLP",
            dependencies: ["FuzzDriver", .product(name: "RLP", package: "Ballast")]
        ),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: ["FuzzDriver", .product(name: "Ballast", package: "Ballast")]
        ),
        .executableTarget(
            name: "FuzzPrimitives",
            dependencies: ["FuzzDriver", .product(name: "EthereumPrimitives", package: "Ballast")]
        ),
        .executableTarget(
            name: "FuzzTx",
            dependencies: ["FuzzDriver", .product(name: "Transactions", package: "Ballast"), .product(name: "Ballast", package: "Ballast")]
        ),
        .executableTarget(
            name: "FuzzABI",
            dependencies: ["FuzzDriver", .product(name: "ABI", package: "Ballast")]
        ),
        .executableTarget(
            name: "FuzzAuditInput",
            dependencies: ["FuzzDriver", .product(name: "Ballast", package: "Ballast")]
        ),
        .executableTarget(
            name: "FuzzPolicy",
            dependencies: ["FuzzDriver", .product(name: "Ballast", package: "Ballast")]
        ),
    ]
)
