import EthereumPrimitives
import RLP

/// Every rejection from this module: decoding raw transactions, reading transaction JSON,
/// validating against a fork's rules, and signing.
///
/// `code` is stable (snake_case). `field` names the transaction field concerned, with indices
/// for nested items (`accessList[0].storageKeys[1]`, `authorizationList[0].yParity`). `offset`
/// is the byte offset in the raw transaction for decoding errors. `location` combines them:
/// `field nonce (byte 3)`, `byte 0`, or the JSON path for errors in JSON input.
public struct TransactionError: BallastError, Hashable {
    /// The rejection classes; each has its own stable `code`.
    public enum Kind: Sendable, Hashable {
        // Structure
        /// No bytes at all.
        case emptyInput
        /// A first byte in 0x05...0x7f (an EIP-2718 type this library does not know), or 0x80...0xbf
        /// (neither a type byte nor a list).
        case unsupportedType(UInt8)
        /// A malformed RLP item (code taken from the RLP layer: `rlp_truncated`, `rlp_non_canonical_integer`…).
        case rlp(RLPError.Kind)
        /// The field list ends before this field.
        case missingField
        /// The field list has more items than the transaction type defines.
        case extraField
        /// A byte string of the wrong length (an address that is not 20 bytes, a storage key that is
        /// not 32 bytes…).
        case invalidLength(expected: String, actual: Int)
        /// An integer beyond its bound (nonce and gas below 2^64, chain id below 2^64…).
        case valueOutOfRange(String)
        /// Contract creation in a type that requires `to` (types 3 and 4).
        case missingTo
        /// A blob versioned hash whose first byte is not 0x01.
        case invalidBlobHashVersion(UInt8)
        /// A blob transaction without any versioned hash.
        case noBlobHashes
        /// A set-code transaction with an empty authorization list.
        case emptyAuthorizationList
        /// The blobs, commitments and proofs of a network-form blob transaction do not match.
        case invalidSidecar(String)

        // Signature
        /// yParity other than 0 or 1.
        case invalidYParity
        /// A legacy v that is neither 27/28 nor ≥ 35.
        case invalidV
        /// r = 0 or r ≥ n.
        case invalidR
        /// s = 0 or s ≥ n.
        case invalidS
        /// s > n/2 (EIP-2).
        case highS
        /// No public key recovers from the signature.
        case invalidSignature

        // JSON
        /// Malformed JSON text.
        case invalidJSON(String)
        /// A field the transaction format does not define.
        case unknownField
        /// A field that the (given or inferred) type does not have.
        case fieldNotAllowed(type: UInt8)
        /// A required field is absent.
        case requiredField
        /// A value of the wrong kind or format.
        case invalidValue(String)
        /// `input` and `data` are both given and differ.
        case conflictingFields

        // Validation and signing
        /// The gas limit is below the transaction's minimum (intrinsic gas, or the EIP-7623 floor).
        case gasBelowIntrinsic(required: UInt64, gasLimit: UInt64)
        /// EIP-7825 (Osaka): the gas limit is above the per-transaction cap.
        case gasAboveCap(cap: UInt64, gasLimit: UInt64, fork: String)
        /// nonce = 2^64 − 1 (EIP-2681).
        case nonceTooLarge
        /// Contract creation code longer than 49152 bytes (EIP-3860).
        case initcodeTooLarge(Int)
        /// maxPriorityFeePerGas > maxFeePerGas.
        case priorityFeeAboveMaxFee
        /// gas limit × fee per gas (or the blob fee product) does not fit in 256 bits.
        case feeOverflow
        /// The transaction's chain id is not the expected one.
        case chainIdMismatch(expected: UInt64, actual: UInt64?)
        /// The fork does not know this transaction type.
        case typeNotSupportedByFork(type: UInt8, fork: String)
        /// More blobs than the fork allows in a block.
        case tooManyBlobs(count: Int, max: Int)
        /// A legacy transaction without chain id (pre-EIP-155), not explicitly allowed.
        case unprotected
        /// The signature did not recover to the signer's address.
        case signerMismatch
        /// The signer failed or returned a malformed signature.
        case signingFailed(String)
    }

    public let kind: Kind
    /// The field concerned (`nonce`, `accessList[0].address`), if any.
    public let field: String?
    /// Byte offset in the raw transaction, for decoding errors.
    public let offset: Int?
    /// JSON path, for errors in JSON input (overrides the field in `location`).
    public let jsonPath: String?

    public init(_ kind: Kind, field: String? = nil, offset: Int? = nil, jsonPath: String? = nil) {
        self.kind = kind
        self.field = field
        self.offset = offset
        self.jsonPath = jsonPath
    }

    /// A copy that points at JSON path `path`.
    func at(path: String) -> TransactionError {
        TransactionError(kind, field: field, offset: offset, jsonPath: path)
    }

