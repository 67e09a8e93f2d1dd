import Foundation

/// A property a fuzz target checks did not hold for an input.
public struct PropertyViolation: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Throws `PropertyViolation(message)` unless `condition` holds.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(PropertyViolation) {
    if !condition { throw PropertyViolation(message()) }
}

/// The property each libFuzzer target of Fuzz/ checks, by target name, shared with the unit test
/// (Tests/FuzzRegressionTests) that replays every committed seed and regression input. Each check
/// returns normally when the property holds for the input (a refused input is fine) and throws
/// `PropertyViolation` otherwise; the fuzz targets turn that into a trap, which libFuzzer reports
/// as a crash with the input saved.
public enum FuzzChecks {
    public typealias Check = @Sendable ([UInt8]) throws(PropertyViolation) -> Void

    public static let targets: [(name: String, check: Check)] = [
        ("FuzzRLP", rlp),
        ("FuzzJSON", json),
        ("FuzzPrimitives", primitives),
        ("FuzzTx", tx),
        ("FuzzABI", abi),
        ("FuzzPlan", plan),
        ("FuzzAuditInput", auditInput),
        ("FuzzPolicy", policy),
    ]

    public static func check(named name: String) -> Check? {
        targets.first { $0.name == name }?.check
    }

    /// The repository root, from this file's place in it (Fuzz/Checks/FuzzChecks.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A file of the repository that a check's fixed setup needs; its absence is a broken
    /// checkout, not a property violation.
    static func read(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
            fatalError("FuzzChecks setup: cannot read \(path)")
        }
        return Array(data)
    }

    static let abiDirectory = root.appendingPathComponent("abi")
}
