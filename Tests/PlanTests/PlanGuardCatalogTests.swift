import ABI
import EthereumPrimitives
@testable import Plan
import Protocols
import Testing

/// The slippage and health-factor guards read what the protocol catalog declares of each encoded
/// call (token flows and price bound, position changes), so a function declared only in the
/// catalog is guarded with no change to the guards.
@Suite struct PlanGuardCatalogTests {
    static let weth = Fixture.address(Fixture.weth)
    static let usdc = Fixture.address(Fixture.usdc)
    static let wethRef = TokenRef(symbol: "WETH", address: weth, decimals: 18)
    static let usdcRef = TokenRef(symbol: "USDC", address: usdc, decimals: 6)
    static let harvest = #"{"id":"h","kind":"harvest","protocol":"yearn-v2","target":"0x2222222222222222222222222222222222222222"}"#

    static func units(_ s: String) -> UInt256 { (try? UInt256(decimal: s)) ?? .zero }

    /// The guard issues of a one-action plan (a harvest: it declares no swap and no position
    /// change itself) when that action's calls are `calls`.
    func guardIssues(_ guards: String, _ calls: [DeclaredCall]) throws -> [PlanIssue] {
        let compiled = try Fixture.compile(Fixture.plan(actions: Self.harvest)).actions
        let plan = try Fixture.read(Fixture.plan(actions: Self.harvest, extra: guards))
        var checker = GuardChecker(plan: plan)
        checker.check(compiled, declared: [calls])
        return checker.issues.items
    }

    /// A swap function no compiler step uses, declared here only: the slippage guard checks it.
    @Test func slippageGuardReadsACatalogDeclaredSwap() throws {
        let swap = ProtocolFunction("Example DEX", "swap(address,address,uint256,uint256,address)",
                                    [RoleArgument([0], "tokenIn", .tokenIn), RoleArgument([1], "tokenOut", .tokenOut),
                                     RoleArgument([3], "minOut", .minimumOut), RoleArgument([4], "to", .recipient)])
        func call(minOut: String) throws -> DeclaredCall {
            let amountIn = Self.units("1000000000000000000"), out = Self.units(minOut)
            let c = try swap.call([.address(Self.weth), .address(Self.usdc), .uint(amountIn), .uint(out), .address(.zero)],
                                  flows: [.pays(token: Self.weth, amount: amountIn), .receives(token: Self.usdc, amount: out, recipient: nil)])
            return DeclaredCall(call: c, tokens: [Self.wethRef, Self.usdcRef])
        }
        let guards = #""guards":{"maxSlippageBps":50,"prices":{"WETH":"3000","USDC":"1"}}"#
        // 1 WETH at 3000 = 3000 USDC; 50 bps under is 2985.
        #expect(try guardIssues(guards, [call(minOut: "2985000000")]).isEmpty)
        let low = try guardIssues(guards, [call(minOut: "2984999999")])
        #expect(low.count == 1 && low[0].code == "guard_failed")
        #expect(low.first?.message == "action \"h\" (actions[0]): guards.maxSlippageBps: the WETH → USDC swap's minAmountOut 2984.999999 is below 2985.000000 (50 bps under the price-implied 3000.000000)")
        let zero = try guardIssues(#""guards":{"maxSlippageBps":50}"#, [call(minOut: "0")])
        #expect(zero.first?.message == "action \"h\" (actions[0]): guards.maxSlippageBps: the WETH → USDC swap has a zero minAmountOut (no bound)")
    }

    /// A lending function declared here only, with its position change: the health-factor guard
    /// applies it. Changes to an isolated market or to another account's position are not the
    /// guard's pooled position.
    @Test func healthFactorGuardReadsCatalogDeclaredPositionChanges() throws {
        let borrow = ProtocolFunction("Example Lender", "borrowFor(address,uint256,address)", [RoleArgument([0], "asset", .tokenOut), RoleArgument([2], "onBehalfOf", .debtBearer)])
        func call(_ amount: String, position: PositionChange.Position = .pooled, owner: Address? = nil) throws -> DeclaredCall {
            let a = Self.units(amount)
            let c = try borrow.call([.address(Self.usdc), .uint(a), .address(owner ?? .zero)],
                                    changes: [PositionChange(.borrow, position, token: Self.usdc, amount: a, owner: owner)])
            return DeclaredCall(call: c, tokens: [Self.usdcRef])
        }
        // Collateral 100 WETH at 3000, LT 80% = 240000; debt 150000 USDC: HF 1.6.
        let guards = #""guards":{"minHealthFactor":"1.5","prices":{"WETH":"3000","USDC":"1"},"position":{"collateral":{"WETH":"100"},"debt":{"USDC":"150000"},"liquidationThresholdBps":{"WETH":8000}}}"#
        // Borrowing 10000 more: 240000 / 160000 = 1.5.
        #expect(try guardIssues(guards, [call("10000000000")]).isEmpty)
        let over = try guardIssues(guards, [call("10000000001")])
        #expect(over.count == 1 && over.first?.message.hasPrefix("action \"h\" (actions[0]): guards.minHealthFactor: the health factor after the action is 1.4999") == true)
        let market = MorphoBlue.MarketParams(loanToken: Self.usdc, collateralToken: Self.weth, oracle: .zero, irm: .zero, lltv: .zero)
        #expect(try guardIssues(guards, [call("90000000000", position: .market(market))]).isEmpty)
        #expect(try guardIssues(guards, [call("90000000000", owner: Fixture.address("0x000000000000000000000000000000000000dEaD"))]).isEmpty)
    }

    /// The step encoders declare the swaps and position changes the guards read.
    @Test func encodersDeclareSwapsAndPositionChanges() throws {
        let a = Fixture.address(Fixture.account)
        let v2 = try UniswapV2.swapExactTokensForTokens(amountIn: 5, amountOutMin: 7, path: [Self.weth, Self.usdc], to: a, deadline: 1)
        #expect(v2.priceBound == .minimumOut && v2.swap?.exactInput == true && v2.swap?.paid == Self.weth && v2.swap?.receivedAmount == 7)
        let out = try UniswapV3.exactOutputSingle(tokenIn: Self.usdc, tokenOut: Self.weth, fee: 500, recipient: a, amountOut: 3, amountInMaximum: 9)
        #expect(out.swap?.exactInput == false && out.swap?.paidAmount == 9 && out.swap?.received == Self.weth)
        #expect(try AaveV3.supply(asset: Self.weth, amount: 4, onBehalfOf: a).swap == nil)
        #expect(try AaveV3.supply(asset: Self.weth, amount: 4, onBehalfOf: a).positionChanges == [PositionChange(.supply, .pooled, token: Self.weth, amount: 4, owner: a)])
        #expect(try AaveV3.withdrawAll(asset: Self.weth, to: a, minimumReceived: 6).positionChanges == [PositionChange(.withdraw, .pooled, token: Self.weth, amount: 6, owner: nil)])
        #expect(try AaveV3.repayAll(asset: Self.usdc, onBehalfOf: a, maximumPaid: 8).positionChanges == [PositionChange(.repay, .pooled, token: Self.usdc, amount: 8, owner: a)])
        let market = MorphoBlue.MarketParams(loanToken: Self.usdc, collateralToken: Self.weth, oracle: .zero, irm: .zero, lltv: .zero)
        #expect(try MorphoBlue.borrow(market: market, assets: 2, onBehalf: a, receiver: a).positionChanges == [PositionChange(.borrow, .market(market), token: Self.usdc, amount: 2, owner: a)])
        #expect(try ERC20.approve(spender: a, amount: 1).positionChanges.isEmpty)
    }
}
