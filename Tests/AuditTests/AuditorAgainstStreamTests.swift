import Audit
import EthereumPrimitives
import Foundation
import Plan
import TestSupport
import Testing
import Transactions

/// `--against PLAN` compares each transaction as the input streams, with the plan packed into
/// `PlanExpectations`: the packed transactions are the compiled ones, and the streamed report
/// of `ballast audit` on thousands of transactions (a difference near the end, a missing or an
/// extra transaction) is the whole-batch report of `Auditor.audit(_:against:)`, byte for byte.
@Suite struct AuditorAgainstStreamTests {
    @Test func packedExpectationsAreTheCompiledTransactions() throws {
        for name in AF.signedExamples {
            let compiled = try AF.example(name).compile()
            let packed = PlanExpectations(compiled)
            #expect(packed.count == compiled.transactions.count, "\(name)")
            #expect(packed.chainId == compiled.plan.chainId)
            #expect(packed.account == compiled.plan.account)
            for (i, p) in compiled.transactions.enumerated() {
                #expect(packed[i] == ExpectedTransaction(p), "\(name) transaction \(i)")
            }
        }
    }

    @Test func packedExpectationsKeepValuesFeesAndCreations() throws {
        // A value, a legacy gas price, several actions: every field survives packing.
        let text = Self.plan(actions: 3, fees: #"{"gasPrice":"30gwei"}"#, value: "1.5ether")
        let compiled = try Plan(bytes: Array(text.utf8), options: PlanOptions(abiDirectory: AF.abiDirectory.path)).compile()
        let packed = PlanExpectations(compiled)
        #expect(packed.count == 3)
        for (i, p) in compiled.transactions.enumerated() {
            #expect(packed[i] == ExpectedTransaction(p))
            #expect(packed[i].value == UInt256(1_500_000_000_000_000_000))
            #expect(packed[i].gasPrice != nil)
        }
    }

    /// A plan of `actions` `call` actions (approve, each of its own amount), with the action at
    /// `changed` approving one more.
    static func plan(actions: Int, changed: Int? = nil, fees: String = #"{"maxFeePerGas":"40gwei","maxPriorityFeePerGas":"1gwei"}"#, value: String? = nil) -> String {
        var items: [String] = []
        for i in 0..<actions {
            let amount = 1_000_000 + i + (i == changed ? 1 : 0)
            let valueField = value.map { #","value":"\#($0)""# } ?? ""
            items.append(#"{"id":"approve-\#(i)","kind":"call","to":"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48","function":"function approve(address spender, uint256 value) returns (bool)","args":["0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2","\#(amount)"]\#(valueField)}"#)
        }
        return #"{"version":1,"chainId":1,"account":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","execution":{"mode":"eoa"},"nonce":0,"fees":\#(fees),"actions":[\#(items.joined(separator: ","))]}"#
    }

    @Test func streamedReportIsTheWholeBatchReport() throws {
        let n = 3_000
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-against-stream-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("dev.key").path
        #expect(FileManager.default.createFile(atPath: key, contents: Data(("0x" + AF.devKey + "\n").utf8), attributes: [.posixPermissions: 0o600]))
        func write(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        func build(_ plan: String) throws -> [String] {
            let r = try CLI.run(["plan", "build", plan, "--format", "jsonl", "--private-key-file", key])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").map(String.init)
        }
        let planPath = try write("plan.json", Self.plan(actions: n))
        // Allows one target the plan does not call: every transaction is a policy finding.
        let policyPath = try write("policy.json", #"{"version":1,"chainIds":[1],"targets":["0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2"]}"#)
        let lines = try build(planPath)
        let other = try build(try write("changed.json", Self.plan(actions: n, changed: n - 10)))
        #expect(lines.count == n && other.count == n)

        let plan = try Plan(bytes: Array(Data(contentsOf: URL(fileURLWithPath: planPath))), options: PlanOptions(abiDirectory: AF.abiDirectory.path))
        let compiled = try plan.compile()
        let auditor = try AF.auditor(plan: plan)
        let inputs: [(String, [String], [AnyFindingCode])] = [
            // The data of tx[n-10] differ; the last transaction is missing.
            ("changed-missing", Array(lines[..<(n - 10)]) + [other[n - 10]] + Array(lines[(n - 9)..<(n - 1)]), [.audit(.againstMismatch), .audit(.againstMissingTransaction)]),
            // One transaction too many (reusing the nonce of tx[n-10], with other data).
            ("extra", lines + [other[n - 10]], [.audit(.againstExtraTransaction), .audit(.nonceReused)]),
        ]
        for (name, input, codes) in inputs {
            let path = try write(name + ".jsonl", input.joined(separator: "\n") + "\n")
            let whole = auditor.audit(try AuditInputReader.read(Array(Data(contentsOf: URL(fileURLWithPath: path))), source: path), against: compiled)
            for code in codes { #expect(whole.findings.contains { $0.code == code }, "\(name): \(code)") }
            let json = try CLI.run(["audit", path, "--against", planPath, "--json"])
            #expect(json.status == 1, "\(name): \(json.stderr)")
            #expect(json.stderr.isEmpty)
            #expect(json.stdout == whole.jsonText() + "\n", "\(name): --json differs from the whole-batch report")
            let text = try CLI.run(["audit", path, "--against", planPath])
            #expect(text.status == 1)
            #expect(text.stdout == whole.textLines(failOn: .high).joined(separator: "\n") + "\n", "\(name): text differs from the whole-batch report")

            // The same lines in two inputs, and with a signing policy beside the plan: the same
            // report as one input (the policy's findings after the differences from the plan).
            let half = input.count / 2
            let first = try write(name + "-1.jsonl", input[..<half].joined(separator: "\n") + "\n")
            let second = try write(name + "-2.jsonl", input[half...].joined(separator: "\n") + "\n")
            let split = try CLI.run(["audit", first, second, "--against", planPath, "--json"])
            #expect(split.status == 1 && split.stdout == json.stdout, "\(name): two inputs differ from one")
            let withPolicy = try CLI.run(["audit", path, "--against", planPath, "--policy", policyPath, "--json"])
            let splitWithPolicy = try CLI.run(["audit", first, second, "--against", planPath, "--policy", policyPath, "--json"])
            #expect(withPolicy.status == 1 && withPolicy.stderr.isEmpty, "\(name): \(withPolicy.stderr)")
            #expect(splitWithPolicy.stdout == withPolicy.stdout, "\(name): two inputs differ from one with a policy")
            #expect(withPolicy.stdout.contains("\"policy_target_not_allowed\""), "\(name): the policy's findings are reported")
            #expect(withPolicy.stdout.hasPrefix(String(json.stdout.prefix(while: { $0 != "]" }))), "\(name): the transactions are the same with a policy")
        }
    }
}
