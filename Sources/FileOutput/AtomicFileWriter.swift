import SystemIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every output file Ballast writes goes through this writer:
///
/// - a destination that exists is refused (`file_exists`) unless `force` is set;
/// - a destination that is not a regular file (a symbolic link, directory, FIFO, device or
///   socket) is refused always (`file_not_regular`): nothing is written through a symbolic link
///   and no device node or pipe is replaced;
/// - a missing directory is refused (`directory_missing`);
/// - the bytes go to a new temporary file beside the destination, created with mode 0600
///   whatever the umask (`O_EXCL | O_NOFOLLOW`), written in full, flushed with `fsync` and
///   closed (every step checked), then moved into place in one step: `link` without `force`
///   (which fails if the name has appeared meanwhile, so nothing is ever replaced), `rename`
///   with it; the directory is flushed afterwards;
/// - while a temporary file exists, SIGINT, SIGTERM and SIGHUP remove it before ending the
///   process as they would have (`TemporaryFiles`).
///
/// Several files are committed together: when one cannot be placed, the ones this call already
/// placed (without `force`) are removed again, so a command writes all its files or none.
public struct AtomicFileWriter {
    struct Staged {
        let destination: String
        let temporary: String
    }

    public let force: Bool
    private var staged: [Staged] = []

    public init(force: Bool) {
        self.force = force
    }

    /// Writes `bytes` to `path` (see the type's description): `precheck`, `stage`, `commit`.
    public static func write(_ bytes: [UInt8], to path: String, force: Bool, option: String = "--out") throws(FileOutputError) {
        try precheck([(path, option)], force: force)
        var writer = AtomicFileWriter(force: force)
        defer { writer.discard() }
        try writer.stage(bytes, at: path)
        try writer.commit()
    }

    /// Fails early (before any slow work such as a key derivation) when a destination cannot be
    /// written: an empty path or a directory path, the same path twice, an existing file without
    /// `force`, anything but a regular file, a missing directory, or one of `inputs` (the same
    /// file, compared by device and inode, also under another name).
    public static func precheck(
        _ paths: [(path: String, option: String)], force: Bool, inputs: [String] = []
    ) throws(FileOutputError) {
        var seen: Set<String> = []
        for (path, option) in paths {
            guard !path.isEmpty else { throw FileOutputError(code: .badPath, message: "\(option) needs a file path", location: option) }
            guard !path.hasSuffix("/") else {
                throw FileOutputError(code: .badPath, message: "\(option) names a directory; give a file path", location: path)
            }
            guard seen.insert(path).inserted else {
                throw FileOutputError(code: .duplicateOutput, message: "the same file is given for two outputs", location: path)
            }
            var info = stat()
            if lstat(path, &info) == 0 {
                try requireRegular(info, path: path)
                for input in inputs where !input.isEmpty && input != "-" {
                    var other = stat()
                    if stat(input, &other) == 0, other.st_dev == info.st_dev, other.st_ino == info.st_ino {
                        throw FileOutputError(
                            code: .outputIsInput, message: "the output file is also an input of the command (\(input)); it is not replaced",
                            location: path)
                    }
                }
                if !force {
                    throw FileOutputError(code: .fileExists, message: "the file exists; give --force to replace it", location: path)
                }
            }
            let dir = directory(of: path)
            guard stat(dir, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw FileOutputError(code: .directoryMissing, message: "the directory \(dir) does not exist", location: path)
            }
        }
    }

    /// Writes `bytes` to a new temporary file (mode 0600) beside `path`, flushed and closed.
    public mutating func stage(_ bytes: [UInt8], at path: String) throws(FileOutputError) {
        try stage(at: path) { (write) throws(FileOutputError) in try write(bytes) }
    }

