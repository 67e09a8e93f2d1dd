import BallastJSON
import EthereumPrimitives

/// One problem found in a plan: a stable `code`, a sentence, and the JSON path of the value it is
/// about (`actions[2].steps[1].amountIn`).
public struct PlanIssue: BallastError, Hashable {
    /// The typed code: a shared reading code or one of the plan's own (``JSONIssueCode/planCodes``).
    public let kind: JSONIssueCode
    public let message: String
    public let path: JSONPath

    public init(code: JSONIssueCode, message: String, path: JSONPath) {
        self.kind = code
        self.message = message
        self.path = path
    }

    public var code: String { kind.rawValue }

    public var location: String? { path.description }

    /// `{"code","message","at"}`.
    public var jsonValue: JSONValue {
        .object([("code", .string(code)), ("message", .string(message)), ("at", .string(path.description))])
    }
}

/// A plan that cannot be compiled or signed, with every problem found (at least one).
///
/// Validation collects all the problems of a plan it can find in one pass, so a planner sees them
/// together; `code`, `message` and `location` are those of the first one.
public struct PlanValidationError: BallastError, Hashable {
    public let issues: [PlanIssue]

    public init(_ issues: [PlanIssue]) {
        self.issues = issues.isEmpty
            ? [PlanIssue(code: .planInvalid, message: "the plan is invalid", path: .root)]
            : issues
    }

    public init(code: JSONIssueCode, message: String, path: JSONPath = .root) {
        self.init([PlanIssue(code: code, message: message, path: path)])
    }

    public var code: String { issues[0].code }
    public var message: String {
        issues.count == 1 ? issues[0].message : issues[0].message + " (and \(issues.count - 1) more problem\(issues.count == 2 ? "" : "s"))"
    }
    public var location: String? { issues[0].location }

    /// The issue codes in order (handy in tests).
    public var codes: [String] { issues.map(\.code) }

    /// Whether some issue has `code` at `path` (its description, e.g. `"actions[1].gas"`).
    public func contains(code: String, at path: String) -> Bool {
        issues.contains { $0.code == code && $0.path.description == path }
    }
}

/// Collects issues while a plan is read, compiled and checked.
struct IssueList {
    private(set) var items: [PlanIssue] = []

    /// Upper bound on what is collected (a garbage plan must not produce an unbounded list).
    static let limit = 1000

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    mutating func add(_ code: JSONIssueCode, _ message: String, at path: JSONPath) {
        guard items.count < Self.limit else { return }
        items.append(PlanIssue(code: code, message: message, path: path))
    }

    mutating func add(_ error: some BallastError, at path: JSONPath) {
        add(reporting: error, error.message, at: path)
    }

    /// `error` (a lower layer's) reported at `path` with its code and `message`.
    mutating func add(reporting error: some BallastError, _ message: String, at path: JSONPath) {
        add(JSONIssueCode(rawValue: error.code), message, at: path)
    }

    mutating func append(contentsOf other: IssueList) {
        for item in other.items where items.count < Self.limit { items.append(item) }
    }

    func check() throws(PlanValidationError) {
        if !items.isEmpty { throw PlanValidationError(items) }
    }
}
