import Ballast
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The input of `tx sign`, read twice in chunks so that memory stays bounded however long the
/// input is: a first pass checks every line (nothing is signed or printed unless all are valid),
/// a second pass signs and prints chunk by chunk (parsing again only what lies past the first
/// `retainedBytes`).
///
/// A regular file (also as standard input) is read in place. A pipe is read into memory when it
/// fits in one chunk (the usual case: nothing is spooled); a longer one is copied to an unlinked
/// private temporary file, since it cannot be read twice otherwise.
final class TxSpool {
    /// Bytes of input handed out per chunk (always cut after a newline, or at the end): 16 MiB,
    /// or `BALLAST_TX_SIGN_CHUNK_BYTES` (at least 4096; a knob for tests of the chunking).
    static let chunkBytes: Int = {
        if let text = ProcessInfo.processInfo.environment["BALLAST_TX_SIGN_CHUNK_BYTES"], let value = Int(text) {
            return max(4096, value)
        }
        return 16 << 20
    }()
    /// Input whose checked transactions `tx sign` keeps from its first pass instead of reading
    /// and parsing it again (4 chunks: 64 MiB by default; the transactions take about half the
    /// size of their JSON lines).
    static var retainedBytes: Int { 4 * chunkBytes }
    /// A single line longer than this is refused rather than buffered without bound.
    static let maxLineBytes = 64 << 20

    /// The input, when it is a regular file or has been spooled; -1 when `memory` holds it all.
    private let fd: Int32
    /// A piped input that fits in one chunk: read once, kept here, never spooled.
    private let memory: [UInt8]?
    private let path: String

    init(path: String) throws {
        self.path = path
        let source: Int32
        if path != "-" {
            do throws(SystemCallError) {
                source = try SystemIO.open(path, O_RDONLY)
            } catch {
                throw CLIError(.fileUnreadable, "cannot open \(path): \(error.text)", at: path)
            }
        } else {
            source = dup(0)
            guard source >= 0 else {
                throw CLIError(.fileUnreadable, "cannot read stdin: \(String(cString: strerror(errno)))", at: "stdin")
            }
        }
        let name = path == "-" ? "stdin" : path
        var info = stat()
        if fstat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            // A regular file (or standard input redirected from one) is read in place.
            self.fd = source
            self.memory = nil
            return
        }
        defer { close(source) }
        // A pipe: its first chunk is read into memory; only a longer input is spooled.
        let head = try Self.read(upTo: Self.chunkBytes + 1, from: source, name: name).bytes
        if head.count <= Self.chunkBytes {
            self.fd = -1
            self.memory = head
        } else {
            self.fd = try Self.spool(head: head, rest: source, source: name)
            self.memory = nil
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Reads up to `limit` bytes from `source` into one new buffer that starts with `prefix`,
    /// sized once and filled in place; `atEnd` when the input ended before the limit.
    private static func read(upTo limit: Int, after prefix: [UInt8] = [], from source: Int32, name: String) throws -> (bytes: [UInt8], atEnd: Bool) {
        var failure: SystemCallError?
        var atEnd = false
        let bytes = [UInt8](unsafeUninitializedCapacity: prefix.count + limit) { buffer, count in
            count = prefix.count
            prefix.withUnsafeBufferPointer { p in
                if let from = p.baseAddress { buffer.baseAddress!.initialize(from: from, count: p.count) }
            }
            do throws(SystemCallError) {
                let n = try SystemIO.read(source, into: UnsafeMutableRawBufferPointer(start: buffer.baseAddress! + prefix.count, count: limit))
                count += n
                atEnd = n < limit
            } catch {
                failure = error
            }
        }
        if let failure {
            throw CLIError(.fileUnreadable, "error reading \(name): \(failure.text)", at: name)
        }
        return (bytes, atEnd)
    }

    /// Writes `head`, then the rest of `rest`, to an unlinked temporary file (mode 0600) and
    /// returns its descriptor.
    private static func spool(head: [UInt8], rest source: Int32, source name: String) throws -> Int32 {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/ballast-tx-sign.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CLIError(.spoolFailed, "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
            do throws(SystemCallError) {
                try SystemIO.writeAll(fd, bytes)
            } catch {
                close(fd)
                throw CLIError(.spoolFailed, "cannot write the temporary copy of \(name): \(error.text)")
            }
        }
        try head.withUnsafeBytes { try writeAll($0) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n: Int
            do throws(SystemCallError) {
                n = try SystemIO.readSome(source, into: &buffer)
            } catch {
                close(fd)
                throw CLIError(.fileUnreadable, "error reading \(name): \(error.text)", at: name)
            }
            if n == 0 { break }
            try buffer.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return fd
    }

    /// Calls `body` with consecutive chunks of whole lines from the start of the input, and the
    /// 1-based number of each chunk's first line.
    ///
    /// Each chunk is read straight into one buffer of its final size (the file's size bounds
    /// it), handed to `body` without another copy; only the partial line after a chunk's last
    /// newline is carried over to the next one.
    /// `chunkBytes` (at most ``chunkBytes``, the default) bounds each chunk read from a file.
    func forEachChunk(chunkBytes: Int = TxSpool.chunkBytes, _ body: ([UInt8], Int) throws -> Void) throws {
        let chunkBytes = min(chunkBytes, Self.chunkBytes)
        if let memory {
            if !memory.isEmpty { try body(memory, 1) }
            return
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw CLIError(.fileUnreadable, "cannot rewind \(path): \(String(cString: strerror(errno)))", at: path)
        }
        var info = stat()
        // The size is a hint for the buffer's capacity; reading goes on to the real end anyway.
        var remaining = fstat(fd, &info) == 0 && info.st_size > 0 ? Int(info.st_size) : chunkBytes
        var carry: [UInt8] = []
        var firstLine = 1
        var atEnd = false
        while !atEnd {
            let want = max(4096, min(chunkBytes, remaining))
            // Up to `want` more bytes after the carried partial line, or to the end of the input.
            let read = try Self.read(upTo: want, after: carry, from: fd, name: path)
            var chunk = read.bytes
            atEnd = read.atEnd
            remaining = max(0, remaining - (chunk.count - carry.count))
            carry = []
            if chunk.isEmpty { break }
            if !atEnd {
                // Cut after the last newline; the rest starts the next chunk.
                guard let last = chunk.lastIndex(of: 0x0A) else {
                    if chunk.count > Self.maxLineBytes {
                        throw CLIError(.lineTooLong, "line \(firstLine) is longer than \(Self.maxLineBytes) bytes",
                                       at: "line \(firstLine)")
                    }
                    carry = chunk
                    continue
                }
                carry = Array(chunk[(last + 1)...])
                chunk.removeLast(chunk.count - last - 1)
            }
            let newlines = Self.countNewlines(in: chunk)
            try body(chunk, firstLine)
            firstLine += newlines
        }
    }

    /// The number of 0x0A bytes.
    static func countNewlines(in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            var count = 0
            var offset = 0
            while offset < raw.count, let hit = memchr(base + offset, 0x0A, raw.count - offset) {
                count += 1
                offset = base.distance(to: UnsafeRawPointer(hit)) + 1
            }
            return count
        }
    }
}
