import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import Transactions

extension FuzzChecks {
    // MARK: Plans

    /// The bundled ABIs, read once.
    static let book: SelectorBook = {
        guard let book = try? SelectorBook(directory: abiDirectory) else { fatalError("FuzzChecks setup: cannot read abi/") }
        return book
    }()

    /// A plan that reads and compiles decodes back to its steps: walking the decoded call tree of
    /// every transaction in order (batches and flash-loan callbacks followed) meets every call of
    /// every action, callbacks included, in the plan's order, with exactly the compiled target,
    /// value and data; each such call the decoder recognises re-encodes from its decoded
    /// arguments to exactly its data; and the audit of the build against its own plan finds no
    /// difference (`against_*` but `against_unverifiable`, the fields only a signed transaction
    /// gives).
    /// Reading and compiling never crash; a refused plan is fine.
    public static func plan(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let plan = try? Plan(bytes: bytes, options: PlanOptions(abiDirectory: abiDirectory.path)),
              let compiled = try? plan.compile()
        else { return }
        var decoder = CallDecoder(plan: plan)
        decoder.followsBatches = true
        let expected = compiled.actions.flatMap(\.allCalls)
        var walked: [DecodedCall] = []
        func walk(_ c: DecodedCall) {
            walked.append(c)
            c.calls.forEach(walk)
        }
        if plan.execution.mode == .safe {
            try require(compiled.transactions.isEmpty, "a safe-mode plan has signed transactions")
            for (i, call) in compiled.safeCalls.enumerated() {
                walk(decoder.decode(to: call.target, value: call.value, data: call.data, path: "safe[\(i)]"))
            }
        } else {
            try require(!compiled.transactions.isEmpty || expected.isEmpty, "a plan with calls compiles to no transaction")
            for k in compiled.transactions.indices {
                compiled.decodedCalls(transaction: k, decoder: decoder).forEach(walk)
            }
        }
        var next = 0
        for node in walked where next < expected.count {
            let call = expected[next]
            guard node.to == call.target, node.value == call.value, node.data == call.data else { continue }
            next += 1
            guard let function = node.function else { continue }
            guard let abi = try? ABIFunction(parsing: function), let encoded = try? KnownFunction(abi).encode(node.args) else {
                throw PropertyViolation("\(node.path): the decoded call \(function) does not encode again")
            }
            try require(encoded == node.data, "\(node.path): \(function) re-encodes to other bytes than the compiled call")
        }
        try require(
            next == expected.count,
            "the decoded transactions lack call \(next) of the plan's \(expected.count) (to \(next < expected.count ? expected[next].target.checksummed : ""))")
        guard plan.execution.mode != .safe else { return }
        // Unsigned, an authorization has no authority yet: signing gives it the account's.
        let built = compiled.auditedTransactions(decoder: decoder).map { t in
            var t = t
            for i in t.authorizations.indices { t.authorizations[i].authority = plan.account }
            return t
        }
        // Unsigned, the build does not carry what only a signed transaction gives (its access
        // list): `against_unverifiable`, not a difference.
        for f in Auditor(decoder: decoder).against(compiled, transactions: built) where f.code != .audit(.againstUnverifiable) {
            throw PropertyViolation("the build differs from its own plan: \(f.code) at \(f.path): \(f.message)")
        }
    }

    // MARK: Audit input

    /// `examples/demo.json`, compiled: `--against` of the audit check.
    static let demo: (plan: Plan, compiled: CompiledPlan) = {
        do {
            let plan = try Plan(bytes: read("examples/demo.json"), options: PlanOptions(abiDirectory: abiDirectory.path))
            return (plan, try plan.compile())
        } catch {
            fatalError("FuzzChecks setup: examples/demo.json: \(error)")
        }
    }()

    static func auditDecoder(plan: Plan?) -> CallDecoder {
        var d = plan.map(CallDecoder.init(plan:)) ?? CallDecoder()
        d.followsBatches = true
        d.add(book)
        return d
    }

