import Foundation
import TestSupport
import Testing

/// `ballast audit` as a process: inputs, the --json shape, --fail-on, --against, errors.
/// The transactions are the reference ones of vectors/plans (signed by eth-account).
@Suite struct AuditCommandTests {
    static func reference(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: Vectors.project("plans/\(name).expected.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["transactions"] as? [[String: Any]])
    }

    static func raws(_ name: String) throws -> [String] {
        try reference(name).map { try #require($0["raw"] as? String) }
    }

    /// `plan build --format jsonl` lines for the reference transactions.
    static func jsonl(_ name: String) throws -> String {
        try reference(name).map { t in
            let fields: [(String, Any)] = [
                ("id", t["id"] ?? ""), ("nonce", "\(t["nonce"] ?? "")"), ("hash", t["hash"] ?? ""), ("from", t["from"] ?? ""),
                ("to", t["to"] ?? NSNull()), ("type", t["type"] ?? 0), ("raw", t["raw"] ?? ""),
            ]
            let parts = try fields.map { k, v -> String in
                let value = try JSONSerialization.data(withJSONObject: v, options: .fragmentsAllowed)
                return "\"\(k)\":" + String(decoding: value, as: UTF8.self)
            }
            return "{" + parts.joined(separator: ",") + "}"
        }.joined(separator: "\n") + "\n"
    }

    static let examples = Vectors.projectRoot.appendingPathComponent("examples").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func jsonShape() throws {
        let s = try Scratch()
        let file = try s.write("demo.raw", try Self.raws("demo").joined(separator: "\n") + "\n")
        let r = try Wallet.run(["audit", file, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("}\n") && r.stdout.filter { $0 == "\n" }.count == 1)
        let report = try json(r.stdout)
        #expect(report["version"] as? Int == 1)
        let txs = try #require(report["transactions"] as? [[String: Any]])
        let reference = try Self.reference("demo")
        #expect(txs.count == reference.count)
        for (k, (tx, e)) in zip(txs, reference).enumerated() {
            for key in ["index", "hash", "from", "to", "type", "chainId", "nonce", "calls"] { #expect(tx[key] != nil, "\(key)") }
            #expect(tx["index"] as? Int == k)
            #expect(tx["hash"] as? String == e["hash"] as? String)
            #expect(tx["from"] as? String == e["from"] as? String)
            #expect(tx["to"] as? String == e["to"] as? String)
            #expect(tx["type"] as? Int == e["type"] as? Int)
            #expect(tx["chainId"] as? String == "1")
            #expect(tx["nonce"] as? String == e["nonce"].map { "\($0)" })
            let calls = try #require(tx["calls"] as? [[String: Any]])
            #expect(calls.count == 1)
            for key in ["path", "to", "value", "selector", "function", "args", "calls"] { #expect(calls[0][key] != nil, "call \(key)") }
            #expect(calls[0]["path"] as? String == "tx[\(k)].calls[0]")
            #expect(calls[0]["function"] as? String == "execute((address,uint256,bytes)[])")
        }
        let nested = try #require(((txs[0]["calls"] as? [[String: Any]])?[0]["calls"] as? [[String: Any]])?[0])
        #expect(nested["path"] as? String == "tx[0].calls[0].calls[0]")
        #expect((nested["calls"] as? [Any])?.count == 6)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for f in findings {
            #expect(Set(f.keys) == ["code", "severity", "path", "message"])
            #expect(f["severity"] as? String == "info")
        }
    }

    @Test func inlineStdinAndText() throws {
        let raws = try Self.raws("demo")
        let inline = try Wallet.run(["audit", raws[0], "--json"])
        #expect(inline.status == 0)
        #expect(((try json(inline.stdout))["transactions"] as? [Any])?.count == 1)

        let piped = try Wallet.run(["audit"], stdin: Data((raws.joined(separator: "\n\n") + "\n").utf8))
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("tx[1]  "))
        #expect(piped.stdout.contains("tx[0].calls[0].calls[0].calls[4]  0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45  exactInputSingle("))
        #expect(piped.stdout.contains("findings:"))
        #expect(piped.stdout.contains("PASS"))

        let dash = try Wallet.run(["audit", raws[0], "-", "--json"], stdin: Data(raws[1].utf8))
        #expect(((try json(dash.stdout))["transactions"] as? [[String: Any]])?.map { $0["index"] as? Int } == [0, 1])
    }

    @Test func jsonlAndAgainst() throws {
        let s = try Scratch()
        let file = try s.write("demo.jsonl", try Self.jsonl("demo"))
        let plan = Self.examples + "/demo.json"
        let r = try Wallet.run(["audit", file, "--against", plan, "--json"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let report = try json(r.stdout)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { ($0["code"] as? String)?.hasPrefix("against_") == false })
        #expect((report["transactions"] as? [[String: Any]])?.first?["id"] as? String == "rebalance-1")

        // The eoa-simple transactions are not the demo plan: critical differences, exit 1, report printed.
        let other = try s.write("other.raw", try Self.raws("eoa-simple").joined(separator: "\n"))
        let bad = try Wallet.run(["audit", other, "--against", plan, "--json"])
        #expect(bad.status == 1)
        let badFindings = try #require((try json(bad.stdout))["findings"] as? [[String: Any]])
        #expect(badFindings.contains { $0["code"] as? String == "against_mismatch" && $0["severity"] as? String == "critical" })
        #expect(badFindings.contains { $0["code"] as? String == "against_extra_transaction" })

        let safe = try Wallet.run(["audit", other, "--against", Self.examples + "/safe-batch.json"])
        #expect(safe.status == 1 && safe.stdout.isEmpty)
        #expect(safe.stderr.contains("[against_safe_mode]"))
    }

    @Test func failOn() throws {
        let raw = try Self.raws("eip7702-batch")[0]
        // Alone, its delegate is vouched for by nobody: critical.
        let alone = try Wallet.run(["audit", raw])
        #expect(alone.status == 1 && alone.stdout.contains("delegation_unknown_delegate"))
        #expect(try Wallet.run(["audit", raw, "--fail-on", "critical"]).status == 1)
        // With a policy that allows the delegate: a delegation (medium) and info findings.
        let delegate = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.examples + "/eip7702-batch.json"))) as? [String: Any])
        let executionDelegate = try #require((delegate["execution"] as? [String: Any])?["delegate"] as? String)
        let scratch = try Scratch()
        let policyFile = try scratch.write("policy.json", #"{"version":1,"delegates":["\#(executionDelegate)"],"unknownCalls":"allow"}"#)
        let raw0 = raw
        func run(_ extra: [String]) throws -> CLIResult { try Wallet.run(["audit", raw0, "--policy", policyFile] + extra) }
        let allowed = try run([])
        #expect(allowed.status == 0, "\(allowed.stdout)")
        let medium = try run(["--fail-on", "medium"])
        #expect(medium.status == 1)
        #expect(medium.stdout.contains("delegation") && medium.stdout.contains("FAIL"))
        let info = try run(["--fail-on", "info", "--json"])
        #expect(info.status == 1)
        #expect((try json(info.stdout))["findings"] != nil)
        #expect(try run(["--fail-on", "critical"]).status == 0)
        let usage = try Wallet.run(["audit", raw, "--fail-on", "severe"])
        #expect(usage.status == 2 && usage.stdout.isEmpty)
    }

    @Test func badLinesAreErrorsWithNothingReported() throws {
        let s = try Scratch()
        let raws = try Self.raws("demo")
        let file = try s.write("bad.raw", raws[0] + "\n\n0x02zz\n" + raws[1] + "\n")
        let text = try Wallet.run(["audit", file])
        #expect(text.status == 1)
        #expect(text.stdout.isEmpty)
        #expect(text.stderr.contains("line 3") && text.stderr.contains("bad.raw"))
        let j = try Wallet.run(["audit", file, "--json"])
        #expect(j.status == 1)
        let error = try #require((try json(j.stdout))["error"] as? [String: Any])
        #expect((error["at"] as? String)?.contains("line 3") == true)
        #expect(error["code"] as? String == "hex_invalid_character")

        // A transaction that does not decode names its byte.
        let truncated = try s.write("short.raw", String(raws[0].dropLast(4)) + "\n")
        let t = try Wallet.run(["audit", truncated, "--json"])
        #expect(t.status == 1)
        let at = try #require(((try json(t.stdout))["error"] as? [String: Any])?["at"] as? String)
        #expect(at.contains("line 1") && at.contains("byte"))

        let missing = try Wallet.run(["audit", s.path("nope.raw")])
        #expect(missing.status == 1 && missing.stdout.isEmpty)
        let jsonLine = try Wallet.run(["audit", "--json"], stdin: Data(#"{"id":"x"}"#.utf8))
        #expect(jsonLine.status == 1)
        #expect(((try json(jsonLine.stdout))["error"] as? [String: Any])?["code"] as? String == "missing_field")
    }

    @Test func calldataWithTo() throws {
        let usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
        let approveMax = "0x095ea7b3" + String(repeating: "0", count: 24) + "87870bca3f3fd6335c3f4ce8392d69350b4fa4e2" + String(repeating: "f", count: 64)
        let r = try Wallet.run(["audit", approveMax, "--to", usdc, "--json"])
        #expect(r.status == 0)
        let report = try json(r.stdout)
        let tx = try #require((report["transactions"] as? [[String: Any]])?.first)
        #expect(tx["hash"] is NSNull && tx["from"] is NSNull && tx["type"] is NSNull && tx["nonce"] is NSNull && tx["chainId"] is NSNull)
        #expect(tx["to"] as? String == usdc)
        #expect((report["findings"] as? [[String: Any]])?.first?["code"] as? String == "unlimited_approval")
        #expect(try Wallet.run(["audit", approveMax, "--to", usdc, "--fail-on", "medium"]).status == 1)

        #expect(try Wallet.run(["audit", approveMax, "--value", "1"]).status == 2)
        let badTo = try Wallet.run(["audit", approveMax, "--to", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB4"])
        #expect(badTo.status == 1 && badTo.stdout.isEmpty)
    }

    @Test func extraABI() throws {
        let s = try Scratch()
        let abi = try s.write("frob.json", #"[{"type":"function","name":"frobnicate","inputs":[{"name":"level","type":"uint256"}],"outputs":[],"stateMutability":"nonpayable"}]"#)
        let sig = try Wallet.run(["sig", "frobnicate(uint256)"])
        let data = sig.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + String(repeating: "0", count: 63) + "7"
        let without = try Wallet.run(["audit", data, "--to", "0x5555555555555555555555555555555555555555", "--json"])
        #expect(without.stdout.contains("\"unknown_function\""))
        let with = try Wallet.run(["audit", data, "--to", "0x5555555555555555555555555555555555555555", "--abi", abi, "--json"])
        #expect(with.status == 0)
        #expect(with.stdout.contains("\"function\":\"frobnicate(uint256)\""))
        #expect(!with.stdout.contains("unknown_function"))
    }

    @Test func highFindingExitsOneWithTheReport() throws {
        // A pre-EIP-155 transaction (v = 27): replayable on every chain.
        let s = try Scratch()
        let key = try s.write("key", "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318\n")
        let signed = try Wallet.run(["tx", "sign", "--private-key-file", key, "--allow-unprotected"],
                                    stdin: Data(#"{"type":0,"nonce":0,"gasPrice":"1000000000","gas":21000,"to":"0x5555555555555555555555555555555555555555","value":"1"}"#.utf8))
        #expect(signed.status == 0, "\(signed.stderr)")
        let r = try Wallet.run(["audit", signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--json"])
        #expect(r.status == 1)
        let findings = try #require((try json(r.stdout))["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "legacy_without_chain_id" && $0["severity"] as? String == "high" })
        #expect(((try json(r.stdout))["transactions"] as? [[String: Any]])?.first?["chainId"] is NSNull)
    }

    /// --policy: the keeper policy passes the demo's transactions; the harvest-only one makes
    /// policy_… findings (high) that fail the run with the report printed; a bad policy is an error.
    @Test func policy() throws {
        let s = try Scratch()
        let file = try s.write("demo.raw", try Self.raws("demo").joined(separator: "\n") + "\n")
        let policies = Self.examples + "/policy/"
        let pass = try Wallet.run(["audit", file, "--json", "--policy", policies + "treasury.json"])
        #expect(pass.status == 0, "\(pass.stderr)")
        let passed = try json(pass.stdout)
        let codes = (passed["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(!codes.contains { $0.hasPrefix("policy_") })

        let fail = try Wallet.run(["audit", file, "--json", "--policy", policies + "harvest-only.json"])
        #expect(fail.status == 1)
        let failed = try json(fail.stdout)
        let findings = try #require(failed["findings"] as? [[String: Any]])
        let policyFindings = findings.filter { ($0["code"] as? String)?.hasPrefix("policy_") == true }
        #expect(!policyFindings.isEmpty)
        #expect(policyFindings.allSatisfy { ["high", "critical"].contains($0["severity"] as? String ?? "") })
        #expect(policyFindings.contains { $0["code"] as? String == "policy_too_many_transactions" && $0["path"] as? String == "tx[1]" })

        let bad = try s.write("bad.json", #"{"version":1,"targets":["0x12"]}"#)
        let refused = try Wallet.run(["audit", file, "--json", "--policy", bad])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("\"policy_invalid\"") && !refused.stdout.contains("\"transactions\""))
    }
}
