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
    func forEachChunk(_ body: ([UInt8], Int) throws -> Void) throws {
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw CLIError("file_unreadable", "cannot rewind \(path): \(String(cString: strerror(errno)))", at: path)
        }
        var pending: [UInt8] = []
        var firstLine = 1
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var atEnd = false
        while !atEnd {
            let n = block.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("file_unreadable", "error reading \(path): \(String(cString: strerror(errno)))", at: path)
            }
            if n == 0 { atEnd = true } else { pending.append(contentsOf: block[0..<n]) }
            guard pending.count >= Self.chunkBytes || (atEnd && !pending.isEmpty) else { continue }
            // Cut after the last newline; at the end, hand out the rest.
            var cut = pending.count
            if !atEnd {
                guard let last = pending.lastIndex(of: 0x0A) else {
                    if pending.count > Self.maxLineBytes {
                        throw CLIError("line_too_long", "line \(firstLine) is longer than \(Self.maxLineBytes) bytes",
                                       at: "line \(firstLine)")
                    }
                    continue
                }
                cut = last + 1
            }
            let chunk = Array(pending[0..<cut])
            pending.removeFirst(cut)
            try body(chunk, firstLine)
            firstLine += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
    }
}
