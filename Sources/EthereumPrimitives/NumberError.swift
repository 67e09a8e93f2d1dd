/// An error from parsing or checked arithmetic on ``UInt256`` and ``Int256``.
public enum NumberError: BallastError, Equatable {
    /// The input has no digits (`""`, `"0x"`, `"-"`).
    case empty
    /// A character that is not allowed at `offset`: an index in Unicode scalars from the start
    /// of the input.
    case invalidCharacter(Character, offset: Int)
    /// A minus sign where only non-negative numbers are accepted.
    case negative
    /// `"-0"` (or `"-00"`…): zero written with a sign, refused as non-canonical.
    case negativeZero
    /// The value does not fit the target type, or a checked operation overflowed.
    case overflow
    /// A checked division by zero.
    case divisionByZero

    public var code: String {
        switch self {
        case .empty: "number_empty"
        case .invalidCharacter: "number_invalid_character"
        case .negative: "number_negative"
        case .negativeZero: "number_negative_zero"
        case .overflow: "number_overflow"
        case .divisionByZero: "number_division_by_zero"
        }
    }

    public var message: String {
        switch self {
        case .empty: "number has no digits"
        case .invalidCharacter(let c, _): "invalid character \(quoted(c)) in number"
        case .negative: "negative numbers are not accepted here"
        case .negativeZero: "\"-0\" is not a canonical number"
        case .overflow: "number out of range"
        case .divisionByZero: "division by zero"
        }
    }

    public var location: String? {
        switch self {
        case .invalidCharacter(_, let offset): "offset \(offset)"
        case .negative: "offset 0"
        default: nil
        }
    }
}

/// The character starting at UTF-8 offset `at` of an ASCII-prefixed buffer, for error messages.
///
/// Callers guarantee that every byte before `at` is ASCII, so `at` is also the index in Unicode
/// scalars (and, unless a combining mark follows ASCII text, in characters).
@usableFromInline
func characterAt(_ utf8: UnsafeBufferPointer<UInt8>, _ at: Int) -> Character {
    guard at < utf8.count else { return " " }
    let tail = UnsafeBufferPointer(rebasing: utf8[at...])
    return String(decoding: tail.prefix(8), as: UTF8.self).first ?? "?"
}

/// Runs `body` over the contiguous UTF-8 bytes of `text`, copying only when the string has no
/// contiguous UTF-8 storage (e.g. bridged strings).
@inlinable
func withUTF8<R>(_ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
    let copy = Array(text.utf8)
    return copy.withUnsafeBufferPointer(body)
}
