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
/// `{"error":{...}}` with `--json`), 2 usage error. Nothing reaches stdout unless the command's
/// input was read and checked whole: commands write into a `CommandOutput` buffer that is
/// flushed at the end, or in pieces once nothing but the output itself can fail (a long
/// `plan check` report, signed `plan build` lines, a whole-batch `audit` report, `rlp decode`).
/// A failed write to standard output (a full disk, a closed pipe) or a failed close of it at
/// the end is exit status 1 with an error on stderr.
public enum BallastMain {
    public static func main(_ arguments: [String]? = nil) -> Never {
        OutputDescriptor.ignoreBrokenPipeSignal()
        if arguments == nil, let failure = ArgumentBytes.firstInvalidUTF8() {
            let report = ErrorReport(failure)
            if ArgumentBytes.asksForJSON() {
                _ = StandardStreams.writeOutReporting(report.json + "\n")
                exitAfterFlush(1)
            }
            StandardStreams.writeErr("error: " + report.text + "\n")
            exit(1)
        }
        do {
            var command = try BallastCommand.parseAsRoot(arguments)
            do {
                try command.run()
            } catch let error as ValidationError {
                // A usage error found while running: the usage of the command that was run.
                let usage = BallastCommand.usageString(for: type(of: command))
                StandardStreams.writeErr("Error: \(error.message)\nUsage: \(usage)\n  See 'ballast \(commandPath(type(of: command))) --help' for more information.\n")
                exit(2)
            }
            exitAfterFlush(0)
        } catch let exitCode as ExitCode {
            exitAfterFlush(exitCode.rawValue)
        } catch {
            let code = BallastCommand.exitCode(for: error)
            let message = BallastCommand.fullMessage(for: error)
            if code == .success {
                exitAfterFlush(StandardStreams.writeOutReporting(message.hasSuffix("\n") ? message : message + "\n") ? 0 : 1)
            }
            StandardStreams.writeErr(message.hasSuffix("\n") ? message : message + "\n")
            exit(2)
        }
    }

    /// The subcommand names from the root to `command` ("tx decode").
    static func commandPath(_ command: ParsableCommand.Type) -> String {
        func search(_ node: ParsableCommand.Type, _ path: [String]) -> [String]? {
            if node == command { return path }
            for sub in node.configuration.subcommands {
                let name = sub.configuration.commandName ?? String(describing: sub).lowercased()
                if let found = search(sub, path + [name]) { return found }
            }
            return nil
        }
        return (search(BallastCommand.self, []) ?? []).joined(separator: " ")
    }

    /// Ends the process with `status` once standard output is closed without error (a late
    /// write-back error there turns success into exit status 1).
    static func exitAfterFlush(_ status: Int32) -> Never {
        do throws(FileOutputError) {
            try OutputDescriptor.close(1, name: "stdout")
        } catch {
            StandardStreams.writeErr("error: " + ErrorReport(error).text + "\n")
            exit(1)
        }
        exit(status)
    }
}

/// Buffered standard output of one command: written only when the command succeeds.
///
/// A command whose input is fully read, checked and compiled may print a long result in pieces
/// (`flush(atLeast:)`), so that the whole text is never held at once; from then on only a
/// failure of the output itself (a full device, a closed pipe) can stop it.
public struct CommandOutput {
    public private(set) var text = ""
    public init() {}
    /// Appends `line` and a newline.
    public mutating func line(_ line: String) {
        text += line
        text += "\n"
    }

    /// Appends `piece` as it is (no newline).
    mutating func append(_ piece: String) {
        text += piece
    }

    /// Bytes gathered before `flush(atLeast:)` writes them by default: 64 KiB.
    static let pieceBytes = 1 << 16

    /// Writes what is gathered to standard output, checked, once it holds at least `threshold`
    /// bytes. Only for output that can no longer be refused: everything it depends on has been
    /// validated.
    mutating func flush(atLeast threshold: Int = CommandOutput.pieceBytes) throws(FileOutputError) {
        guard text.utf8.count >= threshold else { return }
        try StandardStreams.writeOut(text)
        text.removeAll(keepingCapacity: true)
    }
}

/// An error raised by the CLI layer itself (bad arguments that parse but make no sense, files).
public typealias CLIError = CodedError<CLIErrorKind>

