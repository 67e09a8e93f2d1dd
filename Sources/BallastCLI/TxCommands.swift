import ArgumentParser
import Ballast
import Foundation

/// `ballast tx …`: sign, build and decode raw transactions.
struct TxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx",
        abstract: "Sign JSON Lines of transactions, build one from flags, decode raw transactions.",
        discussion: """
            Signing commands take exactly one key source: --private-key-file PATH, --keystore PATH \
            [--password-file PATH], --mnemonic-file PATH [--mnemonic-index N | --hd-path PATH] \
            [--mnemonic-passphrase-file PATH], the environment variable BALLAST_PRIVATE_KEY, or \
            (unsafe) --private-key HEX. Transactions are checked against Prague's rules before signing \
            (gas limit at least the intrinsic gas and the EIP-7623 calldata floor, fee caps, blob hashes).
            """,
        subcommands: [
            TxSignCommand.self,
            TxBuildCommand.self,
            TxDecodeCommand.self,
        ]
    )
}

// MARK: - sign

struct TxSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign JSON Lines of unsigned transactions: prints one raw signed transaction per line.",
        discussion: """
            Reads standard input (or --input FILE), one transaction object a line, with the fields of \
            JSON-RPC eth_signTransaction: type, chainId, nonce, to (absent or null: contract creation), \
            value, input (or data), gas, gasPrice, maxFeePerGas, maxPriorityFeePerGas, accessList \
            ([{"address","storageKeys"}]), maxFeePerBlobGas, blobVersionedHashes, authorizationList \
            (signed authorizations as `wallet sign-auth` prints them). Quantities are JSON integers, \
            decimal strings or 0x hex quantities. Without `type`, the type is inferred: 4 with \
            authorizationList, 3 with blob fields, 2 with maxFeePerGas/maxPriorityFeePerGas, 1 with \
            accessList, else 0. Type 0 needs chainId (EIP-155) unless --allow-unprotected. A type-3 \
            line is signed from its blobVersionedHashes and printed in its canonical form (no blobs).

            Prints one raw signed transaction (0x…, EIP-2718) per input line, in order. Blank lines \
            (empty or only whitespace) are skipped: they print nothing, but still count in line \
            numbers. Every line is read and checked before anything is signed; if any line is \
            invalid nothing is printed and the error names the first bad line and the field in it \
            (`line 3: … (at line 3: accessList[0].address)`). Lines are signed in parallel \
            (--jobs); the output order is always the input order. --json prints errors as JSON on \
            stdout; the output itself is the same raw lines.

            --format simulate prints instead one eth_simulateV1 JSON-RPC request for the signed \
            transactions (calls in nonce order; docs/simulation.md), to send to a node and audit \
            its response offline with `ballast audit --simulation`.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case raw, simulate
    }

    @Option(name: .long, help: "Output: raw (one raw transaction a line, the default) or simulate (an eth_simulateV1 request).")
    var format: Format = .raw

    @Option(name: .customLong("input"), help: ArgumentHelp("Read the JSON Lines from this file (`-` = standard input, the default).", valueName: "path"))
    var input: String?

    @Flag(name: .customLong("allow-unprotected"), help: "Accept type-0 lines without chainId (pre-EIP-155, replayable on every chain).")
    var allowUnprotected = false

    @Option(
        name: .customLong("chain-id"),
        help: ArgumentHelp(
            "Require every line's chainId to be N (a pre-EIP-155 line, allowed with --allow-unprotected, has none and passes).",
            valueName: "n"))
    var chainId: String?

    @Option(name: .customLong("jobs"), help: ArgumentHelp("Signing threads (default: the number of active processors).", valueName: "n"))
    var jobs: Int?

    @Option(name: .customLong("fork"), help: ArgumentHelp(ForkArgument.help, valueName: "name"))
    var forkName = ForkName(.prague)
    var fork: Fork { forkName.value }

    @OptionGroup(title: "Key source") var keys: KeyOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var unexpected: UnexpectedArguments

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 1024 { throw ValidationError("--jobs must be in 1...1024") }
    }

    func run() throws {
        try runCommand(json: output.json) { _ in
            let expectedChain = try chainId.map { text in try TxArguments.uint64(text, option: "--chain-id") }
            let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            // Two passes over the input, chunk by chunk, so memory stays bounded: first every line
            // is parsed and checked (before the key is read and anything is signed or printed),
            // then each chunk is signed in parallel and written, in order. The checked
            // transactions of the first `TxSpool.retainedBytes` of input are kept from the first
            // pass, so an input of that size (the usual case) is read and parsed once; only the
            // chunks after it are read and parsed again.
            let spool = try TxSpool(path: input ?? "-")
            var retained: [(lineNumbers: [Int], transactions: [UnsignedTransaction?])] = []
            var seenBytes = 0
            var chunks = 0
            try spool.forEachChunk { bytes, firstLine in
                chunks += 1
                let batch = TxBatch(bytes: bytes, firstLineNumber: firstLine)
                let transactions = try batch.parse(allowUnprotected: allowUnprotected, chainId: expectedChain, fork: fork, jobs: workers)
                seenBytes += bytes.count
                if retained.count == chunks - 1, seenBytes <= TxSpool.retainedBytes {
                    retained.append((batch.lineNumbers, transactions))
                }
            }
            let signer = try keys.signer()
            if format == .simulate {
                try signSimulate(spool: spool, signer: signer, chainId: expectedChain, workers: workers)
                return
            }
            // Nothing can fail past the first pass but signing itself (which never fails on a
            // checked transaction) and writing; lines go straight to standard output, chunk by
            // chunk. A failed write or a closed pipe stops the work before the next chunk.
            for k in retained.indices {
                var chunk = retained[k]
                retained[k] = ([], [])
                try TxBatch.requireReader()
                let raws = try TxBatch.sign(&chunk.transactions, lineNumbers: chunk.lineNumbers, with: signer, fork: fork, jobs: workers)
                try TxBatch.write(raws)
            }
            guard retained.count < chunks else { return }
            var index = 0
            try spool.forEachChunk { bytes, firstLine in
                index += 1
                guard index > retained.count else { return }
                let batch = TxBatch(bytes: bytes, firstLineNumber: firstLine)
                try TxBatch.requireReader()
                var transactions = try batch.parse(allowUnprotected: allowUnprotected, chainId: expectedChain, fork: fork, jobs: workers)
                let raws = try TxBatch.sign(&transactions, lineNumbers: batch.lineNumbers, with: signer, fork: fork, jobs: workers)
                try TxBatch.write(raws)
            }
        }
    }
}

extension TxSignCommand {
    /// Upper bound on the transactions of one simulation request (it is one JSON document).
    static let maxSimulated = 100_000

    /// `--format simulate`: every line signed, then one eth_simulateV1 request.
    func signSimulate(spool: TxSpool, signer: PrivateKeySigner, chainId: UInt64?, workers: Int) throws {
        var signed: [SignedTransaction] = []
        try spool.forEachChunk { bytes, firstLine in
            let batch = TxBatch(bytes: bytes, firstLineNumber: firstLine)
            var transactions = try batch.parse(allowUnprotected: allowUnprotected, chainId: chainId, fork: fork, jobs: workers)
            guard signed.count + transactions.count <= Self.maxSimulated else {
                let k = Self.maxSimulated - signed.count
                throw CLIError(.inputTooLarge, "more than \(Self.maxSimulated) transactions for one simulation request", at: "line \(batch.lineNumbers[k])")
            }
            do throws(BatchSigningFailure) {
                let chunk = try BatchSigner(signer: signer, fork: fork, threads: workers).sign(&transactions) { $0 }
                signed.append(contentsOf: chunk.compactMap { $0 })
            } catch {
                let line = batch.lineNumbers[error.index]
                throw CLIError(reporting: error.error, "line \(line): \(error.error.message)", at: "line \(line)")
            }
        }
        try StandardStreams.writeOut(SimulationRequest.json(signed).compact + "\n")
    }
}

/// Helpers shared by the tx commands for option values.
enum TxArguments {
    /// A decimal or 0x quantity below 2^64, errors located at `option`.
    static func uint64(_ text: String, option: String) throws -> UInt64 {
        let value = try located(option) { try UInt256(parsing: Inputs.trimmed(text)) }
        guard let small = value.uint64Value else {
            throw CLIError(.valueOutOfRange, "\(option) must be below 2^64", at: option)
        }
        return small
    }
}

/// `--fork NAME` of the signing commands: the rules a transaction is checked against. A wrapper
/// rather than `Fork` itself, whose raw value (a number) the parser would show as the default.
struct ForkName: ExpressibleByArgument {
    let value: Fork
    init(_ value: Fork) { self.value = value }
    init?(argument: String) {
        guard let fork = Fork(name: argument) else { return nil }
        value = fork
    }
    static var allValueStrings: [String] { Fork.allCases.map { $0.description.lowercased() } }
    /// The name in help (`default: prague`).
    var defaultValueDescription: String { value.description.lowercased() }
}

enum ForkArgument {
    static let help = "Check the rules of this fork: london, shanghai, cancun, prague (default), osaka — Ethereum "
        + "mainnet since December 2025: gas limit at most 2^24 (EIP-7825), at most 6 blobs a transaction."
}
