// Standard JSON ABIs (solc/Vyper output) and the Foundry/Hardhat/Truffle artifacts that carry
// one under "abi".
//
// Rules, beyond the Solidity ABI specification's description of the format:
// - An entry without "type" is a function (the specification's default).
// - "stateMutability" wins over the legacy "constant"/"payable" keys, but a legacy key that
//   contradicts it is an error; without "stateMutability", `payable: true` means payable and
//   `constant: true` means view.
// - Type strings are strict: no spaces, no names, tuples only as "tuple" with "components"
//   (inline `(…)` is refused); `uint`/`int` are read as `uint256`/`int256`.
// - Names of entries and parameters are Solidity identifiers (parameter names may be empty).
// - Two entries with the same kind and canonical signature, or a second constructor, fallback or
//   receive, are errors. Unknown keys ("gas", "signature"…) are ignored.

import BallastJSON
import EthereumPrimitives
import Foundation

/// An error in a JSON ABI, with the JSON path of the offending value (`[3].inputs[1].type`).
public struct JSONABIError: BallastError, Equatable {
    /// The class of the problem; `rawValue` is the stable ``code``.
    public enum Kind: String, Sendable, Hashable {
        /// The text is not JSON.
        case syntax = "json_abi_syntax"
        /// The document is neither an array of entries nor an object with an "abi" array.
        case shape = "json_abi_shape"
        /// A required key is missing.
        case missingField = "json_abi_missing_field"
        /// A value has the wrong JSON kind (a number where a string is needed…).
        case wrongKind = "json_abi_wrong_kind"
        /// A "type" string that is not a valid ABI type.
        case invalidType = "json_abi_invalid_type"
        /// A name that is not a Solidity identifier.
        case invalidName = "json_abi_invalid_name"
        /// An entry "type" that is none of function, event, error, constructor, fallback, receive.
        case unknownEntry = "json_abi_unknown_entry"
        /// A bad or contradictory state mutability.
        case stateMutability = "json_abi_state_mutability"
        /// Missing, empty or unexpected "components".
        case components = "json_abi_components"
        /// The same entry twice.
        case duplicate = "json_abi_duplicate"
        /// "indexed" where it does not belong, or too many indexed event fields.
        case indexed = "json_abi_indexed"
        /// A file or folder that cannot be read.
        case io = "json_abi_io"
    }

    public let kind: Kind
    public let message: String
    /// The JSON path of the offending value (`$` for the whole document).
    public let path: JSONPath
    /// The file the ABI came from, when loaded from disk.
    public var file: String?
    /// For ``Kind/syntax``, the byte offset of the JSON syntax error.
    public var byteOffset: Int?

    public init(_ kind: Kind, _ message: String, path: JSONPath, file: String? = nil, byteOffset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.file = file
        self.byteOffset = byteOffset
    }

    public var code: String { kind.rawValue }

    /// `file: path`, `path`, or `byte N` for a syntax error.
    public var location: String? {
        let inner: String
        if let byteOffset { inner = "byte \(byteOffset)" } else { inner = path.description }
        if let file { return "\(file): \(inner)" }
        return inner
    }

    public static func == (a: JSONABIError, b: JSONABIError) -> Bool {
        a.kind == b.kind && a.message == b.message && a.path == b.path && a.file == b.file && a.byteOffset == b.byteOffset
    }
}

/// A parsed JSON ABI: its entries in document order.
public struct JSONABI: Hashable, Sendable {
    /// The entries in document order.
    public var fragments: [ABIFragment]

    public init(fragments: [ABIFragment]) {
        self.fragments = fragments
    }

    public var functions: [ABIFunction] {
        fragments.compactMap { if case .function(let f) = $0 { return f } else { return nil } }
    }

