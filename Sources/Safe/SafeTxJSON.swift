import ABI
import BallastJSON
import EthereumPrimitives

// The SafeTx file (the command-line contract, "Safe owners and simulation"; schema in
// docs/safe-tx.schema.json):
//
//   {"safe":"0x…","chainId":1,"version":"1.4.1","to":"0x…","value":"0","data":"0x…","operation":1,
//    "safeTxGas":"0","baseGas":"0","gasPrice":"0","gasToken":"0x0…0","refundReceiver":"0x0…0",
//    "nonce":"7","signatures":[{"owner":"0x…","signature":"0x…"}]}
//
// Reading is strict (the shared field reader, JSONFieldReading, with the file's codes): every key
// but `signatures` is required, no other key is allowed, addresses are 40 hex digits, `0x`
// optional (EIP-55 checked when mixed case), quantities are decimal strings (a JSON
// integer or a `0x` hex string is accepted too, as in the JSON value format), `chainId` a JSON
// integer (or decimal string), `operation` 0 or 1, `data` hex, each signature 65 bytes, and an
// owner signs at most once. Errors carry the JSON path of the value.

extension SafeTx {
    /// The most signatures a file may carry.
    public static let maxSignatures = 1024

    /// The keys of the file, in the order they are written.
    public static let fileKeys = [
        "safe", "chainId", "version", "to", "value", "data", "operation", "safeTxGas", "baseGas", "gasPrice",
        "gasToken", "refundReceiver", "nonce", "signatures",
    ]

