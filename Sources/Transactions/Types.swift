import LibCrypto
import EthereumPrimitives

/// The EIP-2718 transaction type byte.
public enum TransactionType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Legacy (untyped) transaction: plain RLP, no type byte.
    case legacy = 0
    /// EIP-2930 access-list transaction.
    case accessList = 1
    /// EIP-1559 dynamic-fee transaction.
    case dynamicFee = 2
    /// EIP-4844 blob transaction.
    case blob = 3
    /// EIP-7702 set-code transaction.
    case setCode = 4

    public var description: String {
        switch self {
        case .legacy: "legacy (type 0)"
        case .accessList: "EIP-2930 (type 1)"
        case .dynamicFee: "EIP-1559 (type 2)"
        case .blob: "EIP-4844 (type 3)"
        case .setCode: "EIP-7702 (type 4)"
        }
    }
}

/// One EIP-2930 access-list entry: an address and the storage keys it will touch.
public struct AccessListEntry: Sendable, Hashable {
    public var address: Address
    public var storageKeys: [Bytes32]

    public init(address: Address, storageKeys: [Bytes32] = []) {
        self.address = address
        self.storageKeys = storageKeys
    }
}

/// A type-0 transaction. With `chainId` set it is signed the EIP-155 way (v = chainId·2 + 35 +
/// yParity); with `chainId` nil it is a pre-EIP-155 transaction (v = 27 + yParity), replayable on
/// every chain.
public struct LegacyTransaction: Sendable, Hashable {
    public var chainId: UInt64?
    public var nonce: UInt64
    public var gasPrice: UInt256
    public var gasLimit: UInt64
    /// nil: contract creation.
    public var to: Address?
    public var value: UInt256
    public var input: [UInt8]

    public init(
        chainId: UInt64?, nonce: UInt64, gasPrice: UInt256, gasLimit: UInt64,
        to: Address?, value: UInt256 = .zero, input: [UInt8] = []
    ) {
        self.chainId = chainId
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.input = input
    }
}

/// A type-1 (EIP-2930) transaction.
public struct AccessListTransaction: Sendable, Hashable {
    public var chainId: UInt64
    public var nonce: UInt64
    public var gasPrice: UInt256
    public var gasLimit: UInt64
    /// nil: contract creation.
    public var to: Address?
    public var value: UInt256
    public var input: [UInt8]
    public var accessList: [AccessListEntry]

    public init(
        chainId: UInt64, nonce: UInt64, gasPrice: UInt256, gasLimit: UInt64,
        to: Address?, value: UInt256 = .zero, input: [UInt8] = [], accessList: [AccessListEntry] = []
    ) {
        self.chainId = chainId
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.input = input
        self.accessList = accessList
    }
}

/// A type-2 (EIP-1559) transaction.
public struct DynamicFeeTransaction: Sendable, Hashable {
    public var chainId: UInt64
    public var nonce: UInt64
    public var maxPriorityFeePerGas: UInt256
    public var maxFeePerGas: UInt256
    public var gasLimit: UInt64
    /// nil: contract creation.
    public var to: Address?
    public var value: UInt256
    public var input: [UInt8]
    public var accessList: [AccessListEntry]

    public init(
        chainId: UInt64, nonce: UInt64, maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256,
        gasLimit: UInt64, to: Address?, value: UInt256 = .zero, input: [UInt8] = [],
        accessList: [AccessListEntry] = []
    ) {
        self.chainId = chainId
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.input = input
        self.accessList = accessList
    }
}

/// The blobs, KZG commitments and proofs that travel with a blob transaction on the network
/// (never part of its hash or signature).
public struct BlobSidecar: Sendable, Hashable {
    /// The wrapper layout.
    public enum Version: UInt8, Sendable, Hashable {
        /// EIP-4844: `[tx_payload_body, blobs, commitments, proofs]`, one proof per blob.
        case eip4844 = 0
        /// EIP-7594: `[tx_payload_body, 1, blobs, commitments, cell_proofs]`, 128 cell proofs per blob.
        case eip7594 = 1
    }

    /// Bytes in one blob (4096 field elements of 32 bytes).
    public static let blobByteCount = 131_072
    /// Bytes in a KZG commitment or proof.
    public static let kzgByteCount = 48
    /// Cell proofs per blob in the EIP-7594 layout.
    public static let cellProofsPerBlob = 128

    public var version: Version
    public var blobs: [[UInt8]]
    public var commitments: [[UInt8]]
    public var proofs: [[UInt8]]

    public init(version: Version, blobs: [[UInt8]], commitments: [[UInt8]], proofs: [[UInt8]]) {
        self.version = version
        self.blobs = blobs
        self.commitments = commitments
        self.proofs = proofs
    }

