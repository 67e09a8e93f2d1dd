import ABI
import BallastJSON
import EthereumPrimitives
import Plan
import TestSupport
import Testing
import Transactions

/// Compiled calls read back from their bytes and compared with docs/plan-compilation.md: target,
/// function (by its canonical signature's selector) and argument values.
@Suite struct PlanCompileTests {
    let exec = Fixture.address(Fixture.executor)

    func onlyTransactionCalls(_ plan: String) throws -> [Decoded] {
        let compiled = try Fixture.compile(plan)
        try #require(compiled.transactions.count == 1)
        let tx = compiled.transactions[0].transaction
        #expect(tx.to == exec)
        return try CallReader.executeCalls(tx.input)
    }

    func flashLoanSteps(_ steps: String, provider: String = "balancer-v2", loans: String = #"[{"token":"0x9999999999999999999999999999999999999999","amount":{"raw":"1"}}]"#) -> String {
        Fixture.plan(actions: #"{"id":"f","kind":"flashLoanRebalance","provider":"\#(provider)","loans":\#(loans),"steps":[\#(steps)]}"#)
    }

    /// The callback calls of a Balancer flash loan (the single outer call), without the repayment.
    func balancerCallback(_ steps: String, loans: Int = 1) throws -> [Decoded] {
        let outer = try onlyTransactionCalls(flashLoanSteps(steps))
        let args = try outer[0].args("flashLoan(address,address[],uint256[],bytes)")
        guard case .bytes(let data) = args[3] else { throw TestFailure("userData") }
        let inner = try CallReader.encodedList(data)
        return Array(inner.dropLast(loans))
    }

    // MARK: flash loans

    @Test func aaveFlashLoanAsInTheFormatExample() throws {
        let plan = Fixture.plan(actions: #"""
            {"id":"rebalance-1","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"250000"}],"steps":[
              {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"250000"},
              {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"90"},
              {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"90","minAmountOut":"250200"}]}
            """#)
        let outer = try onlyTransactionCalls(plan)
        try #require(outer.count == 1)
        #expect(outer[0].target == Fixture.address(Fixture.pool) && outer[0].value.isZero)
        let a = try outer[0].args("flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)")
        #expect(a[0] == .address(exec))
        #expect(a[1] == .array([.addr(Fixture.usdc)]))
        #expect(a[2] == .array([.u("250000000000")]))
        #expect(a[3] == .array([.u(0)]))
        #expect(a[4] == .address(exec))
        #expect(a[6] == .u(0))
        guard case .bytes(let params) = a[5] else { throw TestFailure("params") }
        let inner = try CallReader.encodedList(params)
        try #require(inner.count == 6)
        // repay: approve the pool for exactly the amount, then repay (variable rate, for the executor).
        #expect(inner[0].target == Fixture.address(Fixture.usdc))
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.pool), .u("250000000000")])
        #expect(inner[1].target == Fixture.address(Fixture.pool))
        #expect(try inner[1].args("repay(address,uint256,uint256,address)") == [.addr(Fixture.usdc), .u("250000000000"), .u(2), .address(exec)])
        #expect(try inner[2].args("withdraw(address,uint256,address)") == [.addr(Fixture.weth), .u("90000000000000000000"), .address(exec)])
        #expect(inner[3].target == Fixture.address(Fixture.weth))
        #expect(try inner[3].args("approve(address,uint256)") == [.addr(Fixture.router), .u("90000000000000000000")])
        #expect(inner[4].target == Fixture.address(Fixture.router))
        #expect(try inner[4].args("exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))") == [.tuple([
            .addr(Fixture.weth), .addr(Fixture.usdc), .u(500), .address(exec), .u("90000000000000000000"), .u("250200000000"), .u(0),
        ])])
        // Repayment: approve the pool for amount + ⌊(amount × 5 + 5000) / 10000⌋ (Aave's percentMul).
        #expect(inner[5].target == Fixture.address(Fixture.usdc))
        #expect(try inner[5].args("approve(address,uint256)") == [.addr(Fixture.pool), .u("250125000000")])
        #expect(inner.allSatisfy { $0.value.isZero })
    }

    @Test func aavePremiumRoundsHalfUpAndFollowsPremiumBps() throws {
        let plan = Fixture.plan(actions: #"""
            {"id":"f","kind":"flashLoanRebalance","provider":"aave-v3","premiumBps":9,
             "loans":[{"token":"USDC","amount":{"raw":"1001"}},{"token":"DAI","amount":{"raw":"3"}}],
             "steps":[{"op":"withdraw","protocol":"aave-v3","token":"USDC","amount":{"raw":"1"}},
                      {"op":"withdraw","protocol":"aave-v3","token":"DAI","amount":{"raw":"1"}}]}
            """#)
        let outer = try onlyTransactionCalls(plan)
        let a = try outer[0].args("flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)")
        #expect(a[1] == .array([.addr(Fixture.usdc), .addr(Fixture.dai)]))
        #expect(a[3] == .array([.u(0), .u(0)]))
        guard case .bytes(let params) = a[5] else { throw TestFailure("params") }
        let inner = try CallReader.encodedList(params)
        // Aave's percentMul: 1001 × 9 / 10000 = 0.9009 → 1; 3 × 9 / 10000 = 0.0027 → 0. Plan order.
        try #require(inner.count == 4)
        #expect(try inner[2].args("approve(address,uint256)") == [.addr(Fixture.pool), .u(1002)])
        #expect(inner[2].target == Fixture.address(Fixture.usdc))
        #expect(try inner[3].args("approve(address,uint256)") == [.addr(Fixture.pool), .u(3)])
        #expect(inner[3].target == Fixture.address(Fixture.dai))
    }

    @Test func balancerSortsLoansAndRepaysByTransfer() throws {
        let plan = flashLoanSteps("", loans: #"[{"token":"WETH","amount":"2"},{"token":"USDC","amount":"3"},{"token":"DAI","amount":"4"}]"#)
        let outer = try onlyTransactionCalls(plan)
        #expect(outer[0].target == Fixture.address(Fixture.vault))
        let a = try outer[0].args("flashLoan(address,address[],uint256[],bytes)")
        // Ascending by address: DAI 0x6B17…, USDC 0xA0b8…, WETH 0xC02a….
        #expect(a[0] == .address(exec))
        #expect(a[1] == .array([.addr(Fixture.dai), .addr(Fixture.usdc), .addr(Fixture.weth)]))
        #expect(a[2] == .array([.u("4000000000000000000"), .u("3000000"), .u("2000000000000000000")]))
        guard case .bytes(let data) = a[3] else { throw TestFailure("userData") }
        let inner = try CallReader.encodedList(data)
        try #require(inner.count == 3)
        #expect(inner.map(\.target) == [Fixture.dai, Fixture.usdc, Fixture.weth].map(Fixture.address))
        #expect(try inner[0].args("transfer(address,uint256)") == [.addr(Fixture.vault), .u("4000000000000000000")])
        #expect(try inner[2].args("transfer(address,uint256)") == [.addr(Fixture.vault), .u("2000000000000000000")])
    }

    static let market = #"{"loanToken":"USDC","collateralToken":"WETH","oracle":"0x5555555555555555555555555555555555555555","irm":"0x6666666666666666666666666666666666666666","lltv":"860000000000000000"}"#
    var marketTuple: ABIValue {
        .tuple([.addr(Fixture.usdc), .addr(Fixture.weth), .addr("0x5555555555555555555555555555555555555555"), .addr("0x6666666666666666666666666666666666666666"), .u("860000000000000000")])
    }

    @Test func morphoFlashLoanAndSteps() throws {
        let m = Self.market
        let plan = Fixture.plan(actions: #"""
            {"id":"f","kind":"flashLoanRebalance","provider":"morpho-blue","loans":[{"token":"USDC","amount":"100"}],"steps":[
              {"op":"repay","protocol":"morpho-blue","market":\#(m),"amount":"100"},
              {"op":"withdraw","protocol":"morpho-blue","market":\#(m),"amount":"1.5"},
              {"op":"supply","protocol":"morpho-blue","market":\#(m),"amount":"0.5"},
              {"op":"borrow","protocol":"morpho-blue","market":\#(m),"amount":"100","recipient":"0x2222222222222222222222222222222222222222"},
              {"op":"borrow","protocol":"morpho-blue","market":\#(m),"amount":"100"}]}
            """#)
        let outer = try onlyTransactionCalls(plan)
        #expect(outer[0].target == Fixture.address(Fixture.morpho))
        let a = try outer[0].args("flashLoan(address,uint256,bytes)")
        #expect(a[0] == .addr(Fixture.usdc) && a[1] == .u(100_000_000))
        guard case .bytes(let data) = a[2] else { throw TestFailure("data") }
        let inner = try CallReader.encodedList(data)
        try #require(inner.count == 8)
        let mkt = "(address,address,address,address,uint256)"
        #expect(inner[0].target == Fixture.address(Fixture.usdc))
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.morpho), .u(100_000_000)])
        #expect(try inner[1].args("repay(\(mkt),uint256,uint256,address,bytes)") == [marketTuple, .u(100_000_000), .u(0), .address(exec), .bytes([])])
        #expect(try inner[2].args("withdrawCollateral(\(mkt),uint256,address,address)") == [marketTuple, .u("1500000000000000000"), .address(exec), .address(exec)])
        #expect(inner[3].target == Fixture.address(Fixture.weth))
        #expect(try inner[3].args("approve(address,uint256)") == [.addr(Fixture.morpho), .u("500000000000000000")])
        #expect(try inner[4].args("supplyCollateral(\(mkt),uint256,address,bytes)") == [marketTuple, .u("500000000000000000"), .address(exec), .bytes([])])
        #expect(try inner[5].args("borrow(\(mkt),uint256,uint256,address,address)") == [marketTuple, .u(100_000_000), .u(0), .address(exec), .addr("0x2222222222222222222222222222222222222222")])
        #expect(try inner[6].args("borrow(\(mkt),uint256,uint256,address,address)") == [marketTuple, .u(100_000_000), .u(0), .address(exec), .address(exec)])
        // Repayment: approve Morpho for the amount.
        #expect(inner[7].target == Fixture.address(Fixture.usdc))
        #expect(try inner[7].args("approve(address,uint256)") == [.addr(Fixture.morpho), .u(100_000_000)])
    }

    // MARK: steps

    @Test func aaveSteps() throws {
        let inner = try balancerCallback(#"""
            {"op":"supply","protocol":"aave-v3","token":"WETH","amount":"1"},
            {"op":"borrow","protocol":"aave-v3","token":"USDC","amount":"10"},
            {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"0.25","recipient":"0x2222222222222222222222222222222222222222"}
            """#)
        try #require(inner.count == 4)
        #expect(inner[0].target == Fixture.address(Fixture.weth))
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.pool), .u("1000000000000000000")])
        #expect(try inner[1].args("supply(address,uint256,address,uint16)") == [.addr(Fixture.weth), .u("1000000000000000000"), .address(exec), .u(0)])
        #expect(try inner[2].args("borrow(address,uint256,uint256,uint16,address)") == [.addr(Fixture.usdc), .u(10_000_000), .u(2), .u(0), .address(exec)])
        #expect(try inner[3].args("withdraw(address,uint256,address)") == [.addr(Fixture.weth), .u("250000000000000000"), .addr("0x2222222222222222222222222222222222222222")])
    }

    @Test func tokenVaultAndWethSteps() throws {
        let vault = "0x7777777777777777777777777777777777777777"
        let inner = try balancerCallback(#"""
            {"op":"approve","token":"USDC","spender":"uniswap-v2","amount":"5"},
            {"op":"transfer","token":"WETH","to":"0x2222222222222222222222222222222222222222","amount":"0.1"},
            {"op":"wrap","amount":"1.5"},
            {"op":"unwrap","amount":{"raw":"7"}},
            {"op":"deposit","vault":"\#(vault)","token":"USDC","amount":"20"},
            {"op":"redeem","vault":"\#(vault)","shares":{"raw":"123"},"recipient":"0x2222222222222222222222222222222222222222"}
            """#)
        try #require(inner.count == 7)
        #expect(inner[0].target == Fixture.address(Fixture.usdc))
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.v2Router), .u(5_000_000)])
        #expect(try inner[1].args("transfer(address,uint256)") == [.addr("0x2222222222222222222222222222222222222222"), .u("100000000000000000")])
        #expect(inner[2].target == Fixture.address(Fixture.weth) && inner[2].value == UInt256(1_500_000_000_000_000_000 as UInt64))
        #expect(try inner[2].args("deposit()") == [])
        #expect(try inner[3].args("withdraw(uint256)") == [.u(7)] && inner[3].value.isZero)
        #expect(inner[4].target == Fixture.address(Fixture.usdc))
        #expect(try inner[4].args("approve(address,uint256)") == [.addr(vault), .u(20_000_000)])
        #expect(inner[5].target == Fixture.address(vault))
        #expect(try inner[5].args("deposit(uint256,address)") == [.u(20_000_000), .address(exec)])
        #expect(try inner[6].args("redeem(uint256,address,address)") == [.u(123), .addr("0x2222222222222222222222222222222222222222"), .address(exec)])
    }

    @Test func uniswapV3MultiHopPaths() throws {
        let inner = try balancerCallback(#"""
            {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC",100,"DAI"],"amountIn":"1","minAmountOut":"2900"},
            {"op":"swap","venue":"uniswap-v3","path":["DAI",100,"USDC",3000,"WETH"],"amountOut":"0.5","maxAmountIn":"1600"},
            {"op":"swap","venue":"uniswap-v3","path":["USDC",10000,"WETH"],"amountOut":"0.1","maxAmountIn":"400"}
            """#)
        try #require(inner.count == 8)
        func packed(_ parts: [Any]) -> ABIValue {
            var out: [UInt8] = []
            for p in parts {
                if let a = p as? String { out += Fixture.address(a).bytes } else if let f = p as? Int { out += [UInt8(f >> 16 & 0xff), UInt8(f >> 8 & 0xff), UInt8(f & 0xff)] }
            }
            return .bytes(out)
        }
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.router), .u("1000000000000000000")])
        #expect(try inner[1].args("exactInput((bytes,address,uint256,uint256))") == [.tuple([
            packed([Fixture.weth, 500, Fixture.usdc, 100, Fixture.dai]), .address(exec), .u("1000000000000000000"), .u("2900000000000000000000"),
        ])])
        // Exact output: approve the maximum in; the path is reversed (starts at the output token).
        #expect(inner[2].target == Fixture.address(Fixture.dai))
        #expect(try inner[2].args("approve(address,uint256)") == [.addr(Fixture.router), .u("1600000000000000000000")])
        #expect(try inner[3].args("exactOutput((bytes,address,uint256,uint256))") == [.tuple([
            packed([Fixture.weth, 3000, Fixture.usdc, 100, Fixture.dai]), .address(exec), .u("500000000000000000"), .u("1600000000000000000000"),
        ])])
        // The router takes only what it needs: the allowance left is reset right after.
        #expect(inner[4].target == Fixture.address(Fixture.dai))
        #expect(try inner[4].args("approve(address,uint256)") == [.addr(Fixture.router), .u(0)])
        #expect(inner[5].target == Fixture.address(Fixture.usdc))
        #expect(try inner[6].args("exactOutputSingle((address,address,uint24,address,uint256,uint256,uint160))") == [.tuple([
            .addr(Fixture.usdc), .addr(Fixture.weth), .u(10000), .address(exec), .u("100000000000000000"), .u(400_000_000), .u(0),
        ])])
        #expect(inner[7].target == Fixture.address(Fixture.usdc))
        #expect(try inner[7].args("approve(address,uint256)") == [.addr(Fixture.router), .u(0)])
    }

    @Test func uniswapV2DeadlineDefaults() throws {
        let swap = #"{"op":"swap","venue":"uniswap-v2","path":["WETH","USDC","DAI"],"amountIn":"1","minAmountOut":"2900"}"#
        let sig = "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)"
        var inner = try balancerCallback(swap)
        #expect(inner[0].target == Fixture.address(Fixture.weth))
        #expect(try inner[0].args("approve(address,uint256)") == [.addr(Fixture.v2Router), .u("1000000000000000000")])
        #expect(inner[1].target == Fixture.address(Fixture.v2Router))
        #expect(try inner[1].args(sig) == [
            .u("1000000000000000000"), .u("2900000000000000000000"), .array([.addr(Fixture.weth), .addr(Fixture.usdc), .addr(Fixture.dai)]),
            .address(exec), .uint(.max),
        ])
        // The plan's deadline, then the step's.
        let withPlanDeadline = Fixture.plan(actions: #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"0x9999999999999999999999999999999999999999","amount":{"raw":"1"}}],"steps":[\#(swap)]}"#, extra: #""deadline":1700000000"#)
        inner = try CallReader.encodedList(bytesArg(try onlyTransactionCalls(withPlanDeadline)[0], 3))
        #expect(try inner[1].args(sig)[4] == .u(1_700_000_000))
        let stepDeadline = swap.replacingOccurrences(of: "\"amountIn\"", with: "\"deadline\":\"1800000000\",\"amountIn\"")
        inner = try balancerCallback(stepDeadline)
        #expect(try inner[1].args(sig)[4] == .u(1_800_000_000))
    }

    func bytesArg(_ call: Decoded, _ index: Int) throws -> [UInt8] {
        let f = try ABIFunction(parsing: "flashLoan(address,address[],uint256[],bytes)")
        let values = try ABIDecoder.decodeCall(call.data, selector: f.selector, types: f.inputTypes)
        guard case .bytes(let b) = values[index] else { throw TestFailure("bytes") }
        return b
    }

    // MARK: actions

    @Test(arguments: [
        ("yearn-v2", "harvest()"), ("yearn-v3", "report()"), ("beefy", "harvest()"),
        ("curve-gauge", "claim_rewards()"), ("convex", "getReward()"),
    ])
    func harvests(protocolName: String, function: String) throws {
        let target = "0x2222222222222222222222222222222222222222"
        let calls = try onlyTransactionCalls(Fixture.plan(actions: #"""
            {"id":"h","kind":"harvest","protocol":"\#(protocolName)","target":"\#(target)",
             "compound":[{"op":"supply","protocol":"aave-v3","token":"USDC","amount":"1"}]}
            """#))
        try #require(calls.count == 3)
        #expect(calls[0].target == Fixture.address(target) && calls[0].isCall(function) && calls[0].data.count == 4)
        #expect(try calls[1].args("approve(address,uint256)") == [.addr(Fixture.pool), .u(1_000_000)])
        #expect(try calls[2].args("supply(address,uint256,address,uint16)") == [.addr(Fixture.usdc), .u(1_000_000), .address(exec), .u(0)])
    }

    @Test func hedgeAdjustBothDirections() throws {
        let grow = try onlyTransactionCalls(Fixture.plan(actions: #"""
            {"id":"hedge-1","kind":"hedgeAdjust","venue":"aave-v3","asset":"WETH","change":"-12.5","quote":"USDC",
             "swap":{"venue":"uniswap-v3","fee":500,"minAmountOut":"37400"}}
            """#))
        try #require(grow.count == 5)
        let amount = ABIValue.u("12500000000000000000"), minOut = ABIValue.u("37400000000")
        #expect(try grow[0].args("borrow(address,uint256,uint256,uint16,address)") == [.addr(Fixture.weth), amount, .u(2), .u(0), .address(exec)])
        #expect(grow[1].target == Fixture.address(Fixture.weth))
        #expect(try grow[1].args("approve(address,uint256)") == [.addr(Fixture.router), amount])
        #expect(try grow[2].args("exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))") == [.tuple([
            .addr(Fixture.weth), .addr(Fixture.usdc), .u(500), .address(exec), amount, minOut, .u(0),
        ])])
        #expect(grow[3].target == Fixture.address(Fixture.usdc))
        #expect(try grow[3].args("approve(address,uint256)") == [.addr(Fixture.pool), minOut])
        #expect(try grow[4].args("supply(address,uint256,address,uint16)") == [.addr(Fixture.usdc), minOut, .address(exec), .u(0)])

        let shrink = try onlyTransactionCalls(Fixture.plan(actions: #"""
            {"id":"hedge-2","kind":"hedgeAdjust","venue":"aave-v3","asset":"WETH","change":"2","quote":"USDC",
             "swap":{"venue":"uniswap-v3","fee":3000,"maxAmountIn":"6100"}}
            """#))
        try #require(shrink.count == 6)
        let two = ABIValue.u("2000000000000000000"), maxIn = ABIValue.u("6100000000")
        #expect(try shrink[0].args("withdraw(address,uint256,address)") == [.addr(Fixture.usdc), maxIn, .address(exec)])
        #expect(shrink[1].target == Fixture.address(Fixture.usdc))
        #expect(try shrink[1].args("approve(address,uint256)") == [.addr(Fixture.router), maxIn])
        #expect(try shrink[2].args("exactOutputSingle((address,address,uint24,address,uint256,uint256,uint160))") == [.tuple([
            .addr(Fixture.usdc), .addr(Fixture.weth), .u(3000), .address(exec), two, maxIn, .u(0),
        ])])
        // What the router did not take of maxAmountIn is no longer approved.
        #expect(shrink[3].target == Fixture.address(Fixture.usdc))
        #expect(try shrink[3].args("approve(address,uint256)") == [.addr(Fixture.router), .u(0)])
        #expect(shrink[4].target == Fixture.address(Fixture.weth))
        #expect(try shrink[4].args("approve(address,uint256)") == [.addr(Fixture.pool), two])
        #expect(try shrink[5].args("repay(address,uint256,uint256,address)") == [.addr(Fixture.weth), two, .u(2), .address(exec)])
    }

    @Test func callActionBySignatureAndByName() throws {
        let bySig = try onlyTransactionCalls(Fixture.plan(actions: #"""
            {"id":"c","kind":"call","to":"aave-v3","function":"function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)",
             "args":{"asset":"\#(Fixture.usdc)","amount":"0x10","onBehalfOf":"\#(Fixture.executor)","referralCode":0},"value":"0"}
            """#))
        #expect(bySig[0].target == Fixture.address(Fixture.pool))
        #expect(try bySig[0].args("supply(address,uint256,address,uint16)") == [.addr(Fixture.usdc), .u(16), .address(exec), .u(0)])
        let byName = try onlyTransactionCalls(Fixture.plan(actions: #"""
            {"id":"c","kind":"call","to":"weth","function":"deposit","value":"0.5ether"}
            """#))
        #expect(byName[0].target == Fixture.address(Fixture.weth) && byName[0].isCall("deposit()"))
        #expect(byName[0].value == UInt256(500_000_000_000_000_000 as UInt64))
        // The transaction carries the sum of the calls' values.
        let compiled = try Fixture.compile(Fixture.plan(actions: #"{"id":"c","kind":"call","to":"weth","function":"deposit","value":"0.5ether"}"#))
        #expect(compiled.transactions[0].transaction.value == UInt256(500_000_000_000_000_000 as UInt64))
        // A token by symbol is an ERC-20 target (extension).
        let token = try onlyTransactionCalls(Fixture.plan(actions: #"{"id":"c","kind":"call","to":"USDC","function":"approve","args":["\#(Fixture.pool)","0"]}"#))
        #expect(token[0].target == Fixture.address(Fixture.usdc) && token[0].isCall("approve(address,uint256)"))
    }

    // MARK: modes, nonces, gas

    @Test func executorTransactions() throws {
        let harvest = { (id: String) in #"{"id":"\#(id)","kind":"harvest","protocol":"beefy","target":"0x2222222222222222222222222222222222222222"}"# }
        let compiled = try Fixture.compile(Fixture.plan(actions: [harvest("a"), harvest("b"), #"{"id":"c","kind":"harvest","gas":123456,"protocol":"beefy","target":"0x2222222222222222222222222222222222222222"}"#].joined(separator: ",")))
        #expect(compiled.transactions.map(\.transaction.nonce) == [42, 43, 44])
        #expect(compiled.transactions.map(\.actionId) == ["a", "b", "c"])
        #expect(compiled.transactions.map(\.transaction.gasLimit) == [PlanGas.harvest, PlanGas.harvest, 123_456])
        for t in compiled.transactions {
            guard case .dynamicFee(let tx) = t.transaction else { throw TestFailure("type") }
            #expect(tx.chainId == 1 && tx.maxFeePerGas == UInt256(40_000_000_000 as UInt64) && tx.maxPriorityFeePerGas == UInt256(1_500_000_000 as UInt64))
            #expect(tx.to == exec && tx.value.isZero)
        }
    }

    @Test func eoaModeOneTransactionPerCall() throws {
        let plan = Fixture.plan(
            actions: #"""
            {"id":"h","kind":"harvest","protocol":"yearn-v2","target":"0x2222222222222222222222222222222222222222",
             "compound":[{"op":"deposit","vault":"0x7777777777777777777777777777777777777777","token":"USDC","amount":"20"}]},
            {"id":"c","kind":"call","gas":50000,"to":"USDC","function":"approve(address,uint256)","args":["\#(Fixture.pool)","0"]}
            """#,
            execution: #"{"mode":"eoa"}"#, nonce: 7, fees: #"{"gasPrice":"20gwei"}"#)
        let compiled = try Fixture.compile(plan)
        let txs = compiled.transactions.map(\.transaction)
        try #require(txs.count == 4)
        #expect(txs.map(\.nonce) == [7, 8, 9, 10])
        #expect(txs.map(\.gasLimit) == [PlanGas.eoaOther, PlanGas.eoaApprove, PlanGas.eoaOther, 50_000])
        #expect(txs.map(\.to) == ["0x2222222222222222222222222222222222222222", Fixture.usdc, "0x7777777777777777777777777777777777777777", Fixture.usdc].map(Fixture.address))
        #expect(compiled.transactions.map(\.actionId) == ["h", "h", "h", "c"])
        for tx in txs {
            guard case .legacy(let l) = tx else { throw TestFailure("type") }
            #expect(l.chainId == 1 && l.gasPrice == UInt256(20_000_000_000 as UInt64))
        }
        // The account is the actor: the deposit's receiver.
        let deposit = Decoded(target: txs[2].to ?? .zero, value: txs[2].value, data: txs[2].input)
        #expect(try deposit.args("deposit(uint256,address)") == [.u(20_000_000), .addr(Fixture.account)])
    }

    @Test func eip7702WithAuthorization() throws {
        let harvest = { (id: String) in #"{"id":"\#(id)","kind":"harvest","protocol":"beefy","target":"0x2222222222222222222222222222222222222222"}"# }
        let plan = Fixture.plan(
            actions: [harvest("a"), harvest("b"), harvest("c")].joined(separator: ","),
            execution: #"{"mode":"eip7702","delegate":"\#(Fixture.delegate)","authorize":true}"#, nonce: 5)
        let compiled = try Fixture.compile(plan)
        let txs = compiled.transactions
        #expect(txs.map(\.transaction.type) == [.setCode, .dynamicFee, .dynamicFee])
        // nonce, then nonce + 2 onwards; the authorization carries nonce + 1.
        #expect(txs.map(\.transaction.nonce) == [5, 7, 8])
        #expect(txs[0].authorization == UnsignedAuthorization(chainId: UInt256(1), address: Fixture.address(Fixture.delegate), nonce: 6))
        #expect(txs.map(\.transaction.gasLimit) == [PlanGas.harvest + PlanGas.perAuthorization, PlanGas.harvest, PlanGas.harvest])
        #expect(txs.allSatisfy { $0.transaction.to == Fixture.address(Fixture.account) })

        let signed = try compiled.sign(with: Fixture.signer())
        let first = try SignedTransaction.decode(signed[0].signed.encoded)
        #expect(first.type == .setCode && first.sender == Fixture.address(Fixture.account))
        let auths = first.authorities()
        #expect(auths == [Fixture.address(Fixture.account)])
        #expect(first.transaction.authorizationList.first?.nonce == 6)
        #expect(first.transaction.authorizationList.first?.address == Fixture.address(Fixture.delegate))
        #expect(signed.map(\.signed.transaction.nonce) == [5, 7, 8])
        // Without authorize: plain type 2 from nonce on.
        let plain = try Fixture.compile(plan.replacingOccurrences(of: ",\"authorize\":true", with: ""))
        #expect(plain.transactions.map(\.transaction.nonce) == [5, 6, 7])
        #expect(plain.transactions.allSatisfy { $0.transaction.type == .dynamicFee })
    }

    @Test func eip7702ActorIsTheAccount() throws {
        let plan = Fixture.plan(
            actions: #"{"id":"f","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"USDC","amount":"1"}],"steps":[]}"#,
            execution: #"{"mode":"eip7702","delegate":"\#(Fixture.delegate)"}"#)
        let compiled = try Fixture.compile(plan)
        let calls = try CallReader.executeCalls(compiled.transactions[0].transaction.input)
        #expect(try calls[0].args("flashLoan(address,address[],uint256[],bytes)")[0] == .addr(Fixture.account))
    }

    @Test func defaultGasRaisedToIntrinsic() throws {
        // A call with 14 kB of non-zero calldata (within the executor's 14,336 bytes a call): the
        // EIP-7623 floor is above the default 420000.
        let big = String(repeating: "ab", count: 14_000)
        let compiled = try Fixture.compile(Fixture.plan(actions: #"{"id":"c","kind":"call","to":"weth","function":"function f(bytes b)","args":["0x\#(big)"]}"#))
        let tx = compiled.transactions[0].transaction
        #expect(tx.gasLimit == tx.minimumGasLimit && tx.gasLimit > 300_000)
    }

    @Test func safeBatch() throws {
        let plan = Fixture.plan(
            actions: #"""
            {"id":"h","kind":"harvest","protocol":"convex","target":"0x2222222222222222222222222222222222222222",
             "compound":[{"op":"supply","protocol":"aave-v3","token":"USDC","amount":"1"}]}
            """#,
            execution: #"{"mode":"safe","safe":"\#(Fixture.safe)"}"#)
        let compiled = try Fixture.compile(plan)
        #expect(compiled.transactions.isEmpty)
        let batch = try #require(compiled.safeBatch(createdAt: 1_700_000_000_000))
        let txs = try #require({ if case .array(let a)? = batch["transactions"] { a } else { nil } }())
        try #require(txs.count == 3)
        #expect(txs[0]["to"] == .string("0x2222222222222222222222222222222222222222"))
        #expect(txs[0]["data"] == .string("0x3d18b912"))
        #expect(txs[0]["value"] == .string("0"))
        #expect(txs[0]["contractMethod"] == nil)
        #expect(txs[1]["to"] == .string(Fixture.usdc))
        // The Safe is the actor.
        let supply = Decoded(target: .zero, value: .zero, data: TestHex.decode({ if case .string(let s)? = txs[2]["data"] { s } else { "" } }()) ?? [])
        #expect(try supply.args("supply(address,uint256,address,uint16)") == [.addr(Fixture.usdc), .u(1_000_000), .addr(Fixture.safe), .u(0)])
        #expect(batch["chainId"] == .string("1") && batch["version"] == .string("1.0") && batch["createdAt"] == .number("1700000000000"))
        #expect(batch["meta"]?["createdFromSafeAddress"] == .string(Fixture.safe))
        #expect(batch["meta"]?["createdFromOwnerAddress"] == .string(Fixture.account))
        #expect(batch["meta"]?["checksum"] == .string(SafeBatch.checksum(of: batch)))
        let signer = try Fixture.signer()
        do {
            _ = try compiled.sign(with: signer)
            Issue.record("signed a safe-mode plan")
        } catch {
            #expect(error.code == "safe_mode_unsigned")
        }
    }

    /// The Transaction Builder checksum of a fixed file. Expected value computed with Python from
    /// the algorithm of protocols.md §3.1 (keccak from eth_utils):
    ///
    ///     def ser(v):
    ///         if isinstance(v, list): return "[" + ",".join(ser(x) for x in v) + "]"
    ///         if isinstance(v, dict):
    ///             ks = sorted(v); return "{" + json.dumps(ks, separators=(",", ":")) + "".join(ser(v[k]) + "," for k in ks) + "}"
    ///         return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    ///     f = json.loads(TEXT); del f["meta"]["checksum"]; f["meta"]["name"] = None
    ///     "0x" + keccak(text=ser(f)).hex()
    @Test func safeChecksumMatchesTheReferenceAlgorithm() throws {
        let text = #"{"version":"1.0","chainId":"1","createdAt":1700000000000,"meta":{"name":"Ballast plan","description":"actions: h","txBuilderVersion":"1.18.0","createdFromSafeAddress":"0x4444444444444444444444444444444444444444","createdFromOwnerAddress":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23","checksum":"0x"},"transactions":[{"to":"0x2222222222222222222222222222222222222222","value":"0","data":"0x3d18b912"}]}"#
        let file = try JSONValue.parse(text)
        #expect(SafeBatch.checksum(of: file) == Self.referenceChecksum)
        #expect(SafeBatch.serialize(try JSONValue.parse(#"{"b":[1,{"d":null,"c":"x"}],"a":true}"#)) == #"{["a","b"]true,[1,{["c","d"]"x",null,}],}"#)
    }

    static let referenceChecksum = "0x367b46fc4d165f809a64b3bf78a731245de2373598c5cfef76525ebdb4959898"

    // MARK: signing

    /// The piecewise signer hands over every transaction once, in nonce order, in pieces of at
    /// most `signingPiece`, equal to what the collecting signer returns; a piece that throws
    /// stops it with that error, and no piece follows.
    @Test func signingInPiecesEqualsSigningAll() throws {
        let harvest = { (id: String) in #"{"id":"\#(id)","kind":"harvest","protocol":"beefy","target":"0x2222222222222222222222222222222222222222"}"# }
        let count = CompiledPlan.signingPiece * 2 + 5
        let actions = (0..<count).map { harvest("a\($0)") }.joined(separator: ",")
        let compiled = try Fixture.compile(Fixture.plan(actions: actions))
        let all = try compiled.sign(with: Fixture.signer(), threads: 2)
        var pieces: [[SignedPlanTransaction]] = []
        try compiled.sign(with: Fixture.signer(), threads: 2) { (piece: [SignedPlanTransaction]) in pieces.append(piece) }
        #expect(pieces.map(\.count) == [CompiledPlan.signingPiece, CompiledPlan.signingPiece, 5])
        #expect(pieces.flatMap { $0 } == all)

        struct Stop: Error, Equatable {}
        var calls = 0
        #expect(throws: Stop()) {
            try compiled.sign(with: Fixture.signer(), threads: 2) { (_: [SignedPlanTransaction]) throws(Stop) in
                calls += 1
                throw Stop()
            }
        }
        #expect(calls == 1)
        // A wrong key is refused before any piece.
        #expect(throws: PlanValidationError.self) {
            try compiled.sign(with: try Fixture.signer(String(repeating: "11", count: 32))) { (_: [SignedPlanTransaction]) in calls += 1 }
        }
        #expect(calls == 1)
    }

    @Test func signedTransactionsDecode() throws {
        let harvest = { (id: String) in #"{"id":"\#(id)","kind":"harvest","protocol":"beefy","target":"0x2222222222222222222222222222222222222222"}"# }
        let actions = (0..<100).map { harvest("a\($0)") }.joined(separator: ",")
        let compiled = try Fixture.compile(Fixture.plan(actions: actions))
        let parallel = try compiled.sign(with: Fixture.signer(), threads: 4)
        let serial = try compiled.sign(with: Fixture.signer(), threads: 1)
        #expect(parallel.map(\.signed.encoded) == serial.map(\.signed.encoded))
        for (k, s) in parallel.enumerated() {
            let d = try SignedTransaction.decode(s.signed.encoded)
            #expect(d.sender == Fixture.address(Fixture.account))
            #expect(d.transaction.chainId == 1 && d.transaction.nonce == 42 + UInt64(k))
            #expect(d.transaction.maxFeePerGas == UInt256(40_000_000_000 as UInt64))
            #expect(d.transaction.to == exec && d.transaction.input == compiled.transactions[k].transaction.input)
            #expect(s.actionId == "a\(k)")
        }
        // Legacy fees sign as EIP-155 type 0.
        let legacy = try Fixture.compile(Fixture.plan(actions: harvest("x"), chainId: 137, fees: #"{"gasPrice":"30gwei"}"#)).sign(with: Fixture.signer())
        let d = try SignedTransaction.decode(legacy[0].signed.encoded)
        #expect(d.type == .legacy && d.transaction.chainId == 137 && d.v == UInt256(137 * 2 + 35) + UInt256(UInt64(d.signature.yParity)))
    }
}
