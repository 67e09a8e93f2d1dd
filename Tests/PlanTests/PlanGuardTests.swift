import EthereumPrimitives
import Plan
import Testing

/// Each guard: passing and failing plans, the failure naming the action (id and index) and the guard.
@Suite struct PlanGuardTests {
    static let harvest = #"{"id":"h","kind":"harvest","protocol":"yearn-v2","target":"0x2222222222222222222222222222222222222222"}"#

    func expectGuardFailure(_ plan: String, action index: Int, id: String, guardName: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let issues = Fixture.issues(plan)
        let hit = issues.first { $0.code == "guard_failed" && $0.path.description == "actions[\(index)]" }
        #expect(hit != nil, "no guard_failed at actions[\(index)] in \(issues.map { "\($0.code)@\($0.path): \($0.message)" })", sourceLocation: sourceLocation)
        if let hit {
            #expect(hit.message.contains("\"\(id)\"") && hit.message.contains("actions[\(index)]") && hit.message.contains("guards.\(guardName)"), "\(hit.message)", sourceLocation: sourceLocation)
        }
    }

    func hedge(_ id: String, change: String, swap: String) -> String {
        #"{"id":"\#(id)","kind":"hedgeAdjust","venue":"aave-v3","asset":"WETH","change":"\#(change)","quote":"USDC","swap":{"venue":"uniswap-v3","fee":500,\#(swap)}}"#
    }

