import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Foundation
import FuzzDriver
import Plan
import Transactions

// Parsing a signing policy never crashes; a policy that parses is evaluated without crashing over
// fixed transactions: the compiled examples (executor, EIP-7702, Safe batch, EOA), the signed
// transactions of their expected builds (recovered senders and authorities), and bare calldata.
// The functions the policy names by signature are added to the decoder first, as `ballast audit
// --policy` does, so arbitrary signatures decode the examples' calldata too. Every finding is a
// `policy_` code of severity high or critical, and its JSON parses back.

/// The repository root, from this file's place in it (Fuzz/Sources/FuzzPolicy/main.swift).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let abiDirectory = root.appendingPathComponent("abi")

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("FuzzPolicy setup: \(message)\n".utf8))
    exit(2)
}

func read(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { fail("cannot read \(path)") }
    return Array(data)
}

guard let book = try? SelectorBook(directory: abiDirectory) else { fail("cannot read \(abiDirectory.path)") }

/// One example: its compiled plan, the decoder `ballast audit --against` would use, and the
/// signed transactions of its expected build.
struct Example {
    let compiled: CompiledPlan
    let decoder: CallDecoder
    let signed: [SignedTransaction]
}

let examples: [Example] = ["demo", "eip7702-batch", "safe-batch", "eoa-simple", "aave-collateral-swap"].map { name in
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
        return Example(compiled: try plan.compile(), decoder: decoder, signed: signed)
    } catch {
        fail("\(name): \(error)")
    }
}

/// Bare calldata (no type, chain or nonce): the demo's first call, sent by an unknown sender.
let bareTo = (try? Address(hex: "0xB873ac2C343579C1B5F85704B5C2f359aB961953")) ?? .zero

func transactions(_ decoder: (Example) -> CallDecoder) -> [AuditedTransaction] {
    var out: [AuditedTransaction] = []
    for e in examples {
        let d = decoder(e)
        for var t in e.compiled.auditedTransactions(decoder: d) {
            t.index = out.count
            out.append(t)
        }
        for s in e.signed {
            out.append(AuditedTransaction(signed: s, index: out.count, decoder: d))
        }
    }
    if let first = examples.first?.signed.first {
        let data = first.transaction.input
        let d = decoder(examples[0])
        out.append(AuditedTransaction(
            index: out.count, to: bareTo, value: .zero, data: data,
            calls: [d.decode(to: bareTo, value: .zero, data: data, path: "tx[\(out.count)].calls[0]")]))
    }
    return out
}

let fixed = transactions(\.decoder)
precondition(fixed.count > 10, "too few fixed transactions")

runFuzzer { input in
    guard let policy = try? SigningPolicy.parse(Array(input)) else { return }
    let definitions = policy.functionDefinitions
    let txs = definitions.isEmpty ? fixed : transactions { e in
        var d = e.decoder
        d.add(definitions)
        return d
    }
    // The whole set at once (totals, transaction counts), then one transaction at a time.
    var findings = policy.evaluate(txs)
    for t in txs.prefix(4) { findings += policy.evaluate([t]) }
    for f in findings {
        precondition(f.code.hasPrefix("policy_"), "a policy finding without the policy_ prefix: \(f.code)")
        precondition(f.severity >= .high, "a policy finding below high: \(f.code)")
        precondition((try? JSONValue.parse(f.jsonValue.compact)) != nil, "a finding's JSON does not parse")
    }
}
