import BallastJSON
import Foundation
import TestSupport
import Testing

/// The ABI commands, checked against eth-abi / eth-utils / eth-account vectors (vectors/abi*.json,
/// vectors/eip712.json) and published selectors.
@Suite struct ABICommandTests {
    nonisolated(unsafe) static let abiVectors = (try? Vectors.json(Vectors.project("abi.json"))) as? [String: Any] ?? [:]

    static func jsonText(_ value: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func typeList(_ types: [String]) -> String { "(" + types.joined(separator: ",") + ")" }

    @Test func selectors() throws {
        #expect(try CLI.run(["sig", "transfer(address,uint256)"]).stdout == "0xa9059cbb\n")
        #expect(try CLI.run(["sig", "function transfer(address to, uint256 amount) external returns (bool)"]).stdout == "0xa9059cbb\n")
        // Published selectors of protocols.md.
        #expect(try CLI.run(["sig", "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)"]).stdout == "0xab9c4b5d\n")
        #expect(try CLI.run(["sig", "exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))"]).stdout == "0x04e45aaf\n")
        #expect(try CLI.run(["sig", "function exactInputSingle(tuple(address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params) payable"]).stdout == "0x04e45aaf\n")
        #expect(try CLI.run(["sig-event", "event Transfer(address indexed from, address indexed to, uint256 value)"]).stdout
            == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef\n")
        let bad = try CLI.run(["sig", "transfer(address,uint257)", "--json"])
        #expect(bad.status == 1 && bad.stdout.contains("\"at\":\"offset "))
    }

    /// Every eth-abi round-trip vector: abi-encode --args-json gives its bytes; abi-decode gives its values back.
    @Test func roundTripVectorsThroughTheCLI() throws {
        let cases = Self.abiVectors["roundtrip"] as? [[String: Any]] ?? []
        #expect(cases.count > 100)
        for (i, c) in cases.enumerated() where i % 4 == 0 {  // a quarter: each CLI run is a process
            let types = Self.typeList(c["types"] as! [String])
            let values = Self.jsonText(c["values"]!)
            let expected = c["hex"] as! String
            let enc = try CLI.run(["abi-encode", types, "--args-json", values])
            #expect(enc.status == 0, "case \(i): \(enc.stderr)")
            #expect(enc.stdout == expected + "\n", "case \(i) \(types)")
            let dec = try CLI.run(["abi-decode", types, expected])
            #expect(dec.status == 0, "case \(i): \(dec.stderr)")
            let got = try JSONSerialization.jsonObject(with: Data(dec.stdout.utf8))
            #expect(Self.jsonText(got) == Self.jsonText(c["values"]!), "case \(i) \(types)")
        }
    }

    @Test func callVectors() throws {
        for c in Self.abiVectors["calls"] as? [[String: Any]] ?? [] {
            let signature = c["signature"] as! String
            let r = try CLI.run(["calldata", signature, "--args-json", Self.jsonText(c["values"]!)])
            #expect(r.stdout == (c["hex"] as! String) + "\n", "\(signature)")
            let d = try CLI.run(["decode-calldata", signature, c["hex"] as! String, "--json"])
            let obj = try JSONSerialization.jsonObject(with: Data(d.stdout.utf8)) as? [String: Any]
            #expect(obj?["function"] as? String == signature)
            #expect(Self.jsonText(obj?["args"] as Any) == Self.jsonText(c["values"]!))
        }
    }

    @Test func castStyleArguments() throws {
        let to = "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045"
        let r = try CLI.run(["calldata", "transfer(address,uint256)", to, "1000"])
        #expect(r.stdout == "0xa9059cbb000000000000000000000000d8da6bf26964af9d7eed9e03e53415d37aa96045"
            + "00000000000000000000000000000000000000000000000000000000000003e8\n")
        let t = try CLI.run(["abi-encode", "(uint256[],(address,bool))", "[1,0x2]", "(\(to),true)"])
        let j = try CLI.run(["abi-encode", "(uint256[],(address,bool))", "--args-json", "[[1,\"2\"],[\"\(to)\",true]]"])
        #expect(t.status == 0 && t.stdout == j.stdout)
        // A bad checksum, a value too wide, a wrong count: exit 1, nothing on stdout.
        for args in [["transfer(address,uint256)", to.replacingOccurrences(of: "dA6", with: "Da6"), "1"],
                     ["f(uint8)", "256"], ["transfer(address,uint256)", to]] {
            let e = try CLI.run(["calldata"] + args)
            #expect(e.status == 1 && e.stdout.isEmpty, "\(args)")
        }
    }

