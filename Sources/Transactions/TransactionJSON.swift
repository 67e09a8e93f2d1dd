import BallastJSON
import EthereumPrimitives

// JSON in: an `eth_signTransaction`-style object → UnsignedTransaction.
// JSON out: the `tx decode --json` object of a SignedTransaction.

extension UnsignedTransaction {
    /// The fields a transaction object may have.
    public static let jsonFields: Set<String> = [
        "type", "chainId", "nonce", "to", "value", "input", "data", "gas", "gasPrice", "maxFeePerGas",
        "maxPriorityFeePerGas", "accessList", "maxFeePerBlobGas", "blobVersionedHashes", "authorizationList",
    ]

    /// Parses a JSON-RPC `eth_signTransaction`-style object.
    ///
    /// Quantities are JSON integers, decimal strings or `0x` hex quantities; byte strings are hex
    /// (`0x` optional); addresses are hex with a valid EIP-55 checksum when mixed-case. A null
    /// value counts as absent (`to` absent or null: contract creation). `input` and `data` are
    /// synonyms; both given and different is an error.
    ///
    /// Without `type` the type is inferred, as JSON-RPC nodes do: 4 with `authorizationList`,
    /// else 3 with `blobVersionedHashes` or `maxFeePerBlobGas`, else 2 with `maxFeePerGas` or
    /// `maxPriorityFeePerGas`, else 1 with `accessList`, else 0.
    ///
    /// Unknown fields, fields the type does not have, and missing required fields are errors
    /// (required: `nonce`, `gas`, the fee fields of the type, `chainId` — optional for type 0 only
    /// when `allowUnprotected` — `to` for types 3 and 4, `maxFeePerBlobGas` and a non-empty
    /// `blobVersionedHashes` for type 3, a non-empty `authorizationList` for type 4). Errors carry
    /// the JSON path below `path`.
    public init(json: JSONValue, allowUnprotected: Bool = false, path: JSONPath = .root) throws(TransactionError) {
        self = try TransactionJSONReader(path: path).read(json, allowUnprotected: allowUnprotected)
    }

    /// Parses JSON text (see `init(json:allowUnprotected:path:)`).
    public init(jsonText: String, allowUnprotected: Bool = false) throws(TransactionError) {
        let value: JSONValue
        do throws(JSONSyntaxError) { value = try JSONValue.parse(jsonText) } catch {
            throw TransactionError(.invalidJSON(error.message), jsonPath: "byte \(error.offset)")
        }
        try self.init(json: value, allowUnprotected: allowUnprotected)
    }
}

struct TransactionJSONReader {
    let path: JSONPath

    func fail(_ kind: TransactionError.Kind, _ p: JSONPath, field: String? = nil) -> TransactionError {
        TransactionError(kind, field: field ?? Self.lastKey(p), jsonPath: p.description)
    }

    static func lastKey(_ p: JSONPath) -> String? {
        guard let last = p.components.last else { return nil }
        switch last {
        case .key(let k): return k
        case .index: return p.description
        }
    }

    // MARK: Scalars
    // Paths are built only when an error needs them (a path is an allocation; a line has many fields).

