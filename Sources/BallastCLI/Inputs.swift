import Ballast

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading command inputs: a positional argument, a file, or standard input (`-`).
enum Inputs {
    /// Upper bound on what a command reads whole from a file or stdin, by kind of input: the
    /// memory a command needs is a multiple of its input, so each kind has a documented ceiling
    /// (README, "Input sizes") and a larger input is refused (`input_too_large`) before it is
    /// read past the limit. Inputs that stream (`keccak --file`, `tx sign`) have no limit.
    enum Limit: Int {
        /// Raw bytes used as they are (a message to sign): 256 MiB.
        case bytes = 268_435_456
        /// A JSON document read into a tree (plans, policies, typed data; `rlp encode` streams
        /// and takes `bytes`): 4 MiB.
        case document = 4_194_304
        /// Hex text decoded into values (`rlp decode`, `abi-decode`, `decode-calldata`,
        /// `tx decode`) and audit input: 16 MiB.
        case hexText = 16_777_216

        var byteCount: Int { rawValue }
        var text: String { "\(rawValue >> 20) MiB" }
    }

    /// Reads a whole file (`-` = standard input) as bytes, refusing more than `limit`. A regular
    /// file is read into one buffer of its size (no regrowth); a pipe grows up to the limit.
    static func readFile(_ path: String, limit: Limit) throws -> [UInt8] {
        let fd = try open(path)
        let name = path == "-" ? "stdin" : path
        defer { if fd != 0 { close(fd) } }
        let tooLarge = CLIError(
            .inputTooLarge, "\(name) is larger than \(limit.text) (\(limit.byteCount) bytes), the limit for this input", at: name)
        var info = stat()
        var capacity = 1 << 16
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            guard Int(info.st_size) <= limit.byteCount else { throw tooLarge }
            capacity = Int(info.st_size) + 1
        }
        let result: [UInt8]?
        do throws(SystemCallError) {
            result = try SystemIO.readAll(fd, limit: limit.byteCount, capacity: capacity)
        } catch {
            throw CLIError(.fileUnreadable, "error reading \(name): \(error.text)", at: name)
        }
        guard let result else { throw tooLarge }
        return result
    }

    /// Opens `path` for reading (`-` = standard input, descriptor 0).
    static func open(_ path: String) throws -> Int32 {
        guard path != "-" else { return 0 }
        do throws(SystemCallError) {
            return try SystemIO.open(path, O_RDONLY)
        } catch {
            throw CLIError(.fileUnreadable, "cannot open \(path): \(error.text)", at: path)
        }
    }

    /// Bytes handed to `forEachChunk`'s body at a time: a whole number of Keccak-256 blocks
    /// (136 bytes), about 1 MiB.
    static let streamChunkBytes = 136 * 7710

    /// Reads a file (`-` = standard input) in fixed-size chunks, handing each to `body` in order:
    /// memory stays constant however long the input is. The buffer is reused between calls.
    static func forEachChunk(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = try open(path)
        let name = path == "-" ? "stdin" : path
        defer { if fd != 0 { close(fd) } }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamChunkBytes, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            // Fill the buffer (short reads from pipes are gathered), then hand it over.
            let filled: Int
            do throws(SystemCallError) {
                filled = try SystemIO.read(fd, into: buffer)
            } catch {
                throw CLIError(.fileUnreadable, "error reading \(name): \(error.text)", at: name)
            }
            let atEnd = filled < buffer.count
            if filled > 0 { try body(UnsafeRawBufferPointer(rebasing: buffer[0..<filled])) }
            if atEnd { return }
        }
    }

    /// Text from a positional argument, or from a file / stdin when the argument is `-` or `file` is given.
    static func text(argument: String?, file: String?, what: String, limit: Limit) throws -> String {
        if let file {
            guard argument == nil else {
                throw CLIError(.usage, "give \(what) either as an argument or with --file, not both")
            }
            return try utf8(readFile(file, limit: limit), source: file)
        }
        guard let argument else { throw CLIError(.usage, "missing \(what)") }
        if argument == "-" { return try utf8(readFile("-", limit: limit), source: "stdin") }
        return argument
    }

    /// Hex bytes from a positional argument, a file or stdin (whitespace around ignored). An
    /// error without a place of its own (an odd number of digits) names the input: the file,
    /// `stdin` or the argument (`HEX`).
    static func hex(argument: String?, file: String?, what: String) throws -> [UInt8] {
        let text = try Inputs.text(argument: argument, file: file, what: what, limit: .hexText)
        let source = file.map { $0 == "-" ? "stdin" : $0 } ?? (argument == "-" ? "stdin" : what)
        let decoded: Result<[UInt8], HexError> = Result { () throws(HexError) -> [UInt8] in try Hex.decode(Inputs.trimmed(text)) }
        switch decoded {
        case .success(let bytes): return bytes
        case .failure(let error):
            if error.location != nil { throw error }
            throw CLIError(reporting: error, error.message, at: source)
        }
    }

    /// Refuses bytes that are not valid UTF-8 (`bad_utf8`), as `utf8(_:source:)` does, without
    /// keeping a copy.
    static func checkUTF8(_ bytes: [UInt8], source: String) throws {
        _ = try utf8(bytes, source: source)
    }

    /// `checkUTF8`, without making a string of the bytes (a large input is not held twice);
    /// the same error.
    static func checkUTF8InPlace(_ bytes: [UInt8], source: String) throws {
        let offset = bytes.withUnsafeBufferPointer { ArgumentBytes.invalidOffset($0) }
        guard offset == bytes.count else {
            throw CLIError(.badUtf8, "\(source) is not valid UTF-8", at: "\(source): byte \(offset)")
        }
    }

    static func utf8(_ bytes: [UInt8], source: String) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            let offset = bytes.withUnsafeBufferPointer { ArgumentBytes.invalidOffset($0) }
            throw CLIError(.badUtf8, "\(source) is not valid UTF-8", at: "\(source): byte \(offset)")
        }
        return s
    }

    /// Strips ASCII whitespace at both ends (files and pipes usually end with a newline).
    static func trimmed(_ s: String) -> Substring {
        var sub = Substring(s)
        while let c = sub.first, c.isWhitespace { sub = sub.dropFirst() }
        while let c = sub.last, c.isWhitespace { sub = sub.dropLast() }
        return sub
    }
}
