import EthereumPrimitives
import Secp256k1

extension UnsignedTransaction {
    /// Signs the transaction with `signer` (RFC 6979, low s) after checking it with
    /// `validate(fork:)`: a gas limit below max(intrinsic gas, EIP-7623 floor) is refused with
    /// `gas_below_intrinsic`, and so are the other rule violations `validate` lists. The
    /// signature is checked to recover to the signer's address before it is returned.
    public func sign(with signer: some Signer, fork: Fork = .prague) throws(TransactionError) -> SignedTransaction {
        try validate(fork: fork)
        return try signWithoutValidation(with: signer)
    }

    /// Signs without the rule checks (for reproducing historical or deliberately invalid
    /// transactions in tests).
    func signWithoutValidation(with signer: some Signer) throws(TransactionError) -> SignedTransaction {
        let (signature, address) = try Transactions.sign(hash: signingHash, with: signer)
        return try SignedTransaction(
            transaction: self, signature: signature, encoded: signedEncoding(signature), sender: address)
    }
}

extension LegacyTransaction {
    /// Signs as a type-0 transaction (see `UnsignedTransaction.sign(with:fork:)`).
    public func sign(with signer: some Signer, fork: Fork = .prague) throws(TransactionError) -> SignedTransaction {
        try UnsignedTransaction.legacy(self).sign(with: signer, fork: fork)
    }
}

extension AccessListTransaction {
    /// Signs as a type-1 transaction (see `UnsignedTransaction.sign(with:fork:)`).
    public func sign(with signer: some Signer, fork: Fork = .prague) throws(TransactionError) -> SignedTransaction {
        try UnsignedTransaction.accessList(self).sign(with: signer, fork: fork)
    }
}

extension DynamicFeeTransaction {
    /// Signs as a type-2 transaction (see `UnsignedTransaction.sign(with:fork:)`).
    public func sign(with signer: some Signer, fork: Fork = .prague) throws(TransactionError) -> SignedTransaction {
        try UnsignedTransaction.dynamicFee(self).sign(with: signer, fork: fork)
    }
}

extension BlobTransaction {
    /// Signs as a type-3 transaction (see `UnsignedTransaction.sign(with:fork:)`).
    public func sign(with signer: some Signer, fork: Fork = .prague) throws(TransactionError) -> SignedTransaction {
        try UnsignedTransaction.blob(self).sign(with: signer, fork: fork)
    }
}

extension SetCodeTransaction {
    /// Signs as a type-4 transaction (see `UnsignedTransaction.sign(with:fork:)`).
    public func sign(with signer: some Signer, fork: Fork = .prague) throws(TransactionError) -> SignedTransaction {
        try UnsignedTransaction.setCode(self).sign(with: signer, fork: fork)
    }
}

extension UnsignedAuthorization {
    /// Signs the authorization (EIP-7702) with `signer`; the signature is checked to recover to
    /// the signer's address. A nonce of 2^64 − 1 is refused (`nonceTooLarge`): EIP-7702 requires
    /// an authorization nonce below it, so such an authorization could never be valid.
    public func sign(with signer: some Signer) throws(TransactionError) -> SignedAuthorization {
        guard nonce < UInt64.max else { throw TransactionError(.nonceTooLarge, field: "nonce") }
        let (sig, _) = try Transactions.sign(hash: signingHash, with: signer)
        return SignedAuthorization(chainId: chainId, address: address, nonce: nonce, yParity: sig.yParity, r: sig.r, s: sig.s)
    }
}
