import ABI
import BallastJSON
import EthereumPrimitives
import Foundation
import Plan
import TestSupport
import Testing

/// Closing a position exactly (`"amount": "all"`, Morpho `shares`), allowances reset after a step
/// that may pull less than it approves, and lender fees as the lenders compute them.
@Suite struct PlanClosingTests {
    let exec = Fixture.address(Fixture.executor)
    static let market = #"{"loanToken":"USDC","collateralToken":"WETH","oracle":"0x5555555555555555555555555555555555555555","irm":"0x6666666666666666666666666666666666666666","lltv":"860000000000000000"}"#
    var marketTuple: ABIValue {
        .tuple([.addr(Fixture.usdc), .addr(Fixture.weth), .addr("0x5555555555555555555555555555555555555555"), .addr("0x6666666666666666666666666666666666666666"), .u("860000000000000000")])
    }

    func flashLoan(_ steps: String, provider: String = "balancer-v2", loans: String = #"[{"token":"USDC","amount":"1000"}]"#, extra: String = "") -> String {
        #"{"id":"f","kind":"flashLoanRebalance","provider":"\#(provider)"\#(extra),"loans":\#(loans),"steps":[\#(steps)]}"#
    }

    /// The lender call and the callback's call list of the plan's only transaction.
    func callback(_ plan: String) throws -> (outer: Decoded, inner: [Decoded]) {
        let compiled = try Fixture.compile(plan)
        try #require(compiled.transactions.count == 1)
        let outer = try CallReader.executeCalls(compiled.transactions[0].transaction.input)
        try #require(outer.count == 1)
        let signature = outer[0].target == Fixture.address(Fixture.pool)
            ? "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)"
            : outer[0].target == Fixture.address(Fixture.vault) ? "flashLoan(address,address[],uint256[],bytes)" : "flashLoan(address,uint256,bytes)"
        let args = try outer[0].args(signature)
        guard case .bytes(let data)? = args.last(where: { if case .bytes = $0 { true } else { false } }) else { throw TestFailure("callback data") }
        return (outer[0], try CallReader.encodedList(data))
    }

