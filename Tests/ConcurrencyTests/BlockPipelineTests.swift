@testable import EthereumPrimitives
import Foundation
import ParallelBlocks
import Testing

/// `BlockPipeline` (the threads of a streamed audit) and the per-thread EIP-55 cache, run in
/// this process so that `make sanitize` instruments them.
@Suite struct BlockPipelineTests {
    /// Counts of visits, one slot an index, written by several threads (each slot by one,
    /// through the pointer: no thread modifies a shared array).
    final class Hits: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Int>
        init(_ n: Int) {
            slots = .allocate(capacity: n)
            slots.initialize(repeating: 0)
        }
        deinit { slots.deallocate() }
        var counts: [Int] { Array(slots) }
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyIndexOfEveryBatchRunsOnce(jobs: Int) throws {
        let pipeline = BlockPipeline(jobs: jobs)
        var inFlight: [(BlockPipeline.Batch, Hits)] = []
        var done: [Hits] = []
        // Batches of many sizes (empty, shorter than a block, many blocks), three in flight.
        for size in [0, 1, 31, 32, 33, 256, 1_000, 7, 4_096, 5] {
            let hits = Hits(size)
            let batch = pipeline.submit(count: size, blockSize: 32) { range in
                for i in range { hits.slots[i] += 1 }
            }
            inFlight.append((batch, hits))
            while inFlight.count > 3 {
                let (b, h) = inFlight.removeFirst()
                try pipeline.wait(b)
                done.append(h)
            }
        }
        for (b, h) in inFlight {
            try pipeline.wait(b)
            done.append(h)
        }
        pipeline.close()
        #expect(done.count == 10)
        for h in done { #expect(h.counts.allSatisfy { $0 == 1 }) }
    }

    @Test(arguments: [1, 2, 4])
    func aFailingBatchReportsItsLowestFailureAndSparesTheOthers(jobs: Int) throws {
        struct Stop: Error { let index: Int }
        let pipeline = BlockPipeline(jobs: jobs)
        let before = Hits(3_000), failing = Hits(3_000), after = Hits(3_000)
        let first = pipeline.submit(count: 3_000, blockSize: 16) { range in for i in range { before.slots[i] += 1 } }
        let second = pipeline.submit(count: 3_000, blockSize: 16) { range in
            for i in range {
                if i == 1_500 || i == 2_900 { throw Stop(index: i) }
                failing.slots[i] += 1
            }
        }
        let third = pipeline.submit(count: 3_000, blockSize: 16) { range in for i in range { after.slots[i] += 1 } }
        try pipeline.wait(first)
        do {
            try pipeline.wait(second)
            Issue.record("no error")
        } catch let stop as Stop {
            #expect(stop.index == 1_500)
        }
        try pipeline.wait(third)
        #expect(before.counts.allSatisfy { $0 == 1 })
        #expect(after.counts.allSatisfy { $0 == 1 })
        // Every index before the failure ran (its block stopped at the failure).
        #expect(failing.counts[0..<1_500].allSatisfy { $0 == 1 })
    }

    @Test func checksummedFormsOnSeveralThreadsAreTheComputedOnes() {
        // More addresses than a thread's table has slots, many of them sharing a slot.
        let addresses: [Address] = (0..<2_000).map { i in
            var bytes = [UInt8](repeating: 0, count: 20)
            bytes[0] = UInt8(i & 0xFF)
            bytes[7] = UInt8(i >> 8)
            bytes[19] = UInt8((i * 7) & 0xFF)
            return Address(bytes: bytes)!
        }
        let expected = addresses.map { $0.computeChecksummed() }
        let results = ConcurrentResults<Bool>(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            var same = true
            for round in 0..<3 {
                for k in 0..<addresses.count {
                    let i = (k * (t + 1) + round) % addresses.count
                    if addresses[i].checksummed != expected[i] { same = false }
                }
            }
            results.set(t, same)
        }
        for t in 0..<8 { #expect(results.get(t) == true, "thread \(t)") }
    }
}