    public var events: [ABIEvent] {
        fragments.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    public var errors: [ABIErrorDefinition] {
        fragments.compactMap { if case .error(let e) = $0 { return e } else { return nil } }
    }

    public var constructor: ABIConstructor? {
        for f in fragments { if case .constructor(let c) = f { return c } }
        return nil
    }

    public var fallback: ABIFallback? {
        for f in fragments { if case .fallback(let c) = f { return c } }
        return nil
    }

    public var hasReceive: Bool { fragments.contains(.receive) }

    /// The functions called `name` (overloads in document order).
    public func functions(named name: String) -> [ABIFunction] {
        functions.filter { $0.name == name }
    }

    /// The function with this 4-byte selector, if any.
    public func function(selector: some Collection<UInt8>) -> ABIFunction? {
        let s = Array(selector)
        return functions.first { $0.selector == s }
    }

    /// The function with this canonical signature (`transfer(address,uint256)`), if any.
    public func function(signature: String) -> ABIFunction? {
        functions.first { $0.canonicalSignature == signature }
    }

    /// The event with this topic0, if any.
    public func event(topic0: some Collection<UInt8>) -> ABIEvent? {
        let t = Array(topic0)
        return events.first { $0.topic0 == t }
    }

    /// The error with this 4-byte selector, if any.
    public func error(selector: some Collection<UInt8>) -> ABIErrorDefinition? {
        let s = Array(selector)
        return errors.first { $0.selector == s }
    }
}

// MARK: - Parsing

extension JSONABI {
    /// Parses JSON text: an ABI array, or an artifact object with an "abi" array.
    ///
    /// - Throws: ``JSONABIError`` with the JSON path of the problem.
    public init(parsing text: String) throws(JSONABIError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// Parses UTF-8 JSON bytes: an ABI array, or an artifact object with an "abi" array.
    public init(bytes: [UInt8]) throws(JSONABIError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: bytes)
        } catch {
            throw JSONABIError(.syntax, error.message, path: .root, byteOffset: error.offset)
        }
        try self.init(json: value)
    }

    /// Reads a parsed document: an ABI array, or an object with an "abi" array (Foundry,
    /// Hardhat and Truffle artifacts).
    public init(json: JSONValue) throws(JSONABIError) {
        var reader = JSONABIReader()
        switch json {
        case .array(let entries):
            self.fragments = try reader.entries(entries, path: .root)
        case .object:
            guard let abi = json["abi"] else {
                throw JSONABIError(.shape, "expected a JSON ABI array, or an artifact object with an \"abi\" array", path: .root)
            }
            guard case .array(let entries) = abi else {
                throw JSONABIError(.shape, "\"abi\" must be an array, found \(abi.kindName)", path: JSONPath.root + "abi")
            }
            self.fragments = try reader.entries(entries, path: JSONPath.root + "abi")
        default:
            throw JSONABIError(.shape, "expected a JSON ABI array, or an artifact object with an \"abi\" array; found \(json.kindName)", path: .root)
        }
    }
}

/// One ABI read from a file of a folder.
public struct JSONABIFile: Hashable, Sendable {
    /// The file name (`erc20.json`).
    public var name: String
    /// The full location.
    public var url: URL
    public var abi: JSONABI

    public init(name: String, url: URL, abi: JSONABI) {
        self.name = name
        self.url = url
        self.abi = abi
    }
}

extension JSONABI {
    /// Reads and parses one file.
    ///
    /// - Throws: ``JSONABIError``, with ``JSONABIError/file`` set to the file name.
    public static func load(file url: URL) throws(JSONABIError) -> JSONABI {
        let name = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw JSONABIError(.io, "cannot read the file: \(error.localizedDescription)", path: .root, file: name)
        }
        do {
            return try JSONABI(bytes: [UInt8](data))
        } catch var e {
            e.file = name
            throw e
        }
    }

    /// Reads every `*.json` file of a folder (not recursively, hidden files skipped), in file
    /// name order.
    ///
    /// - Throws: the first ``JSONABIError`` met, with its file name.
    public static func load(directory url: URL) throws(JSONABIError) -> [JSONABIFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw JSONABIError(.io, "cannot list the folder \(url.path): \(error.localizedDescription)", path: .root)
        }
        var out: [JSONABIFile] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let fileURL = url.appendingPathComponent(name)
            out.append(JSONABIFile(name: name, url: fileURL, abi: try load(file: fileURL)))
        }
        return out
    }
}

/// Reads entries and parameters, tracking duplicates.
struct JSONABIReader {
    var seen: [String: JSONPath] = [:]

    mutating func entries(_ entries: [JSONValue], path: JSONPath) throws(JSONABIError) -> [ABIFragment] {
        var out: [ABIFragment] = []
        out.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() {
            let p = path + i
            let fragment = try self.entry(entry, path: p)
            let key: String
            switch fragment {
            case .function(let f): key = "function " + f.canonicalSignature
            case .event(let e): key = "event " + e.canonicalSignature + (e.anonymous ? " anonymous" : "")
            case .error(let e): key = "error " + e.canonicalSignature
            case .constructor: key = "constructor"
            case .fallback: key = "fallback"
            case .receive: key = "receive"
            }
            if let first = seen[key] {
                throw JSONABIError(.duplicate, "duplicate \(key) (first at \(first))", path: p)
            }
            seen[key] = p
            out.append(fragment)
        }
        return out
    }

