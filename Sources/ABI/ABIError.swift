import BallastJSON
import EthereumPrimitives

// Errors of the ABI codec: encoding (standard and packed), decoding (strict and lenient), and the
// findings that lenient decoding reports instead of failing.

// MARK: - Encoding

/// A value list that cannot be encoded as the given types.
///
/// `path` names the offending value inside the argument list: `[1][0]` is element 0 of argument 1;
/// with ``ABIParameter`` names, tuple components appear by name (`[1][0].amount`). Callers can put
/// their own prefix in front with ``prefixed(_:)`` (`args[1][0].amount`).
public struct ABIEncodingError: BallastError, Hashable {
    public enum Kind: Hashable, Sendable {
        /// The type itself cannot be encoded (`uint7`, `bytes33`, `T[0]`, `()`, nesting too deep).
        case invalidType(ABIType, reason: String)
        /// The value's kind does not match the type (a string where `uint256` is expected).
        case valueMismatch(expected: ABIType, found: String)
        /// An integer that does not fit `uintN` / `intN`.
        case integerOutOfRange(ABIType)
        /// A `bytesN` value whose byte count is not N.
        case fixedBytesLength(expected: Int, actual: Int)
        /// A `T[k]` value with a number of elements other than k.
        case arrayLength(expected: Int, actual: Int)
        /// A tuple value with a number of components other than the type's.
        case tupleArity(expected: Int, actual: Int)
        /// The number of values differs from the number of types.
        case argumentCount(expected: Int, actual: Int)
        /// A function selector that is not 4 bytes.
        case selectorLength(Int)
        /// The encoding would not fit in memory.
        case tooLarge
        /// A type that Solidity's packed mode (`abi.encodePacked`) refuses.
        case packedUnsupported(ABIType, reason: String)
    }

    public var kind: Kind
    /// Where the offending value is, relative to the argument list (`$` for the list itself).
    public var path: JSONPath

    public init(_ kind: Kind, path: JSONPath = .root) {
        self.kind = kind
        self.path = path
    }

    public var code: String {
        switch kind {
        case .invalidType: "abi_invalid_type"
        case .valueMismatch: "abi_value_mismatch"
        case .integerOutOfRange: "abi_integer_out_of_range"
        case .fixedBytesLength: "abi_fixed_bytes_length"
        case .arrayLength: "abi_array_length"
        case .tupleArity: "abi_tuple_arity"
        case .argumentCount: "abi_argument_count"
        case .selectorLength: "abi_selector_length"
        case .tooLarge: "abi_encoding_too_large"
        case .packedUnsupported: "abi_packed_unsupported"
        }
    }

    public var message: String {
        switch kind {
        case .invalidType(let t, let reason): "type \(t.canonical) cannot be encoded: \(reason)"
        case .valueMismatch(let t, let found): "expected a value of type \(t.canonical), found \(found)"
        case .integerOutOfRange(let t): "integer out of range for \(t.canonical)"
        case .fixedBytesLength(let n, let actual): "bytes\(n) needs exactly \(n) bytes, got \(actual)"
        case .arrayLength(let k, let actual): "fixed-size array needs exactly \(k) elements, got \(actual)"
        case .tupleArity(let n, let actual): "tuple needs exactly \(n) components, got \(actual)"
        case .argumentCount(let n, let actual): "expected \(n) values, got \(actual)"
        case .selectorLength(let n): "a function selector is 4 bytes, got \(n)"
        case .tooLarge: "the encoding is too large"
        case .packedUnsupported(let t, let reason): "\(t.canonical) is not supported in packed mode: \(reason)"
        }
    }

    public var location: String? {
        path.components.isEmpty ? nil : path.description
    }

    /// The same error with `prefix` in front of its path (`args` + `[1][0]` = `args[1][0]`).
    public func prefixed(_ prefix: JSONPath) -> ABIEncodingError {
        ABIEncodingError(kind, path: JSONPath(prefix.components + path.components))
    }

