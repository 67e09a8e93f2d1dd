import BallastJSON
import EthereumPrimitives
import Foundation
import Secp256k1
import TestSupport
import Testing
@testable import Transactions

/// vectors/tx.json: transactions signed by eth-account 0.14.0 (RFC 6979), with signing hashes
/// and intrinsic gas computed independently in Python.
@Suite struct EthAccountVectorTests {
    static let file: JSONValue = {
        (try? loadJSON(Vectors.project("tx.json"))) ?? .null
    }()

    static var transactions: [JSONValue] { file["transactions"]?.array ?? [] }

    @Test func fileLoads() {
        #expect(Self.transactions.count >= 150)
        #expect((Self.file["authorizations"]?.array?.count ?? 0) >= 30)
    }

    /// Two raw transactions decoded together (their four digests hashed at once) give what
    /// decoding each alone gives, and eth-account's sender and hash: every vector paired with the
    /// next, and with inputs that fail (a flipped byte, a cut, garbage) on either side.
    @Test func pairsDecodeAsEachAlone() throws {
        let raws = try Self.transactions.map { v -> [UInt8] in
            guard let raw = v["raw"]?.string else { throw VectorError("no raw") }
            return try Hex.decode(raw)
        }
        let senders = Self.transactions.map { $0["sender"]?.string }
        let hashes = Self.transactions.map { $0["hash"]?.string }
        func same(_ r: Result<SignedTransaction, TransactionError>, _ raw: [UInt8]) -> Bool {
            let alone = Result { () throws(TransactionError) in try SignedTransaction.decode(raw) }
            switch (r, alone) {
            case (.success(let a), .success(let b)): return a == b && a.hash == b.hash
            case (.failure(let a), .failure(let b)): return a.code == b.code && a.location == b.location && a.message == b.message
            default: return false
            }
        }
        var wrong: [String] = []
        for i in raws.indices {
            let j = (i + 1) % raws.count
            let (a, b) = SignedTransaction.decode(raws[i][...], raws[j][...])
            if !same(a, raws[i]) || !same(b, raws[j]) { wrong.append("pair \(i), \(j)") }
            if case .success(let t) = a, t.sender.checksummed != senders[i] || t.hash.hex != hashes[i] { wrong.append("vector \(i)") }
            var flipped = raws[i]
            flipped[flipped.count / 2] ^= 0x01
            let bad: [[UInt8]] = [flipped, Array(raws[i].dropLast()), [0x02, 0xC0], []]
            for x in bad {
                let (p, q) = SignedTransaction.decode(x[...], raws[j][...])
                let (r, s) = SignedTransaction.decode(raws[j][...], x[...])
                if !same(p, x) || !same(q, raws[j]) || !same(r, raws[j]) || !same(s, x) { wrong.append("bad with \(i)") }
            }
        }
        #expect(wrong == [])
    }

