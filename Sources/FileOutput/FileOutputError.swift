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
public struct FileOutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let location: String?

    public init(code: String, message: String, location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(code) at \(location): \(message)" }
        return "\(code): \(message)"
    }
}
