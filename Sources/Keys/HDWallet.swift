import LibCrypto
import Secp256k1

/// A BIP-32 derivation path such as `m/44'/60'/0'/0/0`.
///
/// Syntax: `m` (or `M`), then `/`-separated components, each a decimal index below 2^31 followed
/// optionally by `'`, `h` or `H` for a hardened child. At most 255 components (BIP-32's depth
/// byte). Anything else is an `invalid_derivation_path` error naming the component.
public struct DerivationPath: Sendable, Hashable, CustomStringConvertible {
    public struct Component: Sendable, Hashable, CustomStringConvertible {
        /// The index below 2^31, without the hardened bit.
        public let index: UInt32
        public let hardened: Bool

        public init(index: UInt32, hardened: Bool) throws(KeysError) {
            guard index < Self.hardenedBit else {
                throw KeysError(
                    code: .invalidDerivationPath, message: "index \(index) is not below 2^31")
            }
            self.index = index
            self.hardened = hardened
        }

        init(uncheckedIndex index: UInt32, hardened: Bool) {
            self.index = index
            self.hardened = hardened
        }

        static let hardenedBit: UInt32 = 0x8000_0000

        /// The 32-bit child number BIP-32 hashes: index, plus 2^31 when hardened.
        public var childNumber: UInt32 { hardened ? index | Self.hardenedBit : index }

        public var description: String { hardened ? "\(index)'" : "\(index)" }
    }

    public let components: [Component]

    public init(components: [Component]) throws(KeysError) {
        guard components.count <= 255 else {
            throw KeysError(code: .invalidDerivationPath, message: "a path has at most 255 components")
        }
        self.components = components
    }

    /// Parses `m/44'/60'/0'/0/0`-style text.
    public init(_ text: String) throws(KeysError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard let first = parts.first, first == "m" || first == "M" else {
            throw KeysError(code: .invalidDerivationPath, message: "a derivation path starts with \"m\"", location: "component 0")
        }
        guard parts.count - 1 <= 255 else {
            throw KeysError(code: .invalidDerivationPath, message: "a path has at most 255 components")
        }
        var result = [Component]()
        for (offset, part) in parts.dropFirst().enumerated() {
            let position = offset + 1
            let fail = { (why: String) -> KeysError in
                KeysError(
                    code: .invalidDerivationPath,
                    message: "path component \(position) \"\(Self.printable(part))\" \(why)",
                    location: "component \(position)")
            }
            var digits = Substring(part)
            var hardened = false
            if let last = digits.last, last == "'" || last == "h" || last == "H" {
                hardened = true
                digits = digits.dropLast()
            }
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw fail("is not a decimal index with an optional ', h or H")
            }
            var value: UInt64 = 0
            for c in digits.utf8 {
                value = value * 10 + UInt64(c - UInt8(ascii: "0"))
                guard value < UInt64(Component.hardenedBit) else { throw fail("is not below 2^31 (2147483648)") }
            }
            result.append(Component(uncheckedIndex: UInt32(value), hardened: hardened))
        }
        components = result
    }

    /// m/44'/60'/0'/0/0, the first Ethereum account.
    public static let ethereumDefault = ethereumAccount(uncheckedIndex: 0)

    /// m/44'/60'/0'/0/N (what `--mnemonic-index N` means). N must be below 2^31.
    public static func ethereum(index: UInt32) throws(KeysError) -> DerivationPath {
        guard index < Component.hardenedBit else {
            throw KeysError(code: .invalidDerivationPath, message: "account index \(index) is not below 2^31", location: "component 5")
        }
        return ethereumAccount(uncheckedIndex: index)
    }

    private static func ethereumAccount(uncheckedIndex index: UInt32) -> DerivationPath {
        DerivationPath(unchecked: [
            Component(uncheckedIndex: 44, hardened: true), Component(uncheckedIndex: 60, hardened: true),
            Component(uncheckedIndex: 0, hardened: true), Component(uncheckedIndex: 0, hardened: false),
            Component(uncheckedIndex: index, hardened: false),
        ])
    }

    private init(unchecked components: [Component]) {
        self.components = components
    }

    public var description: String {
        (["m"] + components.map(\.description)).joined(separator: "/")
    }

    /// A short, printable rendering of a component for messages (control characters escaped, cut
    /// after 32 characters).
    private static func printable(_ s: Substring) -> String {
        var out = ""
        for scalar in s.unicodeScalars.prefix(32) {
            out += scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7f ? String(scalar) : scalar.escaped(asASCII: true)
        }
        return s.unicodeScalars.count > 32 ? out + "…" : out
    }
}

