import BallastJSON
import Foundation
import TestSupport
import Testing

/// `tx decode`: the `--json` contract ("Details that scripts rely on") checked field by field
/// against eth-account's vectors, strict rejection of every mutation in vectors/tx_bad.json, and
/// the blob network forms.
@Suite struct TxDecodeTests {
    /// The keys of the `--json` object of a type, in order.
    static func expectedKeys(type: Int) -> [String] {
        var keys = ["type", "chainId", "nonce", "to", "value", "input", "gas"]
        switch type {
        case 0, 1: keys.append("gasPrice")
        default: keys += ["maxPriorityFeePerGas", "maxFeePerGas"]
        }
        if type >= 1 { keys.append("accessList") }
        if type == 3 { keys += ["maxFeePerBlobGas", "blobVersionedHashes"] }
        if type == 4 { keys.append("authorizationList") }
        keys += type == 0 ? ["v"] : ["yParity"]
        return keys + ["r", "s", "from", "hash"]
    }

    @Test(arguments: 0...4)
    func jsonFieldsMatchTheContract(type: Int) throws {
        for v in TxVectors.ofType(type) {
            let name = v["name"]?.text ?? "?"
            let raw = try #require(v["raw"]?.text)
            let r = try CLI.run(["tx", "decode", raw, "--json"])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(name): \(r.stderr)")
            #expect(r.stdout.hasSuffix("}\n") && r.stdout.filter { $0 == "\n" }.count == 1)
            let obj = try #require(TxTest.object(r.stdout), "\(name)")
            let u = try #require(v["unsigned"])
            #expect(obj.members?.map(\.key) == Self.expectedKeys(type: type), "\(name)")
            // Numbers: type and yParity.
            #expect(obj["type"] == .number(String(type)), "\(name)")
            if type == 0 {
                #expect(obj["v"] == .string(v["v"]?.text ?? "?"), "\(name)")  // a decimal string
            } else {
                #expect(obj["yParity"] == .number(v["yParity"]?.text ?? "?"), "\(name)")
            }
            // r and s: 0x hex quantities (no leading zeros).
            for k in ["r", "s"] {
                let value = try #require(obj[k]?.text)
                #expect(value == v[k]?.text, "\(name) \(k)")
                #expect(value.hasPrefix("0x") && !value.hasPrefix("0x0") && value == value.lowercased(), "\(name) \(k)")
            }
            // chainId: null before EIP-155, else a decimal string.
            if TxTest.isUnprotected(v) {
                #expect(obj["chainId"] == .null, "\(name)")
            } else {
                #expect(obj["chainId"] == .string(TxTest.decimal(u["chainId"]) ?? "?"), "\(name)")
            }
            // Other quantities: decimal strings.
            let quantities = ["nonce": "nonce", "value": "value", "gas": "gas", "gasPrice": "gasPrice",
                              "maxFeePerGas": "maxFeePerGas", "maxPriorityFeePerGas": "maxPriorityFeePerGas",
                              "maxFeePerBlobGas": "maxFeePerBlobGas"]
            for (out, field) in quantities where obj[out] != nil {
                #expect(obj[out] == .string(TxTest.decimal(u[field] ?? .number("0")) ?? "?"), "\(name) \(out)")
            }
            // to: null for a creation, else checksummed.
            if let to = u["to"], !to.isNull {
                let printed = try #require(obj["to"]?.text)
                #expect(printed.lowercased() == to.text?.lowercased(), "\(name)")
                #expect(printed != printed.lowercased() || printed.dropFirst(2).allSatisfy(\.isNumber), "\(name): not checksummed")
            } else {
                #expect(obj["to"] == .null, "\(name)")
            }
            #expect(obj["input"]?.text == (u["input"] ?? u["data"])?.text?.lowercased(), "\(name)")
            #expect(obj["from"]?.text == v["sender"]?.text, "\(name)")
            #expect(obj["hash"]?.text == v["hash"]?.text, "\(name)")
            if type >= 1 {
                let list = try #require(obj["accessList"]?.arrayValue)
                let expected = u["accessList"]?.arrayValue ?? []
                #expect(list.count == expected.count, "\(name)")
                for (a, b) in zip(list, expected) {
                    #expect(a["address"]?.text?.lowercased() == b["address"]?.text?.lowercased())
                    #expect(a["storageKeys"]?.arrayValue?.compactMap(\.text) == b["storageKeys"]?.arrayValue?.compactMap { $0.text?.lowercased() })
                }
            }
            if type == 3 {
                #expect(obj["blobVersionedHashes"]?.arrayValue?.compactMap(\.text)
                    == u["blobVersionedHashes"]?.arrayValue?.compactMap { $0.text?.lowercased() }, "\(name)")
            }
            if type == 4 {
                let list = try #require(obj["authorizationList"]?.arrayValue)
                let expected = u["authorizationList"]?.arrayValue ?? []
                #expect(list.count == expected.count && !list.isEmpty, "\(name)")
                for (a, b) in zip(list, expected) {
                    #expect(a.members?.map(\.key) == ["chainId", "address", "nonce", "yParity", "r", "s", "authority"])
                    #expect(a["chainId"] == .string(TxTest.decimal(b["chainId"]) ?? "?"))
                    #expect(a["nonce"] == .string(TxTest.decimal(b["nonce"]) ?? "?"))
                    #expect(a["yParity"] == .number(TxTest.decimal(b["yParity"]) ?? "?"))
                    #expect(a["r"] == .string("0x" + (TxTest.hexQuantityDigits(b["r"]) ?? "?")))
                    #expect(a["s"] == .string("0x" + (TxTest.hexQuantityDigits(b["s"]) ?? "?")))
                    #expect(a["address"]?.text?.lowercased() == b["address"]?.text?.lowercased())
                    #expect(a["authority"]?.text != nil)
                }
            }
        }
    }

    /// Every mutation of vectors/tx_bad.json: exit 1, nothing on stdout, an error with the
    /// expected code that names the field.
    @Test(arguments: 0..<4)
    func badRawTransactions(part: Int) throws {
        let cases = TxVectors.bad.enumerated().filter { $0.offset % 4 == part }.map(\.element)
        #expect(cases.count > 50)
        for (i, c) in cases.enumerated() {
            let name = c["name"]?.text ?? "?"
            let raw = try #require(c["raw"]?.text)
            let code = try #require(c["code"]?.text)
            let j = try CLI.run(["tx", "decode", raw, "--json"])
            #expect(!j.signaled && j.status == 1, "\(name)")
            let error = try #require(Wallet.errorObject(j.stdout), "\(name): \(j.stdout)")
            #expect(error["code"] as? String == code, "\(name): \(error)")
            if let field = c["field"]?.text {
                #expect((error["at"] as? String)?.contains("field \(field)") == true, "\(name): \(error)")
            }
            if i % 8 == 0 {
                let t = try CLI.run(["tx", "decode", raw])
                #expect(t.status == 1 && t.stdout.isEmpty && t.stderr.hasPrefix("error: "), "\(name)")
                #expect(t.stderr.contains("[\(code)]"))
            }
        }
    }

    /// Network-form blob transactions (too long for an argument) through --file and stdin.
    @Test func blobNetworkForms() throws {
        #expect(TxVectors.network.count == 3)
        let scratch = try Scratch()
        for (i, v) in TxVectors.network.enumerated() {
            let raw = try #require(v["raw"]?.text)
            let file = try scratch.write("raw\(i).hex", raw + "\n", mode: 0o644)
            let viaFile = try CLI.run(["tx", "decode", "--file", file, "--json"])
            #expect(viaFile.status == 0, "\(viaFile.stderr)")
            let obj = try #require(TxTest.object(viaFile.stdout))
            #expect(obj["hash"]?.text == v["hash"]?.text)
            #expect(obj["from"]?.text == v["sender"]?.text)
            #expect(obj["type"] == .number("3"))
            let viaStdin = try CLI.run(["tx", "decode", "-", "--json"], stdin: Data(raw.utf8))
            #expect(viaStdin.stdout == viaFile.stdout)
            // The canonical form decodes to the same object.
            let canonical = try CLI.run(["tx", "decode", v["canonical"]?.text ?? "", "--json"])
            #expect(canonical.stdout == viaFile.stdout)
            let summary = try CLI.run(["tx", "decode", "--file", file])
            #expect(summary.stdout.contains("sidecar"), "\(summary.stdout)")
            #expect(summary.stdout.contains(v["hash"]?.text ?? "?"))
        }
    }

    @Test func readableSummary() throws {
        for type in 0...4 {
            let v = try #require(TxVectors.ofType(type).first)
            let r = try CLI.run(["tx", "decode", v["raw"]?.text ?? ""])
            #expect(r.status == 0)
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("type") == true)
            #expect(lines.contains { $0.hasPrefix("hash") && $0.hasSuffix(v["hash"]?.text ?? "?") })
            #expect(lines.contains { $0.hasPrefix("from") && $0.hasSuffix(v["sender"]?.text ?? "?") })
            if type == 4 { #expect(lines.contains { $0.contains("authority 0x") }) }
        }
        // A creation names the address it creates (eth-utils: keccak(rlp([sender, nonce]))[12:]).
        let create = "0xf84b010182ea6080058025a0a31619ea38cf10c6847e56c9826ec6ff3a93a6ebe6b2e1d6b687871895926fb7a00f01a39f6968d5022f391d8186990419fabdfe37a55c143ca00978709c7f127e"
        let r = try CLI.run(["tx", "decode", create])
        #expect(r.stdout.contains("creates 0x2946259E0334f33A064106302415aD3391BeD384"), "\(r.stdout)")
    }

    @Test func badHexAndUsage() throws {
        for (raw, code) in [("0x123", "hex_odd_length"), ("0xzz", "hex_invalid_character"), ("", "tx_empty_input"), ("0x", "tx_empty_input")] {
            try Wallet.expectInvalid(["tx", "decode", raw], code: code)
        }
        try Wallet.expectInvalid(["tx", "decode", "--file", "/nonexistent/raw.hex"], code: "file_unreadable")
        try Wallet.expectUsage(["tx", "decode", "--bogus"])
        // Either an argument or --file: a usage error.
        try Wallet.expectUsage(["tx", "decode", "0x01", "--file", "/dev/null"], mentioning: "ballast tx decode")
        try Wallet.expectUsage(["tx", "decode"], mentioning: "ballast tx decode")
    }
}

extension TxTest {
    /// A hex quantity's digits without leading zeros (or a decimal vector value converted): for
    /// comparing r/s as printed.
    static func hexQuantityDigits(_ value: JSONValue?) -> String? {
        guard let text = value?.text else { return nil }
        if text.hasPrefix("0x") {
            let digits = text.dropFirst(2).lowercased().drop { $0 == "0" }
            return digits.isEmpty ? "0" : String(digits)
        }
        return nil
    }
}
