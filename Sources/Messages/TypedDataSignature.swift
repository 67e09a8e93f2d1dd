import ABI
import EthereumPrimitives
import Secp256k1

/// EIP-712 typed-data signatures (`eth_signTypedData_v4`): the signed digest is
/// keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)), as ``EIP712/TypedData``
/// computes it. Signatures are 65 bytes `r ‖ s ‖ v` with v = 27 or 28; verification follows
/// ``DigestSignature``'s policy (v 27/28 or 0/1, low s only).
public enum TypedDataSignature {
    /// Signs a parsed document: 65 bytes `r ‖ s ‖ v`, v = 27 or 28.
    public static func sign(_ data: EIP712.TypedData, signer: some Signer) throws -> [UInt8] {
        try DigestSignature.sign(digest: data.digest, signer: signer)
    }

    /// The address that signed the document.
    public static func recoverAddress(_ data: EIP712.TypedData, signature: [UInt8]) throws(MessagesError) -> Address {
        try DigestSignature.recoverAddress(digest: data.digest, signature: signature)
    }

    /// Whether `signature` is a valid signature of the document by `address`.
    public static func verify(_ data: EIP712.TypedData, signature: [UInt8], address: Address) -> Bool {
        DigestSignature.verify(digest: data.digest, signature: signature, address: address)
    }
}
