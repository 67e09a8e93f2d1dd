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
/// (`TxSpool`), the lines of a chunk are read, decoded, checked and rendered (as bytes, by
/// `ReportWriter`) in parallel groups, and each group's report is appended, in input order and
/// while the next group is checked, to spill buffers (memory, then an unlinked temporary file);
/// only the batch's per-sender nonce state is kept. Nothing reaches standard
/// output before the whole input has been read without error: then the report is copied out.
///
/// With a plan (`--against`), each transaction is also compared with the plan's transaction
/// at its position as it is checked (``Auditor/against(_:transaction:position:signed:)``), and
/// only the plan's packed expectations (`PlanExpectations`) are kept, never the compiled plan.
///
/// The report is the one `AuditReport` prints for the same input (the same transactions,
/// findings in the same order, the same summary).
struct AuditStream {
    var auditor: Auditor
    var policy: SigningPolicy?
    var options: AuditInputOptions
    var json: Bool
    var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Lines decoded and checked per parallel group (bounds the renderings held at once).
    var groupSize = 256
    /// Lines per block of a group (a thread takes one block at a time): small, so that the
    /// threads finish a group together.
    static let blockSize = 32
    /// `--json-nested ref` (see `ReportWriter.nestedCallReferences`).
    var nestedCallReferences = false
    /// `--against PLAN`: what each transaction is compared with.
    let expectations: PlanExpectations?
    /// Each input is read whole, refused past the hex-text limit (16 MiB), and holds at most
    /// `AuditInputReader.maxItems` items, as all of them together: the limits of an input
    /// audited `--against` a plan (the errors of `AuditCommand.readInputs`).
    let boundedInputs: Bool
    /// Items of the input being read (with `boundedInputs`).
    private var inputItems = 0

    /// What is kept in input order: the report so far, the findings, the batch and policy
    /// state. Appended to on `merging`, one group after the other, while the next group is
    /// checked; read by the caller only after `finish()`.
    private let kept: Kept
    /// Lines handed to the checks so far (the index of the next transaction).
    private var dispatched = 0
    private let merging = DispatchQueue(label: "ballast.audit.merge")
    private let writers = WriterPool()
    /// The threads that check the groups, started on the first group.
    private var pipeline: BlockPipeline?
    /// Groups handed to the pipeline and not yet merged, oldest first.
    private var inFlight: [(batch: BlockPipeline.Batch, group: Group)] = []
    /// Groups checked at once: while the threads check one, the next is already queued, so
    /// that no thread waits for the reading of the input or for the others to finish a group.
    static let groupsInFlight = 3
    /// Bytes of a file read at a time (at most `TxSpool.chunkBytes`): the groups in flight
    /// keep the previous chunk while the next one is read.
    static let chunkBytes = 4 << 20

    /// With `against`, the auditor also vouches for the plan's delegates (as
    /// `Auditor.audit(_:against:)` does) and the inputs are `boundedInputs`.
    init(auditor: Auditor, policy: SigningPolicy?, options: AuditInputOptions, json: Bool, against: PlanExpectations? = nil) {
        self.auditor = against.map { auditor.vouching(for: $0.delegates) } ?? auditor
        self.policy = policy
        self.options = options
        self.json = json
        self.expectations = against
        self.boundedInputs = against != nil
        self.kept = Kept(policyStream: policy.map(SigningPolicy.Stream.init), json: json)
    }

    /// One line's result, computed in parallel: its transaction and findings, and where its
    /// rendering and its findings' JSON lines lie in its block's buffers.
    fileprivate struct Checked: Sendable {
        /// Without a policy, only what the batch state reads (no call tree, no calldata): the
        /// tree is released by the thread that built it.
        var tx: AuditedTransaction
        var severities: [Severity]
        /// Its rendering, after the separator from the transaction before it (`,` in JSON, a
        /// blank line in text) unless it is the input's first transaction: the renderings of a
        /// block lie back to back and are appended to the report in one piece.
        var rendered: Range<Int>
        /// Whether `rendered` starts with the separator.
        var separated: Bool
        var findingLines: Range<Int>
        /// Its differences from the plan (with `--against`), in the block's `against` buffer.
        var againstLines: Range<Int>
    }

