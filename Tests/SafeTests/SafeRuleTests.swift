import BallastJSON
import EthereumPrimitives
import Foundation
import Safe
import Secp256k1
import TestSupport
import Testing

/// The reader's strictness and `packedSignatures`' refusals, on the vectors' three-owner file.
@Suite struct SafeRuleTests {
    static let packedVector = SafeVectors.items("packed")[0]
    static let owners = SafeVectors.items("owners")

    static func ownerKey(_ i: Int) -> String { SafeVectors.string(owners[i], "key") }
    static func ownerAddress(_ i: Int) throws -> Address { try Address(hex: SafeVectors.string(owners[i], "address")) }

    static func signed() throws -> SafeTx { try SafeVectors.file(packedVector) }

    func error(_ body: () throws -> Void) -> SafeError? {
        do {
            try body()
            return nil
        } catch let e as SafeError {
            return e
        } catch {
            Issue.record("not a SafeError: \(error)")
            return nil
        }
    }

    func read(_ text: String) -> SafeError? {
        error { _ = try SafeTx(bytes: Array(text.utf8)) }
    }

    static let minimal = #"{"safe":"0x488967789C7D18397049133DE682f745Ed81EF93","chainId":1,"version":"1.4.1","to":"0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045","value":"0","data":"0x","operation":0,"safeTxGas":"0","baseGas":"0","gasPrice":"0","gasToken":"0x0000000000000000000000000000000000000000","refundReceiver":"0x0000000000000000000000000000000000000000","nonce":"7"}"#

    @Test func readerAcceptsTheContractsExampleWithoutSignatures() throws {
        let tx = try SafeTx(bytes: Array(Self.minimal.utf8))
        #expect(tx.signatures.isEmpty)
        #expect(tx.nonce == UInt256(7))
        #expect(tx.version.text == "1.4.1")
    }

