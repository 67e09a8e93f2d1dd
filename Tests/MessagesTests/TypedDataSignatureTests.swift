import ABI
import BallastJSON
import EthereumPrimitives
import Foundation
import Messages
import Secp256k1
import TestSupport
import Testing

/// The typedData section of vectors/messages.json (eth-account 0.14.0 encode_typed_data / sign_typed_data).
struct TypedDataVector {
    let name: String
    let privateKey: String
    let address: String
    let data: JSONValue
    let domainSeparator: String
    let hashStruct: String
    let digest: String
    let signature: String

    static let all: [TypedDataVector] = {
        do {
            let text = try String(contentsOf: Vectors.project("messages.json"), encoding: .utf8)
            guard case .array(let items)? = try JSONValue.parse(text)["typedData"] else { return [] }
            return items.compactMap { item in
                func s(_ k: String) -> String? { if case .string(let v)? = item[k] { return v } else { return nil } }
                guard let name = s("name"), let key = s("privateKey"), let address = s("address"), let data = item["data"],
                      let ds = s("domainSeparator"), let hs = s("hashStruct"), let digest = s("digest"), let sig = s("signature")
                else { return nil }
                return TypedDataVector(
                    name: name, privateKey: key, address: address, data: data, domainSeparator: ds, hashStruct: hs,
                    digest: digest, signature: sig)
            }
        } catch {
            fatalError("vectors/messages.json: \(error)")
        }
    }()
}

@Suite struct TypedDataSignatureTests {
    @Test func vectorsArePresent() {
        #expect(TypedDataVector.all.count == 5)
        #expect(TypedDataVector.all.first?.name == "eip712-mail")
    }

    @Test func signaturesMatchEthAccount() throws {
        for v in TypedDataVector.all {
            let doc = try EIP712.TypedData(json: v.data)
            #expect(TestHex.encode(doc.domainSeparator) == v.domainSeparator, "\(v.name)")
            #expect(TestHex.encode(doc.structHash) == v.hashStruct, "\(v.name)")
            #expect(TestHex.encode(doc.digest) == v.digest, "\(v.name)")
            let s = try signer(v.privateKey)
            let signature = try TypedDataSignature.sign(doc, signer: s)
            #expect(TestHex.encode(signature) == v.signature, "\(v.name)")
            let address = try Address(hex: v.address)
            #expect(try TypedDataSignature.recoverAddress(doc, signature: signature) == address)
            #expect(TypedDataSignature.verify(doc, signature: signature, address: address))
            #expect(!TypedDataSignature.verify(doc, signature: signature, address: .zero))
            var v01 = signature
            v01[64] -= 27
            #expect(TypedDataSignature.verify(doc, signature: v01, address: address))
        }
    }
}
