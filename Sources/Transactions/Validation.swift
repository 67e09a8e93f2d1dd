import EthereumPrimitives

/// The protocol rule sets this module validates against (transaction rules only).
public enum Fork: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// EIP-1559 (types 0–2), EIP-2930 access lists, EIP-2028 calldata cost.
    case london
    /// + EIP-3860: initcode word cost and the 49152-byte initcode limit.
    case shanghai
    /// + EIP-4844 blob transactions (type 3), at most 6 blobs.
    case cancun
    /// + EIP-7702 set-code transactions (type 4), EIP-7623 calldata floor, at most 9 blobs.
    case prague
    /// + EIP-7825: a transaction's gas limit is at most 2^24; EIP-7594: at most 6 blobs per
    /// transaction (the cell-proof network wrapper is accepted under every fork).
    case osaka

    public static func < (a: Fork, b: Fork) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .london: "London"
        case .shanghai: "Shanghai"
        case .cancun: "Cancun"
        case .prague: "Prague"
        case .osaka: "Osaka"
        }
    }

    /// Parses a fork name, case-insensitively (`"Prague"`, `"cancun"`…). Paris maps to London's rules.
    public init?(name: String) {
        switch name.lowercased() {
        case "london", "paris", "merge": self = .london
        case "shanghai": self = .shanghai
        case "cancun": self = .cancun
        case "prague": self = .prague
        case "osaka", "fusaka": self = .osaka
        default: return nil
        }
    }

    /// Whether transactions of `type` exist in this fork.
    public func supports(_ type: TransactionType) -> Bool {
        switch type {
        case .legacy, .accessList, .dynamicFee: true
        case .blob: self >= .cancun
        case .setCode: self >= .prague
        }
    }

    /// Most blobs a block may carry (Osaka keeps Prague's 9; later blob-parameter forks change
    /// only the block's limit).
    public var maxBlobsPerBlock: Int { self >= .prague ? 9 : 6 }

    /// Most blobs one transaction may carry: the block's limit, and 6 from Osaka (EIP-7594).
    public var maxBlobsPerTransaction: Int { self >= .osaka ? 6 : maxBlobsPerBlock }

    /// The largest gas limit a transaction may have: 2^24 from Osaka (EIP-7825), else none.
    public var maxTransactionGasLimit: UInt64? { self >= .osaka ? 1 << 24 : nil }
}

/// Gas constants of the intrinsic cost (Yellow Paper, EIP-2028, EIP-2930, EIP-3860, EIP-7623, EIP-7702).
public enum GasCost {
    public static let transaction: UInt64 = 21_000
    public static let contractCreation: UInt64 = 32_000
    public static let zeroByte: UInt64 = 4
    public static let nonZeroByte: UInt64 = 16
    public static let initcodeWord: UInt64 = 2
    public static let accessListAddress: UInt64 = 2_400
    public static let accessListStorageKey: UInt64 = 1_900
    /// PER_EMPTY_ACCOUNT_COST, charged per authorization (EIP-7702).
    public static let authorization: UInt64 = 25_000
    /// TOTAL_COST_FLOOR_PER_TOKEN (EIP-7623).
    public static let floorPerToken: UInt64 = 10
    /// Tokens per non-zero calldata byte (EIP-7623; a zero byte is one token).
    public static let tokensPerNonZeroByte: UInt64 = 4
    /// Longest contract creation code (EIP-3860).
    public static let maxInitcodeSize = 49_152
}

/// The intrinsic gas of a transaction and its EIP-7623 calldata floor.
public struct IntrinsicGas: Sendable, Hashable {
    /// Gas charged before execution: 21000, creation (+32000, +2 per initcode word from
    /// Shanghai), calldata (4 per zero byte, 16 per other byte), access list (2400 per address,
    /// 1900 per storage key) and 25000 per authorization.
    public let intrinsic: UInt64
    /// EIP-7623 floor (Prague): 21000 + 10 × (zero bytes + 4 × non-zero bytes) of calldata; 0 before Prague.
    public let floor: UInt64

    /// The smallest gas limit the transaction can have: max(intrinsic, floor).
    public var minimumGasLimit: UInt64 { Swift.max(intrinsic, floor) }
}

@inline(__always)
func saturatingAdd(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (r, o) = a.addingReportingOverflow(b)
    return o ? .max : r
}

@inline(__always)
func saturatingMul(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (r, o) = a.multipliedReportingOverflow(by: b)
    return o ? .max : r
}

/// Number of zero bytes in `bytes`.
func zeroByteCount(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBytes { raw in
        // Eight bytes at a time: the high bit of each byte of `marks` is set exactly when that
        // byte of the word is zero ((b & 0x7f) + 0x7f sets the high bit for b ≠ 0; so does b itself).
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var zeros = 0
        var offset = 0
        while offset &+ 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let marks = ~(((word & low) &+ low) | word | low)
            zeros &+= marks.nonzeroBitCount
            offset &+= 8
        }
        while offset < raw.count {
            if raw[offset] == 0 { zeros &+= 1 }
            offset &+= 1
        }
        return zeros
    }
}

