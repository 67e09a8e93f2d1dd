// The main job at scale: a generated plan of 1,000 actions read, validated, compiled and signed
// on all cores, against the signing ceiling measured in the same sample rounds: 1,000 ×
// PrivateKeySigner.sign of a hash on one thread.

import BenchFixtures
import Plan
import Secp256k1

struct PlanSection: ReportSection {
    let id = "plan"
    let title = "plan of 1,000 actions: compile + sign vs the bare signing ceiling"

    /// Target: at least 0.8× the ceiling's speed (ceiling time / our time).
    static let target = 0.8

    func run(_ bench: Bench) -> SectionOutput {
        let text = PlanFixture.generatedPlan(count: 1000)
        let signer = PlanFixture.signer
        let check = try! Plan(bytes: text).compile().sign(with: signer)
        precondition(check.count == 1000 && check[999].signed.transaction.nonce == 1099)

        let allCores = BenchCase(name: "read + compile + sign, all cores", bytesPerOperation: 0) { n in
            for _ in 0 ..< n {
                let signed = try! Plan(bytes: text).compile().sign(with: signer)
                consume(UInt64(signed.count))
            }
        }
        let oneThread = BenchCase(name: "read + compile + sign, 1 thread", bytesPerOperation: 0) { n in
            for _ in 0 ..< n {
                let signed = try! Plan(bytes: text).compile().sign(with: signer, threads: 1)
                consume(UInt64(signed.count))
            }
        }
        let compileOnly = BenchCase(name: "read + compile (no signing)", bytesPerOperation: 0) { n in
            for _ in 0 ..< n {
                consume(UInt64(try! Plan(bytes: text).compile().transactions.count))
            }
        }
        let ceiling = BenchCase(name: "ceiling: 1000 × PrivateKeySigner.sign, 1 thread", bytesPerOperation: 0) { n in
            var hash = [UInt8](repeating: 0x5A, count: 32)
            for _ in 0 ..< n {
                for i in 0 ..< 1000 {
                    hash[0] = UInt8(truncatingIfNeeded: i)
                    hash[1] = UInt8(truncatingIfNeeded: i >> 8)
                    consume(UInt64((try! signer.sign(hash: hash)).yParity))
                }
            }
        }
        let measured = bench.measure([allCores, ceiling, oneThread, compileOnly])
        let (ours, top) = (measured[0], measured[1])
        let ratio = medianRatio(top, ours)
        var table = ReportTable(
            title: "== \(title) ==",
            columns: ["case", "ms median", "ms best", "tx/s (median)", "ceiling/this", "spread"])
        for r in measured {
            table.rows.append([
                r.name, format(r.median / 1e6, decimals: 1), format(r.minimum / 1e6, decimals: 1),
                format(1000 / (r.median / 1e9), decimals: 0), format(medianRatio(top, r), decimals: 3),
                "±" + format(r.spreadPercent) + "%",
            ])
        }
        var failures: [String] = []
        let ok = ratio >= Self.target
        table.notes.append(
            "medians of \(bench.samples) interleaved sample rounds; ceiling/this = median of the per-round ratios "
                + "(the fraction of the bare signing speed reached)")
        table.notes.append(
            "target all cores ≥ \(format(Self.target, decimals: 2))× the ceiling: \(format(ratio, decimals: 3))× — "
                + (ok ? "met" : "MISSED"))
        if !ok { failures.append("the 1,000-action plan runs at \(format(ratio, decimals: 3))× the signing ceiling") }
        return SectionOutput(tables: [table], results: measured, failures: failures)
    }
}
