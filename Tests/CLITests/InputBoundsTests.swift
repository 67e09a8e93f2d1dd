import Foundation
import TestSupport
import Testing

/// Streaming input, input-size ceilings and the key-derivation cost ceiling, through the binary.
@Suite struct InputBoundsTests {
    /// vectors/keccak.json "patterns" (pycryptodome), long enough to cross the 1 MiB read chunk.
    struct KeccakPattern: Decodable {
        let pattern: String
        let length: Int
        let hash: String
    }
    struct KeccakFile: Decodable { let patterns: [KeccakPattern] }

    static func bytes(of pattern: KeccakPattern) -> Data? {
        switch pattern.pattern {
        case "i*31+7 mod 256": return Data((0..<pattern.length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        case "zero": return Data(count: pattern.length)
        case "byte 0x61": return Data(repeating: 0x61, count: pattern.length)
        default: return nil
        }
    }

    @Test func keccakFileStreamsAcrossChunks() throws {
        let scratch = try Scratch()
        let file = try Vectors.decode(KeccakFile.self, from: Vectors.project("keccak.json"))
        let long = file.patterns.filter { $0.length >= 1_000_000 }
        #expect(long.count >= 2)
        for vector in long {
            let data = try #require(Self.bytes(of: vector))
            let path = try scratch.write("in.bin", data)
            let r = try CLI.run(["keccak", "--file", path])
            #expect(r.status == 0 && r.stdout == "0x\(vector.hash)\n", "\(vector.pattern) × \(vector.length)")
            // A pipe delivers short reads: the chunks are filled before hashing, the digest is the same.
            let piped = try CLI.run(["keccak", "--file", "-"], stdin: data)
            #expect(piped.stdout == "0x\(vector.hash)\n")
        }
    }

    // MARK: Key derivation cost

    /// A keystore with the given kdf parameters (the ciphertext and MAC are never reached).
    static func keystore(kdf: String, params: String) -> String {
        let zeros = String(repeating: "00", count: 32)
        return #"{"version":3,"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"\#(String(repeating: "00", count: 16))"},"ciphertext":"\#(zeros)","kdf":"\#(kdf)","kdfparams":{\#(params),"dklen":32,"salt":"\#(zeros)"},"mac":"\#(zeros)"}}"#
    }

    @Test(arguments: [
        // n = 2^30 (r = 8) needs 1 TiB: refused by the memory ceiling, before anything is allocated.
        ("scrypt", #""n":1073741824,"r":8,"p":1"#, "kdf_memory_limit"),
        ("scrypt", #""n":262144,"r":8,"p":100000"#, "kdf_too_expensive"),
        ("scrypt", #""n":2097152,"r":1,"p":2097152"#, "kdf_too_expensive"),
        ("scrypt", #""n":65536,"r":8,"p":4096"#, "kdf_too_expensive"),
        ("pbkdf2", #""c":2147483647,"prf":"hmac-sha256""#, "kdf_too_expensive"),
    ])
    func expensiveKeystoresAreRefusedAtOnce(kdf: String, params: String, code: String) throws {
        let scratch = try Scratch()
        let store = try scratch.write("k.json", Self.keystore(kdf: kdf, params: params))
        let password = try scratch.write("pw", "pw")
        let started = Date()
        let r = try CLI.run(["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", password,
                             "--out", scratch.path("key"), "--json"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(r.status == 1)
        #expect(r.stdout.contains(#""code":"\#(code)""#))
        #expect(!scratch.exists("key"))
        // No password is asked for first: without --password-file the error is the same.
        let noPassword = try CLI.run(["wallet", "keystore", "decrypt", "--keystore", store, "--out", scratch.path("key")],
                                     stdin: Data())
        #expect(noPassword.status == 1 && noPassword.stderr.contains(code))
    }

    @Test func maxKDFCostMovesTheCeiling() throws {
        let scratch = try Scratch()
        let v = KeyVectors.shared.keystores.first { $0.name == "scrypt-1024" }!
        let store = try scratch.write("k.json", try KeyVectors.keystoreJSON(v.name))
        let password = try scratch.write("pw", v.password)
        // Far below the ceiling: decrypts at the lowest setting.
        let ok = try CLI.run(["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", password,
                              "--unsafe-print-private-key", "--max-kdf-cost", "1", "--json"])
        #expect(ok.status == 0 && ok.stdout.contains(v.privateKey))
        // pbkdf2 with c = 2^20 + 1: above 1 × the standard cost, refused; the default (64 ×) lets it
        // through to the password check (here the MAC, since the file is not a real keystore).
        let above = try scratch.write("p.json", Self.keystore(kdf: "pbkdf2", params: #""c":1048577,"prf":"hmac-sha256""#))
        let refused = try CLI.run(["wallet", "keystore", "decrypt", "--keystore", above, "--password-file", password,
                                   "--unsafe-print-private-key", "--max-kdf-cost", "1"])
        #expect(refused.status == 1 && refused.stderr.contains("kdf_too_expensive"))
        let tried = try CLI.run(["wallet", "keystore", "decrypt", "--keystore", above, "--password-file", password,
                                 "--unsafe-print-private-key"])
        #expect(tried.status == 1 && tried.stderr.contains("mac_mismatch"))
        // Usage: the option belongs to --keystore and is at least 1.
        #expect(try CLI.run(["wallet", "keystore", "decrypt", "--keystore", store, "--password-file", password,
                             "--unsafe-print-private-key", "--max-kdf-cost", "0"]).status == 2)
    }

    // MARK: rlp encode without a tree

    @Test func rlpEncodeOfALongListMatchesTheSpec() throws {
        // [1, 1, …] (n items): a list header 0xf8+k, the big-endian length n, then n bytes 0x01.
        let n = 300_000
        let json = "[" + Array(repeating: "1", count: n).joined(separator: ",") + "]"
        let r = try CLI.run(["rlp", "encode", "--file", "-"], stdin: Data(json.utf8))
        #expect(r.status == 0)
        let expected = "0xfa0493e0" + String(repeating: "01", count: n) + "\n"  // 300000 = 0x0493e0
        #expect(r.stdout == expected)
    }

    @Test func rlpEncodeErrorsKeepTheirOrderAndPaths() throws {
        // A syntax error anywhere wins over an earlier value that cannot be encoded.
        let syntax = try CLI.run(["rlp", "encode", #"["dog", [1, }"#, "--json"])
        #expect(syntax.status == 1 && syntax.stdout.contains(#""code":"bad_json""#))
        // The first bad value in document order, with its path.
        let first = try CLI.run(["rlp", "encode", #"["0x01", [{"a": [1]}, true], null]"#, "--json"])
        #expect(first.status == 1 && first.stdout.contains(#""at":"[1][0]""#) && first.stdout.contains("an object"))
        let later = try CLI.run(["rlp", "encode", #"[[{"a": 1}, 2], [3, "0x0g"]]"#, "--json"])
        #expect(later.stdout.contains(#""at":"[0][0]""#))
        let hex = try CLI.run(["rlp", "encode", #"[[1, 2], [3, "0x0g"]]"#, "--json"])
        #expect(hex.stdout.contains(#""code":"bad_hex""#) && hex.stdout.contains(#""at":"[1][1]""#))
        let root = try CLI.run(["rlp", "encode", "true", "--json"])
        #expect(root.stdout.contains(#""at":"$""#))
        let dup = try CLI.run(["rlp", "encode", #"[{"a":1,"a":2}]"#, "--json"])
        #expect(dup.stdout.contains(#""code":"bad_json""#) && dup.stdout.contains("duplicate key"))
        let utf8 = try CLI.run(["rlp", "encode", "--file", "-"], stdin: Data([0x5B, 0x22, 0xFF, 0x22, 0x5D]))
        #expect(utf8.status == 1 && utf8.stderr.contains("bad_utf8") && utf8.stdout.isEmpty)
    }

    // MARK: Input ceilings

    @Test func documentsAboveTheirCeilingAreRefusedUnread() throws {
        let scratch = try Scratch()
        // 4 MiB + 1 byte, sparse: a JSON document is refused from its size, before reading.
        let path = scratch.path("big.json")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 4 * 1024 * 1024 + 1) == 0)
        for args in [["plan", "check", path], ["eip712-hash", path]] {
            let r = try CLI.run(args)
            #expect(r.status == 1 && r.stdout.isEmpty && r.stderr.contains("input_too_large"), "\(args)")
            #expect(r.stderr.contains("4 MiB"))
        }
        // Hex text has 16 MiB: this one is read, and refused as hex instead.
        for args in [["tx", "decode", "--file", path], ["rlp", "decode", "--file", path]] {
            let r = try CLI.run(args)
            #expect(r.status == 1 && !r.stderr.contains("input_too_large"), "\(args)")
        }
        #expect(truncate(path, 16 * 1024 * 1024 + 1) == 0)
        for args in [["tx", "decode", "--file", path], ["rlp", "decode", "--file", path], ["audit", path, "--against", Vectors.projectRoot.appendingPathComponent("examples/demo.json").path]] {
            let r = try CLI.run(args)
            #expect(r.status == 1 && r.stdout.isEmpty && r.stderr.contains("input_too_large") && r.stderr.contains("16 MiB"), "\(args)")
        }
        // Audit input without --against / --simulation streams: no ceiling; this one is read
        // and refused as hex (its line of NUL bytes), with nothing on stdout.
        let audit = try CLI.run(["audit", path])
        #expect(audit.status == 1 && audit.stdout.isEmpty && !audit.stderr.contains("input_too_large") && audit.stderr.contains("line 1"))
        // A pipe is cut off at the ceiling too.
        let piped = try CLI.run(["plan", "check", "-"], stdin: Data(repeating: 0x20, count: 4 * 1024 * 1024 + 10))
        #expect(piped.status == 1 && piped.stderr.contains("input_too_large"))
    }

    @Test func rlpDecodeWritesFromTheBytes() throws {
        // Nested lists and strings of each length class, against hand-made encodings.
        let long = String(repeating: "ab", count: 60)
        let r = try CLI.run(["rlp", "decode", "0xf843" + "c3c0c180" + "b83c" + long + "01"])
        #expect(r.status == 0)
        #expect(r.stdout == #"[[[],["0x"]],"0x\#(long)","0x01"]"# + "\n")
        // Errors are those of the strict decoder, with their offsets.
        let bad = try CLI.run(["rlp", "decode", "0xc3c18100", "--json"])
        #expect(bad.status == 1 && bad.stdout.contains(#""code":"rlp_"#))
    }
}
