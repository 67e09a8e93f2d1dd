import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import TestSupport
import Testing
import Transactions

/// The compiler against `vectors/plans/*.expected.json`: the independent expectations that
/// `vectors/gen_plans.py` derives from docs/plan-compilation.md with eth-abi and eth-account.
/// Every transaction's fields and calldata, the signed bytes and hash (RFC 6979 signing is
/// deterministic), and the Safe batch's transactions; and every invalid plan's code and path.
@Suite struct PlanGoldenTests {
    /// The public development key of examples/README.md (Anvil/Hardhat account #0).
    static let devKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

    static var examples: [String] {
        let dir = Vectors.projectRoot.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func load(_ url: URL) throws -> JSONValue {
        try JSONValue.parse(bytes: [UInt8](Data(contentsOf: url)))
    }

    static func text(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: s
        case .number(let n)?: n
        default: nil
        }
    }

    @Test func everyExampleHasAnExpectation() {
        #expect(Self.examples.count >= 10)
        for name in Self.examples {
            #expect(FileManager.default.fileExists(atPath: Vectors.project("plans/\(name).expected.json").path), "\(name)")
        }
    }

    /// Plans kept with the vectors (`vectors/plans/cases/`): forms no example shows.
    static var cases: [String] {
        let dir = Vectors.project("plans/cases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func everyCaseHasAnExpectation() {
        #expect(Self.cases.count >= 2)
        for name in Self.cases {
            #expect(FileManager.default.fileExists(atPath: Vectors.project("plans/cases/\(name).expected.json").path), "\(name)")
        }
    }

    @Test(arguments: examples)
    func example(_ name: String) throws {
        try Self.check(
            name, plan: Vectors.projectRoot.appendingPathComponent("examples/\(name).json"),
            expected: Vectors.project("plans/\(name).expected.json"))
    }

    @Test(arguments: cases)
    func vectorCase(_ name: String) throws {
        try Self.check(
            name, plan: Vectors.project("plans/cases/\(name).json"), expected: Vectors.project("plans/cases/\(name).expected.json"))
    }

    static func check(_ name: String, plan planURL: URL, expected expectedURL: URL) throws {
        let planBytes = [UInt8](try Data(contentsOf: planURL))
        let expected = try Self.load(expectedURL)
        let plan = try Plan(bytes: planBytes, options: PlanOptions(abiDirectory: Fixture.abiDirectory))
        let compiled = try plan.compile()
        if Self.text(expected["mode"]) == "safe" {
            let batch = try #require(compiled.safeBatch(createdAt: 0))
            guard case .array(let want)? = expected["batch"]?["transactions"], case .array(let got)? = batch["transactions"] else {
                throw TestFailure("batch transactions")
            }
            #expect(got == want, "\(name): Safe batch transactions")
            #expect(batch["chainId"] == expected["batch"]?["chainId"])
            #expect(batch["meta"]?["createdFromSafeAddress"] == expected["batch"]?["meta"]?["createdFromSafeAddress"])
            return
        }
        guard case .array(let want)? = expected["transactions"] else { throw TestFailure("transactions") }
        try #require(compiled.transactions.count == want.count, "\(name): transaction count")
        let signed = try compiled.sign(with: Fixture.signer(Self.devKey))
        for (k, w) in want.enumerated() {
            let tx = compiled.transactions[k].transaction
            let s = signed[k]
            let at = "\(name) tx[\(k)]"
            #expect(compiled.transactions[k].actionId == Self.text(w["id"]), "\(at) id")
            #expect(String(tx.type.rawValue) == Self.text(w["type"]), "\(at) type")
            #expect(String(tx.nonce) == Self.text(w["nonce"]), "\(at) nonce")
            #expect(String(tx.gasLimit) == Self.text(w["gas"]), "\(at) gas")
            #expect(tx.to?.checksummed == Self.text(w["to"]), "\(at) to")
            #expect(tx.value.decimalString == Self.text(w["value"]), "\(at) value")
            #expect(Hex.encode(tx.input) == Self.text(w["data"]), "\(at) data")
            #expect(tx.gasPrice?.decimalString == Self.text(w["gasPrice"]), "\(at) gasPrice")
            #expect(tx.maxFeePerGas?.decimalString == Self.text(w["maxFeePerGas"]), "\(at) maxFeePerGas")
            #expect(s.signed.sender.checksummed == Self.text(w["from"]), "\(at) from")
            #expect(s.signed.rawHex == Self.text(w["raw"]), "\(at) raw")
            #expect(s.signed.hash.hex == Self.text(w["hash"]), "\(at) hash")
        }
    }

    @Test func invalidPlans() throws {
        let index = try Self.load(Vectors.project("plans/invalid-plans.json"))
        guard case .array(let plans)? = index["plans"] else { throw TestFailure("plans") }
        #expect(plans.count >= 20)
        for entry in plans {
            guard let file = Self.text(entry["file"]), let code = Self.text(entry["code"]), let at = Self.text(entry["at"]) else {
                throw TestFailure("entry")
            }
            let bytes = [UInt8](try Data(contentsOf: Vectors.project("plans/\(file)")))
            do {
                _ = try Plan(bytes: bytes, options: PlanOptions(abiDirectory: Fixture.abiDirectory)).compile()
                Issue.record("\(file) was accepted")
            } catch {
                let first = error.issues[0]
                #expect(first.code == code, "\(file): \(first.code) \(first.message)")
                let path = first.path.description
                #expect(path == at || path.hasPrefix(at + ".") || path.hasPrefix(at + "["), "\(file): at \(path), expected \(at)")
                if let guardName = Self.text(entry["guard"]) { #expect(first.message.contains(guardName), "\(file)") }
                if let action = Self.text(entry["actionId"]) { #expect(first.message.contains(action), "\(file)") }
            }
        }
    }
}
