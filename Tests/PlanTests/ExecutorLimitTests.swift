import EthereumPrimitives
import Plan
import Protocols
import TestSupport
import Testing

/// The reference executor's size bounds (contracts/BallastExecutor.vy): a plan beyond them is
/// refused by `compile()` (so by `plan check` and `plan build`), naming the action or step and the
/// bound; a plan at them compiles.
@Suite struct ExecutorLimitTests {
    static let stranger = "0x2222222222222222222222222222222222222222"

    static func transfers(_ n: Int) -> [String] {
        Array(repeating: #"{"op":"transfer","token":"WETH","to":"\#(stranger)","amount":"1"}"#, count: n)
    }

    /// A harvest (one call) compounding with `transfers` transfers (one call each).
    static func harvest(transfers n: Int) -> String {
        #"{"id":"h","kind":"harvest","protocol":"convex","target":"\#(stranger)","compound":[\#(transfers(n).joined(separator: ","))]}"#
    }

    /// A Balancer flash loan of 1000 USDC (repaid by one transfer) around `steps`.
    static func flashLoan(_ steps: [String]) -> String {
        #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"USDC","amount":"1000"}],"steps":[\#(steps.joined(separator: ","))]}"#
    }

    /// `f(bytes)` with `n` bytes: 4 + 64 + n rounded up to 32 bytes of calldata.
    static func bytesCall(_ n: Int) -> String {
        #""to":"weth","function":"function f(bytes b)","args":["0x\#(String(repeating: "ab", count: n))"]"#
    }

    func expectLimit(_ plan: String, at path: String, mentioning bound: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let issues = Fixture.issues(plan)
        #expect(issues.contains { $0.code == "executor_limit" && $0.path.description == path && $0.message.contains(bound) && $0.message.contains("BallastExecutor.vy") },
                "expected executor_limit at \(path) naming \(bound), got \(issues.map { "\($0.code)@\($0.path): \($0.message)" })", sourceLocation: sourceLocation)
    }

    @Test func boundsAreTheContracts() {
        #expect(BallastExecutor.maxCalls == 8)
        #expect(BallastExecutor.maxCallData == 14_336)
        #expect(BallastExecutor.maxCallbackCalls == 16)
        #expect(BallastExecutor.maxCallbackCallData == 576)
        #expect(BallastExecutor.maxFlashLoanAssets == 16)
    }

    @Test func eightCallsCompileNineAreRefused() throws {
        let compiled = try Fixture.compile(Fixture.plan(actions: Self.harvest(transfers: 7)))
        #expect(try CallReader.executeCalls(compiled.transactions[0].transaction.input).count == 8)
        expectLimit(Fixture.plan(actions: Self.harvest(transfers: 8)), at: "actions[0]", mentioning: "at most 8 (MAX_CALLS")
        // In eip7702 mode the account runs the executor's code: the same bound.
        expectLimit(Fixture.plan(actions: Self.harvest(transfers: 8), execution: #"{"mode":"eip7702","delegate":"\#(Fixture.delegate)"}"#),
                    at: "actions[0]", mentioning: "at most 8 (MAX_CALLS")
        // eoa mode sends each call on its own: no executor, no bound.
        let eoa = try Fixture.compile(Fixture.plan(actions: Self.harvest(transfers: 8), execution: #"{"mode":"eoa"}"#))
        #expect(eoa.transactions.count == 9)
    }

    @Test func callDataUpToTheBoundCompilesBeyondIsRefused() throws {
        // 4 + 64 + 14240 = 14308 bytes; one more byte pads to 14340 > 14336.
        let compiled = try Fixture.compile(Fixture.plan(actions: #"{"id":"c","kind":"call",\#(Self.bytesCall(14_240))}"#))
        #expect(try CallReader.executeCalls(compiled.transactions[0].transaction.input)[0].data.count == 14_308)
        expectLimit(Fixture.plan(actions: #"{"id":"c","kind":"call",\#(Self.bytesCall(14_241))}"#), at: "actions[0]", mentioning: "at most 14336 bytes a call (MAX_DATA")
    }

    @Test func sixteenCallbackCallsCompileSeventeenAreRefused() throws {
        // 15 transfers and the repayment transfer: 16 calls in the callback.
        let plan = Fixture.plan(actions: Self.flashLoan(Self.transfers(15)))
        let compiled = try Fixture.compile(plan)
        let outer = try CallReader.executeCalls(compiled.transactions[0].transaction.input)
        let args = try outer[0].args("flashLoan(address,address[],uint256[],bytes)")
        guard case .bytes(let data)? = args.last else { throw TestFailure("callback data") }
        #expect(try CallReader.encodedList(data).count == 16)
        expectLimit(Fixture.plan(actions: Self.flashLoan(Self.transfers(16))), at: "actions[0].steps", mentioning: "at most 16 in a callback (MAX_INNER_CALLS")
    }

    @Test func callbackCallDataUpToTheBoundCompilesBeyondIsRefused() throws {
        // 4 + 64 + 480 = 548 bytes; one more byte pads to 580 > 576.
        _ = try Fixture.compile(Fixture.plan(actions: Self.flashLoan([#"{"op":"call",\#(Self.bytesCall(480))}"#])))
        expectLimit(Fixture.plan(actions: Self.flashLoan([#"{"op":"call",\#(Self.bytesCall(481))}"#])),
                    at: "actions[0].steps[0]", mentioning: "at most 576 bytes a call in a callback (MAX_INNER_DATA")
    }

    @Test func seventeenFlashLoanAssetsAreRefused() {
        let loans = (1...17).map { i in #"{"token":"0x\#(String(repeating: "0", count: i < 16 ? 39 : 38))\#(String(i, radix: 16))","amount":{"raw":"1"}}"# }
        let plan = Fixture.plan(actions: #"{"id":"f","kind":"flashLoanRebalance","provider":"aave-v3","loans":[\#(loans.joined(separator: ","))],"steps":[]}"#)
        expectLimit(plan, at: "actions[0].loans", mentioning: "at most 16 (MAX_ASSETS")
    }
}
