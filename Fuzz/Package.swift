// swift-tools-version:6.1
// libFuzzer targets over Ballast's decoders. Each checks the property of the same name in
// Fuzz/Checks (the FuzzChecks product of the main package). Build and run with `make fuzz` (long
// runs) or `make fuzz-smoke` (CI: every target for a short while, every committed input
// replayed); see scripts/fuzz.sh. Never part of `make test` (which replays the committed inputs
// through the same checks in FuzzRegressionTests).
import PackageDescription

let checks: [Target.Dependency] = ["FuzzDriver", .product(name: "FuzzChecks", package: "Ballast")]

let package = Package(
    name: "BallastFuzz",
    dependencies: [.package(name: "Ballast", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .target(name: "FuzzDriver", dependencies: ["FuzzSupport", .product(name: "FuzzChecks", package: "Ballast")]),
        .executableTarget(name: "FuzzRLP", dependencies: checks),
        .executableTarget(name: "FuzzJSON", dependencies: checks),
        .executableTarget(name: "FuzzPrimitives", dependencies: checks),
        .executableTarget(name: "FuzzTx", dependencies: checks),
        .executableTarget(name: "FuzzABI", dependencies: checks),
        .executableTarget(name: "FuzzPlan", dependencies: checks),
        .executableTarget(name: "FuzzAuditInput", dependencies: checks),
        .executableTarget(name: "FuzzPolicy", dependencies: checks),
    ]
)