    /// Reads a SafeTx file from UTF-8 JSON bytes.
    public init(bytes: [UInt8]) throws(SafeError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes: bytes)
        } catch {
            throw SafeError(.safeTxSyntax, "invalid JSON: \(error.message)", at: "byte \(error.offset)")
        }
        try self.init(json: json)
    }

    /// Reads a parsed SafeTx file.
    public init(json: JSONValue) throws(SafeError) {
        var r = SafeTxReader()
        let root = JSONPath.root
        guard let m = r.object(json, root) else { throw r.thrown }
        r.checkKeys(m, allowed: Self.fileKeys, root)
        try r.stopAtIssue()
        let safe = try r.field(m, "safe", root) { $0.address($1, $2) }
        let chainId = try r.field(m, "chainId", root) { $0.chainId($1, $2) }
        let version = try r.field(m, "version", root) { $0.version($1, $2) }
        let to = try r.field(m, "to", root) { $0.address($1, $2) }
        let value = try r.field(m, "value", root) { $0.quantity($1, $2) }
        let data = try r.field(m, "data", root) { $0.hex($1, $2) }
        let operation = try r.field(m, "operation", root) { $0.operation($1, $2) }
        let safeTxGas = try r.field(m, "safeTxGas", root) { $0.quantity($1, $2) }
        let baseGas = try r.field(m, "baseGas", root) { $0.quantity($1, $2) }
        let gasPrice = try r.field(m, "gasPrice", root) { $0.quantity($1, $2) }
        let gasToken = try r.field(m, "gasToken", root) { $0.address($1, $2) }
        let refundReceiver = try r.field(m, "refundReceiver", root) { $0.address($1, $2) }
        let nonce = try r.field(m, "nonce", root) { $0.quantity($1, $2) }
        var signatures: [SafeOwnerSignature] = []
        if let v = r.field(m, "signatures") {
            let path = root + "signatures"
            guard let items = r.array(v, path) else { throw r.thrown }
            guard items.count <= Self.maxSignatures else {
                throw SafeError(.safeTxTooManySignatures, "more than \(Self.maxSignatures) signatures", at: path.description)
            }
            var seen: [Address: Int] = [:]
            for (i, item) in items.enumerated() {
                let p = path + i
                guard let o = r.object(item, p) else { throw r.thrown }
                r.checkKeys(o, allowed: SafeTxReader.signatureKeys, p)
                try r.stopAtIssue()
                let owner = try r.field(o, "owner", p) { $0.address($1, $2) }
                let sig = try r.field(o, "signature", p) { $0.hex($1, $2) }
                guard sig.count == 65 else {
                    throw SafeError(.safeSignatureLength, "a signature is 65 bytes r ‖ s ‖ v, got \(sig.count)", at: (p + "signature").description)
                }
                if let first = seen[owner] {
                    throw SafeError(.safeTxDuplicateOwner, "owner \(owner.checksummed) already signed at signatures[\(first)]", at: (p + "owner").description)
                }
                seen[owner] = i
                signatures.append(SafeOwnerSignature(owner: owner, signature: sig))
            }
        }
        self.init(
            safe: safe, chainId: chainId, version: version, to: to, value: value, data: data, operation: operation,
            safeTxGas: safeTxGas, baseGas: baseGas, gasPrice: gasPrice, gasToken: gasToken,
            refundReceiver: refundReceiver, nonce: nonce, signatures: signatures)
    }

    /// The file as JSON: keys in the documented order, quantities as decimal strings, `chainId`
    /// and `operation` as numbers, addresses checksummed, `signatures` always present.
    public var jsonValue: JSONValue {
        .object([
            ("safe", .string(safe.checksummed)),
            ("chainId", .number(String(chainId))),
            ("version", .string(version.text)),
            ("to", .string(to.checksummed)),
            ("value", .string(value.decimalString)),
            ("data", .string(Hex.encode(data))),
            ("operation", .number(String(operation.rawValue))),
            ("safeTxGas", .string(safeTxGas.decimalString)),
            ("baseGas", .string(baseGas.decimalString)),
            ("gasPrice", .string(gasPrice.decimalString)),
            ("gasToken", .string(gasToken.checksummed)),
            ("refundReceiver", .string(refundReceiver.checksummed)),
            ("nonce", .string(nonce.decimalString)),
            ("signatures", .array(signatures.map { s in
                .object([("owner", .string(s.owner.checksummed)), ("signature", .string(Hex.encode(s.signature)))])
            })),
        ])
    }

    /// The Safe Transaction Service proposal (`POST /api/v2/safes/{safe}/multisig-transactions/`)
    /// with the signatures sorted by owner and concatenated, `sender` the first of them.
    /// Quantities as decimal strings, `operation` and `nonce` as numbers, `data` null when empty.
    ///
    /// - Precondition: at least one signature (the service needs a sender).
    public func serviceProposal(origin: String = "Ballast") -> JSONValue {
        let sorted = sortedSignatures
        return .object([
            ("safe", .string(safe.checksummed)),
            ("to", .string(to.checksummed)),
            ("value", .string(value.decimalString)),
            ("data", data.isEmpty ? .null : .string(Hex.encode(data))),
            ("operation", .number(String(operation.rawValue))),
            ("safeTxGas", .string(safeTxGas.decimalString)),
            ("baseGas", .string(baseGas.decimalString)),
            ("gasPrice", .string(gasPrice.decimalString)),
            ("gasToken", .string(gasToken.checksummed)),
            ("refundReceiver", .string(refundReceiver.checksummed)),
            ("nonce", .number(nonce.decimalString)),
            ("contractTransactionHash", .string(Hex.encode(safeTxHash))),
            ("sender", sorted.first.map { .string($0.owner.checksummed) } ?? .null),
            ("signature", sorted.isEmpty ? .null : .string(Hex.encode(sorted.flatMap(\.signature)))),
            ("origin", .string(origin)),
        ])
    }
}

/// Reads a SafeTx file with the shared field reader (JSONFieldReading): shapes, keys, addresses
/// (40 bare hex digits read too) and quantities (every malformed one `safe_tx_invalid_quantity`)
/// are its functions; the chain id, version, operation and bytes are the file's own. The first
/// problem is thrown, with the file's code (`safe_tx_wrong_kind` for `invalid_type`, `safe_tx_`
/// and the shared name for the others).
struct SafeTxReader: JSONFieldReading {
    /// The first problem found.
    private(set) var error: SafeError?

    static let signatureKeys = ["owner", "signature"]

