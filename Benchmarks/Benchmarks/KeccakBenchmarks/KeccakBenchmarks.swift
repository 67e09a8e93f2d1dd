import Benchmark
import Keccak

let benchmarks: @Sendable () -> Void = {
    Benchmark("Keccak256 32B") { benchmark in
        let input = [UInt8](repeating: 0xab, count: 32)
        for _ in benchmark.scaledIterations { blackHole(Keccak256.hash(data: input)) }
    }
}