    /// A block of lines checked by one thread: the renderings and the findings' JSON lines
    /// (one a line) back to back, written with one writer each.
    fileprivate struct Block: Sendable {
        var report = ReportWriter()
        var findings = ReportWriter()
        var against = ReportWriter()
        var items: [Checked?] = []

        /// Empties the block, keeping its buffers' storage.
        mutating func reset() {
            report.reset()
            findings.reset()
            against.reset()
            items.removeAll(keepingCapacity: true)
        }
    }

    /// The results of one group, block by block, filled by the pipeline's threads (each slot by
    /// the one thread that checked its block, through the pointer: no thread modifies a shared
    /// array) and read once the group is done (`BlockPipeline.wait` orders the writes before).
    fileprivate final class Group: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Block?>
        init(blocks: Int) {
            slots = .allocate(capacity: blocks)
            slots.initialize(repeating: nil)
        }
        deinit {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        /// The blocks, once the group is done.
        var blocks: [Block?] { Array(slots) }
    }

    /// Blocks whose storage is used again once merged (so that their buffers are not
    /// allocated and faulted in for every block).
    fileprivate final class WriterPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [Block] = []

        func take() -> Block {
            lock.lock()
            defer { lock.unlock() }
            return free.popLast() ?? Block()
        }

        func give(_ block: Block) {
            var block = block
            block.reset()
            lock.lock()
            defer { lock.unlock() }
            if free.count < 64 { free.append(block) }
        }
    }

    /// The state kept in input order (see `kept`), touched only on the `merging` queue and,
    /// after `finish()`, by the caller.
    fileprivate final class Kept: @unchecked Sendable {
        let report = SpillBuffer()
        let auditFindings = SpillBuffer()
        /// `--against`: the differences from the plan (listed after the batch's findings).
        let againstFindings = SpillBuffer()
        let policyFindings = SpillBuffer()
        var batch = AuditBatch()
        var policyStream: SigningPolicy.Stream?
        var tally = FindingTally()
        var count = 0
        let json: Bool
        /// The first failure of a merge; nothing is merged after it.
        var error: (any Error)?

        init(policyStream: SigningPolicy.Stream?, json: Bool) {
            self.policyStream = policyStream
            self.json = json
        }

        /// Appends a group's results in order, then gives the blocks back to `writers`.
        func merge(_ blocks: [Block?], writers: WriterPool) {
            guard error == nil else { return }
            do {
                for case let block? in blocks {
                    // The block's renderings, appended in one piece (those of consecutive items
                    // lie back to back).
                    var run: Range<Int>?
                    for case let result? in block.items {
                        var rendered = result.rendered
                        if count == 0 && result.separated {
                            // Lines before it held no transaction: no separator before the first.
                            rendered = (rendered.lowerBound + (json ? AuditStream.jsonSeparator : AuditStream.textSeparator).count)..<rendered.upperBound
                        }
                        if let r = run, r.upperBound == rendered.lowerBound {
                            run = r.lowerBound..<rendered.upperBound
                        } else {
                            if let r = run { try report.append(block.report.bytes[r]) }
                            run = rendered
                        }
                        count += 1
                        batch.add(result.tx)
                        for severity in result.severities { tally.add(severity) }
                        try auditFindings.append(block.findings.bytes[result.findingLines])
                        if !result.againstLines.isEmpty {
                            try againstFindings.append(block.against.bytes[result.againstLines])
                        }
                        if policyStream != nil {
                            for f in policyStream!.check(result.tx) { try record(f, into: policyFindings) }
                        }
                    }
                    if let r = run { try report.append(block.report.bytes[r]) }
                    writers.give(block)
                }
            } catch {
                self.error = error
            }
        }

        /// Keeps a finding (see `FindingRecords`) and counts it.
        func record(_ f: Finding, into spill: SpillBuffer) throws {
            tally.add(f)
            var w = ReportWriter()
            FindingRecords.append(f, json: json, to: &w)
            try spill.append(w.bytes[...])
        }
    }

    /// Audits every item of `inputs` (no input: standard input), then prints the report.
    /// Returns whether a finding reaches `failOn`.
    mutating func run(_ inputs: [String], failOn: Severity) throws -> Bool {
        let sources = inputs.isEmpty ? ["-"] : inputs
        do {
            for (k, input) in sources.enumerated() {
                switch inputs.isEmpty ? .stdin : AuditCommand.kind(of: input) {
                case .inline:
                    let line = try AuditInputReader.read(argument: input, number: k + 1, options: options)
                    try check([Item(number: 0, line: line)], source: "argument \(k + 1)", bytes: [])
                case .stdin, .file:
                    let name = input == "-" ? "stdin" : input
                    if boundedInputs {
                        inputItems = 0
                        try check(chunk: Inputs.readFile(input, limit: .hexText), firstLine: 1, source: name)
                    } else {
                        let spool = try TxSpool(path: input)
                        try spool.forEachChunk(chunkBytes: Self.chunkBytes) { chunk, firstLine in
                            try self.check(chunk: chunk, firstLine: firstLine, source: name)
                        }
                    }
                }
                if boundedInputs && dispatched > AuditInputReader.maxItems {
                    throw CLIError(.inputTooLarge, "more than \(AuditInputReader.maxItems) transactions")
                }
            }
        } catch {
            // A bad line already handed to the threads comes before what failed here.
            try drain()
            throw error
        }
        try finish()
        let count = kept.count
        guard count > 0 else {
            // An empty input (a failed upstream command in a pipe) is not a pass.
            let source = inputs.isEmpty ? "stdin" : inputs.joined(separator: ", ")
            throw CLIError(.noTransactions, "the input holds no transaction to audit", at: source)
        }
        for f in kept.batch.findings() { try kept.record(f, into: kept.auditFindings) }
        if let expectations {
            for f in auditor.againstMissing(expectations, audited: count) { try kept.record(f, into: kept.againstFindings) }
        }
        try write(failOn: failOn)
        return kept.tally.fails(at: failOn)
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
                if boundedInputs {
                    if inputItems == AuditInputReader.maxItems {
                        // The lines before it, then it, are read first: the first error in input
                        // order (as `AuditInputReader.read(_:source:options:)` reports it).
                        if !items.isEmpty { try check(items, source: source, bytes: chunk) }
                        try drain()
                        _ = try AuditInputReader.read(line: chunk[start..<end], number: number, source: source, options: options)
                        throw AuditError(.inputTooLarge, "more than \(AuditInputReader.maxItems) transactions", at: "\(source) line \(number)")
                    }
                    inputItems += 1
                }
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

    /// What separates two transactions in the report.
    static let jsonSeparator: [UInt8] = [0x2C]
    static let textSeparator: [UInt8] = [0x0A, 0x0A]

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C || c == 0x0A }

    /// Waits for every group (checked, then merged) and rethrows the first error: of a line in
    /// input order, or of a merge.
    private mutating func finish() throws {
        try drain()
        pipeline?.close()
        pipeline = nil
        let kept = self.kept
        merging.sync {}
        if let error = kept.error { throw error }
    }

    /// Waits for the groups in flight, in order, handing each to `merging`; rethrows the first
    /// bad line (in input order: the groups are collected in order).
    private mutating func drain() throws {
        while !inFlight.isEmpty { try mergeOldest() }
    }

    /// Waits for the oldest group in flight and hands its results to `merging`, which, in
    /// order, feeds the batch state and the policy and appends the report.
    private mutating func mergeOldest() throws {
        let (batch, group) = inFlight.removeFirst()
        do {
            try pipeline?.wait(batch)
        } catch {
            // The later groups are dropped: this line comes first.
            for (b, _) in inFlight { try? pipeline?.wait(b) }
            inFlight.removeAll()
            throw error
        }
        try finishIfFailed()
        let kept = self.kept
        let writers = self.writers
        let done = group.blocks
        merging.async {
            kept.merge(done, writers: writers)
        }
    }

    /// Queues `items` to be read, decoded, checked and rendered in parallel (see `mergeOldest`
    /// for what happens to the results); with too many groups in flight, first waits for the
    /// oldest. A bad line is thrown once the groups before it are merged.
    private mutating func check(_ items: [Item], source: String, bytes: [UInt8]) throws {
        let base = dispatched
        let auditor = self.auditor
        let options = self.options
        let json = self.json
        let references = nestedCallReferences
        let withPolicy = policy != nil
        let expectations = self.expectations
        let writers = self.writers
        let blockSize = Self.blockSize
        let group = Group(blocks: (items.count + blockSize - 1) / blockSize)
        if pipeline == nil { pipeline = BlockPipeline(jobs: jobs) }
        let batch = pipeline!.submit(count: items.count, blockSize: blockSize) { range in
            var block = writers.take()
            block.report.nestedCallReferences = references
            block.items.reserveCapacity(range.count)
            defer { group.slots[range.lowerBound / blockSize] = block }
            // The block's lines are read first (decoding each and recovering its sender), then
            // checked and rendered: the recoveries run back to back, with the signature library's
            // code and tables still in the caches (measured: about 4% less CPU than interleaved).
            // Raw transactions are decoded two at a time (their four Keccak-256 digests together).
            var lines = [AuditInputLine?](repeating: nil, count: range.count)
            var unread: [(bytes: ArraySlice<UInt8>, number: Int)] = []
            var positions: [Int] = []
            for i in range {
                if let given = items[i].line {
                    lines[i - range.lowerBound] = given
                } else {
                    unread.append((bytes[items[i].range], items[i].number))
                    positions.append(i - range.lowerBound)
                }
            }
            // Never nil: an item holds a byte other than a space.
            for (k, line) in try AuditInputReader.read(lines: unread, source: source, options: options).enumerated() {
                lines[positions[k]] = line
            }
            for i in range {
                guard let line = lines[i - range.lowerBound] else {
                    block.items.append(nil)
                    continue
                }
                lines[i - range.lowerBound] = nil
                let tx = auditor.transaction(line, index: base + i)
                let start = block.report.bytes.count
                let separated = base + i > 0
                if separated { block.report.bytes.append(contentsOf: json ? Self.jsonSeparator : Self.textSeparator) }
                if json { block.report.json(tx) } else { block.report.text(tx) }
                let findings = auditor.findings(tx, claims: line.claims)
                let fstart = block.findings.bytes.count
                for f in findings { FindingRecords.append(f, json: json, to: &block.findings) }
                var severities = findings.map(\.severity)
                let astart = block.against.bytes.count
                if let expectations {
                    let signed: SignedTransaction?
                    if case .signed(let s) = line.input { signed = s } else { signed = nil }
                    for f in auditor.against(expectations, transaction: tx, position: base + i, signed: signed) {
                        FindingRecords.append(f, json: json, to: &block.against)
                        severities.append(f.severity)
                    }
                }
                var kept = tx
                if !withPolicy {
                    kept.calls = []
                    kept.data = []
                    kept.safeSignatures = []
                }
                block.items.append(Checked(
                    tx: kept, severities: severities, rendered: start..<block.report.bytes.count, separated: separated,
                    findingLines: fstart..<block.findings.bytes.count, againstLines: astart..<block.against.bytes.count))
            }
        }
        dispatched += items.count
        inFlight.append((batch, group))
        while inFlight.count > Self.groupsInFlight { try mergeOldest() }
    }

    /// Rethrows a failure of an earlier merge (a spill that could not be written) at once.
    private func finishIfFailed() throws {
        let kept = self.kept
        let failed = merging.sync { kept.error }
        if let failed { throw failed }
    }

    private static let newline: [UInt8] = [0x0A]

    /// Prints the report: the transactions, then the findings (the audit's, the differences from
    /// the plan with `--against`, then the policy's),
    /// then (text) the summary line.
    private func write(failOn: Severity) throws {
        var out = OutputPieces()
        if json {
            try out.add("{\"version\":1,\"transactions\":[")
            try out.flush()
            try kept.report.copy(to: 1, name: "stdout")
            try out.add("],\"findings\":[")
            var first = true
            for spill in [kept.auditFindings, kept.againstFindings, kept.policyFindings] {
                try FindingRecords.forEachJSON(in: spill) { object in
                    if !first { try out.add(",") }
                    first = false
                    try out.add(object)
                }
            }
            try out.add("]}\n")
        } else {
            try kept.report.copy(to: 1, name: "stdout")
            try out.add("\n\n")
            if kept.tally.total == 0 {
                try out.add("findings: none\n")
            } else {
                try out.add("findings:\n")
                let width = kept.tally.severityWidth
                let blank = Array(("\n  " + String(repeating: " ", count: width) + "  ").utf8)
                // As `AuditReport.textLines(of:width:)`: the severity padded to the widest (each
                // severity's lead built once).
                var leads: [Severity: [UInt8]] = [:]
                for spill in [kept.auditFindings, kept.againstFindings, kept.policyFindings] {
                    try FindingRecords.forEachText(in: spill) { severity, head, message in
                        if leads[severity] == nil {
                            let sev = severity.description.uppercased()
                            leads[severity] = Array(("  " + sev + String(repeating: " ", count: max(0, width - sev.count)) + "  ").utf8)
                        }
                        try out.add(leads[severity]![...])
                        try out.add(head)
                        try out.add(blank[...])
                        try out.add(message)
                        try out.add(Self.newline[...])
                    }
                }
            }
            try out.add(kept.tally.summary(transactions: kept.count, failOn: failOn) + "\n")
        }
        try out.flush()
    }
}

