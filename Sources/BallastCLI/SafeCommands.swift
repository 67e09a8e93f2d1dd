import ArgumentParser
import Ballast

/// `ballast safe hash | sign | exec`: Safe owners sign offline (the SafeTx file: docs/safe-tx.schema.json).
struct SafeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safe",
        abstract: "Hash, sign and execute Safe transactions offline (SafeTx files, `plan build --format safe-tx`).",
        subcommands: [SafeHashCommand.self, SafeSignCommand.self, SafeExecCommand.self]
    )
}

/// `--multisend ADDR` and `--allow-delegatecall`: which DELEGATECALL targets `safe sign` and
/// `safe exec` accept (`SafeTx.checkDelegateCall`).
struct SafeDelegateCallOptions: ParsableArguments {
    @Option(name: .customLong("multisend"), help: ArgumentHelp("Also trust this MultiSendCallOnly deployment as a DELEGATECALL target (repeatable; v1.4.1's 0x9641…02e2 is always trusted).", valueName: "addr"))
    var multisend: [String] = []

    @Flag(name: .customLong("allow-delegatecall"), help: "Accept a DELEGATECALL (operation 1) to any address. Its code runs as the Safe and can take everything.")
    var allowDelegateCall = false

    init() {}

    func check(_ tx: SafeTx) throws {
        if allowDelegateCall {
            if tx.operation == .delegateCall {
                StandardStreams.writeErr("warning: DELEGATECALL to \(tx.to.checksummed) accepted (--allow-delegatecall): its code runs as the Safe\n")
            }
            return
        }
        var trusted: Set<Address> = []
        for (i, text) in multisend.enumerated() {
            trusted.insert(try located("--multisend[\(i)]") { try Address(hex: Inputs.trimmed(text)) })
        }
        do throws(SafeError) {
            try tx.checkDelegateCall(trusted: trusted)
        } catch {
            throw CLIError(reporting: error, error.message + " (--multisend ADDR trusts another MultiSendCallOnly; nothing signed)", at: error.location)
        }
    }
}

/// Reading a SafeTx file, and the checks the commands share.
enum SafeFile {
    static func read(_ path: String) throws -> SafeTx {
        let bytes = try Inputs.readFile(path, limit: .document)
        do throws(SafeError) {
            return try SafeTx(bytes: bytes)
        } catch {
            throw CLIError(reporting: error, "\(path == "-" ? "stdin" : path): \(error.message)", at: error.location)
        }
    }

    /// `--safe-tx-hash`: 32 bytes of hex.
    static func expectedHash(_ text: String?) throws -> [UInt8]? {
        guard let text else { return nil }
        return try located("--safe-tx-hash") { try Hex.decode(Inputs.trimmed(text), count: 32) }
    }

    /// `--policy FILE`: the calls the Safe will make, checked against a signing policy
    /// (docs/policy.md) as a `safe`-mode plan's batch is: any violation refuses (policy_violation,
    /// every violation listed at `safe[i]`). Returns the policy, whose Safe rules (`safeOwners`,
    /// `safeThreshold`) the commands apply too.
    @discardableResult
    static func enforce(policy path: String?, on tx: SafeTx) throws -> SigningPolicy? {
        guard let path else { return nil }
        let policy = try PlanPolicy.load(path)
        var decoder = CallDecoder()
        decoder.followsBatches = true
        decoder.add(policy.functionDefinitions)
        let findings = policy.evaluate(tx.auditedTransactions(decoder: decoder))
        guard findings.isEmpty else {
            throw PlanPolicyError.violated(file: path, safe: false, findings: findings.map(SigningPolicy.batchPath))  // "nothing was signed"
        }
        return policy
    }

