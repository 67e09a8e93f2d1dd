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
    /// Upper bound on what a command reads from a file or stdin (guards memory, not correctness).
    static let maxInputBytes = 256 << 20

    /// Reads a whole file (`-` = standard input) as bytes.
    static func readFile(_ path: String) throws -> [UInt8] {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CLIError("file_unreadable", "cannot open \(path): \(String(cString: strerror(errno)))", at: path)
        }
        defer { if fd != 0 { close(fd) } }
        var result = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("file_unreadable", "error reading \(path): \(String(cString: strerror(errno)))", at: path)
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
            if result.count > maxInputBytes {
                throw CLIError("input_too_large", "input is larger than \(maxInputBytes) bytes", at: path)
            }
        }
        return result
    }

    /// Text from a positional argument, or from a file / stdin when the argument is `-` or `file` is given.
    static func text(argument: String?, file: String?, what: String) throws -> String {
        if let file {
            guard argument == nil else {
                throw CLIError("usage", "give \(what) either as an argument or with --file, not both")
            }
            return try utf8(readFile(file), source: file)
        }
        guard let argument else { throw CLIError("usage", "missing \(what)") }
        if argument == "-" { return try utf8(readFile("-"), source: "stdin") }
        return argument
    }

    /// Hex bytes from a positional argument, a file or stdin (whitespace around ignored). An
    /// error without a place of its own (an odd number of digits) names the input: the file,
    /// `stdin` or the argument (`HEX`).
    static func hex(argument: String?, file: String?, what: String) throws -> [UInt8] {
        let text = try Inputs.text(argument: argument, file: file, what: what)
        let source = file.map { $0 == "-" ? "stdin" : $0 } ?? (argument == "-" ? "stdin" : what)
        let decoded: Result<[UInt8], HexError> = Result { () throws(HexError) -> [UInt8] in try Hex.decode(Inputs.trimmed(text)) }
        switch decoded {
        case .success(let bytes): return bytes
        case .failure(let error):
            if error.location != nil { throw error }
            throw CLIError(error.code, error.message, at: source)
        }
    }

    static func utf8(_ bytes: [UInt8], source: String) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            let offset = bytes.withUnsafeBufferPointer { ArgumentBytes.invalidOffset($0) }
            throw CLIError("bad_utf8", "\(source) is not valid UTF-8", at: "\(source): byte \(offset)")
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
