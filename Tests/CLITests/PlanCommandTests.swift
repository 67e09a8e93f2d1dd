import Foundation
import TestSupport
import Testing

/// `ballast plan schema | check | build` as a process: outputs, formats, errors, files.
@Suite struct PlanCommandTests {
    static let keyHex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let account = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
    static let executor = "0x1111111111111111111111111111111111111111"

    static func plan(actions: String, execution: String = #"{"mode":"executor","executor":"0x1111111111111111111111111111111111111111"}"#, extra: String = "") -> String {
        """
        {"version":1,"chainId":1,"account":"\(account)","execution":\(execution),"nonce":42,
         "fees":{"maxFeePerGas":"40gwei","maxPriorityFeePerGas":"1.5gwei"}\(extra.isEmpty ? "" : "," + extra),"actions":[\(actions)]}
        """
    }

    static let rebalance = #"""
        {"id":"rebalance-1","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"250000"}],"steps":[
          {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"250000"},
          {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"90"},
          {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"90","minAmountOut":"250200"}]}
        """#
    static let harvest = #"{"id":"harvest-1","kind":"harvest","protocol":"yearn-v3","target":"0x2222222222222222222222222222222222222222"}"#

    /// A scratch folder with `plan.json` and `key` (the folder lives as long as the value is used).
    struct Setup {
        let scratch: Scratch
        let plan: String
        let key: String
    }

    func setup(_ plan: String = plan(actions: rebalance + "," + harvest)) throws -> Setup {
        let s = try Scratch()
        return Setup(scratch: s, plan: try s.write("plan.json", plan, mode: 0o644), key: try s.write("key", Self.keyHex + "\n"))
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func schemaIsTheFile() throws {
        let r = try Wallet.run(["plan", "schema"])
        #expect(r.status == 0)
        let file = try String(contentsOf: Vectors.projectRoot.appendingPathComponent("docs/plan.schema.json"), encoding: .utf8)
        #expect(r.stdout == file)
    }

    @Test func checkText() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let plan = f.plan
        let r = try Wallet.run(["plan", "check", plan])
        #expect(r.status == 0 && r.stderr.isEmpty)
        #expect(r.stdout.contains("tx[0]  action rebalance-1  nonce 42  type 2  gas 1950000"))
        #expect(r.stdout.contains("tx[0].calls[0].calls[0].calls[4]  0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45  exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))"))
        #expect(r.stdout.contains("tx[1]  action harvest-1  nonce 43  type 2  gas 1040000"))
    }

    /// --fork osaka: an action's gas above 2^24 (EIP-7825) is refused at its path by check and
    /// build; the default rules (Prague) accept it.
    @Test func forkOsakaCapsGas() throws {
        let big = #"{"id":"harvest-1","kind":"harvest","protocol":"yearn-v3","target":"0x2222222222222222222222222222222222222222","gas":16777217}"#
        let f = try setup(Self.plan(actions: Self.rebalance + "," + big))
        defer { withExtendedLifetime(f) {} }
        #expect(try Wallet.run(["plan", "check", f.plan]).status == 0)
        #expect(try Wallet.run(["plan", "check", f.plan, "--fork", "osaka"]).status == 1)
        let r = try Wallet.run(["plan", "build", f.plan, "--private-key-file", f.key, "--fork", "osaka", "--json"])
        #expect(r.status == 1)
        let error = try #require(try json(r.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "gas_above_cap")
        #expect(error["at"] as? String == "actions[1].gas")
        let ok = try Wallet.run(["plan", "build", f.plan, "--private-key-file", f.key])
        #expect(ok.status == 0 && ok.stdout.split(separator: "\n").count == 2)
    }

    @Test func checkJSON() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let plan = f.plan
        let r = try Wallet.run(["plan", "check", plan, "--json"])
        #expect(r.status == 0)
        let o = try json(r.stdout)
        let txs = try #require(o["transactions"] as? [[String: Any]])
        try #require(txs.count == 2)
        #expect(txs[0]["nonce"] as? String == "42" && txs[0]["type"] as? Int == 2 && txs[0]["gas"] as? String == "1950000")
        #expect(txs[0]["to"] as? String == Self.executor && txs[0]["id"] as? String == "rebalance-1")
        #expect((txs[0]["data"] as? String)?.hasPrefix("0x3f707e6b") == true)
        let top = try #require((txs[0]["calls"] as? [[String: Any]])?.first)
        #expect(top["path"] as? String == "tx[0].calls[0]" && top["function"] as? String == "execute((address,uint256,bytes)[])")
        let loan = try #require((top["calls"] as? [[String: Any]])?.first)
        #expect(loan["selector"] as? String == "0xab9c4b5d" && loan["to"] as? String == "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2")
        let inner = try #require(loan["calls"] as? [[String: Any]])
        #expect(inner.count == 6)
        #expect(inner[5]["path"] as? String == "tx[0].calls[0].calls[0].calls[5]")
        #expect(inner[5]["args"] as? [String] == ["0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2", "250125000000"])
    }

    @Test func checkReportsEveryProblem() throws {
        let bad = Self.plan(actions: #"""
            {"id":"a","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"usdc","amount":"1"}],"steps":[{"op":"teleport"}]},
            {"id":"a","kind":"bogus"}
            """#, execution: #"{"mode":"executor"}"#)
        let f = try setup(bad)
        defer { withExtendedLifetime(f) {} }
        let plan = f.plan
        let text = try Wallet.run(["plan", "check", plan])
        #expect(text.status == 1 && text.stdout.isEmpty)
        let lines = text.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(lines.count == 5)
        #expect(text.stderr.contains("(at actions[0].loans[0].token) [unknown_token]"))
        #expect(text.stderr.contains("(at actions[1].id) [duplicate_id]"))
        let j = try Wallet.run(["plan", "check", plan, "--json"])
        #expect(j.status == 1)
        let error = try #require(try json(j.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "missing_field" && error["at"] as? String == "execution.executor")
        let errors = try #require(error["errors"] as? [[String: Any]])
        #expect(errors.count == 5)
        #expect(Set(errors.compactMap { $0["at"] as? String }) == ["execution.executor", "actions[0].loans[0].token", "actions[0].steps[0].op", "actions[1].id", "actions[1].kind"])
    }

    @Test func buildRawFromFileAndStdin() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let (s, plan, key) = (f.scratch, f.plan, f.key)
        let r = try Wallet.run(["plan", "build", plan, "--private-key-file", key], secrets: [Self.keyHex])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("0x02f9") })
        let stdin = try Wallet.run(["plan", "build", "-", "--private-key-file", key], stdin: Data(try #require(s.read("plan.json")).utf8))
        #expect(stdin.stdout == r.stdout)
        // The environment variable is a key source too.
        let env = try Wallet.run(["plan", "build", plan], environment: ["BALLAST_PRIVATE_KEY": "0x" + Self.keyHex])
        #expect(env.stdout == r.stdout)
    }

    @Test func buildJSONLines() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let (plan, key) = (f.plan, f.key)
        let raw = try Wallet.run(["plan", "build", plan, "--private-key-file", key]).stdout.split(separator: "\n")
        let r = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--format", "jsonl"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        try #require(lines.count == 2)
        for (k, line) in lines.enumerated() {
            let o = try json(String(line))
            #expect(Set(o.keys) == ["id", "nonce", "hash", "from", "to", "type", "raw"])
            #expect(o["nonce"] as? String == String(42 + k) && o["type"] as? Int == 2)
            #expect(o["from"] as? String == Self.account && o["to"] as? String == Self.executor)
            #expect(o["raw"] as? String == String(raw[k]))
            let hash = try Wallet.run(["keccak", String(raw[k])]).stdout.trimmingCharacters(in: .newlines)
            #expect(o["hash"] as? String == hash)
        }
        #expect(try json(String(lines[0]))["id"] as? String == "rebalance-1")
    }

    @Test func buildBundle() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let (plan, key) = (f.plan, f.key)
        let raw = try Wallet.run(["plan", "build", plan, "--private-key-file", key]).stdout.split(separator: "\n").map(String.init)
        let r = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--format", "bundle", "--block", "19000000"])
        #expect(r.status == 0)
        let o = try json(r.stdout)
        #expect(o["jsonrpc"] as? String == "2.0" && o["id"] as? Int == 1 && o["method"] as? String == "eth_sendBundle")
        let params = try #require((o["params"] as? [[String: Any]])?.first)
        #expect(params["txs"] as? [String] == raw)
        #expect(params["blockNumber"] as? String == "0x121eac0")
        let missing = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--format", "bundle"])
        #expect(missing.status == 2 && missing.stdout.isEmpty)
    }

    @Test func buildSafeBatchNeedsNoKey() throws {
        let safePlan = Self.plan(actions: Self.harvest, execution: #"{"mode":"safe","safe":"0x4444444444444444444444444444444444444444"}"#)
        let f = try setup(safePlan)
        defer { withExtendedLifetime(f) {} }
        let (plan, key) = (f.plan, f.key)
        let r = try Wallet.run(["plan", "build", plan, "--created-at", "1700000000000", "--format", "safe"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try json(r.stdout)
        #expect(o["version"] as? String == "1.0" && o["chainId"] as? String == "1" && o["createdAt"] as? Int == 1_700_000_000_000)
        let meta = try #require(o["meta"] as? [String: Any])
        #expect((meta["checksum"] as? String)?.count == 66)
        #expect(meta["createdFromSafeAddress"] as? String == "0x4444444444444444444444444444444444444444")
        let txs = try #require(o["transactions"] as? [[String: Any]])
        #expect(txs.count == 1 && txs[0]["data"] as? String == "0x2606a10b")
        // The default format of a safe-mode plan is the batch; raw is refused.
        #expect(try Wallet.run(["plan", "build", plan, "--created-at", "1700000000000"]).stdout == r.stdout)
        let raw = try Wallet.run(["plan", "build", plan, "--format", "raw", "--private-key-file", key])
        #expect(raw.status == 1 && raw.stderr.contains("safe_mode_format"))
        // --format safe for another mode is refused.
        let g = try setup()
        defer { withExtendedLifetime(g) {} }
        let execPlan = g.plan
        let wrong = try Wallet.run(["plan", "build", execPlan, "--format", "safe", "--private-key-file", key])
        #expect(wrong.status == 1 && wrong.stderr.contains("format_needs_safe_mode"))
    }

    @Test func wrongKeyAndMissingKey() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let (s, plan) = (f.scratch, f.plan)
        let other = try s.write("other", String(repeating: "0", count: 63) + "1")
        let r = try Wallet.run(["plan", "build", plan, "--private-key-file", other, "--json"])
        #expect(r.status == 1)
        let error = try #require(try json(r.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "wrong_key" && error["at"] as? String == "account")
        let none = try Wallet.run(["plan", "build", plan])
        #expect(none.status == 2 && none.stdout.isEmpty && none.stderr.contains("no key given"))
    }

    @Test func outFileIsAtomic() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let (s, plan, key) = (f.scratch, f.plan, f.key)
        let out = s.path("txs.txt")
        let r = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--out", out])
        #expect(r.status == 0 && r.stdout.isEmpty)
        let written = try #require(s.read("txs.txt"))
        #expect(written.split(separator: "\n").count == 2)
        // On any error nothing is written, and the existing file is left as it was.
        let other = try s.write("other", String(repeating: "0", count: 63) + "1")
        let fail = try Wallet.run(["plan", "build", plan, "--private-key-file", other, "--out", out])
        #expect(fail.status == 1)
        #expect(s.read("txs.txt") == written)
        let fresh = s.path("fresh.txt")
        _ = try Wallet.run(["plan", "build", plan, "--private-key-file", other, "--out", fresh])
        #expect(!s.exists("fresh.txt"))
        #expect(s.entries() == ["key", "other", "plan.json", "txs.txt"])
    }

    /// A plan longer than the spill buffer's memory part and than one signing piece: stdout and
    /// `--out` give the same lines, in nonce order, for raw and jsonl, and the spill file is
    /// not left anywhere.
    @Test func longPlanStreamsTheSameLinesToStdoutAndOut() throws {
        let count = 600
        let actions = (0..<count).map { #"{"id":"h\#($0)","kind":"harvest","protocol":"beefy","target":"0x2222222222222222222222222222222222222222"}"# }
        let f = try setup(Self.plan(actions: actions.joined(separator: ",")))
        defer { withExtendedLifetime(f) {} }
        let (s, plan, key) = (f.scratch, f.plan, f.key)
        for format in ["raw", "jsonl"] {
            let r = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--format", format])
            #expect(r.status == 0 && r.stderr.isEmpty)
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.count == count)
            if format == "jsonl" {
                for (k, line) in lines.enumerated() where k % 97 == 0 || k == count - 1 {
                    let o = try json(String(line))
                    #expect(o["id"] as? String == "h\(k)" && o["nonce"] as? String == String(42 + k))
                }
            } else {
                #expect(lines.allSatisfy { $0.hasPrefix("0x02") })
            }
            let out = s.path("out-\(format).txt")
            let written = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--format", format, "--out", out])
            #expect(written.status == 0 && written.stdout.isEmpty)
            #expect(s.read("out-\(format).txt") == r.stdout)
        }
        #expect(s.entries() == ["key", "out-jsonl.txt", "out-raw.txt", "plan.json"])
    }

    @Test func policyWithoutVersionIsRefused() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let (s, plan, key) = (f.scratch, f.plan, f.key)
        let policy = try s.write("policy.json", "{}")
        let r = try Wallet.run(["plan", "build", plan, "--private-key-file", key, "--policy", policy])
        #expect(r.status == 1 && r.stdout.isEmpty && r.stderr.contains("policy_invalid"))
    }

    @Test func garbageInputsFailCleanly() throws {
        let f = try setup()
        defer { withExtendedLifetime(f) {} }
        let (s, key) = (f.scratch, f.key)
        for text in ["", "{", "[]", "null", #"{"version":1}"#, String(repeating: "[", count: 5000)] {
            let p = try s.write("g.json", text, mode: 0o644)
            let r = try Wallet.run(["plan", "check", p])
            #expect(r.status == 1 && r.stdout.isEmpty && !r.signaled)
            let b = try Wallet.run(["plan", "build", p, "--private-key-file", key])
            #expect(b.status == 1 && b.stdout.isEmpty)
        }
        let missing = try Wallet.run(["plan", "check", s.path("nope.json")])
        #expect(missing.status == 1 && missing.stderr.contains("file_unreadable"))
    }
}