    /// The hashes on standard error, for owners to compare on every device, and a warning when
    /// the Safe pays a gas refund (gasPrice not 0): up to (gas used + baseGas) × gasPrice of
    /// gasToken (ether when zero) to refundReceiver (tx.origin when zero).
    static func announce(_ tx: SafeTx) {
        StandardStreams.writeErr("safeTxHash      \(Hex.encode(tx.safeTxHash))\ndomainSeparator \(Hex.encode(tx.domainSeparator))\n")
        if !tx.gasPrice.isZero {
            let token = tx.gasToken.isZero ? "ether" : "token \(tx.gasToken.checksummed)"
            let receiver = tx.refundReceiver.isZero ? "the executing account" : tx.refundReceiver.checksummed
            StandardStreams.writeErr("warning: the Safe pays a gas refund in \(token) to \(receiver): up to (gas used + baseGas \(tx.baseGas.decimalString)) × gasPrice \(tx.gasPrice.decimalString)\n")
        }
    }

    /// The file's text as Ballast writes it: pretty JSON and a newline.
    static func text(_ tx: SafeTx) -> String {
        tx.jsonValue.pretty + "\n"
    }
}

struct SafeHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the EIP-712 safeTxHash of a SafeTx file.",
        discussion: """
            Domain EIP712Domain(uint256 chainId,address verifyingContract) for a Safe version ≥ \
            1.3.0, EIP712Domain(address verifyingContract) below; struct SafeTx(address to,uint256 \
            value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,\
            address gasToken,address refundReceiver,uint256 nonce). --json prints \
            {"safeTxHash":"0x…","domainSeparator":"0x…"}. FILE `-` reads standard input.
            """
    )

    @Argument(help: ArgumentHelp("The SafeTx file (or `-`).", valueName: "file"))
    var file: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        try runCommand(json: output.json) { out in
            let tx = try SafeFile.read(file)
            if output.json {
                out.line(JSONValue.object([
                    ("safeTxHash", .string(Hex.encode(tx.safeTxHash))),
                    ("domainSeparator", .string(Hex.encode(tx.domainSeparator))),
                ]).compact)
            } else {
                out.line(Hex.encode(tx.safeTxHash))
            }
        }
    }
}

