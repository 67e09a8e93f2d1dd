import ArgumentParser
import Ballast
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `ballast plan schema | check | build`.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Validate, compile and sign planner plans (the plan format: `ballast plan schema`).",
        subcommands: [PlanSchemaCommand.self, PlanCheckCommand.self, PlanBuildCommand.self]
    )
}

struct PlanSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the plan format."
    )

    func run() throws {
        try runCommand(json: false) { out in
            var text = PlanSchema.text
            if text.hasSuffix("\n") { text.removeLast() }
            out.line(text)
        }
    }
}

extension PlanCheckCommand {
    /// The compact JSON of `compiled.checkReport` (with a `policy` member when a policy was
    /// checked), written item by item: the whole report is never held.
    static func writeReport(_ compiled: CompiledPlan, decoder: CallDecoder, policy: String?, into out: inout CommandOutput) throws {
        /// `"key":value`, as in a compact object.
        func member(_ key: String, _ value: JSONValue) -> String {
            String(JSONValue.object([(key, value)]).compact.dropFirst().dropLast())
        }
        let parts = compiled.checkReportParts()
        out.append("{")
        for (key, value) in parts.head {
            out.append(member(key, value))
            out.append(",")
        }
        out.append(JSONValue.string(parts.listKey).compact + ":[")
        var first = true
        try compiled.forEachCheckReportItem(decoder: decoder) { item in
            if !first { out.append(",") }
            first = false
            out.append(item.compact)
            try out.flush()
        }
        out.append("]")
        if let policy {
            out.append("," + member("policy", .object([("file", .string(policy)), ("violations", .array([]))])))
        }
        out.append("}\n")
    }
}

/// Options shared by `plan check` and `plan build`.
struct PlanInputOptions: ParsableArguments {
    @Argument(help: "The plan: a JSON file, or `-` for standard input.")
    var plan: String

    @Option(
        name: .customLong("abi-dir"),
        help: ArgumentHelp(
            "Folder of JSON ABIs where `call` function names are looked up (default: $BALLAST_ABI_DIR, else the bundled abi/ beside the executable).",
            valueName: "path"))
    var abiDirectory: String?

    func read() throws -> Plan {
        let bytes = try Inputs.readFile(plan, limit: .document)
        let options = PlanOptions(abiDirectory: abiDirectory ?? BundledABI.directory?.path)
        return try Plan(bytes: bytes, options: options)
    }
}

struct PlanCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate and compile a plan without signing; print the transactions and their decoded calls.",
        discussion: """
            Every problem found is reported, one per line, each with its JSON path \
            (`actions[2].steps[1].amountIn`). With --json the transactions are printed as one object \
            (quantities as decimal strings, `type` a number, each call with path, to, value, selector, \
            function, args and nested calls); errors as {"error":{"code","message","at","errors":[…]}}. \
            With --policy the compiled transactions are also checked against a signing policy \
            (docs/policy.md) as `plan build --policy` does: any violation is an error \
            (policy_violation, every violation listed).
            """
    )

    @OptionGroup var input: PlanInputOptions

    @Option(name: .long, help: ArgumentHelp("Check the compiled transactions against a signing policy file (docs/policy.md).", valueName: "file"))
    var policy: String?

    @Option(name: .customLong("fork"), help: ArgumentHelp(ForkArgument.help, valueName: "name"))
    var forkName = ForkName(.prague)
    var fork: Fork { forkName.value }

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runPlanCommand(json: output.json) { out in
            let signingPolicy = try policy.map(PlanPolicy.load)
            let plan = try input.read()
            let compiled = try plan.compile()
            try compiled.validate(fork: fork)
            let decoder = CallDecoder(plan: plan)
            if let signingPolicy, let policy {
                try PlanPolicy.enforce(signingPolicy, file: policy, on: compiled, decoder: decoder)
            }
            // Everything is checked: the report is printed one transaction at a time.
            if output.json {
                try Self.writeReport(compiled, decoder: decoder, policy: policy, into: &out)
            } else {
                try PlanText.render(compiled, decoder: decoder, into: &out)
                if let policy {
                    out.line("")
                    out.line("policy \(policy): no violation")
                }
            }
        }
    }
}

/// The key options of `plan build`: optional at parse time (a safe-mode plan signs nothing).
enum PlanBuildKeyUsage: KeyOptionsUsage {
    static let passwordFileWithoutKeystore = false
    static let sourceOptional = true
}