    @Test func readerRefusesWithJSONPaths() {
        func variant(_ from: String, _ to: String) -> String { Self.minimal.replacingOccurrences(of: from, with: to) }
        let cases: [(String, String, String)] = [
            (variant(#""nonce":"7""#, #""nonce":"-1""#), "safe_tx_invalid_quantity", "nonce"),
            (variant(#""nonce":"7""#, #""nonce":"7.5""#), "safe_tx_invalid_quantity", "nonce"),
            (variant(#","nonce":"7""#, ""), "safe_tx_missing_field", "nonce"),
            (variant(#""operation":0"#, #""operation":2"#), "safe_tx_invalid_operation", "operation"),
            (variant(#""version":"1.4.1""#, #""version":"v1.4""#), "safe_tx_invalid_version", "version"),
            (variant(#""chainId":1"#, #""chainId":0"#), "safe_tx_invalid_chain_id", "chainId"),
            (variant("0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045", "0xd8DA6BF26964aF9D7eEd9e03E53415D37aA96045"), "safe_tx_invalid_address", "to"),
            (variant(#""data":"0x""#, #""data":"0x123""#), "safe_tx_invalid_hex", "data"),
            (variant(#""nonce":"7""#, #""nonce":"7","extra":1"#), "safe_tx_unknown_field", "extra"),
            (variant(#""value":"0""#, #""value":null"#), "safe_tx_wrong_kind", "value"),
            (variant(#""nonce":"7""#, #""nonce":"7","signatures":[{"owner":"0x488967789C7D18397049133DE682f745Ed81EF93","signature":"0x00"}]"#), "safe_signature_length", "signatures[0].signature"),
            (variant(#""nonce":"7""#, #""nonce":"7","signatures":{}"#), "safe_tx_wrong_kind", "signatures"),
        ]
        for (text, code, at) in cases {
            let e = read(text)
            #expect(e?.code == code, "\(at)")
            #expect(e?.location?.hasPrefix(at) == true, "\(at): \(e?.location ?? "nil")")
        }
        #expect(read("{\"safe\":").flatMap(\.code) == "safe_tx_syntax")
    }

    /// The file's codes and locations through the shared field reader (a table recorded before the
    /// reader moved onto it; every input class: e2e/test_safe_reader.py).
    @Test func readerKeepsItsCodesAndLocations() {
        func variant(_ from: String, _ to: String) -> String { Self.minimal.replacingOccurrences(of: from, with: to) }
        let owner = "0x488967789C7D18397049133DE682f745Ed81EF93"
        let sig = "0x" + String(repeating: "11", count: 65)
        func signatures(_ json: String) -> String { variant(#""nonce":"7""#, #""nonce":"7","signatures":"# + json) }
        let cases: [(String, String, String)] = [
            (variant(#""chainId":1"#, #""chainId":null"#), "safe_tx_wrong_kind", "chainId"),
            (variant(#""chainId":1"#, #""chainId":1.5"#), "safe_tx_invalid_quantity", "chainId"),
            (variant(#""chainId":1"#, #""chainId":9223372036854775772"#), "safe_tx_invalid_chain_id", "chainId"),
            (variant(#""value":"0""#, #""value":-1"#), "safe_tx_invalid_quantity", "value"),
            (variant(#""value":"0""#, #""value":7.5"#), "safe_tx_invalid_quantity", "value"),
            (variant(#""value":"0""#, #""value":1e3"#), "safe_tx_invalid_quantity", "value"),
            (variant(#""value":"0""#, #""value":"115792089237316195423570985008687907853269984665640564039457584007913129639936""#), "safe_tx_invalid_quantity", "value"),
            (variant(#""value":"0""#, #""value":115792089237316195423570985008687907853269984665640564039457584007913129639936"#), "safe_tx_invalid_quantity", "value"),
            (variant(#""value":"0""#, #""value":"1gwei""#), "safe_tx_invalid_quantity", "value"),
            (variant(#""value":"0""#, #""value":{"raw":"1"}"#), "safe_tx_wrong_kind", "value"),
            (variant(#""operation":0"#, #""operation":true"#), "safe_tx_wrong_kind", "operation"),
            (variant(#""version":"1.4.1""#, #""version":1.4"#), "safe_tx_wrong_kind", "version"),
            (variant(#""data":"0x""#, #""data":"0x12zz""#), "safe_tx_invalid_hex", "data offset 4"),
            (variant(#""data":"0x""#, #""data":[]"#), "safe_tx_wrong_kind", "data"),
            (variant("0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045", "d8DA6BF26964aF9D7eEd9e03E53415D37aA96045"), "safe_tx_invalid_address", "to"),
            (variant("0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045", "0x1234"), "safe_tx_invalid_address", "to"),
            (variant("0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045", ""), "safe_tx_invalid_address", "to"),
            (variant(#""to":"0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045""#, #""to":0"#), "safe_tx_wrong_kind", "to"),
            (variant(#""nonce":"7""#, #""nonce":"7","x-note":1"#), "safe_tx_unknown_field", "x-note"),
            (variant(#"{"safe""#, #"{"zz":1,"aa":2,"safe""#), "safe_tx_unknown_field", "zz"),
            (variant(#""nonce":"7""#, #""zz":1"#), "safe_tx_unknown_field", "zz"),
            (variant(#""value":"0""#, #""value":"-1","zz":1"#), "safe_tx_unknown_field", "zz"),
            (variant(#""value":"0","#, "").replacingOccurrences(of: #""nonce":"7""#, with: #""nonce":"x""#), "safe_tx_missing_field", "value"),
            ("[]", "safe_tx_wrong_kind", "$"),
            ("{}", "safe_tx_missing_field", "safe"),
            (signatures("null"), "safe_tx_wrong_kind", "signatures"),
            (signatures("[null]"), "safe_tx_wrong_kind", "signatures[0]"),
            (signatures(#"[{"signature":"\#(sig)"}]"#), "safe_tx_missing_field", "signatures[0].owner"),
            (signatures(#"[{"owner":"\#(owner)","signature":"\#(sig)","extra":1}]"#), "safe_tx_unknown_field", "signatures[0].extra"),
            (signatures(#"[{"owner":5,"extra":1}]"#), "safe_tx_unknown_field", "signatures[0].extra"),
            (signatures(#"[{"owner":5,"signature":"\#(sig)"}]"#), "safe_tx_wrong_kind", "signatures[0].owner"),
            (signatures(#"[{"owner":"\#(owner)","signature":"0x123"}]"#), "safe_tx_invalid_hex", "signatures[0].signature"),
            (signatures(#"[{"owner":"\#(owner)","signature":"\#(sig)"},{"owner":"\#(owner.dropFirst(2).lowercased())","signature":"\#(sig)"}]"#), "safe_tx_duplicate_owner", "signatures[1].owner"),
            (signatures("[" + Array(repeating: "5", count: 1025).joined(separator: ",") + "]"), "safe_tx_too_many_signatures", "signatures"),
        ]
        for (text, code, at) in cases {
            let e = read(text)
            #expect(e?.code == code, "\(at): \(e?.message ?? "accepted")")
            #expect(e?.location == at, "\(code): \(e?.location ?? "nil")")
        }
        // Accepted as before: addresses without 0x or in upper case, quantities as JSON integers
        // or 0x hex, the chain id and operation as strings, data without 0x.
        let accepted = [
            variant("0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045", "d8dA6BF26964aF9D7eEd9e03E53415D37aA96045"),
            variant("0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045", "0XD8DA6BF26964AF9D7EED9E03E53415D37AA96045"),
            variant(#""nonce":"7""#, #""nonce":7"#),
            variant(#""nonce":"7""#, #""nonce":"0x7""#),
            variant(#""chainId":1"#, #""chainId":"0x1""#),
            variant(#""operation":0"#, #""operation":"0""#),
            variant(#""data":"0x""#, #""data":"abcd""#),
            signatures(#"[{"owner":"\#(owner.dropFirst(2))","signature":"\#(sig.dropFirst(2))"}]"#),
        ]
        for text in accepted {
            #expect(read(text) == nil, "\(read(text)?.message ?? "")")
        }
    }

    /// A key given twice cannot come from text (the parser refuses it: `safe_tx_syntax`); in a
    /// value built in code it is `safe_tx_duplicate_field`, in document order with unknown keys.
    @Test func repeatedKeysAreRefused() throws {
        #expect(read(#"{"safe":"0x","safe":"0x"}"#)?.code == "safe_tx_syntax")
        guard case .object(var members) = try JSONValue.parse(Self.minimal) else { return }
        members.insert(("nonce", .string("8")), at: 1)
        members.append(("extra", .number("1")))
        var e = error { _ = try SafeTx(json: .object(members)) }
        #expect(e?.code == "safe_tx_duplicate_field")
        #expect(e?.location == "nonce")
        members.insert(("extra", .number("1")), at: 0)
        e = error { _ = try SafeTx(json: .object(members)) }
        #expect(e?.code == "safe_tx_unknown_field")
        #expect(e?.location == "extra")
    }

    @Test func duplicateOwnersAreRefusedOnReading() throws {
        let tx = try Self.signed()
        var members: [(key: String, value: JSONValue)] = []
        if case .object(let m) = tx.jsonValue { members = m }
        let i = members.firstIndex { $0.key == "signatures" }!
        guard case .array(var sigs) = members[i].value else { return }
        sigs.append(sigs[0])
        members[i].value = .array(sigs)
        let e = read(JSONValue.object(members).compact)
        #expect(e?.code == "safe_tx_duplicate_owner")
        #expect(e?.location == "signatures[3].owner")
    }

    @Test func signingTwiceReplacesTheOwnersSignature() throws {
        var tx = try Self.signed()
        let first = tx.signatures
        let signer = try SafeVectors.signer(Self.ownerKey(1))
        tx = tx.adding(try SafeSignatures.sign(tx, signer: signer))
        #expect(tx.signatures.count == 3)
        #expect(tx.signatures == first)
        // A different SafeTx's signature by the same owner replaces it in place.
        var other = tx
        other.nonce = UInt256(99)
        let stale = try SafeSignatures.sign(other, signer: signer)
        let replaced = tx.adding(stale)
        #expect(replaced.signatures.count == 3)
        #expect(replaced.signatures.contains(stale))
    }

    @Test func execRefusals() throws {
        let tx = try Self.signed()
        let owners = try Set((0..<3).map(Self.ownerAddress))
        #expect(error { _ = try tx.packedSignatures(SafeExecutionRequirements(threshold: 3, owners: owners)) } == nil)

        // Fewer than the threshold.
        #expect(error { _ = try tx.packedSignatures(SafeExecutionRequirements(threshold: 4)) }?.code == "safe_threshold_not_met")
        // An owner not listed.
        let two = try Set([Self.ownerAddress(0), Self.ownerAddress(1)])
        #expect(error { _ = try tx.packedSignatures(SafeExecutionRequirements(owners: two)) }?.code == "safe_owner_not_listed")
        // A signature that recovers to someone else: two owners' signatures swapped.
        var wrong = tx
        wrong.signatures[0].signature = tx.signatures[1].signature
        wrong.signatures[1].signature = tx.signatures[0].signature
        let e = error { _ = try wrong.packedSignatures() }
        #expect(e?.code == "safe_signature_wrong_owner")
        #expect(e?.location == "signatures[0].signature")
        // A signature of another nonce (stale) does not recover to its owner.
        var stale = tx
        stale.nonce = stale.nonce + UInt256(1)
        #expect(error { _ = try stale.packedSignatures() }?.code == "safe_signature_wrong_owner")
        // Duplicates built in code.
        var dup = tx
        dup.signatures.append(dup.signatures[0])
        #expect(error { _ = try dup.packedSignatures() }?.code == "safe_tx_duplicate_owner")
        // No signature, a hash mismatch, a contract signature.
        var none = tx
        none.signatures = []
        #expect(error { _ = try none.packedSignatures() }?.code == "safe_no_signatures")
        #expect(error { _ = try tx.packedSignatures(SafeExecutionRequirements(expectedHash: [UInt8](repeating: 1, count: 32))) }?.code == "safe_hash_mismatch")
        var contract = tx
        let owner = contract.signatures[0].owner
        contract.signatures[0].signature = [UInt8](repeating: 0, count: 12) + owner.bytes + UInt256(65).bigEndianBytes32 + [0]
        #expect(error { _ = try contract.packedSignatures() }?.code == "safe_signature_unsupported")
        // A pre-approved hash of its owner is accepted (the chain checks the approval).
        var approved = tx
        approved.signatures[0].signature = [UInt8](repeating: 0, count: 12) + owner.bytes + [UInt8](repeating: 0, count: 32) + [1]
        #expect(error { _ = try approved.packedSignatures() } == nil)
        // High s (the malleable twin) is refused.
        var high = tx
        var sig = high.signatures[0].signature
        let n = try UInt256(hexQuantity: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        let s = UInt256(bigEndian: sig[32..<64])!
        sig.replaceSubrange(32..<64, with: (n - s).bigEndianBytes32)
        sig[64] = sig[64] == 27 ? 28 : 27
        high.signatures[0].signature = sig
        #expect(error { _ = try high.packedSignatures() }?.code == "safe_signature_invalid")
    }

    @Test func delegateCallOnlyToATrustedMultiSend() throws {
        var tx = try Self.signed()
        #expect(error { try tx.checkDelegateCall() } == nil)          // operation 0
        tx.operation = .delegateCall
        let e = error { try tx.checkDelegateCall() }
        #expect(e?.code == "safe_untrusted_delegatecall")
        #expect(e?.location == "operation")
        #expect(error { try tx.checkDelegateCall(trusted: [tx.to]) } == nil)
        tx.to = SafeTx.multiSendCallOnly141
        #expect(error { try tx.checkDelegateCall() } == nil)
    }

    @Test func versions() {
        #expect(SafeVersion("1.3.0+L2")?.domainHasChainId == true)
        #expect(SafeVersion("1.2.0")?.domainHasChainId == false)
        #expect(SafeVersion("0.1.0")?.usesDataGas == true)
        for bad in ["", "1.4", "1.4.1.0", "a.b.c", "1.4.1+", "1.4.1+x y", "01234.1.1", "-1.0.0"] {
            #expect(SafeVersion(bad) == nil, "\(bad)")
        }
    }

    @Test func serviceProposal() throws {
        let tx = try Self.signed()
        let p = tx.serviceProposal()
        #expect(p["contractTransactionHash"] == .string(Hex.encode(tx.safeTxHash)))
        #expect(p["sender"] == .string(tx.sortedSignatures[0].owner.checksummed))
        #expect(p["signature"] == .string(Hex.encode(try tx.packedSignatures())))
        #expect(p["nonce"] == .number(tx.nonce.decimalString))
        #expect(p["origin"] == .string("Ballast"))
    }
}

/// Mutated files never crash the reader: each one reads, or fails with a SafeError.
@Suite struct SafeReaderRobustnessTests {
    @Test func mutatedFilesReadOrFailCleanly() throws {
        let base = Array(try SafeVectors.file(SafeVectors.items("packed")[0]).jsonValue.compact.utf8)
        var rng = SplitMix64(seed: 0x5AFE)
        let alphabet = Array("0123456789abcdefABCDEFx\"{}[],:-. e".utf8)
        var read = 0, refused = 0
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: i)
                default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
                }
            }
            do throws(SafeError) {
                let tx = try SafeTx(bytes: bytes)
                _ = tx.safeTxHash
                _ = tx.signatureProblems()
                read += 1
            } catch {
                #expect(!error.code.isEmpty && error.location != nil, "\(error)")
                refused += 1
            }
        }
        #expect(read > 0 && refused > 0)
    }
}
