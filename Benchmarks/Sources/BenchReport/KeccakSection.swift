// Keccak-256 (ours) against OpenSSL's SHA3-256 through a reused EVP_MD_CTX: the same
// Keccak-f[1600] permutation and rate family, so the ratio measures our implementation.

import Keccak
import LibCrypto

struct KeccakSection: ReportSection {
    let id = "keccak"
    let title = "Keccak-256 (ours) vs OpenSSL SHA3-256 (EVP, reused context)"

    /// Targets: throughput at 1 MiB at least 0.9× OpenSSL's; 32-byte one-shot faster than OpenSSL.
    static let throughputTarget = 0.9

    private static let sizes: [(label: String, count: Int)] = [
        ("32 B", 32), ("136 B", 136), ("1 KiB", 1024), ("1 MiB", 1 << 20),
    ]

    func run(_ bench: Bench) -> SectionOutput {
        guard let context = try? SHA3_256Context() else {
            return SectionOutput(tables: [], results: [], failures: ["OpenSSL SHA3-256 is unavailable"])
        }
        var table = ReportTable(
            title: "== \(title) ==",
            columns: [
                "size", "ours MB/s", "OpenSSL MB/s", "ours/OpenSSL", "ours ns/op", "OpenSSL ns/op",
                "best/best", "spread",
            ])
        var results: [BenchResult] = []
        var failures: [String] = []
        var oneShot32: (ours: Double, openssl: Double, ratio: Double)?
        var ratio1MiB: Double?

        for size in Self.sizes {
            let data = (0 ..< size.count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let ours = BenchCase(name: "Keccak256 \(size.label)", bytesPerOperation: size.count) { n in
                for _ in 0 ..< n {
                    consume(UInt64(Keccak256.hash(data: data)[0]))
                }
            }
            let openssl = BenchCase(name: "OpenSSL SHA3-256 \(size.label)", bytesPerOperation: size.count) { n in
                var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                data.withUnsafeBytes { bytes in
                    withUnsafeMutableBytes(of: &digest) { out in
                        for _ in 0 ..< n {
                            _ = context.hash(bytes, into: out)
                            consume(out.load(as: UInt64.self))
                        }
                    }
                }
            }
            let measured = bench.measure([ours, openssl])
            results += measured
            let (a, b) = (measured[0], measured[1])
            // Throughput ratio ours/OpenSSL = OpenSSL's time / ours, paired per sample round.
            let ratio = medianRatio(b, a)
            table.rows.append([
                size.label, format(a.megabytesPerSecond), format(b.megabytesPerSecond), format(ratio, decimals: 3),
                format(a.median), format(b.median), format(b.minimum / a.minimum, decimals: 3),
                "±" + format(max(a.spreadPercent, b.spreadPercent)) + "%",
            ])
            if size.count == 32 { oneShot32 = (a.median, b.median, ratio) }
            if size.count == 1 << 20 { ratio1MiB = ratio }
        }

        table.notes.append(
            "medians of \(bench.samples) interleaved sample rounds (each sample ≥ "
                + "\(format(bench.sampleMilliseconds, decimals: 0)) ms); ours/OpenSSL = median of the per-round "
                + "throughput ratios; best/best = the same ratio from each side's fastest sample (least disturbed by "
                + "other processes); MB = 10^6 bytes; spread = half the interquartile range (noisier side)")
        if let ratio = ratio1MiB {
            let ok = ratio >= Self.throughputTarget
            table.notes.append(
                "target 1 MiB throughput ≥ \(format(Self.throughputTarget, decimals: 2))× OpenSSL: "
                    + "\(format(ratio, decimals: 3))× — \(ok ? "met" : "MISSED")")
            if !ok { failures.append("Keccak-256 at 1 MiB is \(format(ratio, decimals: 3))× OpenSSL") }
        }
        if let times = oneShot32 {
            let ok = times.ratio > 1
            table.notes.append(
                "target 32 B one-shot faster than OpenSSL: ours \(format(times.ours)) ns/op vs "
                    + "\(format(times.openssl)) ns/op (\(format(times.ratio, decimals: 3))× its speed) — \(ok ? "met" : "MISSED")")
            if !ok { failures.append("Keccak-256 of 32 bytes is slower than OpenSSL") }
        }
        return SectionOutput(tables: [table], results: results, failures: failures)
    }
}