    func quantity(_ v: JSONValue, _ p: @autoclosure () -> JSONPath) throws(TransactionError) -> UInt256 {
        let text: String
        switch v {
        case .number(let n):
            guard !n.isEmpty, n.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw fail(.invalidValue("a quantity must be a non-negative integer, got \(n)"), p())
            }
            text = n
        case .string(let s):
            text = s
            let u = s.utf8
            let isHex = u.starts(with: "0x".utf8) || u.starts(with: "0X".utf8)
            if !isHex {
                guard !u.isEmpty, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw fail(.invalidValue("a quantity must be a decimal string or a 0x hex quantity, got \"\(s)\""), p())
                }
            }
        default:
            throw fail(.invalidValue("a quantity must be a number or a string, got \(v.kindName)"), p())
        }
        do throws(NumberError) { return try UInt256(parsing: text) } catch {
            if error == .overflow { throw fail(.invalidValue("quantity exceeds 2^256-1"), p()) }
            throw fail(.invalidValue("invalid quantity \"\(text)\": \(error.message)"), p())
        }
    }

    func uint64(_ v: JSONValue, _ p: @autoclosure () -> JSONPath) throws(TransactionError) -> UInt64 {
        let q = try quantity(v, p())
        guard let x = q.uint64Value else { throw fail(.invalidValue("must be below 2^64"), p()) }
        return x
    }

    func bytes(_ v: JSONValue, _ p: @autoclosure () -> JSONPath) throws(TransactionError) -> [UInt8] {
        guard case .string(let s) = v else { throw fail(.invalidValue("expected a hex string, got \(v.kindName)"), p()) }
        do throws(HexError) { return try Hex.decode(s) } catch {
            throw fail(.invalidValue("\(error.message)\(error.location.map { " at \($0)" } ?? "")"), p())
        }
    }

    func address(_ v: JSONValue, _ p: @autoclosure () -> JSONPath) throws(TransactionError) -> Address {
        guard case .string(let s) = v else { throw fail(.invalidValue("expected an address string, got \(v.kindName)"), p()) }
        do throws(AddressError) { return try Address(hex: s) } catch {
            throw fail(.invalidValue("\(error.message)\(error.location.map { " at \($0)" } ?? "")"), p())
        }
    }

    func bytes32(_ v: JSONValue, _ p: @autoclosure () -> JSONPath) throws(TransactionError) -> Bytes32 {
        let b = try bytes(v, p())
        guard let h = Bytes32(bytes: b) else { throw fail(.invalidValue("expected 32 bytes, got \(b.count)"), p()) }
        return h
    }

    func array(_ v: JSONValue, _ p: JSONPath) throws(TransactionError) -> [JSONValue] {
        guard case .array(let items) = v else { throw fail(.invalidValue("expected an array, got \(v.kindName)"), p) }
        return items
    }

    func object(_ v: JSONValue, _ p: JSONPath) throws(TransactionError) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = v else { throw fail(.invalidValue("expected an object, got \(v.kindName)"), p) }
        return members
    }

    // MARK: Composite values

    func accessList(_ v: JSONValue, _ p: JSONPath) throws(TransactionError) -> [AccessListEntry] {
        var out: [AccessListEntry] = []
        for (i, item) in try array(v, p).enumerated() {
            let ip = p + i
            var address: Address?
            var keys: [Bytes32] = []
            for (k, value) in try object(item, ip) {
                switch k {
                case "address": address = try self.address(value, ip + k)
                case "storageKeys":
                    for (j, key) in try array(value, ip + k).enumerated() { keys.append(try bytes32(key, ip + k + j)) }
                default: throw fail(.unknownField, ip + k)
                }
            }
            guard let address else { throw fail(.requiredField, ip + "address") }
            out.append(AccessListEntry(address: address, storageKeys: keys))
        }
        return out
    }

    func authorizationList(_ v: JSONValue, _ p: JSONPath) throws(TransactionError) -> [SignedAuthorization] {
        var out: [SignedAuthorization] = []
        for (i, item) in try array(v, p).enumerated() {
            let ip = p + i
            var chainId: UInt256?, address: Address?, nonce: UInt64?, yParity: UInt8?, r: UInt256?, s: UInt256?
            for (k, value) in try object(item, ip) {
                switch k {
                case "chainId": chainId = try quantity(value, ip + k)
                case "address": address = try self.address(value, ip + k)
                case "nonce": nonce = try uint64(value, ip + k)
                case "yParity":
                    let y = try quantity(value, ip + k)
                    guard let small = y.uint64Value, small <= 0xFF else { throw fail(.invalidValue("must be below 2^8"), ip + k) }
                    yParity = UInt8(small)
                case "r": r = try quantity(value, ip + k)
                case "s": s = try quantity(value, ip + k)
                default: throw fail(.unknownField, ip + k)
                }
            }
            guard let chainId else { throw fail(.requiredField, ip + "chainId") }
            guard let address else { throw fail(.requiredField, ip + "address") }
            guard let nonce else { throw fail(.requiredField, ip + "nonce") }
            guard let yParity else { throw fail(.requiredField, ip + "yParity") }
            guard let r else { throw fail(.requiredField, ip + "r") }
            guard let s else { throw fail(.requiredField, ip + "s") }
            out.append(SignedAuthorization(chainId: chainId, address: address, nonce: nonce, yParity: yParity, r: r, s: s))
        }
        return out
    }

    // MARK: The object

    func read(_ json: JSONValue, allowUnprotected: Bool) throws(TransactionError) -> UnsignedTransaction {
        guard case .object(let members) = json else {
            throw TransactionError(.invalidValue("a transaction must be a JSON object, got \(json.kindName)"), jsonPath: path.description)
        }
        // The members by field, in fixed slots (no hashing: a line is parsed per transaction).
        var fields = TransactionJSONFields()
        for (k, v) in members {
            guard let field = TransactionJSONField(name: k) else { throw fail(.unknownField, path + k) }
            if case .null = v { continue }
            fields[field] = v
        }
        func has(_ k: TransactionJSONField) -> Bool { fields[k] != nil }

        // Type: given, or inferred from the fields present.
        let type: TransactionType
        if let t = fields[.type] {
            let q = try quantity(t, path + "type")
            guard let raw = q.uint64Value, raw <= 4, let known = TransactionType(rawValue: UInt8(raw)) else {
                throw fail(.invalidValue("unsupported transaction type \(q)"), path + "type")
            }
            type = known
        } else if has(.authorizationList) {
            type = .setCode
        } else if has(.blobVersionedHashes) || has(.maxFeePerBlobGas) {
            type = .blob
        } else if has(.maxFeePerGas) || has(.maxPriorityFeePerGas) {
            type = .dynamicFee
        } else if has(.accessList) {
            type = .accessList
        } else {
            type = .legacy
        }

        // Fields this type does not have.
        let notAllowed: [TransactionJSONField]
        switch type {
        case .legacy:
            notAllowed = [.maxFeePerGas, .maxPriorityFeePerGas, .accessList, .maxFeePerBlobGas, .blobVersionedHashes, .authorizationList]
        case .accessList:
            notAllowed = [.maxFeePerGas, .maxPriorityFeePerGas, .maxFeePerBlobGas, .blobVersionedHashes, .authorizationList]
        case .dynamicFee:
            notAllowed = [.gasPrice, .maxFeePerBlobGas, .blobVersionedHashes, .authorizationList]
        case .blob:
            notAllowed = [.gasPrice, .authorizationList]
        case .setCode:
            notAllowed = [.gasPrice, .maxFeePerBlobGas, .blobVersionedHashes]
        }
        if notAllowed.contains(where: { fields[$0] != nil }) {
            // Named in the order of the members, as written.
            for (k, _) in members {
                if let field = TransactionJSONField(name: k), notAllowed.contains(field), fields[field] != nil {
                    throw fail(.fieldNotAllowed(type: type.rawValue), path + k)
                }
            }
        }

        func required(_ k: TransactionJSONField) throws(TransactionError) -> JSONValue {
            guard let v = fields[k] else { throw fail(.requiredField, path + k.name) }
            return v
        }

        // Common fields.
        var chainId: UInt64?
        if let c = fields[.chainId] {
            chainId = try uint64(c, path + "chainId")
        } else if type != .legacy {
            throw fail(.requiredField, path + "chainId")
        } else if !allowUnprotected {
            throw TransactionError(.unprotected, field: "chainId", jsonPath: (path + "chainId").description)
        }
        let nonce = try uint64(try required(.nonce), path + "nonce")
        let gas = try uint64(try required(.gas), path + "gas")
        let value = try fields[.value].map { (v) throws(TransactionError) in try quantity(v, path + "value") } ?? .zero
        var to: Address?
        if let t = fields[.to] { to = try address(t, path + "to") }
        var input: [UInt8] = []
        let inputValue = try fields[.input].map { (v) throws(TransactionError) in try bytes(v, path + "input") }
        let dataValue = try fields[.data].map { (v) throws(TransactionError) in try bytes(v, path + "data") }
        switch (inputValue, dataValue) {
        case let (i?, d?):
            guard i == d else { throw fail(.conflictingFields, path + "data", field: "data") }
            input = i
        case let (i?, nil): input = i
        case let (nil, d?): input = d
        case (nil, nil): break
        }
        let accessList = try fields[.accessList].map { (v) throws(TransactionError) in try self.accessList(v, path + "accessList") } ?? []

        switch type {
        case .legacy:
            let gasPrice = try quantity(try required(.gasPrice), path + "gasPrice")
            return .legacy(LegacyTransaction(
                chainId: chainId, nonce: nonce, gasPrice: gasPrice, gasLimit: gas, to: to, value: value, input: input))
        case .accessList:
            let gasPrice = try quantity(try required(.gasPrice), path + "gasPrice")
            return .accessList(AccessListTransaction(
                chainId: chainId ?? 0, nonce: nonce, gasPrice: gasPrice, gasLimit: gas, to: to, value: value,
                input: input, accessList: accessList))
        case .dynamicFee, .blob, .setCode:
            let maxFee = try quantity(try required(.maxFeePerGas), path + "maxFeePerGas")
            let tip = try quantity(try required(.maxPriorityFeePerGas), path + "maxPriorityFeePerGas")
            if type == .dynamicFee {
                return .dynamicFee(DynamicFeeTransaction(
                    chainId: chainId ?? 0, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gas,
                    to: to, value: value, input: input, accessList: accessList))
            }
            guard let to else { throw fail(.missingTo, path + "to", field: "to") }
            if type == .blob {
                let blobFee = try quantity(try required(.maxFeePerBlobGas), path + "maxFeePerBlobGas")
                let hp = path + "blobVersionedHashes"
                var hashes: [Bytes32] = []
                for (i, h) in try array(try required(.blobVersionedHashes), hp).enumerated() {
                    let hash = try bytes32(h, hp + i)
                    guard hash.firstByte == BlobTransaction.versionedHashVersion else {
                        throw fail(.invalidBlobHashVersion(hash.firstByte), hp + i)
                    }
                    hashes.append(hash)
                }
                guard !hashes.isEmpty else { throw fail(.noBlobHashes, hp) }
                return .blob(BlobTransaction(
                    chainId: chainId ?? 0, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gas,
                    to: to, value: value, input: input, accessList: accessList, maxFeePerBlobGas: blobFee,
                    blobVersionedHashes: hashes))
            }
            let ap = path + "authorizationList"
            let auths = try authorizationList(try required(.authorizationList), ap)
            guard !auths.isEmpty else { throw fail(.emptyAuthorizationList, ap) }
            return .setCode(SetCodeTransaction(
                chainId: chainId ?? 0, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: gas,
                to: to, value: value, input: input, accessList: accessList, authorizationList: auths))
        }
    }
}