    @usableFromInline
    func prepending(_ component: JSONPath.Component) -> ABIEncodingError {
        ABIEncodingError(kind, path: JSONPath([component] + path.components))
    }
}

// MARK: - Decoding

/// How strictly ``ABIDecoder`` reads its input.
public enum ABIDecodingMode: Sendable, Hashable {
    /// Only the canonical encoding is accepted: every offset is where the encoder puts it
    /// (tails in order, contiguous, no gaps, overlaps or aliases) and no bytes follow.
    case strict
    /// Non-canonical offsets and trailing bytes are accepted and reported as findings. Anything
    /// ambiguous (dirty padding, a bool other than 0/1, out-of-range data, invalid UTF-8, an
    /// offset into the head it belongs to) is still rejected.
    case lenient
}

/// A rejected ABI encoding.
///
/// `offset` is a byte offset into the data given to the decoder (for ``ABIDecoder/decodeCall(_:selector:types:mode:)``
/// it counts the selector). Unless stated otherwise it is the start of the 32-byte word that
/// holds the problem. `path` names the value being read when the problem was found (`[2][0]`).
public struct ABIDecodingError: BallastError, Hashable {
    public enum Kind: Hashable, Sendable {
        /// The type cannot be decoded (`uint7`, `T[0]`, `()`, nesting too deep).
        case invalidType(ABIType, reason: String)
        /// The data ends before a head or static value is complete. `offset` is the data length.
        case truncated
        /// `uintN` with non-zero bytes above its N bits.
        case uintOutOfRange(bits: Int)
        /// `intN` whose bytes above its N bits are not the sign extension.
        case intSignExtension(bits: Int)
        /// An `address` word whose 12 high bytes are not zero.
        case addressPadding
        /// A `bool` word other than 0 or 1.
        case invalidBool
        /// `bytesN` with non-zero bytes after its N bytes.
        case fixedBytesPadding(count: Int)
        /// `bytes` / `string` content not followed by zero padding to a multiple of 32.
        /// `offset` is the word that holds the padding.
        case bytesPadding
        /// `string` content that is not valid UTF-8. `offset` is the first content byte.
        case invalidUTF8
        /// An offset pointing outside the data (or too near its end for what it points to).
        /// `offset` is the word holding the offset.
        case offsetOutOfBounds
        /// An offset pointing back into the head region of the tuple or array it belongs to.
        /// `offset` is the word holding the offset.
        case offsetIntoHead
        /// A length (of `bytes`, `string` or `T[]`) whose content cannot fit in the rest of the
        /// data. `offset` is the length word.
        case lengthOutOfBounds
        /// Strict mode: an offset that differs from where the encoder puts the value.
        /// `offset` is the word holding the offset.
        case nonCanonicalOffset(expected: Int, actual: Int)
        /// Strict mode: bytes after the encoding. `offset` is the first of them.
        case trailingBytes(count: Int)
        /// Calldata whose first 4 bytes are not the expected selector (`offset` 0).
        case selectorMismatch(expected: [UInt8], actual: [UInt8])
        /// Lenient mode: aliased offsets make the decoded values much larger than the input.
        case aliasingLimit
    }

    public var kind: Kind
    public var offset: Int
    /// The value being read (`[1][0]`), relative to the decoded list.
    public var path: JSONPath

    public init(_ kind: Kind, offset: Int, path: JSONPath = .root) {
        self.kind = kind
        self.offset = offset
        self.path = path
    }

