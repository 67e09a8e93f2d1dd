import BallastJSON
import EthereumPrimitives

// The SafeTx file (the command-line contract, "Safe owners and simulation"; schema in
// docs/safe-tx.schema.json):
//
//   {"safe":"0x…","chainId":1,"version":"1.4.1","to":"0x…","value":"0","data":"0x…","operation":1,
//    "safeTxGas":"0","baseGas":"0","gasPrice":"0","gasToken":"0x0…0","refundReceiver":"0x0…0",
//    "nonce":"7","signatures":[{"owner":"0x…","signature":"0x…"}]}
//
// Reading is strict: every key but `signatures` is required, no other key is allowed, addresses
// are 40 hex digits (EIP-55 checked when mixed case), quantities are decimal strings (a JSON
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
        let r = SafeTxReader()
        let root = JSONPath.root
        let m = try r.object(json, root)
        try r.checkKeys(m, allowed: Self.fileKeys, root)
        let safe = try r.field(m, "safe", root, r.address)
        let chainId = try r.field(m, "chainId", root, r.chainId)
        let version = try r.field(m, "version", root, r.version)
        let to = try r.field(m, "to", root, r.address)
        let value = try r.field(m, "value", root, r.quantity)
        let data = try r.field(m, "data", root, r.hex)
        let operation = try r.field(m, "operation", root, r.operation)
        let safeTxGas = try r.field(m, "safeTxGas", root, r.quantity)
        let baseGas = try r.field(m, "baseGas", root, r.quantity)
        let gasPrice = try r.field(m, "gasPrice", root, r.quantity)
        let gasToken = try r.field(m, "gasToken", root, r.address)
        let refundReceiver = try r.field(m, "refundReceiver", root, r.address)
        let nonce = try r.field(m, "nonce", root, r.quantity)
        var signatures: [SafeOwnerSignature] = []
        if let v = m.first(where: { $0.key == "signatures" })?.value {
            let path = root + "signatures"
            guard case .array(let items) = v else {
                throw SafeError(.safeTxWrongKind, "signatures must be an array, found \(v.kindName)", at: path.description)
            }
            guard items.count <= Self.maxSignatures else {
                throw SafeError(.safeTxTooManySignatures, "more than \(Self.maxSignatures) signatures", at: path.description)
            }
            var seen: [Address: Int] = [:]
            for (i, item) in items.enumerated() {
                let p = path + i
                let o = try r.object(item, p)
                try r.checkKeys(o, allowed: ["owner", "signature"], p)
                let owner = try r.field(o, "owner", p, r.address)
                let sig = try r.field(o, "signature", p, r.hex)
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

/// The strict field readers of a SafeTx file.
struct SafeTxReader {
    func object(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> [(key: String, value: JSONValue)] {
        guard case .object(let m) = v else {
            throw SafeError(.safeTxWrongKind, "expected an object, found \(v.kindName)", at: path.description)
        }
        return m
    }

    func checkKeys(_ m: [(key: String, value: JSONValue)], allowed: [String], _ path: JSONPath) throws(SafeError) {
        var seen: Set<String> = []
        for (k, _) in m {
            guard allowed.contains(k) else {
                throw SafeError(.safeTxUnknownField, "unknown field \"\(k.prefix(64))\" (known: \(allowed.joined(separator: ", ")))", at: (path + k).description)
            }
            guard seen.insert(k).inserted else {
                throw SafeError(.safeTxDuplicateField, "field \"\(k)\" is given twice", at: (path + k).description)
            }
        }
    }

    /// The required member `key` of `m`, read by `read` at its own path.
    func field<T>(
        _ m: [(key: String, value: JSONValue)], _ key: String, _ path: JSONPath,
        _ read: (JSONValue, JSONPath) throws(SafeError) -> T
    ) throws(SafeError) -> T {
        try read(required(m, key, path), path + key)
    }

    func required(_ m: [(key: String, value: JSONValue)], _ key: String, _ path: JSONPath) throws(SafeError) -> JSONValue {
        guard let v = m.first(where: { $0.key == key })?.value else {
            throw SafeError(.safeTxMissingField, "missing \"\(key)\"", at: (path + key).description)
        }
        return v
    }

    func string(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> String {
        guard case .string(let s) = v else {
            throw SafeError(.safeTxWrongKind, "expected a string, found \(v.kindName)", at: path.description)
        }
        return s
    }

    func address(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> Address {
        let s = try string(v, path)
        do {
            return try Address(hex: s)
        } catch {
            throw SafeError(.safeTxInvalidAddress, "not an address: \(error.message)", at: path.description)
        }
    }

    /// A decimal string, a JSON integer, or a `0x` hex string.
    func quantity(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> UInt256 {
        let text: String
        switch v {
        case .string(let s): text = s
        case .number(let n): text = n
        default: throw SafeError(.safeTxWrongKind, "expected a decimal string, found \(v.kindName)", at: path.description)
        }
        do {
            if case .number = v { return try UInt256(decimal: text) }
            return try UInt256(parsing: text)
        } catch {
            throw SafeError(.safeTxInvalidQuantity, "not a 256-bit unsigned integer: \(error.message)", at: path.description)
        }
    }

    func chainId(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> UInt64 {
        let q = try quantity(v, path)
        guard !q.isZero, q <= UInt256(UInt64.max / 2 - 36) else {
            throw SafeError(.safeTxInvalidChainId, "a chain id is 1 … \(UInt64.max / 2 - 36)", at: path.description)
        }
        return q.low64
    }

    func version(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> SafeVersion {
        let s = try string(v, path)
        guard let version = SafeVersion(s) else {
            throw SafeError(.safeTxInvalidVersion, "a Safe version is MAJOR.MINOR.PATCH (e.g. \"1.4.1\"), got \"\(s.prefix(40))\"", at: path.description)
        }
        return version
    }

    func operation(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> SafeOperation {
        let q = try quantity(v, path)
        guard q <= UInt256(1), let op = SafeOperation(rawValue: UInt8(q.low64)) else {
            throw SafeError(.safeTxInvalidOperation, "operation is 0 (call) or 1 (delegatecall)", at: path.description)
        }
        return op
    }

    func hex(_ v: JSONValue, _ path: JSONPath) throws(SafeError) -> [UInt8] {
        let s = try string(v, path)
        do {
            return try Hex.decode(s)
        } catch {
            throw SafeError(.safeTxInvalidHex, "not hex bytes: \(error.message)", at: path.description + (error.location.map { " \($0)" } ?? ""))
        }
    }
}
