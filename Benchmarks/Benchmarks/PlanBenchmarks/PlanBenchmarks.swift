import BenchFixtures
import Benchmark
import EthereumPrimitives
import Plan
import Secp256k1

// The main job at scale: a generated executor-mode plan of 1,000 actions of mixed kinds (Aave,
// Balancer and Morpho flash-loan rebalances, harvests with compound steps, hedge adjustments,
// generic calls) read from JSON, validated, compiled and signed — next to the ceiling of the same
// run: 1,000 × PrivateKeySigner.sign of a hash, one thread.

let signer = PlanFixture.signer
let plan1000 = PlanFixture.generatedPlan(count: 1000)

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
