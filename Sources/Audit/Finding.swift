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

/// A family of finding codes (the audit's ``AuditCode``, the signing policy's ``PolicyCode``, the
/// simulation check's ``SimulationCode``): each code is a documented string and the one place
/// that decides its severity. A code whose severity rises in some cases says so in
/// ``escalatedSeverity``, its own rule; nothing else picks a severity.
public protocol FindingCode: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {
    /// The severity of a finding with this code.
    var severity: Severity { get }
    /// The severity when the finding's case is the graver one the code documents (e.g.
    /// `against_mismatch` about the chain, sender, target, value, data or delegate); nil when the
    /// code has a single severity.
    var escalatedSeverity: Severity? { get }
}

extension FindingCode {
    public var escalatedSeverity: Severity? { nil }

    /// A finding with this code: its severity from the code (``escalatedSeverity`` when
    /// `escalated` and the code has one).
    public func finding(_ path: String, _ message: String, escalated: Bool = false) -> Finding {
        let severity = escalated ? (escalatedSeverity ?? self.severity) : self.severity
        return Finding(code: rawValue, severity: severity, path: path, message: message)
    }
}

/// Every finding code, of every family, with its severity and its escalated severity.
public enum FindingCodes {
    public static var all: [(code: String, severity: Severity, escalated: Severity?)] {
        func rows<C: FindingCode>(_: C.Type) -> [(code: String, severity: Severity, escalated: Severity?)] {
            C.allCases.map { ($0.rawValue, $0.severity, $0.escalatedSeverity) }
        }
        return rows(AuditCode.self) + rows(PolicyCode.self) + rows(SimulationCode.self)
    }

    /// The severities a finding with this code may have; nil for a code no family lists.
    public static func severities(of code: String) -> [Severity]? {
        guard let row = all.first(where: { $0.code == code }) else { return nil }
        return [row.severity] + (row.escalated.map { [$0] } ?? [])
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
