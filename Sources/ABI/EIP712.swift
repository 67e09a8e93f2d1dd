// EIP-712 typed structured data hashing (no signing): encodeType, typeHash, encodeData,
// hashStruct, the domain separator and the digest keccak256(0x19 0x01 ‖ domainSeparator ‖
// hashStruct(message)), from an `eth_signTypedData_v4` JSON document.
//
// Choices, where the EIP and the common implementations leave room:
// - EIP712Domain: when `types` declares it, it is used as declared (its fields in its order) and
//   its field names must be exactly the keys of `domain`. When `types` lacks it, its type is
//   derived from the keys present in `domain`, in the order name, version, chainId,
//   verifyingContract, salt, with types string, string, uint256, address, bytes32, and any
//   other key is an error. The derived form is what eth-account 0.14 always does (it also
//   re-orders a declared EIP712Domain into that order, which MetaMask does not; a declared
//   EIP712Domain in another order is therefore hashed as declared here, as MetaMask does).
// - Arrays (fixed or dynamic, of any element type, nested) hash as keccak256 of the
//   concatenated encodings of their elements; a fixed array `T[k]` must have exactly k elements.
// - Strict values, where wallets are lenient: every field must be present (no null, no
//   default), unknown fields are errors, `bool` is a JSON boolean, `address` a 0x-prefixed
//   40-digit hex string (EIP-55 checked when mixed case), `bytes`/`bytesN` 0x-prefixed hex
//   (bytesN exactly N bytes, no padding), `string` a JSON string. Integers are JSON integers
//   (no fraction or exponent), decimal strings (with `-` for intN) or 0x hex strings (a
//   non-negative magnitude), and must fit their width.
// - Struct and field names are Solidity identifiers; a struct may not be named like an atomic
//   type. Recursive (cyclic) struct types are refused. Bare `uint`/`int` are refused (EIP-712
//   requires the width). `primaryType` must be a declared struct other than EIP712Domain.
//   Unused declared types are allowed (they do not change any hash).
// - Bounds, so that no document drives unbounded work: at most `EIP712.maxStructTypes` (1024)
//   struct types, field types with at most `ABIType.maxNestingDepth` array dimensions, and at
//   most `EIP712.maxEncodedTypeBytes` (1 MiB) of encodeType text over the types reachable from
//   primaryType and EIP712Domain (a chain of n types has n² encodeType text). Struct nesting in
//   values is bounded by the JSON parser's depth limit.

import BallastJSON
import EthereumPrimitives
import Keccak

/// An error in an EIP-712 typed-data document, with the JSON path of the offending value
/// (`message.to[1].wallet`, `types.Mail[2].type`).
public struct EIP712Error: BallastError, Equatable {
    /// The class of the problem; `rawValue` is the stable ``code``.
    public enum Kind: String, Sendable, Hashable {
        /// The text is not JSON.
        case syntax = "eip712_syntax"
        /// A required key or struct field is missing.
        case missingField = "eip712_missing_field"
        /// A key that the type does not have.
        case unknownField = "eip712_unknown_field"
        /// A value of the wrong JSON kind.
        case wrongKind = "eip712_wrong_kind"
        /// A field type that is neither atomic, dynamic, nor a declared struct.
        case unknownType = "eip712_unknown_type"
        /// A field type string that does not parse (bad width, array size, syntax).
        case invalidType = "eip712_invalid_type"
        /// A struct or field name that is not usable.
        case invalidName = "eip712_invalid_name"
        /// Two fields with one name in a struct.
        case duplicateField = "eip712_duplicate_field"
        /// A struct type that refers back to itself.
        case cyclicType = "eip712_cyclic_type"
        /// A bad primaryType.
        case primaryType = "eip712_primary_type"
        /// `domain` does not match the declared EIP712Domain.
        case domainMismatch = "eip712_domain_mismatch"
        /// A value that is not an integer.
        case invalidInteger = "eip712_invalid_integer"
        /// An integer outside the range of its type.
        case integerRange = "eip712_integer_range"
        /// A malformed hex string.
        case invalidHex = "eip712_invalid_hex"
        /// A bytesN value of the wrong length.
        case bytesLength = "eip712_bytes_length"
        /// A malformed address.
        case invalidAddress = "eip712_invalid_address"
        /// A fixed array with the wrong number of elements.
        case arrayLength = "eip712_array_length"
        /// More struct types, or more encodeType text, than the limits allow.
        case tooLarge = "eip712_too_large"
    }

