/// A rejected RLP input (or a structural mismatch found while walking one).
///
/// Every failure carries a stable `code` (snake_case, never changed once published), a
/// human-readable `message` and the byte `offset` where it was found. Offsets are indices in
/// the decoded collection's own index space: for a `[UInt8]` they are plain byte offsets; for an
/// `ArraySlice<UInt8>` such as `raw[1...]` they are offsets in `raw`.
///
/// Unless stated otherwise, `offset` is the position of the first (prefix) byte of the offending
/// item. `trailingBytes` points at the first byte after the top-level item, `missingItem` at the
/// end of the list being read, and `emptyInput` at the start of the input.
public struct RLPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rejection classes. Each has its own stable `code`.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// The input holds no bytes at all.
        case emptyInput
        /// A single byte below 0x80 wrapped as a one-byte string (`0x81 0x00`…`0x81 0x7f`).
        case nonCanonicalSingleByte
        /// A long-form length whose first byte is zero.
        case leadingZeroInLength
        /// The long form (0xb8…0xbf, 0xf8…0xff) used for a payload shorter than 56 bytes.
        case nonCanonicalLongForm
        /// A declared length that does not fit in `Int`.
        case lengthOverflow
        /// An item (or its length bytes) running past the end of the input.
        case truncated
        /// An item running past the end of the list that contains it.
        case exceedsEnclosingList
        /// Bytes left after the single top-level item.
        case trailingBytes
        /// Lists nested deeper than the configured limit.
        case depthLimitExceeded
        /// A byte string was required but a list was found.
        case expectedBytes
        /// A list was required but a byte string was found.
        case expectedList
        /// Another item was required but the list (or input) has ended.
        case missingItem
        /// The list was required to end but holds another item.
        case extraItem
        /// An integer with a leading zero byte (zero itself must be the empty string 0x80).
        case nonCanonicalInteger
        /// An integer longer than the target type or the allowed byte count.
        case integerTooLarge
        /// A byte string whose length is not the one required (e.g. a 20-byte address).
        case unexpectedLength
        /// A hex-prefix (compact nibble) encoding with an invalid flag nibble or padding.
        case invalidHexPrefix
    }

    public let kind: Kind
    public let offset: Int

    @inlinable
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// Stable machine-readable identifier of the rejection class.
    public var code: String {
        switch kind {
        case .emptyInput: "rlp_empty_input"
        case .nonCanonicalSingleByte: "rlp_non_canonical_single_byte"
        case .leadingZeroInLength: "rlp_leading_zero_in_length"
        case .nonCanonicalLongForm: "rlp_non_canonical_long_form"
        case .lengthOverflow: "rlp_length_overflow"
        case .truncated: "rlp_truncated"
        case .exceedsEnclosingList: "rlp_exceeds_enclosing_list"
        case .trailingBytes: "rlp_trailing_bytes"
        case .depthLimitExceeded: "rlp_depth_limit_exceeded"
        case .expectedBytes: "rlp_expected_bytes"
        case .expectedList: "rlp_expected_list"
        case .missingItem: "rlp_missing_item"
        case .extraItem: "rlp_extra_item"
        case .nonCanonicalInteger: "rlp_non_canonical_integer"
        case .integerTooLarge: "rlp_integer_too_large"
        case .unexpectedLength: "rlp_unexpected_length"
        case .invalidHexPrefix: "rlp_invalid_hex_prefix"
        }
    }

    /// Human-readable explanation (without the offset; see `description`).
    public var message: String {
        switch kind {
        case .emptyInput: "empty input: an RLP encoding holds at least one byte"
        case .nonCanonicalSingleByte: "a single byte below 0x80 must be encoded as itself, not as a 1-byte string"
        case .leadingZeroInLength: "long-form length starts with a zero byte"
        case .nonCanonicalLongForm: "long-form length used for a payload shorter than 56 bytes"
        case .lengthOverflow: "declared length is too large to represent"
        case .truncated: "item runs past the end of the input"
        case .exceedsEnclosingList: "item runs past the end of its enclosing list"
        case .trailingBytes: "unexpected bytes after the top-level item"
        case .depthLimitExceeded: "lists nested deeper than the allowed limit"
        case .expectedBytes: "expected a byte string, found a list"
        case .expectedList: "expected a list, found a byte string"
        case .missingItem: "expected another item, but the list ended"
        case .extraItem: "expected the end of the list, found another item"
        case .nonCanonicalInteger: "integer has a leading zero byte (zero must be encoded as 0x80)"
        case .integerTooLarge: "integer is longer than allowed"
        case .unexpectedLength: "byte string does not have the required length"
        case .invalidHexPrefix: "invalid hex-prefix encoding (bad flag nibble or non-zero padding)"
        }
    }

    public var description: String { "\(code) at offset \(offset): \(message)" }
}
