import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Outputs that cannot be delivered, output files that must not be replaced, argument bytes,
/// and the usage errors of individual commands.
@Suite struct OutputSafetyTests {
    static let keyHex = PlanCommandTests.keyHex

    /// A scratch folder with a plan, its key (0600) and the inputs of the commands checked here.
    struct Fixture {
        let scratch: Scratch
        let plan: String
        let key: String
        let raw: String

        init() throws {
            scratch = try Scratch()
            plan = try scratch.write("plan.json", PlanCommandTests.plan(actions: PlanCommandTests.harvest), mode: 0o644)
            key = try scratch.write("key.hex", OutputSafetyTests.keyHex + "\n")
            let signed = try RawCLI.run(["tx", "sign", "--private-key-file", key], stdin: Array((TxTest.goodLine(nonce: 0) + "\n").utf8))
            #expect(signed.result.status == 0, "\(signed.result.stderr)")
            raw = signed.result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Every command that prints something, with what it needs: (arguments, stdin).
        var printingCommands: [(args: [String], stdin: [UInt8]?)] {
            [
                (["tx", "sign", "--private-key-file", key], Array((TxTest.goodLine(nonce: 0) + "\n").utf8)),
                (["plan", "build", plan, "--private-key-file", key], nil),
                (["plan", "check", plan], nil),
                (["audit", raw], nil),
                (["tx", "decode", raw], nil),
                (["wallet", "sign-message", "hello", "--private-key-file", key], nil),
                (["keccak", "abc"], nil),
                (["rlp", "decode", "0xc0"], nil),
                (["plan", "check", plan, "--json"], nil),
                (["--help"], nil),
            ]
        }
    }

    // MARK: Outputs that cannot be delivered

    /// A full device: every command fails with exit status 1 and says so on stderr. (Linux has
    /// /dev/full; other systems have no such device.)
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullDeviceIsAnError() throws {
        let f = try Fixture()
        for (args, stdin) in f.printingCommands {
            let normal = try RawCLI.run(args, stdin: stdin)
            #expect(normal.result.status == 0 && !normal.result.stdout.isEmpty, "\(args): \(normal.result.stderr)")
            let full = try RawCLI.run(args, stdin: stdin, stdout: .deviceFull)
            #expect(full.result.status == 1, "\(args): \(full.result.status)")
            #expect(full.result.stderr.contains("[write_failed]") && full.result.stderr.contains("(at stdout)"), "\(args): \(full.result.stderr)")
            #expect(!full.result.stderr.contains(Self.keyHex))
        }
    }

    /// A pipe nobody reads: exit status 1, `broken_pipe` on stderr, no crash by SIGPIPE.
    @Test func closedPipeIsAnError() throws {
        let f = try Fixture()
        for (args, stdin) in f.printingCommands {
            let r = try RawCLI.run(args, stdin: stdin, stdout: .closedPipe)
            #expect(!r.result.signaled, "\(args)")
            #expect(r.result.status == 1, "\(args): \(r.result.status)")
            #expect(r.result.stderr.contains("[broken_pipe]"), "\(args): \(r.result.stderr)")
        }
    }

    /// `tx sign` into a closed pipe stops before signing: far faster than signing everything.
    @Test func txSignStopsAtAClosedPipe() throws {
        let f = try Fixture()
        let lines = (0..<8000).map { TxTest.goodLine(nonce: $0) }.joined(separator: "\n") + "\n"
        let args = ["tx", "sign", "--private-key-file", f.key, "--jobs", "1"]
        let normal = try RawCLI.run(args, stdin: Array(lines.utf8))
        #expect(normal.result.status == 0)
        #expect(normal.result.stdout.split(separator: "\n").count == 8000)
        let closed = try RawCLI.run(args, stdin: Array(lines.utf8), stdout: .closedPipe)
        #expect(closed.result.status == 1)
        #expect(closed.result.stderr.contains("[broken_pipe]"))
        // Only the first pass (parsing) is done: no signing, no verification by recovery (about
        // a fifth of the processor time of the whole run).
        #expect(closed.cpuSeconds < normal.cpuSeconds * 0.5, "closed pipe \(closed.cpuSeconds) s, normal \(normal.cpuSeconds) s of CPU")
    }

    /// A reader that goes away after the first lines (`| head -1`): the chunks after it are
    /// not signed; the command stops with `broken_pipe` (chunks of 4 KiB here, 16 MiB normally).
    @Test func txSignStopsWhenTheReaderLeaves() throws {
        let f = try Fixture()
        let lines = (0..<8000).map { TxTest.goodLine(nonce: $0) }.joined(separator: "\n") + "\n"
        let args = ["tx", "sign", "--private-key-file", f.key, "--jobs", "1"]
        let env = ["BALLAST_TX_SIGN_CHUNK_BYTES": "4096"]
        let normal = try RawCLI.run(args, stdin: Array(lines.utf8), environment: env)
        #expect(normal.result.status == 0)
        let r = try RawCLI.run(args, stdin: Array(lines.utf8), stdout: .readThenClose(1), environment: env)
        #expect(!r.result.signaled)
        #expect(r.result.status == 1 && r.result.stderr.contains("[broken_pipe]"), "\(r.result.status) \(r.result.stderr)")
        // The first pass parses everything; of the second, only the first chunks are signed.
        #expect(r.cpuSeconds < normal.cpuSeconds * 0.6, "reader gone: \(r.cpuSeconds) s, normal \(normal.cpuSeconds) s of CPU")
    }

