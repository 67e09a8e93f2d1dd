import BallastJSON
import Foundation
import TestSupport
import Testing

/// `tx build`: flags → the same bytes eth-account signs (vectors/tx.json).
@Suite struct TxBuildTests {
    /// The flags that describe an unsigned vector.
    static func flags(_ vector: JSONValue) -> [String] {
        guard let members = vector["unsigned"]?.members else { return [] }
        var args: [String] = []
        var hasTo = false
        for (key, value) in members where !value.isNull {
            switch key {
            case "type": args += ["--type", value.text ?? ""]
            case "chainId": args += ["--chain-id", value.text ?? ""]
            case "nonce": args += ["--nonce", value.text ?? ""]
            case "to": args += ["--to", value.text ?? ""]; hasTo = true
            case "value": args += ["--value", value.text ?? ""]
            case "input": args += ["--data", value.text ?? ""]
            case "data": if vector["unsigned"]?["input"] == nil { args += ["--data", value.text ?? ""] }
            case "gas": args += ["--gas-limit", value.text ?? ""]
            case "gasPrice": args += ["--gas-price", value.text ?? ""]
            case "maxFeePerGas": args += ["--max-fee-per-gas", value.text ?? ""]
            case "maxPriorityFeePerGas": args += ["--max-priority-fee-per-gas", value.text ?? ""]
            case "maxFeePerBlobGas": args += ["--max-fee-per-blob-gas", value.text ?? ""]
            case "accessList": args += ["--access-list", value.compact]
            case "blobVersionedHashes": for h in value.arrayValue ?? [] { args += ["--blob-hash", h.text ?? ""] }
            case "authorizationList": for a in value.arrayValue ?? [] { args += ["--auth", a.compact] }
            default: args += ["--unknown-field-\(key)"]
            }
        }
        if !hasTo { args.append("--create") }
        if TxTest.isUnprotected(vector) { args.append("--allow-unprotected") }
        return args
    }

    /// Every vector of a type, rebuilt from flags, gives eth-account's raw bytes; with --json, its
    /// hash and sender too.
    @Test(arguments: 0...4)
    func reproducesVectors(type: Int) throws {
        let scratch = try Scratch()
        var built = 0
        var creations = 0
        for (i, v) in TxVectors.ofType(type).enumerated() {
            let key = try #require(v["key"]?.text)
            let keyFile = try scratch.write("key\(i)", key)
            let args = ["tx", "build"] + Self.flags(v) + ["--private-key-file", keyFile]
            let r = try Wallet.run(args, secrets: [key])
            let name = v["name"]?.text ?? "?"
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout == (v["raw"]?.text ?? "") + "\n", "\(name)")
            if i % 5 == 0 {
                let j = try #require(TxTest.object(try Wallet.run(args + ["--json"], secrets: [key]).stdout))
                #expect(j["raw"]?.text == v["raw"]?.text)
                #expect(j["hash"]?.text == v["hash"]?.text)
                #expect(j["from"]?.text == v["sender"]?.text)
            }
            built += 1
            if args.contains("--create") { creations += 1 }
        }
        #expect(built >= 25)
        if type <= 2 { #expect(creations > 0, "type \(type): no contract creation among the vectors") }
    }

