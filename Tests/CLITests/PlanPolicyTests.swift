import Foundation
import TestSupport
import Testing

/// `plan build --policy` and `plan check --policy` as a process: a plan that complies is signed
/// as without the policy; one that does not is refused whole (exit 1, nothing written, every
/// violation listed); an unusable policy file names its JSON path.
@Suite struct PlanPolicyTests {
    static let devKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

    static func example(_ relative: String) -> String {
        Vectors.projectRoot.appendingPathComponent(relative).path
    }

    static let demo = example("examples/demo.json")
    static let safeBatch = example("examples/safe-batch.json")
    static let treasury = example("examples/policy/treasury.json")
    static let harvestOnly = example("examples/policy/harvest-only.json")

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func callHiddenInABatchIsChecked() throws {
        // A `call` action to Multicall3 aggregate3 carrying usdc.transfer(0x5555…, 1).
        let s = try Scratch()
        let plan = try s.write("plan.json", """
            {"version":1,"chainId":1,"account":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","execution":{"mode":"eoa"},
             "nonce":0,"fees":{"maxFeePerGas":"30gwei","maxPriorityFeePerGas":"1gwei"},
             "actions":[{"id":"batch","kind":"call","to":"multicall3","gas":200000,
               "function":"function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)",
               "args":[[["0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",false,"0xa9059cbb00000000000000000000000055555555555555555555555555555555555555550000000000000000000000000000000000000000000000000000000000000001"]]]}]}
            """)
        let policy = try s.write("policy.json", #"{"version":1,"recipients":["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"]}"#)
        let r = try Wallet.run(["plan", "check", plan, "--policy", policy])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr.contains("(at tx[0].calls[0].calls[0]) [policy_recipient_not_allowed]"))
        let key = try s.write("key", Self.devKey + "\n")
        let b = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--policy", policy])
        #expect(b.status == 1 && b.stdout.isEmpty && b.stderr.contains("[policy_recipient_not_allowed]"))
    }

    @Test func compliantPlanIsSignedAsWithoutThePolicy() throws {
        let s = try Scratch()
        let key = try s.write("key", Self.devKey + "\n")
        let plain = try Wallet.run(["plan", "build", Self.demo, "--private-key-file", key])
        let checked = try Wallet.run(["plan", "build", Self.demo, "--private-key-file", key, "--policy", Self.treasury])
        #expect(plain.status == 0 && checked.status == 0 && checked.stderr.isEmpty)
        #expect(checked.stdout == plain.stdout && checked.stdout.split(separator: "\n").count == 2)
    }

