import EthereumPrimitives
import Plan
import Safe
import Transactions

/// An EIP-7702 authorization as audited: its fields and, when it is signed, the recovered authority.
public struct AuditedAuthorization: Sendable, Hashable {
    public var chainId: UInt256
    public var address: Address
    public var nonce: UInt64
    /// nil when unsigned or when the signature does not recover.
    public var authority: Address?

    public init(chainId: UInt256, address: Address, nonce: UInt64, authority: Address?) {
        self.chainId = chainId
        self.address = address
        self.nonce = nonce
        self.authority = authority
    }
}

/// One transaction as the audit and the signing policy see it: its fields (nil where the input
/// does not give them, e.g. bare calldata or a plan's unsigned transaction) and its decoded
/// call tree.
public struct AuditedTransaction: Sendable, Hashable {
    /// Position in the input: findings about it use the path `tx[index]`.
    public var index: Int
    /// The plan action it carries, when it comes from a plan.
    public var actionId: String?
    public var type: TransactionType?
    public var hash: Bytes32?
    public var from: Address?
    /// nil for a contract creation (or bare calldata without `--to`).
    public var to: Address?
    public var chainId: UInt64?
    public var nonce: UInt64?
    public var value: UInt256
    public var gasLimit: UInt64?
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    public var data: [UInt8]
    public var authorizations: [AuditedAuthorization]
    /// The top-level call at `tx[index].calls[0]` with its nested calls; empty for a creation.
    public var calls: [DecodedCall]
    /// The signatures of every Safe `execTransaction` in the call tree, in tree order.
    public var safeSignatures: [SafeSignaturesReport] = []

    public init(
        index: Int, actionId: String? = nil, type: TransactionType? = nil, hash: Bytes32? = nil,
        from: Address? = nil, to: Address?, chainId: UInt64? = nil, nonce: UInt64? = nil,
        value: UInt256 = .zero, gasLimit: UInt64? = nil, gasPrice: UInt256? = nil,
        maxFeePerGas: UInt256? = nil, maxPriorityFeePerGas: UInt256? = nil, data: [UInt8],
        authorizations: [AuditedAuthorization] = [], calls: [DecodedCall]
    ) {
        self.index = index
        self.actionId = actionId
        self.type = type
        self.hash = hash
        self.from = from
        self.to = to
        self.chainId = chainId
        self.nonce = nonce
        self.value = value
        self.gasLimit = gasLimit
        self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.data = data
        self.authorizations = authorizations
        self.calls = calls
    }

    /// `tx[index]`.
    public var path: String { "tx[" + String(index) + "]" }
}
