import ABI
import BallastJSON
import EthereumPrimitives

/// A signing policy (`docs/policy.md`): what a signing machine may ever sign. Every rule is
/// optional; an absent rule checks nothing, except the safety defaults, which refuse contract
/// creations, calls that do not decode, unlimited approvals, EIP-7702 authorizations to any
/// delegate not listed and authorizations valid on every chain unless the policy allows them.
///
/// `parse` reads the JSON format strictly; `evaluate` checks transactions (with their decoded call
/// trees) against it and returns every violation as a `Finding`.
public struct SigningPolicy: Sendable, Hashable {
    /// `description`: free text for the operator.
    public var summary: String?
    /// `chainIds`: the chains transactions and authorizations may be for.
    public var chainIds: Set<UInt64>?
    /// `accounts`: the senders (and EIP-7702 authorities) allowed.
    public var accounts: Set<Address>?
    /// `maxTransactions`: at most this many transactions in one evaluation.
    public var maxTransactions: Int?
    /// `maxValue`: wei per call, at any depth (a transaction's value is its top-level call's).
    public var maxValue: UInt256?
    /// `maxTotalValue`: wei summed over the transactions' values.
    public var maxTotalValue: UInt256?
    /// `maxTotalFee`: wei, the most the transactions can pay for gas together: each one's gas
    /// limit × its `maxFeePerGas` (or `gasPrice`), summed (blob gas not included).
    public var maxTotalFee: UInt256?
    /// `maxGas`: gas limit per transaction.
    public var maxGas: UInt64?
    /// `maxFeePerGas`: for EIP-1559-style fees; also bounds a legacy `gasPrice` when `maxGasPrice`
    /// is absent.
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    /// `maxGasPrice`: a legacy or EIP-2930 transaction's `gasPrice`.
    public var maxGasPrice: UInt256?
    /// `targets`: the only addresses calls may go to, at any depth.
    public var targets: Set<Address>?
    /// `deniedTargets`: addresses no call may go to.
    public var deniedTargets: Set<Address>
    /// `functions`: the only functions calls may call, at any depth.
    public var functions: PolicyFunctionSet?
    /// `deniedFunctions`: functions no call may call (matched by selector).
    public var deniedFunctions: PolicyFunctionSet
    /// `unknownCalls`: whether a call that does not decode may be signed (default: no).
    public var allowUnknownCalls: Bool
    /// `approvals`.
    public var approvals: ApprovalRules
    /// `recipients`: the only addresses that may receive what a call sends out or credits.
    public var recipients: Set<Address>?
    /// `delegates`: the only addresses an EIP-7702 authorization may delegate to (none by default).
    public var delegates: Set<Address>
    /// `allowAnyChainAuthorization`: whether an authorization may have chain id 0.
    public var allowAnyChainAuthorization: Bool
    /// `contractCreation`: whether a transaction may create a contract.
    public var contractCreation: Bool
    /// `safeOwners`: the Safe's owners; `safe sign` signs only as one of them and `safe exec`
    /// refuses a signature of anyone else.
    public var safeOwners: Set<Address>?
    /// `safeThreshold`: `safe exec` refuses fewer owner signatures.
    public var safeThreshold: Int?

    /// `approvals`: ERC-20 `approve` / `increaseAllowance`, ERC-2612 and DAI `permit`, Permit2
    /// `approve` and `permit` (single and batch), `setApprovalForAll` and Morpho
    /// `setAuthorization` (granting them is unlimited), at any depth.
    public struct ApprovalRules: Sendable, Hashable {
        /// The only spenders an approval may name.
        public var spenders: Set<Address>?
        /// The largest amount (base units) an approval of any token may grant (`maxAmount` given
        /// as one quantity).
        public var maxAmount: UInt256?
        /// The largest amount per token (`maxAmount` given as an object keyed by token address);
        /// a token not listed has no bound but `unlimited`.
        public var maxAmounts: [Address: UInt256]
        /// Whether an unlimited approval may be signed (default: no).
        public var unlimited: Bool

        public init(spenders: Set<Address>? = nil, maxAmount: UInt256? = nil, maxAmounts: [Address: UInt256] = [:], unlimited: Bool = false) {
            self.spenders = spenders
            self.maxAmount = maxAmount
            self.maxAmounts = maxAmounts
            self.unlimited = unlimited
        }

        /// The bound on an approval of `token`.
        public func limit(for token: Address) -> UInt256? { maxAmounts[token] ?? maxAmount }
    }

    /// A policy with no rules but the safety defaults.
    public init() {
        deniedTargets = []
        deniedFunctions = PolicyFunctionSet()
        allowUnknownCalls = false
        approvals = ApprovalRules()
        delegates = []
        allowAnyChainAuthorization = false
        contractCreation = false
    }

