import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Foundation
import FuzzDriver
import Plan

// `ballast audit` over arbitrary input never crashes: reading the lines, decoding every call tree
// (batches followed, the bundled ABIs known), the findings, the checks against a plan, and both
// renderings of the report; the JSON report always parses back.
//
// The first input byte picks how the rest is read:
//   bits 0-1  0: text lines (raw transactions as hex, jsonl objects)
//             1: text lines of calldata with a fixed `--to` (and `--value`, `--from`)
//             2: binary calldata, given as one hex line with the fixed `--to`
//             3: a binary raw transaction, given as one hex line
//   bit 2     audited `--against` the compiled examples/demo.json
//   bit 3     with `--to`: no `--from` (the sender unknown)
//   bits 4-7  with `--to`: `--value` in wei; the text report's `--fail-on` (modulo 5)
// Binary modes skip the hex layer so that mutations reach the call-tree decoder directly.

/// The repository root, from this file's place in it (Fuzz/Sources/FuzzAuditInput/main.swift).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let abiDirectory = root.appendingPathComponent("abi")

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("FuzzAuditInput setup: \(message)\n".utf8))
    exit(2)
}

func decoder(plan: Plan?) -> CallDecoder {
    var d = plan.map(CallDecoder.init(plan:)) ?? CallDecoder()
    d.followsBatches = true
    guard let book = try? SelectorBook(directory: abiDirectory) else { fail("cannot read \(abiDirectory.path)") }
    d.add(book)
    return d
}

let demo: (plan: Plan, compiled: CompiledPlan) = {
    guard let bytes = FileManager.default.contents(atPath: root.appendingPathComponent("examples/demo.json").path) else {
        fail("cannot read examples/demo.json")
    }
    do {
        let plan = try Plan(bytes: Array(bytes), options: PlanOptions(abiDirectory: abiDirectory.path))
        return (plan, try plan.compile())
    } catch {
        fail("examples/demo.json: \(error)")
    }
}()

let plain = Auditor(decoder: decoder(plan: nil))
let againstDemo = Auditor(decoder: decoder(plan: demo.plan))
// The demo's executor: nested execute / flash-loan calls decode as the plan's.
let calldataTo = (try? Address(hex: "0xB873ac2C343579C1B5F85704B5C2f359aB961953")) ?? .zero
let calldataFrom = (try? Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")) ?? .zero

runFuzzer { input in
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
    let report = (against ? againstDemo : plain).audit(lines, against: against ? demo.compiled : nil)
    let json = report.jsonValue.compact
    precondition((try? JSONValue.parse(json)) != nil, "the JSON report does not parse")
    _ = report.textLines(failOn: Severity(rawValue: Int(mode >> 4) % 5) ?? .high)
}
