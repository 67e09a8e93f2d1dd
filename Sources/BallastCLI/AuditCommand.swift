import ArgumentParser
import Ballast
import Foundation

/// `ballast audit [INPUT...]`: decode transactions and every nested call, and report findings.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Decode transactions and their nested calls, and report findings (docs/audit.md).",
        discussion: """
            INPUT is a raw signed transaction (hex), a file or `-` (standard input) with one item a \
            line: a raw signed transaction, or a `plan build --format jsonl` line (its raw is \
            audited, its other fields must agree with it). With --to ADDR every item is bare \
            calldata sent to ADDR instead. No INPUT reads standard input. Blank lines are skipped; \
            any other bad line is an error naming the input, the line and the byte, and nothing \
            is reported.

            Calls are decoded against the bundled abi/ folder, --abi files and folders, and the \
            plan's functions with --against; execute call lists, flash-loan callbacks, Multicall3, \
            multicall, Safe multiSend and execTransaction are followed into nested calls.

            --against PLAN compiles the plan and proves the transactions do what it says and \
            nothing else: every difference is a finding of severity high or critical.

            --policy FILE applies a signing policy (docs/policy.md): each violation is a finding \
            (code policy_…, severity high, or critical for a wrong chain or sender).

            --simulation FILE reads the node's response to the eth_simulateV1 request of these \
            transactions (`plan build --format simulate`, `tx sign --format simulate`, or \
            `audit --emit-simulate`): its i-th call is the i-th transaction in nonce order. Failed \
            calls (with their decoded revert reasons), gas near the limit and the asset movements \
            of the logs (transfers, approvals, swap outputs, flash-loan premiums; checked against \
            the plan with --against) are findings (code simulation_…), and a summary gives the net \
            balance change per token of the account and its executor (docs/simulation.md).

            --emit-simulate prints the eth_simulateV1 request for the input's signed transactions \
            instead of a report (the same request `plan build --format simulate` prints).

            Exit status: 0 when no finding reaches --fail-on (default high), 1 when one does (the \
            report is still printed), 1 with an error for unreadable input, 2 for usage errors. \
            --json prints {"version":1,"transactions":[…],"findings":[…]}. An argument holding \
            nested calls (an executor's call list, a flash loan's callback data, a MultiSend batch) \
            carries their bytes, which the nested calls show again, decoded, at their own nodes; \
            --json-nested ref shows those bytes as references to the nested calls' paths instead, \
            so that each call's bytes appear once and the output grows with the calldata.
            """
    )

    @Argument(help: ArgumentHelp("Raw transactions (hex), files, or `-` for standard input.", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp("Every item is bare calldata sent to this address.", valueName: "addr"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("With --to: the value sent with the calldata (wei, or units: 1.5ether).", valueName: "amount"))
    var value: String?

    @Option(name: .long, help: ArgumentHelp("With --to: the sender of the calldata, when known (recipient checks use it).", valueName: "addr"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("A JSON ABI file or folder to decode calls with, besides the bundled abi/ (repeatable).", valueName: "path"))
    var abi: [String] = []

    @Option(name: .long, help: ArgumentHelp("Prove the transactions match this plan exactly (a JSON file, or `-`).", valueName: "plan"))
    var against: String?

    @Option(name: .long, help: ArgumentHelp("Apply this signing policy (docs/policy.md): every violation is a finding (high, or critical for a wrong chain or sender).", valueName: "file"))
    var policy: String?

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit with status 1 when a finding is at least this severe: info, low, medium, high, critical.", valueName: "severity"))
    var failOn: String = "high"

    @Option(name: .customLong("max-fee-per-gas"), help: ArgumentHelp("fee_cap_high above this gas price / max fee per gas (default 1000gwei).", valueName: "amount"))
    var maxFeePerGas: String?

    @Option(name: .customLong("safe-nonce"), help: ArgumentHelp("The Safe's nonce for its execTransaction calls: recovers who made their EIP-712 / eth_sign signatures.", valueName: "n"))
    var safeNonce: String?

    @Option(name: .customLong("safe-version"), help: ArgumentHelp("The Safe's version, for its EIP-712 domain (default 1.4.1).", valueName: "version"))
    var safeVersion: String?

    @Option(name: .long, help: ArgumentHelp("The node's eth_simulateV1 response for these transactions (a JSON file, or `-`): adds simulation findings and net balance changes.", valueName: "file"))
    var simulation: String?

    @Flag(name: .customLong("emit-simulate"), help: "Print the eth_simulateV1 JSON-RPC request for the input's signed transactions instead of a report.")
    var emitSimulate = false

    @Option(name: .customLong("json-nested"), help: ArgumentHelp("With --json, how an argument holding nested calls is shown: `bytes` (default: its value, the nested calls' bytes included) or `ref` (each nested call's bytes replaced by a reference to its node, {\"call\":PATH}, or {\"calls\":[PATH,…]} for bytes encoding the whole list), so that each call's bytes appear once.", valueName: "bytes|ref"))
    var jsonNested: String = "bytes"

    @OptionGroup var output: JSONFlag

    mutating func validate() throws {
        guard jsonNested == "bytes" || jsonNested == "ref" else {
            throw ValidationError("--json-nested must be bytes or ref (got \(jsonNested))")
        }
        if jsonNested == "ref" && !output.json {
            throw ValidationError("--json-nested ref applies only to --json")
        }
        if let safeVersion, SafeVersion(safeVersion) == nil {
            throw ValidationError("--safe-version must be MAJOR.MINOR.PATCH, e.g. 1.4.1")
        }
        if emitSimulate && (simulation != nil || against != nil || policy != nil || to != nil) {
            throw ValidationError("--emit-simulate takes signed transactions only: no --simulation, --against, --policy or --to")
        }
        guard Severity(name: failOn) != nil else {
            throw ValidationError("--fail-on must be one of info, low, medium, high, critical (got \(failOn))")
        }
        if to == nil && (value != nil || from != nil) {
            throw ValidationError("--value and --from apply only to calldata with --to ADDR")
        }
        var stdinUses = inputs.filter { $0 == "-" }.count
        if against == "-" { stdinUses += 1 }
        if policy == "-" { stdinUses += 1 }
        if simulation == "-" { stdinUses += 1 }
        if inputs.isEmpty && (against == "-" || policy == "-" || simulation == "-") { stdinUses += 1 }
        if stdinUses > 1 {
            throw ValidationError("standard input (`-`) can be read only once")
        }
    }

    func run() throws {
        var failed = false
        try runPlanCommand(json: output.json) { out in
            let severity = Severity(name: failOn) ?? .high
            var options = AuditInputOptions()
            if let to {
                options.calldataTo = try located("--to") { try Address(hex: Inputs.trimmed(to)) }
                if let value { options.calldataValue = try located("--value") { try Units.parseValue(Inputs.trimmed(value)) } }
                if let from { options.calldataFrom = try located("--from") { try Address(hex: Inputs.trimmed(from)) } }
            }
            var auditOptions = AuditOptions()
            if let safeNonce {
                auditOptions.safeNonce = try located("--safe-nonce") { try UInt256(parsing: Inputs.trimmed(safeNonce)) }
            }
            if let v = safeVersion.flatMap(SafeVersion.init) { auditOptions.safeVersion = v }
            if let maxFeePerGas {
                auditOptions.maxFeePerGas = try located("--max-fee-per-gas") { try Units.parseValue(Inputs.trimmed(maxFeePerGas)) }
            }

            if emitSimulate {
                let lines = try Self.readInputs(inputs, options: options)
                var signed: [SignedTransaction] = []
                for line in lines {
                    guard case .signed(let s) = line.input else {
                        throw CLIError(.notSigned, "\(line.location): only signed transactions can be simulated", at: line.location)
                    }
                    signed.append(s)
                }
                out.line(SimulationRequest.json(signed).compact)
                return
            }
            // The policy and the plan first: their errors come before any input is read.
            let signingPolicy = try policy.map(PlanPolicy.load)
            if let signingPolicy { auditOptions.knownDelegates.formUnion(signingPolicy.delegates) }
            let simulationResult = try simulation.map { path in
                do {
                    return try SimulationResult.parse(Inputs.readFile(path, limit: .hexText))
                } catch let e as AuditError {
                    throw AuditError(reporting: e, "\(path): \(e.message)", at: e.location ?? path)
                }
            }
            var knownErrors: [ABIErrorDefinition] = []
            var compiled: CompiledPlan?
            var expectations: PlanExpectations?
            var decoder = CallDecoder()
            if let against {
                let plan = try Plan(bytes: Inputs.readFile(against, limit: .document), options: PlanOptions(abiDirectory: BundledABI.directory?.path))
                try AuditAgainst.check(plan)
                let whole = try plan.compile()
                decoder = CallDecoder(plan: plan)
                // A simulation is checked against the whole batch and the compiled plan; otherwise
                // only what the comparison needs is kept, and the plan is dropped here.
                if simulationResult != nil { compiled = whole } else { expectations = PlanExpectations(whole) }
            }
            decoder.followsBatches = true
            if let signingPolicy { decoder.add(signingPolicy.functionDefinitions) }
            for path in abi {
                let book = try SelectorBookLoader.load(path)
                decoder.add(book)
                knownErrors += book.allErrors.map(\.error)
            }
            if BundledABI.directory != nil {
                let book = try SelectorBookLoader.load(nil)
                decoder.add(book)
                knownErrors += book.allErrors.map(\.error)
            } else {
                StandardStreams.writeErr("warning: the bundled abi/ folder was not found (set BALLAST_ABI_DIR): only the built-in functions are decoded\n")
            }

            if simulationResult == nil {
                // Without a simulation nothing needs the whole batch: the input streams, in
                // parallel, with memory bounded by the per-sender nonce state (and with a plan,
                // by its packed expectations).
                var stream = AuditStream(
                    auditor: Auditor(decoder: decoder, options: auditOptions), policy: signingPolicy,
                    options: options, json: output.json, against: expectations)
                stream.nestedCallReferences = jsonNested == "ref"
                failed = try stream.run(inputs, failOn: severity)
                return
            }
            let lines = try Self.readInputs(inputs, options: options)
            guard !lines.isEmpty else {
                // An empty input (a failed upstream command in a pipe) is not a pass.
                let source = inputs.isEmpty ? "stdin" : inputs.joined(separator: ", ")
                throw CLIError(.noTransactions, "the input holds no transaction to audit", at: source)
            }
            var report = Auditor(decoder: decoder, options: auditOptions).audit(lines, against: compiled)
            if let signingPolicy { report.findings += signingPolicy.evaluate(report.transactions) }
            if let simulationResult {
                let (found, summary) = try SimulationCheck(errors: knownErrors).check(simulationResult, transactions: report.transactions, plan: compiled)
                report.findings += found
                report.simulation = summary
            }
            // The whole batch is audited: the report goes out in pieces, never held whole.
            if output.json {
                try report.writeJSON(nestedCallReferences: jsonNested == "ref") { (piece) throws(FileOutputError) in
                    out.append(String(decoding: piece, as: UTF8.self))
                    try out.flush()
                }
                out.append("\n")
            } else {
                try report.forEachTextLine(failOn: severity) { (line) throws(FileOutputError) in
                    out.line(line)
                    try out.flush()
                }
            }
            failed = report.fails(at: severity)
        }
        if failed { throw ExitCode(1) }
    }

    /// Every item of every input, in order.
    static func readInputs(_ inputs: [String], options: AuditInputOptions) throws -> [AuditInputLine] {
        if inputs.isEmpty {
            return try AuditInputReader.read(Inputs.readFile("-", limit: .hexText), source: "stdin", options: options)
        }
        var lines: [AuditInputLine] = []
        for (k, input) in inputs.enumerated() {
            switch kind(of: input) {
            case .stdin:
                lines += try AuditInputReader.read(Inputs.readFile("-", limit: .hexText), source: "stdin", options: options)
            case .file:
                lines += try AuditInputReader.read(Inputs.readFile(input, limit: .hexText), source: input, options: options)
            case .inline:
                lines.append(try AuditInputReader.read(argument: input, number: k + 1, options: options))
            }
            if lines.count > AuditInputReader.maxItems {
                throw CLIError(.inputTooLarge, "more than \(AuditInputReader.maxItems) transactions")
            }
        }
        return lines
    }

    enum InputKind { case stdin, file, inline }

    /// `-` is standard input; `0x…` or `{…}` is an item; otherwise an existing file, else hex.
    static func kind(of input: String) -> InputKind {
        if input == "-" { return .stdin }
        let t = Inputs.trimmed(input)
        if t.hasPrefix("0x") || t.hasPrefix("0X") || t.hasPrefix("{") { return .inline }
        if FileManager.default.fileExists(atPath: input) { return .file }
        if !t.isEmpty && t.allSatisfy({ $0.isHexDigit }) { return .inline }
        return .file
    }
}
