import EthereumPrimitives
import RLP

/// An EIP-7702 authorization before signing: the account that signs it lets its code be set to
/// a delegation to `address`, on `chainId` (0: any chain), while its nonce is `nonce`.
public struct UnsignedAuthorization: Sendable, Hashable {
    public var chainId: UInt256
    public var address: Address
    public var nonce: UInt64

    public init(chainId: UInt256, address: Address, nonce: UInt64) {
        self.chainId = chainId
        self.address = address
        self.nonce = nonce
    }

    /// The EIP-7702 magic byte that prefixes the signed message.
    public static let magic: UInt8 = 0x05

    /// `0x05 ‖ rlp([chainId, address, nonce])`.
    public var signingPayload: [UInt8] {
        let payload = rlpLength(chainId) &+ 21 &+ rlpLength(nonce)
        return RLP.encodeList(payloadLength: payload, prefix: Self.magic) { w in
            w.append(chainId)
            w.append(address)
            w.appendInteger(nonce)
        }
    }

    /// keccak256(0x05 ‖ rlp([chainId, address, nonce])): the hash the authority signs.
    public var signingHash: Bytes32 { keccak(signingPayload) }
}

/// A signed EIP-7702 authorization tuple `[chainId, address, nonce, yParity, r, s]`.
///
/// The fields only have the bounds the EIP gives the transaction (yParity < 2^8, r and s < 2^256):
/// an authorization whose signature is invalid does not invalidate the transaction that carries
/// it; its authority is simply nil (see `recoverAuthority()`).
public struct SignedAuthorization: Sendable, Hashable {
    public var chainId: UInt256
    public var address: Address
    public var nonce: UInt64
    public var yParity: UInt8
    public var r: UInt256
    public var s: UInt256

    public init(chainId: UInt256, address: Address, nonce: UInt64, yParity: UInt8, r: UInt256, s: UInt256) {
        self.chainId = chainId
        self.address = address
        self.nonce = nonce
        self.yParity = yParity
        self.r = r
        self.s = s
    }

    /// The authorization without its signature.
    public var unsigned: UnsignedAuthorization {
        UnsignedAuthorization(chainId: chainId, address: address, nonce: nonce)
    }

    /// The hash the authority signed.
    public var signingHash: Bytes32 { unsigned.signingHash }

    /// The signature if it is canonical (yParity 0/1, 0 < r < n, 0 < s ≤ n/2), else nil.
    public var signature: TransactionSignature? {
        try? TransactionSignature(yParity: yParity, r: r, s: s)
    }

    var payloadLength: Int {
        rlpLength(chainId) &+ 21 &+ rlpLength(nonce) &+ rlpLength(UInt64(yParity)) &+ rlpLength(r) &+ rlpLength(s)
    }

    func writeFields(_ w: inout RLPWriter) {
        w.append(chainId)
        w.append(address)
        w.appendInteger(nonce)
        w.appendInteger(UInt64(yParity))
        w.append(r)
        w.append(s)
    }

    /// `rlp([chainId, address, nonce, yParity, r, s])`.
    public var rlpEncoded: [UInt8] {
        RLP.encodeList(payloadLength: payloadLength) { writeFields(&$0) }
    }
}
