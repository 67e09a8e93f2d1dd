import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scratch folder for one test, removed when the value is dropped.
final class Scratch: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-wallet-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` with `mode` (set explicitly, whatever the umask).
    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        try write(name, Data(text.utf8), mode: mode)
    }

    @discardableResult
    func write(_ name: String, _ data: Data, mode: mode_t = 0o600) throws -> String {
        let p = path(name)
        try data.write(to: URL(fileURLWithPath: p))
        #expect(chmod(p, mode) == 0)
        return p
    }

    func read(_ name: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path(name)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    func mode(_ name: String) -> mode_t? {
        var info = stat()
        guard stat(path(name), &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// Every entry of the folder (temporary files left behind would show here).
    func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }
}

enum Wallet {
    /// Environment for runs that must not see a key in the environment (an empty
    /// BALLAST_PRIVATE_KEY counts as unset).
    static let noEnvironmentKey = ["BALLAST_PRIVATE_KEY": ""]

    /// Runs `ballast args…` and checks the house rules that hold for every run: no crash, and no
    /// secret (key hex in either case, with or without 0x; passwords; mnemonic words) in stdout
    /// or stderr.
    static func run(
        _ args: [String], secrets: [String] = [], stdin: Data? = nil, environment: [String: String] = noEnvironmentKey,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIResult {
        let r = try CLI.run(args, stdin: stdin, environment: environment)
        #expect(!r.signaled, "crashed: \(args)", sourceLocation: sourceLocation)
        for secret in secrets {
            for form in forms(of: secret) {
                #expect(!r.stdout.contains(form), "stdout shows a secret: \(args)", sourceLocation: sourceLocation)
                #expect(!r.stderr.contains(form), "stderr shows a secret: \(args)", sourceLocation: sourceLocation)
            }
        }
        return r
    }

    /// The spellings of a secret to look for.
    static func forms(of secret: String) -> [String] {
        var body = secret
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body.removeFirst(2) }
        return Array(Set([body, body.lowercased(), body.uppercased()]))
    }

    /// Expects failure with status 1, nothing on stdout and an error on stderr; then, with `--json`
    /// added, status 1 and exactly one error object on stdout. Returns the JSON error.
    @discardableResult
    static func expectInvalid(
        _ args: [String], secrets: [String] = [], stdin: Data? = nil, environment: [String: String] = noEnvironmentKey,
        code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        let r = try run(args, secrets: secrets, stdin: stdin, environment: environment, sourceLocation: sourceLocation)
        #expect(r.status == 1, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "\(args)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("error: "), "\(args)", sourceLocation: sourceLocation)
        let j = try run(args + ["--json"], secrets: secrets, stdin: stdin, environment: environment, sourceLocation: sourceLocation)
        #expect(j.status == 1, sourceLocation: sourceLocation)
        let error = errorObject(j.stdout)
        #expect(error != nil, "\(args): \(j.stdout)", sourceLocation: sourceLocation)
        #expect(error?["message"] is String, sourceLocation: sourceLocation)
        if let code { #expect(error?["code"] as? String == code, "\(args): \(j.stdout)", sourceLocation: sourceLocation) }
        return error ?? [:]
    }

    /// Expects a usage error: status 2, nothing on stdout.
    @discardableResult
    static func expectUsage(
        _ args: [String], secrets: [String] = [], environment: [String: String] = noEnvironmentKey,
        mentioning: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIResult {
        let r = try run(args, secrets: secrets, environment: environment, sourceLocation: sourceLocation)
        #expect(r.status == 2, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "\(args)", sourceLocation: sourceLocation)
        if let mentioning { #expect(r.stderr.contains(mentioning), "\(r.stderr)", sourceLocation: sourceLocation) }
        return r
    }

    /// The `{"error":{...}}` object of a --json failure (nil unless stdout is exactly that, one line).
    static func errorObject(_ stdout: String) -> [String: Any]? {
        guard stdout.hasSuffix("\n"), stdout.filter({ $0 == "\n" }).count == 1,
              let obj = try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], obj.count == 1
        else { return nil }
        return obj["error"] as? [String: Any]
    }

    static func object(_ stdout: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
    }
}

/// vectors/keys.json (eth-account 0.14.0): keystores and mnemonics.
struct KeyVectors: Decodable {
    struct Keystore: Decodable {
        let name: String
        let password: String
        let privateKey: String
        let address: String
    }
    struct Account: Decodable {
        let path: String
        let privateKey: String
        let address: String
    }
    struct MnemonicVector: Decodable {
        let mnemonic: String
        let passphrase: String
        let accounts: [Account]
    }
    let keystores: [Keystore]
    let mnemonics: [MnemonicVector]

    static let shared: KeyVectors = {
        do {
            return try Vectors.decode(KeyVectors.self, from: Vectors.project("keys.json"))
        } catch {
            fatalError("vectors/keys.json: \(error)")
        }
    }()

    /// A keystore's JSON text exactly as stored in the vector file.
    static func keystoreJSON(_ name: String) throws -> Data {
        let root = try Vectors.json(Vectors.project("keys.json")) as? [String: Any]
        let list = root?["keystores"] as? [[String: Any]] ?? []
        guard let entry = list.first(where: { $0["name"] as? String == name }), let json = entry["json"] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return try JSONSerialization.data(withJSONObject: json)
    }
}

/// vectors/messages.json (eth-account 0.14.0).
struct WalletMessageVectors: Decodable {
    struct Personal: Decodable {
        let privateKey: String
        let address: String
        let message: String
        let text: String?
        let hash: String
        let signature: String
    }
    struct Recover: Decodable {
        let name: String
        let message: String
        let signature: String
        let recovered: String?
        let lowS: Bool
        let standardV: Bool
    }
    struct TypedData: Decodable {
        let name: String
        let privateKey: String
        let address: String
        let digest: String
        let signature: String
    }
    let personal: [Personal]
    let recover: [Recover]
    let typedData: [TypedData]

    static let shared: WalletMessageVectors = {
        do {
            return try Vectors.decode(WalletMessageVectors.self, from: Vectors.project("messages.json"))
        } catch {
            fatalError("vectors/messages.json: \(error)")
        }
    }()

    /// The `data` document of a typed-data vector, as JSON text.
    static func typedDataDocument(_ index: Int) throws -> Data {
        let root = try Vectors.json(Vectors.project("messages.json")) as? [String: Any]
        let list = root?["typedData"] as? [[String: Any]] ?? []
        guard index < list.count, let data = list[index]["data"] else { throw CocoaError(.fileReadCorruptFile) }
        return try JSONSerialization.data(withJSONObject: data)
    }
}