    public let kind: Kind
    public let message: String
    public let path: JSONPath
    /// For ``Kind/syntax``, the byte offset of the JSON syntax error.
    public var byteOffset: Int?

    public init(_ kind: Kind, _ message: String, path: JSONPath, byteOffset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.byteOffset = byteOffset
    }

    public var code: String { kind.rawValue }
    public var location: String? { byteOffset.map { "byte \($0)" } ?? path.description }
}

/// EIP-712 typed structured data.
public enum EIP712 {
    /// The type of a struct field.
    public indirect enum FieldType: Hashable, Sendable {
        /// `uintN`, `intN`, `bool`, `address`, `bytesN`: encoded as one 32-byte word.
        case atomic(ABIType)
        /// `bytes`: keccak256 of the bytes.
        case bytes
        /// `string`: keccak256 of the UTF-8 text.
        case string
        /// A struct type declared in `types`: its hashStruct.
        case structure(String)
        /// `T[]` (count nil) or `T[k]`: keccak256 of the concatenated element encodings.
        case array(FieldType, count: Int?)

        /// The struct at the core of the type, if any (`Person[][2]` → `Person`).
        public var structName: String? {
            switch self {
            case .structure(let n): return n
            case .array(let e, _): return e.structName
            default: return nil
            }
        }
    }

    /// A struct member: its name, its type as written, and the parsed type.
    public struct Field: Hashable, Sendable {
        public var name: String
        public var typeName: String
        public var type: FieldType

        public init(name: String, typeName: String, type: FieldType) {
            self.name = name
            self.typeName = typeName
            self.type = type
        }
    }

    /// The largest number of struct types a document may declare: 1024.
    public static let maxStructTypes = 1024

    /// The largest total length of the encodeType strings of the types a document uses: 1 MiB.
    public static let maxEncodedTypeBytes = 1 << 20

    /// The fields of the EIP712Domain struct in their canonical order, with their types.
    public static let domainFieldOrder: [(name: String, type: String)] = [
        ("name", "string"), ("version", "string"), ("chainId", "uint256"),
        ("verifyingContract", "address"), ("salt", "bytes32"),
    ]

    /// keccak256 of the 2-byte prefix ‖ domain separator ‖ struct hash.
    public static func digest(domainSeparator: [UInt8], structHash: [UInt8]) -> [UInt8] {
        var k = Keccak256()
        k.update(data: [0x19, 0x01])
        k.update(data: domainSeparator)
        k.update(data: structHash)
        return k.finalize().bytes
    }

    /// A parsed and validated `eth_signTypedData_v4` document, with its hashes.
    public struct TypedData: Sendable {
        /// The struct types, including EIP712Domain (declared, or derived from `domain`).
        public let types: [String: [Field]]
        /// The struct type of ``message``.
        public let primaryType: String
        /// The `domain` object as given.
        public let domain: JSONValue
        /// The `message` object as given.
        public let message: JSONValue
        /// Whether `types` declared EIP712Domain (otherwise it was derived from `domain`).
        public let declaresDomainType: Bool
        /// hashStruct(EIP712Domain, domain).
        public let domainSeparator: [UInt8]
        /// hashStruct(primaryType, message).
        public let structHash: [UInt8]
        /// keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash): the 32 bytes that are signed.
        public let digest: [UInt8]

        let encodedTypes: [String: String]
        let typeHashes: [String: [UInt8]]