    /// Checks the sidecar against the transaction's versioned hashes: its shape (see
    /// `validate(hashCount:)`), then that each commitment hashes to its versioned hash,
    /// `0x01 ‖ sha256(commitment)[1...]` (EIP-4844's kzg_to_versioned_hash). The KZG proofs are
    /// not verified (that needs the KZG trusted setup and pairings).
    public func validate(versionedHashes: [Bytes32]) throws(TransactionError) {
        try validate(hashCount: versionedHashes.count)
        for (i, c) in commitments.enumerated() {
            guard let digest = try? LibCrypto.sha256(c) else {
                throw TransactionError(.invalidSidecar("SHA-256 is unavailable"), field: "commitments[\(i)]")
            }
            let expected = versionedHashes[i].bytes
            guard expected[0] == BlobTransaction.versionedHashVersion, digest[1...] == expected[1...] else {
                throw TransactionError(
                    .invalidSidecar("commitment \(i) does not hash to blobVersionedHashes[\(i)]"), field: "commitments[\(i)]")
            }
        }
    }

    /// Checks the shape against `hashCount` versioned hashes: as many blobs and commitments as
    /// hashes, one proof per blob (EIP-4844) or 128 (EIP-7594), and exact item sizes.
    public func validate(hashCount: Int) throws(TransactionError) {
        guard blobs.count == hashCount else {
            throw TransactionError(.invalidSidecar("\(blobs.count) blobs for \(hashCount) versioned hashes"), field: "blobs")
        }
        guard commitments.count == hashCount else {
            throw TransactionError(.invalidSidecar("\(commitments.count) commitments for \(hashCount) versioned hashes"), field: "commitments")
        }
        let proofsPerBlob = version == .eip4844 ? 1 : Self.cellProofsPerBlob
        guard proofs.count == hashCount * proofsPerBlob else {
            throw TransactionError(.invalidSidecar("\(proofs.count) proofs for \(hashCount) blobs (\(proofsPerBlob) per blob)"), field: "proofs")
        }
        for (i, b) in blobs.enumerated() where b.count != Self.blobByteCount {
            throw TransactionError(.invalidLength(expected: "\(Self.blobByteCount) bytes", actual: b.count), field: "blobs[\(i)]")
        }
        for (i, c) in commitments.enumerated() where c.count != Self.kzgByteCount {
            throw TransactionError(.invalidLength(expected: "48 bytes", actual: c.count), field: "commitments[\(i)]")
        }
        for (i, p) in proofs.enumerated() where p.count != Self.kzgByteCount {
            throw TransactionError(.invalidLength(expected: "48 bytes", actual: p.count), field: "proofs[\(i)]")
        }
    }
}

/// A type-3 (EIP-4844) transaction. Its canonical form (hashed and signed) never includes the
/// blobs; `sidecar`, when present, gives the network form as well.
public struct BlobTransaction: Sendable, Hashable {
    public var chainId: UInt64
    public var nonce: UInt64
    public var maxPriorityFeePerGas: UInt256
    public var maxFeePerGas: UInt256
    public var gasLimit: UInt64
    /// Blob transactions cannot create contracts.
    public var to: Address
    public var value: UInt256
    public var input: [UInt8]
    public var accessList: [AccessListEntry]
    public var maxFeePerBlobGas: UInt256
    /// At least one; each starts with the version byte 0x01.
    public var blobVersionedHashes: [Bytes32]
    /// Blobs, commitments and proofs for the network form (optional).
    public var sidecar: BlobSidecar?

    public init(
        chainId: UInt64, nonce: UInt64, maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256,
        gasLimit: UInt64, to: Address, value: UInt256 = .zero, input: [UInt8] = [],
        accessList: [AccessListEntry] = [], maxFeePerBlobGas: UInt256,
        blobVersionedHashes: [Bytes32], sidecar: BlobSidecar? = nil
    ) {
        self.chainId = chainId
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.input = input
        self.accessList = accessList
        self.maxFeePerBlobGas = maxFeePerBlobGas
        self.blobVersionedHashes = blobVersionedHashes
        self.sidecar = sidecar
    }

    /// The version byte every blob versioned hash starts with (KZG).
    public static let versionedHashVersion: UInt8 = 0x01
    /// Blob gas per blob (2^17).
    public static let gasPerBlob: UInt64 = 131_072
}

/// A type-4 (EIP-7702) transaction.
public struct SetCodeTransaction: Sendable, Hashable {
    public var chainId: UInt64
    public var nonce: UInt64
    public var maxPriorityFeePerGas: UInt256
    public var maxFeePerGas: UInt256
    public var gasLimit: UInt64
    /// Set-code transactions cannot create contracts.
    public var to: Address
    public var value: UInt256
    public var input: [UInt8]
    public var accessList: [AccessListEntry]
    /// At least one.
    public var authorizationList: [SignedAuthorization]

    public init(
        chainId: UInt64, nonce: UInt64, maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256,
        gasLimit: UInt64, to: Address, value: UInt256 = .zero, input: [UInt8] = [],
        accessList: [AccessListEntry] = [], authorizationList: [SignedAuthorization]
    ) {
        self.chainId = chainId
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.input = input
        self.accessList = accessList
        self.authorizationList = authorizationList
    }
}