    static let plainAuditor = Auditor(decoder: auditDecoder(plan: nil))
    static let demoAuditor = Auditor(decoder: auditDecoder(plan: demo.plan))
    /// The demo's executor: nested execute / flash-loan calls decode as the plan's.
    static let calldataTo = (try? Address(hex: "0xB873ac2C343579C1B5F85704B5C2f359aB961953")) ?? .zero
    static let calldataFrom = (try? Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")) ?? .zero

    /// `ballast audit` over arbitrary input never crashes: reading the lines, decoding every call
    /// tree (batches followed, the bundled ABIs known), the findings, the checks against a plan,
    /// and both renderings of the report; the JSON report parses back to itself.
    ///
    /// The first input byte picks how the rest is read:
    ///   bits 0-1  0: text lines (raw transactions as hex, jsonl objects)
    ///             1: text lines of calldata with a fixed `--to` (and `--value`, `--from`)
    ///             2: binary calldata, given as one hex line with the fixed `--to`
    ///             3: a binary raw transaction, given as one hex line
    ///   bit 2     audited `--against` the compiled examples/demo.json
    ///   bit 3     with `--to`: no `--from` (the sender unknown)
    ///   bits 4-7  with `--to`: `--value` in wei; the text report's `--fail-on` (modulo 5)
    /// Binary modes skip the hex layer so that mutations reach the call-tree decoder directly.
    public static func auditInput(_ input: [UInt8]) throws(PropertyViolation) {
        guard let mode = input.first else { return }
        let body = Array(input.dropFirst())
        var options = AuditInputOptions()
        let text = mode & 3 < 2 ? body : Array(Hex.encode(body).utf8)
        if mode & 3 == 1 || mode & 3 == 2 {
            options.calldataTo = calldataTo
            options.calldataValue = UInt256(UInt64(mode >> 4))
            options.calldataFrom = mode & 8 == 0 ? calldataFrom : nil
        }
        guard let lines = try? AuditInputReader.read(text, source: "fuzz", options: options) else { return }
        let against = mode & 4 != 0
        let report = (against ? demoAuditor : plainAuditor).audit(lines, against: against ? demo.compiled : nil)
        let json = report.jsonValue
        try require((try? JSONValue.parse(json.compact)) == json, "the JSON report does not parse back to itself")
        _ = report.textLines(failOn: Severity(rawValue: Int(mode >> 4) % 5) ?? .high)
    }

    // MARK: Signing policies

    /// One example for `policy`: its compiled plan, the decoder `ballast audit --against` would
    /// use, and the signed transactions of its expected build.
    struct PolicyExample {
        let compiled: CompiledPlan
        let decoder: CallDecoder
        let signed: [SignedTransaction]
    }

    static let policyExamples: [PolicyExample] = ["demo", "eip7702-batch", "safe-batch", "eoa-simple", "aave-collateral-swap"].map { name in
        do {
            let plan = try Plan(bytes: read("examples/\(name).json"), options: PlanOptions(abiDirectory: abiDirectory.path))
            var decoder = CallDecoder(plan: plan)
            decoder.followsBatches = true
            decoder.add(book)
            var signed: [SignedTransaction] = []
            if case .object(let expected) = try JSONValue.parse(bytes: read("vectors/plans/\(name).expected.json")),
               let txs = expected.first(where: { $0.key == "transactions" }), case .array(let list) = txs.value {
                for case .object(let fields) in list {
                    guard let raw = fields.first(where: { $0.key == "raw" }), case .string(let hex) = raw.value else { continue }
                    signed.append(try SignedTransaction.decode(Hex.decode(hex)))
                }
            }
            return PolicyExample(compiled: try plan.compile(), decoder: decoder, signed: signed)
        } catch {
            fatalError("FuzzChecks setup: \(name): \(error)")
        }
    }

    /// Bare calldata (no type, chain or nonce): the demo's first call, sent by an unknown sender.
    static func policyTransactions(_ decoder: (PolicyExample) -> CallDecoder) -> [AuditedTransaction] {
        var out: [AuditedTransaction] = []
        for e in policyExamples {
            let d = decoder(e)
            for var t in e.compiled.auditedTransactions(decoder: d) {
                t.index = out.count
                out.append(t)
            }
            for s in e.signed {
                out.append(AuditedTransaction(signed: s, index: out.count, decoder: d))
            }
        }
        if let first = policyExamples.first?.signed.first {
            let data = first.transaction.input
            let d = decoder(policyExamples[0])
            out.append(AuditedTransaction(
                index: out.count, to: calldataTo, value: .zero, data: data,
                calls: [d.decode(to: calldataTo, value: .zero, data: data, path: "tx[\(out.count)].calls[0]")]))
        }
        return out
    }

    static let fixedPolicyTransactions: [AuditedTransaction] = {
        let txs = policyTransactions(\.decoder)
        precondition(txs.count > 10, "FuzzChecks setup: too few fixed transactions")
        return txs
    }()

    /// Parsing a signing policy never crashes; a policy that parses is evaluated over fixed
    /// transactions (the compiled examples — executor, EIP-7702, Safe batch, EOA —, the signed
    /// transactions of their expected builds, and bare calldata), with the functions it names
    /// added to the decoder first, as `ballast audit --policy` does. Every finding is a `policy_`
    /// code of severity high or critical, and its JSON parses back to itself.
    public static func policy(_ input: [UInt8]) throws(PropertyViolation) {
        guard let policy = try? SigningPolicy.parse(input) else { return }
        let definitions = policy.functionDefinitions
        let txs = definitions.isEmpty ? fixedPolicyTransactions : policyTransactions { e in
            var d = e.decoder
            d.add(definitions)
            return d
        }
        // The whole set at once (totals, transaction counts), then one transaction at a time.
        var findings = policy.evaluate(txs)
        for t in txs.prefix(4) { findings += policy.evaluate([t]) }
        for f in findings {
            guard case .policy = f.code else { throw PropertyViolation("a policy finding with a code of another family: \(f.code)") }
            try require(f.severity >= .high, "a policy finding below high: \(f.code)")
            try require((try? JSONValue.parse(f.jsonValue.compact)) == f.jsonValue, "a finding's JSON does not parse back to itself")
        }
    }
}