        /// Parses JSON text.
        ///
        /// - Throws: ``EIP712Error`` with the JSON path of the problem.
        /// Parses UTF-8 JSON bytes, as `init(parsing:)` parses text (the same errors); the
        /// bytes are released once parsed, before the document is read.
        public init(utf8 bytes: consuming [UInt8]) throws(EIP712Error) {
            let value: JSONValue
            do {
                value = try JSONValue.parse(bytes: bytes)
            } catch {
                throw EIP712Error(.syntax, error.message, path: .root, byteOffset: error.offset)
            }
            _ = consume bytes
            try self.init(json: value)
        }

        /// The text is released once parsed, before the document is read (a caller passing it
        /// on keeps no copy alive meanwhile).
        public init(parsing text: consuming String) throws(EIP712Error) {
            let value: JSONValue
            do {
                value = try JSONValue.parse(text)
            } catch {
                throw EIP712Error(.syntax, error.message, path: .root, byteOffset: error.offset)
            }
            _ = consume text
            try self.init(json: value)
        }

        /// Reads a parsed document with `types`, `primaryType`, `domain` and `message`.
        ///
        /// - Throws: ``EIP712Error`` with the JSON path of the problem.
        public init(json: JSONValue) throws(EIP712Error) {
            guard case .object = json else {
                throw EIP712Error(.wrongKind, "a typed-data document must be an object, found \(json.kindName)", path: .root)
            }
            func member(_ key: String) throws(EIP712Error) -> JSONValue {
                guard let v = json[key] else { throw EIP712Error(.missingField, "missing \"\(key)\"", path: .root) }
                return v
            }
            let typesValue = try member("types")
            let primaryValue = try member("primaryType")
            let domain = try member("domain")
            let message = try member("message")
            guard case .string(let primaryType) = primaryValue else {
                throw EIP712Error(.wrongKind, "\"primaryType\" must be a string, found \(primaryValue.kindName)", path: .root + "primaryType")
            }
            guard case .object(let domainMembers) = domain else {
                throw EIP712Error(.wrongKind, "\"domain\" must be an object, found \(domain.kindName)", path: .root + "domain")
            }

            var types = try Self.readTypes(typesValue)
            let declared = types["EIP712Domain"] != nil
            if declared {
                let fieldNames = Set(types["EIP712Domain"]!.map(\.name))
                for m in domainMembers where !fieldNames.contains(m.key) {
                    throw EIP712Error(.domainMismatch, "\"\(m.key)\" is not a field of the declared EIP712Domain", path: .root + "domain" + m.key)
                }
                for f in types["EIP712Domain"]! where json["domain"]?[f.name] == nil {
                    throw EIP712Error(.domainMismatch, "the declared EIP712Domain has \"\(f.name)\" but domain does not", path: .root + "domain")
                }
            } else {
                let known = Set(EIP712.domainFieldOrder.map(\.name))
                for m in domainMembers where !known.contains(m.key) {
                    throw EIP712Error(.unknownField, "\"\(m.key)\" is not a standard EIP712Domain field (name, version, chainId, verifyingContract, salt); declare EIP712Domain in types to use it", path: .root + "domain" + m.key)
                }
                var fields: [Field] = []
                for (name, typeName) in EIP712.domainFieldOrder where domain[name] != nil {
                    let t: FieldType
                    switch typeName {
                    case "string": t = .string
                    case "uint256": t = .atomic(.uint256)
                    case "address": t = .atomic(.address)
                    default: t = .atomic(.bytes32)
                    }
                    fields.append(Field(name: name, typeName: typeName, type: t))
                }
                types["EIP712Domain"] = fields
            }

            guard types[primaryType] != nil else {
                throw EIP712Error(.primaryType, "primaryType \"\(primaryType)\" is not declared in types", path: .root + "primaryType")
            }
            guard primaryType != "EIP712Domain" else {
                throw EIP712Error(.primaryType, "primaryType must be the message's struct, not EIP712Domain", path: .root + "primaryType")
            }

            try Self.checkAcyclic(types)

            // encodeType and typeHash of every type reachable from the message and the domain.
            var reachable: Set<String> = [primaryType, "EIP712Domain"]
            var work = Array(reachable)
            while let n = work.popLast() {
                for f in types[n] ?? [] {
                    if let d = f.type.structName, reachable.insert(d).inserted { work.append(d) }
                }
            }
            var encoded: [String: String] = [:]
            var hashes: [String: [UInt8]] = [:]
            var total = 0
            for name in reachable.sorted(by: eip712NameOrder) {
                let e = Self.encodeType(name, types: types)
                total += e.utf8.count
                if total > EIP712.maxEncodedTypeBytes {
                    throw EIP712Error(.tooLarge, "the encodeType strings of the types exceed \(EIP712.maxEncodedTypeBytes) bytes", path: .root + "types")
                }
                encoded[name] = e
            }
            for (name, e) in encoded { hashes[name] = Keccak256.hash(data: e.utf8).bytes }

            self.types = types
            self.primaryType = primaryType
            self.domain = domain
            self.message = message
            self.declaresDomainType = declared
            self.encodedTypes = encoded
            self.typeHashes = hashes
            let encoder = Encoder(types: types, typeHashes: hashes)
            self.domainSeparator = try encoder.hashStruct("EIP712Domain", domain, path: .root + "domain")
            self.structHash = try encoder.hashStruct(primaryType, message, path: .root + "message")
            self.digest = EIP712.digest(domainSeparator: domainSeparator, structHash: structHash)
        }

