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
/// a second pass parses, signs and prints chunk by chunk.
///
/// A regular file is read in place; standard input or a pipe is first copied to an unlinked
/// private temporary file (it cannot be read twice otherwise).
final class TxSpool {
    /// Bytes of input handed out per chunk (always cut after a newline, or at the end): 16 MiB,
    /// or `BALLAST_TX_SIGN_CHUNK_BYTES` (at least 4096; a knob for tests of the chunking).
    static let chunkBytes: Int = {
        if let text = ProcessInfo.processInfo.environment["BALLAST_TX_SIGN_CHUNK_BYTES"], let value = Int(text) {
            return max(4096, value)
        }
        return 16 << 20
    }()
    /// A single line longer than this is refused rather than buffered without bound.
    static let maxLineBytes = 64 << 20

    private let fd: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        if path != "-" {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw CLIError("file_unreadable", "cannot open \(path): \(String(cString: strerror(errno)))", at: path)
            }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                self.fd = fd
                return
            }
            defer { close(fd) }
            self.fd = try Self.spool(from: fd, source: path)
        } else {
            self.fd = try Self.spool(from: 0, source: "stdin")
        }
    }

    deinit { close(fd) }

    /// Copies `source` to an unlinked temporary file (mode 0600) and returns its descriptor.
    private static func spool(from source: Int32, source name: String) throws -> Int32 {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/ballast-tx-sign.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CLIError("spool_failed", "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { POSIX.read(source, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw CLIError("file_unreadable", "error reading \(name): \(String(cString: strerror(errno)))", at: name)
            }
            if n == 0 { break }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { POSIX.write(fd, $0.baseAddress! + written, n - written) }
                if w < 0 {
                    if errno == EINTR { continue }
                    close(fd)
                    throw CLIError("spool_failed", "cannot write the temporary copy of \(name): \(String(cString: strerror(errno)))")
                }
                written += w
            }
        }
        return fd
    }

    /// Calls `body` with consecutive chunks of whole lines from the start of the input, and the
    /// 1-based number of each chunk's first line.
    ///
    /// Each chunk is read straight into one buffer of its final size (the file's size bounds
    /// it), handed to `body` without another copy; only the partial line after a chunk's last
    /// newline is carried over to the next one.
    func forEachChunk(_ body: ([UInt8], Int) throws -> Void) throws {
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw CLIError("file_unreadable", "cannot rewind \(path): \(String(cString: strerror(errno)))", at: path)
        }
        var info = stat()
        // The size is a hint for the buffer's capacity; reading goes on to the real end anyway.
        var remaining = fstat(fd, &info) == 0 && info.st_size > 0 ? Int(info.st_size) : Self.chunkBytes
        var carry: [UInt8] = []
        var firstLine = 1
        var atEnd = false
        while !atEnd {
            let want = max(4096, min(Self.chunkBytes, remaining))
            var chunk = [UInt8]()
            chunk.reserveCapacity(carry.count + want)
            chunk.append(contentsOf: carry)
            carry.removeAll()
            // Fill up to the capacity asked for, or to the end of the input.
            let target = chunk.count + want
            while chunk.count < target {
                let start = chunk.count
                var failure: Int32 = 0
                var n = 0
                chunk.append(contentsOf: repeatElement(0, count: target - start))
                chunk.withUnsafeMutableBytes { raw in
                    while true {
                        n = POSIX.read(fd, raw.baseAddress! + start, target - start)
                        if n < 0 && errno == EINTR { continue }
                        if n < 0 { failure = errno }
                        break
                    }
                }
                chunk.removeLast(target - start - max(0, n))
                if n < 0 {
                    throw CLIError("file_unreadable", "error reading \(path): \(String(cString: strerror(failure)))", at: path)
                }
                if n == 0 {
                    atEnd = true
                    break
                }
                remaining = max(0, remaining - n)
            }
            if chunk.isEmpty { break }
            if !atEnd {
                // Cut after the last newline; the rest starts the next chunk.
                guard let last = Self.lastNewline(in: chunk) else {
                    if chunk.count > Self.maxLineBytes {
                        throw CLIError("line_too_long", "line \(firstLine) is longer than \(Self.maxLineBytes) bytes",
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

    /// The index of the last 0x0A byte, if any (searched from the end: it is near it).
    static func lastNewline(in bytes: [UInt8]) -> Int? {
        bytes.lastIndex(of: 0x0A)
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
