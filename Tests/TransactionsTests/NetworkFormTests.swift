import BallastJSON
import EthereumPrimitives
import Foundation
import RLP
import TestSupport
import Testing
@testable import Transactions

/// Blob transactions in their network forms (vectors/tx_network.json): one signed with a real
/// blob by eth-account (EIP-7594 wrapper), and EIP-4844 / EIP-7594 wrappers assembled in Python.
@Suite struct NetworkFormTests {
    static let vectors: [JSONValue] = (try? loadJSON(Vectors.project("tx_network.json")))?["transactions"]?.array ?? []

    @Test func decodeNetworkForms() throws {
        #expect(Self.vectors.count == 3)
        for v in Self.vectors {
            let name = v["name"]?.string ?? "?"
            let raw = try hexBytes(v["raw"]?.string)
            let tx = try SignedTransaction.decode(raw)
            #expect(tx.hash.hex == v["hash"]?.string, "\(name): the hash is the canonical one")
            #expect(tx.encoded == (try hexBytes(v["canonical"]?.string)), "\(name)")
            #expect(tx.sender.checksummed == v["sender"]?.string, "\(name)")
            guard case .blob(let blob) = tx.transaction, let sidecar = blob.sidecar else {
                Issue.record("\(name): no sidecar")
                continue
            }
            #expect(Int(sidecar.version.rawValue) == v["wrapper"]?.int)
            #expect(sidecar.blobs.count == v["blobs"]?.int)
            #expect(sidecar.proofs.count == v["proofs"]?.int)
            // Re-encoding the network form gives the input back.
            #expect(tx.networkEncoded == raw, "\(name)")
            // The canonical form decodes to the same transaction without the sidecar.
            let canonical = try SignedTransaction.decode(tx.encoded)
            var bare = blob
            bare.sidecar = nil
            #expect(canonical.transaction == .blob(bare))
            #expect(canonical.hash == tx.hash)
            try tx.validate(fork: .prague)
            if let quirk = v["networkHashEthAccount"]?.string {
                // eth-account reports keccak(network form) as the hash of a transaction signed with blobs.
                #expect(quirk == Bytes32(bytes: Keccak256Digest.bytesOf(raw))?.hex)
                #expect(quirk != tx.hash.hex)
            }
        }
    }

    /// A commitment that does not hash to its versioned hash (EIP-4844 kzg_to_versioned_hash) is
    /// refused: the mutations of the generator, whose mismatch it confirmed with hashlib.
    @Test func commitmentMustMatchVersionedHash() throws {
        let invalid = (try? loadJSON(Vectors.project("tx_network.json")))?["invalid"]?.array ?? []
        #expect(invalid.count == 2)
        for m in invalid {
            let base = try #require(Self.vectors.first { $0["name"]?.string == m["base"]?.string })
            var raw = try hexBytes(base["raw"]?.string)
            guard case .list(var items) = try RLP.decode(Array(raw[1...])) else { throw VectorError("not a list") }
            let index = items.count - 2  // commitments: before the proofs in both wrappers
            guard case .list(var commitments) = items[index], case .bytes(var first) = commitments[0] else { throw VectorError("shape") }
            first[0] ^= 1
            commitments[0] = .bytes(first)
            items[index] = .list(commitments)
            raw = [3] + RLPItem.list(items).encoded()
            do {
                _ = try SignedTransaction.decode(raw)
                Issue.record("\(m["name"]?.string ?? "?"): accepted")
            } catch {
                #expect(error.code == m["error"]?.string)
                #expect(error.field == m["field"]?.string)
            }
        }
    }

    /// Sidecars whose shape does not match are rejected (mutations re-encoded here).
    @Test func badSidecars() throws {
        guard let v = Self.vectors.first(where: { $0["wrapper"]?.int == 0 }) else { throw VectorError("no 4844 vector") }
        let raw = try hexBytes(v["raw"]?.string)
        guard case .list(let items) = try RLP.decode(Array(raw[1...])) else { throw VectorError("not a list") }
        func encode(_ items: [RLPItem]) -> [UInt8] { [3] + RLPItem.list(items).encoded() }
        func expect(_ items: [RLPItem], _ code: String, _ field: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try SignedTransaction.decode(encode(items))
                Issue.record("accepted", sourceLocation: sourceLocation)
            } catch {
                #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
                #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            }
        }
        let (body, blobs, commitments, proofs) = (items[0], items[1], items[2], items[3])
        guard case .list(let blobList) = blobs, case .list(let proofList) = proofs, case .list(let commitmentList) = commitments else {
            throw VectorError("shape")
        }
        // Versions: 1 needs 128 proofs per blob; 2 is unknown.
        expect([body, .bytes([1]), blobs, commitments, proofs], "tx_invalid_sidecar", "proofs")
        expect([body, .bytes([2]), blobs, commitments, proofs], "tx_invalid_sidecar", "wrapperVersion")
        expect([body, .bytes([0]), blobs, commitments, proofs], "rlp_non_canonical_integer", "wrapperVersion")
        // Counts and sizes.
        expect([body, .list(blobList + blobList), commitments, proofs], "tx_invalid_sidecar", "blobs")
        expect([body, blobs, .list([]), proofs], "tx_invalid_sidecar", "commitments")
        expect([body, blobs, commitments, .list(proofList + proofList)], "tx_invalid_sidecar", "proofs")
        expect([body, .list([.bytes([1, 2, 3])]), commitments, proofs], "tx_invalid_length", "blobs[0]")
        expect([body, blobs, .list([.bytes([UInt8](repeating: 1, count: 47))]), proofs], "tx_invalid_length", "commitments[0]")
        // Missing or extra parts.
        expect([body, blobs, commitments], "tx_missing_field", "proofs")
        expect([body, blobs, commitments, proofs, .list([])], "tx_extra_field", "proofs")
        _ = commitmentList
        // A good re-encoding still decodes.
        #expect(try SignedTransaction.decode(encode(items)).networkEncoded == raw)
    }
}

extension Keccak256Digest {
    static func bytesOf(_ data: [UInt8]) -> [UInt8] { Keccak256.hash(data: data).bytes }
}
import Keccak
