import Foundation
import Keys
import Secp256k1
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private temporary folder, removed at the end of the test.
final class TempDir {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `name` with `mode` and returns the path.
    func write(_ name: String, _ bytes: [UInt8], mode: mode_t) throws -> String {
        let file = path + "/" + name
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        #expect(chmod(file, mode) == 0)
        return file
    }

    func write(_ name: String, _ text: String, mode: mode_t) throws -> String {
        try write(name, Array(text.utf8), mode: mode)
    }
}

@Suite struct KeySourceTests {
    static let keyHex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let keyBytes = TestHex.decode(keyHex)!

    @Test func hexKeySyntax() throws {
        let accepted = [
            Self.keyHex, "0x" + Self.keyHex, "0X" + Self.keyHex, Self.keyHex.uppercased(),
            Self.keyHex + "\n", "0x" + Self.keyHex + "\r\n",
        ]
        for text in accepted {
            #expect(try KeySource.privateKey(hex: text).bytesCopy == Self.keyBytes)
        }
        let rejected = [
            "", "\n", "0x", Self.keyHex + "\n\n", Self.keyHex + " ", " " + Self.keyHex, Self.keyHex + "\r",
            Self.keyHex + "\n\r\n", String(Self.keyHex.dropLast()), Self.keyHex + "00", "0x0x" + Self.keyHex,
            String(Self.keyHex.dropLast()) + "g", "\t" + Self.keyHex, Self.keyHex + "\r\r\n",
        ]
        for text in rejected {
            expectKeysError("invalid_private_key_hex", at: "somewhere") { _ = try KeySource.privateKey(hex: text, location: "somewhere") }
        }
        expectKeysError("invalid_private_key") { _ = try KeySource.privateKey(hex: String(repeating: "0", count: 64)) }
        expectKeysError("invalid_private_key") { _ = try KeySource.privateKey(hex: String(repeating: "f", count: 64)) }
    }

    @Test func errorsNeverEchoTheKey() {
        let almost = String(Self.keyHex.dropLast()) + "z"
        for text in [almost, almost + "\n", Self.keyHex + "extra", "0x" + almost] {
            do {
                _ = try KeySource.privateKey(hex: text)
                Issue.record("accepted")
            } catch {
                let shown = "\(error)"
                #expect(!shown.contains(String(Self.keyHex.prefix(16))))
            }
        }
    }

    @Test func keyFilePermissions() throws {
        let dir = try TempDir()
        let good = try dir.write("key600", Self.keyHex + "\n", mode: 0o600)
        #expect(try KeySource.privateKey(fromFile: good).bytesCopy == Self.keyBytes)
        let readOnly = try dir.write("key400", "0x" + Self.keyHex, mode: 0o400)
        #expect(try KeySource.privateKey(fromFile: readOnly).bytesCopy == Self.keyBytes)
        for mode: mode_t in [0o644, 0o640, 0o604, 0o660, 0o606, 0o610, 0o601, 0o777] {
            let bad = try dir.write("key\(String(mode, radix: 8))", Self.keyHex, mode: mode)
            expectKeysError("insecure_file_permissions", at: bad) { _ = try KeySource.privateKey(fromFile: bad) }
        }
        expectKeysError("file_unreadable", at: dir.path + "/missing") { _ = try KeySource.privateKey(fromFile: dir.path + "/missing") }
        expectKeysError("file_not_regular", at: dir.path) { _ = try KeySource.privateKey(fromFile: dir.path) }
        let big = try dir.write("big", [UInt8](repeating: 0x30, count: 5000), mode: 0o600)
        expectKeysError("file_too_large") { _ = try KeySource.privateKey(fromFile: big) }
        let malformed = try dir.write("malformed", Self.keyHex + "\n\n", mode: 0o600)
        expectKeysError("invalid_private_key_hex", at: malformed) { _ = try KeySource.privateKey(fromFile: malformed) }
        do {
            _ = try KeySource.privateKey(fromFile: malformed)
        } catch {
            #expect(!"\(error)".contains(Self.keyHex))
        }
    }

