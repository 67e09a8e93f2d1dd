import Ballast
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One chunk of the JSON Lines of `tx sign` (see `TxSpool`): split into lines, parsed and checked,
/// then signed, each phase in parallel blocks whose results land in preallocated arrays (so the
/// output keeps the input order).
struct TxBatch {
    /// The chunk's bytes (whole lines).
    let bytes: [UInt8]
    /// The non-blank lines: their byte ranges and 1-based line numbers.
    let lines: [(range: Range<Int>, number: Int)]

    /// `firstLineNumber`: the 1-based number of the first line of `bytes` in the whole input.
    init(bytes: [UInt8], firstLineNumber: Int = 1) {
        self.bytes = bytes
        var lines: [(range: Range<Int>, number: Int)] = []
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            var start = 0
            var number = firstLineNumber
            while start < buf.count {
                var end = buf.count
                if let newline = memchr(base + start, 0x0A, buf.count - start) {
                    end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                }
                // A line of spaces, tabs and carriage returns only is blank.
                var i = start
                while i < end, buf[i] == 0x20 || buf[i] == 0x09 || buf[i] == 0x0D { i += 1 }
                if i < end { lines.append((start..<end, number)) }
                start = end + 1
                number += 1
            }
        }
        self.lines = lines
    }

    /// The 1-based line number of each non-blank line.
    var lineNumbers: [Int] { lines.map(\.number) }

    /// Parses every line into a transaction and checks it (`validate(fork:chainId:)`).
    /// Throws the error of the first bad line, naming it. The result has no nil element.
    func parse(allowUnprotected: Bool, chainId: UInt64?, fork: Fork = .prague, jobs: Int) throws -> [UnsignedTransaction?] {
        var parsed = [UnsignedTransaction?](repeating: nil, count: lines.count)
        try parsed.withUnsafeMutableBufferPointer { out in
            let results = SendableBuffer(out)
            try Parallel.forEach(count: lines.count, jobs: jobs) { i in
                let line = lines[i]
                let json: JSONValue
                do throws(JSONSyntaxError) {
                    json = try JSONValue.parse(bytes: bytes[line.range])
                } catch {
                    throw CLIError(
                        "bad_json", "line \(line.number): invalid JSON: \(error.message)",
                        at: "line \(line.number): byte \(error.offset)")
                }
                do throws(TransactionError) {
                    let tx = try UnsignedTransaction(json: json, allowUnprotected: allowUnprotected)
                    try tx.validate(fork: fork, chainId: chainId)
                    results[i] = tx
                } catch {
                    throw Self.located(error, line: line.number)
                }
            }
        }
        return parsed
    }

    /// Signs every transaction under `fork`'s rules (those it was checked against); returns the raw signed transactions as 0x hex, in order. Each
    /// transaction is released as soon as it is signed, so the batch never holds much more than
    /// its output. `lineNumbers[i]` names the line of `transactions[i]` in errors.
    static func sign(
        _ transactions: inout [UnsignedTransaction?], lineNumbers: [Int], with signer: PrivateKeySigner,
        fork: Fork = .prague, jobs: Int
    ) throws -> [String] {
        var raws = [String](repeating: "", count: transactions.count)
        try raws.withUnsafeMutableBufferPointer { out in
            try transactions.withUnsafeMutableBufferPointer { pending in
                let results = SendableBuffer(out)
                let queue = SendableBuffer(pending)
                try Parallel.forEach(count: queue.base.count, jobs: jobs) { i in
                    guard let tx = queue[i] else { return }
                    queue[i] = nil
                    do throws(TransactionError) {
                        results[i] = Hex.encode(try tx.sign(with: signer, fork: fork).encoded)
                    } catch {
                        throw located(error, line: lineNumbers[i])
                    }
                }
            }
        }
        return raws
    }

    /// Writes `lines` to standard output, a newline after each, in pieces of about 1 MiB (no
    /// second copy of the whole output). Called only once nothing can fail any more but the
    /// writing itself: the first failed write (a full disk, a closed pipe) stops it and is thrown.
    static func write(_ lines: [String]) throws(FileOutputError) {
        var piece = ""
        piece.reserveCapacity(1 << 20)
        for line in lines {
            piece += line
            piece += "\n"
            if piece.utf8.count >= 1 << 20 {
                try StandardStreams.writeOut(piece)
                piece.removeAll(keepingCapacity: true)
            }
        }
        if !piece.isEmpty { try StandardStreams.writeOut(piece) }
    }

    /// Throws `broken_pipe` when standard output is a pipe nobody reads any more: checked before
    /// each chunk is signed, so that no work is done for an output that cannot be delivered.
    static func requireReader() throws(FileOutputError) {
        if OutputDescriptor.readerIsGone(1) { throw OutputDescriptor.brokenPipe(name: "stdout") }
    }

    /// A transaction error of line `number`: `line N: message` at `line N: json.path`.
    static func located(_ error: TransactionError, line number: Int) -> CLIError {
        let place = error.jsonPath ?? error.field
        return CLIError(
            error.code, "line \(number): \(error.message)",
            at: place.map { "line \(number): \($0)" } ?? "line \(number)")
    }
}

/// A buffer written at distinct indices from several threads (each index by one thread only).
struct SendableBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element>
    init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Runs a body over `0..<count` on several threads, in blocks handed out in increasing order.
enum Parallel {
    /// Indices per block: large enough that taking a block costs nothing, small enough to balance.
    static let blockSize = 32

    /// Calls `body(i)` for every i in `0..<count`, on `jobs` threads at most (the calling thread
    /// alone when `jobs` is 1). If some calls throw, rethrows the error of the lowest index, and
    /// every index below it has run without error (blocks after a known failure are skipped).
    static func forEach(count: Int, jobs: Int, _ body: (Int) throws -> Void) throws {
        try forEachBlock(count: count, jobs: jobs) { range in
            for i in range { try body(i) }
        }
    }

    /// Calls `body` for each block of ``blockSize`` indices of `0..<count` (the last may be
    /// shorter), on `jobs` threads at most, so that a body can keep state across its block. If
    /// some blocks throw, rethrows the error of the lowest block; a block that throws should
    /// throw the error of its lowest failing index, after running the indices below it.
    static func forEachBlock(count: Int, jobs: Int, blockSize: Int = Parallel.blockSize, _ body: (Range<Int>) throws -> Void) throws {
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

/// The work of each thread of `Parallel.forEachBlock`.
private final class ThreadWork: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// A POSIX thread running a `ThreadWork`, joined before its work's captures go out of scope.
private struct PThread {
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