    // MARK: Output files

    /// The key file given as the output: refused, and the key is intact.
    @Test func planBuildNeverReplacesItsKeyFile() throws {
        let f = try Fixture()
        for extra in [[], ["--force"]] {
            let r = try RawCLI.run(["plan", "build", f.plan, "--private-key-file", f.key, "--out", f.key] + extra)
            #expect(r.result.status == 1, "\(extra): \(r.result.stderr)")
            #expect(r.result.stdout.isEmpty)
            #expect(r.result.stderr.contains("[output_is_input]"), "\(r.result.stderr)")
            #expect(f.scratch.read("key.hex") == Self.keyHex + "\n")
        }
        #expect(f.scratch.entries() == ["key.hex", "plan.json"])
    }

    @Test func planBuildOutputFile() throws {
        let f = try Fixture()
        let old = umask(0o022)
        defer { umask(old) }
        let out = f.scratch.path("signed.txt")
        let r = try RawCLI.run(["plan", "build", f.plan, "--private-key-file", f.key, "--out", out])
        #expect(r.result.status == 0 && r.result.stdout.isEmpty, "\(r.result.stderr)")
        #expect(f.scratch.mode("signed.txt") == 0o600)
        let first = f.scratch.read("signed.txt")
        #expect(first?.hasPrefix("0x02") == true)
        // Existing: refused without --force, replaced with it.
        try f.scratch.write("signed.txt", "old\n", mode: 0o644)
        let again = try RawCLI.run(["plan", "build", f.plan, "--private-key-file", f.key, "--out", out])
        #expect(again.result.status == 1 && again.result.stderr.contains("[file_exists]"))
        #expect(f.scratch.read("signed.txt") == "old\n")
        let forced = try RawCLI.run(["plan", "build", f.plan, "--private-key-file", f.key, "--out", out, "--force"])
        #expect(forced.result.status == 0, "\(forced.result.stderr)")
        #expect(f.scratch.read("signed.txt") == first)
        #expect(f.scratch.mode("signed.txt") == 0o600)
        // A missing folder: exit 1, the folder named.
        let missing = try RawCLI.run(["plan", "build", f.plan, "--private-key-file", f.key, "--out", f.scratch.path("nowhere/out")])
        #expect(missing.result.status == 1 && missing.result.stderr.contains("[directory_missing]"), "\(missing.result.stderr)")
        #expect(missing.result.stderr.contains("nowhere"))
        #expect(f.scratch.entries() == ["key.hex", "plan.json", "signed.txt"])
    }

    /// A symbolic link, a FIFO and a directory are never written, with or without --force
    /// (a FIFO stands for /dev/null and other special files here).
    @Test func outputFilesMustBeRegular() throws {
        let f = try Fixture()
        let target = try f.scratch.write("target", "target\n")
        #expect(symlink(target, f.scratch.path("link")) == 0)
        #expect(mkfifo(f.scratch.path("fifo"), 0o600) == 0)
        try FileManager.default.createDirectory(atPath: f.scratch.path("dir"), withIntermediateDirectories: false)
        let keystorePassword = try f.scratch.write("password", "pw\n")
        for name in ["link", "fifo", "dir"] {
            for extra in [[], ["--force"]] {
                let out = f.scratch.path(name)
                let runs: [[String]] = [
                    ["plan", "build", f.plan, "--private-key-file", f.key, "--out", out],
                    ["wallet", "keystore", "encrypt", "--private-key-file", f.key, "--password-file", keystorePassword,
                     "--kdf", "pbkdf2", "--pbkdf2-iterations", "1", "--out", out],
                    ["wallet", "new", "--private-key-out", out],
                ]
                for args in runs {
                    let r = try RawCLI.run(args + extra, timeout: 20)
                    #expect(!r.timedOut, "\(args)")
                    #expect(r.result.status == 1 && r.result.stderr.contains("[file_not_regular]"), "\(args + extra): \(r.result.stderr)")
                    #expect(r.result.stdout.isEmpty)
                }
            }
        }
        #expect(f.scratch.read("target") == "target\n")
        #expect(f.scratch.entries() == ["dir", "fifo", "key.hex", "link", "password", "plan.json", "target"])
    }

    // MARK: Argument bytes

