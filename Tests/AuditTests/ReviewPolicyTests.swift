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
        #expect(findings.map(\.code) == ["policy_unknown_call"])
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
        #expect(findings.map(\.code) == ["policy_unknown_call"])
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
        #expect(findings.map(\.code) == ["policy_recipient_not_allowed"])
        #expect(findings.map(\.path) == ["tx[0].calls[0].calls[0]"])
    }
}
