import ABI
import BallastJSON
import EthereumPrimitives
import Plan
import Transactions

/// The result of an audit: the decoded transactions and the findings about them.
public struct AuditReport: Sendable, Hashable {
    public var transactions: [AuditedTransaction]
    /// In order: per transaction, then about the batch, then differences from a plan, then
    /// anything appended (a signing policy's findings).
    public var findings: [Finding]
    /// What a simulation of the transactions said (`audit --simulation`), when given.
    public var simulation: SimulationSummary?

    public init(transactions: [AuditedTransaction], findings: [Finding], simulation: SimulationSummary? = nil) {
        self.transactions = transactions
        self.findings = findings
        self.simulation = simulation
    }

    /// Whether some finding is at least `severity` (the command's `--fail-on`).
    public func fails(at severity: Severity) -> Bool {
        findings.contains { $0.severity >= severity }
    }

    /// `{"version":1,"transactions":[…],"findings":[…]}`, then `"simulation"` when there is one.
    public var jsonValue: JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("version", .number("1")),
            ("transactions", .array(transactions.map(Self.json))),
            ("findings", .array(findings.map(\.jsonValue))),
        ]
        if let simulation { m.append(("simulation", simulation.jsonValue)) }
        return .object(m)
    }

    /// One transaction: `index`, `hash`, `from`, `to`, `type`, `chainId`, `nonce` (null where the
    /// input does not give them), then `id` (a jsonl line's action id, when given), `value`, `gas`
    /// and the fee fields, `authorizationList` (type 4) and `calls`. Quantities are decimal
    /// strings, `type` a number.
    static func json(_ tx: AuditedTransaction) -> JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("index", .number(String(tx.index))),
            ("hash", tx.hash.map { .string($0.hex) } ?? .null),
            ("from", tx.from.map { .string($0.checksummed) } ?? .null),
            ("to", tx.to.map { .string($0.checksummed) } ?? .null),
            ("type", tx.type.map { .number(String($0.rawValue)) } ?? .null),
            ("chainId", tx.chainId.map { .string(String($0)) } ?? .null),
            ("nonce", tx.nonce.map { .string(String($0)) } ?? .null),
        ]
        if let id = tx.actionId { m.append(("id", .string(id))) }
        m.append(("value", .string(tx.value.decimalString)))
        m.append(("gas", tx.gasLimit.map { .string(String($0)) } ?? .null))
        if let p = tx.gasPrice { m.append(("gasPrice", .string(p.decimalString))) }
        if let f = tx.maxFeePerGas { m.append(("maxFeePerGas", .string(f.decimalString))) }
        if let f = tx.maxPriorityFeePerGas { m.append(("maxPriorityFeePerGas", .string(f.decimalString))) }
        if tx.type == .setCode || !tx.authorizations.isEmpty {
            m.append(("authorizationList", .array(tx.authorizations.map { a in
                .object([
                    ("chainId", .string(a.chainId.decimalString)),
                    ("address", .string(a.address.checksummed)),
                    ("nonce", .string(String(a.nonce))),
                    ("authority", a.authority.map { .string($0.checksummed) } ?? .null),
                ])
            })))
        }
        if !tx.safeSignatures.isEmpty { m.append(("safeSignatures", .array(tx.safeSignatures.map(\.jsonValue)))) }
        m.append(("calls", .array(tx.calls.map(\.jsonValue))))
        return .object(m)
    }

    // MARK: Text

    /// The readable report: each transaction with its decoded call tree, then the findings and
    /// a summary line naming the verdict for `failOn`.
    public func textLines(failOn: Severity) -> [String] {
        var out: [String] = []
        forEachTextLine(failOn: failOn) { out.append($0) }
        return out
    }

    /// The lines of ``textLines(failOn:)``, one at a time, so that a long report is never held
    /// whole as text.
    public func forEachTextLine<E: Error>(failOn: Severity, _ body: (String) throws(E) -> Void) throws(E) {
        var emitted = false
        for tx in transactions {
            if emitted { try body("") }
            for line in Self.textLines(of: tx) { try body(line) }
            emitted = true
        }
        if emitted { try body("") }
        if let simulation {
            for line in simulation.textLines() { try body(line) }
            try body("")
        }
        var tally = FindingTally()
        for f in findings { tally.add(f) }
        if findings.isEmpty {
            try body("findings: none")
        } else {
            try body("findings:")
            for f in findings {
                for line in Self.textLines(of: f, width: tally.severityWidth) { try body(line) }
            }
        }
        try body(tally.summary(transactions: transactions.count, failOn: failOn))
    }

    /// One transaction of the readable report: its head line, its fields and its call tree
    /// (the lines ``ReportWriter/text(_:)-(AuditedTransaction)`` writes).
    public static func textLines(of tx: AuditedTransaction) -> [String] {
        var w = ReportWriter()
        w.text(tx)
        return String(decoding: w.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// One finding of the readable report (two lines), its severity padded to `width`.
    public static func textLines(of f: Finding, width: Int) -> [String] {
        let sev = f.severity.description.uppercased()
        return [
            "  \(sev)\(String(repeating: " ", count: max(0, width - sev.count)))  \(f.code.rawValue)  \(f.path)",
            "  \(String(repeating: " ", count: width))  \(f.message)",
        ]
    }

    /// The whole report as compact JSON: ``jsonValue``'s text, written straight as bytes; with
    /// `nestedCallReferences`, nested calls' bytes are shown as references
    /// (``ReportWriter/nestedCallReferences``).
    public func jsonText(nestedCallReferences: Bool = false) -> String {
        var bytes: [UInt8] = []
        writeJSON(nestedCallReferences: nestedCallReferences) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of ``jsonText(nestedCallReferences:)``, handed to `body` in pieces of about
    /// `pieceBytes` (cut between transactions and findings), so that a long report is never
    /// held whole.
    public func writeJSON<E: Error>(
        nestedCallReferences: Bool = false, pieceBytes: Int = 1 << 16, _ body: ([UInt8]) throws(E) -> Void
    ) throws(E) {
        var w = ReportWriter()
        w.nestedCallReferences = nestedCallReferences
        func flush(atLeast threshold: Int) throws(E) {
            guard w.bytes.count >= threshold, !w.bytes.isEmpty else { return }
            try body(w.bytes)
            w.bytes.removeAll(keepingCapacity: true)
        }
        w.raw("{\"version\":1,\"transactions\":[")
        for (k, tx) in transactions.enumerated() {
            if k > 0 { w.bytes.append(0x2C) }
            w.json(tx)
            try flush(atLeast: pieceBytes)
        }
        w.raw("],\"findings\":[")
        for (k, f) in findings.enumerated() {
            if k > 0 { w.bytes.append(0x2C) }
            w.json(f)
            try flush(atLeast: pieceBytes)
        }
        w.raw("]")
        if let simulation {
            w.raw(",\"simulation\":")
            w.text(simulation.jsonValue.compact)
        }
        w.raw("}")
        try flush(atLeast: 1)
    }

    /// One transaction of `--json`, compact (what ``ReportWriter/json(_:)-(AuditedTransaction)`` writes).
    public static func jsonText(of tx: AuditedTransaction) -> String {
        var w = ReportWriter()
        w.json(tx)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// What the report's last lines need to know about its findings, counted one at a time (a
/// streamed report does not keep them): the count per severity and the widest severity name.
public struct FindingTally: Sendable, Hashable {
    public private(set) var counts: [Severity: Int] = [:]
    /// The width of the widest severity name seen (the findings' column).
    public private(set) var severityWidth = 0
    public private(set) var total = 0

    public init() {}

    public mutating func add(_ f: Finding) {
        add(f.severity)
    }

    /// Counts a finding of this severity.
    public mutating func add(_ severity: Severity) {
        counts[severity, default: 0] += 1
        severityWidth = max(severityWidth, severity.description.count)
        total += 1
    }

    /// Whether some finding is at least `severity` (as ``AuditReport/fails(at:)``).
    public func fails(at severity: Severity) -> Bool {
        counts.contains { $0.key >= severity && $0.value > 0 }
    }

    /// `3 transactions, 1 high, 2 info: FAIL (fail on high and above)`.
    public func summary(transactions: Int, failOn: Severity) -> String {
        var parts: [String] = []
        for s in Severity.allCases.reversed() {
            if let n = counts[s], n > 0 { parts.append("\(n) \(s)") }
        }
        let verdict = fails(at: failOn) ? "FAIL" : "PASS"
        let summary = parts.isEmpty ? "no findings" : parts.joined(separator: ", ")
        return "\(transactions) transaction\(transactions == 1 ? "" : "s"), \(summary): \(verdict) (fail on \(failOn) and above)"
    }
}