struct SafeSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Add the key's owner signature (EIP-712, r‖s‖v with v = 27/28) to a SafeTx file.",
        discussion: """
            Prints the updated file, or writes it to --out (created with mode 0600, written whole \
            under a temporary name and moved into place; an existing file is replaced only with \
            --force, e.g. --out FILE --force to update FILE in place). Signing again with the same \
            owner replaces that owner's signature. The safeTxHash and domain separator are printed \
            on standard error: compare them with the other owners'. --safe-tx-hash H refuses to sign \
            unless the file's hash is H. --format service prints the Safe Transaction Service \
            proposal (safe, to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken, \
            refundReceiver, nonce, contractTransactionHash, sender, signature, origin; the \
            signatures sorted by owner and concatenated, sender the first) instead of the file. \
            A DELEGATECALL (operation 1) is refused unless its target is MultiSendCallOnly v1.4.1 \
            (0x9641d764fc13c8B624c04430C7356C1C7C8102e2), another one named with --multisend ADDR, \
            or --allow-delegatecall is given: the called code runs as the Safe. --policy FILE \
            refuses to sign unless the calls the Safe makes (a multiSend's entries, each at \
            safe[i]) comply with a signing policy (docs/policy.md).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case file, service
    }

    @Argument(help: ArgumentHelp("The SafeTx file (or `-`).", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Write the updated file here instead of printing it.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing --out file.")
    var force = false

    @Option(name: .long, help: "What to print: file (the updated SafeTx file, default) or service (a Safe Transaction Service proposal).")
    var format: Format = .file

    @Option(name: .customLong("safe-tx-hash"), help: ArgumentHelp("Sign only if the file's safeTxHash is this one.", valueName: "hash"))
    var safeTxHash: String?

    @Option(name: .long, help: ArgumentHelp("A signing policy file (docs/policy.md) the Safe's calls must comply with.", valueName: "file"))
    var policy: String?

    @OptionGroup(title: "DELEGATECALL") var delegateCall: SafeDelegateCallOptions
    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    func run() throws {
        try runPlanCommand(json: output.json) { stdout in
            // The SafeTx file itself may be updated in place (--out FILE --force); key, password
            // and policy files never.
            if let out { try AtomicFileWriter.precheck([(out, "--out")], force: force, inputs: keys.files + [policy].compactMap { $0 }) }
            let tx = try SafeFile.read(file)
            try delegateCall.check(tx)
            let signingPolicy = try SafeFile.enforce(policy: policy, on: tx)
            if let expected = try SafeFile.expectedHash(safeTxHash), expected != tx.safeTxHash {
                throw CLIError(.safeHashMismatch, "the file's safeTxHash is \(Hex.encode(tx.safeTxHash)), not \(Hex.encode(expected)): nothing signed", at: "--safe-tx-hash")
            }
            let signer = try keys.signer()
            if let signingPolicy, let owner = Address(bytes: signer.addressBytes) {
                do throws(SafeError) {
                    try signingPolicy.checkSafeSigner(owner)
                } catch {
                    throw CLIError(reporting: error, "policy \(policy ?? ""): \(error.message)", at: error.location)
                }
            }
            let signature = try SafeSignatures.sign(tx, signer: signer)
            let updated = tx.adding(signature)
            SafeFile.announce(updated)
            StandardStreams.writeErr("signed by       \(signature.owner.checksummed) (\(updated.signatures.count) signature\(updated.signatures.count == 1 ? "" : "s") in the file)\n")
            for problem in updated.signatureProblems() {
                StandardStreams.writeErr("warning: \(problem.message) (at \(problem.location ?? "signatures"))\n")
            }
            if let out {
                var writer = AtomicFileWriter(force: force)
                defer { writer.discard() }
                try writer.stage(Array(SafeFile.text(updated).utf8), at: out)
                try writer.commit()
            }
            switch format {
            case .service:
                stdout.line(updated.serviceProposal().pretty)
            case .file:
                if out == nil { stdout.text(SafeFile.text(updated)) }
            }
        }
    }
}

struct SafeExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Sign a transaction calling the Safe's execTransaction with the collected signatures.",
        discussion: """
            Checks every signature first: each must recover to its owner (EIP-712 v = 27/28, \
            eth_sign v = 31/32; a pre-approved hash v = 1 must name its owner; a contract \
            signature v = 0 is refused), one per owner, each owner in --owners when given, and at \
            least --threshold of them (default 1), and a DELEGATECALL only to a trusted \
            MultiSendCallOnly (as `safe sign`), and the Safe's calls complying with --policy FILE \
            when given. Any failure refuses the whole command (exit 1, \
            nothing printed). Then the signatures are sorted by owner address ascending and \
            concatenated, and one raw transaction from the key's account (any executing account) \
            to the Safe calling execTransaction (0x6a761202) is signed and printed, on the file's \
            chain (--chain-id, when given, must agree). --json prints {"raw","hash","from","safeTxHash"}.
            """
    )

    @Argument(help: ArgumentHelp("The SafeTx file (or `-`).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The executing account's nonce.", valueName: "n"))
    var nonce: String

    @Option(name: .customLong("gas-limit"), help: ArgumentHelp("Gas limit of the transaction.", valueName: "n"))
    var gasLimit: String

    @Option(name: .customLong("max-fee-per-gas"), help: ArgumentHelp("EIP-1559 fee cap (type 2).", valueName: "value"))
    var maxFeePerGas: String?

    @Option(name: .customLong("max-priority-fee-per-gas"), help: ArgumentHelp("EIP-1559 tip cap (type 2).", valueName: "value"))
    var maxPriorityFeePerGas: String?

    @Option(name: .customLong("gas-price"), help: ArgumentHelp("Legacy gas price (type 0, EIP-155).", valueName: "value"))
    var gasPrice: String?

    @Option(help: ArgumentHelp("The Safe's threshold: refuse fewer signatures.", valueName: "k"))
    var threshold: Int?

    @Option(help: ArgumentHelp("The Safe's owners, comma-separated: refuse a signature of anyone else.", valueName: "a,b,…"))
    var owners: String?

    @Option(name: .customLong("chain-id"), help: ArgumentHelp("The chain: must be the file's chainId.", valueName: "n"))
    var chainId: String?

    @Option(name: .customLong("safe-tx-hash"), help: ArgumentHelp("Refuse unless the file's safeTxHash is this one.", valueName: "hash"))
    var safeTxHash: String?

    @Option(name: .long, help: ArgumentHelp("A signing policy file (docs/policy.md) the Safe's calls must comply with.", valueName: "file"))
    var policy: String?

    @OptionGroup(title: "DELEGATECALL") var delegateCall: SafeDelegateCallOptions
    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    func validate() throws {
        let dynamic = maxFeePerGas != nil || maxPriorityFeePerGas != nil
        if gasPrice != nil && dynamic {
            throw ValidationError("give --max-fee-per-gas and --max-priority-fee-per-gas, or --gas-price, not both")
        }
        if gasPrice == nil && (maxFeePerGas == nil || maxPriorityFeePerGas == nil) {
            throw ValidationError("give --max-fee-per-gas and --max-priority-fee-per-gas (type 2), or --gas-price (type 0)")
        }
        if let threshold, threshold < 1 || threshold > SafeTx.maxSignatures {
            throw ValidationError("--threshold must be in 1…\(SafeTx.maxSignatures)")
        }
    }

    func run() throws {
        try runPlanCommand(json: output.json) { out in
            let tx = try SafeFile.read(file)
            try delegateCall.check(tx)
            let signingPolicy = try SafeFile.enforce(policy: policy, on: tx)
            if let chainId {
                let id = try located("--chain-id") { try UInt256(parsing: Inputs.trimmed(chainId)) }
                guard id == UInt256(tx.chainId) else {
                    throw CLIError(.safeChainMismatch, "--chain-id \(id.decimalString) is not the file's chainId \(tx.chainId)", at: "--chain-id")
                }
            }
            var requirements = SafeExecutionRequirements(threshold: threshold, expectedHash: try SafeFile.expectedHash(safeTxHash))
            if let owners { requirements.owners = try Self.owners(owners) }
            if let signingPolicy { requirements = signingPolicy.safeRequirements(requirements) }
            let packed: [UInt8]
            do throws(SafeError) {
                packed = try tx.packedSignatures(requirements)
            } catch {
                throw CLIError(reporting: error, "\(error.message); nothing signed", at: error.location)
            }
            var members: [(key: String, value: JSONValue)] = [
                ("chainId", .string(String(tx.chainId))),
                ("to", .string(tx.safe.checksummed)),
                ("value", .string("0")),
                ("input", .string(Hex.encode(tx.execTransactionCalldata(signatures: packed)))),
            ]
            if let v = try TxBuildCommand.integer(nonce, "--nonce") { members.append(("nonce", v)) }
            if let v = try TxBuildCommand.integer(gasLimit, "--gas-limit") { members.append(("gas", v)) }
            if let v = try TxBuildCommand.wei(gasPrice, "--gas-price") { members.append(("gasPrice", v)) }
            if let v = try TxBuildCommand.wei(maxFeePerGas, "--max-fee-per-gas") { members.append(("maxFeePerGas", v)) }
            if let v = try TxBuildCommand.wei(maxPriorityFeePerGas, "--max-priority-fee-per-gas") { members.append(("maxPriorityFeePerGas", v)) }
            let unsigned = try TxBuildCommand.checked(.object(members), allowUnprotected: false)
            let signer = try keys.signer()
            let signed: SignedTransaction
            do throws(TransactionError) {
                signed = try unsigned.sign(with: signer)
            } catch {
                throw TxBuildCommand.optionError(error)
            }
            SafeFile.announce(tx)
            if output.json {
                out.line(JSONValue.object([
                    ("raw", .string(signed.rawHex)),
                    ("hash", .string(signed.hash.hex)),
                    ("from", .string(signed.sender.checksummed)),
                    ("safeTxHash", .string(Hex.encode(tx.safeTxHash))),
                ]).compact)
            } else {
                out.line(signed.rawHex)
            }
        }
    }

    /// `--owners A,B,…`: each an address (EIP-55 checked when mixed case).
    static func owners(_ text: String) throws -> Set<Address> {
        var set: Set<Address> = []
        for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let a = try located("--owners[\(i)]") { try Address(hex: Inputs.trimmed(String(part))) }
            set.insert(a)
        }
        return set
    }
}
