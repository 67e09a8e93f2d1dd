import BallastJSON
import EthereumPrimitives

/// A JSON value that cannot be read as an ABI value of the requested type. `path` is the JSON
/// path of the offending value (`args[1].amount`).
public struct ABIValueError: BallastError, Equatable {
    public enum Kind: Equatable, Sendable {
        /// The JSON kind does not fit the type (an object where `uint256` is expected).
        case wrongKind(expected: String, found: String)
        /// A JSON number with a fraction or exponent where an integer is expected.
        case notAnInteger(String)
        /// A number that does not parse (`"12a"`, `"-"`, a negative value for `uintN`).
        case invalidNumber(NumberError)
        /// An integer outside the range of `uintN` / `intN`.
        case outOfRange(ABIType)
        /// A hex string that does not parse, or lacks its `0x`.
        case invalidHex(HexError)
        /// A `bytesN` value with a byte count other than N.
        case byteCount(expected: Int, actual: Int)
        /// An address that does not parse (length, characters, EIP-55 checksum).
        case invalidAddress(AddressError)
        /// A `T[k]` with a number of elements other than k.
        case arrayLength(expected: Int, actual: Int)
        /// A tuple given as an array with the wrong number of components.
        case tupleArity(expected: Int, actual: Int)
        /// A tuple given as an object with a key that names no component.
        case unknownComponent(String)
        /// A tuple given as an object without one of its components.
        case missingComponent(String)
        /// A list of values given as an array of the wrong length.
        case argumentCount(expected: Int, actual: Int)
    }

    public var kind: Kind
    public var path: JSONPath

    public init(_ kind: Kind, path: JSONPath) {
        self.kind = kind
        self.path = path
    }

    public var code: String {
        switch kind {
        case .wrongKind: "abi_json_wrong_kind"
        case .notAnInteger: "abi_json_not_an_integer"
        case .invalidNumber: "abi_json_invalid_number"
        case .outOfRange: "abi_json_out_of_range"
        case .invalidHex: "abi_json_invalid_hex"
        case .byteCount: "abi_json_byte_count"
        case .invalidAddress: "abi_json_invalid_address"
        case .arrayLength: "abi_json_array_length"
        case .tupleArity: "abi_json_tuple_arity"
        case .unknownComponent: "abi_json_unknown_component"
        case .missingComponent: "abi_json_missing_component"
        case .argumentCount: "abi_json_argument_count"
        }
    }

    public var message: String {
        switch kind {
        case .wrongKind(let expected, let found): "expected \(expected), found \(found)"
        case .notAnInteger(let text): "\(text) is not an integer"
        case .invalidNumber(let e): e.message
        case .outOfRange(let t): "integer out of range for \(t.canonical)"
        case .invalidHex(let e): e.message
        case .byteCount(let n, let actual): "bytes\(n) needs exactly \(n) bytes, got \(actual)"
        case .invalidAddress(let e): e.message
        case .arrayLength(let k, let actual): "expected \(k) elements, got \(actual)"
        case .tupleArity(let n, let actual): "expected \(n) tuple components, got \(actual)"
        case .unknownComponent(let name): "no tuple component is named \"\(name)\""
        case .missingComponent(let name): "tuple component \"\(name)\" is missing"
        case .argumentCount(let n, let actual): "expected \(n) values, got \(actual)"
        }
    }

    public var location: String? { path.description }
}

extension ABIValue {
    // MARK: ABIValue → JSON

    /// The value in the JSON value format: integers as decimal strings, addresses checksummed,
    /// bools as `true`/`false`, `bytesN`/`bytes` as `0x` hex, strings as JSON strings, arrays
    /// and tuples as JSON arrays.
    public var jsonValue: JSONValue {
        switch self {
        case .uint(let x): .string(x.decimalString)
        case .int(let x): .string(x.decimalString)
        case .address(let a): .string(a.checksummed)
        case .bool(let b): .bool(b)
        case .fixedBytes(let b), .bytes(let b): .string(Hex.encode(b))
        case .string(let s): .string(s)
        case .array(let items), .tuple(let items): .array(items.map(\.jsonValue))
        }
    }

    /// A list of values as a JSON array.
    public static func jsonArray(_ values: [ABIValue]) -> JSONValue {
        .array(values.map(\.jsonValue))
    }

    // MARK: JSON → ABIValue

