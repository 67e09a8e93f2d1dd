import BallastJSON
import EthereumPrimitives
import Foundation
import RLP
import Secp256k1
import TestSupport
import Testing
@testable import Transactions

/// Rejections: vectors/tx_bad.json (mutations made in Python with rlp), mutations made here by
/// re-encoding, and seeded random garbage and truncations (never a crash).
@Suite struct BadInputTests {
    @Test func mutationVectors() throws {
        let file = try loadJSON(Vectors.project("tx_bad.json"))
        let cases = file["cases"]?.array ?? []
        #expect(cases.count >= 200)
        for c in cases {
            let name = c["name"]?.string ?? "?"
            let raw = try hexBytes(c["raw"]?.string)
            do {
                let tx = try SignedTransaction.decode(raw)
                Issue.record("\(name): accepted \(tx.hash)")
            } catch {
                #expect(error.code == c["code"]?.string, "\(name): \(error.code) \(error.description)")
                if let field = c["field"]?.string {
                    #expect(error.field == field, "\(name): field \(error.field ?? "nil")")
                    #expect(error.location?.hasPrefix("field \(field) (byte ") == true, "\(name): \(error.location ?? "")")
                } else {
                    #expect(error.field == nil, "\(name): field \(error.field ?? "nil")")
                }
                if let offset = error.offset { #expect(offset >= 0 && offset <= raw.count, "\(name)") }
            }
        }
    }

    /// The exact location of a few errors, by hand.
    @Test func locations() throws {
        // 0x02 ‖ [chainId=1, nonce=0x0001 (non-canonical)…]: nonce starts at byte 3.
        let raw: [UInt8] = [0x02, 0xC4, 0x01, 0x82, 0x00, 0x01]
        do {
            _ = try SignedTransaction.decode(raw)
            Issue.record("accepted")
        } catch {
            #expect(error.code == "rlp_non_canonical_integer")
            #expect(error.location == "field nonce (byte 3)")
        }
        do {
            _ = try SignedTransaction.decode([0x05, 0xC0])
            Issue.record("accepted")
        } catch {
            #expect(error.code == "tx_unsupported_type")
            #expect(error.location == "byte 0")
        }
        // A slice's offsets count from its own start.
        let padded: [UInt8] = [0xAA, 0xBB] + raw
        do {
            _ = try SignedTransaction.decode(padded[2...])
            Issue.record("accepted")
        } catch {
            #expect(error.location == "field nonce (byte 3)")
        }
    }

    /// Every type byte 0x00 and 0x05…0x7f is refused, whatever follows.
    @Test func unknownTypeBytes() throws {
        let body: [UInt8] = [0xC0]
        for t in [UInt8(0)] + Array(5...0x7F) {
            #expect(throws: TransactionError.self) { try SignedTransaction.decode([t] + body) }
        }
    }

    /// Mutations of valid eth-account transactions, re-encoded here: each field replaced by a
    /// list (or a list by a string), each byte-string field but `input` given a leading zero
    /// byte; the list cut short or extended; a byte appended.
    @Test func fieldMutations() throws {
        let vectors = (try loadJSON(Vectors.project("tx.json")))["transactions"]?.array ?? []
        var rejected = 0
        for v in vectors.prefix(60) {
            let raw = try hexBytes(v["raw"]?.string)
            let typed = raw[0] < 0x80
            let body = typed ? Array(raw[1...]) : raw
            guard case .list(let items) = try RLP.decode(body) else { throw VectorError("not a list") }
            func encode(_ items: [RLPItem]) -> [UInt8] {
                let list = RLPItem.list(items).encoded()
                return typed ? [raw[0]] + list : list
            }
            for i in items.indices {
                var m = items
                m[i] = .list([])
                if case .list = items[i] { m[i] = .bytes([1]) }
                #expect(throws: TransactionError.self) { try SignedTransaction.decode(encode(m)) }
                let inputIndex = !typed ? 5 : (raw[0] == 1 ? 6 : 7)
                if case .bytes(let b) = items[i], i != inputIndex {
                    m[i] = .bytes([0] + b)
                    #expect(throws: TransactionError.self) { try SignedTransaction.decode(encode(m)) }
                }
                rejected += 1
            }
            #expect(throws: TransactionError.self) { try SignedTransaction.decode(encode(Array(items.dropLast()))) }
            #expect(throws: TransactionError.self) { try SignedTransaction.decode(encode(items + [.bytes([])])) }
            #expect(throws: TransactionError.self) { try SignedTransaction.decode(raw + [0x80]) }
        }
        #expect(rejected > 500)
    }

    /// Every truncation of valid transactions is rejected, and flipping a byte never crashes
    /// (it may still decode: a changed value field is a different valid transaction).
    @Test func truncationsAndBitFlips() throws {
        let vectors = (try loadJSON(Vectors.project("tx.json")))["transactions"]?.array ?? []
        var rng = SeededGenerator(seed: 0x7A7A)
        for v in vectors.prefix(40) {
            let raw = try hexBytes(v["raw"]?.string)
            let step = max(1, raw.count / 60)
            for cut in stride(from: 0, to: raw.count, by: step) {
                #expect(throws: TransactionError.self) { try SignedTransaction.decode(Array(raw[..<cut])) }
            }
            for _ in 0..<40 {
                var m = raw
                let i = Int.random(in: 0..<m.count, using: &rng)
                m[i] ^= UInt8.random(in: 1...255, using: &rng)
                if let tx = try? SignedTransaction.decode(m) {
                    // Still canonical: encoding it gives the mutated bytes back.
                    #expect(tx.encoded == m)
                }
            }
        }
    }

    /// Random bytes, random typed bodies and random RLP structures never crash the decoder.
    @Test func randomGarbage() {
        var rng = SeededGenerator(seed: 0xBA11A57)
        for round in 0..<6000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:
                bytes = (0..<Int.random(in: 0..<120, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:
                // A plausible header and random payload.
                let n = Int.random(in: 0..<100, using: &rng)
                bytes = [UInt8.random(in: 1...4, using: &rng), 0xF8, UInt8(n)]
                bytes += (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            default:
                // Random RLP lists of short strings and lists.
                var items: [RLPItem] = []
                for _ in 0..<Int.random(in: 0..<16, using: &rng) {
                    if Bool.random(using: &rng) {
                        items.append(.bytes((0..<Int.random(in: 0..<34, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }))
                    } else {
                        items.append(.list([.bytes([UInt8.random(in: 0...255, using: &rng)])]))
                    }
                }
                bytes = RLPItem.list(items).encoded()
                if Bool.random(using: &rng) { bytes.insert(UInt8.random(in: 1...4, using: &rng), at: 0) }
            }
            _ = try? SignedTransaction.decode(bytes)
        }
    }

    /// A huge declared length is refused before anything is allocated for it.
    @Test func hugeDeclaredLengths() {
        let inputs: [[UInt8]] = [
            [0x02, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [0x03, 0xC8, 0xC7, 0xBF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        ]
        for raw in inputs {
            #expect(throws: TransactionError.self) { try SignedTransaction.decode(raw) }
        }
    }
}