/// The codes of the command line itself; the raw value is the published code (`CLIError.Kind`).
public enum CLIErrorKind: String, Sendable, Hashable, CaseIterable {
    case abiNotFound = "abi_not_found"
    case ambiguousSelector = "ambiguous_selector"
    case argumentCount = "argument_count"
    case badHex = "bad_hex"
    case badJson = "bad_json"
    case badRlpJson = "bad_rlp_json"
    case badSignature = "bad_signature"
    case badUtf8 = "bad_utf8"
    case calldataTooShort = "calldata_too_short"
    case fileUnreadable = "file_unreadable"
    case formatNeedsSafeMode = "format_needs_safe_mode"
    case inputTooLarge = "input_too_large"
    case `internal` = "internal"
    case invalidBlock = "invalid_block"
    case lineTooLong = "line_too_long"
    case noTransactions = "no_transactions"
    case nonceTooLarge = "nonce_too_large"
    case notSigned = "not_signed"
    case passwordEmpty = "password_empty"
    case passwordMismatch = "password_mismatch"
    case passwordRequired = "password_required"
    case planInvalid = "plan_invalid"
    case safeChainMismatch = "safe_chain_mismatch"
    case safeHashMismatch = "safe_hash_mismatch"
    case safeModeFormat = "safe_mode_format"
    case selectorMismatch = "selector_mismatch"
    case signatureMismatch = "signature_mismatch"
    case spoolFailed = "spool_failed"
    case terminalUnreadable = "terminal_unreadable"
    case unknownSelector = "unknown_selector"
    case usage = "usage"
    case valueOutOfRange = "value_out_of_range"
}

/// Standard output and standard error. Every write to standard output is checked
/// (`OutputDescriptor`): a full device or a closed pipe is an error that fails the command.
/// Writes to standard error are best effort (there is nowhere left to report their failure).
enum StandardStreams {
    static func writeOut(_ s: String) throws(FileOutputError) {
        try OutputDescriptor.writeAll(1, s, name: "stdout")
    }

    /// `writeOut`, reporting a failure on stderr; false when it failed.
    static func writeOutReporting(_ s: String) -> Bool {
        do throws(FileOutputError) {
            try writeOut(s)
            return true
        } catch {
            writeErr("error: " + ErrorReport(error).text + "\n")
            return false
        }
    }

    static func writeErr(_ s: String) {
        _ = try? OutputDescriptor.writeAll(2, s, name: "stderr")
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
    } catch let error as CLIError where error.code == CLIError.Kind.usage.rawValue {
        // A combination of arguments the parser could not rule out: a usage error (exit 2).
        throw ValidationError(error.message)
    } catch {
        let rendered = ErrorReport(error)
        if json {
            _ = StandardStreams.writeOutReporting(rendered.json + "\n")
        } else {
            StandardStreams.writeErr("error: " + rendered.text + "\n")
        }
        throw ExitCode(1)
    }
    guard StandardStreams.writeOutReporting(out.text) else { throw ExitCode(1) }
}

/// The process's arguments as the bytes it was given. Swift's `CommandLine.arguments` replaces
/// invalid UTF-8 with U+FFFD, which would make Ballast sign, hash or encode bytes it was not
/// given (or open another file): an argument that is not valid UTF-8 is refused instead
/// (`bad_utf8`, exit 1). Bytes that are not text go in as hex or through `--file`.
enum ArgumentBytes {
    /// The first argument (after the program name) that is not valid UTF-8, as an error naming it.
    static func firstInvalidUTF8(
        argc: Int32 = CommandLine.argc, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = CommandLine.unsafeArgv
    ) -> CLIError? {
        guard argc > 1 else { return nil }
        for i in 1..<Int(argc) {
            guard let pointer = argv[i] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
            guard String(validating: bytes, as: UTF8.self) == nil else { continue }
            let offset = invalidOffset(bytes)
            return CLIError(.badUtf8, "\(name(i, argv: argv, bytes: bytes)) is not valid UTF-8 (byte \(offset)); give bytes as 0x hex or in a file (--file)", at: "argument \(i)")
        }
        return nil
    }

    /// "the value of --opt" for `--opt VALUE` and `--opt=VALUE`, else "argument N".
    static func name(_ i: Int, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.starts(with: "--".utf8), let equals = bytes.firstIndex(of: UInt8(ascii: "=")),
           let option = String(validating: bytes[..<equals], as: UTF8.self) {
            return "the value of \(option)"
        }
        if i > 1, let previous = argv[i - 1] {
            let text = String(cString: previous)
            if text.hasPrefix("--"), !text.contains("="), text != "--" { return "argument \(i) (the value of \(text))" }
        }
        return "argument \(i)"
    }

    /// The offset of the first byte of the first invalid UTF-8 sequence.
    static func invalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    /// Whether `--json` is among the arguments (errors are then JSON on stdout).
    static func asksForJSON() -> Bool {
        CommandLine.arguments.dropFirst().contains("--json")
    }
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