    /// Reads a JSON value as a value of `type`. Integers may be JSON integers, decimal strings
    /// (negative for `intN`) or `0x` hex strings; tuples are JSON arrays.
    ///
    /// - Parameter path: the JSON path of `json`, for errors.
    public init(json: JSONValue, type: ABIType, path: JSONPath = .root) throws(ABIValueError) {
        self = try ABIValue.read(json, type, components: [], path: path)
    }

    /// Reads a JSON value as a value of `parameter`'s type; a tuple may also be an object keyed
    /// by the component names the parameter gives.
    public init(json: JSONValue, parameter: ABIParameter, path: JSONPath = .root) throws(ABIValueError) {
        self = try ABIValue.read(json, parameter.type, components: parameter.components, path: path)
    }

    /// Reads a JSON array of values for an argument list.
    public static func list(fromJSON json: JSONValue, types: [ABIType], path: JSONPath = .root) throws(ABIValueError) -> [ABIValue] {
        try list(fromJSON: json, parameters: types.map { ABIParameter(type: $0) }, path: path)
    }

    /// Reads a JSON array of values for a parameter list (or an object keyed by the parameter
    /// names, when every parameter is named).
    public static func list(fromJSON json: JSONValue, parameters: [ABIParameter], path: JSONPath = .root) throws(ABIValueError) -> [ABIValue] {
        switch json {
        case .array(let items):
            guard items.count == parameters.count else {
                throw ABIValueError(.argumentCount(expected: parameters.count, actual: items.count), path: path)
            }
            var out = [ABIValue]()
            out.reserveCapacity(items.count)
            for i in items.indices {
                out.append(try read(items[i], parameters[i].type, components: parameters[i].components, path: path + i))
            }
            return out
        case .object(let members) where !parameters.isEmpty && parameters.allSatisfy({ !$0.name.isEmpty }):
            return try readNamed(members, parameters, path: path)
        default:
            throw ABIValueError(.wrongKind(expected: "an array of \(parameters.count) values", found: json.kindName), path: path)
        }
    }

    static func readNamed(_ members: [(key: String, value: JSONValue)], _ parameters: [ABIParameter], path: JSONPath) throws(ABIValueError) -> [ABIValue] {
        for m in members where !parameters.contains(where: { $0.name == m.key }) {
            throw ABIValueError(.unknownComponent(m.key), path: path + m.key)
        }
        var out = [ABIValue]()
        out.reserveCapacity(parameters.count)
        for p in parameters {
            guard let member = members.first(where: { $0.key == p.name }) else {
                throw ABIValueError(.missingComponent(p.name), path: path)
            }
            out.append(try read(member.value, p.type, components: p.components, path: path + p.name))
        }
        return out
    }

    static func read(_ json: JSONValue, _ type: ABIType, components: [ABIParameter], path: JSONPath) throws(ABIValueError) -> ABIValue {
        switch type {
        case .uint(let bits):
            let x = try readUnsigned(json, path: path)
            guard x.fits(bits: bits) else { throw ABIValueError(.outOfRange(type), path: path) }
            return .uint(x)
        case .int(let bits):
            let x = try readSigned(json, path: path)
            guard x.fits(bits: bits) else { throw ABIValueError(.outOfRange(type), path: path) }
            return .int(x)
        case .address:
            guard case .string(let s) = json else {
                throw ABIValueError(.wrongKind(expected: "an address string", found: json.kindName), path: path)
            }
            guard s.hasPrefix("0x") || s.hasPrefix("0X") else {
                throw ABIValueError(.invalidHex(.missingPrefix), path: path)
            }
            do {
                return .address(try Address(hex: s))
            } catch {
                throw ABIValueError(.invalidAddress(error), path: path)
            }
        case .bool:
            guard case .bool(let b) = json else {
                throw ABIValueError(.wrongKind(expected: "true or false", found: json.kindName), path: path)
            }
            return .bool(b)
        case .fixedBytes(let n):
            let b = try readHex(json, path: path)
            guard b.count == n else { throw ABIValueError(.byteCount(expected: n, actual: b.count), path: path) }
            return .fixedBytes(b)
        case .bytes:
            return .bytes(try readHex(json, path: path))
        case .string:
            guard case .string(let s) = json else {
                throw ABIValueError(.wrongKind(expected: "a string", found: json.kindName), path: path)
            }
            return .string(s)
        case .fixedArray(let element, let k):
            let items = try readArray(json, path: path)
            guard items.count == k else { throw ABIValueError(.arrayLength(expected: k, actual: items.count), path: path) }
            return .array(try readElements(items, element, components: components, path: path))
        case .array(let element):
            let items = try readArray(json, path: path)
            return .array(try readElements(items, element, components: components, path: path))
        case .tuple(let types):
            switch json {
            case .array(let items):
                guard items.count == types.count else {
                    throw ABIValueError(.tupleArity(expected: types.count, actual: items.count), path: path)
                }
                var out = [ABIValue]()
                out.reserveCapacity(types.count)
                for i in types.indices {
                    let sub = i < components.count ? components[i].components : []
                    out.append(try read(items[i], types[i], components: sub, path: path + i))
                }
                return .tuple(out)
            case .object(let members) where components.count == types.count && components.allSatisfy({ !$0.name.isEmpty }):
                let named = zip(components, types).map { ABIParameter(name: $0.name, type: $1, components: $0.components) }
                return .tuple(try readNamed(members, named, path: path))
            default:
                let expected = components.allSatisfy({ !$0.name.isEmpty }) && !components.isEmpty
                    ? "an array or object for \(type.canonical)" : "an array for \(type.canonical)"
                throw ABIValueError(.wrongKind(expected: expected, found: json.kindName), path: path)
            }
        }
    }

