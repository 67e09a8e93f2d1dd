import EthereumPrimitives
import Keccak
import RLP

/// A signed transaction whose signature is known to be valid: canonical (low s) and recovering
/// to `sender`. Values come only from signing, from `init(transaction:signature:)` (which
/// recovers the sender) or from strict decoding of raw bytes (which does too).
public struct SignedTransaction: Sendable, Hashable {
    /// The transaction that was signed (a blob transaction may carry its sidecar).
    public let transaction: UnsignedTransaction
    public let signature: TransactionSignature
    /// The recovered sender (`from`).
    public let sender: Address
    /// The canonical EIP-2718 encoding (legacy: plain RLP; blob: without sidecar).
    public let encoded: [UInt8]
    /// keccak256 of `encoded`: the transaction hash. Computed with the signing hash when the
    /// sender is recovered (decoding, a signature made elsewhere: the two Keccak-256 run side
    /// by side, see `Keccak256.hash(_:_:)`); otherwise on each access, so that signing, which
    /// does not need it, does not pay for it.
    public var hash: Bytes32 { knownHash ?? keccak(encoded) }

    /// The hash when it was computed with the signing hash (not part of the value: equality and
    /// hashing read the four fields above).
    private let knownHash: Bytes32?

    /// Builds a signed transaction from a signature made elsewhere; recovers the sender.
    ///
    /// - Throws: `tx_invalid_signature` if no key recovers from the signature.
    public init(transaction: UnsignedTransaction, signature: TransactionSignature) throws(TransactionError) {
        let encoded = transaction.signedEncoding(signature)
        try self.init(transaction: transaction, signature: signature, encoded: encoded, sender: nil)
    }

    /// - Parameter sender: the sender when already known and verified; recovered otherwise.
    init(transaction: UnsignedTransaction, signature: TransactionSignature, encoded: [UInt8], sender: Address?) throws(TransactionError) {
        if let sender {
            self.init(transaction: transaction, signature: signature, encoded: encoded, sender: sender, knownHash: nil)
        } else {
            let payload = transaction.signingPayload
            let (signing, hash) = payload.withUnsafeBytes { p in encoded.withUnsafeBytes { e in Keccak256.hash(p, e) } }
            try self.init(transaction: transaction, signature: signature, encoded: encoded, signingHash: signing, hash: hash)
        }
    }

    /// Recovers the sender from the signing hash and keeps the transaction hash, both computed
    /// by the caller.
    private init(
        transaction: UnsignedTransaction, signature: TransactionSignature, encoded: [UInt8], signingHash: Keccak256Digest, hash: Keccak256Digest
    ) throws(TransactionError) {
        guard let recovered = recoverAddress(hash: Bytes32(signingHash), signature: signature) else {
            throw TransactionError(.invalidSignature, field: "r")
        }
        self.init(transaction: transaction, signature: signature, encoded: encoded, sender: recovered, knownHash: Bytes32(hash))
    }

    private init(transaction: UnsignedTransaction, signature: TransactionSignature, encoded: [UInt8], sender: Address, knownHash: Bytes32?) {
        self.transaction = transaction
        self.signature = signature
        self.encoded = encoded
        self.sender = sender
        self.knownHash = knownHash
    }

    public static func == (a: SignedTransaction, b: SignedTransaction) -> Bool {
        a.transaction == b.transaction && a.signature == b.signature && a.sender == b.sender && a.encoded == b.encoded
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(transaction)
        hasher.combine(signature)
        hasher.combine(sender)
        hasher.combine(encoded)
    }

    /// Strictly decodes a raw signed transaction (EIP-2718 typed or legacy RLP; a blob
    /// transaction in its canonical or network form) and recovers its sender.
    ///
    /// Rejected: unknown type bytes, non-canonical RLP and integers, integers beyond their
    /// bounds, addresses that are not 20 bytes, storage keys and versioned hashes that are not
    /// 32 bytes, creation in types 3 and 4, no blob hashes, hash versions other than 0x01, an empty
    /// authorization list, a missing or extra field, trailing bytes, yParity other than 0/1, a
    /// legacy v other than 27/28 or ≥ 35, r or s outside 1…n−1, s > n/2, and a signature from which
    /// no key recovers.
    public static func decode(_ raw: [UInt8]) throws(TransactionError) -> SignedTransaction {
        try decode(raw[...])
    }

