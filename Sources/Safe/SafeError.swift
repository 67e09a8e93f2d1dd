import EthereumPrimitives

/// An error of the Safe module, with a stable snake_case `code` and where it is: a JSON path of
/// a SafeTx file (`signatures[1].signature`), or a signature's index.
///
/// Codes:
/// - `safe_tx_syntax`: the file is not JSON (at `byte N`).
/// - `safe_tx_missing_field`, `safe_tx_unknown_field`, `safe_tx_wrong_kind`: the shape of the file
///   (and `safe_tx_duplicate_field`, a key given twice in a value built in code). These, with
///   `safe_tx_invalid_address` and `safe_tx_invalid_quantity`, are the shared field reader's
///   codes under the file's names: its invalid-type code becomes `safe_tx_wrong_kind`, the others
///   take the `safe_tx_` prefix.
/// - `safe_tx_invalid_address`, `safe_tx_invalid_quantity`, `safe_tx_invalid_hex`,
///   `safe_tx_invalid_version`, `safe_tx_invalid_operation`, `safe_tx_invalid_chain_id`: a bad value.
/// - `safe_tx_too_many_signatures`: more than `SafeTx.maxSignatures`.
/// - `safe_tx_duplicate_owner`: two signatures of one owner.
/// - `safe_signature_length`: a signature is not 65 bytes `r ‖ s ‖ v`.
/// - `safe_signature_invalid`: a signature that does not recover (bad r, s or v, high s).
/// - `safe_signature_wrong_owner`: a signature that recovers to another address than its owner.
/// - `safe_signature_unsupported`: a signature `safe exec` cannot check offline (contract, v = 0).
/// - `safe_owner_not_listed`: an owner that is not in the list of owners given.
/// - `safe_threshold_not_met`: fewer signatures than the threshold.
/// - `safe_no_signatures`: nothing to execute with.
/// - `safe_hash_mismatch`: the SafeTx hash is not the one expected.
/// - `safe_chain_mismatch`: the chain id given is not the file's.
/// - `safe_untrusted_delegatecall`: a DELEGATECALL to anything but a trusted MultiSendCallOnly.
/// - `safe_mode_required`, `missing_protocol_address`: a plan a SafeTx cannot be made from (not
///   in safe mode; no MultiSendCallOnly address for its chain).
/// - `signing_failed`: the signer refused or returned an unusable signature.
public typealias SafeError = CodedError<SafeErrorKind>

/// The codes of ``SafeError`` (listed there); the raw value is the published code (`SafeError.Kind`).
public enum SafeErrorKind: String, Sendable, Hashable, CaseIterable {
    case missingProtocolAddress = "missing_protocol_address"
    case safeChainMismatch = "safe_chain_mismatch"
    case safeHashMismatch = "safe_hash_mismatch"
    case safeModeRequired = "safe_mode_required"
    case safeNoSignatures = "safe_no_signatures"
    case safeOwnerNotListed = "safe_owner_not_listed"
    case safeSignatureInvalid = "safe_signature_invalid"
    case safeSignatureLength = "safe_signature_length"
    case safeSignatureUnsupported = "safe_signature_unsupported"
    case safeSignatureWrongOwner = "safe_signature_wrong_owner"
    case safeThresholdNotMet = "safe_threshold_not_met"
    case safeTxDuplicateField = "safe_tx_duplicate_field"
    case safeTxDuplicateOwner = "safe_tx_duplicate_owner"
    case safeTxInvalidAddress = "safe_tx_invalid_address"
    case safeTxInvalidChainId = "safe_tx_invalid_chain_id"
    case safeTxInvalidHex = "safe_tx_invalid_hex"
    case safeTxInvalidOperation = "safe_tx_invalid_operation"
    case safeTxInvalidQuantity = "safe_tx_invalid_quantity"
    case safeTxInvalidVersion = "safe_tx_invalid_version"
    case safeTxMissingField = "safe_tx_missing_field"
    case safeTxSyntax = "safe_tx_syntax"
    case safeTxTooManySignatures = "safe_tx_too_many_signatures"
    case safeTxUnknownField = "safe_tx_unknown_field"
    case safeTxWrongKind = "safe_tx_wrong_kind"
    case safeUntrustedDelegatecall = "safe_untrusted_delegatecall"
    case signingFailed = "signing_failed"
}
