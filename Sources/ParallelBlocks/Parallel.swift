import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        try forEachBlock(count: count, jobs: jobs) { range in
            for i in range { try body(i) }
        }
    }

    /// Calls `body` for each block of `blockSize` indices of `0..<count` (the last may be
    /// shorter), on `jobs` threads at most, so that a body can keep state across its block. If
    /// some blocks throw, rethrows the error of the lowest block; a block that throws should
    /// throw the error of its lowest failing index, after running the indices below it.
    public static func forEachBlock(
        count: Int, jobs: Int, blockSize: Int = Parallel.blockSize, _ body: (Range<Int>) throws -> Void
    ) throws {
        let blocks = (count + blockSize - 1) / blockSize
        if jobs <= 1 || blocks <= 1 {
            var start = 0
            while start < count {
                let end = min(count, start + blockSize)
                try body(start..<end)
                start = end
            }
            return
        }
        let state = BlockDispenser(count: count, blockSize: blockSize)
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedBody(body: body)
            let work = ThreadWork {
                while let range = state.next() {
                    do { try shared.body(range) } catch {
                        state.fail(at: range.lowerBound, error)
                    }
                }
            }
            // Threads of our own, started now and joined below: the calling thread works as
            // well, and every started thread takes blocks from the first (a shared pool's
            // threads can wake after the caller has taken every block of a short run).
            var threads: [PThread] = []
            for _ in 1..<min(jobs, blocks) {
                guard let t = PThread.start(work) else { break }
                threads.append(t)
            }
            work.run()
            for t in threads { t.join() }
        }
        if let failure = state.failure { throw failure }
    }
}

/// The work of each thread of `Parallel.forEachBlock` and of a `BlockPipeline`.
final class ThreadWork: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// A POSIX thread running a `ThreadWork`, joined before its work's captures go out of scope.
struct PThread {
    var id: pthread_t

    /// Starts a thread running `work`; nil when no thread can be created (the caller does the work).
    static func start(_ work: ThreadWork) -> PThread? {
        let box = Unmanaged.passRetained(work).toOpaque()
        #if canImport(Darwin)
        var id: pthread_t?
        #else
        var id = pthread_t()
        #endif
        let rc = pthread_create(&id, nil, { context in
            let work = Unmanaged<ThreadWork>.fromOpaque(context!).takeRetainedValue()
            work.run()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<ThreadWork>.fromOpaque(box).release()
            return nil
        }
        #if canImport(Darwin)
        guard let id else { return nil }
        #endif
        return PThread(id: id)
    }

    func join() {
        pthread_join(id, nil)
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

/// The body of `Parallel.forEachBlock`, shared by its threads (it only writes distinct indices).
private struct UncheckedBody: @unchecked Sendable {
    let body: (Range<Int>) throws -> Void
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
