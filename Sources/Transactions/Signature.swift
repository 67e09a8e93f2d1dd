import EthereumPrimitives

/// The secp256k1 group order n and ⌊n/2⌋.
enum Curve {
    static let order = UInt256(
        w0: 0xBFD2_5E8C_D036_4141, w1: 0xBAAE_DCE6_AF48_A03B, w2: 0xFFFF_FFFF_FFFF_FFFE, w3: 0xFFFF_FFFF_FFFF_FFFF)
    static let halfOrder = UInt256(
        w0: 0xDFE9_2F46_681B_20A0, w1: 0x5D57_6E73_57A4_501D, w2: 0xFFFF_FFFF_FFFF_FFFF, w3: 0x7FFF_FFFF_FFFF_FFFF)
}

/// A transaction signature: the y parity of the nonce point R and the scalars r and s.
///
/// Every value is canonical: yParity is 0 or 1, 0 < r < n, 0 < s ≤ n/2 (EIP-2 low s). This
/// type is also the only place that converts between yParity and a legacy `v`.
public struct TransactionSignature: Sendable, Hashable {
    public let yParity: UInt8
    public let r: UInt256
    public let s: UInt256

    /// Checks the ranges: yParity ∈ {0, 1}, 0 < r < n, 0 < s < n and s ≤ n/2.
    public init(yParity: UInt8, r: UInt256, s: UInt256) throws(TransactionError) {
        try self.init(yParity: yParity, r: r, s: s, fields: ("yParity", "r", "s"), offsets: (nil, nil, nil))
    }

    /// The same checks; errors name `fields` and point at `offsets`.
    init(
        yParity: UInt8, r: UInt256, s: UInt256,
        fields: (String, String, String), offsets: (Int?, Int?, Int?)
    ) throws(TransactionError) {
        guard yParity <= 1 else { throw TransactionError(.invalidYParity, field: fields.0, offset: offsets.0) }
        guard !r.isZero, r < Curve.order else { throw TransactionError(.invalidR, field: fields.1, offset: offsets.1) }
        guard !s.isZero, s < Curve.order else { throw TransactionError(.invalidS, field: fields.2, offset: offsets.2) }
        guard s <= Curve.halfOrder else { throw TransactionError(.highS, field: fields.2, offset: offsets.2) }
        self.yParity = yParity
        self.r = r
        self.s = s
    }

    /// The legacy `v`: `chainId·2 + 35 + yParity` (EIP-155), or `27 + yParity` without chain id.
    public func v(chainId: UInt64?) -> UInt256 {
        Self.legacyV(chainId: chainId, yParity: yParity)
    }

    static func legacyV(chainId: UInt64?, yParity: UInt8) -> UInt256 {
        guard let chainId else { return UInt256(27 &+ UInt64(yParity)) }
        // chainId·2 + 35 + yParity < 2^66: no overflow in 256 bits.
        return UInt256(chainId) + UInt256(chainId) + UInt256(35 &+ UInt64(yParity))
    }

    /// Splits a legacy `v` into the chain id (nil for 27/28) and the y parity. v ∈ {27, 28} or
    /// v ≥ 35 with (v − 35)/2 < 2^64; anything else is rejected.
    static func parseLegacyV(_ v: UInt256) -> (chainId: UInt64?, yParity: UInt8)? {
        if v == UInt256(27) { return (nil, 0) }
        if v == UInt256(28) { return (nil, 1) }
        guard v >= UInt256(35) else { return nil }
        let k = v - UInt256(35)
        let chain = k >> 1
        guard let chainId = chain.uint64Value else { return nil }
        return (chainId, UInt8(truncatingIfNeeded: k.low64 & 1))
    }
}
