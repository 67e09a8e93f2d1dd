import BallastJSON
import EthereumPrimitives
import Foundation
import Secp256k1
import TestSupport
import Testing
@testable import Transactions

/// The public ethereum/tests TransactionTests and BasicTests/txtest.json.
///
/// Each TransactionTests case lists a result per fork; the latest fork listed is used (Cancun
/// for most, Shanghai or London for some). A valid case must decode strictly, pass
/// `validate(fork:chainId: 1)` (the suite's chain id is 1) and give exactly the expected sender,
/// hash and intrinsic gas (the fork's own rules: these forks predate the EIP-7623 floor, so the
/// floor is not part of the comparison). A case with an exception must be rejected, by decoding
/// or by validation.
@Suite struct EthereumTestsSuiteTests {
    static let root = Vectors.ethereumTests("TransactionTests")
    static let forkOrder = ["Frontier", "Homestead", "EIP150", "EIP158", "Byzantium", "Constantinople",
                            "ConstantinopleFix", "Istanbul", "Berlin", "London", "Paris", "Shanghai", "Cancun", "Prague"]

    /// Cases that cannot pass for a principled reason, with the reason. Empty: every case passes.
    static let allowList: [String: String] = [:]

    static func files() -> [URL] {
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return e.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    @Test func transactionTests() throws {
        var total = 0, passed = 0
        var failures: [String] = []
        for file in Self.files() {
            guard case .object(let tests) = try loadJSON(file) else { throw VectorError("\(file.path): not an object") }
            for (name, test) in tests {
                total += 1
                guard case .object(let results)? = test["result"],
                      let latest = results.map(\.key).max(by: {
                          (Self.forkOrder.firstIndex(of: $0) ?? -1) < (Self.forkOrder.firstIndex(of: $1) ?? -1)
                      }),
                      let fork = Fork(name: latest),
                      let result = test["result"]?[latest],
                      let txHex = test["txbytes"]?.string,
                      let raw = TestHex.decode(txHex)
                else { throw VectorError("\(file.lastPathComponent)/\(name): unreadable case") }
                let label = "\(file.deletingLastPathComponent().lastPathComponent)/\(file.lastPathComponent) [\(latest)]"
                var outcome: Result<SignedTransaction, TransactionError>
                do throws(TransactionError) {
                    let tx = try SignedTransaction.decode(raw)
                    try tx.validate(fork: fork, chainId: 1)
                    outcome = .success(tx)
                } catch {
                    outcome = .failure(error)
                }
                var ok = false
                var why = ""
                if let exception = result["exception"]?.string {
                    switch outcome {
                    case .success: why = "accepted, expected \(exception)"
                    case .failure: ok = true
                    }
                } else {
                    switch outcome {
                    case .failure(let e): why = "rejected (\(e.code): \(e.description))"
                    case .success(let tx):
                        let sender = "0x" + tx.sender.lowercasedHex.dropFirst(2)
                        let intrinsic = UInt64((result["intrinsicGas"]?.string ?? "").dropFirst(2), radix: 16)
                        ok = sender == result["sender"]?.string
                            && tx.hash.hex == result["hash"]?.string
                            && tx.transaction.intrinsicGas(fork: fork).intrinsic == intrinsic
                        if !ok {
                            why = "sender \(sender) hash \(tx.hash) intrinsic \(tx.transaction.intrinsicGas(fork: fork).intrinsic) vs \(result)"
                        }
                    }
                }
                if ok {
                    passed += 1
                } else if Self.allowList[label] == nil {
                    failures.append("\(label): \(why)")
                }
            }
        }
        print("TransactionTests: \(passed)/\(total) passed")
        #expect(total >= 200)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed + Self.allowList.count == total)
    }

    /// BasicTests/txtest.json: pre-EIP-155 legacy transactions from old pyethereum. The first is
    /// low-s and must match byte for byte; the second was signed with a high s (before EIP-2): it
    /// is rejected as is, and our low-s signature of the same transaction is its s' = n − s form.
    @Test func basicTxTest() throws {
        guard case .array(let cases) = try loadJSON(Vectors.ethereumTests("BasicTests/txtest.json")) else {
            throw VectorError("txtest.json")
        }
        #expect(cases.count == 2)
        for (i, c) in cases.enumerated() {
            let toHex = c["to"]?.string ?? ""
            let tx = LegacyTransaction(
                chainId: nil,
                nonce: UInt64(c["nonce"]?.int ?? -1),
                gasPrice: try UInt256(decimal: { if case .number(let n)? = c["gasprice"] { return n }; return "x" }()),
                gasLimit: UInt64(c["startgas"]?.int ?? -1),
                to: toHex.isEmpty ? nil : try Address(hex: toHex),
                value: try UInt256(decimal: { if case .number(let n)? = c["value"] { return n }; return "x" }()),
                input: try hexBytes(c["data"]?.string))
            let expected = try hexBytes(c["signed"]?.string)
            // The unsigned form in this file is rlp of the six fields plus three empty items.
            let unsignedItems = try #require(RLPItemsOf(hexBytes(c["unsigned"]?.string)))
            #expect(unsignedItems.count == 9)
            // 10000 gas is below the 21000 every transaction needs: sign without the rule checks.
            #expect(throws: TransactionError.self) { try UnsignedTransaction.legacy(tx).sign(with: signer(c["key"]?.string)) }
            let signed = try UnsignedTransaction.legacy(tx).signWithoutValidation(with: signer(c["key"]?.string))
            if i == 0 {
                #expect(signed.encoded == expected)
                let decoded = try SignedTransaction.decode(expected)
                #expect(decoded.transaction == .legacy(tx))
                #expect(decoded.sender == signed.sender)
            } else {
                #expect(throws: TransactionError.self) { try SignedTransaction.decode(expected) }
                // Same r, s' = n − s, v flipped (27 ↔ 28).
                var items = try #require(RLPItemsOf(expected))
                let s = try #require(UInt256(bigEndian: items[8]))
                items[8] = (Curve.order - s).minimalBigEndianBytes
                items[6] = items[6] == [27] ? [28] : [27]
                #expect(signed.encoded == RLP.encode(items))
            }
        }
    }
}

import RLP

/// The byte strings of a flat RLP list (nil if it is not one).
func RLPItemsOf(_ bytes: [UInt8]) -> [[UInt8]]? {
    guard case .list(let items)? = try? RLP.decode(bytes) else { return nil }
    return items.compactMap(\.bytesValue).count == items.count ? items.compactMap(\.bytesValue) : nil
}

extension RLP {
    static func encode(_ items: [[UInt8]]) -> [UInt8] {
        RLPItem.list(items.map { .bytes($0) }).encoded()
    }
}