/// How a streamed audit keeps its findings until the report is printed: with `--json` each
/// finding's compact JSON and a newline (a JSON text holds no raw newline); otherwise a record
/// of the severity (1 byte), then the length (4 bytes, little-endian) and bytes of `code  path`,
/// then those of the message, so that the text report is written without parsing anything back.
enum FindingRecords {
    static func append(_ f: Finding, json: Bool, to w: inout ReportWriter) {
        if json {
            w.json(f)
            w.bytes.append(0x0A)
            return
        }
        w.bytes.append(UInt8(f.severity.rawValue))
        let code = f.code.rawValue
        length(code.utf8.count + 2 + f.path.utf8.count, to: &w)
        w.text(code)
        w.bytes.append(0x20)
        w.bytes.append(0x20)
        w.text(f.path)
        length(f.message.utf8.count, to: &w)
        w.text(f.message)
    }

    /// A field's length: 4 bytes, little-endian.
    private static func length(_ count: Int, to w: inout ReportWriter) {
        let n = UInt32(count)
        for k in 0..<4 { w.bytes.append(UInt8(truncatingIfNeeded: n >> (8 * UInt32(k)))) }
    }

    /// Each kept JSON object, without its newline.
    static func forEachJSON(in spill: SpillBuffer, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var carry: [UInt8] = []
        try spill.forEachBytes { bytes in
            var start = bytes.startIndex
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                if carry.isEmpty {
                    try body(bytes[start..<newline])
                } else {
                    carry += bytes[start..<newline]
                    try body(carry[...])
                    carry.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            carry += bytes[start...]
        }
        guard carry.isEmpty else { throw corrupt }
    }

    /// Each kept text record: its severity, `code  path` and message.
    static func forEachText(in spill: SpillBuffer, _ body: (Severity, ArraySlice<UInt8>, ArraySlice<UInt8>) throws -> Void) throws {
        var carry: [UInt8] = []
        try spill.forEachBytes { bytes in
            carry += bytes
            var i = 0
            while let (severity, head, message, next) = try record(carry, at: i) {
                try body(severity, head, message)
                i = next
            }
            carry.removeFirst(i)
        }
        guard carry.isEmpty else { throw corrupt }
    }

    /// The record at `i`, or nil when `bytes` ends before it does.
    private static func record(_ bytes: [UInt8], at i: Int) throws -> (Severity, ArraySlice<UInt8>, ArraySlice<UInt8>, Int)? {
        guard i < bytes.count else { return nil }
        guard let severity = Severity(rawValue: Int(bytes[i])) else { throw corrupt }
        guard let (head, afterHead) = field(bytes, at: i + 1), let (message, next) = field(bytes, at: afterHead) else { return nil }
        return (severity, head, message, next)
    }

    private static func field(_ bytes: [UInt8], at i: Int) -> (ArraySlice<UInt8>, Int)? {
        guard bytes.count - i >= 4 else { return nil }
        var n = 0
        for k in 0..<4 { n |= Int(bytes[i + k]) << (8 * k) }
        guard bytes.count - i - 4 >= n else { return nil }
        return (bytes[(i + 4)..<(i + 4 + n)], i + 4 + n)
    }

    static var corrupt: CLIError { CLIError(.spoolFailed, "the temporary copy of the findings is corrupt") }
}

/// Standard output written in pieces of about 1 MiB.
private struct OutputPieces {
    var piece: [UInt8] = []

