#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files that exist right now, removed if SIGINT, SIGTERM or SIGHUP ends the
/// process. The handlers are installed while at least one file is registered and the previous
/// dispositions restored after the last one goes.
///
/// The handler only calls `unlink`, `signal` and `raise` (async-signal-safe) on C strings
/// allocated when the file was registered.
enum TemporaryFiles {
    static let capacity = 64
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        p.initialize(repeating: nil, count: capacity)
        return p
    }()
    nonisolated(unsafe) static var count = 0
    typealias Handler = (@convention(c) (Int32) -> Void)?
    /// The dispositions before the handlers were installed, in the order of `signals`.
    nonisolated(unsafe) static var previous: [Handler] = []
    nonisolated(unsafe) static var lock = pthread_mutex_t()
    nonisolated(unsafe) static var lockReady: Bool = {
        pthread_mutex_init(&lock, nil)
        return true
    }()

    static func register(_ path: String) {
        _ = lockReady
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        guard let copy = strdup(path) else { return }
        for i in 0..<capacity where slots[i] == nil {
            slots[i] = copy
            count += 1
            if count == 1 {
                previous = signals.map { signal($0, temporaryFilesSignalHandler) }
            }
            return
        }
        free(copy)
    }

    static func unregister(_ path: String) {
        _ = lockReady
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        for i in 0..<capacity {
            guard let p = slots[i], String(cString: p) == path else { continue }
            slots[i] = nil
            free(p)
            count -= 1
            if count == 0 {
                let saved = previous
                previous = []
                var i = 0
                while i < signals.count {
                    _ = signal(signals[i], i < saved.count ? saved[i] : nil)
                    i += 1
                }
            }
            return
        }
    }

    /// The registered paths (for tests).
    static var registered: [String] {
        _ = lockReady
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return (0..<capacity).compactMap { slots[$0].map { String(cString: $0) } }
    }
}

private func temporaryFilesSignalHandler(_ sig: Int32) {
    for i in 0..<TemporaryFiles.capacity {
        if let p = TemporaryFiles.slots[i] { unlink(p) }
    }
    signal(sig, SIG_DFL)
    raise(sig)
}
