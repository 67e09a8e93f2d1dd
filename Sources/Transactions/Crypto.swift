import EthereumPrimitives
import Secp256k1

// The only place this module calls the secp256k1 facade.

extension TransactionSignature {
    /// The facade's form of this signature (r and s as 32 big-endian bytes).
    var recoverable: RecoverableSignature? {
        try? RecoverableSignature(r: r.bigEndianBytes32, s: s.bigEndianBytes32, yParity: yParity)
    }

    /// Converts a signature returned by a `Signer`, checking it is canonical.
    init(_ sig: RecoverableSignature) throws(TransactionError) {
        guard sig.r.count == 32, sig.s.count == 32,
              let r = UInt256(bigEndian: sig.r), let s = UInt256(bigEndian: sig.s)
        else { throw TransactionError(.signingFailed("the signer returned a malformed signature")) }
        try self.init(yParity: sig.yParity, r: r, s: s)
    }
}

/// The address whose key made `signature` over `hash`, or nil if none recovers.
func recoverAddress(hash: Bytes32, signature: TransactionSignature) -> Address? {
    guard let sig = signature.recoverable,
          let bytes = try? Secp256k1.recoverAddressBytes(hash: hash.bytes, signature: sig)
    else { return nil }
    return Address(bytes: bytes)
}

/// Signs `hash` with `signer` and returns the canonical signature.
///
/// A `Signer` promises to return only signatures it has checked (low s, recovering to its
/// address); `PrivateKeySigner` does so by recovering every signature, so its result is not
/// recovered a second time here. Any other signer's signature is recovered and compared with
/// `signer.addressBytes` before it is accepted.
func sign(hash: Bytes32, with signer: some Signer) throws(TransactionError) -> (TransactionSignature, Address) {
    let raw: RecoverableSignature
    do { raw = try signer.sign(hash: hash.bytes) } catch {
        if let e = error as? Secp256k1Error { throw TransactionError(.signingFailed(e.message)) }
        throw TransactionError(.signingFailed(String(describing: error)))
    }
    let signature = try TransactionSignature(raw)
    guard let address = Address(bytes: signer.addressBytes) else {
        throw TransactionError(.signingFailed("the signer's address is not 20 bytes"))
    }
    if !(signer is PrivateKeySigner) {
        guard let recovered = recoverAddress(hash: hash, signature: signature), recovered == address else {
            throw TransactionError(.signerMismatch)
        }
    }
    return (signature, address)
}