/// The members a transaction object may have (`UnsignedTransaction.jsonFields`).
enum TransactionJSONField: Int, CaseIterable {
    case type, chainId, nonce, to, value, input, data, gas, gasPrice, maxFeePerGas, maxPriorityFeePerGas
    case accessList, maxFeePerBlobGas, blobVersionedHashes, authorizationList

    init?(name: String) {
        switch name {
        case "type": self = .type
        case "chainId": self = .chainId
        case "nonce": self = .nonce
        case "to": self = .to
        case "value": self = .value
        case "input": self = .input
        case "data": self = .data
        case "gas": self = .gas
        case "gasPrice": self = .gasPrice
        case "maxFeePerGas": self = .maxFeePerGas
        case "maxPriorityFeePerGas": self = .maxPriorityFeePerGas
        case "accessList": self = .accessList
        case "maxFeePerBlobGas": self = .maxFeePerBlobGas
        case "blobVersionedHashes": self = .blobVersionedHashes
        case "authorizationList": self = .authorizationList
        default: return nil
        }
    }

    var name: String { "\(self)" }
}

/// The present (non-null) members of a transaction object, one slot per field.
struct TransactionJSONFields {
    private var slots = [JSONValue?](repeating: nil, count: TransactionJSONField.allCases.count)

    subscript(field: TransactionJSONField) -> JSONValue? {
        get { slots[field.rawValue] }
        set { slots[field.rawValue] = newValue }
    }
}

