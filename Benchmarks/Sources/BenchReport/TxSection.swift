// Signing an EIP-1559 transaction with 600 bytes of calldata (build + rule checks + encode +
// signing hash + sign + the recovery check + signed encoding) against the bare libsecp256k1
// calls that one checked signature needs, interleaved in the same sample rounds.
// scripts/bench_tx_reference.py then times eth-account on the same transaction and prints the
// ratio against the figure this section writes to the JSON report.

import BenchFixtures
import Secp256k1
import Transactions

struct TxSection: ReportSection {
    let id = "tx"
    let title = "EIP-1559 tx, 600 B calldata: ours end to end vs bare libsecp256k1"

    /// Target: our end-to-end cost at most 1.15× the bare libsecp256k1 work.
    static let overheadTarget = 1.15

    func run(_ bench: Bench) -> SectionOutput {
        TxFixture.checkAgainstEthAccount()
        let signer = TxFixture.signer
        let ours = BenchCase(name: "tx sign (ours, end to end)", bytesPerOperation: 0) { n in
            var nonce: UInt64 = 0
            for _ in 0 ..< n {
                nonce &+= 1
                let signed = try! TxFixture.makeTransaction(nonce: nonce).sign(with: signer)
                consume(UInt64(signed.encoded.count))
            }
        }
        /// One bare libsecp256k1 operation per iteration, over a fresh hash each time.
        func bareCase(_ name: String, _ operation: @escaping (UnsafePointer<UInt8>) -> Int32) -> BenchCase {
            BenchCase(name: name, bytesPerOperation: 0) { n in
                var hash = [UInt8](repeating: 0x5A, count: 32)
                var nonce: UInt64 = 0
                for _ in 0 ..< n {
                    nonce &+= 1
                    withUnsafeBytes(of: nonce) { b in for i in 0 ..< 8 { hash[i] = b[i] } }
                    consume(UInt64(bitPattern: Int64(operation(hash))))
                }
            }
        }
        let bare = bareCase("bare sign_recoverable + recover") { BareSecp256k1.shared.signAndRecover($0) }
        let verifyInstead = bareCase("bare sign_recoverable + verify (cached key)") { BareSecp256k1.shared.signAndVerify($0) }
        let signOnly = bareCase("bare sign_recoverable only") { BareSecp256k1.shared.signOnly($0) }
        let measured = bench.measure([ours, bare, verifyInstead, signOnly])
        let (a, b) = (measured[0], measured[1])
        let ratio = medianRatio(a, b)
        var table = ReportTable(
            title: "== \(title) ==",
            columns: ["case", "µs/tx median", "µs/tx best", "ours/this", "spread"])
        for r in measured {
            table.rows.append([
                r.name, format(r.median / 1000, decimals: 1), format(r.minimum / 1000, decimals: 1),
                r.name == a.name ? "1.000" : format(medianRatio(a, r), decimals: 3),
                "±" + format(r.spreadPercent) + "%",
            ])
        }
        var failures: [String] = []
        let ok = ratio <= Self.overheadTarget
        table.notes.append(
            "medians of \(bench.samples) interleaved sample rounds; ours/this = median of the per-round ratios")
        table.notes.append(
            "target ours ≤ \(format(Self.overheadTarget, decimals: 2))× the bare sign + recover: "
                + "\(format(ratio, decimals: 3))× — \(ok ? "met" : "MISSED")"
                + " (eth-account: see bench_tx_reference.py below, which reads these figures)")
        if !ok { failures.append("tx signing is \(format(ratio, decimals: 3))× the bare libsecp256k1 work") }
        return SectionOutput(tables: [table], results: measured, failures: failures)
    }
}
