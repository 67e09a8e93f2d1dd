// Keccak-256 (ours) and OpenSSL's SHA3-256 (the same permutation, other padding) through a
// reused EVP_MD_CTX, at the sizes that matter: a 32-byte word (selectors, mapping slots,
// addresses), one block, 1 KiB of calldata, 1 MiB of bulk data.
// Metrics: wall clock, throughput and malloc count (ours must stay at zero).

import Benchmark
import Keccak
import LibCrypto

private func input(count: Int) -> [UInt8] {
    (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 10,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )

    let sizes: [(label: String, count: Int, scaling: BenchmarkScalingFactor)] = [
        ("32 B", 32, .kilo),
        ("136 B", 136, .kilo),
        ("1 KiB", 1024, .one),
        ("1 MiB", 1 << 20, .one),
    ]
    for size in sizes {
        let data = input(count: size.count)
        let configuration = Benchmark.Configuration(scalingFactor: size.scaling)

        Benchmark("Keccak256 \(size.label)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(Keccak256.hash(data: data))
            }
        }

        Benchmark("Keccak256 incremental \(size.label)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                var hasher = Keccak256()
                hasher.update(data: data)
                blackHole(hasher.finalize())
            }
        }

        if let context = try? SHA3_256Context() {
            Benchmark("OpenSSL SHA3-256 \(size.label)", configuration: configuration) { benchmark in
                var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                data.withUnsafeBytes { bytes in
                    withUnsafeMutableBytes(of: &digest) { out in
                        for _ in benchmark.scaledIterations {
                            blackHole(context.hash(bytes, into: out))
                        }
                    }
                }
                blackHole(digest)
            }
        }
    }
}
