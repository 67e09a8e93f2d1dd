import Foundation
import SystemIO
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The retried system calls: short reads gathered, the end of input, limits, whole writes,
/// interrupted calls resumed.
@Suite struct SystemIOTests {
    /// A pipe whose writing end is fed `pieces` one at a time from another thread (each piece a
    /// separate write, so the reader sees short reads), then closed.
    static func feedingPipe(feeding pieces: [[UInt8]], pause: useconds_t = 2000) -> Int32 {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = fds[1]
        Thread.detachNewThread {
            for piece in pieces {
                try? SystemIO.writeAll(writer, piece)
                usleep(pause)
            }
            close(writer)
        }
        return fds[0]
    }

    static func bytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    @Test func readGathersShortReadsUntilFull() throws {
        let data = Self.bytes(10_000)
        let fd = Self.feedingPipe(feeding: [Array(data[0..<1]), Array(data[1..<4000]), Array(data[4000...])])
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 6000)
        let n = try SystemIO.read(fd, into: &buffer)
        #expect(n == 6000)
        #expect(buffer == Array(data[0..<6000]))
        // The rest, then the end: a read shorter than the buffer means the input ended.
        var rest = [UInt8](repeating: 0, count: 6000)
        let m = try SystemIO.read(fd, into: &rest)
        #expect(m == 4000)
        #expect(Array(rest[0..<m]) == Array(data[6000...]))
        var more = [UInt8](repeating: 0, count: 10)
        #expect(try SystemIO.read(fd, into: &more) == 0)
        #expect(try SystemIO.readSome(fd, into: &more) == 0)
    }

    @Test func readAllStopsAtTheLimit() throws {
        let data = Self.bytes(5000, seed: 7)
        var fd = Self.feedingPipe(feeding: [Array(data[0..<100]), Array(data[100...])])
        #expect(try SystemIO.readAll(fd, limit: 5000) == data)
        close(fd)
        fd = Self.feedingPipe(feeding: [data])
        #expect(try SystemIO.readAll(fd, limit: 4999) == nil)
        close(fd)
        fd = Self.feedingPipe(feeding: [])
        #expect(try SystemIO.readAll(fd, limit: 0) == [])
        close(fd)
        fd = Self.feedingPipe(feeding: [[1]])
        #expect(try SystemIO.readAll(fd, limit: 0) == nil)
        close(fd)
    }

    @Test func writeAllAndFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-systemio-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out"
        let data = Self.bytes(3 << 20, seed: 3)
        let fd = try SystemIO.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o600)
        try SystemIO.writeAll(fd, data)
        try SystemIO.close(fd)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(data))
        let input = try SystemIO.open(path, O_RDONLY)
        #expect(try SystemIO.readAll(input, limit: data.count, capacity: data.count + 1) == data)
        try SystemIO.close(input)
        do throws(SystemCallError) {
            _ = try SystemIO.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
            Issue.record("O_EXCL over an existing file")
        } catch {
            #expect(error.number == EEXIST)
            #expect(error.text == String(cString: strerror(EEXIST)))
        }
        do throws(SystemCallError) {
            _ = try SystemIO.open(dir + "/missing", O_RDONLY)
            Issue.record("opened a missing file")
        } catch {
            #expect(error.number == ENOENT)
        }
        #expect(SystemCallError(0).text == "nothing was written")
    }

    /// A pipe whose reader is gone: EPIPE (SIGPIPE ignored), not a hang or a crash.
    @Test func writeToAClosedPipeFails() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        do throws(SystemCallError) {
            try SystemIO.writeAll(fds[1], [1, 2, 3])
            Issue.record("wrote to a closed pipe")
        } catch {
            #expect(error.number == EPIPE)
        }
    }

    #if canImport(Glibc)
    /// A read interrupted by a signal (handler installed without SA_RESTART) is resumed: the
    /// bytes sent after the signal still arrive.
    @Test func interruptedReadIsResumed() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        #expect(sigaction(SIGUSR2, &action, &previous) == 0)
        defer { _ = sigaction(SIGUSR2, &previous, nil) }
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let reader = pthread_self()
        let writer = fds[1]
        Thread.detachNewThread {
            usleep(50_000)
            pthread_kill(reader, SIGUSR2)
            usleep(50_000)
            try? SystemIO.writeAll(writer, [42])
            close(writer)
        }
        var byte: UInt8 = 0
        #expect(try SystemIO.readSome(fds[0], into: &byte, count: 1) == 1)
        #expect(byte == 42)
    }
    #endif
}
