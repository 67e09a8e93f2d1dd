import Foundation
import LibCrypto
import Secp256k1

/// A BIP-39 mnemonic in the English wordlist, validated: 12, 15, 18, 21 or 24 words, every word in
/// the list, checksum correct.
///
/// Input is normalized to NFKD (so compatibility forms such as full-width letters or the
/// ideographic space read as their plain equivalents) and split on any run of whitespace; the
/// canonical phrase is the words joined by single spaces. Words are case-sensitive (the list is
/// lowercase), and no prefix expansion is done.
///
/// Never printed: `description` and the mirror are redacted. Errors name word positions, never words.
public struct Mnemonic: Sendable {
    /// The words, lowercase ASCII.
    public let words: [String]

    public static let validWordCounts = [12, 15, 18, 21, 24]

    /// The BIP-39 English wordlist (2048 words; a word's index is its 11-bit value).
    public static var englishWordlist: [String] { BIP39EnglishWordlist.words }

    /// Parses and validates a phrase.
    public init(phrase: String) throws(KeysError) {
        let normalized = phrase.decomposedStringWithCompatibilityMapping
        let parts = normalized.split(whereSeparator: { $0.isWhitespace })
        guard Self.validWordCounts.contains(parts.count) else {
            throw KeysError(
                code: .invalidMnemonicWordCount,
                message: "a mnemonic has 12, 15, 18, 21 or 24 words, got \(parts.count)")
        }
        var indices = [Int]()
        indices.reserveCapacity(parts.count)
        for (position, part) in parts.enumerated() {
            guard let index = Self.index[String(part)] else {
                throw KeysError(
                    code: .invalidMnemonicWord,
                    message: "word \(position + 1) is not in the BIP-39 English wordlist",
                    location: "word \(position + 1)")
            }
            indices.append(index)
        }
        guard Self.entropy(fromIndices: indices) != nil else {
            throw KeysError(code: .invalidMnemonicChecksum, message: "mnemonic checksum does not match")
        }
        words = indices.map { BIP39EnglishWordlist.words[$0] }
    }

    /// The mnemonic encoding `entropy` (16, 20, 24, 28 or 32 bytes).
    public init(entropy: [UInt8]) throws(KeysError) {
        guard [16, 20, 24, 28, 32].contains(entropy.count) else {
            throw KeysError(
                code: .invalidEntropyLength,
                message: "entropy must be 16, 20, 24, 28 or 32 bytes, got \(entropy.count)")
        }
        let checksum: [UInt8]
        do { checksum = try LibCrypto.sha256(entropy) } catch { throw KeysError(error) }
        let checksumBits = entropy.count / 4
        let totalBits = entropy.count * 8 + checksumBits
        func bit(_ i: Int) -> Int {
            let byte = i < entropy.count * 8 ? entropy[i / 8] : checksum[(i - entropy.count * 8) / 8]
            return Int(byte >> (7 - UInt8(i % 8))) & 1
        }
        var result = [String]()
        var i = 0
        while i < totalBits {
            var index = 0
            for k in 0..<11 { index = index << 1 | bit(i + k) }
            result.append(BIP39EnglishWordlist.words[index])
            i += 11
        }
        words = result
    }

    /// A new mnemonic from libcrypto's random generator: 12 words (128 bits) or 24 (256 bits);
    /// 15, 18 and 21 are accepted too.
    public static func generate(wordCount: Int = 12) throws(KeysError) -> Mnemonic {
        guard validWordCounts.contains(wordCount) else {
            throw KeysError(code: .invalidMnemonicWordCount, message: "word count must be 12, 15, 18, 21 or 24")
        }
        var entropy: [UInt8]
        do {
            entropy = try LibCrypto.randomBytes(wordCount * 4 / 3)
        } catch {
            throw KeysError.libCryptoFailure("random bytes unavailable")
        }
        defer { LibCrypto.cleanse(&entropy) }
        return try Mnemonic(entropy: entropy)
    }

    /// The words joined by single spaces.
    public var phrase: String { words.joined(separator: " ") }

    /// The entropy the words encode.
    public var entropy: [UInt8] {
        // Validated at init, so the lookup and checksum cannot fail.
        Self.entropy(fromIndices: words.compactMap { Self.index[$0] }) ?? []
    }

    /// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512(NFKD phrase, "mnemonic" + NFKD passphrase, 2048).
    public func seed(passphrase: String = "") throws(KeysError) -> [UInt8] {
        var password = Array(phrase.decomposedStringWithCompatibilityMapping.utf8)
        defer { LibCrypto.cleanse(&password) }
        var salt = Array(("mnemonic" + passphrase.decomposedStringWithCompatibilityMapping).utf8)
        defer { LibCrypto.cleanse(&salt) }
        do {
            return try LibCrypto.pbkdf2(password: password, salt: salt, iterations: 2048, keyLength: 64, sha512: true)
        } catch let error as LibCryptoError {
            throw KeysError(error)
        } catch {
            throw KeysError.libCryptoFailure("PBKDF2-HMAC-SHA512 failed")
        }
    }

    /// The private key at `path` (default m/44'/60'/0'/0/0) of the wallet this mnemonic seeds.
    public func privateKey(path: DerivationPath = .ethereumDefault, passphrase: String = "") throws(KeysError) -> PrivateKey {
        var seed = try seed(passphrase: passphrase)
        defer { LibCrypto.cleanse(&seed) }
        return try ExtendedPrivateKey.master(seed: seed).derive(path).privateKey
    }

    // MARK: Internals

    /// Word → index, built once.
    static let index: [String: Int] = {
        var map = [String: Int](minimumCapacity: 2048)
        for (i, w) in BIP39EnglishWordlist.words.enumerated() { map[w] = i }
        return map
    }()

    /// The entropy bytes of 11-bit word indices, or nil when the checksum bits are wrong.
    static func entropy(fromIndices indices: [Int]) -> [UInt8]? {
        guard validWordCounts.contains(indices.count), indices.allSatisfy({ (0..<2048).contains($0) }) else { return nil }
        let totalBits = indices.count * 11
        let checksumBits = totalBits / 33
        let entropyBits = totalBits - checksumBits
        var bits = [UInt8](repeating: 0, count: (totalBits + 7) / 8)
        for (w, index) in indices.enumerated() {
            for k in 0..<11 where (index >> (10 - k)) & 1 == 1 {
                let i = w * 11 + k
                bits[i / 8] |= 0x80 >> UInt8(i % 8)
            }
        }
        let entropy = Array(bits[0..<(entropyBits / 8)])
        guard let hash = try? LibCrypto.sha256(entropy) else { return nil }
        // The checksum is the first entropyBits/32 bits of SHA-256(entropy), stored after the entropy.
        var diff: UInt8 = 0
        for k in 0..<checksumBits {
            let i = entropyBits + k
            let stored = (bits[i / 8] >> (7 - UInt8(i % 8))) & 1
            let computed = (hash[k / 8] >> (7 - UInt8(k % 8))) & 1
            diff |= stored ^ computed
        }
        return diff == 0 ? entropy : nil
    }
}

extension Mnemonic: Equatable {
    public static func == (a: Mnemonic, b: Mnemonic) -> Bool { a.words == b.words }
}

extension Mnemonic: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Mnemonic(\(words.count) words, <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