    /// Invalid UTF-8 in an argument is refused (never replaced by U+FFFD and signed or hashed).
    @Test func invalidUTF8ArgumentsAreRefused() throws {
        let f = try Fixture()
        let cafe: [UInt8] = Array("caf".utf8) + [0xE9]
        let cases: [[[UInt8]]] = [
            [Array("wallet".utf8), Array("sign-message".utf8), cafe, Array("--private-key-file".utf8), Array(f.key.utf8)],
            [Array("calldata".utf8), Array("f(string)".utf8), cafe],
            [Array("abi-encode".utf8), Array("(string)".utf8), cafe],
            [Array("keccak".utf8), cafe],
        ]
        for args in cases {
            let r = try RawCLI.run(args)
            #expect(r.result.status == 1, "\(r.result.stderr)")
            #expect(r.result.stdout.isEmpty)
            #expect(r.result.stderr.contains("[bad_utf8]") && r.result.stderr.contains("(at argument \(args.count == 2 ? 2 : 3))"), "\(r.result.stderr)")
            #expect(r.result.stderr.contains("byte 3"))
        }
        // The value of an option is named, also with --json (then on stdout).
        let r = try RawCLI.run([Array("keccak".utf8), Array("--file".utf8), cafe, Array("--json".utf8)])
        #expect(r.result.status == 1)
        #expect(r.result.stdout.contains(#""code":"bad_utf8""#) && r.result.stdout.contains("the value of --file"), "\(r.result.stdout)")
        // Valid UTF-8 text is signed as its bytes.
        let ok = try RawCLI.run(["keccak", "café"])
        #expect(ok.result.status == 0)
    }

    // MARK: Usage errors and small rules

    @Test func usageErrorsExit2() throws {
        let f = try Fixture()
        let cases: [[String]] = [
            ["keccak"], ["rlp", "decode"], ["rlp", "encode"], ["abi-decode", "(uint256)"],
            ["decode-calldata"], ["decode-calldata", "f(uint256)", "0x00", "0x00"],
            ["tx", "decode"], ["tx", "decode", f.raw, "--file", f.plan],
            ["tx", "build", "--chain-id", "1", "--to", TxTest.to, "--gas-limit", "21000", "--max-fee-per-gas", "1",
             "--max-priority-fee-per-gas", "1", "--private-key-file", f.key],
        ]
        for args in cases {
            let r = try RawCLI.run(args)
            #expect(r.result.status == 2, "\(args): \(r.result.status) \(r.result.stderr)")
            #expect(r.result.stdout.isEmpty, "\(args)")
            #expect(r.result.stderr.contains("Usage:") || r.result.stderr.contains("USAGE:"), "\(args): \(r.result.stderr)")
        }
    }

    /// Password and passphrase files are refused, like key files, when group or others may read them.
    @Test func passwordFilesMustBePrivate() throws {
        let f = try Fixture()
        let keystoreJSON = try KeyVectors.keystoreJSON("pbkdf2-1")
        let keystore = try f.scratch.write("keystore.json", keystoreJSON, mode: 0o644)
        let password = try f.scratch.write("password", "one\n", mode: 0o644)
        let r = try RawCLI.run(["wallet", "address", "--keystore", keystore, "--password-file", password])
        #expect(r.result.status == 1 && r.result.stderr.contains("[insecure_file_permissions]") && r.result.stderr.contains(password), "\(r.result.stderr)")
        #expect(chmod(password, 0o600) == 0)
        let ok = try RawCLI.run(["wallet", "address", "--keystore", keystore, "--password-file", password])
        #expect(ok.result.status == 0, "\(ok.result.stderr)")
        let mnemonic = try f.scratch.write("mnemonic", KeyOptionsTests.abandon + "\n")
        let passphrase = try f.scratch.write("passphrase", "TREZOR\n", mode: 0o640)
        let m = try RawCLI.run(["wallet", "address", "--mnemonic-file", mnemonic, "--mnemonic-passphrase-file", passphrase])
        #expect(m.result.status == 1 && m.result.stderr.contains("[insecure_file_permissions]"), "\(m.result.stderr)")
    }

    /// An empty audit input is an error, not a pass (a failed upstream command in a pipe).
    @Test func auditOfNothingIsAnError() throws {
        for input in ["", "\n\n", "  \n"] {
            let r = try RawCLI.run(["audit"], stdin: Array(input.utf8))
            #expect(r.result.status == 1 && r.result.stdout.isEmpty, "\(r.result.stdout)")
            #expect(r.result.stderr.contains("[no_transactions]") && r.result.stderr.contains("(at stdin)"), "\(r.result.stderr)")
        }
    }

    /// EIP-7702: an authorization nonce must be below 2^64 - 1.
    @Test func signAuthNonceCeiling() throws {
        let f = try Fixture()
        let base = ["wallet", "sign-auth", "--chain-id", "1", "--address", TxTest.to, "--private-key-file", f.key, "--nonce"]
        let max = try RawCLI.run(base + ["18446744073709551615"])
        #expect(max.result.status == 1 && max.result.stderr.contains("[nonce_too_large]") && max.result.stderr.contains("(at --nonce)"))
        let below = try RawCLI.run(base + ["18446744073709551614"])
        #expect(below.result.status == 0, "\(below.result.stderr)")
    }

    @Test func forkHelpShowsTheName() throws {
        for args in [["tx", "sign", "--help"], ["plan", "build", "--help"]] {
            let r = try RawCLI.run(args)
            let help = r.result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
            #expect(help.contains("default: prague)"), "\(args)")
            #expect(!help.contains("default: 3"))
        }
    }
}