    func entry(_ value: JSONValue, path: JSONPath) throws(JSONABIError) -> ABIFragment {
        guard case .object = value else {
            throw JSONABIError(.wrongKind, "an ABI entry must be an object, found \(value.kindName)", path: path)
        }
        var kind = "function"
        if let t = value["type"] {
            guard case .string(let s) = t else {
                throw JSONABIError(.wrongKind, "\"type\" must be a string, found \(t.kindName)", path: path + "type")
            }
            kind = s
        }
        switch kind {
        case "function":
            let name = try entryName(value, path: path)
            let inputs = try parameters(value, key: "inputs", path: path, event: false)
            let outputs = try parameters(value, key: "outputs", path: path, event: false)
            let m = try mutability(value, path: path)
            return .function(ABIFunction(name: name, inputs: inputs, outputs: outputs, stateMutability: m))
        case "event":
            let name = try entryName(value, path: path)
            let inputs = try parameters(value, key: "inputs", path: path, event: true)
            var anonymous = false
            if let a = value["anonymous"] {
                guard case .bool(let b) = a else {
                    throw JSONABIError(.wrongKind, "\"anonymous\" must be a boolean, found \(a.kindName)", path: path + "anonymous")
                }
                anonymous = b
            }
            let limit = anonymous ? 4 : 3
            var count = 0
            for (i, p) in inputs.enumerated() where p.indexed {
                count += 1
                if count > limit {
                    throw JSONABIError(.indexed, "\(anonymous ? "an anonymous" : "an") event has at most \(limit) indexed fields", path: path + "inputs" + i + "indexed")
                }
            }
            return .event(ABIEvent(name: name, inputs: inputs, anonymous: anonymous))
        case "error":
            let name = try entryName(value, path: path)
            let inputs = try parameters(value, key: "inputs", path: path, event: false)
            return .error(ABIErrorDefinition(name: name, inputs: inputs))
        case "constructor":
            let inputs = try parameters(value, key: "inputs", path: path, event: false)
            let m = try mutability(value, path: path, allowed: [.payable, .nonpayable])
            return .constructor(ABIConstructor(inputs: inputs, stateMutability: m))
        case "fallback":
            let m = try mutability(value, path: path, allowed: [.payable, .nonpayable])
            return .fallback(ABIFallback(stateMutability: m))
        case "receive":
            // A receive function is always payable; legacy keys are not expected here.
            _ = try mutability(value, path: path, allowed: [.payable], defaultValue: .payable)
            return .receive
        default:
            throw JSONABIError(.unknownEntry, "unknown entry type \"\(kind)\": expected function, event, error, constructor, fallback or receive", path: path + "type")
        }
    }

    func entryName(_ entry: JSONValue, path: JSONPath) throws(JSONABIError) -> String {
        guard let n = entry["name"] else {
            throw JSONABIError(.missingField, "missing \"name\"", path: path)
        }
        guard case .string(let name) = n else {
            throw JSONABIError(.wrongKind, "\"name\" must be a string, found \(n.kindName)", path: path + "name")
        }
        guard SignatureScanner.isIdentifier(name) else {
            throw JSONABIError(.invalidName, "\(String(reflecting: name)) is not a valid name", path: path + "name")
        }
        return name
    }

