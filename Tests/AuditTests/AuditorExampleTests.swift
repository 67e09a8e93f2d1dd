import ABI
import Audit
import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import TestSupport
import Testing
import Transactions

/// The examples' raw transactions as eth-account signed them (vectors/plans/*.expected.json,
/// never produced by Ballast): the audit must decode them as the reference says, find nothing
/// above `info` in them (but the delegation an EIP-7702 plan asks for), and prove them equal to
/// their plans.
@Suite struct AuditorExampleTests {
    static func expected(_ name: String) throws -> JSONValue {
        let bytes = try [UInt8](Data(contentsOf: Vectors.project("plans/\(name).expected.json")))
        return try JSONValue.parse(bytes: bytes)
    }

    static func referenceLines(_ name: String) throws -> [AuditInputLine] {
        guard case .array(let txs)? = try expected(name)["transactions"] else { return [] }
        return try txs.enumerated().map { k, t in
            guard case .string(let raw)? = t["raw"] else { throw ReferenceError.noRaw }
            return AuditInputLine(input: .signed(try SignedTransaction.decode(hex: raw)), location: "reference \(k)")
        }
    }

    static func string(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: s
        case .number(let s)?: s
        default: nil
        }
    }

    /// Compares a decoded call with the reference tree node (to, value, selector, function,
    /// args in the JSON value format, nested calls).
    static func compare(_ call: DecodedCall, _ node: JSONValue, path: String) {
        #expect(call.path == path)
        #expect(call.to.checksummed == string(node["to"]), "\(path) to")
        #expect(call.value.decimalString == string(node["value"]), "\(path) value")
        #expect(call.selector.map { Hex.encode($0) } == string(node["selector"]), "\(path) selector")
        #expect(call.function == string(node["function"]), "\(path) function")
        #expect(ABIValue.jsonArray(call.args).compact == node["args"]?.compact, "\(path) args")
        let children: [JSONValue]
        if case .array(let c)? = node["calls"] { children = c } else { children = [] }
        #expect(call.calls.count == children.count, "\(path) nested calls")
        for (k, (c, n)) in zip(call.calls, children).enumerated() {
            compare(c, n, path: path + ".calls[\(k)]")
        }
    }

    @Test(arguments: AF.signedExamples)
    func referenceTransactionsDecodeAsExpected(_ name: String) throws {
        let reference = try Self.expected(name)
        guard case .array(let txs)? = reference["transactions"] else {
            Issue.record("no transactions in \(name)")
            return
        }
        let report = try AF.auditor().audit(try Self.referenceLines(name))
        #expect(report.transactions.count == txs.count)
        for (tx, e) in zip(report.transactions, txs) {
            #expect(tx.hash?.hex == Self.string(e["hash"]))
            #expect(tx.from?.checksummed == Self.string(e["from"]))
            #expect(tx.to?.checksummed == Self.string(e["to"]))
            #expect(tx.nonce.map(String.init) == Self.string(e["nonce"]))
            #expect(tx.chainId.map(String.init) == Self.string(e["chainId"]))
            #expect(tx.type.map { String($0.rawValue) } == Self.string(e["type"]))
            #expect(tx.gasLimit.map(String.init) == Self.string(e["gas"]))
            guard case .array(let calls)? = e["calls"], let top = calls.first, tx.calls.count == 1 else {
                Issue.record("\(name) \(tx.path): no call tree")
                continue
            }
            Self.compare(tx.calls[0], top, path: "\(tx.path).calls[0]")
            if case .array(let auths)? = e["authorizationList"] {
                #expect(tx.authorizations.count == auths.count)
                for (a, r) in zip(tx.authorizations, auths) {
                    #expect(a.authority?.checksummed == Self.string(r["authority"]))
                    #expect(a.address.checksummed == Self.string(r["address"]))
                    #expect(String(a.nonce) == Self.string(r["nonce"]))
                }
            }
        }
        // Nothing but information, and the delegation an eip7702 plan asks for: without the plan
        // nobody vouches for its delegate, so that delegation is critical.
        let delegating = name == "eip7702-batch"
        let serious = report.findings.filter { $0.severity > .info && ![.audit(.delegation), .audit(.delegationUnknownDelegate)].contains($0.code) }
        #expect(serious.isEmpty, "\(name): \(serious)")
        #expect(report.has(.audit(.delegation)) == delegating)
        #expect(report.has(.audit(.delegationUnknownDelegate)) == delegating)
        #expect(report.fails(at: .high) == delegating)
        // With the plan, its delegate is known: only the (medium) delegation remains.
        let plan = try AF.example(name)
        let against = try AF.auditor(plan: plan).audit(try Self.referenceLines(name), against: try plan.compile())
        #expect(!against.has(.audit(.delegationUnknownDelegate)))
        #expect(!against.fails(at: .high))
    }

    @Test(arguments: AF.signedExamples)
    func referenceTransactionsMatchTheirPlan(_ name: String) throws {
        let plan = try AF.example(name)
        let compiled = try plan.compile()
        let report = try AF.auditor(plan: plan).audit(try Self.referenceLines(name), against: compiled)
        let against = report.findings.filter { $0.code.isAgainstPlan }
        #expect(against.isEmpty, "\(name): \(against)")
        #expect(!report.fails(at: .high))
    }

    /// Our own build of every example equals the reference bytes (so the mutation tests below
    /// start from the reference).
    @Test(arguments: AF.signedExamples)
    func ownBuildEqualsTheReference(_ name: String) throws {
        let (_, signed) = try AF.built(name)
        let reference = try Self.referenceLines(name)
        #expect(signed.count == reference.count)
        for (s, r) in zip(signed, reference) {
            guard case .signed(let t) = r.input else { continue }
            #expect(s.signed.encoded == t.encoded)
        }
    }
}

/// A reference transaction without its `raw`.
enum ReferenceError: Error { case noRaw }
