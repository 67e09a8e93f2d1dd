import ArgumentParser
import Ballast

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry point of the `ballast` executable.
///
/// Exit status: 0 success, 1 invalid input (with an error on stderr, or on stdout as
/// `{"error":{...}}` with `--json`), 2 usage error. Nothing reaches stdout unless the whole
/// command succeeded: commands write into a `CommandOutput` buffer that is flushed at the end.
public enum BallastMain {
    public static func main(_ arguments: [String]? = nil) -> Never {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try BallastCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let exitCode as ExitCode {
            exit(exitCode.rawValue)
        } catch {
            let code = BallastCommand.exitCode(for: error)
            let message = BallastCommand.fullMessage(for: error)
            if code == .success {
                StandardStreams.writeOut(message.hasSuffix("\n") ? message : message + "\n")
                exit(0)
            }
            StandardStreams.writeErr(message.hasSuffix("\n") ? message : message + "\n")
            exit(2)
        }
    }
}

/// Buffered standard output of one command: written only when the command succeeds.
public struct CommandOutput {
    public private(set) var text = ""
    public init() {}
    /// Appends `line` and a newline.
    public mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}

/// An error raised by the CLI layer itself (bad arguments that parse but make no sense, files).
public struct CLIError: BallastError {
    public let code: String
    public let message: String
    public let location: String?

    public init(_ code: String, _ message: String, at location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }
}

enum StandardStreams {
    static func writeOut(_ s: String) { write(s, fd: 1) }
    static func writeErr(_ s: String) { write(s, fd: 2) }

    /// Writes all of `s` to a file descriptor, retrying short writes and EINTR. A closed pipe
    /// (EPIPE, with SIGPIPE ignored) ends the write quietly.
    private static func write(_ s: String, fd: Int32) {
        var copy = s
        copy.withUTF8 { buf in
            guard var base = buf.baseAddress else { return }
            var remaining = buf.count
            while remaining > 0 {
                let n = POSIX.write(fd, base, remaining)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                remaining -= n
                base += n
            }
        }
    }
}

/// Runs a command body with the house rules: output buffered and written only on success,
/// errors rendered as text on stderr or as JSON on stdout, exit status 1 on invalid input.
func runCommand(json: Bool, _ body: (inout CommandOutput) throws -> Void) throws {
    var out = CommandOutput()
    do {
        try body(&out)
    } catch let error as ExitCode {
        throw error
    } catch {
        let rendered = ErrorReport(error)
        if json {
            StandardStreams.writeOut(rendered.json + "\n")
        } else {
            StandardStreams.writeErr("error: " + rendered.text + "\n")
        }
        throw ExitCode(1)
    }
    StandardStreams.writeOut(out.text)
}

/// A uniform view of any error for printing.
struct ErrorReport {
    let code: String
    let message: String
    let location: String?

    init(_ error: any Error) {
        switch error {
        case let e as any BallastError:
            code = e.code; message = e.message; location = e.location
        case let e as JSONSyntaxError:
            code = e.code; message = e.message; location = "byte \(e.offset)"
        default:
            code = "error"; message = String(describing: error); location = nil
        }
    }

    var text: String {
        if let location { return "\(message) (at \(location)) [\(code)]" }
        return "\(message) [\(code)]"
    }

    var json: String {
        var members: [(key: String, value: JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if let location { members.append(("at", .string(location))) }
        return JSONValue.object([("error", .object(members))]).compact
    }
}