    @Test func violatingPlanWritesNothing() throws {
        let s = try Scratch()
        let key = try s.write("key", Self.devKey + "\n")
        let out = s.path("txs.txt")
        let r = try Wallet.run(["plan", "build", Self.demo, "--private-key-file", key, "--out", out, "--policy", Self.harvestOnly])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(!s.exists("txs.txt") && s.entries() == ["key"])
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.last?.hasSuffix("nothing was signed [policy_violation]") == true)
        #expect(lines.contains { $0.hasPrefix("error: action \"rebalance-1\": targets: calls 0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2") && $0.contains("(at tx[0].calls[0].calls[0])") })
        #expect(lines.contains { $0.contains("maxTransactions") && $0.contains("(at tx[1])") })
        // An existing output file is left as it was.
        try s.write("txs.txt", "before\n")
        let again = try Wallet.run(["plan", "build", Self.demo, "--private-key-file", key, "--out", out, "--policy", Self.harvestOnly])
        #expect(again.status == 1 && s.read("txs.txt") == "before\n")
    }

    @Test func violationsAsJSON() throws {
        let s = try Scratch()
        let key = try s.write("key", Self.devKey + "\n")
        let r = try Wallet.run(["plan", "build", Self.demo, "--private-key-file", key, "--policy", Self.harvestOnly, "--json"])
        #expect(r.status == 1 && r.stderr.isEmpty)
        let error = try #require(try json(r.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "policy_violation")
        #expect((error["message"] as? String)?.contains("action \"rebalance-1\": ") == true)
        #expect(error["at"] as? String == "tx[0]")  // the rebalance needs more gas than maxGas
        let errors = try #require(error["errors"] as? [[String: Any]])
        #expect(errors.count > 3)
        #expect(errors.allSatisfy { ($0["code"] as? String)?.hasPrefix("policy_") == true && $0["severity"] as? String == "high" && $0["at"] != nil && $0["message"] != nil })
        #expect(errors.contains { $0["code"] as? String == "policy_too_many_transactions" && $0["at"] as? String == "tx[1]" })
    }

    @Test func policyIsReadBeforeTheKeyOrThePlan() throws {
        let s = try Scratch()
        let policy = try s.write("policy.json", #"{"version": 1, "targets": ["0x12"], "maxGas": "lots", "colour": 1}"#)
        // No key and a plan that does not exist: the policy is refused first.
        let r = try Wallet.run(["plan", "build", s.path("nope.json"), "--policy", policy])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr.contains("error: policy \(policy): not a 20-byte address") && r.stderr.contains("(at targets[0]) [invalid_address]"))
        #expect(r.stderr.contains("(at colour) [unknown_field]") && r.stderr.contains("(3 problems found in the policy) [policy_invalid]"))
        let j = try Wallet.run(["plan", "check", Self.demo, "--policy", policy, "--json"])
        let error = try #require(try json(j.stdout)["error"] as? [String: Any])
        #expect(j.status == 1 && error["code"] as? String == "policy_invalid" && error["at"] as? String == "targets[0]")
        #expect((error["errors"] as? [[String: Any]])?.map { $0["at"] as? String } == ["targets[0]", "maxGas", "colour"])
        let missing = try Wallet.run(["plan", "check", Self.demo, "--policy", s.path("none.json")])
        #expect(missing.status == 1 && missing.stderr.contains("file_unreadable"))
        let garbage = try s.write("garbage.json", "{\"version\":1,")
        let bad = try Wallet.run(["plan", "check", Self.demo, "--policy", garbage])
        #expect(bad.status == 1 && bad.stderr.contains("[invalid_json]"))
    }

    @Test func checkWithAPolicy() throws {
        let pass = try Wallet.run(["plan", "check", Self.demo, "--policy", Self.treasury])
        #expect(pass.status == 0 && pass.stdout.hasSuffix("policy \(Self.treasury): no violation\n"))
        let passJSON = try Wallet.run(["plan", "check", Self.demo, "--policy", Self.treasury, "--json"])
        let policy = try #require(try json(passJSON.stdout)["policy"] as? [String: Any])
        #expect(policy["file"] as? String == Self.treasury && (policy["violations"] as? [Any])?.isEmpty == true)
        let fail = try Wallet.run(["plan", "check", Self.demo, "--policy", Self.harvestOnly])
        #expect(fail.status == 1 && fail.stdout.isEmpty && fail.stderr.contains("[policy_violation]"))
    }

    /// In safe mode the batch's calls are checked, named `safe[i]` as `plan check` names them.
    @Test func safeBatchIsChecked() throws {
        let s = try Scratch()
        let out = s.path("batch.json")
        let r = try Wallet.run(["plan", "build", Self.safeBatch, "--out", out, "--policy", Self.treasury, "--created-at", "0", "--json"])
        #expect(r.status == 1 && !s.exists("batch.json"))
        let error = try #require(try json(r.stdout)["error"] as? [String: Any])
        let errors = try #require(error["errors"] as? [[String: Any]])
        #expect(errors.first?["at"] as? String == "safe[0]" && errors.first?["severity"] as? String == "critical")
        #expect(errors.contains { $0["code"] as? String == "policy_spender_not_allowed" && $0["at"] as? String == "safe[2]" })
        // A policy for the Safe lets the batch through.
        let policy = try s.write("safe-policy.json", #"{"version":1,"chainIds":[1],"accounts":["0x488967789C7D18397049133DE682f745Ed81EF93"],"maxValue":"1 ether"}"#)
        let ok = try Wallet.run(["plan", "build", Self.safeBatch, "--out", out, "--policy", policy, "--created-at", "0"])
        #expect(ok.status == 0 && s.exists("batch.json"))
    }
}