    /// The file's code for a problem of the shared reader.
    static func code(_ code: JSONIssueCode) -> SafeError.Kind? {
        switch code {
        case .invalidType: .safeTxWrongKind
        case .missingField: .safeTxMissingField
        case .unknownField: .safeTxUnknownField
        case .duplicateField: .safeTxDuplicateField
        case .invalidAddress: .safeTxInvalidAddress
        case .invalidQuantity: .safeTxInvalidQuantity
        default: nil
        }
    }

    mutating func report(_ code: JSONIssueCode, _ message: String, at path: JSONPath) {
        // The functions a SafeTx file is read with report only the codes above.
        guard let kind = Self.code(code) else {
            assertionFailure("the SafeTx reader reported \(code.rawValue), which has no safe_tx_ name")
            refuse(SafeError(.safeTxWrongKind, message, at: path.description))
            return
        }
        refuse(SafeError(kind, message, at: path.description))
    }

    /// Records `error` unless a problem was found before.
    mutating func refuse(_ error: SafeError) {
        if self.error == nil { self.error = error }
    }

    /// A SafeTx file has no extension keys.
    var extensionPrefix: String? { nil }

    /// Every malformed quantity is `safe_tx_invalid_quantity`.
    var quantityCodes: JSONQuantityCodes { .uniform(.invalidQuantity) }

    /// Addresses are read with or without `0x` (docs/safe-tx.schema.json).
    var addressNeedsPrefix: Bool { false }

    /// A member given twice (in a value built in code) is `safe_tx_duplicate_field`.
    var refusesRepeatedKeys: Bool { true }

    /// The first problem, thrown.
    var thrown: SafeError {
        error ?? SafeError(.safeTxSyntax, "unreadable value")
    }

    /// Throws the first problem, if one was found.
    func stopAtIssue() throws(SafeError) {
        if error != nil { throw thrown }
    }

    /// The required member `key` of `m`, read by `read` at its own path; the first problem thrown.
    mutating func field<T>(
        _ m: Members, _ key: String, _ path: JSONPath, _ read: (inout Self, JSONValue, JSONPath) -> T?
    ) throws(SafeError) -> T {
        guard let v = required(m, key, path), let value = read(&self, v, path + key) else { throw thrown }
        return value
    }

    /// A quantity from 1 to the largest chain id EIP-155 can encode in `v`.
    mutating func chainId(_ v: JSONValue, _ path: JSONPath) -> UInt64? {
        guard let q = quantity(v, path) else { return nil }
        guard !q.isZero, q <= UInt256(UInt64.max / 2 - 36) else {
            refuse(SafeError(.safeTxInvalidChainId, "a chain id is 1 … \(UInt64.max / 2 - 36)", at: path.description))
            return nil
        }
        return q.low64
    }

    mutating func version(_ v: JSONValue, _ path: JSONPath) -> SafeVersion? {
        guard let s = string(v, path) else { return nil }
        guard let version = SafeVersion(s) else {
            refuse(SafeError(.safeTxInvalidVersion, "a Safe version is MAJOR.MINOR.PATCH (e.g. \"1.4.1\"), got \"\(s.prefix(40))\"", at: path.description))
            return nil
        }
        return version
    }

    mutating func operation(_ v: JSONValue, _ path: JSONPath) -> SafeOperation? {
        guard let q = quantity(v, path) else { return nil }
        guard q <= UInt256(1), let op = SafeOperation(rawValue: UInt8(q.low64)) else {
            refuse(SafeError(.safeTxInvalidOperation, "operation is 0 (call) or 1 (delegatecall)", at: path.description))
            return nil
        }
        return op
    }

    /// Bytes as hex, `0x` optional; a bad character is located by its offset after the path.
    mutating func hex(_ v: JSONValue, _ path: JSONPath) -> [UInt8]? {
        guard let s = string(v, path) else { return nil }
        do {
            return try Hex.decode(s)
        } catch {
            refuse(SafeError(.safeTxInvalidHex, "not hex bytes: \(error.message)", at: path.description + (error.location.map { " \($0)" } ?? "")))
            return nil
        }
    }
}
