import SystemIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checked writes to an open file descriptor (standard output, an output file): every byte is
/// written or an error is thrown. A full disk or device is `write_failed`; a pipe whose reader
/// went away is `broken_pipe` (SIGPIPE must be ignored so that it arrives as EPIPE; see
/// `ignoreBrokenPipeSignal`).
public enum OutputDescriptor {
    /// Ignores SIGPIPE, so that writing to a closed pipe fails with EPIPE instead of killing
    /// the process silently.
    public static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR. `name` names the stream
    /// in errors ("stdout", a path).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws(FileOutputError) {
        do throws(SystemCallError) {
            try SystemIO.writeAll(fd, bytes)
        } catch {
            throw writeError(error, name: name)
        }
    }

    /// The error of a failed write to `name` (a broken pipe, a write that wrote nothing, …).
    public static func writeError(_ error: SystemCallError, name: String) -> FileOutputError {
        if error.number == 0 {
            return FileOutputError(code: .writeFailed, message: "cannot write to \(name): nothing was written", location: name)
        }
        return Self.error(error.number, name: name)
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], name: String) throws(FileOutputError) {
        let failure: FileOutputError? = bytes.withUnsafeBytes { raw in
            do throws(FileOutputError) { try writeAll(fd, raw, name: name) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    public static func writeAll(_ fd: Int32, _ text: String, name: String) throws(FileOutputError) {
        var copy = text
        let failure: FileOutputError? = copy.withUTF8 { buffer in
            do throws(FileOutputError) { try writeAll(fd, UnsafeRawBufferPointer(buffer), name: name) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Whether `fd` is a pipe or socket whose reading end is closed (so that any write would
    /// fail with EPIPE): checked before expensive work whose only product is that output.
    public static func readerIsGone(_ fd: Int32) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFIFO || kind == S_IFSOCK else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, 0) == 1 else { return false }
        return poller.revents & Int16(POLLERR | POLLHUP) != 0
    }

    /// Closes `fd` and reports a failure of the close itself (a write-back error reported late).
    public static func close(_ fd: Int32, name: String) throws(FileOutputError) {
        do throws(SystemCallError) {
            try SystemIO.close(fd)
        } catch {
            if error.number == EBADF { return }
            throw Self.error(error.number, name: name)
        }
    }

    /// The error of a write to a pipe whose reader went away.
    public static func brokenPipe(name: String) -> FileOutputError {
        FileOutputError(code: .brokenPipe, message: "\(name) was closed by its reader (broken pipe); the output is incomplete", location: name)
    }

    static func error(_ failure: Int32, name: String) -> FileOutputError {
        if failure == EPIPE { return brokenPipe(name: name) }
        return FileOutputError(code: .writeFailed, message: "cannot write to \(name): \(errorText(failure))", location: name)
    }
}
