/// An error writing an output: a stable snake_case `code`, a human `message`, and the path or
/// stream concerned (`location`). Messages never contain what was being written.
///
/// Codes:
/// - `bad_path`: an empty path, or one that names a directory (ends with `/`)
/// - `duplicate_output`: the same path given for two outputs
/// - `file_exists`: the destination exists and replacing was not asked for (`--force`)
/// - `file_not_regular`: the destination is a symbolic link, a directory, a FIFO, a device or a
///   socket; never replaced, not even with `--force`
/// - `output_is_input`: the destination is one of the command's input files
/// - `directory_missing`: the destination's directory does not exist
/// - `file_unwritable`: creating, writing, flushing, closing or moving the file failed
/// - `write_failed`: writing to an open stream (standard output) failed
/// - `broken_pipe`: the reader of a pipe went away (EPIPE)
/// - `spool_failed`: the private temporary file that holds pieces of an output before it is
///   written could not be used
public struct FileOutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The codes above; the raw value is the published code.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case badPath = "bad_path"
        case duplicateOutput = "duplicate_output"
        case fileExists = "file_exists"
        case fileNotRegular = "file_not_regular"
        case outputIsInput = "output_is_input"
        case directoryMissing = "directory_missing"
        case fileUnwritable = "file_unwritable"
        case writeFailed = "write_failed"
        case brokenPipe = "broken_pipe"
        case spoolFailed = "spool_failed"
    }

    public let kind: Kind
    public let message: String
    public let location: String?

    public init(code: Kind, message: String, location: String? = nil) {
        self.kind = code
        self.message = message
        self.location = location
    }

    /// The stable snake_case code (`file_exists`).
    public var code: String { kind.rawValue }

    public var description: String {
        if let location { return "\(code) at \(location): \(message)" }
        return "\(code): \(message)"
    }
}
