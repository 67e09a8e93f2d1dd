import Ballast
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The audit of a long input with bounded memory: the input is read in chunks of whole lines
/// (`TxSpool`), the lines of a chunk are read, decoded and checked in parallel groups, and each
/// group's report is written, in input order, to spill buffers (memory, then an unlinked
/// temporary file); only the batch's per-sender nonce state is kept. Nothing reaches standard
/// output before the whole input has been read without error: then the report is copied out.
///
/// The report is the one `AuditReport` prints for the same input (the same transactions,
/// findings in the same order, the same summary).
struct AuditStream {
    var auditor: Auditor
    var policy: SigningPolicy?
    var options: AuditInputOptions
    var json: Bool
    var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Lines decoded and checked per parallel group (bounds the call trees held at once).
    var groupSize = 256

    private var report = SpillBuffer()
    private var auditFindings = SpillBuffer()
    private var policyFindings = SpillBuffer()
    private var batch = AuditBatch()
    private var policyStream: SigningPolicy.Stream?
    private var tally = FindingTally()
    private var count = 0

    init(auditor: Auditor, policy: SigningPolicy?, options: AuditInputOptions, json: Bool) {
        self.auditor = auditor
        self.policy = policy
        self.options = options
        self.json = json
        self.policyStream = policy.map(SigningPolicy.Stream.init)
    }

    /// One line's result, computed in parallel.
    private struct Checked {
        var tx: AuditedTransaction
        var findings: [Finding]
        var rendered: String
        /// The findings' JSON, one a line.
        var findingLines: String
    }

    /// Audits every item of `inputs` (no input: standard input), then prints the report.
    /// Returns whether a finding reaches `failOn`.
    mutating func run(_ inputs: [String], failOn: Severity) throws -> Bool {
        let sources = inputs.isEmpty ? ["-"] : inputs
        for (k, input) in sources.enumerated() {
            switch inputs.isEmpty ? .stdin : AuditCommand.kind(of: input) {
            case .inline:
                let line = try AuditInputReader.read(argument: input, number: k + 1, options: options)
                try check([Item(number: 0, line: line)], source: "argument \(k + 1)", bytes: [])
            case .stdin, .file:
                let name = input == "-" ? "stdin" : input
                let spool = try TxSpool(path: input)
                try spool.forEachChunk { chunk, firstLine in
                    try self.check(chunk: chunk, firstLine: firstLine, source: name)
                }
            }
        }
        guard count > 0 else {
            // An empty input (a failed upstream command in a pipe) is not a pass.
            let source = inputs.isEmpty ? "stdin" : inputs.joined(separator: ", ")
            throw CLIError("no_transactions", "the input holds no transaction to audit", at: source)
        }
        let batchFindings = batch.findings()
        for f in batchFindings { try record(f, into: auditFindings) }
        try write(failOn: failOn)
        return tally.fails(at: failOn)
    }

    /// A line to read: its number in its input and where it lies in the chunk (or, given
    /// inline, the item itself).
    private struct Item {
        var number: Int
        var range: Range<Int> = 0..<0
        var line: AuditInputLine?
    }

    private mutating func check(chunk: [UInt8], firstLine: Int, source: String) throws {
        var items: [Item] = []
        items.reserveCapacity(groupSize)
        var start = 0
        var number = firstLine
        let n = chunk.count
        while start < n {
            var end = start
            chunk.withUnsafeBufferPointer { p in
                if let hit = memchr(p.baseAddress! + start, 0x0A, n - start) {
                    end = p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                } else {
                    end = n
                }
            }
            if chunk[start..<end].contains(where: { !AuditStream.isSpace($0) }) {
                items.append(Item(number: number, range: start..<end))
                if items.count == groupSize {
                    try check(items, source: source, bytes: chunk)
                    items.removeAll(keepingCapacity: true)
                }
            }
            number += 1
            start = end + 1
        }
        if !items.isEmpty { try check(items, source: source, bytes: chunk) }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C || c == 0x0A }

    /// Reads, decodes, checks and renders `items` in parallel; then, in order, feeds the batch
    /// state and the policy and appends the report. The first bad line (in input order) is thrown.
    private mutating func check(_ items: [Item], source: String, bytes: [UInt8]) throws {
        let base = count
        let auditor = self.auditor
        let options = self.options
        let json = self.json
        var results = [Checked?](repeating: nil, count: items.count)
        try results.withUnsafeMutableBufferPointer { buffer in
            let out = SendableBuffer(buffer)
            try Parallel.forEach(count: items.count, jobs: jobs) { i in
                let item = items[i]
                let line: AuditInputLine
                if let given = item.line {
                    line = given
                } else {
                    guard let read = try AuditInputReader.read(line: bytes[item.range], number: item.number, source: source, options: options) else { return }
                    line = read
                }
                let tx = auditor.transaction(line, index: base + i)
                let rendered = json ? AuditReport.jsonText(of: tx) : AuditReport.textLines(of: tx).joined(separator: "\n")
                let findings = auditor.findings(tx, claims: line.claims)
                var lines = ""
                for f in findings { lines += f.jsonValue.compact + "\n" }
                out[i] = Checked(tx: tx, findings: findings, rendered: rendered, findingLines: lines)
            }
        }
        for result in results {
            guard let result else { continue }
            if count > 0 { try report.append(json ? "," : "\n\n") }
            try report.append(result.rendered)
            count += 1
            batch.add(result.tx)
            for f in result.findings { tally.add(f) }
            try auditFindings.append(result.findingLines)
            if policyStream != nil {
                for f in policyStream!.check(result.tx) { try record(f, into: policyFindings) }
            }
        }
    }