    func mutability(_ entry: JSONValue, path: JSONPath, allowed: Set<StateMutability> = Set(StateMutability.allCases),
                    defaultValue: StateMutability = .nonpayable) throws(JSONABIError) -> StateMutability {
        func flag(_ key: String) throws(JSONABIError) -> Bool? {
            guard let v = entry[key] else { return nil }
            guard case .bool(let b) = v else {
                throw JSONABIError(.wrongKind, "\"\(key)\" must be a boolean, found \(v.kindName)", path: path + key)
            }
            return b
        }
        let constant = try flag("constant")
        let payable = try flag("payable")
        var result: StateMutability
        if let v = entry["stateMutability"] {
            guard case .string(let s) = v else {
                throw JSONABIError(.wrongKind, "\"stateMutability\" must be a string, found \(v.kindName)", path: path + "stateMutability")
            }
            guard let m = StateMutability(rawValue: s) else {
                throw JSONABIError(.stateMutability, "unknown state mutability \"\(s)\": expected pure, view, nonpayable or payable", path: path + "stateMutability")
            }
            if let constant, constant != (m == .view || m == .pure) {
                throw JSONABIError(.stateMutability, "\"constant\": \(constant) contradicts \"stateMutability\": \"\(s)\"", path: path + "constant")
            }
            if let payable, payable != (m == .payable) {
                throw JSONABIError(.stateMutability, "\"payable\": \(payable) contradicts \"stateMutability\": \"\(s)\"", path: path + "payable")
            }
            result = m
        } else if payable == true {
            if constant == true {
                throw JSONABIError(.stateMutability, "an entry cannot be both \"constant\" and \"payable\"", path: path + "payable")
            }
            result = .payable
        } else if constant == true {
            result = .view
        } else if constant != nil || payable != nil {
            result = .nonpayable
        } else {
            result = defaultValue
        }
        guard allowed.contains(result) else {
            let key = entry["stateMutability"] != nil ? "stateMutability" : (entry["payable"] != nil ? "payable" : "constant")
            let names = StateMutability.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: " or ")
            throw JSONABIError(.stateMutability, "this entry must be \(names), not \(result.rawValue)", path: path + key)
        }
        return result
    }

    func parameters(_ entry: JSONValue, key: String, path: JSONPath, event: Bool) throws(JSONABIError) -> [ABIParameter] {
        guard let list = entry[key] else { return [] }
        let p = path + key
        guard case .array(let items) = list else {
            throw JSONABIError(.wrongKind, "\"\(key)\" must be an array, found \(list.kindName)", path: p)
        }
        var out: [ABIParameter] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            out.append(try parameter(item, path: p + i, event: event, component: false, depth: 0))
        }
        return out
    }

    func parameter(_ value: JSONValue, path: JSONPath, event: Bool, component: Bool, depth: Int) throws(JSONABIError) -> ABIParameter {
        guard case .object = value else {
            throw JSONABIError(.wrongKind, "a parameter must be an object, found \(value.kindName)", path: path)
        }
        var name = ""
        if let n = value["name"] {
            guard case .string(let s) = n else {
                throw JSONABIError(.wrongKind, "\"name\" must be a string, found \(n.kindName)", path: path + "name")
            }
            guard s.isEmpty || SignatureScanner.isIdentifier(s) else {
                throw JSONABIError(.invalidName, "\(String(reflecting: s)) is not a valid parameter name", path: path + "name")
            }
            name = s
        }
        guard let t = value["type"] else {
            throw JSONABIError(.missingField, "missing \"type\"", path: path)
        }
        guard case .string(let typeString) = t else {
            throw JSONABIError(.wrongKind, "\"type\" must be a string, found \(t.kindName)", path: path + "type")
        }
        var internalType: String?
        if let it = value["internalType"] {
            guard case .string(let s) = it else {
                throw JSONABIError(.wrongKind, "\"internalType\" must be a string, found \(it.kindName)", path: path + "internalType")
            }
            internalType = s
        }
        var indexed = false
        if let ix = value["indexed"] {
            guard case .bool(let b) = ix else {
                throw JSONABIError(.wrongKind, "\"indexed\" must be a boolean, found \(ix.kindName)", path: path + "indexed")
            }
            if b && (!event || component) {
                throw JSONABIError(.indexed, "\"indexed\" is only allowed on event inputs", path: path + "indexed")
            }
            indexed = b
        }

        // The type string: a base name and array suffixes, without spaces.
        var scanner = SignatureScanner(typeString)
        scanner.depth = depth
        let base: ABIType
        var dimensions = 0
        var components: [ABIParameter] = []
        do throws(ABISyntaxError) {
            guard let r = scanner.identifierRange(from: 0) else {
                if scanner.peek == UInt8(ascii: "(") {
                    throw ABISyntaxError(.syntax, "write tuples as \"tuple\" with \"components\"", offset: 0)
                }
                throw scanner.unexpected(expected: "a type name", at: 0)
            }
            scanner.pos = r.upperBound
            if scanner.word(r, is: "tuple") {
                base = .tuple([])
            } else {
                base = try scanner.elementaryType(range: r)
            }
            var t = try scanner.parseArraySuffixes(.bool, allowSpace: false)
            while true {
                if case .array(let e) = t { t = e } else if case .fixedArray(let e, _) = t { t = e } else { break }
                dimensions += 1
            }
            guard scanner.atEnd else {
                throw scanner.unexpected(expected: "'[' or the end of the type", at: scanner.pos)
            }
        } catch {
            throw JSONABIError(.invalidType, "invalid type \(String(reflecting: typeString)): \(error.message) (at offset \(error.offset) of the type)", path: path + "type")
        }

        let comps = value["components"]
        if case .tuple = base {
            guard let comps else {
                throw JSONABIError(.components, "a tuple type needs \"components\"", path: path)
            }
            guard case .array(let items) = comps else {
                throw JSONABIError(.wrongKind, "\"components\" must be an array, found \(comps.kindName)", path: path + "components")
            }
            guard !items.isEmpty else {
                throw JSONABIError(.components, "a tuple needs at least one component", path: path + "components")
            }
            let inner = depth + dimensions + 1
            guard inner <= ABIType.maxNestingDepth else {
                throw JSONABIError(.invalidType, "tuples and arrays nest deeper than \(ABIType.maxNestingDepth) levels", path: path + "components")
            }
            for (i, item) in items.enumerated() {
                components.append(try parameter(item, path: path + "components" + i, event: event, component: true, depth: inner))
            }
        } else if let comps {
            guard case .array(let items) = comps else {
                throw JSONABIError(.wrongKind, "\"components\" must be an array, found \(comps.kindName)", path: path + "components")
            }
            if !items.isEmpty {
                throw JSONABIError(.components, "\"components\" given for the non-tuple type \"\(typeString)\"", path: path + "components")
            }
        }
        // Rebuild the full type with the tuple's component types.
        let core: ABIType = components.isEmpty ? base : .tuple(components.map(\.type))
        var rescan = SignatureScanner(typeString)
        _ = rescan.readIdentifier()
        let type: ABIType
        do throws(ABISyntaxError) {
            type = try rescan.parseArraySuffixes(core, allowSpace: false)
        } catch {
            throw JSONABIError(.invalidType, error.message, path: path + "type")
        }
        return ABIParameter(name: name, type: type, components: components, indexed: indexed, internalType: internalType)
    }
}

