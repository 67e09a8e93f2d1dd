/// The common shape of every error Ballast reports.
///
/// Each error carries a stable machine-readable ``code`` (snake_case, never changed once
/// published), a human-readable ``message`` and, when known, the ``location`` of the problem in
/// the input: `"offset 3"` for a character in a string (counted in Unicode scalars from the
/// start of the string, `0x` prefix included), `"byte 17"` for binary input, or a JSON
/// path such as `"actions[2].steps[1].amountIn"`.
///
/// The command-line tool prints errors as `{"error":{"code":…,"message":…,"at":…}}` from these
/// three properties, so every error type in the project adopts this protocol.
public protocol BallastError: Error, CustomStringConvertible, Sendable {
    /// A stable snake_case identifier, e.g. `"hex_odd_length"`.
    var code: String { get }
    /// A sentence describing the problem, without the location.
    var message: String { get }
    /// Where the problem is in the input (`"offset 3"`, `"byte 17"`, a JSON path), if known.
    var location: String? { get }
}

extension BallastError {
    /// `message`, followed by ` (at location)` when a location is known.
    public var description: String {
        if let location { return "\(message) (at \(location))" }
        return message
    }
}

// MARK: - Internal helpers shared by the parsers

/// Renders a character for an error message: printable characters quoted, others escaped.
@usableFromInline
func quoted(_ c: Character) -> String {
    String(reflecting: c)
}
