import Foundation
import Keccak
import TestSupport
import Testing

/// vectors/keccak.json, produced by vectors/gen_keccak.py from pycryptodome.
struct KeccakVectorFile: Decodable {
    struct Text: Decodable {
        let text: String
        let hash: String
    }

    struct Raw: Decodable {
        let length: Int
        let input: String
        let hash: String
    }

    struct Pattern: Decodable {
        let pattern: String
        let length: Int
        let hash: String
    }

    struct Chunked: Decodable {
        let chunks: [Int]
        let input: String
        let hash: String
    }

    let text: [Text]
    let random: [Raw]
    let large: [Raw]
    let patterns: [Pattern]
    let chunked: [Chunked]

    static let shared: KeccakVectorFile = {
        do {
            return try Vectors.decode(KeccakVectorFile.self, from: Vectors.project("keccak.json"))
        } catch {
            fatalError("vectors/keccak.json: \(error)")
        }
    }()

    /// The inputs of `random` and `large` with their expected digests.
    static let rawCases: [(input: [UInt8], hash: String)] = (shared.random + shared.large).map {
        (bytes($0.input), $0.hash)
    }

    static func bytes(_ hex: String) -> [UInt8] {
        guard let bytes = TestHex.decode(hex) else { fatalError("bad hex in vectors/keccak.json") }
        return bytes
    }

    static func patternBytes(_ pattern: String, length: Int) -> [UInt8]? {
        switch pattern {
        case "i*31+7 mod 256": return (0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        case "zero": return [UInt8](repeating: 0, count: length)
        case "byte 0x61": return [UInt8](repeating: 0x61, count: length)
        default: return nil
        }
    }
}

@Suite struct KeccakVectorTests {
    @Test func fileCoversEveryLengthUpTo300() {
        let random = KeccakVectorFile.shared.random
        #expect(random.map(\.length) == Array(0 ... 300))
        for entry in random {
            #expect(entry.input.count == 2 * entry.length)
        }
    }

    @Test func textKnownAnswers() {
        for vector in KeccakVectorFile.shared.text {
            #expect(Keccak256.hash(data: Array(vector.text.utf8)).description == vector.hash, "\(vector.text)")
        }
    }

    @Test func randomAndLargeOneShot() {
        for (input, hash) in KeccakVectorFile.rawCases {
            #expect(Keccak256.hash(data: input).description == hash, "length \(input.count)")
            let viaPointer = input.withUnsafeBytes { Keccak256.hash(bufferPointer: $0) }
            #expect(viaPointer.description == hash, "length \(input.count)")
        }
    }

    @Test func randomAndLargeIncremental() {
        for (input, hash) in KeccakVectorFile.rawCases {
            var whole = Keccak256()
            whole.update(data: input)
            #expect(whole.finalize().description == hash, "length \(input.count)")

            var bytewise = Keccak256()
            for byte in input { bytewise.update(data: CollectionOfOne(byte)) }
            #expect(bytewise.finalize().description == hash, "length \(input.count)")
        }
    }

    @Test func patterns() throws {
        for vector in KeccakVectorFile.shared.patterns {
            let input = try #require(KeccakVectorFile.patternBytes(vector.pattern, length: vector.length))
            #expect(Keccak256.hash(data: input).description == vector.hash, "\(vector.pattern) × \(vector.length)")

            // The same input in uneven pieces (1, 4, 13, 40, ... bytes).
            var hasher = Keccak256()
            var offset = 0
            var step = 1
            while offset < input.count {
                let end = min(input.count, offset + step)
                hasher.update(data: input[offset ..< end])
                offset = end
                step = step * 3 + 1
                if step > 100_000 { step = 1 }
            }
            #expect(hasher.finalize().description == vector.hash, "\(vector.pattern) × \(vector.length) in pieces")
        }
    }

    @Test func chunked() {
        for vector in KeccakVectorFile.shared.chunked {
            let input = KeccakVectorFile.bytes(vector.input)
            var hasher = Keccak256()
            var offset = 0
            for size in vector.chunks {
                hasher.update(data: input[offset ..< offset + size])
                offset += size
            }
            #expect(offset == input.count)
            #expect(hasher.finalize().description == vector.hash, "\(vector.chunks)")
        }
    }

    /// BasicTests/crypto.json: checked when it holds Keccak/SHA3 cases (the current snapshot
    /// holds only AES and ECIES cases, which belong elsewhere and are skipped here).
    @Test func ethereumTestsCryptoJSON() throws {
        let url = Vectors.ethereumTests("BasicTests/crypto.json")
        guard let cases = try Vectors.json(url) as? [String: Any] else { return }
        for (name, value) in cases {
            guard let entry = value as? [String: Any] else { continue }
            let kind = ((entry["decryption_type"] ?? entry["type"]) as? String ?? name).lowercased()
            guard kind.contains("keccak") || kind.contains("sha3") else { continue }
            guard let input = (entry["payload"] ?? entry["input"]) as? String,
                  let output = (entry["result"] ?? entry["output"] ?? entry["hash"]) as? String,
                  let bytes = TestHex.decode(input),
                  let expected = TestHex.decode(output)
            else { continue }
            #expect(Keccak256.hash(data: bytes).bytes == expected, "\(name)")
        }
    }

    /// BasicTests/keyaddrtest.json: each private key there is keccak256 of its ASCII seed word.
    @Test func ethereumTestsKeySeeds() throws {
        let url = Vectors.ethereumTests("BasicTests/keyaddrtest.json")
        let entries = try #require(try Vectors.json(url) as? [[String: Any]])
        var checked = 0
        for entry in entries {
            guard let seed = entry["seed"] as? String, let key = entry["key"] as? String else { continue }
            #expect(Keccak256.hash(data: Array(seed.utf8)).description == key.lowercased(), "\(seed)")
            checked += 1
        }
        #expect(checked > 0)
    }

    /// TransactionTests: the hash of every valid transaction is keccak256 of its raw bytes
    /// `txbytes` (legacy and typed envelopes alike).
    @Test func ethereumTestsTransactionHashes() throws {
        let root = Vectors.ethereumTests("TransactionTests")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var checked = 0
        for case let url as URL in files where url.pathExtension == "json" {
            guard let tests = try Vectors.json(url) as? [String: Any] else { continue }
            for (name, value) in tests {
                guard let test = value as? [String: Any],
                      let txbytes = test["txbytes"] as? String,
                      let results = test["result"] as? [String: Any],
                      let bytes = TestHex.decode(txbytes)
                else { continue }
                let hashes = Set(results.values.compactMap { ($0 as? [String: Any])?["hash"] as? String })
                for hash in hashes {
                    #expect("0x" + Keccak256.hash(data: bytes).description == hash.lowercased(), "\(name)")
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }
}