    /// --sig with positional arguments or --args-json gives the same transaction as --data with
    /// the calldata eth-abi encodes for transfer(0x1111…1111, 1000000).
    @Test func signatureAndArguments() throws {
        let env = ["BALLAST_PRIVATE_KEY": TxTest.key1]
        let calldata = "0xa9059cbb" + "0000000000000000000000001111111111111111111111111111111111111111"
            + "00000000000000000000000000000000000000000000000000000000000f4240"
        let base = ["tx", "build", "--chain-id", "1", "--nonce", "7", "--to", TxTest.to, "--gas-limit", "60000",
                    "--max-fee-per-gas", "30gwei", "--max-priority-fee-per-gas", "1gwei"]
        let withData = try Wallet.run(base + ["--data", calldata], environment: env)
        #expect(withData.status == 0, "\(withData.stderr)")
        let positional = try Wallet.run(
            base + ["--sig", "transfer(address,uint256)", "0x1111111111111111111111111111111111111111", "1000000"], environment: env)
        #expect(positional.stdout == withData.stdout, "\(positional.stderr)")
        let argsFirst = try Wallet.run(
            ["tx", "build", "--sig", "function transfer(address to, uint256 amount)", "0x1111111111111111111111111111111111111111", "0xf4240"]
                + Array(base.dropFirst(2)), environment: env)
        #expect(argsFirst.stdout == withData.stdout, "\(argsFirst.stderr)")
        let json = try Wallet.run(
            base + ["--sig", "transfer(address,uint256)", "--args-json", #"["0x1111111111111111111111111111111111111111","1000000"]"#],
            environment: env)
        #expect(json.stdout == withData.stdout, "\(json.stderr)")
        // Negative numbers are arguments, not options.
        let negative = try Wallet.run(base + ["--sig", "f(int256)", "-5"], environment: env)
        #expect(negative.status == 0, "\(negative.stderr)")
        // ABI errors are located at --sig.
        let wrongCount = try Wallet.expectInvalid(base + ["--sig", "transfer(address,uint256)", "0x11"], environment: env)
        #expect((wrongCount["at"] as? String)?.hasPrefix("--sig") == true || (wrongCount["message"] as? String)?.hasPrefix("--sig") == true)
    }

    /// Units, --unsigned (no key needed) and its output fed back to `tx sign`.
    @Test func unitsAndUnsigned() throws {
        let args = ["tx", "build", "--chain-id", "1", "--nonce", "0x10", "--to", TxTest.to, "--gas-limit", "21000",
                    "--max-fee-per-gas", "30 gwei", "--max-priority-fee-per-gas", "1.5gwei", "--value", "1.5ether"]
        let unsigned = try Wallet.run(args + ["--unsigned"])
        #expect(unsigned.status == 0, "\(unsigned.stderr)")
        let obj = try #require(TxTest.object(unsigned.stdout))
        #expect(obj["type"] == .number("2"))
        #expect(obj["nonce"]?.text == "16")
        #expect(obj["value"]?.text == "1500000000000000000")
        #expect(obj["maxFeePerGas"]?.text == "30000000000")
        #expect(obj["maxPriorityFeePerGas"]?.text == "1500000000")
        #expect(obj["gas"]?.text == "21000")
        #expect(obj["r"] == nil && obj["from"] == nil)
        let env = ["BALLAST_PRIVATE_KEY": TxTest.key1]
        let signed = try Wallet.run(args, environment: env)
        let viaSign = try Wallet.run(["tx", "sign"], stdin: Data(unsigned.stdout.utf8), environment: env)
        #expect(signed.status == 0 && viaSign.stdout == signed.stdout)
        // The same in plain wei and hex.
        let plain = try Wallet.run(
            ["tx", "build", "--chain-id", "0x1", "--nonce", "16", "--to", TxTest.to.uppercased().replacingOccurrences(of: "0X", with: "0x"),
             "--gas-limit", "0x5208", "--max-fee-per-gas", "30000000000", "--max-priority-fee-per-gas", "0x59682f00",
             "--value", "1500000000000000000wei"], environment: env)
        #expect(plain.stdout == signed.stdout, "\(plain.stderr)")
        // Type 0 inferred from --gas-price; an explicit --type 1 with the same fields.
        let legacy = try #require(TxTest.object(try Wallet.run(
            ["tx", "build", "--chain-id", "1", "--nonce", "0", "--to", TxTest.to, "--gas-limit", "21000", "--gas-price", "2gwei", "--unsigned"]).stdout))
        #expect(legacy["type"] == .number("0") && legacy["gasPrice"]?.text == "2000000000")
        let typed1 = try #require(TxTest.object(try Wallet.run(
            ["tx", "build", "--type", "1", "--chain-id", "1", "--nonce", "0", "--to", TxTest.to, "--gas-limit", "21000", "--gas-price", "2gwei", "--unsigned"]).stdout))
        #expect(typed1["type"] == .number("1") && typed1["accessList"] == .array([]))
    }

    @Test func refusals() throws {
        let env = ["BALLAST_PRIVATE_KEY": TxTest.key1]
        let base = ["tx", "build", "--chain-id", "1", "--nonce", "0", "--to", TxTest.to]
        let cases: [([String], String, String)] = [
            (base + ["--gas-limit", "21000", "--gas-price", "1", "--data", "0x00"], "gas_below_intrinsic", "--gas-limit"),
            (["tx", "build", "--chain-id", "1", "--nonce", "0", "--create", "--gas-limit", "53000", "--gas-price", "1", "--data", "0x6000"],
             "gas_below_intrinsic", "--gas-limit"),
            (base + ["--gas-limit", "21000", "--max-fee-per-gas", "1", "--max-priority-fee-per-gas", "1", "--gas-price", "1"],
             "tx_json_field_not_allowed", "--gas-price"),
            (base + ["--gas-price", "1"], "tx_json_missing_field", "--gas-limit"),
            (["tx", "build", "--nonce", "0", "--to", TxTest.to, "--gas-limit", "21000", "--max-fee-per-gas", "1", "--max-priority-fee-per-gas", "1"],
             "tx_json_missing_field", "--chain-id"),
            (["tx", "build", "--nonce", "0", "--to", TxTest.to, "--gas-limit", "21000", "--gas-price", "1"], "tx_unprotected", "--chain-id"),
            (base + ["--gas-limit", "21000", "--gas-price", "1", "--value", "1.5eth"], "amount_unknown_unit", "--value offset 3"),
            (base + ["--gas-limit", "21000", "--gas-price", "1", "--value", "0.1wei"], "amount_fractional_wei", "--value offset 2"),
            (base + ["--gas-limit", "21000", "--gas-price", "1", "--data", "0x123"], "hex_odd_length", "--data"),
            (base + ["--gas-limit", "30000", "--gas-price", "1", "--access-list", "[{"], "bad_json", "--access-list byte 2"),
            (base + ["--gas-limit", "30000", "--gas-price", "1", "--access-list", #"[{"address":"0x12"}]"#], "tx_json_invalid_value", "--access-list[0].address"),
            (base + ["--gas-limit", "60000", "--max-fee-per-gas", "1", "--max-priority-fee-per-gas", "1",
                     "--auth", #"{"chainId":"0x1","address":"\#(TxTest.to)","nonce":"0x0","yParity":"0x0","r":"0x1"}"#],
             "tx_json_missing_field", "--auth[0].s"),
            (base + ["--gas-limit", "60000", "--max-fee-per-gas", "1", "--max-priority-fee-per-gas", "1", "--max-fee-per-blob-gas", "1",
                     "--blob-hash", "0x02" + String(repeating: "00", count: 31)], "tx_invalid_blob_hash_version", "--blob-hash[0]"),
            (["tx", "build", "--chain-id", "1", "--nonce", "0", "--create", "--gas-limit", "60000", "--max-fee-per-gas", "1",
              "--max-priority-fee-per-gas", "1", "--max-fee-per-blob-gas", "1", "--blob-hash", "0x01" + String(repeating: "00", count: 31)],
             "tx_missing_to", "--to"),
            (base + ["--gas-limit", "21000", "--max-fee-per-gas", "1", "--max-priority-fee-per-gas", "2"], "priority_fee_above_max_fee", "--max-priority-fee-per-gas"),
            (base + ["--type", "5", "--gas-limit", "21000", "--gas-price", "1"], "tx_json_invalid_value", "--type"),
            (base + ["--gas-limit", "18446744073709551616", "--gas-price", "1"], "tx_json_invalid_value", "--gas-limit"),
        ]
        for (args, code, at) in cases {
            let error = try Wallet.expectInvalid(args, secrets: [TxTest.key1], environment: env, code: code)
            #expect(error["at"] as? String == at, "\(args): \(error)")
            // The same refusal without a key when only printing the unsigned transaction.
            try Wallet.expectInvalid(args + ["--unsigned"], code: code)
        }
        // Usage errors (exit 2).
        let other = "0x" + String(repeating: "3c", count: 32)
        for args in [
            base + ["--create", "--gas-limit", "60000", "--gas-price", "1"],
            ["tx", "build", "--chain-id", "1", "--nonce", "0", "--gas-limit", "21000", "--gas-price", "1"],
            base + ["--gas-limit", "60000", "--gas-price", "1", "--data", "0x", "--sig", "f()"],
            base + ["--gas-limit", "60000", "--gas-price", "1", "--args-json", "[]"],
            base + ["--gas-limit", "60000", "--gas-price", "1", "--gas-limt", "5"],
            base + ["--gas-limit", "60000", "--gas-price", "1", other],
            base + ["--gas-limit", "60000", "--gas-price", "1", "--\(other.dropFirst(2))"],
        ] {
            try Wallet.expectUsage(args, secrets: [TxTest.key1, other], environment: env)
        }
        try Wallet.expectUsage(base + ["--gas-limit", "21000", "--gas-price", "1"], mentioning: "--private-key-file")  // no key
    }
}