    /// Parse the unsigned JSON, check the signing hash, sign, and compare byte for byte.
    @Test func signMatchesEthAccountByteForByte() throws {
        var checked = 0
        for v in Self.transactions {
            let name = v["name"]?.string ?? "?"
            guard let unsignedJSON = v["unsigned"] else { throw VectorError("\(name): no unsigned") }
            let tx = try UnsignedTransaction(json: unsignedJSON, allowUnprotected: true)
            #expect(tx.type.rawValue == UInt8(v["type"]?.int ?? -1), "\(name)")
            #expect(tx.signingHash.hex == v["signingHash"]?.string, "\(name): signing hash")
            let key = try signer(v["key"]?.string)
            let signed = try tx.sign(with: key)
            #expect(signed.rawHex == v["raw"]?.string, "\(name): raw")
            #expect(signed.hash.hex == v["hash"]?.string, "\(name): hash")
            #expect(signed.sender.checksummed == v["sender"]?.string, "\(name): sender")
            #expect(signed.signature.r.hexQuantity == v["r"]?.string, "\(name): r")
            #expect(signed.signature.s.hexQuantity == v["s"]?.string, "\(name): s")
            #expect(Int(signed.signature.yParity) == v["yParity"]?.int, "\(name): yParity")
            if let legacyV = signed.v { #expect(legacyV.decimalString == v["v"]?.string, "\(name): v") }
            let gas = tx.intrinsicGas(fork: .prague)
            #expect(Int(gas.intrinsic) == v["intrinsicGas"]?.int, "\(name): intrinsic gas")
            #expect(Int(gas.floor) == v["floorGas"]?.int, "\(name): floor")
            checked += 1
        }
        #expect(checked == Self.transactions.count)
        print("eth-account transactions: \(checked)/\(Self.transactions.count) signed byte for byte")
    }

    /// Decode eth-account's raw bytes: same transaction as the JSON, same sender and hash;
    /// re-encoding gives the input back; JSON output parses back to the same transaction.
    @Test func decodeEthAccountRaw() throws {
        for v in Self.transactions {
            let name = v["name"]?.string ?? "?"
            let raw = try hexBytes(v["raw"]?.string)
            let decoded = try SignedTransaction.decode(raw)
            let expected = try UnsignedTransaction(json: v["unsigned"] ?? .null, allowUnprotected: true)
            #expect(decoded.transaction == expected, "\(name)")
            #expect(decoded.sender.checksummed == v["sender"]?.string, "\(name): sender")
            #expect(decoded.hash.hex == v["hash"]?.string, "\(name): hash")
            #expect(decoded.encoded == raw, "\(name): re-encoding")
            #expect(decoded.signingHash.hex == v["signingHash"]?.string, "\(name): signing hash")
            try decoded.validate(fork: .prague)
            // JSON output → input → same transaction.
            let out = decoded.jsonValue()
            #expect(out["from"]?.string == v["sender"]?.string)
            #expect(out["hash"]?.string == v["hash"]?.string)
            var members: [(key: String, value: JSONValue)] = []
            if case .object(let m) = out {
                members = m.filter { !["v", "yParity", "r", "s", "from", "hash"].contains($0.key) }.map { member in
                    // Authorities are output only: drop them before parsing back.
                    guard member.key == "authorizationList", case .array(let list) = member.value else { return member }
                    return (member.key, .array(list.map { a in
                        guard case .object(let fields) = a else { return a }
                        return .object(fields.filter { $0.key != "authority" })
                    }))
                }
            }
            let back = try UnsignedTransaction(json: .object(members), allowUnprotected: true)
            #expect(back == expected, "\(name): JSON round trip")
            // The unsigned JSON output parses back too.
            #expect(try UnsignedTransaction(json: expected.jsonValue(), allowUnprotected: true) == expected)
        }
    }

    /// Decoding a set-code transaction recovers each authorization's authority.
    @Test func setCodeAuthorities() throws {
        var count = 0
        for v in Self.transactions where v["type"]?.int == 4 {
            let decoded = try SignedTransaction.decode(hexBytes(v["raw"]?.string))
            let authorities = decoded.authorities()
            #expect(authorities.count == decoded.transaction.authorizationList.count)
            #expect(authorities.allSatisfy { $0 != nil })
            guard case .array(let list)? = decoded.jsonValue()["authorizationList"] else {
                Issue.record("no authorizationList")
                continue
            }
            for (i, a) in list.enumerated() {
                #expect(a["authority"]?.string == authorities[i]?.checksummed)
            }
            count += 1
        }
        #expect(count >= 20)
    }

    /// Authorization vectors: signing hash, signature and authority as eth-account gives them.
    @Test func authorizations() throws {
        for a in Self.file["authorizations"]?.array ?? [] {
            let chainId = try UInt256(decimal: a["chainId"]?.string ?? "")
            let nonce = try #require(UInt64(a["nonce"]?.string ?? ""))
            let address = try Address(hex: a["address"]?.string ?? "")
            let unsigned = UnsignedAuthorization(chainId: chainId, address: address, nonce: nonce)
            #expect(unsigned.signingHash.hex == a["signingHash"]?.string)
            let signed = try unsigned.sign(with: signer(a["key"]?.string))
            #expect(Int(signed.yParity) == a["yParity"]?.int)
            #expect(signed.r.hexQuantity == a["r"]?.string)
            #expect(signed.s.hexQuantity == a["s"]?.string)
            #expect(signed.recoverAuthority()?.checksummed == a["authority"]?.string)
            // sign-auth JSON pastes into an authorization list.
            let parsed = try TransactionJSONReader(path: .root).authorizationList(.array([signed.signAuthJSON()]), .root)
            #expect(parsed == [signed])
        }
    }
}
