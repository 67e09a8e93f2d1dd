import EthereumPrimitives
import Foundation
import Keccak
import Messages
import Secp256k1
import TestSupport
import Testing

/// vectors/messages.json, made by vectors/gen_messages.py with eth-account 0.14.0.
struct MessageVectors: Decodable {
    struct Personal: Decodable {
        let privateKey: String
        let address: String
        let message: String
        let text: String?
        let hash: String
        let signature: String
    }
    struct Recover: Decodable {
        let name: String
        let message: String
        let signature: String
        let recovered: String?
        let lowS: Bool
        let standardV: Bool
    }
    let personal: [Personal]
    let recover: [Recover]

    static let shared: MessageVectors = {
        do {
            return try Vectors.decode(MessageVectors.self, from: Vectors.project("messages.json"))
        } catch {
            fatalError("vectors/messages.json: \(error)")
        }
    }()
}

func bytes(_ hex: String) -> [UInt8] {
    guard let b = TestHex.decode(hex) else { fatalError("bad hex in vectors: \(hex.prefix(20))") }
    return b
}

func signer(_ keyHex: String) throws -> PrivateKeySigner {
    try PrivateKeySigner(privateKey: PrivateKey(bytes: bytes(keyHex)))
}

@Suite struct PersonalMessageTests {
    let vectors = MessageVectors.shared

    @Test func vectorsArePresent() {
        #expect(vectors.personal.count >= 15)
        #expect(vectors.recover.count >= 20)
    }

    @Test func hashesMatchEthAccount() {
        for v in vectors.personal {
            let message = bytes(v.message)
            #expect(TestHex.encode(PersonalMessage.hash(message)) == v.hash, "\(v.message.prefix(24))")
            if let text = v.text {
                #expect(TestHex.encode(PersonalMessage.hash(text: text)) == v.hash)
            }
            // The one-shot encoding hashes to the same digest.
            let encoded = PersonalMessage.encode(message)
            #expect(Array(encoded.prefix(26)) == Array("\u{19}Ethereum Signed Message:\n".utf8))
            #expect("0x" + Keccak256.hash(data: encoded).description == v.hash)
        }
    }

    @Test func signaturesMatchEthAccount() throws {
        for v in vectors.personal {
            let s = try signer(v.privateKey)
            let signature = try PersonalMessage.sign(bytes(v.message), signer: s)
            #expect(TestHex.encode(signature) == v.signature, "\(v.message.prefix(24))")
            #expect(signature[64] == 27 || signature[64] == 28)
            #expect(Address(bytes: s.addressBytes)?.checksummed == v.address)
        }
    }

    @Test func verifyAndRecover() throws {
        for v in vectors.personal {
            let message = bytes(v.message)
            let address = try Address(hex: v.address)
            #expect(try PersonalMessage.recoverAddress(message, signature: bytes(v.signature)) == address)
            #expect(PersonalMessage.verify(message, signature: bytes(v.signature), address: address))
            // Another message, another address: false.
            #expect(!PersonalMessage.verify(message + [0], signature: bytes(v.signature), address: address))
            #expect(!PersonalMessage.verify(message, signature: bytes(v.signature), address: .zero))
        }
    }

    /// eth-account's recovery, except where the project's policy is stricter (high s, non-standard v).
    @Test func recoverCases() throws {
        for c in vectors.recover {
            let message = bytes(c.message)
            let result = Result { () throws(MessagesError) in
                try PersonalMessage.recoverAddress(message, signature: bytes(c.signature))
            }
            if let expected = c.recovered, c.lowS, c.standardV {
                #expect(try result.get().checksummed == expected, "\(c.name)")
                #expect(PersonalMessage.verify(message, signature: bytes(c.signature), address: try Address(hex: expected)))
            } else {
                #expect(throws: MessagesError.self, "\(c.name)") { try result.get() }
                if let expected = c.recovered {
                    #expect(!PersonalMessage.verify(message, signature: bytes(c.signature), address: try Address(hex: expected)))
                }
            }
        }
    }

    @Test func errorCodesAndPlaces() throws {
        let v = vectors.personal[2]
        let message = bytes(v.message)
        let good = bytes(v.signature)
        func code(_ sig: [UInt8]) -> (String?, String?) {
            do {
                _ = try PersonalMessage.recoverAddress(message, signature: sig)
                return (nil, nil)
            } catch {
                return (error.code, error.location)
            }
        }
        #expect(code(Array(good.prefix(64))).0 == "invalid_signature_length")
        #expect(code(good + [0]).0 == "invalid_signature_length")
        #expect(code([]).0 == "invalid_signature_length")
        var bad = good
        bad[64] = 29
        #expect(code(bad) == ("invalid_signature_v", "byte 64"))
        bad = good
        for i in 32..<64 { bad[i] = 0 }
        #expect(code(bad) == ("invalid_signature_s", "bytes 32-63"))
        bad = good
        for i in 0..<32 { bad[i] = 0xff }
        #expect(code(bad) == ("invalid_signature_r", "bytes 0-31"))
        // High s.
        let n = bytes("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        var s = Array(good[32..<64])
        var borrow = 0
        for i in stride(from: 31, through: 0, by: -1) {
            let d = Int(n[i]) - Int(s[i]) - borrow
            s[i] = UInt8((d + 256) % 256)
            borrow = d < 0 ? 1 : 0
        }
        bad = Array(good[0..<32]) + s + [good[64] == 27 ? 28 : 27]
        #expect(code(bad) == ("signature_high_s", "bytes 32-63"))
    }

    @Test func decimalLengths() {
        #expect(PersonalMessage.decimal(0) == Array("0".utf8))
        #expect(PersonalMessage.decimal(9) == Array("9".utf8))
        #expect(PersonalMessage.decimal(10) == Array("10".utf8))
        #expect(PersonalMessage.decimal(1_000_000) == Array("1000000".utf8))
    }

    @Test func randomSignaturesNeverCrash() {
        var rng = SystemRandomNumberGenerator()
        let message = Array("hello".utf8)
        for _ in 0..<500 {
            var sig = (0..<65).map { _ in UInt8.random(in: 0...255, using: &rng) }
            sig[64] = [0, 1, 27, 28, 2, 255].randomElement(using: &rng) ?? 27
            _ = try? PersonalMessage.recoverAddress(message, signature: sig)
            _ = PersonalMessage.verify(message, signature: sig, address: .zero)
        }
    }

    @Test func otherSignersAreChecked() throws {
        struct Lying: Signer {
            let inner: PrivateKeySigner
            let addressBytes: [UInt8]
            func sign(hash: [UInt8]) throws -> RecoverableSignature { try inner.sign(hash: hash) }
        }
        let honest = try signer(vectors.personal[0].privateKey)
        let liar = Lying(inner: honest, addressBytes: [UInt8](repeating: 7, count: 20))
        #expect(throws: MessagesError.self) { try PersonalMessage.sign([1, 2, 3], signer: liar) }
        let truthful = Lying(inner: honest, addressBytes: honest.addressBytes)
        #expect(try PersonalMessage.sign([1, 2, 3], signer: truthful) == PersonalMessage.sign([1, 2, 3], signer: honest))
    }
}
