import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the `ballast` executable with arguments given as raw bytes (not necessarily UTF-8) and a
/// chosen standard output: captured, `/dev/full`, or a pipe whose reading end is already closed.
/// Also measures the time taken and kills the process after `timeout` seconds.
public enum RawCLI {
    public enum Output: Sendable {
        /// Captured into `CLIResult.stdout`.
        case capture
        /// `/dev/full`: every write fails with ENOSPC.
        case deviceFull
        /// A pipe nobody reads: every write fails with EPIPE.
        case closedPipe
        /// A pipe whose reader reads at least this many bytes, then closes it (as `head` does).
        case readThenClose(Int)
    }

    public struct Result: Sendable {
        public let result: CLIResult
        public let seconds: Double
        public let timedOut: Bool
        /// The child's peak resident set size, in bytes (from wait4's rusage).
        public let peakMemoryBytes: Int
        /// The child's processor time, user and system (from wait4's rusage): unlike the wall
        /// time, hardly changed by other work on the machine.
        public let cpuSeconds: Double
        /// Raw standard output bytes.
        public let stdoutBytes: [UInt8]
    }

    public static func run(
        _ arguments: [[UInt8]], stdin: [UInt8]? = nil, stdout: Output = .capture,
        environment: [String: String] = [:], timeout: Double = 60
    ) throws -> Result {
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            // Close-on-exec: a child spawned meanwhile by another test must not inherit these ends
            // (dup2 onto 0, 1, 2 in the spawned child clears the flag there).
            guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            return (fds[0], fds[1])
        }
        signal(SIGPIPE, SIG_IGN)
        let input = try pipePair()
        let errors = try pipePair()
        var output: (read: Int32, write: Int32)
        switch stdout {
        case .capture:
            output = try pipePair()
        case .deviceFull:
            let fd = open("/dev/full", O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw POSIXError(.ENOENT) }
            output = (-1, fd)
        case .closedPipe:
            output = try pipePair()
            close(output.read)
            output.read = -1
        case .readThenClose:
            output = try pipePair()
        }

        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)

        let path = CLI.executable.path
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup(path)]
        for argument in arguments {
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: argument.count + 1)
            for (i, b) in argument.enumerated() { p[i] = CChar(bitPattern: b) }
            p[argument.count] = 0
            argv.append(p)
        }
        argv.append(nil)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") }
        envp.append(nil)
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(input.read)
        close(output.write)
        close(errors.write)
        guard spawned == 0 else {
            close(input.write)
            if output.read >= 0 { close(output.read) }
            close(errors.read)
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }

        let group = DispatchGroup()
        nonisolated(unsafe) var outBytes: [UInt8] = []
        nonisolated(unsafe) var errBytes: [UInt8] = []
        func drain(_ fd: Int32, limit: Int = .max, into target: @escaping @Sendable ([UInt8]) -> Void) {
            group.enter()
            DispatchQueue.global().async {
                var all: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    all.append(contentsOf: buffer[0..<n])
                    if all.count >= limit { break }
                }
                close(fd)
                target(all)
                group.leave()
            }
        }
        var limit = Int.max
        if case .readThenClose(let bytes) = stdout { limit = bytes }
        if output.read >= 0 { drain(output.read, limit: limit) { outBytes = $0 } }
        drain(errors.read) { errBytes = $0 }
        let inputFD = input.write
        let stdinBytes = stdin ?? []
        DispatchQueue.global().async {
            stdinBytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(inputFD, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(inputFD)
        }

        var status: Int32 = 0
        var timedOut = false
        var usage = rusage()
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                kill(pid, SIGKILL)
                _ = wait4(pid, &status, 0, &usage)
                break
            }
            usleep(2000)
        }
        let seconds = Date().timeIntervalSince(start)
        group.wait()
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let code = signaled ? -1 : (status >> 8) & 0xff
        let result = CLIResult(
            status: code, stdout: String(decoding: outBytes, as: UTF8.self), stderr: String(decoding: errBytes, as: UTF8.self),
            signaled: signaled)
        #if os(Linux)
        let peak = Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        let peak = Int(usage.ru_maxrss)  // bytes on macOS
        #endif
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Result(result: result, seconds: seconds, timedOut: timedOut, peakMemoryBytes: peak, cpuSeconds: cpu, stdoutBytes: outBytes)
    }

    /// `run` with text arguments.
    public static func run(
        _ arguments: [String], stdin: [UInt8]? = nil, stdout: Output = .capture,
        environment: [String: String] = [:], timeout: Double = 60
    ) throws -> Result {
        try run(arguments.map { Array($0.utf8) }, stdin: stdin, stdout: stdout, environment: environment, timeout: timeout)
    }
}
