import Foundation
import TestSupport
import Testing

/// `--format simulate`, `audit --emit-simulate` and `audit --simulation` as processes, on the
/// walk-through files of examples/simulate (their responses come from e2e/test_simulation.py's
/// chain, which checks they are its own execution).
@Suite struct SimulateCommandTests {
    /// eth-tester's first funded key (the walk-through's account).
    static let keyHex = "0x" + String(repeating: "0", count: 63) + "1"
    static let folder = Vectors.projectRoot.appendingPathComponent("examples/simulate").path
    static func example(_ name: String) -> String { folder + "/" + name }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The signed jsonl of a walk-through plan, in a scratch folder with the key.
    func build(_ s: Scratch, _ plan: String) throws -> (key: String, jsonl: String) {
        let key = try s.write("key.hex", Self.keyHex + "\n")
        let r = try Wallet.run(["plan", "build", Self.example(plan), "--private-key-file", key, "--format", "jsonl"], secrets: [Self.keyHex])
        #expect(r.status == 0, "\(r.stderr)")
        return (key, try s.write("txs.jsonl", r.stdout))
    }

    @Test func threeSourcesGiveTheSameRequest() throws {
        let s = try Scratch()
        let (key, jsonl) = try build(s, "harvest-swap.json")
        let plan = try Wallet.run(["plan", "build", Self.example("harvest-swap.json"), "--private-key-file", key, "--format", "simulate"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.hasPrefix(#"{"jsonrpc":"2.0","id":1,"method":"eth_simulateV1","params":[{"blockStateCalls":[{"calls":[{"from":"0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf","to":"#))
        #expect(plan.stdout.hasSuffix(#"}]}],"validation":true,"traceTransfers":true},"latest"]}"# + "\n"))
        let audit = try Wallet.run(["audit", jsonl, "--emit-simulate"])
        #expect(audit.status == 0 && audit.stdout == plan.stdout, "\(audit.stderr)")
        // tx sign over the same transactions (their JSON-RPC fields from the request).
        let request = try json(plan.stdout)
        let params = try #require(request["params"] as? [Any])
        let blocks = try #require((params[0] as? [String: Any])?["blockStateCalls"] as? [[String: Any]])
        let calls = try #require(blocks[0]["calls"] as? [[String: Any]])
        let lines = try calls.map { c -> String in
            var line = c
            line.removeValue(forKey: "from")
            line["chainId"] = "131277322940537"
            return String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self)
        }.reversed().joined(separator: "\n") + "\n"  // out of order: the request sorts by nonce
        let sign = try Wallet.run(["tx", "sign", "--private-key-file", key, "--format", "simulate"], stdin: Data(lines.utf8))
        #expect(sign.status == 0 && sign.stdout == plan.stdout, "\(sign.stderr)")
        // Without the flag, tx sign still prints raw lines.
        let raw = try Wallet.run(["tx", "sign", "--private-key-file", key], stdin: Data(lines.utf8))
        #expect(raw.status == 0 && raw.stdout.split(separator: "\n").count == 3)
    }

    @Test func emitSimulateNeedsSignedTransactions() throws {
        try Wallet.expectUsage(["audit", "0x095ea7b3", "--to", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "--emit-simulate"], mentioning: "signed transactions only")
        try Wallet.expectInvalid(["audit", "0x02f8", "--emit-simulate"])
    }

    @Test func goodPlanIsCleanWithNetChanges() throws {
        let s = try Scratch()
        let (_, jsonl) = try build(s, "harvest-swap.json")
        let r = try Wallet.run(["audit", jsonl, "--simulation", Self.example("harvest-swap.response.json"), "--against", Self.example("harvest-swap.json"), "--json"])
        #expect(r.status == 0, "\(r.stdout)")
        let report = try json(r.stdout)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.contains { ($0["code"] as? String)?.hasPrefix("simulation_") == true })
        let simulation = try #require(report["simulation"] as? [String: Any])
        let calls = try #require(simulation["calls"] as? [[String: Any]])
        #expect(calls.map { $0["status"] as? String } == ["success", "success", "success"])
        let changes = try #require(simulation["netChanges"] as? [[String: Any]])
        #expect(changes.map { $0["change"] as? String } == ["-100000000000000000000", "99000000000000000000"])
        let text = try Wallet.run(["audit", jsonl, "--simulation", Self.example("harvest-swap.response.json"), "--against", Self.example("harvest-swap.json")])
        #expect(text.status == 0 && text.stdout.contains("net balance changes:") && text.stdout.contains("+99000000000000000000  TKB"))
    }

    @Test func changedRecipientFails() throws {
        let s = try Scratch()
        let (_, jsonl) = try build(s, "harvest-swap-attacker.json")
        let r = try Wallet.run(["audit", jsonl, "--simulation", Self.example("harvest-swap-attacker.response.json"), "--against", Self.example("harvest-swap.json"), "--json"])
        #expect(r.status == 1)
        let findings = try #require(try json(r.stdout)["findings"] as? [[String: Any]])
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(codes.contains("simulation_unexpected_recipient") && codes.contains("simulation_swap_below_minimum"))
        let f = try #require(findings.first { $0["code"] as? String == "simulation_swap_below_minimum" })
        #expect(f["path"] as? String == "tx[2]" && f["severity"] as? String == "critical")
    }

    @Test func badResponsesAreErrorsWithTheirPath() throws {
        let s = try Scratch()
        let (_, jsonl) = try build(s, "harvest-swap.json")
        let good = try #require(String(data: try Data(contentsOf: URL(fileURLWithPath: Self.example("harvest-swap.response.json"))), encoding: .utf8))
        let cases: [(String, String, String)] = [
            (good.replacingOccurrences(of: #""status": "0x1""#, with: #""status": "0x01""#), "simulation_invalid", "result[0].calls[0].status"),
            (good.replacingOccurrences(of: #""jsonrpc": "2.0""#, with: #""jsonrpc": "1.0""#), "simulation_invalid", "jsonrpc"),
            ("{", "bad_json", "byte 1"),
        ]
        for (k, (text, code, at)) in cases.enumerated() {
            let file = try s.write("bad\(k).json", text)
            let e = try Wallet.expectInvalid(["audit", jsonl, "--simulation", file], code: code)
            #expect(e["at"] as? String == at, "\(e)")
        }
        // One call for three transactions.
        let one = try s.write("one.json", #"{"jsonrpc":"2.0","id":1,"result":[{"calls":[{"status":"0x1","returnData":"0x","gasUsed":"0x1","logs":[]}]}]}"#)
        try Wallet.expectInvalid(["audit", jsonl, "--simulation", one], code: "simulation_mismatch")
        try Wallet.expectInvalid(["audit", jsonl, "--simulation", s.path("missing.json")])
    }

    @Test func refusalIsCritical() throws {
        let s = try Scratch()
        let (_, jsonl) = try build(s, "harvest-swap.json")
        let file = try s.write("refused.json", #"{"jsonrpc":"2.0","id":1,"error":{"code":-38014,"message":"nonce too low: address 0x7E5F, tx: 0 state: 3"}}"#)
        let r = try Wallet.run(["audit", jsonl, "--simulation", file])
        #expect(r.status == 1 && r.stdout.contains("simulation_refused") && r.stdout.contains("nonce too low"))
    }

    @Test func usage() throws {
        try Wallet.expectUsage(["audit", "0x00", "--emit-simulate", "--simulation", "x.json"])
        try Wallet.expectUsage(["audit", "-", "--simulation", "-"])
    }
}
