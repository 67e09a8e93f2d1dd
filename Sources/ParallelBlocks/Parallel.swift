import Foundation

/// Runs a body over `0..<count` on several threads, in blocks of consecutive indices handed out
/// in increasing order. Results land at their own index (see ``SendableBuffer``), so an output
/// keeps the input's order whatever thread computed what.
public enum Parallel {
    /// Indices per block: large enough that taking a block costs nothing, small enough to balance.
    public static let blockSize = 32

    /// The online processors: the default number of threads.
    public static var processorCount: Int {
        ProcessInfo.processInfo.activeProcessorCount
    }

    /// Calls `body(i)` for every i in `0..<count`, on `jobs` threads at most (the calling thread
    /// alone when `jobs` is 1 or there is a single block). If some calls throw, rethrows the
    /// error of the lowest index, and every index below it has run without error (blocks after a
    /// known failure are skipped).
    public static func forEach(count: Int, jobs: Int, _ body: (Int) throws -> Void) throws {
        let blocks = (count + blockSize - 1) / blockSize
        if jobs <= 1 || blocks <= 1 {
            for i in 0..<count { try body(i) }
            return
        }
        let state = BlockDispenser(count: count, blockSize: blockSize)
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedBody(body: body)
            DispatchQueue.concurrentPerform(iterations: min(jobs, blocks)) { _ in
                while let range = state.next() {
                    for i in range {
                        do { try shared.body(i) } catch {
                            state.fail(at: i, error)
                            break
                        }
                    }
                }
            }
        }
        if let failure = state.failure { throw failure }
    }
}

/// A buffer written at distinct indices from several threads (each index by one thread only).
public struct SendableBuffer<Element>: @unchecked Sendable {
    public let base: UnsafeMutableBufferPointer<Element>
    public init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
    public subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// The body of `Parallel.forEach`, shared by its threads (it only writes distinct indices).
private struct UncheckedBody: @unchecked Sendable {
    let body: (Int) throws -> Void
}

/// Hands out blocks of indices in increasing order and keeps the lowest failure.
private final class BlockDispenser: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private let blockSize: Int
    private var nextStart = 0
    private var failureIndex = Int.max
    private var firstError: (any Error)?

    init(count: Int, blockSize: Int) {
        self.count = count
        self.blockSize = blockSize
    }

    /// The next block, or nil when all are taken or a failure lies before it.
    func next() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard nextStart < count, nextStart < failureIndex else { return nil }
        let start = nextStart
        nextStart = min(count, start + blockSize)
        return start..<nextStart
    }

    func fail(at index: Int, _ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if index < failureIndex {
            failureIndex = index
            firstError = error
        }
    }

    var failure: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return firstError
    }
}
