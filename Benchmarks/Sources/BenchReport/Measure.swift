// The timing engine: monotonic clock, calibration, warm-up, interleaved samples, median.

/// One thing to time. `run(n)` performs the operation `n` times.
struct BenchCase {
    let name: String
    /// Bytes processed per operation (for MB/s), or 0 when throughput makes no sense.
    let bytesPerOperation: Int
    let run: (Int) -> Void
}

/// Timing statistics of one case, in nanoseconds per operation.
struct BenchResult {
    let name: String
    let bytesPerOperation: Int
    let iterationsPerSample: Int
    /// Per-sample ns/op in the order measured (sample round 0, 1, ...).
    let rounds: [Double]
    /// The same, sorted ascending.
    let samples: [Double]

    var median: Double { quantile(0.5) }
    var minimum: Double { samples.first ?? .nan }

    func quantile(_ q: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let position = q * Double(samples.count - 1)
        let low = Int(position.rounded(.down))
        let high = Int(position.rounded(.up))
        let fraction = position - Double(low)
        return samples[low] + (samples[high] - samples[low]) * fraction
    }

    /// Median throughput in MB/s (10^6 bytes per second).
    var megabytesPerSecond: Double {
        bytesPerOperation > 0 ? Double(bytesPerOperation) / median * 1_000 : .nan
    }

    /// Half the interquartile range relative to the median, in percent.
    var spreadPercent: Double {
        (quantile(0.75) - quantile(0.25)) / 2 / median * 100
    }
}

/// The median over sample rounds of `numerator`'s time divided by `denominator`'s, both measured
/// in the same rounds: a ratio that drifting machine load affects much less than a ratio of medians.
func medianRatio(_ numerator: BenchResult, _ denominator: BenchResult) -> Double {
    let ratios = zip(numerator.rounds, denominator.rounds).map { $0 / $1 }.sorted()
    guard !ratios.isEmpty else { return .nan }
    let middle = ratios.count / 2
    return ratios.count % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2
}

/// Measurement settings, shared by all sections.
struct Bench {
    /// Samples per case (the median of these is reported).
    var samples = 15
    /// Minimum duration of one sample, in milliseconds (sets the iterations per sample).
    var sampleMilliseconds = 10.0

    private let clock = ContinuousClock()

    func nanoseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }

    func time(_ run: (Int) -> Void, iterations: Int) -> Double {
        let start = clock.now
        run(iterations)
        return nanoseconds(start.duration(to: clock.now))
    }

    /// The iteration count that makes one sample last at least `sampleMilliseconds`
    /// (this also warms up code, caches and the CPU clock).
    func calibrate(_ benchCase: BenchCase) -> Int {
        let target = sampleMilliseconds * 1e6
        var iterations = 1
        while true {
            let elapsed = time(benchCase.run, iterations: iterations)
            if elapsed >= target || iterations >= 1 << 30 {
                return iterations
            }
            let factor = elapsed > 0 ? min(10, max(2, target / elapsed * 1.2)) : 10
            iterations = Int((Double(iterations) * factor).rounded(.up))
        }
    }

    /// Times `cases` together: each sample round runs every case once, in turn, so that all
    /// of them see the same machine conditions; the median over rounds is reported.
    func measure(_ cases: [BenchCase]) -> [BenchResult] {
        let iterations = cases.map(calibrate)
        for (benchCase, count) in zip(cases, iterations) {
            _ = time(benchCase.run, iterations: count)  // one discarded warm-up sample
        }
        var samples = Array(repeating: [Double](), count: cases.count)
        for _ in 0 ..< max(1, self.samples) {
            for (index, benchCase) in cases.enumerated() {
                samples[index].append(time(benchCase.run, iterations: iterations[index]) / Double(iterations[index]))
            }
        }
        return cases.indices.map {
            BenchResult(
                name: cases[$0].name, bytesPerOperation: cases[$0].bytesPerOperation,
                iterationsPerSample: iterations[$0], rounds: samples[$0], samples: samples[$0].sorted())
        }
    }
}

/// Keeps results alive so the optimizer cannot drop the work that produced them.
nonisolated(unsafe) var benchSink: UInt64 = 0

@inline(never)
func consume(_ value: UInt64) {
    benchSink &+= value
}