// MARK: - Writing

extension ABIParameter {
    /// The parameter as a JSON ABI object (`name`, `type`, `components`, `indexed` for events,
    /// `internalType` when known).
    public func jsonValue(event: Bool = false) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let internalType { members.append(("internalType", .string(internalType))) }
        members.append(("name", .string(name)))
        members.append(("type", .string(Self.jsonTypeString(type))))
        if type.innermostTuple != nil {
            members.append(("components", .array(components.map { $0.jsonValue() })))
        }
        if event { members.append(("indexed", .bool(indexed))) }
        return .object(members)
    }

    /// `tuple[2][]` for a tuple core, the canonical string otherwise.
    static func jsonTypeString(_ type: ABIType) -> String {
        switch type {
        case .tuple: return "tuple"
        case .array(let e): return jsonTypeString(e) + "[]"
        case .fixedArray(let e, let n): return jsonTypeString(e) + "[\(n)]"
        default: return type.canonical
        }
    }
}

extension ABIFragment {
    /// The entry as a JSON ABI object, as solc writes it.
    public var jsonValue: JSONValue {
        func params(_ ps: [ABIParameter], event: Bool = false) -> JSONValue { .array(ps.map { $0.jsonValue(event: event) }) }
        switch self {
        case .function(let f):
            return .object([("type", .string("function")), ("name", .string(f.name)), ("inputs", params(f.inputs)),
                            ("outputs", params(f.outputs)), ("stateMutability", .string(f.stateMutability.rawValue))])
        case .event(let e):
            return .object([("type", .string("event")), ("name", .string(e.name)), ("inputs", params(e.inputs, event: true)),
                            ("anonymous", .bool(e.anonymous))])
        case .error(let e):
            return .object([("type", .string("error")), ("name", .string(e.name)), ("inputs", params(e.inputs))])
        case .constructor(let c):
            return .object([("type", .string("constructor")), ("inputs", params(c.inputs)),
                            ("stateMutability", .string(c.stateMutability.rawValue))])
        case .fallback(let f):
            return .object([("type", .string("fallback")), ("stateMutability", .string(f.stateMutability.rawValue))])
        case .receive:
            return .object([("type", .string("receive")), ("stateMutability", .string("payable"))])
        }
    }
}

extension JSONABI {
    /// The ABI as a JSON array.
    public var jsonValue: JSONValue { .array(fragments.map(\.jsonValue)) }
}