/// A BIP-32 extended private key: a private key and its chain code.
public struct ExtendedPrivateKey: Sendable {
    public let privateKey: PrivateKey
    /// The 32-byte chain code (secret: with the public key it derives every normal child).
    public let chainCode: [UInt8]
    public let depth: UInt8
    /// The child number this key was derived with (0 for the master key).
    public let childNumber: UInt32

    /// The master key of a seed (16 to 64 bytes): HMAC-SHA512(key: "Bitcoin seed", seed).
    public static func master(seed: [UInt8]) throws(KeysError) -> ExtendedPrivateKey {
        guard (16...64).contains(seed.count) else {
            throw KeysError(code: .invalidSeedLength, message: "a BIP-32 seed is 16 to 64 bytes, got \(seed.count)")
        }
        var i: [UInt8]
        do {
            i = try LibCrypto.hmacSHA512(key: Array("Bitcoin seed".utf8), data: seed)
        } catch {
            throw KeysError.libCryptoFailure("HMAC-SHA512 failed")
        }
        defer { LibCrypto.cleanse(&i) }
        let key: PrivateKey
        do {
            key = try i.withUnsafeBytes { raw in try PrivateKey(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<32])) }
        } catch {
            throw KeysError(code: .invalidChildKey, message: "this seed gives an invalid master key (probability below 2^-127)")
        }
        return ExtendedPrivateKey(privateKey: key, chainCode: Array(i[32..<64]), depth: 0, childNumber: 0)
    }

    /// CKDpriv: the child at `component` (hardened: HMAC over 0x00 ‖ k; normal: over the
    /// compressed public key).
    public func child(_ component: DerivationPath.Component) throws(KeysError) -> ExtendedPrivateKey {
        guard depth < 255 else {
            throw KeysError(code: .invalidDerivationPath, message: "BIP-32 depth is at most 255")
        }
        let number = component.childNumber
        var data: [UInt8]
        if component.hardened {
            data = [0]
            privateKey.withUnsafeBytes { data.append(contentsOf: $0) }
        } else {
            do { data = try privateKey.compressedPublicKey() } catch { throw KeysError(error) }
        }
        data += [UInt8(number >> 24), UInt8(truncatingIfNeeded: number >> 16), UInt8(truncatingIfNeeded: number >> 8), UInt8(truncatingIfNeeded: number)]
        defer { LibCrypto.cleanse(&data) }
        var i: [UInt8]
        do {
            i = try LibCrypto.hmacSHA512(key: chainCode, data: data)
        } catch {
            throw KeysError.libCryptoFailure("HMAC-SHA512 failed")
        }
        defer { LibCrypto.cleanse(&i) }
        var tweak = Array(i[0..<32])
        defer { LibCrypto.cleanse(&tweak) }
        let key: PrivateKey
        do {
            key = try privateKey.adding(tweak: tweak)
        } catch {
            // BIP-32: I_L ≥ n or a zero key makes this child invalid (probability below 2^-127).
            throw KeysError(code: .invalidChildKey, message: "child \(component) is invalid under BIP-32; use the next index")
        }
        return ExtendedPrivateKey(privateKey: key, chainCode: Array(i[32..<64]), depth: depth + 1, childNumber: number)
    }

    /// Follows every component of `path` from this key.
    public func derive(_ path: DerivationPath) throws(KeysError) -> ExtendedPrivateKey {
        var key = self
        for (offset, component) in path.components.enumerated() {
            do {
                key = try key.child(component)
            } catch {
                throw error.at("component \(offset + 1)")
            }
        }
        return key
    }
}

extension ExtendedPrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "ExtendedPrivateKey(depth: \(depth), <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["depth": depth, "childNumber": childNumber], displayStyle: .struct) }
}
