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
    ]
)