    /// Like `stage(_:at:)` for output produced in pieces: `pieces` calls `write` with each
    /// piece in order. If `pieces` throws, the temporary file is removed and nothing is staged.
    public mutating func stage(
        at path: String,
        pieces: (_ write: ([UInt8]) throws(FileOutputError) -> Void) throws(FileOutputError) -> Void
    ) throws(FileOutputError) {
        let dir = directory(of: path)
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? "out"
        var generator = SystemRandomNumberGenerator()
        var temporary = ""
        var fd: Int32 = -1
        var failure: Int32 = 0
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: .min ... .max, using: &generator), radix: 16)
            temporary = (dir == "." && !path.hasPrefix("./") ? "" : dir + "/") + ".\(base).tmp-\(getpid())-\(suffix)"
            TemporaryFiles.register(temporary)
            do throws(SystemCallError) {
                fd = try SystemIO.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode: 0o600)
            } catch {
                fd = -1
                failure = error.number
            }
            if fd >= 0 { break }
            TemporaryFiles.unregister(temporary)
            if failure != EEXIST { break }
        }
        guard fd >= 0 else {
            let reason = failure == ENOENT ? "the directory \(dir) does not exist" : "cannot create a file in \(dir): \(errorText(failure))"
            throw FileOutputError(code: failure == ENOENT ? .directoryMissing : .fileUnwritable, message: reason, location: path)
        }
        var open = true
        var ok = false
        defer {
            if open { _ = close(fd) }
            if !ok {
                unlink(temporary)
                TemporaryFiles.unregister(temporary)
            }
        }
        guard fchmod(fd, 0o600) == 0 else {
            throw FileOutputError(code: .fileUnwritable, message: "cannot set mode 0600: \(errorText(errno))", location: path)
        }
        try pieces { (bytes) throws(FileOutputError) in
            do throws(FileOutputError) {
                try OutputDescriptor.writeAll(fd, bytes, name: path)
            } catch {
                throw FileOutputError(code: .fileUnwritable, message: error.message, location: path)
            }
        }
        guard fsync(fd) == 0 else {
            throw FileOutputError(code: .fileUnwritable, message: "flush to disk failed: \(errorText(errno))", location: path)
        }
        open = false
        do throws(SystemCallError) {
            try SystemIO.close(fd)
        } catch {
            throw FileOutputError(code: .fileUnwritable, message: "close failed: \(error.text)", location: path)
        }
        ok = true
        staged.append(Staged(destination: path, temporary: temporary))
    }

    /// Moves every staged file into place, or none (see the type's description).
    public mutating func commit() throws(FileOutputError) {
        var placed: [String] = []
        defer { discard() }
        for file in staged {
            var info = stat()
            if lstat(file.destination, &info) == 0 {
                do throws(FileOutputError) {
                    try Self.requireRegular(info, path: file.destination)
                } catch {
                    if !force { for done in placed { unlink(done) } }
                    throw error
                }
            }
            let result = force ? rename(file.temporary, file.destination) : link(file.temporary, file.destination)
            if result != 0 {
                let failure = errno
                let code: FileOutputError.Kind = failure == EEXIST ? .fileExists : .fileUnwritable
                let reason = failure == EEXIST ? "the file exists; give --force to replace it" : "cannot create: \(errorText(failure))"
                if !force { for done in placed { unlink(done) } }
                throw FileOutputError(code: code, message: reason, location: file.destination)
            }
            placed.append(file.destination)
        }
        for file in staged {
            let dirFD = open(directory(of: file.destination), O_RDONLY | O_CLOEXEC)
            if dirFD >= 0 {
                _ = fsync(dirFD)
                _ = close(dirFD)
            }
        }
    }

    /// Removes the temporary files (after a commit, or when the command fails before it).
    public mutating func discard() {
        for file in staged {
            unlink(file.temporary)
            TemporaryFiles.unregister(file.temporary)
        }
        staged = []
    }

    private static func requireRegular(_ info: stat, path: String) throws(FileOutputError) {
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: kind = "a symbolic link"
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a FIFO"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw FileOutputError(
            code: .fileNotRegular,
            message: "the output path is \(kind); only a regular file is ever replaced (not even with --force)",
            location: path)
    }
}

/// The directory part of a path ("." when there is none).
func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
}

func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
