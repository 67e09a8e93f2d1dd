import ABI
import Audit
import EthereumPrimitives
import Plan
import TestSupport
import Testing
import Transactions

/// Signing-policy cases where calls were hidden from the rules: batch call lists that do not
/// decode, and batches carried by a plan's `call` action.
@Suite struct ReviewPolicyTests {
    typealias F = PolicyFixture

    static let multiSend = "multiSend(bytes)"

    /// Bare calldata to `to` from the account, decoded as `ballast audit` does (batches followed).
    static func calldata(_ to: Address, _ data: [UInt8]) throws -> [AuditedTransaction] {
        try AF.auditor().transactions([AuditInputLine(input: .calldata(to: to, value: .zero, data: data, from: AF.account), location: "argument 1")])
    }

    @Test func malformedMultiSendBatchIsAnUnknownCall() throws {
        // Operation 2 does not exist: the batch does not decode, its calls cannot be seen.
        let batch: [UInt8] = [2] + [UInt8](repeating: 0, count: 84)
        let txs = try Self.calldata(AF.multiSend, try AF.calldata(Self.multiSend, [.bytes(batch)]))
        #expect(txs[0].calls[0].nestedCallsUndecoded)
        let findings = try F.policy("").evaluate(txs)
        #expect(findings.map(\.code) == [.policy(.unknownCall)])
        #expect(findings.map(\.path) == ["tx[0].calls[0]"])
        // The same batch well formed passes.
        let transfer = try AF.calldata("transfer(address,uint256)", [AF.a(AF.account), AF.u(1)])
        var good: [UInt8] = [0] + AF.usdc.bytes + [UInt8](repeating: 0, count: 32)
        good += [UInt8](repeating: 0, count: 31) + [UInt8(transfer.count)] + transfer
        let ok = try Self.calldata(AF.multiSend, try AF.calldata(Self.multiSend, [.bytes(good)]))
        #expect(try F.policy("").evaluate(ok).isEmpty)
    }

    @Test func multicallNestedTooDeepIsAnUnknownCall() throws {
        // multicall(bytes[]) inside multicall(bytes[]) … deeper than the decoder follows.
        var data = try AF.calldata("transfer(address,uint256)", [AF.a(AF.account), AF.u(1)])
        for _ in 0..<10 { data = try AF.calldata("multicall(bytes[])", [.array([.bytes(data)])]) }
        let findings = try F.policy("\"unknownCalls\":\"deny\"").evaluate(try Self.calldata(AF.router, data))
        #expect(findings.map(\.code) == [.policy(.unknownCall)])
        #expect(findings.first?.path.hasPrefix("tx[0].calls[0].calls[0]") == true)
    }

    /// An `eoa` plan whose one `call` action is Multicall3 `aggregate3` carrying
    /// `usdc.transfer(0x5555…, 1)`.
    static let hiddenTransferPlan = """
        {"version":1,"chainId":1,"account":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","execution":{"mode":"eoa"},
         "nonce":0,"fees":{"maxFeePerGas":"30gwei","maxPriorityFeePerGas":"1gwei"},
         "actions":[{"id":"batch","kind":"call","to":"multicall3","gas":200000,
           "function":"function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)",
           "args":[[["0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",false,"0xa9059cbb00000000000000000000000055555555555555555555555555555555555555550000000000000000000000000000000000000000000000000000000000000001"]]]}]}
        """

    @Test func planPolicySeesCallsInsideABatch() throws {
        let plan = try Plan(bytes: Array(Self.hiddenTransferPlan.utf8), options: PlanOptions(abiDirectory: AF.abiDirectory.path))
        let compiled = try plan.compile()
        let policy = try F.policy("\"recipients\":[\"\(AF.account.checksummed)\"]")
        let findings = policy.evaluate(compiled.auditedTransactions())
        #expect(findings.map(\.code) == [.policy(.recipientNotAllowed)])
        #expect(findings.map(\.path) == ["tx[0].calls[0].calls[0]"])
    }

    // MARK: Recipients

    static let market: ABIValue = .tuple([AF.a(AF.usdc), AF.a(AF.weth), AF.a(AF.stranger), AF.a(AF.stranger), AF.u(1)])

