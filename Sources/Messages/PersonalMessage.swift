import EthereumPrimitives
import Keccak
import Secp256k1

/// EIP-191 version 0x45 messages, as `personal_sign` and `eth_sign` in wallets sign them:
/// the signed digest is
///
///     keccak256("\u{19}Ethereum Signed Message:\n" ‖ decimal byte length ‖ message)
///
/// The length is the message's byte count in ASCII decimal without leading zeros ("0" for an
/// empty message). Signatures are 65 bytes `r ‖ s ‖ v` with v = 27 or 28; verification follows
/// ``DigestSignature``'s policy (v 27/28 or 0/1, low s only).
public enum PersonalMessage {
    /// The fixed prefix: byte 0x19, then "Ethereum Signed Message:\n".
    public static let prefix: [UInt8] = Array("\u{19}Ethereum Signed Message:\n".utf8)

    /// The exact bytes that are hashed: prefix ‖ decimal length ‖ message.
    public static func encode(_ message: some Collection<UInt8>) -> [UInt8] {
        var out = prefix
        out += decimal(message.count)
        out += message
        return out
    }

    /// The 32-byte digest that is signed.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(data: prefix)
        hasher.update(data: decimal(message.count))
        hasher.update(data: message)
        return hasher.finalize().bytes
    }

    /// The digest of a text message's UTF-8 bytes.
    public static func hash(text: String) -> [UInt8] {
        hash(Array(text.utf8))
    }

    /// Signs a message: 65 bytes `r ‖ s ‖ v`, v = 27 or 28 (deterministic RFC 6979 nonce, low s).
    public static func sign(_ message: some Collection<UInt8>, signer: some Signer) throws -> [UInt8] {
        try DigestSignature.sign(digest: hash(message), signer: signer)
    }

    /// The address that signed `message`. Throws a ``MessagesError`` for a malformed,
    /// out-of-range or high-s signature, or when nothing recovers.
    public static func recoverAddress(_ message: some Collection<UInt8>, signature: [UInt8]) throws(MessagesError) -> Address {
        try DigestSignature.recoverAddress(digest: hash(message), signature: signature)
    }

    /// Whether `signature` is a valid signature of `message` by `address` (false for any
    /// malformed or high-s signature).
    public static func verify(_ message: some Collection<UInt8>, signature: [UInt8], address: Address) -> Bool {
        DigestSignature.verify(digest: hash(message), signature: signature, address: address)
    }

    /// ASCII decimal digits of a non-negative count.
    package static func decimal(_ n: Int) -> [UInt8] {
        if n == 0 { return [UInt8(ascii: "0")] }
        var digits = [UInt8]()
        var v = n
        while v > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        }
        return digits.reversed()
    }
}
