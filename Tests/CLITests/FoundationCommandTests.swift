import Foundation
import TestSupport
import Testing

@Suite struct FoundationCommandTests {
    @Test func keccakTextAndHex() throws {
        var r = try CLI.run(["keccak", "transfer(address,uint256)"])
        #expect(r.status == 0)
        #expect(r.stdout == "0xa9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b\n")
        r = try CLI.run(["keccak", "0x"])
        #expect(r.stdout == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470\n")
        // Only a lowercase 0x marks hex: "0X00" is text.
        r = try CLI.run(["keccak", "0X00"])
        #expect(r.status == 0)
        #expect(r.stdout != (try CLI.run(["keccak", "0x00"])).stdout)
    }

    @Test func keccakFileAndStdin() throws {
        let data = Data("hello".utf8)
        let r = try CLI.run(["keccak", "--file", "-"], stdin: data)
        #expect(r.stdout == "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-keccak-\(getpid())")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try CLI.run(["keccak", "--file", url.path]).stdout == r.stdout)
    }

    @Test func keccakBadHex() throws {
        let r = try CLI.run(["keccak", "0xabc"])
        #expect(r.status == 1 && r.stdout.isEmpty && !r.stderr.isEmpty)
        let j = try CLI.run(["keccak", "0xzz", "--json"])
        #expect(j.status == 1)
        let obj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        let err = obj?["error"] as? [String: Any]
        #expect(err?["code"] is String && err?["message"] is String && err?["at"] is String)
    }

    @Test func checksumAddress() throws {
        let r = try CLI.run(["to-checksum-address", "0xd8da6bf26964af9d7eed9e03e53415d37aa96045"])
        #expect(r.stdout == "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045\n")
        let bad = try CLI.run(["to-checksum-address", "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96046".replacingOccurrences(of: "dA6", with: "Da6")])
        #expect(bad.status == 1 && bad.stdout.isEmpty)
        let short = try CLI.run(["to-checksum-address", "0x1234"])
        #expect(short.status == 1 && short.stdout.isEmpty)
    }

    @Test func rlpEncodeDecode() throws {
        let e = try CLI.run(["rlp", "encode", #"["0x636174","0x646f67",[],"0x"]"#])
        #expect(e.status == 0)
        #expect(e.stdout == "0xca8363617483646f67c080\n")
        let d = try CLI.run(["rlp", "decode", "0xca8363617483646f67c080"])
        #expect(d.stdout == #"["0x636174","0x646f67",[],"0x"]"# + "\n")
        let i = try CLI.run(["rlp", "encode", "[0, 127, 128, 1024]"])
        #expect(i.stdout == "0xc7807f8180820400\n")
    }

    @Test(arguments: [
        "0x8100",          // single byte < 0x80 wrapped
        "0xb80100",        // long form for a short string
        "0xc0ff",          // trailing byte
        "0x83aabb",        // truncated
        "0xf8",            // truncated length
        "0xabc",           // odd hex
        "0xzz",            // not hex
        "",                // empty
    ])
    func rlpDecodeRejects(input: String) throws {
        let r = try CLI.run(["rlp", "decode", input])
        #expect(r.status == 1, "\(input)")
        #expect(r.stdout.isEmpty)
        #expect(!r.signaled)
        let j = try CLI.run(["rlp", "decode", input, "--json"])
        #expect(j.status == 1 && j.stdout.hasPrefix("{\"error\":{"))
    }

    @Test func rlpDeepNestingAndHugeInput() throws {
        let deep = "0x" + String(repeating: "c1", count: 5000) + "c0"
        let r = try CLI.run(["rlp", "decode", "-"], stdin: Data(deep.utf8))
        #expect(r.status == 1 && r.stdout.isEmpty && !r.signaled)
        // 10 MB of hex that claims more than it holds.
        var big = "0xbb00a00000"
        big += String(repeating: "00", count: 5_000_000)
        let h = try CLI.run(["rlp", "decode", "--file", "-"], stdin: Data(big.utf8))
        #expect(h.status == 1 && h.stdout.isEmpty && !h.signaled)
        // 10 MB of non-hex.
        let junk = try CLI.run(["keccak", "--file", "-"], stdin: Data(repeating: 0x41, count: 10_000_000))
        #expect(junk.status == 0)
    }

    @Test func rlpEncodeRejectsWithPath() throws {
        let r = try CLI.run(["rlp", "encode", #"["0x01",["0x02",true]]"#, "--json"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"at\":\"[1][1]\""))
        let s = try CLI.run(["rlp", "encode", #"["dog"]"#])
        #expect(s.status == 1 && s.stdout.isEmpty)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["no-such-command"]).status == 2)
        #expect(try CLI.run(["keccak", "--no-such-flag"]).status == 2)
        let help = try CLI.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("keccak"))
    }
}