    /// Keeps a finding (its JSON, one a line) and counts it.
    private mutating func record(_ f: Finding, into spill: SpillBuffer) throws {
        tally.add(f)
        try spill.append(f.jsonValue.compact + "\n")
    }

    /// Prints the report: the transactions, then the findings (the audit's, then the policy's),
    /// then (text) the summary line.
    private func write(failOn: Severity) throws {
        var out = OutputPieces()
        if json {
            try out.add("{\"version\":1,\"transactions\":[")
            try report.forEachPiece { try out.add($0) }
            try out.add("],\"findings\":[")
            var first = true
            for spill in [auditFindings, policyFindings] {
                try spill.forEachLine { line in
                    if !first { try out.add(",") }
                    first = false
                    try out.add(line)
                }
            }
            try out.add("]}\n")
        } else {
            try report.forEachPiece { try out.add($0) }
            try out.add("\n\n")
            if tally.total == 0 {
                try out.add("findings: none\n")
            } else {
                try out.add("findings:\n")
                for spill in [auditFindings, policyFindings] {
                    try spill.forEachLine { line in
                        let f = try Self.finding(line)
                        for l in AuditReport.textLines(of: f, width: tally.severityWidth) { try out.add(l + "\n") }
                    }
                }
            }
            try out.add(tally.summary(transactions: count, failOn: failOn) + "\n")
        }
        try out.flush()
    }

    /// A finding back from its JSON line.
    static func finding(_ line: String) throws -> Finding {
        guard let value = try? JSONValue.parse(line),
              case .string(let code)? = value["code"], case .string(let sev)? = value["severity"],
              let severity = Severity(name: sev),
              case .string(let path)? = value["path"], case .string(let message)? = value["message"] else {
            throw CLIError("spool_failed", "the temporary copy of the findings is corrupt")
        }
        return Finding(code: code, severity: severity, path: path, message: message)
    }
}

/// Standard output written in pieces of about 1 MiB.
private struct OutputPieces {
    var piece = ""

    mutating func add(_ s: String) throws {
        piece += s
        if piece.utf8.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        if !piece.isEmpty { try StandardStreams.writeOut(piece) }
        piece = ""
    }
}

/// Text appended in order and read back once: kept in memory up to `memoryLimit` bytes, then
/// moved to an unlinked private temporary file (mode 0600) that takes the rest.
final class SpillBuffer {
    private var memory: [UInt8] = []
    private var fd: Int32 = -1
    let memoryLimit: Int

    init(memoryLimit: Int = 4 << 20) { self.memoryLimit = memoryLimit }

    deinit { if fd >= 0 { close(fd) } }

    func append(_ s: String) throws {
        memory.append(contentsOf: s.utf8)
        if memory.count >= memoryLimit { try spill() }
    }

    private func spill() throws {
        if fd < 0 {
            let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array("\(directory)/ballast-audit.XXXXXX".utf8CString)
            let created = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard created >= 0 else {
                throw CLIError("spool_failed", "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
            }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            fd = created
        }
        do throws(SystemCallError) {
            try SystemIO.writeAll(fd, memory)
        } catch {
            throw CLIError("spool_failed", "cannot write the audit's temporary file: \(error.text)")
        }
        memory.removeAll(keepingCapacity: true)
    }

    /// Hands the text over in order, in pieces of at most about 1 MiB (cut anywhere, also
    /// inside a UTF-8 sequence: `forEachLine` for text to interpret).
    private func forEachBytes(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        if fd >= 0 {
            guard lseek(fd, 0, SEEK_SET) == 0 else {
                throw CLIError("spool_failed", "cannot rewind the audit's temporary file: \(String(cString: strerror(errno)))")
            }
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n: Int
                do throws(SystemCallError) {
                    n = try SystemIO.readSome(fd, into: &buffer)
                } catch {
                    throw CLIError("spool_failed", "cannot read the audit's temporary file: \(error.text)")
                }
                if n == 0 { break }
                try body(buffer[0..<n])
            }
        }
        var start = 0
        while start < memory.count {
            let end = min(memory.count, start + (1 << 20))
            try body(memory[start..<end])
            start = end
        }
    }

    /// The text in pieces of about 1 MiB, each cut after a byte `cut` accepts (an ASCII byte
    /// at the latest, so no piece splits a UTF-8 sequence), or at the end.
    func forEachPiece(cut: (UInt8) -> Bool = { $0 < 0x80 }, _ body: (String) throws -> Void) throws {
        var carry: [UInt8] = []
        try forEachBytes { bytes in
            carry += bytes
            guard let last = carry.lastIndex(where: cut) else { return }
            try body(String(decoding: carry[...last], as: UTF8.self))
            carry.removeFirst(last + 1)
        }
        if !carry.isEmpty { try body(String(decoding: carry, as: UTF8.self)) }
    }

    /// Each newline-terminated line, without its newline.
    func forEachLine(_ body: (String) throws -> Void) throws {
        var carry: [UInt8] = []
        try forEachBytes { bytes in
            var start = bytes.startIndex
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                if carry.isEmpty {
                    try body(String(decoding: bytes[start..<newline], as: UTF8.self))
                } else {
                    carry += bytes[start..<newline]
                    try body(String(decoding: carry, as: UTF8.self))
                    carry.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            carry += bytes[start...]
        }
        if !carry.isEmpty { try body(String(decoding: carry, as: UTF8.self)) }
    }
}