    /// The policy format version this build reads.
    public static let version: UInt64 = 1

    /// Reads a policy file (UTF-8 JSON) strictly: unknown keys, wrong types, malformed addresses
    /// (a mixed-case address must match its EIP-55 checksum), quantities, signatures and duplicate
    /// list entries are refused. Every problem found is reported, each with its JSON path.
    public static func parse(_ bytes: [UInt8]) throws(PolicyError) -> SigningPolicy {
        try read(document(bytes))
    }

    /// The first half of `parse(_:)`: the policy file as a JSON tree (its syntax errors as
    /// `parse` reports them). A caller may release the bytes before `read(_:)` builds the policy.
    public static func document(_ bytes: [UInt8]) throws(PolicyError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes: bytes)
        } catch {
            throw PolicyError([PolicyIssue(code: .invalidJSON, message: "invalid JSON at byte \(error.offset): \(error.message)", path: "$")])
        }
    }

    /// The second half of `parse(_:)`: the policy a parsed file describes, read strictly.
    public static func read(_ json: JSONValue) throws(PolicyError) -> SigningPolicy {
        var reader = PolicyReader()
        let policy = reader.read(json)
        if !reader.issues.isEmpty { throw PolicyError(reader.issues) }
        return policy
    }

    /// The functions the policy names by signature (allowed or denied): a caller may add them to
    /// its `CallDecoder` so that calls to them decode.
    public var functionDefinitions: [ABIFunction] {
        (functions?.definitions ?? []) + deniedFunctions.definitions
    }
}

/// Functions named by canonical signature or by 4-byte selector.
public struct PolicyFunctionSet: Sendable, Hashable {
    /// Selectors given as `0x` + 8 hex digits, as big-endian integers.
    public var selectors: Set<UInt32> = []
    /// Canonical signatures (`approve(address,uint256)`) of entries given as signatures.
    public var signatures: Set<String> = []
    /// The selectors of the signature entries.
    public var signatureSelectors: Set<UInt32> = []
    /// The parsed signature entries, in file order.
    public var definitions: [ABIFunction] = []

    public init() {}

    /// Whether a call to `function` (its canonical signature when it decoded) with `selector`
    /// is in the set: a selector entry matches the selector; a signature entry matches only a
    /// call that decoded as that function.
    public func allows(selector: UInt32, function: String?) -> Bool {
        if selectors.contains(selector) { return true }
        if let function { return signatures.contains(function) }
        return false
    }

    /// Whether `selector` is named by any entry (a signature entry by its selector): how denied
    /// functions are matched, so that a call whose arguments do not decode is still caught.
    public func names(selector: UInt32) -> Bool {
        selectors.contains(selector) || signatureSelectors.contains(selector)
    }
}

/// One problem in a policy file: a stable code, a sentence and the JSON path it is about
/// (`targets[2]`, `approvals.maxAmount`, `$` for the whole document).
public struct PolicyIssue: Sendable, Hashable {
    /// The typed code: a shared reading code or one of the policy's own (``JSONIssueCode/policyCodes``).
    public var kind: JSONIssueCode
    public var message: String
    public var path: String

    public init(code: JSONIssueCode, message: String, path: String) {
        self.kind = code
        self.message = message
        self.path = path
    }

    /// The stable snake_case code (`unknown_field`).
    public var code: String { kind.rawValue }

    /// `{"code","message","at"}`.
    public var jsonValue: JSONValue {
        .object([("code", .string(code)), ("message", .string(message)), ("at", .string(path))])
    }
}

/// A policy file that cannot be used, with every problem found (at least one). Its `code` is
/// always `policy_invalid`; each issue has its own code (`unknown_field`, `invalid_address`, …).
public struct PolicyError: BallastError, Hashable {
    public let issues: [PolicyIssue]

    public init(_ issues: [PolicyIssue]) {
        self.issues = issues.isEmpty ? [PolicyIssue(code: .policyInvalid, message: "the policy is invalid", path: "$")] : issues
    }

    public var code: String { JSONIssueCode.policyInvalid.rawValue }

    /// The first issue's message, with its path (`targets[2]: …`), and how many more there are.
    public var message: String {
        let first = issues[0]
        let more = issues.count == 1 ? "" : " (and \(issues.count - 1) more problem\(issues.count == 2 ? "" : "s"))"
        return "\(first.path): \(first.message)\(more)"
    }

    public var location: String? { issues[0].path }

    /// The issue codes in order.
    public var codes: [String] { issues.map(\.code) }

    /// Whether some issue has `code` at `path`.
    public func contains(code: String, at path: String) -> Bool {
        issues.contains { $0.code == code && $0.path == path }
    }
}