        /// Builds the document from its four parts and reads it as ``init(json:)`` does.
        public init(types: JSONValue, primaryType: String, domain: JSONValue, message: JSONValue) throws(EIP712Error) {
            try self.init(json: .object([("types", types), ("primaryType", .string(primaryType)),
                                         ("domain", domain), ("message", message)]))
        }

        /// encodeType of a declared struct: `Mail(Person from,Person to,string contents)Person(string name,address wallet)`;
        /// nil for an unknown name.
        public func encodeType(_ name: String) -> String? {
            if let e = encodedTypes[name] { return e }
            guard types[name] != nil else { return nil }
            return Self.encodeType(name, types: types)
        }

        /// keccak256(encodeType(name)); nil for an unknown name.
        public func typeHash(_ name: String) -> [UInt8]? {
            if let h = typeHashes[name] { return h }
            return encodeType(name).map { Keccak256.hash(data: $0.utf8).bytes }
        }

        /// encodeData of `value` as struct `type`: typeHash ‖ one 32-byte word per field.
        ///
        /// - Throws: ``EIP712Error`` with paths relative to `value` (prefixed by `path`).
        public func encodeData(_ type: String, _ value: JSONValue, path: JSONPath = .root) throws(EIP712Error) -> [UInt8] {
            guard types[type] != nil else {
                throw EIP712Error(.unknownType, "unknown struct type \"\(type)\"", path: path)
            }
            var hashes = typeHashes
            if hashes[type] == nil {
                // A declared type that the document itself does not use: hash its closure too.
                var work = [type]
                while let n = work.popLast() {
                    guard hashes[n] == nil, let h = typeHash(n) else { continue }
                    hashes[n] = h
                    for f in types[n] ?? [] { if let d = f.type.structName { work.append(d) } }
                }
            }
            return try Encoder(types: types, typeHashes: hashes).encodeData(type, value, path: path)
        }

        /// hashStruct(type, value) = keccak256(encodeData(type, value)).
        public func hashStruct(_ type: String, _ value: JSONValue, path: JSONPath = .root) throws(EIP712Error) -> [UInt8] {
            Keccak256.hash(data: try encodeData(type, value, path: path)).bytes
        }

        // MARK: Types

