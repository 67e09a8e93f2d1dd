import BallastJSON

// The plan's own issue codes (the shared ones: BallastJSON's JSONIssueCode). Each raw value is
// a published code, never changed.

extension JSONIssueCode {
    static let abiUnreadable = JSONIssueCode(rawValue: "abi_unreadable")
    static let ambiguousFunction = JSONIssueCode(rawValue: "ambiguous_function")
    static let amountZero = JSONIssueCode(rawValue: "amount_zero")
    static let authorizeNeeds1559Fees = JSONIssueCode(rawValue: "authorize_needs_1559_fees")
    static let duplicateId = JSONIssueCode(rawValue: "duplicate_id")
    static let duplicateLoanToken = JSONIssueCode(rawValue: "duplicate_loan_token")
    static let executorLimit = JSONIssueCode(rawValue: "executor_limit")
    static let feeOverflow = JSONIssueCode(rawValue: "fee_overflow")
    static let feesConflict = JSONIssueCode(rawValue: "fees_conflict")
    static let flashLoanInEoaMode = JSONIssueCode(rawValue: "flash_loan_in_eoa_mode")
    static let flashLoanInSafeMode = JSONIssueCode(rawValue: "flash_loan_in_safe_mode")
    static let flashLoanUncovered = JSONIssueCode(rawValue: "flash_loan_uncovered")
    static let functionNeedsSignature = JSONIssueCode(rawValue: "function_needs_signature")
    static let gasBelowIntrinsic = JSONIssueCode(rawValue: "gas_below_intrinsic")
    static let guardFailed = JSONIssueCode(rawValue: "guard_failed")
    static let invalidHedge = JSONIssueCode(rawValue: "invalid_hedge")
    static let invalidId = JSONIssueCode(rawValue: "invalid_id")
    static let invalidPath = JSONIssueCode(rawValue: "invalid_path")
    static let invalidSignature = JSONIssueCode(rawValue: "invalid_signature")
    static let invalidSymbol = JSONIssueCode(rawValue: "invalid_symbol")
    static let missingProtocolAddress = JSONIssueCode(rawValue: "missing_protocol_address")
    static let morphoSingleLoan = JSONIssueCode(rawValue: "morpho_single_loan")
    static let noActions = JSONIssueCode(rawValue: "no_actions")
    static let noLoans = JSONIssueCode(rawValue: "no_loans")
    static let nonceOverflow = JSONIssueCode(rawValue: "nonce_overflow")
    static let planInvalid = JSONIssueCode(rawValue: "plan_invalid")
    static let priorityFeeAboveMaxFee = JSONIssueCode(rawValue: "priority_fee_above_max_fee")
    static let repayAmounts = JSONIssueCode(rawValue: "repay_amounts")
    static let safeModeUnsigned = JSONIssueCode(rawValue: "safe_mode_unsigned")
    static let swapAmounts = JSONIssueCode(rawValue: "swap_amounts")
    static let unknownFunction = JSONIssueCode(rawValue: "unknown_function")
    static let unknownKind = JSONIssueCode(rawValue: "unknown_kind")
    static let unknownMode = JSONIssueCode(rawValue: "unknown_mode")
    static let unknownOp = JSONIssueCode(rawValue: "unknown_op")
    static let unknownProtocol = JSONIssueCode(rawValue: "unknown_protocol")
    static let unknownTarget = JSONIssueCode(rawValue: "unknown_target")
    static let unknownToken = JSONIssueCode(rawValue: "unknown_token")
    static let unknownVenue = JSONIssueCode(rawValue: "unknown_venue")
    static let unsupportedSwap = JSONIssueCode(rawValue: "unsupported_swap")
    static let valueOverflow = JSONIssueCode(rawValue: "value_overflow")
    static let wrongKey = JSONIssueCode(rawValue: "wrong_key")

    /// Every code of the plan's own (the reader's, the compiler's, the assembly's).
    public static let planCodes: [JSONIssueCode] = [
        .invalidDecimal,
        .abiUnreadable, .ambiguousFunction, .amountZero, .authorizeNeeds1559Fees, .duplicateId, .duplicateLoanToken, .executorLimit, .feeOverflow, .feesConflict, .flashLoanInEoaMode, .flashLoanInSafeMode, .flashLoanUncovered, .functionNeedsSignature, .gasBelowIntrinsic, .guardFailed, .invalidHedge, .invalidId, .invalidPath, .invalidSignature, .invalidSymbol, .missingProtocolAddress, .morphoSingleLoan, .noActions, .noLoans, .nonceOverflow, .planInvalid, .priorityFeeAboveMaxFee, .repayAmounts, .safeModeUnsigned, .swapAmounts, .unknownFunction, .unknownKind, .unknownMode, .unknownOp, .unknownProtocol, .unknownTarget, .unknownToken, .unknownVenue, .unsupportedSwap, .valueOverflow, .wrongKey,
    ]
}
