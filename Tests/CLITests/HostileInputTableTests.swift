import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every command that reads input × every class of hostile input, as one table.
///
/// Each row of `HostileTable.commands` is a command with the kind of input it reads and a valid
/// input; each `HostileClass` turns (kind, valid input) into a hostile input, or says it does
/// not apply. Then `extraCases` adds the cases tied to files rather than contents (a keystore
/// with n = 2^30, `--out` that is a symbolic link or in a missing folder, key files that are
/// symbolic links, FIFOs or directories).
///
/// A refused case must: exit 1, print nothing on stdout, print one `error: … (at WHERE) [code]`
/// line naming where (a byte offset, a line, a JSON path, a file), and (for duplicate keys)
/// name the key. Empty revert data is valid for `decode-error`, and an empty JSON Lines input
/// signs nothing for `tx sign` (exit 0, nothing printed). Every case must: end within `timeLimit`, not crash, and never show the key or
/// the password. An accepted case (`accepts`) must exit 0; CRLF line ends must give exactly the
/// output of LF line ends.
///
/// Sizes: the long line is 16 MiB (not the 100 MB of the worst case) so that the table stays a
/// few seconds long on a debug build; the per-byte paths are the same at any size and the
/// readers' own limits (`input_too_large` at 256 MiB, 64 MiB a line for `tx sign`) are tested
/// where they are defined.
@Suite struct HostileInputTableTests {
    static let keyHex = PlanCommandTests.keyHex
    static let password = "table password 7f3a"
    /// Under `make sanitize` (scripts/sanitize.sh sets BALLAST_SANITIZER): the binaries run 2–15×
    /// slower, and AddressSanitizer's shadow memory and the instrumented test runner (counted at
    /// the spawn, below) make resident sizes several times larger, so the bounds scale with them.
    static let sanitized = !(ProcessInfo.processInfo.environment["BALLAST_SANITIZER"] ?? "").isEmpty
    /// Seconds a case may take (a debug build on a loaded machine; release runs take far less).
    static let timeLimit = sanitized ? 100.0 : 20.0
    static let longLineBytes = 16 << 20
    /// Peak memory a case may use (the largest input is the 16 MiB long line). Measured by
    /// wait4's ru_maxrss, which on Linux also counts the test runner's own resident size at the
    /// spawn (the maximum is kept across exec): an upper bound of the command's peak.
    static let memoryLimit = sanitized ? 4 << 30 : 512 << 20

    enum Kind {
        /// Hex bytes (`0x…`), whitespace around allowed.
        case hex
        /// One JSON document.
        case json
        /// JSON Lines (one transaction object a line).
        case jsonLines
        /// Any bytes at all (hashed or signed as given).
        case bytes
    }

    enum HostileClass: String, CaseIterable {
        case empty, whitespace, bom, crlf, invalidUTF8, nul, longLine, deepJSON, hugeNumber, nonIntegerNumber,
             negativeZero, duplicateKey, oddHex

