import BallastJSON
import EthereumPrimitives
import Foundation
import Secp256k1
import TestSupport
@testable import Transactions

/// Reads a vector file with the project's exact JSON parser (numbers keep all their digits).
func loadJSON(_ url: URL) throws -> JSONValue {
    let data = try Data(contentsOf: url)
    return try JSONValue.parse(bytes: [UInt8](data))
}

extension JSONValue {
    var string: String? { if case .string(let s) = self { return s }; return nil }
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    var int: Int? {
        switch self {
        case .number(let n): return Int(n)
        case .string(let s): return Int(s)
        default: return nil
        }
    }
    var isNull: Bool { if case .null = self { return true }; return false }
}

struct VectorError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

func hexBytes(_ s: String?) throws -> [UInt8] {
    guard let s, let b = TestHex.decode(s) else { throw VectorError("bad hex \(s ?? "nil")") }
    return b
}

func signer(_ keyHex: String?) throws -> PrivateKeySigner {
    try PrivateKeySigner(privateKey: PrivateKey(bytes: hexBytes(keyHex)))
}

/// The robustness loops' seeded generator.
typealias SeededGenerator = SplitMix64