    mutating func add(_ s: String) throws {
        var s = s
        s.withUTF8 { piece.append(contentsOf: $0) }
        if piece.count >= 1 << 20 { try flush() }
    }

    mutating func add(_ bytes: ArraySlice<UInt8>) throws {
        if piece.count + bytes.count >= 1 << 20 {
            try flush()
            if bytes.count >= 1 << 20 {
                try OutputDescriptor.writeAll(1, Array(bytes), name: "stdout")
                return
            }
        }
        piece.append(contentsOf: bytes)
    }

    mutating func flush() throws {
        if !piece.isEmpty { try OutputDescriptor.writeAll(1, piece, name: "stdout") }
        piece.removeAll(keepingCapacity: true)
    }
}

/// Text appended in order and read back once: kept in memory up to `memoryLimit` bytes, then
/// moved to an unlinked private temporary file (mode 0600) that takes the rest.
final class SpillBuffer {
    private var memory: [UInt8] = []
    private var fd: Int32 = -1
    let memoryLimit: Int
    /// Names the file in errors ("the audit's temporary file").
    let name: String

    init(memoryLimit: Int = 4 << 20, name: String = "the audit's temporary file") {
        self.memoryLimit = memoryLimit
        self.name = name
    }

    deinit { if fd >= 0 { close(fd) } }