extension UnsignedTransaction {
    /// The intrinsic gas and calldata floor under `fork`'s rules.
    public func intrinsicGas(fork: Fork = .prague) -> IntrinsicGas {
        let data = input
        let zeros = UInt64(zeroByteCount(data))
        let nonZeros = UInt64(data.count) &- zeros
        var gas = GasCost.transaction
        gas = saturatingAdd(gas, saturatingMul(zeros, GasCost.zeroByte))
        gas = saturatingAdd(gas, saturatingMul(nonZeros, GasCost.nonZeroByte))
        if isContractCreation {
            gas = saturatingAdd(gas, GasCost.contractCreation)
            if fork >= .shanghai {
                let words = (UInt64(data.count) &+ 31) / 32
                gas = saturatingAdd(gas, saturatingMul(words, GasCost.initcodeWord))
            }
        }
        for entry in accessList {
            gas = saturatingAdd(gas, GasCost.accessListAddress)
            gas = saturatingAdd(gas, saturatingMul(UInt64(entry.storageKeys.count), GasCost.accessListStorageKey))
        }
        gas = saturatingAdd(gas, saturatingMul(UInt64(authorizationList.count), GasCost.authorization))
        var floor: UInt64 = 0
        if fork >= .prague {
            let tokens = saturatingAdd(zeros, saturatingMul(nonZeros, GasCost.tokensPerNonZeroByte))
            floor = saturatingAdd(GasCost.transaction, saturatingMul(tokens, GasCost.floorPerToken))
        }
        return IntrinsicGas(intrinsic: gas, floor: floor)
    }

    /// max(intrinsic gas, EIP-7623 floor) under Prague rules: a gas limit below it is refused
    /// when signing (`gas_below_intrinsic`).
    public var minimumGasLimit: UInt64 { intrinsicGas(fork: .prague).minimumGasLimit }

    /// Checks the rules a transaction must meet to be includable under `fork`, without state:
    /// the type exists in the fork; the chain id equals `chainId` when given (a pre-EIP-155 legacy
    /// transaction has none and passes); nonce < 2^64 − 1 (EIP-2681); creation code at most
    /// 49152 bytes (EIP-3860, from Shanghai); maxPriorityFeePerGas ≤ maxFeePerGas; gas × fee per gas
    /// (plus blob gas × blob fee) below 2^256; one to `maxBlobsPerTransaction` versioned hashes,
    /// each with version 0x01; a non-empty authorization list; gas limit ≥ max(intrinsic, floor)
    /// and, from Osaka, ≤ 2^24.
    public func validate(fork: Fork = .prague, chainId expected: UInt64? = nil) throws(TransactionError) {
        guard fork.supports(type) else {
            throw TransactionError(.typeNotSupportedByFork(type: type.rawValue, fork: fork.description), field: "type")
        }
        if let expected, let actual = chainId, actual != expected {
            throw TransactionError(.chainIdMismatch(expected: expected, actual: actual), field: "chainId")
        }
        guard nonce < UInt64.max else { throw TransactionError(.nonceTooLarge, field: "nonce") }
        if fork >= .shanghai, isContractCreation, input.count > GasCost.maxInitcodeSize {
            throw TransactionError(.initcodeTooLarge(input.count), field: "input")
        }
        let feePerGas: UInt256
        if let price = gasPrice {
            feePerGas = price
        } else {
            let maxFee = maxFeePerGas ?? .zero
            let tip = maxPriorityFeePerGas ?? .zero
            guard tip <= maxFee else { throw TransactionError(.priorityFeeAboveMaxFee, field: "maxPriorityFeePerGas") }
            feePerGas = maxFee
        }
        let (executionFee, overflow) = UInt256(gasLimit).multipliedReportingOverflow(by: feePerGas)
        guard !overflow else { throw TransactionError(.feeOverflow, field: "gas") }
        if case .blob(let t) = self {
            guard !t.blobVersionedHashes.isEmpty else { throw TransactionError(.noBlobHashes, field: "blobVersionedHashes") }
            guard t.blobVersionedHashes.count <= fork.maxBlobsPerTransaction else {
                throw TransactionError(
                    .tooManyBlobs(count: t.blobVersionedHashes.count, max: fork.maxBlobsPerTransaction), field: "blobVersionedHashes")
            }
            for (i, h) in t.blobVersionedHashes.enumerated() where h.firstByte != BlobTransaction.versionedHashVersion {
                throw TransactionError(.invalidBlobHashVersion(h.firstByte), field: "blobVersionedHashes[\(i)]")
            }
            let blobGas = UInt256(UInt64(t.blobVersionedHashes.count) &* BlobTransaction.gasPerBlob)
            let (blobFee, o1) = blobGas.multipliedReportingOverflow(by: t.maxFeePerBlobGas)
            let (_, o2) = executionFee.addingReportingOverflow(blobFee)
            guard !o1, !o2 else { throw TransactionError(.feeOverflow, field: "maxFeePerBlobGas") }
            if let sidecar = t.sidecar { try sidecar.validate(versionedHashes: t.blobVersionedHashes) }
        }
        if case .setCode(let t) = self, t.authorizationList.isEmpty {
            throw TransactionError(.emptyAuthorizationList, field: "authorizationList")
        }
        let required = intrinsicGas(fork: fork).minimumGasLimit
        guard gasLimit >= required else {
            throw TransactionError(.gasBelowIntrinsic(required: required, gasLimit: gasLimit), field: "gas")
        }
        if let cap = fork.maxTransactionGasLimit, gasLimit > cap {
            throw TransactionError(.gasAboveCap(cap: cap, gasLimit: gasLimit, fork: fork.description), field: "gas")
        }
    }
}

extension SignedTransaction {
    /// `transaction.validate(fork:chainId:)`: the checks beyond decoding that make a
    /// transaction includable under `fork` on chain `chainId`.
    public func validate(fork: Fork = .prague, chainId: UInt64? = nil) throws(TransactionError) {
        try transaction.validate(fork: fork, chainId: chainId)
    }
}
