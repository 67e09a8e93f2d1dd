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
                        .badJson, "line \(line.number): invalid JSON: \(error.message)",
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

    /// Signs every transaction under `fork`'s rules (those it was checked against) with the
    /// library's `BatchSigner`; returns the raw signed transactions as 0x hex, in order. Each
    /// transaction is released as soon as it is signed, so the batch never holds much more than
    /// its output. `lineNumbers[i]` names the line of `transactions[i]` in errors.
    static func sign(
        _ transactions: inout [UnsignedTransaction?], lineNumbers: [Int], with signer: PrivateKeySigner,
        fork: Fork = .prague, jobs: Int
    ) throws -> [String] {
        do throws(BatchSigningFailure) {
            let raws = try BatchSigner(signer: signer, fork: fork, threads: jobs)
                .sign(&transactions) { Hex.encode($0.encoded) }
            return raws.map { $0 ?? "" }
        } catch {
            throw located(error.error, line: lineNumbers[error.index])
        }
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
            reporting: error, "line \(number): \(error.message)",
            at: place.map { "line \(number): \($0)" } ?? "line \(number)")
    }
}

/// The library's parallel loop and its result buffer (module ParallelBlocks), under the names
/// this module has always used.
typealias Parallel = ParallelBlocks.Parallel
typealias SendableBuffer<Element> = ParallelBlocks.SendableBuffer<Element>
