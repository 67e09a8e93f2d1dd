/// An error whose own codes are the cases of `K` (each raw value a published snake_case code),
/// and which can also report another module's error in context under that error's code, so that
/// a code is never given as a string. `AuditError`, `CLIError` and `SafeError` are this type,
/// each with its own kinds.
public struct CodedError<K>: BallastError, Hashable where K: RawRepresentable & Sendable & Hashable, K.RawValue == String {
    /// The error's own codes.
    public typealias Kind = K

    /// This error's own code; nil when it reports another module's error in context (its
    /// ``code`` is then that error's).
    public let kind: Kind?
    public let code: String
    public let message: String
    public let location: String?

    /// An error with its own code.
    public init(_ code: Kind, _ message: String, at location: String? = nil) {
        self.kind = code
        self.code = code.rawValue
        self.message = message
        self.location = location
    }

    /// `error` reported in context: its code, with this message and location.
    public init(reporting error: some BallastError, _ message: String, at location: String? = nil) {
        self.kind = nil
        self.code = error.code
        self.message = message
        self.location = location
    }
}
