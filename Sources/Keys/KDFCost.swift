/// A ceiling on the key-derivation work a keystore may ask for.
///
/// The memory of scrypt is capped by `Scrypt.defaultMemoryLimit`; its CPU time and that of
/// PBKDF2 are capped here. A keystore whose parameters cost more than `multiple` times the
/// standard parameters is refused (`kdf_too_expensive`) before anything is derived or allocated:
/// a hostile or mistaken file (scrypt p = 100000, pbkdf2 c = 2^31 − 1) would otherwise run for
/// hours. The standard costs are those of geth's "standard" scrypt (n = 2^18, r = 8, p = 1:
/// n·r·p = 2^21) and of PBKDF2-HMAC-SHA256 with c = 2^20 (about the 1,000,000 iterations that
/// eth-keyfile writes), which take about the same time. The default ceiling is 64 times that.
public struct KDFCostLimit: Sendable, Equatable, CustomStringConvertible {
    /// The allowed work as a multiple of the standard parameters' (at least 1).
    public let multiple: Int

    /// scrypt n·r·p of the standard parameters (n = 2^18, r = 8, p = 1).
    public static let standardScryptWork = 1 << 21
    /// PBKDF2 iterations of the standard parameters.
    public static let standardPBKDF2Iterations = 1 << 20

    /// 64 × the standard cost: scrypt n·r·p ≤ 2^27, pbkdf2 c ≤ 2^26.
    public static let `default` = KDFCostLimit(multiple: 64)

    public init(multiple: Int) {
        self.multiple = max(1, multiple)
    }

    /// The largest scrypt n·r·p allowed.
    public var maxScryptWork: Int { Self.standardScryptWork.multipliedReportingOverflow(by: multiple).overflow ? .max : Self.standardScryptWork * multiple }
    /// The largest PBKDF2 iteration count allowed.
    public var maxPBKDF2Iterations: Int { Self.standardPBKDF2Iterations.multipliedReportingOverflow(by: multiple).overflow ? .max : Self.standardPBKDF2Iterations * multiple }

    public var description: String { "\(multiple) × the standard cost" }

    /// Refuses `kdf` when it costs more than this limit allows (`kdf_too_expensive`, located at
    /// `crypto.kdfparams`). Pure arithmetic: nothing is allocated or derived.
    public func check(_ kdf: Keystore.KDF) throws(KeysError) {
        switch kdf {
        case .scrypt(let n, let r, let p):
            let nr = n.multipliedReportingOverflow(by: r)
            let work = nr.partialValue.multipliedReportingOverflow(by: p)
            guard !nr.overflow, !work.overflow, n > 0, r > 0, p > 0, work.partialValue <= maxScryptWork else {
                throw KeysError(
                    code: .kdfTooExpensive,
                    message: "scrypt n·r·p = \(n)·\(r)·\(p) exceeds the limit \(maxScryptWork) (\(multiple) × the standard n=262144, r=8, p=1); raise it with --max-kdf-cost if this keystore is trusted",
                    location: "crypto.kdfparams")
            }
        case .pbkdf2(let c):
            guard c <= maxPBKDF2Iterations else {
                throw KeysError(
                    code: .kdfTooExpensive,
                    message: "pbkdf2 c = \(c) exceeds the limit \(maxPBKDF2Iterations) (\(multiple) × the standard c=1048576); raise it with --max-kdf-cost if this keystore is trusted",
                    location: "crypto.kdfparams.c")
            }
        }
    }
}
