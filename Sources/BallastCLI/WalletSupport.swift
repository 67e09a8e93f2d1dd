import ArgumentParser
import Ballast

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Terminal prompts

/// Secrets typed on the controlling terminal (`/dev/tty`), with echo off.
enum Terminal {
    /// The longest secret read from the terminal.
    static let maxSecretBytes = 1 << 16

    /// Asks for a secret on `/dev/tty` when standard input is a terminal; otherwise throws `missing`
    /// (a script must give the secret in a file). Echo is restored afterwards, also when the
    /// process is interrupted while waiting.
    static func readSecret(prompt: String, missing: CLIError) throws -> [UInt8] {
        guard isatty(0) == 1 else { throw missing }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw missing }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { throw missing }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        TerminalRestore.arm(fd: fd, settings: saved)
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else {
            TerminalRestore.disarm()
            throw missing
        }
        defer {
            _ = tcsetattr(fd, TCSAFLUSH, &saved)
            TerminalRestore.disarm()
        }
        writeAll(fd, Array(prompt.utf8))
        var secret: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n: Int
            do throws(SystemCallError) {
                n = try SystemIO.readSome(fd, into: &byte, count: 1)
            } catch {
                LibCrypto.cleanse(&secret)
                throw CLIError(.terminalUnreadable, "could not read from the terminal")
            }
            if n == 0 || byte == UInt8(ascii: "\n") { break }
            secret.append(byte)
            if secret.count > maxSecretBytes {
                LibCrypto.cleanse(&secret)
                throw CLIError(.inputTooLarge, "the secret typed is longer than \(maxSecretBytes) bytes")
            }
        }
        if secret.last == UInt8(ascii: "\r") { secret.removeLast() }
        byte = 0
        return secret
    }

    /// Asks twice for a new secret and checks both answers are equal and not empty.
    static func readNewSecret(what: String, missing: CLIError) throws -> [UInt8] {
        var first = try readSecret(prompt: "New \(what): ", missing: missing)
        defer { LibCrypto.cleanse(&first) }
        var second = try readSecret(prompt: "Repeat the \(what): ", missing: missing)
        defer { LibCrypto.cleanse(&second) }
        guard first == second else { throw CLIError(.passwordMismatch, "the two \(what)s typed differ") }
        guard !first.isEmpty else { throw CLIError(.passwordEmpty, "an empty \(what) was typed") }
        return first
    }

    /// Best effort: a prompt that cannot be shown does not stop the reading.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        try? SystemIO.writeAll(fd, bytes)
    }
}

/// Restores the terminal's settings if SIGINT, SIGTERM or SIGHUP arrives while echo is off,
/// then lets the signal end the process as it would have.
private enum TerminalRestore {
    nonisolated(unsafe) static var fd: Int32 = -1
    nonisolated(unsafe) static var settings = termios()

    static func arm(fd: Int32, settings: termios) {
        Self.settings = settings
        Self.fd = fd
        for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, terminalRestoreHandler) }
    }

    static func disarm() {
        for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
        fd = -1
    }
}

private func terminalRestoreHandler(_ sig: Int32) {
    if TerminalRestore.fd >= 0 {
        _ = tcsetattr(TerminalRestore.fd, TCSAFLUSH, &TerminalRestore.settings)
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

// MARK: - Keystore KDF options

/// `--kdf` and its cost parameters, for the commands that write keystores.
struct KDFOptions: ParsableArguments {
    enum Name: String, ExpressibleByArgument, CaseIterable {
        case scrypt, pbkdf2
    }

    @Option(help: "Key derivation of the keystore written: scrypt (n=262144, r=8, p=1) or pbkdf2 (hmac-sha256, c=262144).")
    var kdf: Name = .scrypt

    @Option(name: .customLong("scrypt-n"), help: ArgumentHelp("With scrypt: the cost n, a power of two (default 262144).", valueName: "n"))
    var scryptN: Int?

    @Option(name: .customLong("pbkdf2-iterations"), help: ArgumentHelp("With pbkdf2: the iteration count c (default 262144).", valueName: "c"))
    var pbkdf2Iterations: Int?

    init() {}

    mutating func validate() throws {
        if scryptN != nil && kdf != .scrypt { throw ValidationError("--scrypt-n applies only with --kdf scrypt") }
        if pbkdf2Iterations != nil && kdf != .pbkdf2 { throw ValidationError("--pbkdf2-iterations applies only with --kdf pbkdf2") }
    }

    var value: Keystore.KDF {
        switch kdf {
        case .scrypt: return .scrypt(n: scryptN ?? 262_144, r: 8, p: 1)
        case .pbkdf2: return .pbkdf2(iterations: pbkdf2Iterations ?? 262_144)
        }
    }

    /// Whether any of these options was given (they then need a keystore to write).
    var given: Bool { kdf != .scrypt || scryptN != nil || pbkdf2Iterations != nil }
}

// MARK: - Small helpers

enum WalletText {
    /// `0x` + 64 lowercase hex digits of a key, as key files hold it (with a newline).
    static func keyFileContents(_ key: PrivateKey) -> [UInt8] {
        key.withUnsafeBytes { raw in
            var out = Array("0x".utf8)
            out.reserveCapacity(67)
            let digits = Array("0123456789abcdef".utf8)
            for b in raw {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
            out.append(UInt8(ascii: "\n"))
            return out
        }
    }

    static func address(of key: PrivateKey) throws -> Address {
        let bytes = try key.ethereumAddressBytes()
        guard let address = Address(bytes: bytes) else {
            throw CLIError(.internal, "the key's address has the wrong length")
        }
        return address
    }

    static func address(of signer: some Signer) throws -> Address {
        guard let address = Address(bytes: signer.addressBytes) else {
            throw CLIError(.internal, "the key's address has the wrong length")
        }
        return address
    }

    /// A password for a keystore being written: `--new-password-file`/`--password-file`, or two
    /// matching answers on the terminal.
    static func newKeystorePassword(file: String?, option: String) throws -> [UInt8] {
        if let file {
            let password = try KeySource.password(fromFile: file)
            guard !password.isEmpty else {
                throw CLIError(.passwordEmpty, "the password file is empty", at: file)
            }
            return password
        }
        return try Terminal.readNewSecret(
            what: "keystore password",
            missing: CLIError(
                .passwordRequired,
                "the keystore needs a password: give \(option) PATH (standard input is not a terminal to ask on)",
                at: option))
    }
}