// MARK: - Output

extension UnsignedTransaction {
    /// The transaction as a JSON object in the decode format (quantities as decimal strings,
    /// `type` a number, `to` null for creation, `chainId` null before EIP-155), without signature.
    /// Parsing it back with `init(json:allowUnprotected: true)` gives the same transaction (the
    /// sidecar of a blob transaction aside).
    public func jsonValue() -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(20)
        members.append(("type", .number(String(type.rawValue))))
        members.append(("chainId", chainId.map { .string(String($0)) } ?? .null))
        members.append(("nonce", .string(String(nonce))))
        members.append(("to", to.map { .string($0.checksummed) } ?? .null))
        members.append(("value", .string(value.decimalString)))
        members.append(("input", .string(Hex.encode(input))))
        members.append(("gas", .string(String(gasLimit))))
        if let p = gasPrice { members.append(("gasPrice", .string(p.decimalString))) }
        if let tip = maxPriorityFeePerGas { members.append(("maxPriorityFeePerGas", .string(tip.decimalString))) }
        if let fee = maxFeePerGas { members.append(("maxFeePerGas", .string(fee.decimalString))) }
        if type != .legacy {
            members.append(("accessList", .array(accessList.map { entry in
                .object([
                    ("address", .string(entry.address.checksummed)),
                    ("storageKeys", .array(entry.storageKeys.map { .string($0.hex) })),
                ])
            })))
        }
        if case .blob(let t) = self {
            members.append(("maxFeePerBlobGas", .string(t.maxFeePerBlobGas.decimalString)))
            members.append(("blobVersionedHashes", .array(t.blobVersionedHashes.map { .string($0.hex) })))
        }
        if case .setCode(let t) = self {
            members.append(("authorizationList", .array(t.authorizationList.map { $0.jsonValue(authority: nil, includeAuthority: false) })))
        }
        return .object(members)
    }
}