        /// The hostile input for a command of `kind` whose valid input is `valid`, or nil when
        /// the class does not apply to that kind.
        func input(kind: Kind, valid: String, numberField: String?) -> [UInt8]? {
            switch self {
            case .empty: return []
            case .whitespace: return Array(" \t\n  \r\n\n".utf8)
            case .bom: return [0xEF, 0xBB, 0xBF] + Array(valid.utf8)
            case .crlf: return Array(valid.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            case .invalidUTF8:
                switch kind {
                case .hex: return Array("0x12".utf8) + [0xC3, 0x28] + Array("34\n".utf8)
                case .json, .jsonLines: return Array(#"{"a":""#.utf8) + [0xFF, 0xFE] + Array("\"}\n".utf8)
                case .bytes: return [0x63, 0x61, 0x66, 0xE9]
                }
            case .nul:
                switch kind {
                case .hex: return Array("0x12".utf8) + [0] + Array("34\n".utf8)
                case .json, .jsonLines: return Array(valid.utf8) + [0] + Array("\n".utf8)
                case .bytes: return [0, 0, 0]
                }
            case .longLine:
                switch kind {
                case .hex: return Array("0x".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: longLineBytes) + [0x0A]
                case .json, .jsonLines:
                    return Array("[\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: longLineBytes) + Array("\"]\n".utf8)
                case .bytes: return [UInt8](repeating: UInt8(ascii: "a"), count: longLineBytes)
                }
            case .deepJSON:
                guard kind == .json || kind == .jsonLines else { return nil }
                return [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
            case .hugeNumber, .nonIntegerNumber, .negativeZero:
                guard kind == .json || kind == .jsonLines, let numberField else { return nil }
                let number = self == .hugeNumber ? "1e400" : self == .nonIntegerNumber ? "1.0" : "-0"
                return Array(Self.replacingNumber(numberField, in: valid, with: number).utf8)
            case .duplicateKey:
                guard kind == .json || kind == .jsonLines, let numberField else { return nil }
                return Array(Self.replacingNumber(numberField, in: valid, with: "1,\"\(numberField)\":2").utf8)
            case .oddHex:
                guard kind == .hex else { return nil }
                return Array("0x123\n".utf8)
            }
        }

        /// `valid` with the first `"field":NUMBER` given another value text.
        static func replacingNumber(_ field: String, in valid: String, with value: String) -> String {
            guard let range = valid.range(of: "\"\(field)\":") else { return valid }
            var end = range.upperBound
            while end < valid.endIndex, "0123456789".contains(valid[end]) { end = valid.index(after: end) }
            return valid.replacingCharacters(in: range.upperBound..<end, with: value)
        }
    }

    /// One command that reads input: `args(path)` runs it on the input file at `path`.
    struct Command {
        let name: String
        let kind: Kind
        let valid: String
        /// A JSON number field of `valid` the number and duplicate-key classes change.
        var numberField: String? = nil
        /// The classes this command accepts (exit 0): the input is valid for it.
        var accepts: Set<HostileClass> = [.crlf]
        /// The input goes to standard input (the arguments then name `-`), not to a file.
        var viaStdin = false
        let args: (String) -> [String]
    }

    struct Fixture {
        let scratch: Scratch
        let key: String
        let passwordFile: String
        let raw: String
        let plan: String

        init() throws {
            scratch = try Scratch()
            key = try scratch.write("key.hex", HostileInputTableTests.keyHex + "\n")
            passwordFile = try scratch.write("password", HostileInputTableTests.password + "\n")
            let signed = try RawCLI.run(["tx", "sign", "--private-key-file", key], stdin: Array((TxTest.goodLine(nonce: 0) + "\n").utf8))
            raw = signed.result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            plan = try scratch.write("plan-for-policy.json", PlanCommandTests.plan(actions: PlanCommandTests.harvest))
        }
    }

    /// A signing policy the table's plan complies with (docs/policy.md).
    static let policy = #"{"version":1,"# + "\n" + #""maxTransactions":5}"# + "\n"

    static func commands(_ f: Fixture) -> [Command] {
        let plan = PlanCommandTests.plan(actions: PlanCommandTests.harvest) + "\n"
        let word = String(repeating: "00", count: 31) + "2a"
        let txLines = TxTest.goodLine(nonce: 0) + "\n" + TxTest.goodLine(nonce: 1) + "\n"
        let anything: Set<HostileClass> = [.empty, .whitespace, .bom, .crlf, .invalidUTF8, .nul, .longLine]
        return [
            Command(name: "keccak", kind: .bytes, valid: "abc\n", accepts: anything) { ["keccak", "--file", $0] },
            Command(name: "wallet sign-message", kind: .bytes, valid: "hello\n", accepts: anything) {
                ["wallet", "sign-message", "--file", $0, "--private-key-file", f.key]
            },
            Command(name: "rlp decode", kind: .hex, valid: "0xc20102\n") { ["rlp", "decode", "--file", $0] },
            Command(name: "rlp encode", kind: .json, valid: "[\"0x01\",\n[2]]\n", numberField: nil) { ["rlp", "encode", "--file", $0] },
            Command(name: "abi-decode", kind: .hex, valid: "0x\(word)\n") { ["abi-decode", "(uint256)", "--file", $0] },
            Command(name: "tx decode", kind: .hex, valid: f.raw + "\n") { ["tx", "decode", "--file", $0] },
            Command(name: "tx sign", kind: .jsonLines, valid: txLines, numberField: "nonce", accepts: [.crlf, .empty, .whitespace]) {
                ["tx", "sign", "--input", $0, "--private-key-file", f.key]
            },
            Command(name: "audit", kind: .hex, valid: f.raw + "\n") { ["audit", $0] },
            Command(name: "plan check", kind: .json, valid: plan, numberField: "nonce") { ["plan", "check", $0] },
            Command(name: "plan build", kind: .json, valid: plan, numberField: "nonce") {
                ["plan", "build", $0, "--private-key-file", f.key]
            },
            Command(name: "eip712-hash", kind: .json, valid: Self.typedData, numberField: "chainId") { ["eip712-hash", $0] },
            Command(name: "keystore", kind: .json, valid: Self.keystore, numberField: "version") {
                ["wallet", "address", "--keystore", $0, "--password-file", f.passwordFile]
            },
            Command(name: "wallet sign-typed-data", kind: .json, valid: Self.typedData, numberField: "chainId") {
                ["wallet", "sign-typed-data", $0, "--private-key-file", f.key]
            },
            Command(name: "plan check --policy", kind: .json, valid: Self.policy, numberField: "version") {
                ["plan", "check", f.plan, "--policy", $0]
            },
            Command(name: "decode-error (stdin)", kind: .hex, valid: "0x4e487b71" + word + "\n", accepts: [.crlf, .empty, .whitespace], viaStdin: true) { _ in ["decode-error", "-"] },
            Command(name: "rlp decode (stdin)", kind: .hex, valid: "0xc20102\n", viaStdin: true) { _ in ["rlp", "decode", "-"] },
            Command(name: "audit (stdin)", kind: .hex, valid: f.raw + "\n", viaStdin: true) { _ in ["audit"] },
            Command(name: "tx sign (stdin)", kind: .jsonLines, valid: txLines, numberField: "nonce", accepts: [.crlf, .empty, .whitespace],
                    viaStdin: true) { _ in ["tx", "sign", "--private-key-file", f.key] },
            Command(name: "plan check (stdin)", kind: .json, valid: plan, numberField: "nonce", viaStdin: true) { _ in ["plan", "check", "-"] },
        ]
    }

    /// A pbkdf2 (c = 1) keystore of the table's key under the table's password (written by the
    /// table itself with `wallet keystore encrypt`; see `keystoreText`).
    nonisolated(unsafe) static var keystore = ""

    static let typedData = #"""
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"}],
        "Mail":[{"name":"contents","type":"string"}]},"primaryType":"Mail",
        "domain":{"name":"Ether Mail","chainId":1},"message":{"contents":"Hello"}}
        """# + "\n"

    struct Case {
        let name: String
        let args: [String]
        let stdin: [UInt8]?
        let accepted: Bool
        /// Text the error must contain besides `(at `: the key of a duplicate, a file, …
        var mentions: [String] = []
        /// For CRLF: the arguments of the LF twin whose output must be the same.
        var twin: [String]? = nil
        var twinStdin: [UInt8]? = nil
    }

    @Test func hostileInputTable() throws {
        let f = try Fixture()
        // The keystore row's valid input: our key, encrypted by the command under test's sibling.
        let ksPath = f.scratch.path("made.json")
        let made = try RawCLI.run(["wallet", "keystore", "encrypt", "--private-key-file", f.key, "--password-file", f.passwordFile,
                                   "--kdf", "pbkdf2", "--pbkdf2-iterations", "1", "--out", ksPath])
        #expect(made.result.status == 0, "\(made.result.stderr)")
        Self.keystore = (f.scratch.read("made.json") ?? "").replacingOccurrences(of: ",", with: ",\n")

        var cases: [Case] = []
        for command in Self.commands(f) {
            for hostile in HostileClass.allCases {
                guard let input = hostile.input(kind: command.kind, valid: command.valid, numberField: command.numberField) else { continue }
                let file = f.scratch.path("\(command.name.replacingOccurrences(of: " ", with: "-"))-\(hostile.rawValue)")
                try f.scratch.write((file as NSString).lastPathComponent, Data(input))
                var c = Case(name: "\(command.name) × \(hostile.rawValue)", args: command.args(file),
                             stdin: command.viaStdin ? input : nil, accepted: command.accepts.contains(hostile))
                if hostile == .duplicateKey, let field = command.numberField { c.mentions = ["\"\(field)\""] }
                if hostile == .crlf && command.kind != .bytes {
                    let lf = f.scratch.path("\(command.name.replacingOccurrences(of: " ", with: "-"))-lf")
                    try f.scratch.write((lf as NSString).lastPathComponent, command.valid)
                    c.twin = command.args(lf)
                    if command.viaStdin { c.twinStdin = Array(command.valid.utf8) }
                }
                cases.append(c)
            }
        }
        cases += try Self.extraCases(f)
        let table = cases

        // Two cases at a time (the machine's cores); results checked in order afterwards.
        let results = UnsafeMutableBufferPointer<RawCLI.Result?>.allocate(capacity: table.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let shared = Shared(results: results)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in stride(from: worker, to: table.count, by: 2) {
                shared.results[i] = try? RawCLI.run(table[i].args, stdin: table[i].stdin, timeout: Self.timeLimit * 2)
            }
        }
        for (i, c) in table.enumerated() {
            guard let run = results[i] else {
                Issue.record("\(c.name): could not run")
                continue
            }
            let r = run.result
            let out = r.stdout, err = r.stderr
            #expect(!r.signaled, "\(c.name): crashed")
            #expect(run.seconds < Self.timeLimit, "\(c.name): \(run.seconds) s")
            #expect(run.peakMemoryBytes < Self.memoryLimit, "\(c.name): peak \(run.peakMemoryBytes >> 20) MiB")
            if ProcessInfo.processInfo.environment["BALLAST_TABLE_REPORT"] != nil {
                print("table: \(c.name): exit \(r.status), \(String(format: "%.2f", run.seconds)) s, \(run.peakMemoryBytes >> 20) MiB")
            }
            for secret in [Self.keyHex, Self.password] {
                #expect(!out.contains(secret) && !err.contains(secret), "\(c.name): a secret was printed")
            }
            if c.accepted {
                #expect(r.status == 0, "\(c.name): \(r.status) \(err)")
                if let twin = c.twin {
                    let lf = try RawCLI.run(twin, stdin: c.twinStdin)
                    // (An output naming its input file names the -crlf file where the twin names the -lf one.)
                    #expect(lf.result.status == 0 && lf.result.stdout == out.replacingOccurrences(of: "-crlf", with: "-lf"),
                            "\(c.name): CRLF and LF outputs differ")
                }
            } else {
                #expect(r.status == 1, "\(c.name): exit \(r.status): \(err.prefix(300))")
                #expect(out.isEmpty, "\(c.name): stdout \(out.prefix(200))")
                #expect(err.hasPrefix("error: ") && err.contains(" (at "), "\(c.name): \(err.prefix(300))")
                for text in c.mentions { #expect(err.contains(text), "\(c.name): \(err.prefix(300)) lacks \(text)") }
            }
        }
    }

    /// The cases about files rather than contents.
    static func extraCases(_ f: Fixture) throws -> [Case] {
        var cases: [Case] = []
        let s = f.scratch
        // ABI offset bombs: an offset or a length of 2^256 - 1, and one just past the data.
        let ff = String(repeating: "f", count: 64)
        let word = { (n: Int) in String(repeating: "0", count: 64 - String(n, radix: 16).count) + String(n, radix: 16) }
        for (name, hex) in [("offset 2^256-1", "0x" + ff), ("length 2^256-1", "0x" + word(32) + ff),
                            ("offset past the end", "0x" + word(4096)), ("array length 2^64", "0x" + word(32) + "0000000000000000000000000000000000000000000000010000000000000000")] {
            let file = try s.write("abi-\(cases.count)", hex + "\n")
            cases.append(Case(name: "abi-decode × ABI \(name)", args: ["abi-decode", "(bytes)", "--file", file], stdin: nil, accepted: false))
            cases.append(Case(name: "decode-calldata × ABI \(name)", args: ["decode-calldata", "f(bytes)", "0x" + "d45754f8" + hex.dropFirst(2)],
                              stdin: nil, accepted: false))
        }
        // RLP length bombs: a string and a list claiming 2^64 - 1 bytes, and 4 GiB.
        for (name, hex) in [("string 2^64-1", "0xbfffffffffffffffff00"), ("list 2^64-1", "0xffffffffffffffffff00"),
                            ("list 4 GiB", "0xfb0100000000c0")] {
            let file = try s.write("rlp-\(cases.count)", hex + "\n")
            cases.append(Case(name: "rlp decode × RLP \(name)", args: ["rlp", "decode", "--file", file], stdin: nil, accepted: false))
            cases.append(Case(name: "tx decode × RLP \(name)", args: ["tx", "decode", "0x02" + hex.dropFirst(2)], stdin: nil, accepted: false))
        }
        // A keystore with scrypt n = 2^30: refused at once, nothing derived or allocated.
        let heavy = Self.keystoreWithScrypt(n: 1 << 30)
        let heavyFile = try s.write("scrypt-2-30.json", heavy)
        cases.append(Case(name: "keystore × scrypt n=2^30", args: ["wallet", "address", "--keystore", heavyFile, "--password-file", f.passwordFile],
                          stdin: nil, accepted: false, mentions: [heavyFile]))
        // --out that is a symbolic link or in a missing folder.
        let plan = try s.write("plan.json", PlanCommandTests.plan(actions: PlanCommandTests.harvest))
        let victim = try s.write("victim", "victim\n")
        #expect(symlink(victim, s.path("out-link")) == 0)
        for out in [s.path("out-link"), s.path("missing/out")] {
            cases.append(Case(name: "plan build × --out \(out.hasSuffix("link") ? "symlink" : "missing folder")",
                              args: ["plan", "build", plan, "--private-key-file", f.key, "--out", out, "--force"], stdin: nil,
                              accepted: false, mentions: [out]))
            cases.append(Case(name: "keystore encrypt × --out \(out.hasSuffix("link") ? "symlink" : "missing folder")",
                              args: ["wallet", "keystore", "encrypt", "--private-key-file", f.key, "--password-file", f.passwordFile,
                                     "--kdf", "pbkdf2", "--pbkdf2-iterations", "1", "--out", out, "--force"],
                              stdin: nil, accepted: false, mentions: [out]))
        }
        // Key, password and keystore files that are symbolic links, FIFOs or directories.
        #expect(symlink(f.key, s.path("key-link")) == 0)
        #expect(mkfifo(s.path("key-fifo"), 0o600) == 0)
        try FileManager.default.createDirectory(atPath: s.path("key-dir"), withIntermediateDirectories: false)
        for name in ["key-link", "key-fifo", "key-dir"] {
            let path = s.path(name)
            cases.append(Case(name: "tx sign × --private-key-file \(name)", args: ["tx", "sign", "--private-key-file", path],
                              stdin: Array((TxTest.goodLine(nonce: 0) + "\n").utf8), accepted: false, mentions: [path]))
            cases.append(Case(name: "wallet address × --keystore \(name)", args: ["wallet", "address", "--keystore", path, "--password-file", f.passwordFile],
                              stdin: nil, accepted: false, mentions: [path]))
            cases.append(Case(name: "wallet address × --password-file \(name)",
                              args: ["wallet", "address", "--keystore", s.path("made.json"), "--password-file", path],
                              stdin: nil, accepted: false, mentions: [path]))
            cases.append(Case(name: "wallet address × --mnemonic-file \(name)", args: ["wallet", "address", "--mnemonic-file", path],
                              stdin: nil, accepted: false, mentions: [path]))
        }
        return cases
    }

    /// A keystore whose scrypt cost is `n` (its other fields well formed).
    static func keystoreWithScrypt(n: Int) -> String {
        #"{"address":"008aeeda4d805471df9b2a5b0f38a0c3bcba786b","crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":\#(n),"r":8,"p":1,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}"#
    }
}

/// Results written at distinct indices by the table's workers.
private struct Shared: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<RawCLI.Result?>
}