    /// Strictly decodes a raw signed transaction; error offsets count from the slice's start.
    public static func decode(_ raw: ArraySlice<UInt8>) throws(TransactionError) -> SignedTransaction {
        let parts = try TransactionDecoder.decode(raw)
        return try SignedTransaction(
            transaction: parts.transaction, signature: parts.signature, encoded: parts.canonical, sender: nil)
    }

    /// Two raw signed transactions, each decoded as ``decode(_:)-(ArraySlice<UInt8>)`` would (the
    /// same transaction or the same error), their signing payloads and encodings hashed together
    /// (``Keccak256/hash(_:_:_:_:)``): what a reader of many transactions calls.
    public static func decode(
        _ first: ArraySlice<UInt8>, _ second: ArraySlice<UInt8>
    ) -> (Result<SignedTransaction, TransactionError>, Result<SignedTransaction, TransactionError>) {
        let one = Result { () throws(TransactionError) in try TransactionDecoder.decode(first) }
        let two = Result { () throws(TransactionError) in try TransactionDecoder.decode(second) }
        guard case .success(let a) = one, case .success(let b) = two else {
            return (one.flatMap(finish), two.flatMap(finish))
        }
        let payloadA = a.transaction.signingPayload, payloadB = b.transaction.signingPayload
        let (signingA, hashA, signingB, hashB) = payloadA.withUnsafeBytes { pa in
            a.canonical.withUnsafeBytes { ea in
                payloadB.withUnsafeBytes { pb in b.canonical.withUnsafeBytes { eb in Keccak256.hash(pa, ea, pb, eb) } }
            }
        }
        return (
            Result { () throws(TransactionError) in
                try SignedTransaction(transaction: a.transaction, signature: a.signature, encoded: a.canonical, signingHash: signingA, hash: hashA)
            },
            Result { () throws(TransactionError) in
                try SignedTransaction(transaction: b.transaction, signature: b.signature, encoded: b.canonical, signingHash: signingB, hash: hashB)
            }
        )
    }

    /// The transaction of decoded parts (its sender recovered), as ``decode(_:)-(ArraySlice<UInt8>)``.
    private static func finish(_ parts: DecodedParts) -> Result<SignedTransaction, TransactionError> {
        Result { () throws(TransactionError) in
            try SignedTransaction(transaction: parts.transaction, signature: parts.signature, encoded: parts.canonical, sender: nil)
        }
    }

    /// Decodes a hex string (`0x` optional) as `decode(_:)` does.
    public static func decode(hex: some StringProtocol) throws(TransactionError) -> SignedTransaction {
        let bytes: [UInt8]
        do throws(HexError) { bytes = try Hex.decode(hex) } catch {
            throw TransactionError(.invalidValue(error.message), field: "raw")
        }
        return try decode(bytes)
    }

    // MARK: Accessors

    public var type: TransactionType { transaction.type }

    /// The legacy `v` (EIP-155 or 27/28); nil for typed transactions, which carry yParity.
    public var v: UInt256? {
        guard case .legacy(let t) = transaction else { return nil }
        return signature.v(chainId: t.chainId)
    }

    /// The hash that was signed.
    public var signingHash: Bytes32 { transaction.signingHash }

    /// The bytes to broadcast: the network form for a blob transaction with a sidecar, else `encoded`.
    public var networkEncoded: [UInt8] {
        transaction.networkEncoding(signature) ?? encoded
    }

    /// `0x` + hex of `encoded`.
    public var rawHex: String { Hex.encode(encoded) }

    /// The recovered authority of each authorization of a set-code transaction (nil where the
    /// signature is invalid, which EIP-7702 skips without invalidating the transaction); empty for
    /// other types.
    public func authorities() -> [Address?] {
        transaction.authorizationList.map { $0.recoverAuthority() }
    }
}

extension SignedAuthorization {
    /// The account that signed this authorization, or nil when the signature is not canonical
    /// (yParity not 0/1, r or s out of range, s > n/2) or recovers no key.
    public func recoverAuthority() -> Address? {
        guard let sig = signature else { return nil }
        return recoverAddress(hash: signingHash, signature: sig)
    }
}
