import BallastJSON
import Foundation
import TestSupport
import Testing

/// `tx sign` against eth-account's signatures (vectors/tx.json, vectors/tx_batch.json), and its
/// all-or-nothing behaviour.
@Suite struct TxSignTests {
    /// Every vector of a type: its unsigned JSON, signed with its key (a 0600 key file), gives
    /// exactly eth-account's raw bytes.
    @Test(arguments: 0...4)
    func vectorsMatchEthAccount(type: Int) throws {
        let vectors = TxVectors.ofType(type)
        #expect(vectors.count >= 25)
        let scratch = try Scratch()
        for (i, v) in vectors.enumerated() {
            let key = try #require(v["key"]?.text)
            let keyFile = try scratch.write("key\(i)", key + "\n")
            var args = ["tx", "sign", "--private-key-file", keyFile]
            if TxTest.isUnprotected(v) { args.append("--allow-unprotected") }
            let r = try Wallet.run(args, secrets: [key], stdin: Data(TxTest.line(v).utf8))
            let name = v["name"]?.text ?? "?"
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout == (v["raw"]?.text ?? "") + "\n", "\(name)")
        }
    }

    /// 240 lines of every type signed with one key, with blank and CRLF lines mixed in: the output
    /// is eth-account's, in order, whatever the number of threads.
    @Test func batchMatchesEthAccountWithAnyJobs() throws {
        let text = try #require(TxVectors.batch["text"]?.text)
        let key = try #require(TxVectors.batch["key"]?.text)
        let raws = try #require(TxVectors.batch["raws"]?.arrayValue).compactMap(\.text)
        #expect(raws.count == 240)
        let expected = raws.joined(separator: "\n") + "\n"
        let scratch = try Scratch()
        let keyFile = try scratch.write("key", key)
        let input = try scratch.write("batch.jsonl", text, mode: 0o644)
        for jobs in [nil, "1", "2", "3", "16"] {
            var args = ["tx", "sign", "--private-key-file", keyFile, "--input", input]
            if let jobs { args += ["--jobs", jobs] }
            let r = try Wallet.run(args, secrets: [key])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout == expected, "\(args)")
        }
        // Standard input, and `--input -`.
        for extra in [[], ["--input", "-"]] {
            let r = try Wallet.run(["tx", "sign"] + extra, secrets: [key], stdin: Data(text.utf8), environment: ["BALLAST_PRIVATE_KEY": key])
            #expect(r.stdout == expected)
        }
        // --chain-id: some lines are on other chains; the first such line is named.
        let lines = try #require(TxVectors.batch["lines"]?.arrayValue).compactMap(\.text)
        let error = try Wallet.expectInvalid(
            ["tx", "sign", "--private-key-file", keyFile, "--input", input, "--chain-id", "8453"], secrets: [key], code: "chain_id_mismatch")
        let at = error["at"] as? String ?? ""
        #expect(at.hasPrefix("line ") && at.hasSuffix(": chainId"), "\(at)")
        #expect(lines.contains(String(at.dropFirst(5).prefix { $0 != ":" })))
    }

    /// A bad line 3 of 5: nothing is printed, the error names line 3 and the place in it.
    @Test func badLineStopsEverything() throws {
        let env = ["BALLAST_PRIVATE_KEY": TxTest.key1]
        let good = (0..<5).map { TxTest.goodLine(nonce: $0) }
        let cases: [(bad: String, code: String, at: String)] = [
            (#"{"chainId":1,"nonce":2,"to":"\#(TxTest.to)","gas":21000,"maxFeePerGas":"30000000000""#, "bad_json", "line 3: byte 113"),  // the end of the line
            (#"{"chainId":1,"to":"\#(TxTest.to)","gas":21000,"gasPrice":1}"#, "tx_json_missing_field", "line 3: nonce"),
            (#"{"chainId":1,"nonce":2,"to":"\#(TxTest.to)","gas":20999,"gasPrice":1}"#, "gas_below_intrinsic", "line 3: gas"),
            (#"{"chainId":1,"nonce":2,"to":"\#(TxTest.to)","gas":21000,"gasPrice":1,"gasLimit":5}"#, "tx_json_unknown_field", "line 3: gasLimit"),
            (#"{"chainId":1,"nonce":2,"to":"\#(TxTest.to)","gas":30000,"gasPrice":1,"accessList":[{"address":"0xABaBaBaBABabABabAbAbABAbABabababaBaBABaC"}]}"#,
             "tx_json_invalid_value", "line 3: accessList[0].address"),
            (#"{"type":2,"chainId":1,"nonce":2,"to":"\#(TxTest.to)","gas":21000,"gasPrice":1}"#, "tx_json_field_not_allowed", "line 3: gasPrice"),
            (#"{"chainId":1,"nonce":2,"to":"\#(TxTest.to)","gas":21000,"maxFeePerGas":1,"maxPriorityFeePerGas":2}"#, "priority_fee_above_max_fee", "line 3: maxPriorityFeePerGas"),
            (#"{"nonce":2,"to":"\#(TxTest.to)","gas":21000,"gasPrice":1}"#, "tx_unprotected", "line 3: chainId"),
            (#"{"chainId":1,"nonce":2,"to":"\#(TxTest.to)","gas":21000,"gasPrice":-1}"#, "tx_json_invalid_value", "line 3: gasPrice"),
            (#"{"chainId":1,"nonce":2,"gas":100000,"maxFeePerGas":1,"maxPriorityFeePerGas":1,"blobVersionedHashes":["0x01\#(String(repeating: "00", count: 31))"],"maxFeePerBlobGas":1}"#,
             "tx_missing_to", "line 3: to"),
            (#"[1,2]"#, "tx_json_invalid_value", "line 3: $"),
        ]
        for (bad, code, at) in cases {
            var lines = good
            lines[2] = bad
            lines[4] = #"{"oops""#  // a later bad line is not the one reported
            let input = TxTest.jsonl(lines)
            let r = try Wallet.run(["tx", "sign"], stdin: input, environment: env)
            #expect(r.status == 1 && r.stdout.isEmpty, "\(bad)")
            #expect(r.stderr.hasPrefix("error: line 3: "), "\(r.stderr)")
            let error = try Wallet.expectInvalid(["tx", "sign", "--jobs", "2"], stdin: input, environment: env, code: code)
            #expect(error["at"] as? String == at, "\(bad): \(error)")
            #expect((error["message"] as? String)?.hasPrefix("line 3: ") == true)
        }
        // Blank lines count in line numbers; they print nothing.
        let spaced = Data((good[0] + "\n\n   \n" + good[1] + "\r\n" + #"{"x":1}"# + "\n").utf8)
        let e = try Wallet.expectInvalid(["tx", "sign"], stdin: spaced, environment: env, code: "tx_json_unknown_field")
        #expect(e["at"] as? String == "line 5: x")
        let ok = try Wallet.run(["tx", "sign"], stdin: Data((good[0] + "\n\n   \n" + good[1] + "\r\n\n").utf8), environment: env)
        #expect(ok.status == 0 && ok.stdout.split(separator: "\n").count == 2)
        // A last line without a newline is read.
        let last = try Wallet.run(["tx", "sign"], stdin: Data((good[0] + "\n" + good[1]).utf8), environment: env)
        #expect(last.status == 0 && last.stdout.split(separator: "\n").count == 2)
    }

    /// In a batch of 240 signed in parallel, the first bad line is the one named, and nothing is printed.
    @Test func firstBadLineOfAParallelBatch() throws {
        let text = try #require(TxVectors.batch["text"]?.text)
        // Split on bytes: "\r\n" is one Character, so a String split on "\n" would merge lines.
        var lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        lines[199] = #"{"chainId":1}"#
        lines[150] = #"{"chainId":1,"nonce":0,"gas":1,"gasPrice":1,"to":null}"#
        lines[230] = "{"
        let input = Data(lines.joined(separator: "\n").utf8)
        for jobs in ["1", "2", "4"] {
            let error = try Wallet.expectInvalid(
                ["tx", "sign", "--jobs", jobs], stdin: input, environment: ["BALLAST_PRIVATE_KEY": TxTest.key1], code: "gas_below_intrinsic")
            #expect(error["at"] as? String == "line 151: gas")
        }
    }

    @Test func unprotectedNeedsTheFlag() throws {
        let env = ["BALLAST_PRIVATE_KEY": TxTest.key1]
        let line = Data(#"{"nonce":0,"to":"\#(TxTest.to)","gas":21000,"gasPrice":1}"#.utf8)
        try Wallet.expectInvalid(["tx", "sign"], stdin: line, environment: env, code: "tx_unprotected")
        let r = try Wallet.run(["tx", "sign", "--allow-unprotected"], stdin: line, environment: env)
        #expect(r.status == 0)
        let decoded = try Wallet.run(["tx", "decode", r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--json"])
        let obj = try #require(TxTest.object(decoded.stdout))
        #expect(obj["chainId"]?.isNull == true)
        #expect(["27", "28"].contains(obj["v"]?.text ?? ""))
        // A pre-EIP-155 line is valid on every chain, so --chain-id does not refuse it.
        #expect(try Wallet.run(["tx", "sign", "--allow-unprotected", "--chain-id", "5"], stdin: line, environment: env).stdout == r.stdout)
    }

    /// --fork osaka applies EIP-7825's gas cap (the default, Prague, has none); tx build too.
    @Test func forkOption() throws {
        let env = ["BALLAST_PRIVATE_KEY": TxTest.key1]
        let line = Data(#"{"chainId":1,"nonce":0,"to":"\#(TxTest.to)","gas":16777217,"maxFeePerGas":2,"maxPriorityFeePerGas":1}"#.utf8)
        #expect(try Wallet.run(["tx", "sign"], stdin: line, environment: env).status == 0)
        try Wallet.expectInvalid(["tx", "sign", "--fork", "osaka"], stdin: line, environment: env, code: "gas_above_cap")
        let r = try Wallet.run(["tx", "sign", "--fork", "osaka", "--json"], stdin: line, environment: env)
        #expect(r.stdout.contains("\"at\":\"line 1: gas\""), "\(r.stdout)")
        let build = ["tx", "build", "--chain-id", "1", "--nonce", "0", "--to", TxTest.to, "--gas-limit", "16777217", "--max-fee-per-gas", "2", "--max-priority-fee-per-gas", "1"]
        #expect(try Wallet.run(build, environment: env).status == 0)
        try Wallet.expectInvalid(build + ["--fork", "osaka"], environment: env, code: "gas_above_cap")
        #expect(try Wallet.run(["tx", "sign", "--fork", "frontier"], stdin: line, environment: env).status == 2)
    }

    @Test func emptyInputAndUsage() throws {
        let env = ["BALLAST_PRIVATE_KEY": TxTest.key1]
        for input in ["", "\n", "  \n\t\n"] {
            let r = try Wallet.run(["tx", "sign"], stdin: Data(input.utf8), environment: env)
            #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty)
        }
        try Wallet.expectUsage(["tx", "sign", "--jobs", "0"], environment: env)
        try Wallet.expectUsage(["tx", "sign"])  // no key
        let other = "0x" + String(repeating: "3c", count: 32)
        try Wallet.expectUsage(["tx", "sign", other], secrets: [other], environment: env)
        try Wallet.expectInvalid(["tx", "sign", "--input", "/nonexistent/x.jsonl"], environment: env, code: "file_unreadable")
        try Wallet.expectInvalid(["tx", "sign", "--chain-id", "x"], stdin: Data(), environment: env)
        // A bad input is reported before the key is read (no keystore password asked for nothing).
        try Wallet.expectInvalid(
            ["tx", "sign", "--private-key-file", "/nonexistent/key"], stdin: Data("{\n".utf8), code: "bad_json")
    }

    /// `wallet sign-auth` → a type-4 line of `tx sign` → `tx decode`: the authority recovered is
    /// the account that signed the authorization (eth-account's vectors), the sender is the signer.
    @Test func signAuthThenSignThenDecode() throws {
        let scratch = try Scratch()
        for (i, a) in TxVectors.authorizations.prefix(6).enumerated() {
            let key = try #require(a["key"]?.text)
            let keyFile = try scratch.write("auth\(i)", key)
            let auth = try Wallet.run(
                ["wallet", "sign-auth", "--chain-id", a["chainId"]?.text ?? "", "--address", a["address"]?.text ?? "",
                 "--nonce", a["nonce"]?.text ?? "", "--private-key-file", keyFile],
                secrets: [key])
            #expect(auth.status == 0, "\(auth.stderr)")
            let authObject = auth.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let line = #"{"chainId":131277322940537,"nonce":3,"to":"\#(TxTest.to)","gas":60000,"maxFeePerGas":"2000000000","maxPriorityFeePerGas":1,"authorizationList":[\#(authObject)]}"#
            let signed = try Wallet.run(["tx", "sign"], stdin: Data((line + "\n").utf8), environment: ["BALLAST_PRIVATE_KEY": TxTest.key1])
            #expect(signed.status == 0, "\(signed.stderr)")
            let raw = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(raw.hasPrefix("0x04"))
            let decoded = try #require(TxTest.object(try Wallet.run(["tx", "decode", raw, "--json"]).stdout))
            #expect(decoded["type"] == .number("4"))
            #expect(decoded["from"]?.text == TxTest.address1)
            let list = try #require(decoded["authorizationList"]?.arrayValue)
            #expect(list.count == 1)
            #expect(list.first?["authority"]?.text == a["authority"]?.text)
            #expect(list.first?["chainId"]?.text == TxTest.decimal(a["chainId"]))
            #expect(list.first?["nonce"]?.text == TxTest.decimal(a["nonce"]))
            #expect(list.first?["yParity"] == .number(a["yParity"]?.text ?? "?"))
            #expect(list.first?["r"]?.text == a["r"]?.text)
            #expect(list.first?["s"]?.text == a["s"]?.text)
        }
    }
}