    static func readElements(_ items: [JSONValue], _ element: ABIType, components: [ABIParameter], path: JSONPath) throws(ABIValueError) -> [ABIValue] {
        var out = [ABIValue]()
        out.reserveCapacity(items.count)
        for i in items.indices {
            out.append(try read(items[i], element, components: components, path: path + i))
        }
        return out
    }

    static func readArray(_ json: JSONValue, path: JSONPath) throws(ABIValueError) -> [JSONValue] {
        guard case .array(let items) = json else {
            throw ABIValueError(.wrongKind(expected: "an array", found: json.kindName), path: path)
        }
        return items
    }

    static func readHex(_ json: JSONValue, path: JSONPath) throws(ABIValueError) -> [UInt8] {
        guard case .string(let s) = json else {
            throw ABIValueError(.wrongKind(expected: "a 0x hex string", found: json.kindName), path: path)
        }
        do {
            return try Hex.decode(s, requirePrefix: true)
        } catch {
            throw ABIValueError(.invalidHex(error), path: path)
        }
    }

    /// A JSON integer literal (`-?[0-9]+`), else nil.
    static func integerLiteral(_ text: String) -> Bool {
        var digits = text.utf8[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    static func readUnsigned(_ json: JSONValue, path: JSONPath) throws(ABIValueError) -> UInt256 {
        do {
            switch json {
            case .number(let text):
                guard integerLiteral(text) else { throw ABIValueError(.notAnInteger(text), path: path) }
                return try UInt256(decimal: text)
            case .string(let text):
                return try UInt256(parsing: text)
            default:
                throw ABIValueError(.wrongKind(expected: "an integer or a decimal or 0x hex string", found: json.kindName), path: path)
            }
        } catch let e as ABIValueError {
            throw e
        } catch let e as NumberError {
            if e == .overflow { throw ABIValueError(.outOfRange(.uint256), path: path) }
            throw ABIValueError(.invalidNumber(e), path: path)
        } catch {
            throw ABIValueError(.wrongKind(expected: "an integer", found: json.kindName), path: path)
        }
    }

    static func readSigned(_ json: JSONValue, path: JSONPath) throws(ABIValueError) -> Int256 {
        do {
            switch json {
            case .number(let text):
                guard integerLiteral(text) else { throw ABIValueError(.notAnInteger(text), path: path) }
                return try Int256(decimal: text)
            case .string(let text):
                return try Int256(parsing: text)
            default:
                throw ABIValueError(.wrongKind(expected: "an integer or a decimal or 0x hex string", found: json.kindName), path: path)
            }
        } catch let e as ABIValueError {
            throw e
        } catch let e as NumberError {
            if e == .overflow { throw ABIValueError(.outOfRange(.int256), path: path) }
            throw ABIValueError(.invalidNumber(e), path: path)
        } catch {
            throw ABIValueError(.wrongKind(expected: "an integer", found: json.kindName), path: path)
        }
    }
}