struct PlanBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile and sign a plan: raw transactions, JSON Lines, a Flashbots bundle, a Safe batch, a SafeTx or an eth_simulateV1 request.",
        discussion: """
            raw (default): one 0x raw transaction per line, in nonce order. jsonl: one object a line \
            with id, nonce, hash, from, to, type, raw. bundle: an eth_sendBundle JSON-RPC request \
            (--block N). safe: a Safe Transaction Builder batch (safe mode only; the default there; \
            no key needed). safe-tx: the batch as one SafeTx file for `ballast safe sign` (safe mode \
            only; no key needed): a DELEGATECALL of multiSend on MultiSendCallOnly, no refund, the \
            nonce execution.safeNonce (0 when absent, with a warning), --safe-version (default \
            1.4.1); its safeTxHash and domain separator are printed on standard error for the owners \
            to compare. simulate: an eth_simulateV1 JSON-RPC request for the signed \
            transactions (docs/simulation.md), to send to a node; audit its response with \
            `ballast audit TXS --simulation RESPONSE --against PLAN`. The key's address must be the plan's account. With --out the output is \
            written to a file atomically (mode 0600, a temporary file moved into place), and nothing \
            is written on any error; an existing file is replaced only with --force, and a symbolic \
            link, directory, FIFO or device never, nor any input file of the command. With --policy FILE \
            the compiled transactions (in safe mode, the batch's calls) are checked against a \
            signing policy (docs/policy.md) before anything is signed: any violation refuses the \
            whole plan (policy_violation, every violation listed; exit status 1).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case raw, jsonl, bundle, safe, simulate
        case safeTx = "safe-tx"
    }

    @OptionGroup var input: PlanInputOptions

    @Option(name: .long, help: "Output format: raw, jsonl, bundle, safe, safe-tx or simulate (default: raw; safe for a safe-mode plan).")
    var format: Format?

    @Option(name: .long, help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing --out file (never a symbolic link, directory, FIFO or device).")
    var force = false

    @Option(name: .long, help: ArgumentHelp("The bundle's target block (decimal or 0x), for --format bundle.", valueName: "n"))
    var block: String?

    @Option(name: .long, help: ArgumentHelp("A signing policy file (docs/policy.md): the plan is refused, and nothing signed, unless it complies.", valueName: "file"))
    var policy: String?

    @Option(name: .customLong("created-at"), help: ArgumentHelp("Safe batch: createdAt in milliseconds since the epoch (default: now).", valueName: "ms"))
    var createdAt: UInt64?

    @Option(name: .customLong("safe-version"), help: ArgumentHelp("safe-tx: the Safe's version, which decides its EIP-712 domain (default 1.4.1).", valueName: "version"))
    var safeVersion: String?

    @Option(name: .long, help: ArgumentHelp("Signing threads (default: the processor count).", valueName: "n"))
    var threads: Int?

    @Option(name: .customLong("fork"), help: ArgumentHelp(ForkArgument.help, valueName: "name"))
    var forkName = ForkName(.prague)
    var fork: Fork { forkName.value }

    @OptionGroup(title: "Key source") var keys: KeyOptionGroup<PlanBuildKeyUsage>
    @OptionGroup var output: JSONFlag

    mutating func validate() throws {
        if format == .bundle && block == nil { throw ValidationError("--format bundle needs --block N (the target block)") }
        if block != nil && format != .bundle { throw ValidationError("--block applies only with --format bundle") }
        if createdAt != nil && format != .safe && format != nil { throw ValidationError("--created-at applies only to the safe format") }
        if safeVersion != nil && format != .safeTx { throw ValidationError("--safe-version applies only with --format safe-tx") }
        if let safeVersion, SafeVersion(safeVersion) == nil {
            throw ValidationError("--safe-version must be MAJOR.MINOR.PATCH, e.g. 1.4.1")
        }
        if let threads, threads < 1 || threads > 64 { throw ValidationError("--threads must be in 1…64") }
        if let out, out.isEmpty { throw ValidationError("--out needs a file path") }
    }

    func run() throws {
        var missingKey = false
        try runPlanCommand(json: output.json) { stdout in
            if let out {
                try AtomicFileWriter.precheck([(out, "--out")], force: force, inputs: [input.plan] + [policy].compactMap { $0 } + keys.files)
            }
            let signingPolicy = try policy.map(PlanPolicy.load)
            let plan = try input.read()
            let compiled = try plan.compile()
            try compiled.validate(fork: fork)
            if let signingPolicy, let policy {
                try PlanPolicy.enforce(signingPolicy, file: policy, on: compiled)
            }
            let isSafe = plan.execution.mode == .safe
            let format = self.format ?? (isSafe ? .safe : .raw)
            var text = ""
            var safeTx: SafeTx?
            if isSafe || format == .safe || format == .safeTx {
                guard isSafe else {
                    throw CLIError(.formatNeedsSafeMode, "--format \(format.rawValue) needs a safe-mode plan (execution.mode is \(plan.execution.mode.rawValue))", at: "execution.mode")
                }
                if format == .safeTx {
                    let version = safeVersion.flatMap(SafeVersion.init) ?? .defaultVersion
                    let tx = try compiled.safeTx(version: version)
                    if plan.execution.safeNonce == nil {
                        StandardStreams.writeErr("warning: the plan has no execution.safeNonce: the SafeTx uses nonce 0\n")
                    }
                    text = SafeFile.text(tx)
                    safeTx = tx
                } else {
                    guard format == .safe else {
                        throw CLIError(.safeModeFormat, "a safe-mode plan is not signed: its output is the Safe batch (--format safe) or a SafeTx (--format safe-tx)", at: "--format")
                    }
                    let ms = createdAt ?? UInt64(max(0, Date().timeIntervalSince1970 * 1000))
                    guard let batch = compiled.safeBatch(createdAt: ms) else {
                        throw CLIError(.planInvalid, "the plan has no Safe address", at: "execution.safe")
                    }
                    text = batch.pretty + "\n"
                }
            } else {
                if keys.givenSources.isEmpty {
                    missingKey = true
                    return
                }
                let signer = try keys.signer()
                let threads = threads ?? CompiledPlan.defaultSigningThreads
                if format == .raw || format == .jsonl {
                    // The lines of each signed piece go to a spill buffer (a private unlinked
                    // file past 64 KiB), and the signed transactions are dropped: memory does not
                    // grow with the plan. The output is written only once every one is signed.
                    let lines = SpillBuffer(memoryLimit: 1 << 16, name: "the temporary file of the signed transactions")
                    try compiled.sign(with: signer, threads: threads, fork: fork) { (piece) throws in
                        var bytes: [UInt8] = []
                        Self.forEachLine(piece, format: format) { bytes += $0.utf8 }
                        try lines.append(bytes[...])
                    }
                    if let out {
                        var writer = AtomicFileWriter(force: force)
                        defer { writer.discard() }
                        // A failure to read the spill buffer back is reported as itself.
                        var failure: (any Error)?
                        do {
                            try writer.stage(at: out) { (write) throws(FileOutputError) in
                                do {
                                    try lines.forEachBytes { try write(Array($0)) }
                                } catch let error as FileOutputError {
                                    throw error
                                } catch {
                                    failure = error
                                    throw FileOutputError(code: .spoolFailed, message: "\(error)", location: out)
                                }
                            }
                        } catch {
                            throw failure ?? error
                        }
                        try writer.commit()
                    } else {
                        try lines.forEachBytes { try OutputDescriptor.writeAll(1, Array($0), name: "stdout") }
                    }
                    return
                }
                let signed = try compiled.sign(with: signer, threads: threads, fork: fork)
                text = try Self.render(signed, format: format, block: block, chainId: plan.chainId)
            }
            if let out {
                var writer = AtomicFileWriter(force: force)
                defer { writer.discard() }
                try writer.stage(Array(text.utf8), at: out)
                try writer.commit()
            } else {
                stdout.text(text)
            }
            // The hashes owners compare, once the SafeTx is out.
            if let safeTx { SafeFile.announce(safeTx) }
        }
        if missingKey {
            throw ValidationError("this plan's transactions must be signed: " + KeyOptionsText.missingSource)
        }
    }

    /// Each line of the raw or jsonl output, newline included, in order.
    static func forEachLine(_ signed: [SignedPlanTransaction], format: Format, _ body: (String) throws -> Void) rethrows {
        for s in signed {
            let tx = s.signed
            if format == .jsonl {
                try body(JSONValue.object([
                    ("id", .string(s.actionId)),
                    ("nonce", .string(String(tx.transaction.nonce))),
                    ("hash", .string(tx.hash.hex)),
                    ("from", .string(tx.sender.checksummed)),
                    ("to", tx.transaction.to.map { .string($0.checksummed) } ?? .null),
                    ("type", .number(String(tx.type.rawValue))),
                    ("raw", .string(tx.rawHex)),
                ]).compact + "\n")
            } else {
                try body(tx.rawHex + "\n")
            }
        }
    }

    static func render(_ signed: [SignedPlanTransaction], format: Format, block: String?, chainId: UInt64) throws -> String {
        var text = ""
        switch format {
        case .raw, .safe, .safeTx:
            text.reserveCapacity(signed.reduce(0) { $0 + 2 * $1.signed.encoded.count + 3 })
            forEachLine(signed, format: .raw) { text += $0 }
        case .jsonl:
            forEachLine(signed, format: .jsonl) { text += $0 }
        case .bundle:
            let blockText = block ?? ""
            let number: UInt256
            do { number = try UInt256(parsing: blockText) } catch {
                throw CLIError(.invalidBlock, "--block must be a block number (decimal or 0x): \(error.message)", at: "--block")
            }
            let request = JSONValue.object([
                ("jsonrpc", .string("2.0")),
                ("id", .number("1")),
                ("method", .string("eth_sendBundle")),
                ("params", .array([.object([
                    ("txs", .array(signed.map { .string($0.signed.rawHex) })),
                    ("blockNumber", .string(number.hexQuantity)),
                ])])),
            ])
            text = request.compact + "\n"
        case .simulate:
            text = SimulationRequest.json(signed.map(\.signed)).compact + "\n"
        }
        return text
    }
}

// MARK: - Running with several errors

extension CommandOutput {
    /// Appends text as is.
    mutating func text(_ s: String) {
        line(String(s.dropLast(s.hasSuffix("\n") ? 1 : 0)))
    }
}

/// `runCommand`, but a `PlanValidationError` prints every issue: one `error:` line each on
/// stderr, or `{"error":{"code","message","at","errors":[…]}}` on stdout with --json. So do an
/// unusable policy file and a policy violation.
func runPlanCommand(json: Bool, _ body: (inout CommandOutput) throws -> Void) throws {
    try runCommand(json: json) { out in
        do {
            try body(&out)
        } catch let error as PlanPolicyError {
            error.print(json: json)
            throw ExitCode(1)
        } catch let error as PlanValidationError {
            if json {
                let first = error.issues[0]
                let object = JSONValue.object([("error", .object([
                    ("code", .string(first.code)),
                    ("message", .string(error.message)),
                    ("at", .string(first.path.description)),
                    ("errors", .array(error.issues.map(\.jsonValue))),
                ]))])
                _ = StandardStreams.writeOutReporting(object.compact + "\n")
            } else {
                var text = ""
                for issue in error.issues {
                    text += "error: \(issue.message) (at \(issue.path)) [\(issue.code)]\n"
                }
                if error.issues.count > 1 { text += "\(error.issues.count) problems found in the plan\n" }
                StandardStreams.writeErr(text)
            }
            throw ExitCode(1)
        }
    }
}

// MARK: - Signing policy

/// `--policy FILE` of `plan check` and `plan build` (docs/policy.md).
enum PlanPolicy {
    /// Reads and parses the policy file; an unusable one is `policy_invalid` with every problem.
    static func load(_ path: String) throws -> SigningPolicy {
        var bytes = try Inputs.readFile(path, limit: .document)
        do {
            let json = try SigningPolicy.document(bytes)
            bytes = []  // the tree is made: the file's bytes go before the policy is built
            return try SigningPolicy.read(json)
        } catch {
            throw PlanPolicyError.invalid(file: path, error)
        }
    }

    /// The library's gate (`SigningPolicy.enforce(on:)`), its refusal printed with the file's name.
    static func enforce(_ policy: SigningPolicy, file: String, on compiled: CompiledPlan, decoder: CallDecoder? = nil) throws {
        do {
            try policy.enforce(on: compiled, decoder: decoder)
        } catch {
            throw PlanPolicyError.violated(file: file, safe: error.safeMode, findings: error.findings)
        }
    }
}

/// A policy that cannot be used or that the plan violates: every problem is printed.
enum PlanPolicyError: Error {
    case invalid(file: String, PolicyError)
    case violated(file: String, safe: Bool, findings: [Finding])

    func print(json: Bool) {
        let code: String, message: String, at: String
        var errors: [JSONValue] = []
        var lines: [String] = []
        switch self {
        case .invalid(let file, let error):
            code = error.code
            message = "policy \(file): \(error.message)"
            at = error.issues[0].path
            for issue in error.issues {
                errors.append(issue.jsonValue)
                lines.append("error: policy \(file): \(issue.message) (at \(issue.path)) [\(issue.code)]")
            }
            let n = error.issues.count
            lines.append("error: the signing policy \(file) cannot be used (\(n) problem\(n == 1 ? "" : "s") found in the policy) [policy_invalid]")
        case .violated(let file, let safe, let findings):
            code = "policy_violation"
            let n = findings.count
            let count = "\(n) violation\(n == 1 ? "" : "s")"
            message = "the plan violates the signing policy \(file) (\(count)): \(findings[0].message)"
            at = findings[0].path
            for f in findings {
                errors.append(.object([
                    ("code", .string(f.code.rawValue)), ("severity", .string(f.severity.description)),
                    ("message", .string(f.message)), ("at", .string(f.path)),
                ]))
                lines.append("error: \(f.message) (at \(f.path)) [\(f.code)]")
            }
            lines.append("error: the plan violates the signing policy \(file) (\(count)); nothing was \(safe ? "written" : "signed") [policy_violation]")
        }
        if json {
            let object = JSONValue.object([("error", .object([
                ("code", .string(code)), ("message", .string(message)), ("at", .string(at)), ("errors", .array(errors)),
            ]))])
            _ = StandardStreams.writeOutReporting(object.compact + "\n")
        } else {
            StandardStreams.writeErr(lines.joined(separator: "\n") + "\n")
        }
    }
}
