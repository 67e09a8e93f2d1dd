import Foundation
import LibCrypto
import Secp256k1
import SystemIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Where signing keys come from: hex key files, the `BALLAST_PRIVATE_KEY` environment variable,
/// keystores with a password file, mnemonic files. Errors never echo file contents.
public enum KeySource {
    /// The environment variable holding a hex private key.
    public static let environmentVariable = "BALLAST_PRIVATE_KEY"

    /// Upper bounds on what is read (a key file is 66 bytes plus a newline).
    static let maxKeyFileSize = 4096
    static let maxPasswordFileSize = 1 << 16
    static let maxMnemonicFileSize = 4096
    static let maxKeystoreFileSize = 1 << 20

    /// Parses a hex private key: an optional `0x`, exactly 64 hex digits (either case), and at most
    /// one trailing `\n` or `\r\n`. Nothing else is accepted, and the error never shows the input.
    /// `location` names the source in errors (a file path, the variable name).
    public static func privateKey(hex text: [UInt8], location: String? = nil) throws(KeysError) -> PrivateKey {
        var body = text[...]
        if body.last == UInt8(ascii: "\n") {
            body = body.dropLast()
            if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        }
        if body.count >= 2, body[body.startIndex] == UInt8(ascii: "0"), body[body.startIndex + 1] | 0x20 == UInt8(ascii: "x") {
            body = body.dropFirst(2)
        }
        guard body.count == 64 else {
            throw KeysError(
                code: .invalidPrivateKeyHex,
                message: "expected 64 hex digits (optionally after 0x, optionally followed by one newline), got \(body.count) characters",
                location: location)
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        defer { LibCrypto.cleanse(&bytes) }
        var i = body.startIndex
        for k in 0..<32 {
            guard let hi = HexText.nibble(body[i]), let lo = HexText.nibble(body[i + 1]) else {
                throw KeysError(
                    code: .invalidPrivateKeyHex,
                    message: "the key contains a character that is not a hex digit (position \(i - body.startIndex + 1) or \(i - body.startIndex + 2))",
                    location: location)
            }
            bytes[k] = hi << 4 | lo
            i += 2
        }
        do {
            return try PrivateKey(bytes: bytes)
        } catch {
            throw KeysError(code: .invalidPrivateKey, message: "the key is zero or not below the curve order", location: location)
        }
    }

    /// `privateKey(hex:)` for a string (the explicit `--private-key` argument).
    public static func privateKey(hex text: String, location: String? = nil) throws(KeysError) -> PrivateKey {
        var bytes = Array(text.utf8)
        defer { LibCrypto.cleanse(&bytes) }
        return try privateKey(hex: bytes, location: location)
    }

    /// Reads a hex key file. Refuses a file whose mode gives the group or others any access
    /// (`mode & 0o077 != 0`) with `insecure_file_permissions`, and anything but a regular file.
    public static func privateKey(fromFile path: String) throws(KeysError) -> PrivateKey {
        var contents = try readFile(path, limit: maxKeyFileSize, requirePrivate: true)
        defer { LibCrypto.cleanse(&contents) }
        return try privateKey(hex: contents, location: path)
    }

    /// The key in `BALLAST_PRIVATE_KEY` (same syntax as a key file), or nil when it is not set.
    /// A set but empty or malformed variable is an error.
    public static func privateKey(
        fromEnvironment environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KeysError) -> PrivateKey? {
        guard let value = environment[environmentVariable] else { return nil }
        return try privateKey(hex: value, location: environmentVariable)
    }

    /// A password (or passphrase) file's bytes; one trailing `\n` or `\r\n` is not part of the
    /// password. Refused, like a key file, when group or others may access it, and unless it is a
    /// regular file.
    public static func password(fromFile path: String) throws(KeysError) -> [UInt8] {
        var contents = try readFile(path, limit: maxPasswordFileSize, requirePrivate: true)
        if contents.last == UInt8(ascii: "\n") {
            contents.removeLast()
            if contents.last == UInt8(ascii: "\r") { contents.removeLast() }
        }
        return contents
    }

    /// Reads and validates a mnemonic file (UTF-8; surrounding whitespace ignored).
    /// `requirePrivatePermissions` applies the key-file permission rule to it as well.
    public static func mnemonic(fromFile path: String, requirePrivatePermissions: Bool = false) throws(KeysError) -> Mnemonic {
        var contents = try readFile(path, limit: maxMnemonicFileSize, requirePrivate: requirePrivatePermissions)
        defer { LibCrypto.cleanse(&contents) }
        guard let text = String(validating: contents, as: UTF8.self) else {
            throw KeysError(code: .invalidMnemonicEncoding, message: "mnemonic file is not valid UTF-8", location: path)
        }
        do {
            return try Mnemonic(phrase: text)
        } catch {
            throw error.at(error.location.map { "\(path): \($0)" } ?? path)
        }
    }

    /// Reads and parses a keystore file (decrypt it with `Keystore.decrypt(password:)`).
    public static func keystore(fromFile path: String) throws(KeysError) -> Keystore {
        let contents = try readFile(path, limit: maxKeystoreFileSize, requirePrivate: false)
        do {
            return try Keystore(json: contents)
        } catch {
            // Keep the JSON path; prefix it with the file.
            throw error.at(error.location.map { "\(path): \($0)" } ?? path)
        }
    }

    /// Reads a whole regular file of at most `limit` bytes through one descriptor (the checks
    /// apply to the file actually read, not to a path that could change in between). Symbolic
    /// links, directories, FIFOs and devices are refused (`file_not_regular`) without blocking.
    static func readFile(_ path: String, limit: Int, requirePrivate: Bool) throws(KeysError) -> [UInt8] {
        // O_NOFOLLOW: a symbolic link is refused (a secret is read from the file named, not from
        // wherever a link points now). O_NONBLOCK: opening a FIFO does not wait for a writer (it
        // is refused below as not a regular file); a regular file's reads ignore the flag.
        let fd: Int32
        do throws(SystemCallError) {
            fd = try SystemIO.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        } catch {
            let failure = error.number
            var info = stat()
            if failure == ELOOP || (lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK) {
                throw KeysError(
                    code: .fileNotRegular, message: "a symbolic link; give the path of the file itself", location: path)
            }
            throw KeysError(code: .fileUnreadable, message: "cannot open: \(errorText(failure))", location: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw KeysError(code: .fileUnreadable, message: "cannot stat: \(errorText(errno))", location: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "a directory" : (info.st_mode & S_IFMT) == S_IFIFO ? "a FIFO" : "not a regular file"
            throw KeysError(code: .fileNotRegular, message: "\(kind); a regular file is required", location: path)
        }
        let mode = UInt32(info.st_mode) & 0o7777
        if requirePrivate && mode & 0o077 != 0 {
            throw KeysError(
                code: .insecureFilePermissions,
                message: "the file is accessible by group or others (mode \(octal(mode))); restrict it with chmod 600",
                location: path)
        }
        guard Int(info.st_size) <= limit else {
            throw KeysError(code: .fileTooLarge, message: "larger than \(limit) bytes", location: path)
        }
        // One byte more than the limit: reading it shows the file grew past the limit.
        var out = [UInt8](repeating: 0, count: limit + 1)
        var total = 0
        do throws(SystemCallError) {
            total = try SystemIO.read(fd, into: &out)
        } catch {
            LibCrypto.cleanse(&out)
            throw KeysError(code: .fileUnreadable, message: "read failed: \(error.text)", location: path)
        }
        guard total <= limit else {
            LibCrypto.cleanse(&out)
            throw KeysError(code: .fileTooLarge, message: "larger than \(limit) bytes", location: path)
        }
        let contents = Array(out[0..<total])
        LibCrypto.cleanse(&out)
        return contents
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
