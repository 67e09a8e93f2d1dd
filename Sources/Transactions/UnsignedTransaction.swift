import EthereumPrimitives
import RLP

/// A transaction of any type before signing, keyed by its EIP-2718 type.
public enum UnsignedTransaction: Sendable, Hashable {
    case legacy(LegacyTransaction)
    case accessList(AccessListTransaction)
    case dynamicFee(DynamicFeeTransaction)
    case blob(BlobTransaction)
    case setCode(SetCodeTransaction)

    public init(_ tx: LegacyTransaction) { self = .legacy(tx) }
    public init(_ tx: AccessListTransaction) { self = .accessList(tx) }
    public init(_ tx: DynamicFeeTransaction) { self = .dynamicFee(tx) }
    public init(_ tx: BlobTransaction) { self = .blob(tx) }
    public init(_ tx: SetCodeTransaction) { self = .setCode(tx) }

    // MARK: Common fields

    public var type: TransactionType {
        switch self {
        case .legacy: .legacy
        case .accessList: .accessList
        case .dynamicFee: .dynamicFee
        case .blob: .blob
        case .setCode: .setCode
        }
    }

    /// nil only for a pre-EIP-155 legacy transaction.
    public var chainId: UInt64? {
        switch self {
        case .legacy(let t): t.chainId
        case .accessList(let t): t.chainId
        case .dynamicFee(let t): t.chainId
        case .blob(let t): t.chainId
        case .setCode(let t): t.chainId
        }
    }

    public var nonce: UInt64 {
        switch self {
        case .legacy(let t): t.nonce
        case .accessList(let t): t.nonce
        case .dynamicFee(let t): t.nonce
        case .blob(let t): t.nonce
        case .setCode(let t): t.nonce
        }
    }

    public var gasLimit: UInt64 {
        switch self {
        case .legacy(let t): t.gasLimit
        case .accessList(let t): t.gasLimit
        case .dynamicFee(let t): t.gasLimit
        case .blob(let t): t.gasLimit
        case .setCode(let t): t.gasLimit
        }
    }

    /// nil: contract creation.
    public var to: Address? {
        switch self {
        case .legacy(let t): t.to
        case .accessList(let t): t.to
        case .dynamicFee(let t): t.to
        case .blob(let t): t.to
        case .setCode(let t): t.to
        }
    }

    public var value: UInt256 {
        switch self {
        case .legacy(let t): t.value
        case .accessList(let t): t.value
        case .dynamicFee(let t): t.value
        case .blob(let t): t.value
        case .setCode(let t): t.value
        }
    }

    /// Calldata, or the initcode of a contract creation.
    public var input: [UInt8] {
        switch self {
        case .legacy(let t): t.input
        case .accessList(let t): t.input
        case .dynamicFee(let t): t.input
        case .blob(let t): t.input
        case .setCode(let t): t.input
        }
    }

    /// Empty for legacy transactions.
    public var accessList: [AccessListEntry] {
        switch self {
        case .legacy: []
        case .accessList(let t): t.accessList
        case .dynamicFee(let t): t.accessList
        case .blob(let t): t.accessList
        case .setCode(let t): t.accessList
        }
    }

    /// Types 0 and 1 only.
    public var gasPrice: UInt256? {
        switch self {
        case .legacy(let t): t.gasPrice
        case .accessList(let t): t.gasPrice
        default: nil
        }
    }

    /// Types 2, 3 and 4 only.
    public var maxFeePerGas: UInt256? {
        switch self {
        case .dynamicFee(let t): t.maxFeePerGas
        case .blob(let t): t.maxFeePerGas
        case .setCode(let t): t.maxFeePerGas
        default: nil
        }
    }

    /// Types 2, 3 and 4 only.
    public var maxPriorityFeePerGas: UInt256? {
        switch self {
        case .dynamicFee(let t): t.maxPriorityFeePerGas
        case .blob(let t): t.maxPriorityFeePerGas
        case .setCode(let t): t.maxPriorityFeePerGas
        default: nil
        }
    }

    /// Type 3 only.
    public var maxFeePerBlobGas: UInt256? {
        if case .blob(let t) = self { return t.maxFeePerBlobGas }
        return nil
    }

    /// Empty except for type 3.
    public var blobVersionedHashes: [Bytes32] {
        if case .blob(let t) = self { return t.blobVersionedHashes }
        return []
    }

    /// Empty except for type 4.
    public var authorizationList: [SignedAuthorization] {
        if case .setCode(let t) = self { return t.authorizationList }
        return []
    }

    /// Whether this transaction creates a contract.
    public var isContractCreation: Bool { to == nil }

    // MARK: Signing payload and hash

