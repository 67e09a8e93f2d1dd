import Benchmark
import RLP

let benchmarks: @Sendable () -> Void = {
}
