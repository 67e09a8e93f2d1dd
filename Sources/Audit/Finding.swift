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
    /// This code among the codes of every family.
    var anyCode: AnyFindingCode { get }
}

extension FindingCode {
    public var escalatedSeverity: Severity? { nil }

    /// A finding with this code: its severity from the code (``escalatedSeverity`` when
    /// `escalated` and the code has one).
    public func finding(_ path: String, _ message: String, escalated: Bool = false) -> Finding {
        Finding(code: anyCode, path: path, message: message, escalated: escalated)
    }
}

extension AuditCode {
    public var anyCode: AnyFindingCode { .audit(self) }
}

extension PolicyCode {
    public var anyCode: AnyFindingCode { .policy(self) }
}

extension SimulationCode {
    public var anyCode: AnyFindingCode { .simulation(self) }
}

/// The code of a finding, of any family. It prints, and serialises, as its family's string
/// (`unlimited_approval`, `policy_target_not_allowed`, `simulation_reverted`).
public enum AnyFindingCode: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case audit(AuditCode)
    case policy(PolicyCode)
    case simulation(SimulationCode)

    /// Every code: the audit's, then the policy's, then the simulation's.
    public static var allCases: [AnyFindingCode] {
        AuditCode.allCases.map(\.anyCode) + PolicyCode.allCases.map(\.anyCode) + SimulationCode.allCases.map(\.anyCode)
    }

    /// The documented string (`unlimited_approval`).
    public var rawValue: String {
        switch self {
        case .audit(let c): c.rawValue
        case .policy(let c): c.rawValue
        case .simulation(let c): c.rawValue
        }
    }

    public var description: String { rawValue }

    /// The severity the code's family gives it.
    public var severity: Severity {
        switch self {
        case .audit(let c): c.severity
        case .policy(let c): c.severity
        case .simulation(let c): c.severity
        }
    }

    /// The graver severity the code documents for some cases; nil for a code with one severity.
    public var escalatedSeverity: Severity? {
        switch self {
        case .audit(let c): c.escalatedSeverity
        case .policy(let c): c.escalatedSeverity
        case .simulation(let c): c.escalatedSeverity
        }
    }

    /// The severities a finding with this code may have: ``severity``, then
    /// ``escalatedSeverity`` when there is one.
    public var severities: [Severity] {
        [severity] + (escalatedSeverity.map { [$0] } ?? [])
    }
}

/// Every finding code, of every family, with its severity and its escalated severity.
public enum FindingCodes {
    public static var all: [(code: AnyFindingCode, severity: Severity, escalated: Severity?)] {
        AnyFindingCode.allCases.map { ($0, $0.severity, $0.escalatedSeverity) }
    }
}

/// One thing an audit or a signing policy has to say about a transaction or a call.
public struct Finding: Sendable, Hashable {
    /// Stable, documented code (`unlimited_approval`, `policy_target_not_allowed`, …).
    public let code: AnyFindingCode
    /// Decided by the code (``AnyFindingCode/severity``, or its escalated severity).
    public let severity: Severity
    /// The call or transaction it is about: `tx[0]`, `tx[0].calls[0].calls[3]`.
    public var path: String
    public var message: String

    /// A finding with `code`: its severity from the code (its escalated severity when
    /// `escalated` and the code has one).
    public init(code: AnyFindingCode, path: String, message: String, escalated: Bool = false) {
        self.code = code
        self.severity = escalated ? (code.escalatedSeverity ?? code.severity) : code.severity
        self.path = path
        self.message = message
    }

    /// `{"code","severity","path","message"}`.
    public var jsonValue: JSONValue {
        .object([
            ("code", .string(code.rawValue)),
            ("severity", .string(severity.description)),
            ("path", .string(path)),
            ("message", .string(message)),
        ])
    }
}