    /// The bytes whose keccak256 is signed: `type ‖ rlp(fields)` for typed transactions;
    /// `rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])` for EIP-155 legacy ones and
    /// `rlp([nonce, gasPrice, gas, to, value, data])` before EIP-155.
    public var signingPayload: [UInt8] {
        switch self {
        case .legacy(let t):
            guard let chainId = t.chainId else {
                return RLP.encodeList(payloadLength: t.fieldsLength) { t.writeFields(&$0) }
            }
            let payload = t.fieldsLength &+ rlpLength(chainId) &+ 2
            return RLP.encodeList(payloadLength: payload) { w in
                t.writeFields(&w)
                w.appendInteger(chainId)
                w.appendRaw(0x80 as UInt8)
                w.appendRaw(0x80 as UInt8)
            }
        case .accessList(let t): return Self.typedPayload(t, type: 1)
        case .dynamicFee(let t): return Self.typedPayload(t, type: 2)
        case .blob(let t): return Self.typedPayload(t, type: 3)
        case .setCode(let t): return Self.typedPayload(t, type: 4)
        }
    }

    /// keccak256 of `signingPayload`: the hash the sender signs.
    public var signingHash: Bytes32 { keccak(signingPayload) }

    static func typedPayload<T: TransactionFields>(_ t: T, type: UInt8) -> [UInt8] {
        RLP.encodeList(payloadLength: t.fieldsLength, prefix: type) { t.writeFields(&$0) }
    }

    // MARK: Signed encoding

    /// The canonical signed encoding (EIP-2718: `type ‖ rlp(fields ‖ [yParity, r, s])`; legacy:
    /// `rlp(fields ‖ [v, r, s])`). A blob transaction's canonical form has no sidecar.
    func signedEncoding(_ sig: TransactionSignature) -> [UInt8] {
        switch self {
        case .legacy(let t):
            let v = sig.v(chainId: t.chainId)
            let payload = t.fieldsLength &+ rlpLength(v) &+ rlpLength(sig.r) &+ rlpLength(sig.s)
            return RLP.encodeList(payloadLength: payload) { w in
                t.writeFields(&w)
                w.append(v)
                w.append(sig.r)
                w.append(sig.s)
            }
        case .accessList(let t): return Self.typedSigned(t, type: 1, sig)
        case .dynamicFee(let t): return Self.typedSigned(t, type: 2, sig)
        case .blob(let t): return Self.typedSigned(t, type: 3, sig)
        case .setCode(let t): return Self.typedSigned(t, type: 4, sig)
        }
    }

    @inline(__always)
    static func signatureLength(_ sig: TransactionSignature) -> Int {
        1 &+ rlpLength(sig.r) &+ rlpLength(sig.s)
    }

    @inline(__always)
    static func writeSignature(_ sig: TransactionSignature, _ w: inout RLPWriter) {
        w.appendInteger(UInt64(sig.yParity))
        w.append(sig.r)
        w.append(sig.s)
    }

    static func typedSigned<T: TransactionFields>(_ t: T, type: UInt8, _ sig: TransactionSignature) -> [UInt8] {
        let payload = t.fieldsLength &+ signatureLength(sig)
        return RLP.encodeList(payloadLength: payload, prefix: type) { w in
            t.writeFields(&w)
            writeSignature(sig, &w)
        }
    }

    /// The network form of a blob transaction with a sidecar:
    /// `0x03 ‖ rlp([body, blobs, commitments, proofs])` (EIP-4844) or
    /// `0x03 ‖ rlp([body, 1, blobs, commitments, cell_proofs])` (EIP-7594). nil without a sidecar.
    func networkEncoding(_ sig: TransactionSignature) -> [UInt8]? {
        guard case .blob(let t) = self, let sidecar = t.sidecar else { return nil }
        let bodyPayload = t.fieldsLength &+ Self.signatureLength(sig)
        func listLength(_ items: [[UInt8]]) -> Int {
            var n = 0
            for i in items { n &+= RLP.lengthOfBytes(i) }
            return n
        }
        let blobs = listLength(sidecar.blobs)
        let commitments = listLength(sidecar.commitments)
        let proofs = listLength(sidecar.proofs)
        var payload = RLP.lengthOfList(payloadLength: bodyPayload) &+ RLP.lengthOfList(payloadLength: blobs)
            &+ RLP.lengthOfList(payloadLength: commitments) &+ RLP.lengthOfList(payloadLength: proofs)
        if sidecar.version == .eip7594 { payload &+= 1 }
        return RLP.encodeList(payloadLength: payload, prefix: 3) { w in
            w.beginList(payloadLength: bodyPayload)
            t.writeFields(&w)
            Self.writeSignature(sig, &w)
            if sidecar.version == .eip7594 { w.appendInteger(1 as UInt64) }
            w.beginList(payloadLength: blobs)
            for b in sidecar.blobs { w.appendBytes(b) }
            w.beginList(payloadLength: commitments)
            for c in sidecar.commitments { w.appendBytes(c) }
            w.beginList(payloadLength: proofs)
            for p in sidecar.proofs { w.appendBytes(p) }
        }
    }
}

/// The unsigned transaction envelope under its alloy / go-ethereum name.
public typealias TypedTransaction = UnsignedTransaction