    func expectIssue(_ plan: String, _ code: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let issues = Fixture.issues(plan)
        #expect(
            issues.contains { $0.code == code && $0.path.description == path },
            "expected \(code) at \(path), got \(issues.map { "\($0.code)@\($0.path): \($0.message)" })", sourceLocation: sourceLocation)
    }

    // MARK: "all" and shares

    @Test func aaveRepayAllAndWithdrawAll() throws {
        let plan = Fixture.plan(actions: flashLoan(#"""
            {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"1000"},
            {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"all","minAmount":"1"},
            {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1","minAmountOut":"1000"}
            """#))
        let (_, inner) = try callback(plan)
        try #require(inner.count == 7)
        // The approval is exactly maxAmount; the repay's amount is Aave's "all"; the rest is reset.
        #expect(inner[0].target == Fixture.address(Fixture.usdc))
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.pool), .u(1_000_000_000)])
        #expect(inner[1].target == Fixture.address(Fixture.pool))
        #expect(try inner[1].args("repay(address,uint256,uint256,address)") == [.addr(Fixture.usdc), .uint(.max), .u(2), .address(exec)])
        #expect(inner[2].target == Fixture.address(Fixture.usdc))
        #expect(try inner[2].args("approve(address,uint256)") == [.addr(Fixture.pool), .u(0)])
        #expect(try inner[3].args("withdraw(address,uint256,address)") == [.addr(Fixture.weth), .uint(.max), .address(exec)])
        // Balancer repayment (fee 0).
        #expect(try inner[6].args("transfer(address,uint256)") == [.addr(Fixture.vault), .u(1_000_000_000)])
    }

    @Test func withdrawAllToAnotherRecipient() throws {
        let r = "0x2222222222222222222222222222222222222222"
        let steps = { (recipient: String) in
            #"""
            {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"1000"},
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"all","minAmount":"1000"\#(recipient)}
            """#
        }
        // Sent elsewhere, the withdrawal is no receipt of the executor: the loan is not covered.
        expectIssue(Fixture.plan(actions: flashLoan(steps(#","recipient":"\#(r)""#))), "flash_loan_uncovered", at: "actions[0].loans[0]")
        let (_, inner) = try callback(Fixture.plan(actions: flashLoan(steps(""))))
        #expect(try inner[2].args("withdraw(address,uint256,address)") == [.addr(Fixture.usdc), .uint(.max), .address(exec)])
    }

    @Test func morphoRepayShares() throws {
        let m = Self.market
        let plan = Fixture.plan(actions: flashLoan(#"""
            {"op":"repay","protocol":"morpho-blue","market":\#(m),"shares":"123456789000000","maxAmount":"1000"},
            {"op":"borrow","protocol":"morpho-blue","market":\#(m),"amount":"1000"}
            """#))
        let (_, inner) = try callback(plan)
        try #require(inner.count == 5)
        #expect(inner[0].target == Fixture.address(Fixture.usdc))
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.morpho), .u(1_000_000_000)])
        #expect(inner[1].target == Fixture.address(Fixture.morpho))
        #expect(try inner[1].args("repay((address,address,address,address,uint256),uint256,uint256,address,bytes)") == [
            marketTuple, .u(0), .u("123456789000000"), .address(exec), .bytes([]),
        ])
        #expect(try inner[2].args("approve(address,uint256)") == [.addr(Fixture.morpho), .u(0)])
        // Shares given as {"raw": …} or a JSON integer compile the same.
        for shares in [#"{"raw":"123456789000000"}"#, "123456789000000"] {
            let other = Fixture.plan(actions: flashLoan(#"""
                {"op":"repay","protocol":"morpho-blue","market":\#(m),"shares":\#(shares),"maxAmount":"1000"},
                {"op":"borrow","protocol":"morpho-blue","market":\#(m),"amount":"1000"}
                """#))
            #expect(try callback(other).inner.map(\.data) == inner.map(\.data))
        }
    }

    @Test func closingFormsCountTheirBoundsForCoverage() throws {
        // repay all: maxAmount spent. 1000 loan − 1000.000001 + 1000 borrowed < 1000.
        let over = Fixture.plan(actions: flashLoan(#"""
            {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"1000.000001"},
            {"op":"borrow","protocol":"aave-v3","token":"USDC","amount":"1000"}
            """#))
        expectIssue(over, "flash_loan_uncovered", at: "actions[0].loans[0]")
        // Morpho shares: maxAmount spent.
        let m = Self.market
        let shares = Fixture.plan(actions: flashLoan(#"""
            {"op":"repay","protocol":"morpho-blue","market":\#(m),"shares":"1","maxAmount":"1000.000001"},
            {"op":"borrow","protocol":"morpho-blue","market":\#(m),"amount":"1000"}
            """#))
        expectIssue(shares, "flash_loan_uncovered", at: "actions[0].loans[0]")
        // withdraw all: minAmount received (one base unit short of the Aave premium of 0.5 USDC).
        let short = Fixture.plan(actions: flashLoan(#"""
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"all","minAmount":"0.499999"}
            """#, provider: "aave-v3"))
        expectIssue(short, "flash_loan_uncovered", at: "actions[0].loans[0]")
        let enough = Fixture.plan(actions: flashLoan(#"""
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"all","minAmount":"0.5"}
            """#, provider: "aave-v3"))
        _ = try Fixture.compile(enough)
    }

    @Test func closingFormsRefusedWithTheirPaths() {
        let m = Self.market
        func step(_ s: String) -> String { Fixture.plan(actions: flashLoan(s)) }
        expectIssue(step(#"{"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all"}"#), "missing_field", at: "actions[0].steps[0].maxAmount")
        expectIssue(step(#"{"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"all"}"#), "missing_field", at: "actions[0].steps[0].minAmount")
        expectIssue(step(#"{"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"0"}"#), "amount_zero", at: "actions[0].steps[0].maxAmount")
        expectIssue(step(#"{"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"1.0000001"}"#), "amount_excess_precision", at: "actions[0].steps[0].maxAmount")
        expectIssue(step(#"{"op":"supply","protocol":"aave-v3","token":"USDC","amount":"all"}"#), "invalid_amount", at: "actions[0].steps[0].amount")
        expectIssue(step(#"{"op":"borrow","protocol":"aave-v3","token":"USDC","amount":"all"}"#), "invalid_amount", at: "actions[0].steps[0].amount")
        expectIssue(step(#"{"op":"transfer","token":"USDC","to":"0x2222222222222222222222222222222222222222","amount":"all"}"#), "invalid_amount", at: "actions[0].steps[0].amount")
        expectIssue(step(#"{"op":"repay","protocol":"aave-v3","token":"USDC","amount":"1","maxAmount":"1"}"#), "field_not_allowed", at: "actions[0].steps[0].maxAmount")
        expectIssue(step(#"{"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"1","minAmount":"1"}"#), "field_not_allowed", at: "actions[0].steps[0].minAmount")
        expectIssue(step(#"{"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"1","minAmount":"1"}"#), "unknown_field", at: "actions[0].steps[0].minAmount")
        expectIssue(step(#"{"op":"repay","protocol":"morpho-blue","market":\#(m),"amount":"all"}"#), "invalid_amount", at: "actions[0].steps[0].amount")
        expectIssue(step(#"{"op":"repay","protocol":"morpho-blue","market":\#(m),"shares":"5"}"#), "missing_field", at: "actions[0].steps[0].maxAmount")
        expectIssue(step(#"{"op":"repay","protocol":"morpho-blue","market":\#(m),"shares":"0","maxAmount":"1"}"#), "amount_zero", at: "actions[0].steps[0].shares")
        expectIssue(step(#"{"op":"repay","protocol":"morpho-blue","market":\#(m),"shares":"1.5","maxAmount":"1"}"#), "invalid_amount", at: "actions[0].steps[0].shares")
        expectIssue(step(#"{"op":"repay","protocol":"morpho-blue","market":\#(m),"shares":"5","amount":"1","maxAmount":"1"}"#), "repay_amounts", at: "actions[0].steps[0].amount")
        expectIssue(step(#"{"op":"repay","protocol":"morpho-blue","market":\#(m),"amount":"1","maxAmount":"1"}"#), "field_not_allowed", at: "actions[0].steps[0].maxAmount")
        expectIssue(step(#"{"op":"supply","protocol":"morpho-blue","market":\#(m),"shares":"5"}"#), "unknown_field", at: "actions[0].steps[0].shares")
        expectIssue(step(#"{"op":"repay","protocol":"morpho-blue","market":\#(m)}"#), "missing_field", at: "actions[0].steps[0].amount")
    }

    // MARK: Health-factor guard

    @Test func healthFactorGuardSeesClosingForms() throws {
        let guards = #""guards":{"minHealthFactor":"1.5","prices":{"WETH":"3000","USDC":"1"},"position":{"collateral":{"WETH":"10"},"debt":{"USDC":"10000"},"liquidationThresholdBps":{"WETH":8000}}}"#
        // Repay all (at most 4000) then withdraw 5 WETH: debt 6000, collateral 5 × 3000 × 0.8 = 12000: HF 2.
        let partial = Fixture.plan(actions: flashLoan(#"""
            {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"4000"},
            {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"5"},
            {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"5","minAmountOut":"15000"}
            """#, loans: #"[{"token":"USDC","amount":"4000"}]"#), extra: guards)
        _ = try Fixture.compile(partial)
        // Withdraw all WETH counts as its minAmount received (the plan format): with minAmount 5
        // the guard sees 5 WETH left (HF 2, passes); with minAmount 10 it sees none while 6000 USDC
        // of debt remain (HF 0, refused).
        func withdrawAll(minAmount: String) -> String {
            Fixture.plan(actions: flashLoan(#"""
                {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"4000"},
                {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"all","minAmount":"\#(minAmount)"},
                {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"\#(minAmount)","minAmountOut":"15000"}
                """#, loans: #"[{"token":"USDC","amount":"4000"}]"#), extra: guards)
        }
        _ = try Fixture.compile(withdrawAll(minAmount: "5"))
        let issues = Fixture.issues(withdrawAll(minAmount: "10"))
        #expect(issues.contains { $0.code == "guard_failed" && $0.message.contains("minHealthFactor") }, "\(issues)")
        // Repaying all of it (maxAmount ≥ debt) and withdrawing all: no debt left, the guard passes.
        let close = Fixture.plan(actions: flashLoan(#"""
            {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"all","maxAmount":"10000.5"},
            {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"all","minAmount":"10"},
            {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"10","minAmountOut":"30000"}
            """#, loans: #"[{"token":"USDC","amount":"10000.5"}]"#), extra: guards)
        _ = try Fixture.compile(close)
    }

    // MARK: Lender fees

    @Test func aavePremiumMatchesPercentMul() throws {
        // 250000.000001 USDC at 5 bps: Aave charges 125 USDC (125.0000005 rounded half up, down
        // here), so the pool is approved for exactly 250125.000001.
        let plan = Fixture.plan(actions: flashLoan(#"""
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"125"}
            """#, provider: "aave-v3", loans: #"[{"token":"USDC","amount":"250000.000001"}]"#))
        let (_, inner) = try callback(plan)
        #expect(try inner.last?.args("approve(address,uint256)") == [.addr(Fixture.pool), .u(250_125_000_001)])
        // 124.999999 withdrawn does not cover it.
        let short = Fixture.plan(actions: flashLoan(#"""
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"124.999999"}
            """#, provider: "aave-v3", loans: #"[{"token":"USDC","amount":"250000.000001"}]"#))
        expectIssue(short, "flash_loan_uncovered", at: "actions[0].loans[0]")
    }

    @Test func balancerFeeRoundsUpAndIsTransferredBack() throws {
        // 250000.000001 USDC at 5 bps: mulUp(250000000001, 5e14) = 125000001 (125.0000005 up).
        let plan = Fixture.plan(actions: flashLoan(#"""
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"125.000001"}
            """#, loans: #"[{"token":"USDC","amount":"250000.000001"}]"#, extra: #","feeBps":5"#))
        let (outer, inner) = try callback(plan)
        #expect(try outer.args("flashLoan(address,address[],uint256[],bytes)")[2] == .array([.u(250_000_000_001)]))
        try #require(inner.count == 2)
        #expect(inner[1].target == Fixture.address(Fixture.usdc))
        #expect(try inner[1].args("transfer(address,uint256)") == [.addr(Fixture.vault), .u(250_125_000_002)])
        let short = Fixture.plan(actions: flashLoan(#"""
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"125"}
            """#, loans: #"[{"token":"USDC","amount":"250000.000001"}]"#, extra: #","feeBps":5"#))
        expectIssue(short, "flash_loan_uncovered", at: "actions[0].loans[0]")
        // Each loan pays its own fee, in the Vault's sorted order.
        let two = Fixture.plan(actions: flashLoan(#"""
            {"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":"10"},
            {"op":"withdraw","protocol":"aave-v3","token":"DAI","amount":"1"}
            """#, loans: #"[{"token":"USDC","amount":"1000"},{"token":"DAI","amount":{"raw":"1"}}]"#, extra: #","feeBps":100"#))
        let (_, twoInner) = try callback(two)
        #expect(try twoInner[2].args("transfer(address,uint256)") == [.addr(Fixture.vault), .u(2)])  // DAI: 1 + mulUp(1, 1e16) = 1 + 1
        #expect(try twoInner[3].args("transfer(address,uint256)") == [.addr(Fixture.vault), .u(1_010_000_000)])  // USDC: 1000 + 10
    }

    @Test func feeFieldsBelongToTheirProviders() {
        expectIssue(Fixture.plan(actions: flashLoan("", provider: "aave-v3", extra: #","feeBps":1"#)), "field_not_allowed", at: "actions[0].feeBps")
        expectIssue(Fixture.plan(actions: flashLoan("", provider: "morpho-blue", extra: #","feeBps":1"#)), "field_not_allowed", at: "actions[0].feeBps")
        expectIssue(Fixture.plan(actions: flashLoan("", extra: #","premiumBps":1"#)), "field_not_allowed", at: "actions[0].premiumBps")
        expectIssue(Fixture.plan(actions: flashLoan("", extra: #","feeBps":101"#)), "out_of_range", at: "actions[0].feeBps")
        expectIssue(Fixture.plan(actions: flashLoan("", extra: #","feeBps":"1""#)), "invalid_type", at: "actions[0].feeBps")
    }

    @Test func lenderArithmeticOverflowIsRefused() {
        // Aave's percentMul reverts when amount × bps + 5000 passes 2^256 − 1; so does the Vault's mulUp.
        let huge = #"[{"token":"USDC","amount":{"raw":"115792089237316195423570985008687907853269984665640564039457584007913129639935"}}]"#
        expectIssue(Fixture.plan(actions: flashLoan("", provider: "aave-v3", loans: huge)), "amount_overflow", at: "actions[0].loans[0].amount")
        expectIssue(Fixture.plan(actions: flashLoan("", loans: huge, extra: #","feeBps":1"#)), "amount_overflow", at: "actions[0].loans[0].amount")
    }

    /// `vectors/plans/fees.json`: fees computed by `vectors/gen_plans.py` from the lenders'
    /// formulas (Aave's percentMul, Balancer's mulUp) on edge amounts.
    @Test func feesMatchTheReferenceVectors() throws {
        let doc = try JSONValue.parse(bytes: [UInt8](Data(contentsOf: Vectors.project("plans/fees.json"))))
        guard case .array(let cases)? = doc["cases"] else { throw TestFailure("cases") }
        #expect(cases.count > 100)
        for c in cases {
            guard case .string(let provider)? = c["provider"], case .number(let bps)? = c["bps"], case .string(let amount)? = c["amount"] else {
                throw TestFailure("case")
            }
            let f = FlashLoanRebalance(
                provider: try #require(FlashLoanProvider(rawValue: provider)), lender: .zero, loans: [], steps: [],
                premiumBps: try #require(UInt64(bps)))
            let a = try UInt256(decimal: amount)
            let fee: String? = if case .string(let s)? = c["fee"] { s } else { nil }
            let repayment: String? = if case .string(let s)? = c["repayment"] { s } else { nil }
            #expect(f.premium(for: a)?.decimalString == fee, "\(provider) \(bps) bps of \(amount)")
            #expect(f.repayment(for: a)?.decimalString == repayment, "\(provider) \(bps) bps of \(amount): repayment")
        }
    }

    // MARK: Gas table

    /// docs/gas.md's table says what `PlanGas.table` says (the generator reads the document).
    @Test func gasTableIsDocumented() throws {
        let text = try String(contentsOf: Vectors.projectRoot.appendingPathComponent("docs/gas.md"), encoding: .utf8)
        var rows: [(String, UInt64, String, UInt64)] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, let basis = UInt64(cells[1]), let limit = UInt64(cells[3]) else { continue }
            rows.append((cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), basis, cells[2], limit))
        }
        try #require(rows.count == PlanGas.table.count)
        for (row, entry) in zip(rows, PlanGas.table) {
            #expect(row.0 == entry.name)
            #expect(row.1 == entry.basis, "\(entry.name) basis")
            let headroom = entry.headroomPercent % 100 == 0 ? "\(entry.headroomPercent / 100).0" : "\(entry.headroomPercent / 100).\(entry.headroomPercent % 100 / 10)"
            #expect(row.2 == headroom, "\(entry.name) headroom")
            #expect(row.3 == entry.limit, "\(entry.name) default")
            #expect(entry.limit >= entry.basis * entry.headroomPercent / 100)
        }
        // The Aave borrow through the executor that the old 300000 could not carry.
        #expect(PlanGas.call >= 323_000 * 13 / 10)
    }
}