    @Test func maxSlippageWithoutPricesNeedsABound() throws {
        let swap = { (minOut: String) in
            #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"WETH","amount":"1"}],"steps":[{"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1","minAmountOut":"\#(minOut)"},{"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"1"}]}"#
        }
        expectGuardFailure(Fixture.plan(actions: Self.harvest + "," + swap("0"), extra: #""guards":{"maxSlippageBps":50}"#), action: 1, id: "f", guardName: "maxSlippageBps")
        _ = try Fixture.compile(Fixture.plan(actions: swap("1"), extra: #""guards":{"maxSlippageBps":50}"#))
        // Without the guard a zero bound is accepted.
        _ = try Fixture.compile(Fixture.plan(actions: swap("0")))
    }

    @Test func maxSlippageWithPrices() throws {
        let guards = #""guards":{"maxSlippageBps":50,"prices":{"WETH":"3000","USDC":"1"}}"#
        // 12.5 WETH at 3000 = 37500 USDC; 50 bps below is 37312.5.
        _ = try Fixture.compile(Fixture.plan(actions: hedge("g", change: "-12.5", swap: #""minAmountOut":"37312.5""#), extra: guards))
        expectGuardFailure(Fixture.plan(actions: hedge("g", change: "-12.5", swap: #""minAmountOut":"37312.499999""#), extra: guards), action: 0, id: "g", guardName: "maxSlippageBps")
        // Exact output: 2 WETH = 6000 USDC; 50 bps above is 6030.
        _ = try Fixture.compile(Fixture.plan(actions: hedge("s", change: "2", swap: #""maxAmountIn":"6030""#), extra: guards))
        expectGuardFailure(Fixture.plan(actions: Self.harvest + "," + hedge("s", change: "2", swap: #""maxAmountIn":"6030.000001""#), extra: guards), action: 1, id: "s", guardName: "maxSlippageBps")
        // A swap token without a price fails.
        expectGuardFailure(Fixture.plan(actions: hedge("g", change: "-1", swap: #""minAmountOut":"3000""#), extra: #""guards":{"maxSlippageBps":50,"prices":{"USDC":"1"}}"#), action: 0, id: "g", guardName: "maxSlippageBps")
    }

    @Test func minHealthFactor() throws {
        // Collateral 100 WETH at 3000 with LT 80% = 240000; debt 150000 USDC: HF 1.6.
        let guards = { (floor: String) in
            #""guards":{"minHealthFactor":"\#(floor)","prices":{"WETH":"3000","USDC":"1"},"position":{"collateral":{"WETH":"100"},"debt":{"USDC":"150000"},"liquidationThresholdBps":{"WETH":8000,"USDC":8700}}}"#
        }
        // Growing the short by 10 WETH (30000 of debt) and supplying 29000 USDC (LT 87%):
        // (240000 + 25230) / (150000 + 30000) = 1.4735…
        let grow = hedge("g", change: "-10", swap: #""minAmountOut":"29000""#)
        _ = try Fixture.compile(Fixture.plan(actions: grow, extra: guards("1.47")))
        expectGuardFailure(Fixture.plan(actions: Self.harvest + "," + grow, extra: guards("1.48")), action: 1, id: "g", guardName: "minHealthFactor")
        // Cumulative across actions: twice the grow fails a floor the first one passes.
        let grow2 = grow.replacingOccurrences(of: "\"g\"", with: "\"g2\"")
        expectGuardFailure(Fixture.plan(actions: grow + "," + grow2, extra: guards("1.40")), action: 1, id: "g2", guardName: "minHealthFactor")
        // Flash-loan steps count too: withdrawing 30 WETH of collateral → 168000 / 150000 = 1.12.
        let withdraw = #"{"id":"w","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"WETH","amount":"1"}],"steps":[{"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"30"}]}"#
        _ = try Fixture.compile(Fixture.plan(actions: withdraw, extra: guards("1.12")))
        expectGuardFailure(Fixture.plan(actions: withdraw, extra: guards("1.1201")), action: 0, id: "w", guardName: "minHealthFactor")
        // A collateral without a liquidation threshold fails the guard.
        let noLT = #""guards":{"minHealthFactor":"1","prices":{"WETH":"3000","USDC":"1"},"position":{"collateral":{"WETH":"100"},"debt":{"USDC":"1"},"liquidationThresholdBps":{}}}"#
        expectGuardFailure(Fixture.plan(actions: withdraw, extra: noLT), action: 0, id: "w", guardName: "minHealthFactor")
    }

    @Test func minHealthFactorNeedsPositionAndPrices() {
        let issues = Fixture.issues(Fixture.plan(actions: Self.harvest, extra: #""guards":{"minHealthFactor":"1.3"}"#))
        #expect(issues.contains { $0.code == "missing_field" && $0.path.description == "guards.position" })
        #expect(issues.contains { $0.code == "missing_field" && $0.path.description == "guards.prices" })
    }

    @Test func maxValue() throws {
        let call = { (value: String) in #"{"id":"c","kind":"call","to":"weth","function":"deposit()","value":"\#(value)"}"# }
        _ = try Fixture.compile(Fixture.plan(actions: call("1ether"), extra: #""guards":{"maxValue":"1ether"}"#))
        expectGuardFailure(Fixture.plan(actions: call("1.000000000000000001ether"), extra: #""guards":{"maxValue":"1ether"}"#), action: 0, id: "c", guardName: "maxValue")
        // Calls inside a flash-loan callback count.
        let wrap = #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"USDC","amount":"1"}],"steps":[{"op":"wrap","amount":"2"}]}"#
        expectGuardFailure(Fixture.plan(actions: wrap, extra: #""guards":{"maxValue":"1ether"}"#), action: 0, id: "f", guardName: "maxValue")
    }

    @Test func allowedTargets() throws {
        let fl = #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"USDC","amount":"1"}],"steps":[{"op":"supply","protocol":"aave-v3","token":"USDC","amount":"1"},{"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"1"}]}"#
        _ = try Fixture.compile(Fixture.plan(actions: fl, extra: #""guards":{"allowedTargets":["balancer-v2","aave-v3","USDC"]}"#))
        _ = try Fixture.compile(Fixture.plan(actions: fl, extra: #""guards":{"allowedTargets":["\#(Fixture.vault)","\#(Fixture.pool)","\#(Fixture.usdc.lowercased())"]}"#))
        // The USDC approval and transfer inside the callback are outside the list.
        expectGuardFailure(Fixture.plan(actions: fl, extra: #""guards":{"allowedTargets":["balancer-v2","aave-v3"]}"#), action: 0, id: "f", guardName: "allowedTargets")
        let issues = Fixture.issues(Fixture.plan(actions: fl, extra: #""guards":{"allowedTargets":["curve"]}"#))
        #expect(issues.contains { $0.code == "unknown_target" && $0.path.description == "guards.allowedTargets[0]" })
    }

    @Test func failedGuardRefusesTheWholePlan() {
        let issues = Fixture.issues(Fixture.plan(
            actions: Self.harvest + "," + #"{"id":"c","kind":"call","to":"weth","function":"deposit()","value":"2ether"}"#,
            extra: #""guards":{"maxValue":"1ether"}"#))
        #expect(issues.count == 1 && issues[0].code == "guard_failed")
    }
}
