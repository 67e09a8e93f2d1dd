#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: its `errno` (0 for a write that wrote nothing), and the system's text.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public let number: Int32

    public init(_ number: Int32) { self.number = number }

    /// `strerror`'s text, or "nothing was written" for a write that returned 0.
    public var text: String {
        number == 0 ? "nothing was written" : String(cString: strerror(number))
    }

    public var description: String { "system call failed (errno \(number)): \(text)" }
}

/// The system calls of file input and output, written once: each is retried when a signal
/// interrupts it (EINTR), short reads and writes are gathered, and a failure is thrown with its
/// `errno` for the caller to name in its own error. `close` is never retried (on Linux the
/// descriptor is gone even when close reports EINTR).
public enum SystemIO {
    /// `open(2)`, retried on EINTR (opening a FIFO or a device may be interrupted while it waits).
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try retryingOnEINTR { systemOpen(path, flags, mode) }
    }

    /// One `read(2)` of at most `count` bytes, retried on EINTR: the bytes read, 0 at the end.
    public static func readSome(_ fd: Int32, into base: UnsafeMutableRawPointer, count: Int) throws(SystemCallError) -> Int {
        try retryingOnEINTR { systemRead(fd, base, count) }
    }

    /// Reads until `buffer` is full or the input ends (short reads, as from a pipe, are
    /// gathered): the number of bytes read, below `buffer.count` only at the end of the input.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = try readSome(fd, into: base + filled, count: buffer.count - filled)
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// `read(_:into:)` into the whole of `bytes`.
    public static func read(_ fd: Int32, into bytes: inout [UInt8]) throws(SystemCallError) -> Int {
        var result: Result<Int, SystemCallError> = .success(0)
        bytes.withUnsafeMutableBytes { raw in
            result = Result { () throws(SystemCallError) -> Int in try read(fd, into: raw) }
        }
        return try result.get()
    }

    /// `readSome(_:into:count:)` into `bytes` (at most its count).
    public static func readSome(_ fd: Int32, into bytes: inout [UInt8]) throws(SystemCallError) -> Int {
        var result: Result<Int, SystemCallError> = .success(0)
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            result = Result { () throws(SystemCallError) -> Int in try readSome(fd, into: base, count: raw.count) }
        }
        return try result.get()
    }

    /// Reads to the end of the input: nil when it holds more than `limit` bytes (reading stops
    /// as soon as that is known). `capacity` sizes the first buffer (a regular file's size + 1
    /// reads it without regrowth).
    public static func readAll(_ fd: Int32, limit: Int, capacity: Int = 1 << 16) throws(SystemCallError) -> [UInt8]? {
        var result = [UInt8]()
        result.reserveCapacity(max(0, min(capacity, limit + 1)))
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = try readSome(fd, into: chunk.baseAddress!, count: chunk.count)
            if n == 0 { return result }
            guard result.count + n <= limit else { return nil }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
    }

    /// Writes all of `bytes` (short writes continued, EINTR retried). A write that writes
    /// nothing throws `SystemCallError(0)`.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = try retryingOnEINTR { systemWrite(fd, base, remaining) }
            if n == 0 { throw SystemCallError(0) }
            remaining -= n
            base += n
        }
    }

    /// `writeAll` of an array.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
        let failure: SystemCallError? = bytes.withUnsafeBytes { raw in
            do throws(SystemCallError) { try writeAll(fd, raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Copies the rest of `source` (from its offset to its end; a regular file) to `target`
    /// inside the kernel (`sendfile(2)`), short transfers continued and EINTR retried. Returns
    /// false, having copied nothing, where the kernel does not copy between the two (another
    /// system, an output opened for appending): the caller then copies through memory.
    public static func sendAll(from source: Int32, to target: Int32) throws(SystemCallError) -> Bool {
        #if os(Linux)
        var first = true
        while true {
            let n: Int
            do throws(SystemCallError) {
                n = try retryingOnEINTR { systemSendfile(target, source, 1 << 30) }
            } catch {
                if first && (error.number == EINVAL || error.number == ENOSYS) { return false }
                throw error
            }
            if n == 0 { return true }
            first = false
        }
        #else
        return false
        #endif
    }

    /// `close(2)`, once: EINTR counts as closed (the descriptor is released either way); any
    /// other failure (a write-back error reported late) is thrown.
    public static func close(_ fd: Int32) throws(SystemCallError) {
        let result = systemClose(fd)
        if result != 0 {
            let failure = errno
            if failure != EINTR { throw SystemCallError(failure) }
        }
    }
}

/// Calls `call` again while it fails with EINTR (a signal arrived before it did anything); any
/// other failure (a negative result) is thrown with its `errno`. The one retry loop of the module.
private func retryingOnEINTR<T: SignedInteger>(_ call: () -> T) throws(SystemCallError) -> T {
    while true {
        let result = call()
        if result >= 0 { return result }
        let failure = errno
        if failure != EINTR { throw SystemCallError(failure) }
    }
}

// The C calls by their own names (inside `SystemIO` these names are its methods).
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, base, count) }
private func systemWrite(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int { write(fd, base, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
#if os(Linux)
private func systemSendfile(_ target: Int32, _ source: Int32, _ count: Int) -> Int { sendfile(target, source, nil, count) }
#endif