        static func readTypes(_ value: JSONValue) throws(EIP712Error) -> [String: [Field]] {
            let base = JSONPath.root + "types"
            guard case .object(let members) = value else {
                throw EIP712Error(.wrongKind, "\"types\" must be an object, found \(value.kindName)", path: base)
            }
            guard members.count <= EIP712.maxStructTypes else {
                throw EIP712Error(.tooLarge, "more than \(EIP712.maxStructTypes) struct types", path: base)
            }
            let names = Set(members.map(\.key))
            var types: [String: [Field]] = [:]
            for (typeName, list) in members {
                let tp = base + typeName
                guard SignatureScanner.isIdentifier(typeName) else {
                    throw EIP712Error(.invalidName, "\(String(reflecting: typeName)) is not a valid struct name", path: tp)
                }
                if Self.isAtomicName(typeName) {
                    throw EIP712Error(.invalidName, "a struct cannot be named like the type \"\(typeName)\"", path: tp)
                }
                guard case .array(let items) = list else {
                    throw EIP712Error(.wrongKind, "a struct definition must be an array of fields, found \(list.kindName)", path: tp)
                }
                var fields: [Field] = []
                var seen = Set<String>()
                for (i, item) in items.enumerated() {
                    let fp = tp + i
                    guard case .object = item else {
                        throw EIP712Error(.wrongKind, "a field must be an object with \"name\" and \"type\", found \(item.kindName)", path: fp)
                    }
                    guard let nameValue = item["name"] else { throw EIP712Error(.missingField, "missing \"name\"", path: fp) }
                    guard case .string(let name) = nameValue else {
                        throw EIP712Error(.wrongKind, "\"name\" must be a string, found \(nameValue.kindName)", path: fp + "name")
                    }
                    guard SignatureScanner.isIdentifier(name) else {
                        throw EIP712Error(.invalidName, "\(String(reflecting: name)) is not a valid field name", path: fp + "name")
                    }
                    guard seen.insert(name).inserted else {
                        throw EIP712Error(.duplicateField, "field \"\(name)\" declared twice in \(typeName)", path: fp + "name")
                    }
                    guard let typeValue = item["type"] else { throw EIP712Error(.missingField, "missing \"type\"", path: fp) }
                    guard case .string(let typeString) = typeValue else {
                        throw EIP712Error(.wrongKind, "\"type\" must be a string, found \(typeValue.kindName)", path: fp + "type")
                    }
                    let t = try parseFieldType(typeString, structs: names, path: fp + "type")
                    fields.append(Field(name: name, typeName: typeString, type: t))
                }
                types[typeName] = fields
            }
            return types
        }

        /// Whether `name` is an atomic or dynamic type name (`uint256`, `bytes`, `address`…).
        static func isAtomicName(_ name: String) -> Bool {
            SignatureScanner.isTypeLikeWord(name)
        }

        /// Parses a field type: `uint256`, `bytes`, `Person`, `Person[2][]`.
        static func parseFieldType(_ text: String, structs: Set<String>, path: JSONPath) throws(EIP712Error) -> FieldType {
            var scanner = SignatureScanner(text)
            guard let word = scanner.readIdentifier() else {
                throw EIP712Error(.invalidType, "invalid type \(String(reflecting: text)): expected a type name at offset 0", path: path)
            }
            var core: FieldType
            if structs.contains(word) {
                core = .structure(word)
            } else if word == "uint" || word == "int" {
                throw EIP712Error(.invalidType, "\"\(word)\" needs its width in EIP-712: write \(word)256", path: path)
            } else {
                do throws(ABISyntaxError) {
                    switch try scanner.elementaryType(word, at: 0) {
                    case .bytes: core = .bytes
                    case .string: core = .string
                    case let t: core = .atomic(t)
                    }
                } catch {
                    if error.kind == .unknownType {
                        throw EIP712Error(.unknownType, "unknown type \"\(word)\": neither an atomic type nor a struct declared in types", path: path)
                    }
                    throw EIP712Error(.invalidType, "invalid type \(String(reflecting: text)): \(error.message) (at offset \(error.offset))", path: path)
                }
            }
            // Array suffixes, outermost last.
            do throws(ABISyntaxError) {
                let marker = try scanner.parseArraySuffixes(.bool, allowSpace: false)
                guard scanner.atEnd else {
                    throw scanner.unexpected(expected: "'[' or the end of the type", at: scanner.pos)
                }
                var dims: [Int?] = []
                var t = marker
                while true {
                    if case .array(let e) = t { dims.append(nil); t = e }
                    else if case .fixedArray(let e, let n) = t { dims.append(n); t = e }
                    else { break }
                }
                for d in dims.reversed() { core = .array(core, count: d) }
            } catch {
                throw EIP712Error(.invalidType, "invalid type \(String(reflecting: text)): \(error.message) (at offset \(error.offset))", path: path)
            }
            return core
        }

