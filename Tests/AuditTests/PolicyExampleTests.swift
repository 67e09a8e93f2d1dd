import Audit
import EthereumPrimitives
import Foundation
import Plan
import Secp256k1
import TestSupport
import Testing
import Transactions

/// Every example plan against `examples/policy/treasury.json` (the demo's keeper policy), and the
/// two ways of making `AuditedTransaction`s from a plan: before and after signing.
@Suite struct PolicyExampleTests {
    /// The public development key of examples/README.md (Anvil/Hardhat account #0).
    static let devKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    static let account = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    static let abiDirectory = Vectors.projectRoot.appendingPathComponent("abi").path

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Vectors.projectRoot.appendingPathComponent(relative)))
    }

    static func compile(_ name: String) throws -> CompiledPlan {
        try Plan(bytes: bytes("examples/\(name).json"), options: PlanOptions(abiDirectory: abiDirectory)).compile()
    }

    static func policy(_ name: String) throws -> SigningPolicy {
        try SigningPolicy.parse(bytes("examples/policy/\(name).json"))
    }

    /// What the treasury policy says of each example, worked out by hand from the examples'
    /// calls (examples/README.md): the number of findings, their codes, and some of them.
    static let expected: [String: (count: Int, codes: Set<AnyFindingCode>, some: [(AnyFindingCode, String)])] = [
        "demo": (0, [], []),
        "aave-collateral-swap": (4, [.policy(.targetNotAllowed), .policy(.functionNotAllowed)], [
            (.policy(.targetNotAllowed), "tx[0].calls[0].calls[0].calls[0]"),  // WBTC.approve(pool, …)
            (.policy(.functionNotAllowed), "tx[0].calls[0].calls[0].calls[1]"),  // pool.supply
            (.policy(.functionNotAllowed), "tx[0].calls[0].calls[0].calls[4]"),  // router.exactOutput
        ]),
        "balancer-refinance-aave-to-morpho": (16, [
            .policy(.targetNotAllowed), .policy(.functionNotAllowed), .policy(.spenderNotAllowed),
            .policy(.approvalTooHigh), .policy(.recipientNotAllowed),
        ], [
            (.policy(.targetNotAllowed), "tx[0].calls[0].calls[0]"),  // the Balancer vault
            (.policy(.targetNotAllowed), "tx[0].calls[0].calls[0].calls[3]"),  // DAI.approve(pool, maxAmount): DAI is no allowed target
            (.policy(.approvalTooHigh), "tx[0].calls[0].calls[0].calls[7]"),  // WETH.approve(morpho, 250e18) > 200 WETH
            (.policy(.recipientNotAllowed), "tx[0].calls[0].calls[0].calls[13]"),  // DAI.transfer(vault, …) repayment
        ]),
        // repay "all" passes MAX_UINT256 as repay's amount, not as an approval: no unlimited approval.
        "aave-close-to-morpho": (9, [
            .policy(.targetNotAllowed), .policy(.functionNotAllowed), .policy(.spenderNotAllowed), .policy(.recipientNotAllowed),
        ], [
            (.policy(.targetNotAllowed), "tx[0].calls[0].calls[0]"),  // the Balancer vault
            (.policy(.spenderNotAllowed), "tx[0].calls[0].calls[0].calls[4]"),  // WETH.approve(morpho, 100e18)
            (.policy(.functionNotAllowed), "tx[0].calls[0].calls[0].calls[6]"),  // morpho.borrow
            (.policy(.recipientNotAllowed), "tx[0].calls[0].calls[0].calls[7]"),  // USDC.transfer(vault, …) repayment
        ]),
        "eip7702-batch": (21, [
            .policy(.totalValueTooHigh), .policy(.delegateNotAllowed), .policy(.targetNotAllowed), .policy(.valueTooHigh),
            .policy(.functionNotAllowed), .policy(.recipientNotAllowed),
        ], [
            (.policy(.totalValueTooHigh), "tx[0]"),  // 2 ETH wrapped, maxTotalValue 0
            (.policy(.delegateNotAllowed), "tx[0].authorizationList[0]"),
            (.policy(.targetNotAllowed), "tx[1].calls[0]"),  // the account itself is the executor
            (.policy(.recipientNotAllowed), "tx[3].calls[0].calls[0].calls[2]"),  // pool.borrow: the debt is the account's
        ]),
        "eoa-harvest-compound": (7, [
            .policy(.targetNotAllowed), .policy(.functionNotAllowed), .policy(.recipientNotAllowed), .policy(.tooManyTransactions),
        ], [
            (.policy(.functionNotAllowed), "tx[0].calls[0]"),  // Convex getReward()
            (.policy(.targetNotAllowed), "tx[1].calls[0]"),  // CRV.approve
            (.policy(.tooManyTransactions), "tx[4]"),  // five transactions, at most four
        ]),
        "eoa-simple": (4, [.policy(.functionNotAllowed), .policy(.recipientNotAllowed)], [
            (.policy(.functionNotAllowed), "tx[1].calls[0]"),  // pool.supply
            (.policy(.recipientNotAllowed), "tx[1].calls[0]"),  // onBehalfOf the account, not the executor
            (.policy(.functionNotAllowed), "tx[2].calls[0]"),  // pool.borrow
            (.policy(.recipientNotAllowed), "tx[2].calls[0]"),  // borrow's onBehalfOf (the debt bearer) is the account
        ]),
        "harvest-compound-4626": (11, [
            .policy(.targetNotAllowed), .policy(.functionNotAllowed), .policy(.spenderNotAllowed), .policy(.recipientNotAllowed),
        ], [
            (.policy(.spenderNotAllowed), "tx[0].calls[0].calls[2]"),  // CRV.approve(Uniswap V2 router, …)
            (.policy(.recipientNotAllowed), "tx[0].calls[0].calls[6]"),  // vault shares to the account
        ]),
        "hedge-decrease": (1, [.policy(.functionNotAllowed)], [(.policy(.functionNotAllowed), "tx[0].calls[0].calls[2]")]),
        "hedge-increase": (2, [.policy(.functionNotAllowed)], [
            (.policy(.functionNotAllowed), "tx[0].calls[0].calls[0]"),  // pool.borrow
            (.policy(.functionNotAllowed), "tx[0].calls[0].calls[4]"),  // pool.supply
        ]),
        "morpho-deleverage": (10, [.policy(.targetNotAllowed), .policy(.functionNotAllowed), .policy(.spenderNotAllowed)], [
            (.policy(.functionNotAllowed), "tx[0].calls[0].calls[0]"),  // morpho.flashLoan
            (.policy(.spenderNotAllowed), "tx[0].calls[0].calls[0].calls[5]"),  // the repayment approval to Morpho
        ]),
        "safe-batch": (37, [
            .policy(.accountNotAllowed), .policy(.targetNotAllowed), .policy(.functionNotAllowed), .policy(.spenderNotAllowed),
            .policy(.tooManyTransactions), .policy(.recipientNotAllowed), .policy(.totalValueTooHigh), .policy(.valueTooHigh),
        ], [
            (.policy(.accountNotAllowed), "tx[0]"),  // the Safe sends the batch, not the keeper account
            (.policy(.spenderNotAllowed), "tx[2].calls[0]"),  // USDC.approve(Permit2, …)
            (.policy(.valueTooHigh), "tx[5].calls[0]"),  // WETH.deposit() with 1 ETH
            (.policy(.recipientNotAllowed), "tx[4].calls[0]"),  // Yearn redeem: receiver and owner are the Safe
            (.policy(.recipientNotAllowed), "tx[10].calls[0]"),  // pool.borrow: the debt is the Safe's
        ]),
    ]

    static var examples: [String] {
        let dir = Vectors.projectRoot.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The gate is the library's: a plan that violates the policy signs nothing, one that complies
    /// signs exactly what signing without a policy signs.
    @Test func signingThroughThePolicyGate() throws {
        let demo = try Self.compile("demo")
        let signer = try AF.signer()
        let refused = #expect(throws: PolicyViolation.self) {
            _ = try demo.sign(with: signer, policy: try Self.policy("harvest-only"), threads: 1)
        }
        #expect(refused?.findings.isEmpty == false)
        #expect(refused?.findings == (try Self.policy("harvest-only")).violations(of: demo))
        let signed = try demo.sign(with: signer, policy: try Self.policy("treasury"), threads: 1)
        #expect(signed.map(\.signed.encoded) == (try demo.sign(with: signer, threads: 1)).map(\.signed.encoded))
        // A safe-mode batch's violations name its calls safe[i].
        let batch = try Self.compile("safe-batch")
        let paths = (try Self.policy("treasury")).violations(of: batch).map(\.path)
        #expect(!paths.isEmpty && paths.allSatisfy { $0.hasPrefix("safe[") }, "\(paths)")
    }

    @Test func everyExampleHasAnExpectation() {
        #expect(Set(Self.examples) == Set(Self.expected.keys))
    }

    @Test(arguments: examples)
    func exampleAgainstTheTreasuryPolicy(_ name: String) throws {
        let want = try #require(Self.expected[name])
        let findings = try Self.policy("treasury").evaluate(Self.compile(name).auditedTransactions())
        #expect(findings.count == want.count, "\(name): \(findings.map { "\($0.code) \($0.path)" })")
        #expect(Set(findings.map(\.code)) == want.codes, "\(name)")
        for (code, path) in want.some {
            #expect(findings.contains { $0.code == code && $0.path == path }, "\(name): no \(code) at \(path)")
        }
        let critical = findings.filter { $0.severity == .critical }.map(\.code)
        #expect(critical.allSatisfy { $0 == .policy(.accountNotAllowed) || $0 == .policy(.chainNotAllowed) || $0 == .policy(.authorizationAnyChain) })
    }

    /// Closing a position: the repay's amount is MAX_UINT256 (Aave's "whole debt"), which is no
    /// approval; the approvals are exactly maxAmount, then 0. Neither the policy's "no unlimited
    /// approvals" rule nor the audit's `unlimited_approval` fires, and the reset shows as a revoke.
    @Test func closingAPositionIsNoUnlimitedApproval() throws {
        let compiled = try Self.compile("aave-close-to-morpho")
        let strict = try SigningPolicy.parse(Array(#"{"version":1,"approvals":{"unlimited":false,"maxAmount":{"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48":"180250000000"}}}"#.utf8))
        let findings = strict.evaluate(compiled.auditedTransactions())
        #expect(findings.isEmpty, "\(findings.map { "\($0.code) \($0.path)" })")
        // A lower cap names the repay's approval, not the repay.
        let lower = try SigningPolicy.parse(Array(#"{"version":1,"approvals":{"unlimited":false,"maxAmount":{"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48":"180249999999"}}}"#.utf8))
        let capped = lower.evaluate(compiled.auditedTransactions())
        #expect(capped.map(\.code) == [.policy(.approvalTooHigh)] && capped.first?.path == "tx[0].calls[0].calls[0].calls[0]", "\(capped)")

        let (_, signed) = try AF.built("aave-close-to-morpho")
        let report = try AF.audit(signed.map(\.signed))
        #expect(!report.has(.audit(.unlimitedApproval)), "\(report.findings)")
        #expect(report.has(.audit(.approval), at: "tx[0].calls[0].calls[0].calls[0]"))  // USDC.approve(pool, 180250e6)
        #expect(report.finding(.audit(.approval)).map { _ in report.findings.contains { $0.path == "tx[0].calls[0].calls[0].calls[2]" && $0.message.hasPrefix("revokes") } } == true)
    }

    @Test func theHarvestOnlyExampleRefusesTheRebalance() throws {
        let findings = try Self.policy("harvest-only").evaluate(Self.compile("demo").auditedTransactions())
        #expect(!findings.isEmpty)
        #expect(findings.contains { $0.code == .policy(.functionNotAllowed) && $0.message.hasPrefix("action \"rebalance-1\": functions: ") })
    }

    @Test func compiledTransactionsAsAudited() throws {
        let compiled = try Self.compile("eip7702-batch")
        let audited = compiled.auditedTransactions()
        #expect(audited.count == compiled.transactions.count)
        let first = audited[0]
        #expect(first.path == "tx[0]" && first.actionId == "wrap-eth" && first.type == .setCode && first.hash == nil)
        #expect(first.from == Address(Self.account) && first.chainId == 1 && first.nonce == 5)
        #expect(first.authorizations.count == 1 && first.authorizations[0].authority == nil && first.authorizations[0].nonce == 6)
        #expect(first.calls.count == 1 && first.calls[0].path == "tx[0].calls[0]")
        #expect(audited[1].authorizations.isEmpty && audited[1].index == 1)
    }

    @Test func safeBatchAsAudited() throws {
        let compiled = try Self.compile("safe-batch")
        let audited = compiled.auditedTransactions()
        #expect(audited.count == compiled.safeCalls.count && audited.count == 15)
        for (i, t) in audited.enumerated() {
            #expect(t.index == i && t.type == nil && t.from == compiled.plan.actor && t.chainId == 1)
            #expect(t.to == compiled.safeCalls[i].target && t.calls[0].path == "tx[\(i)].calls[0]")
        }
        #expect(audited[0].actionId == "harvest-beefy")
    }

    /// The signed transactions decode to the same call trees, with the sender, hash and
    /// authorities recovered, and the policy says the same of them.
    @Test func signedTransactionsAsAudited() throws {
        for name in ["demo", "eip7702-batch"] {
            let compiled = try Self.compile(name)
            let decoder = CallDecoder(plan: compiled.plan)
            let signer = try PrivateKeySigner(privateKey: PrivateKey(bytes: TestHex.decode(Self.devKey) ?? []))
            let signed = try compiled.sign(with: signer)
            let before = compiled.auditedTransactions(decoder: decoder)
            let after = signed.enumerated().map { i, s in AuditedTransaction(signed: s.signed, index: i, decoder: decoder, actionId: s.actionId) }
            for (b, a) in zip(before, after) {
                #expect(a.calls == b.calls && a.data == b.data && a.to == b.to && a.actionId == b.actionId)
                #expect(a.from == Address(Self.account) && a.hash != nil && a.nonce == b.nonce && a.gasLimit == b.gasLimit)
                #expect(a.authorizations.map(\.address) == b.authorizations.map(\.address))
                #expect(a.authorizations.allSatisfy { $0.authority == Address(Self.account) })
            }
            let policy = try Self.policy("treasury")
            #expect(policy.evaluate(after).map(\.code) == policy.evaluate(before).map(\.code))
            // Read back from the raw bytes, as an audit of broadcast transactions would.
            let decoded = try signed.enumerated().map { i, s in AuditedTransaction(signed: try SignedTransaction.decode(s.signed.encoded), index: i, decoder: decoder) }
            #expect(decoded.map(\.calls) == after.map(\.calls) && decoded.map(\.hash) == after.map(\.hash))
        }
    }
}
