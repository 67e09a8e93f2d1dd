import ABI
import BallastJSON
import EthereumPrimitives
import Foundation
import TestSupport

/// Loading of the codec vector files (vectors/abi*.json, from vectors/gen_abi.py) and helpers
/// shared by the codec tests.
enum CodecVectors {
    static func load(_ name: String) -> JSONValue? {
        guard let data = try? Data(contentsOf: Vectors.project(name)) else { return nil }
        return try? JSONValue.parse(bytes: Array(data))
    }

    static let main: JSONValue? = load("abi.json")
    static let packed: JSONValue? = load("abi_packed.json")
    static let strict: JSONValue? = load("abi_strict.json")

    static func list(_ file: JSONValue?, _ key: String) -> [JSONValue] {
        guard case .array(let items)? = file?[key] else { return [] }
        return items
    }
}

enum CodecTestError: Error { case malformed(String) }

extension JSONValue {
    var codecString: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var codecInt: Int? {
        if case .number(let n) = self { return Int(n) }
        return nil
    }

    var codecArray: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }
}

/// Builds an ABIType from the generator's type tree, without the type-string parser.
func codecType(tree: JSONValue) throws -> ABIType {
    guard let k = tree["k"]?.codecString else { throw CodecTestError.malformed("tree without k") }
    switch k {
    case "uint": return .uint(bits: tree["n"]?.codecInt ?? -1)
    case "int": return .int(bits: tree["n"]?.codecInt ?? -1)
    case "address": return .address
    case "bool": return .bool
    case "fbytes": return .fixedBytes(count: tree["n"]?.codecInt ?? -1)
    case "bytes": return .bytes
    case "string": return .string
    case "array":
        guard let e = tree["e"] else { throw CodecTestError.malformed("array without e") }
        return .array(try codecType(tree: e))
    case "farray":
        guard let e = tree["e"], let n = tree["n"]?.codecInt else { throw CodecTestError.malformed("farray") }
        return .fixedArray(try codecType(tree: e), count: n)
    case "tuple":
        return .tuple(try (tree["c"]?.codecArray ?? []).map(codecType(tree:)))
    default:
        throw CodecTestError.malformed("unknown kind \(k)")
    }
}

func codecTypes(trees: JSONValue?) throws -> [ABIType] {
    try (trees?.codecArray ?? []).map(codecType(tree:))
}

func codecHex(_ value: JSONValue?) -> [UInt8] {
    guard let s = value?.codecString, let b = TestHex.decode(s) else { return [] }
    return b
}

/// The codec tests' seeded generator (SplitMix64, from TestSupport).
typealias CodecRandom = SplitMix64

extension SplitMix64 {
    mutating func bytes(_ n: Int) -> [UInt8] {
        (0..<n).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}

/// Random types and values for property tests.
struct CodecGenerator {
    var rng: CodecRandom

    mutating func atomic() -> ABIType {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: return .uint(bits: 8 * Int.random(in: 1...32, using: &rng))
        case 1: return .int(bits: 8 * Int.random(in: 1...32, using: &rng))
        case 2: return .address
        case 3: return .bool
        case 4: return .fixedBytes(count: Int.random(in: 1...32, using: &rng))
        case 5: return .bytes
        default: return .string
        }
    }

    mutating func type(depth: Int) -> ABIType {
        if depth == 0 || Int.random(in: 0..<10, using: &rng) < 4 { return atomic() }
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return .array(type(depth: depth - 1))
        case 1: return .fixedArray(type(depth: depth - 1), count: Int.random(in: 1...3, using: &rng))
        default: return .tuple((0..<Int.random(in: 1...3, using: &rng)).map { _ in type(depth: depth - 1) })
        }
    }

    mutating func uint(bits: Int) -> UInt256 {
        let max = bits == 256 ? UInt256.max : (UInt256.one << bits) - .one
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return .zero
        case 1: return max
        case 2: return UInt256(UInt64.random(in: 0...255, using: &rng)) & max
        default:
            let raw = UInt256(bigEndian: rng.bytes(32)) ?? .zero
            return raw & max
        }
    }

    mutating func int(bits: Int) -> Int256 {
        let u = uint(bits: bits)
        // Sign-extend the N-bit pattern.
        if bits < 256, !(u >> (bits - 1)).isZero {
            return Int256(twosComplement: u | ~((UInt256.one << bits) - .one))
        }
        return Int256(twosComplement: u)
    }

    mutating func string() -> String {
        let samples = ["", "a", String(repeating: "z", count: 32), "h\u{e9}llo", "\u{1F680}\u{65E5}", String(repeating: "\u{e9}", count: 17)]
        if Bool.random(using: &rng) { return samples[Int.random(in: 0..<samples.count, using: &rng)] }
        let n = Int.random(in: 0...70, using: &rng)
        return String((0..<n).map { _ in Character(UnicodeScalar(UInt8.random(in: 0x20...0x7E, using: &rng))) })
    }

    mutating func value(_ t: ABIType) -> ABIValue {
        switch t {
        case .uint(let bits): return .uint(uint(bits: bits))
        case .int(let bits): return .int(int(bits: bits))
        case .address: return .address(Address(bytes: rng.bytes(20)) ?? .zero)
        case .bool: return .bool(Bool.random(using: &rng))
        case .fixedBytes(let n): return .fixedBytes(rng.bytes(n))
        case .bytes: return .bytes(rng.bytes([0, 1, 31, 32, 33, 64, 65, 100][Int.random(in: 0..<8, using: &rng)]))
        case .string: return .string(string())
        case .fixedArray(let e, let k): return .array((0..<k).map { _ in value(e) })
        case .array(let e): return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(e) })
        case .tuple(let cs): return .tuple(cs.map { value($0) })
        }
    }
}