        /// Refuses struct types that refer back to themselves, directly or through others.
        /// Iterative: a long chain of types cannot exhaust the stack.
        static func checkAcyclic(_ types: [String: [Field]]) throws(EIP712Error) {
            var state: [String: Int] = [:]   // 1 = on the current path, 2 = done
            for root in types.keys.sorted(by: eip712NameOrder) where state[root] == nil {
                // Each frame: a type and the index of the next field to follow.
                var stack: [(name: String, next: Int)] = [(root, 0)]
                state[root] = 1
                while let top = stack.last {
                    let fields = types[top.name] ?? []
                    if top.next >= fields.count {
                        state[top.name] = 2
                        stack.removeLast()
                        continue
                    }
                    stack[stack.count - 1].next += 1
                    guard let dep = fields[top.next].type.structName else { continue }
                    if state[dep] == 1 {
                        let path = stack.map(\.name).drop(while: { $0 != dep }) + [dep]
                        throw EIP712Error(.cyclicType, "recursive struct types are not supported: \(path.joined(separator: " → "))",
                                          path: JSONPath.root + "types" + top.name + top.next + "type")
                    }
                    if state[dep] == nil {
                        state[dep] = 1
                        stack.append((dep, 0))
                    }
                }
            }
        }

        /// encodeType: the type itself, then every struct it refers to (through arrays too),
        /// each once, sorted by name.
        static func encodeType(_ name: String, types: [String: [Field]]) -> String {
            var deps = Set<String>()
            var work = [name]
            while let n = work.popLast() {
                for f in types[n] ?? [] {
                    if let d = f.type.structName, d != name, deps.insert(d).inserted { work.append(d) }
                }
            }
            var out = ""
            for n in [name] + deps.sorted(by: eip712NameOrder) {
                out += n + "("
                out += (types[n] ?? []).map { $0.typeName + " " + $0.name }.joined(separator: ",")
                out += ")"
            }
            return out
        }
    }

    /// Encodes values against the validated types.
    struct Encoder {
        let types: [String: [Field]]
        let typeHashes: [String: [UInt8]]

        func hashStruct(_ type: String, _ value: JSONValue, path: JSONPath) throws(EIP712Error) -> [UInt8] {
            Keccak256.hash(data: try encodeData(type, value, path: path)).bytes
        }

        func encodeData(_ type: String, _ value: JSONValue, path: JSONPath) throws(EIP712Error) -> [UInt8] {
            guard case .object(let members) = value else {
                throw EIP712Error(.wrongKind, "expected an object for \(type), found \(value.kindName)", path: path)
            }
            let fields = types[type] ?? []
            try FieldReader.check { $0.checkKeys(members, allowed: fields.map(\.name), path, context: type) }
            var out = [UInt8]()
            out.reserveCapacity(32 * (fields.count + 1))
            out += typeHashes[type] ?? []
            for f in fields {
                guard let v = value[f.name] else {
                    throw EIP712Error(.missingField, "missing field \"\(f.name)\" (\(f.typeName)) of \(type)", path: path)
                }
                try encodeValue(f.type, typeName: f.typeName, v, path: path + f.name, into: &out)
            }
            return out
        }