    public var code: String {
        switch kind {
        case .emptyInput: "tx_empty_input"
        case .unsupportedType: "tx_unsupported_type"
        case .rlp(let k): RLPError(k, offset: 0).code
        case .missingField: "tx_missing_field"
        case .extraField: "tx_extra_field"
        case .invalidLength: "tx_invalid_length"
        case .valueOutOfRange: "tx_value_out_of_range"
        case .missingTo: "tx_missing_to"
        case .invalidBlobHashVersion: "tx_invalid_blob_hash_version"
        case .noBlobHashes: "tx_no_blob_hashes"
        case .emptyAuthorizationList: "tx_empty_authorization_list"
        case .invalidSidecar: "tx_invalid_sidecar"
        case .invalidYParity: "tx_invalid_y_parity"
        case .invalidV: "tx_invalid_v"
        case .invalidR: "tx_invalid_signature_r"
        case .invalidS: "tx_invalid_signature_s"
        case .highS: "tx_high_s"
        case .invalidSignature: "tx_invalid_signature"
        case .invalidJSON: "bad_json"
        case .unknownField: "tx_json_unknown_field"
        case .fieldNotAllowed: "tx_json_field_not_allowed"
        case .requiredField: "tx_json_missing_field"
        case .invalidValue: "tx_json_invalid_value"
        case .conflictingFields: "tx_json_conflicting_fields"
        case .gasBelowIntrinsic: "gas_below_intrinsic"
        case .gasAboveCap: "gas_above_cap"
        case .nonceTooLarge: "nonce_too_large"
        case .initcodeTooLarge: "initcode_too_large"
        case .priorityFeeAboveMaxFee: "priority_fee_above_max_fee"
        case .feeOverflow: "fee_overflow"
        case .chainIdMismatch: "chain_id_mismatch"
        case .typeNotSupportedByFork: "tx_type_not_supported_by_fork"
        case .tooManyBlobs: "too_many_blobs"
        case .unprotected: "tx_unprotected"
        case .signerMismatch: "signer_mismatch"
        case .signingFailed: "signing_failed"
        }
    }

    public var message: String {
        let name = field ?? "value"
        switch kind {
        case .emptyInput: return "empty transaction: no bytes"
        case .unsupportedType(let t):
            if t >= 0x80 { return "a transaction starts with a type byte (0x00-0x7f) or an RLP list, got 0x\(Self.hex2(t))" }
            return "unsupported transaction type 0x\(Self.hex2(t))"
        case .rlp(let k):
            return "\(name): \(RLPError(k, offset: 0).message)"
        case .missingField: return "the transaction ends before field \(name)"
        case .extraField: return "unexpected item after the last field (\(name))"
        case .invalidLength(let expected, let actual): return "\(name) must be \(expected), got \(actual) bytes"
        case .valueOutOfRange(let bound): return "\(name) out of range: must be \(bound)"
        case .missingTo: return "\(name): this transaction type cannot create a contract; 'to' is required"
        case .invalidBlobHashVersion(let v): return "\(name): blob versioned hash must start with 0x01, got 0x\(Self.hex2(v))"
        case .noBlobHashes: return "a blob transaction needs at least one blob versioned hash"
        case .emptyAuthorizationList: return "a set-code transaction needs at least one authorization"
        case .invalidSidecar(let why): return "invalid blob sidecar: \(why)"
        case .invalidYParity: return "\(name) must be 0 or 1"
        case .invalidV: return "legacy v must be 27, 28 or at least 35 (EIP-155)"
        case .invalidR: return "signature r must be in 1...n-1"
        case .invalidS: return "signature s must be in 1...n-1"
        case .highS: return "signature s is above n/2 (EIP-2 requires low s)"
        case .invalidSignature: return "no public key recovers from this signature"
        case .invalidJSON(let why): return "invalid JSON: \(why)"
        case .unknownField: return "unknown field \(name)"
        case .fieldNotAllowed(let t): return "field \(name) is not part of a type \(t) transaction"
        case .requiredField: return "missing field \(name)"
        case .invalidValue(let why): return "\(name): \(why)"
        case .conflictingFields: return "input and data are both given and differ"
        case .gasBelowIntrinsic(let required, let gas): return "gas limit \(gas) is below the minimum \(required) this transaction needs"
        case .gasAboveCap(let cap, let gas, let fork): return "gas limit \(gas) is above \(fork)'s per-transaction cap of \(cap) (EIP-7825)"
        case .nonceTooLarge: return "nonce 2^64-1 can never be used (EIP-2681)"
        case .initcodeTooLarge(let n): return "contract creation code of \(n) bytes exceeds 49152 (EIP-3860)"
        case .priorityFeeAboveMaxFee: return "maxPriorityFeePerGas is above maxFeePerGas"
        case .feeOverflow: return "gas limit times fee per gas exceeds 2^256-1"
        case .chainIdMismatch(let expected, let actual):
            return "chain id \(actual.map(String.init) ?? "none (pre-EIP-155)") is not the expected \(expected)"
        case .typeNotSupportedByFork(let t, let fork): return "transaction type \(t) is not valid in \(fork)"
        case .tooManyBlobs(let count, let max): return "\(count) blobs exceed the maximum of \(max)"
        case .unprotected: return "legacy transaction without chain id (pre-EIP-155) is replayable on every chain"
        case .signerMismatch: return "the signature does not recover to the signer's address"
        case .signingFailed(let why): return "signing failed: \(why)"
        }
    }

    public var location: String? {
        if let jsonPath { return jsonPath }
        switch (field, offset) {
        case let (f?, o?): return "field \(f) (byte \(o))"
        case let (f?, nil): return "field \(f)"
        case let (nil, o?): return "byte \(o)"
        default: return nil
        }
    }

    static func hex2(_ b: UInt8) -> String {
        let d = Array("0123456789abcdef".utf8)
        return String(decoding: [d[Int(b >> 4)], d[Int(b & 15)]], as: UTF8.self)
    }
}
