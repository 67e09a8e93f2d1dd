import BallastJSON
import EthereumPrimitives
import Foundation
import Secp256k1
import TestSupport
import Testing
@testable import Transactions

/// JSON input and output, type inference, intrinsic gas and the rule checks made before signing.
@Suite struct JSONAndRulesTests {
    static let key = try! PrivateKeySigner(privateKey: PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32)))
    static let to = "0x3333333333333333333333333333333333333333"

    func parse(_ text: String, allowUnprotected: Bool = false) throws(TransactionError) -> UnsignedTransaction {
        try UnsignedTransaction(jsonText: text, allowUnprotected: allowUnprotected)
    }

    func expectError(_ text: String, code: String, at location: String, allowUnprotected: Bool = false,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let tx = try parse(text, allowUnprotected: allowUnprotected)
            Issue.record("accepted: \(tx)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error.description)", sourceLocation: sourceLocation)
            #expect(error.location == location, "\(error.description)", sourceLocation: sourceLocation)
        }
    }

    @Test func typeInference() throws {
        #expect(try parse(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1}"#).type == .legacy)
        #expect(try parse(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"accessList":[]}"#).type == .accessList)
        #expect(try parse(#"{"chainId":1,"nonce":0,"gas":21000,"maxFeePerGas":2,"maxPriorityFeePerGas":1}"#).type == .dynamicFee)
        let blob = #"{"chainId":1,"nonce":0,"gas":21000,"maxFeePerGas":2,"maxPriorityFeePerGas":1,"to":"\#(Self.to)","maxFeePerBlobGas":1,"blobVersionedHashes":["0x01\#(String(repeating: "ab", count: 31))"]}"#
        #expect(try parse(blob).type == .blob)
        let auth = #"{"chainId":"0x1","address":"\#(Self.to)","nonce":"0x0","yParity":"0x1","r":"0x1","s":"0x2"}"#
        let setCode = #"{"chainId":1,"nonce":0,"gas":50000,"maxFeePerGas":2,"maxPriorityFeePerGas":1,"to":"\#(Self.to)","authorizationList":[\#(auth)]}"#
        #expect(try parse(setCode).type == .setCode)
        // An explicit type wins, in any quantity form.
        #expect(try parse(#"{"type":"0x2","chainId":1,"nonce":0,"gas":21000,"maxFeePerGas":2,"maxPriorityFeePerGas":1}"#).type == .dynamicFee)
        #expect(try parse(#"{"type":"1","chainId":1,"nonce":0,"gas":21000,"gasPrice":1}"#).type == .accessList)
    }

    @Test func quantitiesAndBounds() throws {
        let max256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let tx = try parse(#"{"chainId":"18446744073709551615","nonce":"0xfffffffffffffffe","gas":21000,"gasPrice":\#(max256),"value":"0x\#(String(repeating: "f", count: 64))"}"#)
        #expect(tx.chainId == .max && tx.nonce == UInt64.max - 1 && tx.gasPrice == .max && tx.value == .max)
        expectError(#"{"chainId":1,"nonce":"18446744073709551616","gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"value":"0x1\#(String(repeating: "0", count: 64))"}"#, code: "tx_json_invalid_value", at: "value")
        expectError(#"{"chainId":1,"nonce":-1,"gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":1.5,"gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":1e3,"gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":"","gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":"0x","gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":" 1","gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":true,"gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "nonce")
        expectError(#"{"chainId":1,"nonce":0,"gas":"0x1g","gasPrice":1}"#, code: "tx_json_invalid_value", at: "gas")
    }

    @Test func fieldErrors() throws {
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"gasLimit":5}"#, code: "tx_json_unknown_field", at: "gasLimit")
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"from":"\#(Self.to)"}"#, code: "tx_json_unknown_field", at: "from")
        expectError(#"{"chainId":1,"gas":21000,"gasPrice":1}"#, code: "tx_json_missing_field", at: "nonce")
        expectError(#"{"chainId":1,"nonce":0,"gasPrice":1}"#, code: "tx_json_missing_field", at: "gas")
        expectError(#"{"chainId":1,"nonce":0,"gas":21000}"#, code: "tx_json_missing_field", at: "gasPrice")
        expectError(#"{"type":2,"chainId":1,"nonce":0,"gas":21000,"maxFeePerGas":1}"#, code: "tx_json_missing_field", at: "maxPriorityFeePerGas")
        expectError(#"{"type":2,"nonce":0,"gas":21000,"maxFeePerGas":1,"maxPriorityFeePerGas":1}"#, code: "tx_json_missing_field", at: "chainId")
        expectError(#"{"nonce":0,"gas":21000,"gasPrice":1}"#, code: "tx_unprotected", at: "chainId")
        #expect(try parse(#"{"nonce":0,"gas":21000,"gasPrice":1}"#, allowUnprotected: true).chainId == nil)
        // Fields of another type.
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"maxFeePerGas":2,"maxPriorityFeePerGas":1}"#,
                    code: "tx_json_field_not_allowed", at: "gasPrice")
        expectError(#"{"type":0,"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"accessList":[]}"#,
                    code: "tx_json_field_not_allowed", at: "accessList")
        expectError(#"{"type":2,"chainId":1,"nonce":0,"gas":21000,"maxFeePerGas":2,"maxPriorityFeePerGas":1,"authorizationList":[]}"#,
                    code: "tx_json_field_not_allowed", at: "authorizationList")
        expectError(#"{"type":5,"chainId":1,"nonce":0,"gas":21000,"gasPrice":1}"#, code: "tx_json_invalid_value", at: "type")
        // input/data
        #expect(try parse(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"input":"0xAbCd","data":"0xabcd"}"#).input == [0xAB, 0xCD])
        #expect(try parse(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"data":"abcd"}"#).input == [0xAB, 0xCD])
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"input":"0xabcd","data":"0xabce"}"#,
                    code: "tx_json_conflicting_fields", at: "data")
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"input":"0xabc"}"#, code: "tx_json_invalid_value", at: "input")
        // to
        #expect(try parse(#"{"chainId":1,"nonce":0,"gas":60000,"gasPrice":1,"to":null}"#).to == nil)
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"to":"0x33333333333333333333333333333333333333"}"#,
                    code: "tx_json_invalid_value", at: "to")
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"to":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"}"#,
                    code: "tx_json_invalid_value", at: "to")  // bad EIP-55 checksum
        expectError(#"{"type":4,"chainId":1,"nonce":0,"gas":21000,"maxFeePerGas":2,"maxPriorityFeePerGas":1,"authorizationList":[]}"#,
                    code: "tx_missing_to", at: "to")
        // nested paths
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"accessList":[{"address":"\#(Self.to)","storageKeys":["0x01"]}]}"#,
                    code: "tx_json_invalid_value", at: "accessList[0].storageKeys[0]")
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"accessList":[{"storageKeys":[]}]}"#,
                    code: "tx_json_missing_field", at: "accessList[0].address")
        expectError(#"{"chainId":1,"nonce":0,"gas":21000,"gasPrice":1,"accessList":[{"address":"\#(Self.to)","keys":[]}]}"#,
                    code: "tx_json_unknown_field", at: "accessList[0].keys")
        let setCode = #"{"chainId":1,"nonce":0,"gas":50000,"maxFeePerGas":2,"maxPriorityFeePerGas":1,"to":"\#(Self.to)","authorizationList":"#
        expectError(setCode + "[]}", code: "tx_empty_authorization_list", at: "authorizationList")
        expectError(setCode + #"[{"chainId":1,"address":"\#(Self.to)","nonce":0,"yParity":256,"r":1,"s":1}]}"#,
                    code: "tx_json_invalid_value", at: "authorizationList[0].yParity")
        expectError(setCode + #"[{"chainId":1,"address":"\#(Self.to)","nonce":0,"yParity":0,"r":1}]}"#,
                    code: "tx_json_missing_field", at: "authorizationList[0].s")
        let blob = #"{"chainId":1,"nonce":0,"gas":21000,"maxFeePerGas":2,"maxPriorityFeePerGas":1,"to":"\#(Self.to)","maxFeePerBlobGas":1,"blobVersionedHashes":"#
        expectError(blob + "[]}", code: "tx_no_blob_hashes", at: "blobVersionedHashes")
        expectError(blob + #"["0x02\#(String(repeating: "ab", count: 31))"]}"#, code: "tx_invalid_blob_hash_version", at: "blobVersionedHashes[0]")
        // Not JSON, or not an object.
        expectError(#"{"chainId":1,"#, code: "bad_json", at: "byte 13")
        expectError(#"[1]"#, code: "tx_json_invalid_value", at: "$")
        // A path prefix from the caller.
        do {
            _ = try UnsignedTransaction(json: .object([("chainId", .number("1")), ("nonce", .string("x"))]), path: JSONPath([.key("lines"), .index(2)]))
            Issue.record("accepted")
        } catch {
            #expect(error.location == "lines[2].nonce")
        }
    }

    @Test func decodeJSONFormat() throws {
        // A legacy EIP-155 creation and a type-4 transaction: check every formatting rule.
        let legacy = try parse(#"{"chainId":1,"nonce":7,"gas":100000,"gasPrice":"1000000000","value":5,"input":"0x6000"}"#)
        let signed = try legacy.sign(with: Self.key)
        let json = signed.jsonValue()
        #expect(json["type"] == .number("0"))
        #expect(json["chainId"] == .string("1"))
        #expect(json["nonce"] == .string("7"))
        #expect(json["to"] == .null)
        #expect(json["value"] == .string("5"))
        #expect(json["input"] == .string("0x6000"))
        #expect(json["gas"] == .string("100000"))
        #expect(json["gasPrice"] == .string("1000000000"))
        #expect(json["v"] == .string(String(37 + Int(signed.signature.yParity))))
        #expect(json["yParity"] == nil && json["accessList"] == nil)
        #expect(json["r"]?.string?.hasPrefix("0x") == true)
        #expect(json["from"] == .string(signed.sender.checksummed))
        #expect(json["hash"] == .string(signed.hash.hex))
        let keys = { () -> [String] in if case .object(let m) = json { return m.map(\.key) }; return [] }()
        #expect(keys == ["type", "chainId", "nonce", "to", "value", "input", "gas", "gasPrice", "v", "r", "s", "from", "hash"])

        let pre155 = try parse(#"{"nonce":0,"gas":21000,"gasPrice":1,"to":"\#(Self.to)"}"#, allowUnprotected: true).sign(with: Self.key)
        #expect(pre155.jsonValue()["chainId"] == .null)
        #expect(pre155.jsonValue()["v"] == .string(String(27 + Int(pre155.signature.yParity))))

        let auth = try UnsignedAuthorization(chainId: 1, address: Address(hex: Self.to), nonce: 3).sign(with: Self.key)
        let bad = SignedAuthorization(chainId: 1, address: auth.address, nonce: 3, yParity: 7, r: auth.r, s: auth.s)
        let setCode = SetCodeTransaction(
            chainId: 1, nonce: 2, maxPriorityFeePerGas: 1, maxFeePerGas: 100, gasLimit: 80_000,
            to: try Address(hex: Self.to), authorizationList: [auth, bad])
        let s4 = try setCode.sign(with: Self.key)
        let j4 = s4.jsonValue()
        #expect(j4["type"] == .number("4"))
        #expect(j4["yParity"] == .number(String(s4.signature.yParity)))
        #expect(j4["maxFeePerGas"] == .string("100") && j4["maxPriorityFeePerGas"] == .string("1"))
        #expect(j4["accessList"] == .array([]))
        let list = j4["authorizationList"]?.array ?? []
        #expect(list.count == 2)
        #expect(list.first?["authority"] == .string(Self.key.addressString))
        #expect(list.first?["chainId"] == .string("1") && list.first?["nonce"] == .string("3"))
        #expect(list.last?["authority"] == .null)  // yParity 7: invalid, reported as null
        #expect(list.last?["yParity"] == .number("7"))
        // The transaction with an invalid authorization is still valid and decodes.
        let back = try SignedTransaction.decode(s4.encoded)
        #expect(back == s4)
        #expect(back.authorities() == [Self.key.address, nil])
    }

    @Test func intrinsicGasRules() throws {
        let data: [UInt8] = [0, 0, 1, 2, 0, 0xFF]  // 3 zero, 3 non-zero
        var tx = DynamicFeeTransaction(chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 0, to: nil, input: data)
        // creation: 21000 + 32000 + 2·1 word + 3·4 + 3·16
        #expect(UnsignedTransaction(tx).intrinsicGas(fork: .prague).intrinsic == 53_062)
        #expect(UnsignedTransaction(tx).intrinsicGas(fork: .london).intrinsic == 53_060)
        // floor: 21000 + 10·(3 + 4·3)
        #expect(UnsignedTransaction(tx).intrinsicGas(fork: .prague).floor == 21_150)
        #expect(UnsignedTransaction(tx).intrinsicGas(fork: .cancun).floor == 0)
        tx.to = .zero
        tx.accessList = [AccessListEntry(address: .zero, storageKeys: [.zero, .zero]), AccessListEntry(address: .zero)]
        #expect(UnsignedTransaction(tx).intrinsicGas().intrinsic == 21_000 + 60 + 2 * 2400 + 2 * 1900)
        // Calldata-heavy: the floor decides.
        let heavy = [UInt8](repeating: 0xFF, count: 1000)
        let t2 = UnsignedTransaction(DynamicFeeTransaction(
            chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 0, to: .zero, input: heavy))
        #expect(t2.intrinsicGas().intrinsic == 21_000 + 16_000)
        #expect(t2.intrinsicGas().floor == 21_000 + 40_000)
        #expect(t2.minimumGasLimit == 61_000)
        // Authorizations: 25000 each.
        let auth = SignedAuthorization(chainId: 1, address: .zero, nonce: 0, yParity: 0, r: 1, s: 1)
        let t4 = UnsignedTransaction(SetCodeTransaction(
            chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 0, to: .zero, authorizationList: [auth, auth]))
        #expect(t4.intrinsicGas().intrinsic == 71_000)
    }

    @Test func signingRefusals() throws {
        func refuse(_ tx: UnsignedTransaction, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try tx.sign(with: Self.key)
                Issue.record("signed", sourceLocation: sourceLocation)
            } catch {
                #expect(error.code == code, "\(error.description)", sourceLocation: sourceLocation)
            }
        }
        let base = DynamicFeeTransaction(chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 21_000, to: .zero)
        _ = try base.sign(with: Self.key)
        var t = base
        t.gasLimit = 20_999
        refuse(.dynamicFee(t), "gas_below_intrinsic")
        t = base
        t.input = [UInt8](repeating: 0xFF, count: 1000)
        t.gasLimit = 60_999  // above intrinsic (37000), below the floor (61000)
        refuse(.dynamicFee(t), "gas_below_intrinsic")
        t.gasLimit = 61_000
        _ = try t.sign(with: Self.key)
        #expect(try UnsignedTransaction(t).sign(with: Self.key, fork: .cancun).transaction == .dynamicFee(t))
        t = base
        t.nonce = .max
        refuse(.dynamicFee(t), "nonce_too_large")
        t = base
        t.maxPriorityFeePerGas = 3
        refuse(.dynamicFee(t), "priority_fee_above_max_fee")
        t = base
        t.maxFeePerGas = .max
        t.maxPriorityFeePerGas = 0
        refuse(.dynamicFee(t), "fee_overflow")
        t = base
        t.to = nil
        t.input = [UInt8](repeating: 1, count: 49_153)
        t.gasLimit = 10_000_000
        refuse(.dynamicFee(t), "initcode_too_large")
        let blob = BlobTransaction(
            chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 21_000, to: .zero,
            maxFeePerBlobGas: 1, blobVersionedHashes: [])
        refuse(.blob(blob), "tx_no_blob_hashes")
        var b2 = blob
        b2.blobVersionedHashes = [Bytes32](repeating: Bytes32(word: UInt256(1) << 248), count: 10)
        refuse(.blob(b2), "too_many_blobs")
        b2.blobVersionedHashes = [Bytes32(word: UInt256(2) << 248)]
        refuse(.blob(b2), "tx_invalid_blob_hash_version")
        let setCode = SetCodeTransaction(
            chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 100_000, to: .zero, authorizationList: [])
        refuse(.setCode(setCode), "tx_empty_authorization_list")
        do {
            _ = try UnsignedTransaction(setCode).sign(with: Self.key, fork: .cancun)
            Issue.record("signed")
        } catch {
            #expect(error.code == "tx_type_not_supported_by_fork")
        }
        // Chain id check on validation.
        let signed = try base.sign(with: Self.key)
        #expect(throws: TransactionError.self) { try signed.validate(chainId: 5) }
        try signed.validate(chainId: 1)
    }

    /// Osaka: gas limit at most 2^24 (EIP-7825) and at most 6 blobs a transaction (EIP-7594);
    /// Prague, the default, has neither limit (9 blobs, the block's limit).
    @Test func osakaRules() throws {
        #expect(Fork(name: "Osaka") == .osaka && Fork(name: "fusaka") == .osaka && Fork.osaka > .prague)
        var t = DynamicFeeTransaction(chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 1 << 24, to: .zero)
        try UnsignedTransaction(t).validate(fork: .osaka)
        t.gasLimit = (1 << 24) + 1
        try UnsignedTransaction(t).validate()
        do {
            try UnsignedTransaction(t).validate(fork: .osaka)
            Issue.record("accepted gas above the cap")
        } catch {
            #expect(error.code == "gas_above_cap" && error.field == "gas")
        }
        do {
            _ = try UnsignedTransaction(t).sign(with: Self.key, fork: .osaka)
            Issue.record("signed gas above the cap")
        } catch {
            #expect(error.code == "gas_above_cap")
        }
        var blob = BlobTransaction(
            chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 21_000, to: .zero,
            maxFeePerBlobGas: 1, blobVersionedHashes: [Bytes32](repeating: Bytes32(word: UInt256(1) << 248), count: 6))
        try UnsignedTransaction(blob).validate(fork: .osaka)
        blob.blobVersionedHashes.append(Bytes32(word: UInt256(1) << 248))
        try UnsignedTransaction(blob).validate(fork: .prague)
        do {
            try UnsignedTransaction(blob).validate(fork: .osaka)
            Issue.record("accepted 7 blobs")
        } catch {
            #expect(error.code == "too_many_blobs")
        }
    }

    /// A signer that does not keep its promise is caught: the signature must recover to its address.
    @Test func lyingSigner() throws {
        struct Liar: Signer {
            let inner: PrivateKeySigner
            var addressBytes: [UInt8] { [UInt8](repeating: 0x42, count: 20) }
            func sign(hash: [UInt8]) throws -> RecoverableSignature { try inner.sign(hash: hash) }
        }
        struct Honest: Signer {
            let inner: PrivateKeySigner
            var addressBytes: [UInt8] { inner.addressBytes }
            func sign(hash: [UInt8]) throws -> RecoverableSignature { try inner.sign(hash: hash) }
        }
        let tx = DynamicFeeTransaction(chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 21_000, to: .zero)
        do {
            _ = try tx.sign(with: Liar(inner: Self.key))
            Issue.record("signed")
        } catch {
            #expect(error.code == "signer_mismatch")
        }
        #expect(try tx.sign(with: Honest(inner: Self.key)) == tx.sign(with: Self.key))
    }

    @Test func legacyV() throws {
        #expect(TransactionSignature.legacyV(chainId: nil, yParity: 1) == 28)
        #expect(TransactionSignature.legacyV(chainId: 1, yParity: 0) == 37)
        #expect(TransactionSignature.legacyV(chainId: .max, yParity: 1) == UInt256(UInt64.max) * 2 + 36)
        #expect(TransactionSignature.parseLegacyV(UInt256(UInt64.max) * 2 + 36)! == (UInt64.max, 1))
        #expect(TransactionSignature.parseLegacyV(UInt256(UInt64.max) * 2 + 37) == nil)
        #expect(TransactionSignature.parseLegacyV(35)! == (0, 0))
        for bad: UInt256 in [0, 1, 26, 29, 30, 34] { #expect(TransactionSignature.parseLegacyV(bad) == nil) }
    }
}

extension PrivateKeySigner {
    var address: Address { Address(bytes: addressBytes)! }
    var addressString: String { address.checksummed }
}
