import Benchmark
import EthereumPrimitives
import Plan
import Secp256k1

// The main job at scale: a generated executor-mode plan of 1,000 actions of mixed kinds (Aave,
// Balancer and Morpho flash-loan rebalances, harvests with compound steps, hedge adjustments,
// generic calls) read from JSON, validated, compiled and signed — next to the ceiling of the same
// run: 1,000 × PrivateKeySigner.sign of a hash, one thread.

let keyBytes: [UInt8] = (0..<32).map { UInt8($0 &+ 1) }
let signer = try! PrivateKeySigner(privateKey: PrivateKey(bytes: keyBytes))
let account = Address(bytes: signer.addressBytes)!.checksummed

/// The JSON text of a plan of `count` actions cycling through five shapes.
func generatedPlan(count: Int) -> [UInt8] {
    let market = #"{"loanToken":"USDC","collateralToken":"WETH","oracle":"0x5555555555555555555555555555555555555555","irm":"0x6666666666666666666666666666666666666666","lltv":"860000000000000000"}"#
    var actions: [String] = []
    actions.reserveCapacity(count)
    for i in 0..<count {
        let n = 1000 + i
        switch i % 5 {
        case 0:
            actions.append(#"""
            {"id":"rebalance-\#(i)","kind":"flashLoanRebalance","provider":"aave-v3","loans":[{"token":"USDC","amount":"\#(n)"}],"steps":[
              {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"\#(n)"},
              {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"1.5"},
              {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountIn":"1.5","minAmountOut":"\#(n + 1)"}]}
            """#)
        case 1:
            actions.append(#"""
            {"id":"refinance-\#(i)","kind":"flashLoanRebalance","provider":"balancer-v2","loans":[{"token":"WETH","amount":"2"},{"token":"USDC","amount":"\#(n)"}],"steps":[
              {"op":"repay","protocol":"aave-v3","token":"USDC","amount":"\#(n)"},
              {"op":"withdraw","protocol":"aave-v3","token":"WETH","amount":"3"},
              {"op":"supply","protocol":"morpho-blue","market":\#(market),"amount":"1"},
              {"op":"borrow","protocol":"morpho-blue","market":\#(market),"amount":"\#(n)"}]}
            """#)
        case 2:
            actions.append(#"""
            {"id":"harvest-\#(i)","kind":"harvest","protocol":"yearn-v3","target":"0x2222222222222222222222222222222222222222",
             "compound":[{"op":"deposit","vault":"0x7777777777777777777777777777777777777777","token":"USDC","amount":"\#(n)"},
                         {"op":"swap","venue":"uniswap-v3","path":["USDC",500,"WETH",3000,"DAI"],"amountIn":"10","minAmountOut":"9.9"}]}
            """#)
        case 3:
            actions.append(#"""
            {"id":"hedge-\#(i)","kind":"hedgeAdjust","venue":"aave-v3","asset":"WETH","change":"-0.\#(n)","quote":"USDC",
             "swap":{"venue":"uniswap-v3","fee":500,"minAmountOut":"\#(n)"}}
            """#)
        default:
            actions.append(#"""
            {"id":"deleverage-\#(i)","kind":"flashLoanRebalance","provider":"morpho-blue","loans":[{"token":"USDC","amount":"\#(n)"}],"steps":[
              {"op":"repay","protocol":"morpho-blue","market":\#(market),"amount":"\#(n)"},
              {"op":"withdraw","protocol":"morpho-blue","market":\#(market),"amount":"1"},
              {"op":"swap","venue":"uniswap-v3","path":["WETH",500,"USDC"],"amountOut":"\#(n)","maxAmountIn":"1"}]}
            """#)
        }
    }
    let text = #"""
    {"version":1,"chainId":1,"account":"\#(account)","execution":{"mode":"executor","executor":"0x1111111111111111111111111111111111111111"},
     "nonce":100,"fees":{"maxFeePerGas":"30gwei","maxPriorityFeePerGas":"1gwei"},
     "guards":{"maxSlippageBps":10000,"allowedTargets":["aave-v3","balancer-v2","morpho-blue","uniswap-v3","USDC","WETH","DAI",
       "0x2222222222222222222222222222222222222222","0x7777777777777777777777777777777777777777"]},
     "actions":[\#(actions.joined(separator: ","))]}
    """#
    return Array(text.utf8)
}

let plan1000 = generatedPlan(count: 1000)

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    // The plan compiles, signs and decodes (a wrong plan must not be timed as a fast failure).
    let compiled = try! Plan(bytes: plan1000).compile()
    precondition(compiled.transactions.count == 1000)
    let signed = try! compiled.sign(with: signer)
    precondition(signed.count == 1000 && signed[999].signed.transaction.nonce == 1099)

    Benchmark("plan 1000 actions: read + validate + compile + sign (all cores)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            let c = try! Plan(bytes: plan1000).compile()
            blackHole(try! c.sign(with: signer))
        }
    }

    Benchmark("plan 1000 actions: read + validate + compile + sign (1 thread)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            let c = try! Plan(bytes: plan1000).compile()
            blackHole(try! c.sign(with: signer, threads: 1))
        }
    }

    Benchmark("plan 1000 actions: read + validate + compile (no signing)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! Plan(bytes: plan1000).compile())
        }
    }

    Benchmark("ceiling: 1000 x PrivateKeySigner.sign of a hash (1 thread)", configuration: config) { benchmark in
        var hash = [UInt8](repeating: 0x5a, count: 32)
        for _ in benchmark.scaledIterations {
            for i in 0..<1000 {
                hash[0] = UInt8(truncatingIfNeeded: i)
                hash[1] = UInt8(truncatingIfNeeded: i >> 8)
                blackHole(try! signer.sign(hash: hash))
            }
        }
    }
}