        /// Bytes of an array's element encodings gathered before they are hashed.
        static let arrayPieceBytes = 4096

        /// Appends the 32-byte encoding of one value.
        func encodeValue(_ type: FieldType, typeName: String, _ value: JSONValue, path: JSONPath, into out: inout [UInt8]) throws(EIP712Error) {
            switch type {
            case .atomic(let abi):
                try encodeAtomic(abi, value, path: path, into: &out)
            case .bytes:
                let b = try hexBytes(value, path: path, what: "bytes")
                out += Keccak256.hash(data: b).bytes
            case .string:
                let s = try FieldReader.read { $0.string(value, path) }
                out += Keccak256.hash(data: s.utf8).bytes
            case .structure(let name):
                out += try hashStruct(name, value, path: path)
            case .array(let element, let count):
                guard case .array(let items) = value else {
                    throw EIP712Error(.wrongKind, "expected an array for \(typeName), found \(value.kindName)", path: path)
                }
                if let count, items.count != count {
                    throw EIP712Error(.arrayLength, "\(typeName) needs exactly \(count) elements, found \(items.count)", path: path)
                }
                let elementName = String(typeName[..<(typeName.lastIndex(of: "[") ?? typeName.endIndex)])
                // The concatenated encodings are hashed as they come, a piece at a time: a long
                // array is never held in encoded form (32 bytes per element).
                var hasher = Keccak256()
                var piece = [UInt8]()
                piece.reserveCapacity(Self.arrayPieceBytes + 32)
                for (i, item) in items.enumerated() {
                    try encodeValue(element, typeName: elementName, item, path: path + i, into: &piece)
                    if piece.count >= Self.arrayPieceBytes {
                        piece.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                        piece.removeAll(keepingCapacity: true)
                    }
                }
                piece.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                out += hasher.finalize().bytes
            }
        }

        func encodeAtomic(_ type: ABIType, _ value: JSONValue, path: JSONPath, into out: inout [UInt8]) throws(EIP712Error) {
            switch type {
            case .uint(let bits):
                let v = try unsigned(value, bits: bits, path: path)
                v.withBigEndianBytes32 { out.append(contentsOf: $0) }
            case .int(let bits):
                let v = try signed(value, bits: bits, path: path)
                v.twosComplement.withBigEndianBytes32 { out.append(contentsOf: $0) }
            case .bool:
                let b = try FieldReader.read { $0.bool(value, path) }
                out += [UInt8](repeating: 0, count: 31)
                out.append(b ? 1 : 0)
            case .address:
                let a = try FieldReader.read { $0.address(value, path) }
                out += [UInt8](repeating: 0, count: 12)
                a.withUnsafeBytes { out.append(contentsOf: $0) }
            case .fixedBytes(let n):
                let b = try hexBytes(value, path: path, what: "bytes\(n)")
                guard b.count == n else {
                    throw EIP712Error(.bytesLength, "bytes\(n) needs exactly \(n) bytes, found \(b.count)", path: path)
                }
                out += b
                out += [UInt8](repeating: 0, count: 32 - n)
            default:
                throw EIP712Error(.invalidType, "\(type.canonical) is not an atomic type", path: path)
            }
        }

        func hexBytes(_ value: JSONValue, path: JSONPath, what: String) throws(EIP712Error) -> [UInt8] {
            guard case .string(let s) = value else {
                throw EIP712Error(.wrongKind, "expected a 0x hex string for \(what), found \(value.kindName)", path: path)
            }
            do {
                return try Hex.decode(s, requirePrefix: true)
            } catch {
                throw EIP712Error(.invalidHex, "invalid hex for \(what): \(error.description)", path: path)
            }
        }