    @Test func environment() throws {
        #expect(try KeySource.privateKey(fromEnvironment: [:]) == nil)
        #expect(try KeySource.privateKey(fromEnvironment: ["OTHER": Self.keyHex]) == nil)
        let key = try KeySource.privateKey(fromEnvironment: ["BALLAST_PRIVATE_KEY": "0x" + Self.keyHex])
        #expect(key?.bytesCopy == Self.keyBytes)
        expectKeysError("invalid_private_key_hex", at: "BALLAST_PRIVATE_KEY") {
            _ = try KeySource.privateKey(fromEnvironment: ["BALLAST_PRIVATE_KEY": ""])
        }
        expectKeysError("invalid_private_key_hex", at: "BALLAST_PRIVATE_KEY") {
            _ = try KeySource.privateKey(fromEnvironment: ["BALLAST_PRIVATE_KEY": "0x1234"])
        }
    }

    @Test func passwordFiles() throws {
        let dir = try TempDir()
        let cases: [(String, [UInt8], [UInt8])] = [
            ("plain", Array("secret".utf8), Array("secret".utf8)),
            ("lf", Array("secret\n".utf8), Array("secret".utf8)),
            ("crlf", Array("secret\r\n".utf8), Array("secret".utf8)),
            ("two-lf", Array("secret\n\n".utf8), Array("secret\n".utf8)),
            ("cr-only", Array("secret\r".utf8), Array("secret\r".utf8)),
            ("spaces", Array(" secret \n".utf8), Array(" secret ".utf8)),
            ("empty", [], []),
            ("just-lf", Array("\n".utf8), []),
            ("binary", [0xff, 0x00, 0x0a], [0xff, 0x00]),
        ]
        for (name, contents, expected) in cases {
            let file = try dir.write(name, contents, mode: 0o600)
            #expect(try KeySource.password(fromFile: file) == expected, "\(name)")
        }
        // Like key files: refused when group or others may access them.
        for mode: mode_t in [0o644, 0o640, 0o604, 0o660] {
            let open = try dir.write("password\(String(mode, radix: 8))", Array("secret".utf8), mode: mode)
            expectKeysError("insecure_file_permissions", at: open) { _ = try KeySource.password(fromFile: open) }
        }
    }

    /// Secret files are read only from a regular file named directly: a symbolic link, a FIFO
    /// (refused at once, without waiting for a writer) and a directory are refused.
    @Test func secretFilesMustBeRegularFiles() throws {
        let dir = try TempDir()
        let key = try dir.write("key", Self.keyHex + "\n", mode: 0o600)
        let link = dir.path + "/link"
        #expect(symlink(key, link) == 0)
        let fifo = dir.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [link, fifo, dir.path] {
            expectKeysError("file_not_regular", at: path) { _ = try KeySource.privateKey(fromFile: path) }
            expectKeysError("file_not_regular", at: path) { _ = try KeySource.password(fromFile: path) }
            expectKeysError("file_not_regular", at: path) { _ = try KeySource.mnemonic(fromFile: path) }
            expectKeysError("file_not_regular", at: path) { _ = try KeySource.keystore(fromFile: path) }
        }
    }

    @Test func mnemonicAndKeystoreFiles() throws {
        let dir = try TempDir()
        let phrase = String(repeating: "abandon ", count: 11) + "about\n"
        let file = try dir.write("mnemonic", phrase, mode: 0o644)
        let m = try KeySource.mnemonic(fromFile: file)
        #expect(try m.privateKey().ethereumAddressBytes() == TestHex.decode("9858EfFD232B4033E47d90003D41EC34EcaEda94"))
        expectKeysError("insecure_file_permissions") { _ = try KeySource.mnemonic(fromFile: file, requirePrivatePermissions: true) }
        let bad = try dir.write("bad-mnemonic", String(repeating: "abandon ", count: 12), mode: 0o600)
        expectKeysError("invalid_mnemonic_checksum", at: bad) { _ = try KeySource.mnemonic(fromFile: bad) }
        let notUTF8 = try dir.write("latin1", [0xe9, 0x20, 0x61], mode: 0o600)
        expectKeysError("invalid_mnemonic_encoding", at: notUTF8) { _ = try KeySource.mnemonic(fromFile: notUTF8) }

        let reference = KeystoreTests.cases[5]
        let keystoreFile = try dir.write("keystore.json", KeyVectors.jsonBytes(reference["json"] as Any), mode: 0o644)
        let passwordFile = try dir.write("password", (reference["password"] as? String ?? "") + "\n", mode: 0o600)
        let key = try KeySource.keystore(fromFile: keystoreFile).decrypt(password: KeySource.password(fromFile: passwordFile))
        #expect(key.bytesCopy == KeyVectors.hex(reference["privateKey"]))
        let broken = try dir.write("broken.json", "{\"version\":3}", mode: 0o644)
        expectKeysError("missing_field", at: broken + ": crypto") { _ = try KeySource.keystore(fromFile: broken) }
    }
}