    func append(_ s: String) throws {
        memory.append(contentsOf: s.utf8)
        if memory.count >= memoryLimit { try spill() }
    }

    func append(_ bytes: ArraySlice<UInt8>) throws {
        if fd >= 0 && bytes.count >= Self.directBytes {
            // Already in the file: a large piece goes there as it is, after what is kept.
            if !memory.isEmpty { try spill() }
            try write(bytes)
            return
        }
        memory.append(contentsOf: bytes)
        if memory.count >= memoryLimit { try spill() }
    }

    /// From this size on, a piece appended once the buffer is in its file is written there
    /// without a copy in memory.
    static let directBytes = 64 << 10

    private func write(_ bytes: ArraySlice<UInt8>) throws {
        let failure: SystemCallError? = bytes.withUnsafeBytes { raw in
            do throws(SystemCallError) { try SystemIO.writeAll(fd, raw) } catch { return error }
            return nil
        }
        if let failure { throw CLIError(.spoolFailed, "cannot write \(name): \(failure.text)") }
    }

    private func spill() throws {
        if fd < 0 {
            let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array("\(directory)/ballast-spill.XXXXXX".utf8CString)
            let created = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard created >= 0 else {
                throw CLIError(.spoolFailed, "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
            }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            fd = created
        }
        try write(memory[...])
        memory.removeAll(keepingCapacity: true)
    }

    /// Writes the bytes in order to `fd` (`name` in errors): the file's part copied by the
    /// kernel where it can, without passing through memory.
    func copy(to fd: Int32, name: String) throws {
        if self.fd >= 0 {
            guard lseek(self.fd, 0, SEEK_SET) == 0 else {
                throw CLIError(.spoolFailed, "cannot rewind \(self.name): \(String(cString: strerror(errno)))")
            }
            let sent: Bool
            do throws(SystemCallError) {
                sent = try SystemIO.sendAll(from: self.fd, to: fd)
            } catch {
                // Counted as a failure of the output (reading a file the process has just
                // written does not fail but on a broken disk).
                throw OutputDescriptor.writeError(error, name: name)
            }
            if !sent {
                try forEachBytes { try OutputDescriptor.writeAll(fd, Array($0), name: name) }
                return
            }
        }
        try OutputDescriptor.writeAll(fd, memory, name: name)
    }

    /// Hands the bytes over in order, in pieces of at most about 1 MiB (cut anywhere, also
    /// inside a UTF-8 sequence or a record).
    func forEachBytes(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        if fd >= 0 {
            guard lseek(fd, 0, SEEK_SET) == 0 else {
                throw CLIError(.spoolFailed, "cannot rewind \(name): \(String(cString: strerror(errno)))")
            }
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n: Int
                do throws(SystemCallError) {
                    n = try SystemIO.readSome(fd, into: &buffer)
                } catch {
                    throw CLIError(.spoolFailed, "cannot read \(name): \(error.text)")
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
}