    public var code: String {
        switch kind {
        case .invalidType: "abi_invalid_type"
        case .truncated: "abi_decode_truncated"
        case .uintOutOfRange: "abi_decode_uint_out_of_range"
        case .intSignExtension: "abi_decode_int_sign_extension"
        case .addressPadding: "abi_decode_address_padding"
        case .invalidBool: "abi_decode_invalid_bool"
        case .fixedBytesPadding: "abi_decode_fixed_bytes_padding"
        case .bytesPadding: "abi_decode_bytes_padding"
        case .invalidUTF8: "abi_decode_invalid_utf8"
        case .offsetOutOfBounds: "abi_decode_offset_out_of_bounds"
        case .offsetIntoHead: "abi_decode_offset_into_head"
        case .lengthOutOfBounds: "abi_decode_length_out_of_bounds"
        case .nonCanonicalOffset: "abi_decode_non_canonical_offset"
        case .trailingBytes: "abi_decode_trailing_bytes"
        case .selectorMismatch: "abi_decode_selector_mismatch"
        case .aliasingLimit: "abi_decode_aliasing_limit"
        }
    }

    public var message: String {
        switch kind {
        case .invalidType(let t, let reason): "type \(t.canonical) cannot be decoded: \(reason)"
        case .truncated: "the data ends before the encoding is complete"
        case .uintOutOfRange(let bits): "uint\(bits) value has non-zero bytes above its \(bits) bits"
        case .intSignExtension(let bits): "int\(bits) value is not sign-extended to 256 bits"
        case .addressPadding: "address word has non-zero bytes in its 12-byte padding"
        case .invalidBool: "bool word is neither 0 nor 1"
        case .fixedBytesPadding(let n): "bytes\(n) value has non-zero bytes after its \(n) bytes"
        case .bytesPadding: "bytes/string content is not followed by zero padding"
        case .invalidUTF8: "string is not valid UTF-8"
        case .offsetOutOfBounds: "offset points outside the data"
        case .offsetIntoHead: "offset points into the head it belongs to"
        case .lengthOutOfBounds: "length exceeds the remaining data"
        case .nonCanonicalOffset(let expected, let actual):
            "offset \(actual) is not canonical (the encoder puts this value at \(expected))"
        case .trailingBytes(let n): "\(n) bytes follow the encoding"
        case .selectorMismatch(let expected, let actual):
            "selector \(Hex.encode(actual)) does not match the expected \(Hex.encode(expected))"
        case .aliasingLimit: "aliased offsets expand the data beyond the decoding limit"
        }
    }

    public var location: String? {
        path.components.isEmpty ? "byte \(offset)" : "byte \(offset) (\(path))"
    }

    @usableFromInline
    func prepending(_ component: JSONPath.Component) -> ABIDecodingError {
        ABIDecodingError(kind, offset: offset, path: JSONPath([component] + path.components))
    }
}

/// Something non-canonical that lenient decoding accepted.
public struct ABIDecodeFinding: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// An offset that differs from where the encoder puts the value (a gap, reordered or
        /// aliased tails, or a misaligned offset).
        case nonCanonicalOffset(expected: Int, actual: Int)
        /// Bytes after the last byte any value uses.
        case trailingBytes(count: Int)
    }

    public var kind: Kind
    /// The word holding the offset, or the first trailing byte.
    public var offset: Int
    public var path: JSONPath

    public init(_ kind: Kind, offset: Int, path: JSONPath = .root) {
        self.kind = kind
        self.offset = offset
        self.path = path
    }

    /// The same code strict decoding uses when it rejects this.
    public var code: String {
        switch kind {
        case .nonCanonicalOffset: "abi_decode_non_canonical_offset"
        case .trailingBytes: "abi_decode_trailing_bytes"
        }
    }

    public var description: String {
        switch kind {
        case .nonCanonicalOffset(let expected, let actual):
            "non-canonical offset \(actual) (canonical: \(expected)) at byte \(offset)"
        case .trailingBytes(let n): "\(n) trailing bytes at byte \(offset)"
        }
    }

    func prepending(_ component: JSONPath.Component) -> ABIDecodeFinding {
        ABIDecodeFinding(kind, offset: offset, path: JSONPath([component] + path.components))
    }
}