/// vectors/ethereum-tests/BasicTests/keyaddrtest.json: key → address.
///
/// The suite's `sig_of_emptystring` entries are not signatures of keccak256(""), sha256(""),
/// sha3-256("") or the zero hash under these keys: checked with eth-keys, they recover to other
/// addresses under either parity. Only their form is checked here (valid scalars; the second has a
/// high s, which default recovery refuses and legacy mode accepts).
@Suite struct SharedKeyAddressTests {
    struct Entry: Decodable {
        struct Sig: Decodable { let v: String, r: String, s: String }
        let seed: String, key: String, addr: String
        let sig_of_emptystring: Sig
    }

    static let entries: [Entry] = (try? Vectors.decode(
        [Entry].self, from: Vectors.ethereumTests("BasicTests/keyaddrtest.json"))) ?? []

    /// A decimal string as 32 big-endian bytes (test helper, schoolbook base conversion).
    static func decimalTo32Bytes(_ text: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for c in text.utf8 {
            var carry = Int(c - 48)
            for i in stride(from: 31, through: 0, by: -1) {
                let v = Int(out[i]) * 10 + carry
                out[i] = UInt8(v & 0xff)
                carry = v >> 8
            }
        }
        return out
    }

    @Test func keysGiveTheirAddresses() throws {
        #expect(Self.entries.count == 2)
        for e in Self.entries {
            let key = try KeySource.privateKey(hex: e.key)
            #expect(TestHex.encode(try key.ethereumAddressBytes(), prefix: false) == e.addr)
            // Our own signature of keccak256("") with the key recovers the address.
            let hash = TestHex.decode("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")!
            let sig = try PrivateKeySigner(privateKey: key).sign(hash: hash)
            #expect(TestHex.encode(try Secp256k1.recoverAddressBytes(hash: hash, signature: sig), prefix: false) == e.addr)
        }
    }

    @Test func suiteSignaturesHaveValidForm() throws {
        let hash = TestHex.decode("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")!
        for e in Self.entries {
            let v = UInt8(e.sig_of_emptystring.v) ?? 0
            let sig = try RecoverableSignature(
                r: Self.decimalTo32Bytes(e.sig_of_emptystring.r), s: Self.decimalTo32Bytes(e.sig_of_emptystring.s),
                yParity: v - 27)
            try sig.validate(allowHighS: true)
            if sig.isLowS {
                #expect(throws: Never.self) { try Secp256k1.recoverPublicKey(hash: hash, signature: sig) }
            } else {
                #expect(throws: Secp256k1Error.highS) { try Secp256k1.recoverPublicKey(hash: hash, signature: sig) }
                #expect(throws: Never.self) { try Secp256k1.recoverPublicKey(hash: hash, signature: sig, allowHighS: true) }
            }
        }
        #expect(Self.entries.map { RecoverableSignatureForm.isLow($0.sig_of_emptystring.s) } == [true, false])
    }
}

enum RecoverableSignatureForm {
    static func isLow(_ decimal: String) -> Bool {
        (try? RecoverableSignature(
            r: [UInt8](repeating: 0, count: 31) + [1], s: SharedKeyAddressTests.decimalTo32Bytes(decimal), yParity: 0))?.isLowS ?? false
    }
}