    @Test func packedVectors() throws {
        let packed = (try? Vectors.json(Vectors.project("abi_packed.json"))) as? [String: Any]
        let cases = (packed?["packed"] as? [[String: Any]]) ?? []
        #expect(!cases.isEmpty)
        for c in cases.prefix(40) {
            guard let types = c["types"] as? [String], let hex = c["hex"] as? String else { continue }
            let r = try CLI.run(["abi-encode", "--packed", Self.typeList(types), "--args-json", Self.jsonText(c["values"]!)])
            #expect(r.stdout == hex + "\n", "\(types)")
        }
    }

    @Test func strictAndLenientDecoding() throws {
        let canonical = try CLI.run(["abi-encode", "(bytes)", "0x1234"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // Trailing bytes: refused strictly (with the offset), accepted leniently with a note.
        let trailing = canonical + "00"
        let strict = try CLI.run(["abi-decode", "(bytes)", trailing, "--json"])
        #expect(strict.status == 1 && strict.stdout.contains("\"at\""))
        let lenient = try CLI.run(["abi-decode", "(bytes)", trailing, "--lenient"])
        #expect(lenient.status == 0 && lenient.stdout == "[\"0x1234\"]\n" && lenient.stderr.contains("non-canonical"))
        // Dirty padding is ambiguous: refused even leniently.
        let dirty = String(canonical.dropLast(2)) + "01"
        #expect(try CLI.run(["abi-decode", "(bytes)", dirty, "--lenient"]).status == 1)
        // An array claiming 2^64 elements fails fast.
        let huge = "0x" + String(repeating: "0", count: 62) + "20" + "00000000000000000000000000000000000000000000000" + "10000000000000000"
        let h = try CLI.run(["abi-decode", "(uint256[])", huge])
        #expect(h.status == 1 && !h.signaled)
    }

    @Test func decodeCalldataChecksAndLooksUp() throws {
        let data = try CLI.run(["calldata", "approve(address,uint256)", "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045", "5"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let mismatch = try CLI.run(["decode-calldata", "transfer(address,uint256)", data])
        #expect(mismatch.status == 1 && mismatch.stdout.isEmpty && mismatch.stderr.contains("selector"))
        let found = try CLI.run(["decode-calldata", data])   // bundled abi/
        #expect(found.status == 0 && found.stdout.hasPrefix("approve(address,uint256)\n"))
        let abiFile = Vectors.projectRoot.appendingPathComponent("abi/erc20.json").path
        #expect(try CLI.run(["decode-calldata", "--abi", abiFile, data, "--json"]).stdout.contains("\"function\":\"approve(address,uint256)\""))
        let unknown = try CLI.run(["decode-calldata", "0xdeadbeef"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown_selector"))
        #expect(try CLI.run(["decode-calldata", "0x12"]).status == 1)
    }

    /// With a signature given, decode-calldata prints exactly what abi-decode prints for the same
    /// signature and the arguments' bytes (the contract: it "decodes like abi-decode").
    @Test func decodeCalldataWithSignaturePrintsWhatABIDecodePrints() throws {
        for c in Self.abiVectors["calls"] as? [[String: Any]] ?? [] {
            let signature = c["signature"] as! String
            let hex = c["hex"] as! String
            let calldata = try CLI.run(["decode-calldata", signature, hex])
            let decoded = try CLI.run(["abi-decode", signature, "0x" + hex.dropFirst(10)])
            #expect(calldata.status == 0 && decoded.status == 0, "\(signature): \(calldata.stderr) \(decoded.stderr)")
            #expect(calldata.stdout == decoded.stdout, "\(signature)")
        }
    }

    @Test func revertData() throws {
        for c in Self.abiVectors["revert"] as? [[String: Any]] ?? [] {
            let r = try CLI.run(["decode-error", c["hex"] as! String, "--json"])
            let kind = c["kind"] as! String
            if kind == "custom" {
                // Custom errors need their signature; without it the lookup fails cleanly.
                #expect(!r.signaled)
                continue
            }
            #expect(r.status == 0, "\(c)")
            let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            switch kind {
            case "error":
                #expect((obj?["args"] as? [String])?.first == c["message"] as? String)
            case "panic":
                #expect((obj?["args"] as? [String])?.first == c["code"] as? String)
            default:
                #expect(obj?["kind"] as? String == "empty")
            }
        }
    }

    @Test func eip712Digests() throws {
        // Documents are re-serialized with BallastJSON, which keeps big numbers exact.
        let doc = try JSONValue.parse(bytes: Array(Data(contentsOf: Vectors.project("eip712.json"))))
        guard case .array(let cases)? = doc["vectors"] else { Issue.record("no vectors"); return }
        #expect(cases.count > 50)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-eip712-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, c) in cases.enumerated() where i % 3 == 0 {
            guard let typed = c["document"], case .string(let digest)? = c["digest"] else { continue }
            let url = dir.appendingPathComponent("\(i).json")
            try Data(typed.compact.utf8).write(to: url)
            let r = try CLI.run(["eip712-hash", url.path])
            #expect(r.stdout == digest + "\n", "case \(i)")
        }
    }
}