    /// (signature, arguments, target): each names the stranger as who receives or is credited.
    static let recipientCases: [(String, [ABIValue], Address)] = [
        ("deposit(address,uint256,address,uint16)", [AF.a(AF.usdc), AF.u(1), AF.a(AF.stranger), AF.u(0)], AF.pool),
        ("supplyWithPermit(address,uint256,address,uint16,uint256,uint8,bytes32,bytes32)",
         [AF.a(AF.usdc), AF.u(1), AF.a(AF.stranger), AF.u(0), AF.u(1), AF.u(27), .fixedBytes([UInt8](repeating: 1, count: 32)), .fixedBytes([UInt8](repeating: 1, count: 32))], AF.pool),
        ("flashLoanSimple(address,address,uint256,bytes,uint16)", [AF.a(AF.stranger), AF.a(AF.usdc), AF.u(1), .bytes([]), AF.u(0)], AF.pool),
        ("withdraw(\(AuditRulesNames.market),uint256,uint256,address,address)", [market, AF.u(1), AF.u(0), AF.a(AF.account), AF.a(AF.stranger)], AF.stranger),
        ("supply(\(AuditRulesNames.market),uint256,uint256,address,bytes)", [market, AF.u(1), AF.u(0), AF.a(AF.stranger), .bytes([])], AF.stranger),
        ("withdraw(uint256,address,address,uint256)", [AF.u(1), AF.a(AF.stranger), AF.a(AF.account), AF.u(0)], AF.stranger),
        ("redeem(uint256,address,address,uint256)", [AF.u(1), AF.a(AF.stranger), AF.a(AF.account), AF.u(0)], AF.stranger),
        ("withdraw(uint256,address,uint256)", [AF.u(1), AF.a(AF.stranger), AF.u(0)], AF.stranger),
        ("withdraw(uint256,address)", [AF.u(1), AF.a(AF.stranger)], AF.stranger),
        ("exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))",
         [.tuple([AF.a(AF.usdc), AF.a(AF.weth), AF.u(500), AF.a(AF.stranger), AF.u(1), AF.u(1), AF.u(1), AF.u(0)])], AF.router),
        ("swapExactTokensForTokens(uint256,uint256,address[],address)", [AF.u(1), AF.u(1), .array([AF.a(AF.usdc), AF.a(AF.weth)]), AF.a(AF.stranger)], AF.router),
        ("unwrapWETH9(uint256,address)", [AF.u(1), AF.a(AF.stranger)], AF.router),
        ("sweepToken(address,uint256,address)", [AF.a(AF.usdc), AF.u(1), AF.a(AF.stranger)], AF.router),
        ("swap((bytes32,uint8,address,address,uint256,bytes),(address,bool,address,bool),uint256,uint256)",
         [.tuple([.fixedBytes([UInt8](repeating: 1, count: 32)), AF.u(0), AF.a(AF.usdc), AF.a(AF.weth), AF.u(1), .bytes([])]),
          .tuple([AF.a(AF.account), .bool(false), AF.a(AF.stranger), .bool(false)]), AF.u(1), AF.u(1)], AF.stranger),
        ("transferFrom(address,address,uint160,address)", [AF.a(AF.account), AF.a(AF.stranger), AF.u(1), AF.a(AF.usdc)], AF.permit2),
        ("claim_rewards(address,address)", [AF.a(AF.account), AF.a(AF.stranger)], AF.stranger),
    ]

    @Test(arguments: recipientCases.indices)
    func recipientsOfEveryKnownCredit(_ i: Int) throws {
        let (signature, args, to) = Self.recipientCases[i]
        let policy = try F.policy("\"recipients\":[\"\(AF.account.checksummed)\"],\"unknownCalls\":\"allow\"")
        let txs = try Self.calldata(to, try AF.calldata(signature, args))
        #expect(txs[0].calls[0].function == signature)
        let findings = policy.evaluate(txs)
        #expect(findings.contains { $0.code == .policy(.recipientNotAllowed) && $0.path == "tx[0].calls[0]" }, "\(signature): \(findings)")
    }

    // MARK: Permits

    static let permitSingle = "permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)"
    static let erc2612 = "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
    static let daiPermit = "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)"
    static let word: ABIValue = .fixedBytes([UInt8](repeating: 1, count: 32))

    static func permit2(_ amount: UInt256, spender: Address = AF.pool) throws -> [AuditedTransaction] {
        try calldata(AF.permit2, try AF.calldata(permitSingle, [
            AF.a(AF.account), .tuple([.tuple([AF.a(AF.usdc), .uint(amount), AF.u(0), AF.u(0)]), AF.a(spender), AF.u(1)]), .bytes([1]),
        ]))
    }

    @Test func permitsAreApprovals() throws {
        let strict = try F.policy("")
        let permit2Max = (UInt256.one << 160) - UInt256.one
        #expect(strict.evaluate(try Self.permit2(permit2Max)).map(\.code) == [.policy(.unlimitedApproval)])
        #expect(strict.evaluate(try Self.permit2(UInt256(5))).isEmpty)
        let batch = try Self.calldata(AF.permit2, try ReviewAuditTests.batchPermit([UInt256(5), permit2Max]))
        #expect(strict.evaluate(batch).map(\.code) == [.policy(.unlimitedApproval)])
        let erc2612 = try Self.calldata(AF.usdc, try AF.calldata(Self.erc2612, [AF.a(AF.account), AF.a(AF.pool), .uint(.max), AF.u(1), AF.u(27), Self.word, Self.word]))
        #expect(strict.evaluate(erc2612).map(\.code) == [.policy(.unlimitedApproval)])
        let dai = try Self.calldata(AF.usdc, try AF.calldata(Self.daiPermit, [AF.a(AF.account), AF.a(AF.pool), AF.u(0), AF.u(1), .bool(true), AF.u(27), Self.word, Self.word]))
        #expect(strict.evaluate(dai).map(\.code) == [.policy(.unlimitedApproval)])
        let revoke = try Self.calldata(AF.usdc, try AF.calldata(Self.daiPermit, [AF.a(AF.account), AF.a(AF.stranger), AF.u(0), AF.u(1), .bool(false), AF.u(27), Self.word, Self.word]))
        #expect(strict.evaluate(revoke).isEmpty)
        let listed = try F.policy("\"approvals\":{\"spenders\":[\"\(AF.pool.checksummed)\"],\"maxAmount\":{\"\(AF.usdc.checksummed)\":\"10\"}}")
        #expect(listed.evaluate(try Self.permit2(UInt256(5), spender: AF.stranger)).map(\.code) == [.policy(.spenderNotAllowed)])
        #expect(listed.evaluate(try Self.permit2(UInt256(11))).map(\.code) == [.policy(.approvalTooHigh)])
    }
}

enum AuditRulesNames {
    static let market = "(address,address,address,address,uint256)"
}
