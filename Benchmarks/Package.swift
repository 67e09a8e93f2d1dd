// swift-tools-version:6.1
// Benchmarks live in their own package so the main package's tests never time anything.
// Run them with `make bench` from the repository root.
import PackageDescription

let package = Package(
    name: "BallastBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Ballast", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // libsecp256k1 called directly, for the bare baseline next to the transaction signer.
        .systemLibrary(name: "CSecp256k1Bare", path: "Sources/CSecp256k1Bare", pkgConfig: "libsecp256k1"),
        // The inputs every benchmark shares (the transaction and plan fixtures, bare libsecp256k1).
        .target(
            name: "BenchFixtures",
            dependencies: [
                "CSecp256k1Bare",
                .product(name: "Transactions", package: "Ballast"),
                .product(name: "Secp256k1", package: "Ballast"),
                .product(name: "EthereumPrimitives", package: "Ballast"),
            ],
            path: "Sources/BenchFixtures"
        ),
        .executableTarget(
            name: "ABIBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ABI", package: "Ballast"),
                .product(name: "EthereumPrimitives", package: "Ballast"),
            ],
            path: "Benchmarks/ABIBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "KeccakBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Keccak", package: "Ballast"),
                .product(name: "LibCrypto", package: "Ballast"),
            ],
            path: "Benchmarks/KeccakBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "RLPBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "RLP", package: "Ballast"),
            ],
            path: "Benchmarks/RLPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "TxBenchmarks",
            dependencies: [
                "BenchFixtures",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Transactions", package: "Ballast"),
                .product(name: "Secp256k1", package: "Ballast"),
                .product(name: "EthereumPrimitives", package: "Ballast"),
                .product(name: "Keccak", package: "Ballast"),
            ],
            path: "Benchmarks/TxBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "PlanBenchmarks",
            dependencies: [
                "BenchFixtures",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Plan", package: "Ballast"),
                .product(name: "Secp256k1", package: "Ballast"),
                .product(name: "EthereumPrimitives", package: "Ballast"),
            ],
            path: "Benchmarks/PlanBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Side-by-side report (ours vs references, MB/s and ratios), run by scripts/bench.sh after
        // package-benchmark. Not under Benchmarks/ so the benchmark plugin does not pick it up.
        .executableTarget(
            name: "BenchReport",
            dependencies: [
                "BenchFixtures",
                .product(name: "Keccak", package: "Ballast"),
                .product(name: "LibCrypto", package: "Ballast"),
                .product(name: "Transactions", package: "Ballast"),
                .product(name: "Secp256k1", package: "Ballast"),
                .product(name: "Plan", package: "Ballast"),
            ],
            path: "Sources/BenchReport"
        ),
    ]
)
