import BallastJSON

/// How much a finding matters; ordered from `info` to `critical`.
public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case info, low, medium, high, critical

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    /// `info`, `low`, `medium`, `high`, `critical`.
    public var description: String {
        switch self {
        case .info: "info"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    /// Parses the lowercase name.
    public init?(name: String) {
        guard let s = Severity.allCases.first(where: { $0.description == name }) else { return nil }
        self = s
    }
}

/// One thing an audit or a signing policy has to say about a transaction or a call.
public struct Finding: Sendable, Hashable {
    /// Stable, documented code (`unlimited_approval`, `policy_target_not_allowed`, …).
    public var code: String
    public var severity: Severity
    /// The call or transaction it is about: `tx[0]`, `tx[0].calls[0].calls[3]`.
    public var path: String
    public var message: String

    public init(code: String, severity: Severity, path: String, message: String) {
        self.code = code
        self.severity = severity
        self.path = path
        self.message = message
    }

    /// `{"code","severity","path","message"}`.
    public var jsonValue: JSONValue {
        .object([
            ("code", .string(code)),
            ("severity", .string(severity.description)),
            ("path", .string(path)),
            ("message", .string(message)),
        ])
    }
}