        /// The text of an integer value and whether it is hex.
        func integerText(_ value: JSONValue, path: JSONPath, typeName: String) throws(EIP712Error) -> (text: String, hex: Bool) {
            switch value {
            case .number(let text):
                if text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                    throw EIP712Error(.invalidInteger, "\(text) is not an integer literal for \(typeName) (no fraction or exponent; use a decimal string)", path: path)
                }
                return (text, false)
            case .string(let text):
                let isHex = text.hasPrefix("0x") || text.hasPrefix("0X")
                if text.hasPrefix("-0x") || text.hasPrefix("-0X") {
                    throw EIP712Error(.invalidInteger, "hex integers are magnitudes: write a negative value in decimal", path: path)
                }
                return (text, isHex)
            default:
                throw EIP712Error(.wrongKind, "expected an integer (number, decimal string or 0x hex string) for \(typeName), found \(value.kindName)", path: path)
            }
        }

        func numberError(_ e: NumberError, _ text: String, typeName: String, path: JSONPath) -> EIP712Error {
            switch e {
            case .overflow, .negative:
                return EIP712Error(.integerRange, "\(text) is out of range for \(typeName)", path: path)
            default:
                return EIP712Error(.invalidInteger, "\(String(reflecting: text)) is not an integer for \(typeName): \(e.description)", path: path)
            }
        }

        func unsigned(_ value: JSONValue, bits: Int, path: JSONPath) throws(EIP712Error) -> UInt256 {
            let typeName = "uint\(bits)"
            let (text, isHex) = try integerText(value, path: path, typeName: typeName)
            let v: UInt256
            do throws(NumberError) {
                v = isHex ? try UInt256(hexQuantity: text) : try UInt256(decimal: text)
            } catch {
                throw numberError(error, text, typeName: typeName, path: path)
            }
            guard v.fits(bits: bits) else {
                throw EIP712Error(.integerRange, "\(text) is out of range for \(typeName)", path: path)
            }
            return v
        }

        func signed(_ value: JSONValue, bits: Int, path: JSONPath) throws(EIP712Error) -> Int256 {
            let typeName = "int\(bits)"
            let (text, isHex) = try integerText(value, path: path, typeName: typeName)
            let v: Int256
            do throws(NumberError) {
                if isHex {
                    let m = try UInt256(hexQuantity: text)
                    guard let s = Int256(exactly: m) else { throw NumberError.overflow }
                    v = s
                } else {
                    v = try Int256(decimal: text)
                }
            } catch {
                throw numberError(error, text, typeName: typeName, path: path)
            }
            guard v.fits(bits: bits) else {
                throw EIP712Error(.integerRange, "\(text) is out of range for \(typeName)", path: path)
            }
            return v
        }
    }
}

/// Orders strings by their UTF-8 bytes (the same as by code points).
func eip712NameOrder(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

/// Reads EIP-712 values with the shared JSON field reader; the first problem it reports is
/// thrown as an ``EIP712Error`` of the matching kind.
struct FieldReader: JSONFieldReading {
    var issue: JSONIssue?

    mutating func report(_ code: JSONIssueCode, _ message: String, at path: JSONPath) {
        if issue == nil { issue = JSONIssue(code: code, message: message, path: path) }
    }

    var extensionPrefix: String? { nil }
    var quantityCodes: JSONQuantityCodes { .detailed }

    /// The value `body` reads, or the error of the first problem.
    static func read<T>(_ body: (inout FieldReader) -> T?) throws(EIP712Error) -> T {
        var reader = FieldReader()
        if let value = body(&reader) { return value }
        throw reader.error
    }

    /// Runs a check; throws the first problem it reports.
    static func check(_ body: (inout FieldReader) -> Void) throws(EIP712Error) {
        var reader = FieldReader()
        body(&reader)
        if reader.issue != nil { throw reader.error }
    }

    var error: EIP712Error {
        guard let issue else { return EIP712Error(.syntax, "unreadable value", path: .root) }
        let kind: EIP712Error.Kind = switch issue.code {
        case .invalidAddress: .invalidAddress
        case .missingField: .missingField
        case .unknownField: .unknownField
        default: .wrongKind
        }
        return EIP712Error(kind, issue.message, path: issue.path)
    }
}
