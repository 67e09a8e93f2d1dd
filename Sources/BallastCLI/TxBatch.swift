import Ballast
import Foundation

/// The JSON Lines of `tx sign`: split into lines, parsed and checked, then signed, each phase in
/// parallel blocks whose results land in preallocated arrays (so the output keeps the input order).
struct TxBatch {
    /// The input, whole.
    let bytes: [UInt8]
    /// The non-blank lines: their byte ranges and 1-based line numbers.
    let lines: [(range: Range<Int>, number: Int)]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var lines: [(range: Range<Int>, number: Int)] = []
        var start = 0
        var number = 1
        var blank = true
        bytes.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count {
                let c = buf[i]
                if c == 0x0A {
                    if !blank { lines.append((start..<i, number)) }
                    start = i + 1
                    number += 1
                    blank = true
                } else if c != 0x20 && c != 0x09 && c != 0x0D {
                    blank = false
                }
            }
        }
        if !blank { lines.append((start..<bytes.count, number)) }
        self.lines = lines
    }

    /// Parses every line into a transaction and checks it (`validate(fork: .prague, chainId:)`).
    /// Throws the error of the first bad line, naming it.
    func parse(allowUnprotected: Bool, chainId: UInt64?, jobs: Int) throws -> [UnsignedTransaction] {
        var parsed = [UnsignedTransaction?](repeating: nil, count: lines.count)
        try parsed.withUnsafeMutableBufferPointer { out in
            let results = SendableBuffer(out)
            try Parallel.forEach(count: lines.count, jobs: jobs) { i in
                let line = lines[i]
                let json: JSONValue
                do throws(JSONSyntaxError) {
                    json = try JSONValue.parse(bytes: Array(bytes[line.range]))
                } catch {
                    throw CLIError(
                        "bad_json", "line \(line.number): invalid JSON: \(error.message)",
                        at: "line \(line.number): byte \(error.offset)")
                }
                do throws(TransactionError) {
                    let tx = try UnsignedTransaction(json: json, allowUnprotected: allowUnprotected)
                    try tx.validate(fork: .prague, chainId: chainId)
                    results[i] = tx
                } catch {
                    throw Self.located(error, line: line.number)
                }
            }
        }
        return parsed.map { $0! }
    }

    /// Signs every transaction; returns the raw signed transactions as 0x hex, in order.
    func sign(_ transactions: [UnsignedTransaction], with signer: PrivateKeySigner, jobs: Int) throws -> [String] {
        var raws = [String](repeating: "", count: transactions.count)
        try raws.withUnsafeMutableBufferPointer { out in
            let results = SendableBuffer(out)
            try Parallel.forEach(count: transactions.count, jobs: jobs) { i in
                do throws(TransactionError) {
                    results[i] = Hex.encode(try transactions[i].sign(with: signer).encoded)
                } catch {
                    throw Self.located(error, line: lines[i].number)
                }
            }
        }
        return raws
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