extension SignedAuthorization {
    /// `{chainId, address, nonce, yParity, r, s}` with chainId/nonce decimal strings, yParity a
    /// number and r/s hex quantities; with `authority` (checksummed or null) when asked.
    func jsonValue(authority: Address?, includeAuthority: Bool) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("chainId", .string(chainId.decimalString)),
            ("address", .string(address.checksummed)),
            ("nonce", .string(String(nonce))),
            ("yParity", .number(String(yParity))),
            ("r", .string(r.hexQuantity)),
            ("s", .string(s.hexQuantity)),
        ]
        if includeAuthority { members.append(("authority", authority.map { .string($0.checksummed) } ?? .null)) }
        return .object(members)
    }

    /// `{chainId, address, nonce, yParity, r, s}` as `wallet sign-auth` prints it: chainId,
    /// nonce, yParity, r, s as `0x` hex quantities and the address checksummed. It can be pasted
    /// into a transaction's `authorizationList`.
    public func signAuthJSON() -> JSONValue {
        .object([
            ("chainId", .string(chainId.hexQuantity)),
            ("address", .string(address.checksummed)),
            ("nonce", .string(UInt256(nonce).hexQuantity)),
            ("yParity", .string(UInt256(UInt64(yParity)).hexQuantity)),
            ("r", .string(r.hexQuantity)),
            ("s", .string(s.hexQuantity)),
        ])
    }
}

extension SignedTransaction {
    /// The `tx decode --json` object: `type`, `chainId`, `nonce`, `to`, `value`, `input`, `gas`,
    /// the fee fields of the type, `accessList` (types 1–4), `maxFeePerBlobGas` and
    /// `blobVersionedHashes` (type 3), `authorizationList` with each recovered `authority`
    /// (type 4), `v` (legacy, decimal string) or `yParity` (typed, a number), `r`, `s` (hex
    /// quantities), `from` and `hash`. Other quantities are decimal strings; `to` is null for a
    /// contract creation and `chainId` null for a pre-EIP-155 legacy transaction.
    public func jsonValue() -> JSONValue {
        guard case .object(var members) = transaction.jsonValue() else { return .null }
        if case .setCode(let t) = transaction {
            let authorities = authorities()
            let list: [JSONValue] = t.authorizationList.enumerated().map { i, a in
                a.jsonValue(authority: authorities[i], includeAuthority: true)
            }
            if let idx = members.firstIndex(where: { $0.key == "authorizationList" }) {
                members[idx] = ("authorizationList", .array(list))
            }
        }
        if let v {
            members.append(("v", .string(v.decimalString)))
        } else {
            members.append(("yParity", .number(String(signature.yParity))))
        }
        members.append(("r", .string(signature.r.hexQuantity)))
        members.append(("s", .string(signature.s.hexQuantity)))
        members.append(("from", .string(sender.checksummed)))
        members.append(("hash", .string(hash.hex)))
        return .object(members)
    }
}
