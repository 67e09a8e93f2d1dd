import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import Safe
import Secp256k1
import TestSupport
import Testing

/// vectors/safe.json (safe-eth-py 7.27.0, eth-account 0.14.0, web3 7.16.0; see vectors/gen_safe.py).
enum SafeVectors {
    static let doc: JSONValue = {
        do {
            let text = try String(contentsOf: Vectors.project("safe.json"), encoding: .utf8)
            return try JSONValue.parse(text)
        } catch {
            fatalError("vectors/safe.json: \(error)")
        }
    }()

    static func items(_ key: String) -> [JSONValue] {
        if case .array(let a)? = doc[key] { return a }
        return []
    }

    static func string(_ v: JSONValue?, _ key: String) -> String {
        if case .string(let s)? = v?[key] { return s }
        return ""
    }

    static func bytes(_ v: JSONValue?, _ key: String) -> [UInt8] {
        TestHex.decode(string(v, key)) ?? []
    }

    static func file(_ v: JSONValue) throws -> SafeTx {
        guard let f = v["file"] else { throw VectorError.noFile }
        return try SafeTx(json: f)
    }

    static func signer(_ keyHex: String) throws -> PrivateKeySigner {
        try PrivateKeySigner(privateKey: PrivateKey(bytes: TestHex.decode(keyHex) ?? []))
    }
}

@Suite struct SafeVectorTests {
    @Test func vectorsArePresent() {
        #expect(SafeVectors.items("hashes").count >= 15)
        #expect(SafeVectors.items("signing").count >= 6)
        #expect(SafeVectors.items("packed").count == 3)
        #expect(SafeVectors.items("parse").count >= 10)
    }

    @Test func domainSeparatorAndSafeTxHash() throws {
        for v in SafeVectors.items("hashes") {
            let tx = try SafeVectors.file(v)
            let name = SafeVectors.string(v, "name")
            #expect(Hex.encode(tx.domainSeparator) == SafeVectors.string(v, "domainSeparator"), "\(name)")
            #expect(Hex.encode(tx.safeTxHash) == SafeVectors.string(v, "safeTxHash"), "\(name)")
        }
    }

    @Test func writtenFileReadsBackAndMatchesTheVectorFile() throws {
        for v in SafeVectors.items("hashes") {
            let tx = try SafeVectors.file(v)
            let again = try SafeTx(bytes: Array(tx.jsonValue.compact.utf8))
            #expect(again == tx)
            // The vector's file (without signatures) is exactly what Ballast writes, but for the key.
            guard case .object(var members) = tx.jsonValue, let original = v["file"] else { continue }
            members.removeAll { $0.key == "signatures" }
            #expect(JSONValue.object(members) == original, "\(SafeVectors.string(v, "name"))")
        }
    }

    @Test func ownerSignaturesAreByteForByte() throws {
        for v in SafeVectors.items("signing") {
            let tx = try SafeVectors.file(v)
            #expect(Hex.encode(tx.safeTxHash) == SafeVectors.string(v, "safeTxHash"))
            let signed = try SafeSignatures.sign(tx, signer: SafeVectors.signer(SafeVectors.string(v, "key")))
            #expect(signed.owner.checksummed == SafeVectors.string(v, "owner"))
            #expect(Hex.encode(signed.signature) == SafeVectors.string(v, "signature"))
            #expect(try SafeSignatures.signer(of: signed.signature, safeTxHash: tx.safeTxHash) == .eip712(signed.owner))
        }
    }

    @Test func packedSignaturesAndExecTransaction() throws {
        for v in SafeVectors.items("packed") {
            let tx = try SafeVectors.file(v)
            #expect(tx.signatures.count == 3)
            let packed = try tx.packedSignatures(SafeExecutionRequirements(threshold: 3))
            #expect(Hex.encode(packed) == SafeVectors.string(v, "packed"))
            #expect(Hex.encode(tx.execTransactionCalldata(signatures: packed)) == SafeVectors.string(v, "execTransaction"))
            guard case .array(let owners)? = v["sortedOwners"] else { Issue.record("no sortedOwners"); continue }
            #expect(tx.sortedSignatures.map { JSONValue.string($0.owner.checksummed) } == owners)
        }
    }

    @Test func signatureTypesAndOwners() throws {
        for v in SafeVectors.items("parse") {
            let hash = SafeVectors.bytes(v, "safeTxHash")
            let sig = SafeVectors.bytes(v, "signature")
            let signer = try SafeSignatures.signer(of: sig, safeTxHash: hash)
            #expect(signer.kindName == SafeVectors.string(v, "type"))
            #expect(signer.owner.checksummed == SafeVectors.string(v, "owner"))
            if let f = v["file"] {
                // In a file under its owner, every kind but a contract signature is executable.
                var tx = try SafeTx(json: f)
                #expect(tx.safeTxHash == hash)
                tx.signatures = [SafeOwnerSignature(owner: signer.owner, signature: sig)]
                #expect(tx.signatureProblems().isEmpty)
                #expect(try tx.packedSignatures(SafeExecutionRequirements(threshold: 1, owners: [signer.owner], expectedHash: hash)) == sig)
                tx.nonce = tx.nonce + UInt256(1)
                #expect(tx.signatureProblems().count == (signer.isRecovered ? 1 : 0))
            }
            if case .contract(_, let offset) = signer {
                #expect(offset == UInt256(65))
                let split = SafeSignatures.split(SafeVectors.bytes(v, "packed"))
                #expect(split.signatures == [sig])
            }
        }
    }

    @Test func planSafeTxIsTheMultiSendOfTheBatch() throws {
        guard let p = SafeVectors.doc["plan"] else { Issue.record("no plan vector"); return }
        let url = Vectors.projectRoot.appendingPathComponent(SafeVectors.string(p, "plan"))
        var json = try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
        // execution.safeNonce = 5, as the generator assumes.
        if case .object(var top) = json, let i = top.firstIndex(where: { $0.key == "execution" }), case .object(var ex) = top[i].value {
            ex.append(("safeNonce", .number("5")))
            top[i].value = .object(ex)
            json = .object(top)
        }
        let plan = try Plan(json: json)
        let tx = try plan.compile().safeTx()
        guard case .object(var members) = tx.jsonValue, let expected = p["file"] else { Issue.record("no file"); return }
        members.removeAll { $0.key == "signatures" }
        guard case .object(var want) = expected else { return }
        want.removeAll { $0.key == "signatures" }
        #expect(JSONValue.object(members) == JSONValue.object(want))
        #expect(Hex.encode(tx.safeTxHash) == SafeVectors.string(p, "safeTxHash"))
        #expect(Hex.encode(tx.domainSeparator) == SafeVectors.string(p, "domainSeparator"))
    }
}

/// A vector without its SafeTx file.
enum VectorError: Error { case noFile }
