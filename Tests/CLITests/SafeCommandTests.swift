import Foundation
import TestSupport
import Testing

/// `plan build --format safe-tx`, `safe hash | sign | exec` and `audit` of the result: the
/// three-owner flow of the README, with the owner keys of vectors/safe.json.
@Suite struct SafeCommandTests {
    static let owners: [(key: String, address: String)] = {
        guard let doc = try? Vectors.json(Vectors.project("safe.json")) as? [String: Any],
              let list = doc["owners"] as? [[String: String]] else { return [] }
        return list.map { ($0["key"] ?? "", $0["address"] ?? "") }
    }()

    static func packedVector() -> [String: Any] {
        guard let doc = try? Vectors.json(Vectors.project("safe.json")) as? [String: Any],
              let list = doc["packed"] as? [[String: Any]] else { return [:] }
        return list[0]
    }

    /// A safe-mode plan (examples/safe-batch.json) with execution.safeNonce = 5, and the owners' key files.
    func setup(_ s: Scratch) throws -> String {
        let url = Vectors.projectRoot.appendingPathComponent("examples/safe-batch.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(
            of: #""safe": "0x488967789C7D18397049133DE682f745Ed81EF93" }"#,
            with: #""safe": "0x488967789C7D18397049133DE682f745Ed81EF93", "safeNonce": 5 }"#)
        #expect(text.contains("\"safeNonce\": 5"))
        for (i, o) in Self.owners.enumerated() { try s.write("owner\(i).key", o.key + "\n") }
        try s.write("executor.key", "0x" + String(repeating: "ab", count: 32) + "\n")
        return try s.write("plan.json", text)
    }

    func ok(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let r = try Wallet.run(args, secrets: Self.owners.map(\.key), sourceLocation: sourceLocation)
        #expect(r.status == 0, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    @Test func threeOwnerFlow() throws {
        #expect(Self.owners.count == 3)
        let s = try Scratch()
        let plan = try setup(s)
        let built = try ok(["plan", "build", plan, "--format", "safe-tx", "--out", s.path("tx.json")])
        #expect(built.stdout.isEmpty)
        #expect(built.stderr.contains("safeTxHash"))
        let hash = try ok(["safe", "hash", s.path("tx.json")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(built.stderr.contains(hash))
        #expect(hash.count == 66)
        let json = try ok(["safe", "hash", s.path("tx.json"), "--json"])
        let object = Wallet.object(json.stdout)
        #expect(object?["safeTxHash"] as? String == hash)
        #expect((object?["domainSeparator"] as? String)?.count == 66)

        // Owner 2 signs to a new file (0600), owner 0 in place; owner 0 again replaces.
        _ = try ok(["safe", "sign", s.path("tx.json"), "--private-key-file", s.path("owner2.key"), "--out", s.path("tx2.json")])
        #expect(s.mode("tx2.json") == 0o600)
        try Wallet.expectInvalid(["safe", "sign", s.path("tx2.json"), "--private-key-file", s.path("owner0.key"), "--out", s.path("tx2.json")], code: "file_exists")
        _ = try ok(["safe", "sign", s.path("tx2.json"), "--private-key-file", s.path("owner0.key"), "--out", s.path("tx2.json"), "--force"])
        let again = try ok(["safe", "sign", s.path("tx2.json"), "--private-key-file", s.path("owner0.key")])
        #expect(again.stdout == s.read("tx2.json"))
        let signed = Wallet.object(s.read("tx2.json") ?? "")
        #expect((signed?["signatures"] as? [Any])?.count == 2)
        #expect(signed?["nonce"] as? String == "5")
        #expect(signed?["operation"] as? Int == 1)
        try Wallet.expectInvalid(["safe", "sign", s.path("tx2.json"), "--private-key-file", s.path("owner1.key"), "--safe-tx-hash", "0x" + String(repeating: "00", count: 32)], code: "safe_hash_mismatch")

        let all = Self.owners.map(\.address).joined(separator: ",")
        let fees = ["--nonce", "0", "--gas-limit", "500000", "--max-fee-per-gas", "30gwei", "--max-priority-fee-per-gas", "1gwei"]
        let exec = try ok(["safe", "exec", s.path("tx2.json"), "--private-key-file", s.path("executor.key"), "--threshold", "2", "--owners", all, "--safe-tx-hash", hash] + fees)
        let raw = exec.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(raw.hasPrefix("0x02"))
        let decoded = Wallet.object(try ok(["tx", "decode", raw, "--json"]).stdout)
        #expect((decoded?["input"] as? String)?.hasPrefix("0x6a761202") == true)
        #expect(decoded?["to"] as? String == "0x488967789C7D18397049133DE682f745Ed81EF93")

        // Refusals: exit 1, nothing printed.
        try Wallet.expectInvalid(["safe", "exec", s.path("tx2.json"), "--private-key-file", s.path("executor.key"), "--threshold", "3"] + fees, code: "safe_threshold_not_met")
        try Wallet.expectInvalid(["safe", "exec", s.path("tx2.json"), "--private-key-file", s.path("executor.key"), "--owners", Self.owners[1].address] + fees, code: "safe_owner_not_listed")
        try Wallet.expectInvalid(["safe", "exec", s.path("tx.json"), "--private-key-file", s.path("executor.key")] + fees, code: "safe_no_signatures")
        try Wallet.expectInvalid(["safe", "exec", s.path("tx2.json"), "--private-key-file", s.path("executor.key"), "--chain-id", "10"] + fees, code: "safe_chain_mismatch")
        let stale = (s.read("tx2.json") ?? "").replacingOccurrences(of: #""nonce": "5""#, with: #""nonce": "6""#)
        try s.write("stale.json", stale)
        try Wallet.expectInvalid(["safe", "exec", s.path("stale.json"), "--private-key-file", s.path("executor.key")] + fees, code: "safe_signature_wrong_owner")
        try Wallet.expectUsage(["safe", "exec", s.path("tx2.json"), "--private-key-file", s.path("executor.key"), "--nonce", "0", "--gas-limit", "1"])

        // The audit names who signed, given the Safe's nonce; without it, it says it cannot.
        let audit = try Wallet.run(["audit", raw, "--safe-nonce", "5", "--json"])
        #expect(audit.status == 0 || audit.status == 1)
        let findings = (Wallet.object(audit.stdout)?["findings"] as? [[String: Any]]) ?? []
        let signers = findings.filter { $0["code"] as? String == "safe_signer" }.compactMap { $0["message"] as? String }
        for i in [0, 2] { #expect(signers.contains { $0.contains(Self.owners[i].address) && $0.contains("EIP-712") }, "\(signers)") }
        #expect(signers.contains { $0.contains(hash) })
        #expect(!findings.contains { ($0["code"] as? String)?.hasPrefix("safe_signature") == true })
        let txs = (Wallet.object(audit.stdout)?["transactions"] as? [[String: Any]]) ?? []
        let reports = (txs.first?["safeSignatures"] as? [[String: Any]]) ?? []
        #expect(reports.count == 1)
        #expect(reports.first?["safeTxHash"] as? String == hash)
        #expect(reports.first?["path"] as? String == "tx[0].calls[0]")
        let entries = (reports.first?["signatures"] as? [[String: Any]]) ?? []
        #expect(entries.compactMap { $0["owner"] as? String } == [Self.owners[0].address, Self.owners[2].address].sorted { $0.lowercased() < $1.lowercased() })
        #expect(entries.allSatisfy { $0["type"] as? String == "eip712" && $0["recovered"] as? Bool == true })
        let blind = Wallet.object(try Wallet.run(["audit", raw, "--json"]).stdout)?["findings"] as? [[String: Any]] ?? []
        #expect(blind.contains { $0["code"] as? String == "safe_signatures_unverified" })
        let wrongNonce = Wallet.object(try Wallet.run(["audit", raw, "--json", "--safe-nonce", "6"]).stdout)?["findings"] as? [[String: Any]] ?? []
        #expect(!wrongNonce.contains { ($0["message"] as? String)?.contains(Self.owners[0].address) == true })

        // The service proposal.
        let service = Wallet.object(try ok(["safe", "sign", s.path("tx2.json"), "--private-key-file", s.path("owner1.key"), "--format", "service"]).stdout)
        #expect(service?["contractTransactionHash"] as? String == hash)
        #expect((service?["signature"] as? String)?.count == 2 + 3 * 130)
        #expect(service?["safe"] as? String == "0x488967789C7D18397049133DE682f745Ed81EF93")
    }

    @Test func untrustedDelegateCallIsRefused() throws {
        let s = try Scratch()
        let plan = try setup(s)
        _ = try ok(["plan", "build", plan, "--format", "safe-tx", "--out", s.path("tx.json")])
        let text = (s.read("tx.json") ?? "").replacingOccurrences(
            of: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2", with: "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045")
        try s.write("evil.json", text)
        let key = ["--private-key-file", s.path("owner0.key")]
        try Wallet.expectInvalid(["safe", "sign", s.path("evil.json")] + key, code: "safe_untrusted_delegatecall")
        _ = try ok(["safe", "sign", s.path("evil.json"), "--multisend", "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045"] + key)
        let allowed = try ok(["safe", "sign", s.path("evil.json"), "--allow-delegatecall"] + key)
        #expect(allowed.stderr.contains("warning: DELEGATECALL"))
        try s.write("evil-signed.json", allowed.stdout)
        try Wallet.expectInvalid(["safe", "exec", s.path("evil-signed.json"), "--private-key-file", s.path("executor.key"),
                                  "--nonce", "0", "--gas-limit", "100000", "--gas-price", "1gwei"], code: "safe_untrusted_delegatecall")
    }

    /// The Safe batch policy of docs/policy.md ("More examples"), and the same with a lower value cap.
    static let batchPolicy = #"{"version":1,"chainIds":[1],"accounts":["0x488967789C7D18397049133DE682f745Ed81EF93"],"maxValue":"1 ether","maxTotalValue":"1 ether","approvals":{"maxAmount":"0xffffffffffffffffffffffffffffffff"},"recipients":["0x488967789C7D18397049133DE682f745Ed81EF93"]}"#

    @Test func policyChecksTheSafesCalls() throws {
        let s = try Scratch()
        let plan = try setup(s)
        _ = try ok(["plan", "build", plan, "--format", "safe-tx", "--out", s.path("tx.json")])
        try s.write("policy.json", Self.batchPolicy)
        try s.write("tight.json", Self.batchPolicy.replacingOccurrences(of: #""maxValue":"1 ether""#, with: #""maxValue":"0.5 ether""#))
        let key = ["--private-key-file", s.path("owner0.key")]
        _ = try ok(["safe", "sign", s.path("tx.json"), "--policy", s.path("policy.json")] + key)
        let e = try Wallet.expectInvalid(["safe", "sign", s.path("tx.json"), "--policy", s.path("tight.json")] + key, code: "policy_violation")
        #expect(e["at"] as? String == "safe[5]", "\(e)")
        let signed = try ok(["safe", "sign", s.path("tx.json")] + key)
        try s.write("signed.json", signed.stdout)
        try Wallet.expectInvalid(["safe", "exec", s.path("signed.json"), "--private-key-file", s.path("executor.key"), "--policy", s.path("tight.json"),
                                  "--nonce", "0", "--gas-limit", "900000", "--gas-price", "1gwei"], code: "policy_violation")
    }

    /// The policy's safeOwners and safeThreshold: sign only as a listed owner, execute only with
    /// enough listed owners' signatures.
    @Test func policyListsTheSafesOwners() throws {
        let s = try Scratch()
        let plan = try setup(s)
        _ = try ok(["plan", "build", plan, "--format", "safe-tx", "--out", s.path("tx.json")])
        let listed = Self.owners[0...1].map { "\"\($0.address)\"" }.joined(separator: ",")
        let rules = #","safeOwners":[\#(listed)],"safeThreshold":2}"#
        try s.write("owners.json", String(Self.batchPolicy.dropLast()) + rules)
        let policy = ["--policy", s.path("owners.json")]
        // Owner 2 is not listed: nothing signed.
        let refused = try Wallet.expectInvalid(["safe", "sign", s.path("tx.json"), "--private-key-file", s.path("owner2.key")] + policy, code: "safe_owner_not_listed")
        #expect(refused["at"] as? String == "safeOwners", "\(refused)")
        // Owners 0 and 1 sign; owner 2's signature (made without the policy) is refused at exec.
        let one = try ok(["safe", "sign", s.path("tx.json"), "--private-key-file", s.path("owner0.key")] + policy)
        try s.write("one.json", one.stdout)
        let exec = ["--private-key-file", s.path("executor.key"), "--nonce", "0", "--gas-limit", "900000", "--gas-price", "1gwei"] + policy
        try Wallet.expectInvalid(["safe", "exec", s.path("one.json")] + exec, code: "safe_threshold_not_met")
        let two = try ok(["safe", "sign", s.path("one.json"), "--private-key-file", s.path("owner1.key")] + policy)
        try s.write("two.json", two.stdout)
        _ = try ok(["safe", "exec", s.path("two.json")] + exec)
        let three = try ok(["safe", "sign", s.path("two.json"), "--private-key-file", s.path("owner2.key")])
        try s.write("three.json", three.stdout)
        try Wallet.expectInvalid(["safe", "exec", s.path("three.json")] + exec, code: "safe_owner_not_listed")
    }

    @Test func planBuildSafeTxNeedsSafeMode() throws {
        let url = Vectors.projectRoot.appendingPathComponent("examples/eoa-simple.json")
        try Wallet.expectInvalid(["plan", "build", url.path, "--format", "safe-tx"], code: "format_needs_safe_mode")
    }

    @Test func execOfTheVectorFileIsTheReferenceCalldata() throws {
        let s = try Scratch()
        let vector = Self.packedVector()
        guard let file = vector["file"], let calldata = vector["execTransaction"] as? String else {
            Issue.record("no packed vector")
            return
        }
        let data = try JSONSerialization.data(withJSONObject: file)
        try s.write("tx.json", data)
        try s.write("executor.key", "0x" + String(repeating: "cd", count: 32) + "\n")
        let r = try ok(["safe", "exec", s.path("tx.json"), "--private-key-file", s.path("executor.key"), "--threshold", "3",
                        "--nonce", "7", "--gas-limit", "300000", "--gas-price", "2gwei"])
        let decoded = Wallet.object(try ok(["tx", "decode", r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--json"]).stdout)
        #expect(decoded?["input"] as? String == calldata)
        #expect(decoded?["type"] as? Int == 0)
        #expect(decoded?["chainId"] as? String == "1")
    }
}
