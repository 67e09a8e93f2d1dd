import Foundation

/// Batches of blocks run on a fixed set of threads that live as long as the pipeline, so that a
/// long stream of batches keeps every thread busy: a thread that finishes the last block of one
/// batch takes the first block of the next instead of waiting for the others (as each call of
/// `Parallel.forEachBlock` does). The caller submits batches (``submit(count:blockSize:_:)``)
/// and collects each one in the order it chooses (``wait(_:)``), typically keeping a few batches
/// in flight while it prepares the next one.
///
/// Blocks are handed out in submission order: every block of a batch before any of the next.
/// Within a batch, failures behave as in `Parallel.forEachBlock`: the error of the lowest
/// failing block is kept, and blocks after a known failure are skipped.
public final class BlockPipeline: @unchecked Sendable {
    /// One submitted batch.
    public final class Batch: @unchecked Sendable {
        fileprivate let count: Int
        fileprivate let blockSize: Int
        fileprivate let body: (Range<Int>) throws -> Void
        fileprivate var nextStart = 0
        fileprivate var running = 0
        fileprivate var failureIndex = Int.max
        fileprivate var error: (any Error)?

        fileprivate init(count: Int, blockSize: Int, body: @escaping (Range<Int>) throws -> Void) {
            self.count = count
            self.blockSize = blockSize
            self.body = body
        }

        /// Whether a block is left to hand out.
        fileprivate var hasWork: Bool { nextStart < count && nextStart < failureIndex }
        /// Whether every block has run or been skipped.
        fileprivate var isDone: Bool { !hasWork && running == 0 }
    }

    private let condition = NSCondition()
    /// Batches with blocks left to hand out, oldest first.
    private var queue: [Batch] = []
    private var closing = false
    private var threads: [PThread] = []

    /// Starts `jobs` threads (at least one; fewer if the system refuses more, and then, when none
    /// could start, ``wait(_:)`` runs the batch's blocks on the calling thread).
    public init(jobs: Int) {
        let work = ThreadWork { [unowned(unsafe) self] in self.work() }
        for _ in 0..<max(1, jobs) {
            guard let t = PThread.start(work) else { break }
            threads.append(t)
        }
    }

    deinit { close() }

    /// Queues `count` indices in blocks of `blockSize` (the last may be shorter). `body` runs on
    /// the pipeline's threads; the batch is done when ``wait(_:)`` returns.
    public func submit(count: Int, blockSize: Int, _ body: @escaping (Range<Int>) throws -> Void) -> Batch {
        let batch = Batch(count: count, blockSize: max(1, blockSize), body: body)
        condition.lock()
        if batch.hasWork {
            queue.append(batch)
            condition.broadcast()
        }
        condition.unlock()
        return batch
    }

    /// Waits until every block of `batch` has run (or was skipped after a failure), then
    /// rethrows the error of its lowest failing block, if any.
    public func wait(_ batch: Batch) throws {
        condition.lock()
        if threads.isEmpty {
            // No thread: run the batch here.
            while batch.hasWork {
                let range = take(from: batch)
                condition.unlock()
                run(range, of: batch)
                condition.lock()
                batch.running -= 1
            }
        }
        while !batch.isDone { condition.wait() }
        let error = batch.error
        condition.unlock()
        if let error { throw error }
    }

    /// Stops the threads once the queued blocks have run, and joins them. Called on deinit.
    public func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        condition.unlock()
        for t in threads { t.join() }
        threads = []
    }

    /// The next block of `batch` (which has work), marked running. Called with the lock held.
    private func take(from batch: Batch) -> Range<Int> {
        let start = batch.nextStart
        batch.nextStart = min(batch.count, start + batch.blockSize)
        batch.running += 1
        return start..<batch.nextStart
    }

    /// Runs a block and keeps its failure. Called without the lock.
    private func run(_ range: Range<Int>, of batch: Batch) {
        do {
            try batch.body(range)
        } catch {
            condition.lock()
            if range.lowerBound < batch.failureIndex {
                batch.failureIndex = range.lowerBound
                batch.error = error
            }
            condition.unlock()
        }
    }

    /// Each thread's loop: the oldest batch's next block, until closed with nothing queued.
    private func work() {
        condition.lock()
        while true {
            while let first = queue.first, !first.hasWork { queue.removeFirst() }
            guard let batch = queue.first else {
                if closing { break }
                condition.wait()
                continue
            }
            let range = take(from: batch)
            condition.unlock()
            run(range, of: batch)
            condition.lock()
            batch.running -= 1
            if batch.isDone { condition.broadcast() }
        }
        condition.unlock()
    }
}
