import BallastJSON
import Foundation
import TestSupport
import Testing

/// vectors/tx.json, vectors/tx_bad.json, vectors/tx_network.json (gen_tx.py) and
/// vectors/tx_batch.json (gen_tx_batch.py), read with the exact JSON parser so that 256-bit
/// numbers keep all their digits.
enum TxVectors {
    static func load(_ name: String) -> JSONValue {
        do {
            let data = try Data(contentsOf: Vectors.project(name))
            return try JSONValue.parse(bytes: [UInt8](data))
        } catch {
            fatalError("vectors/\(name): \(error)")
        }
    }

    static let tx = load("tx.json")
    static let transactions: [JSONValue] = tx["transactions"]?.arrayValue ?? []
    static let authorizations: [JSONValue] = tx["authorizations"]?.arrayValue ?? []
    static let bad: [JSONValue] = load("tx_bad.json")["cases"]?.arrayValue ?? []
    static let network: [JSONValue] = load("tx_network.json")["transactions"]?.arrayValue ?? []
    static let batch = load("tx_batch.json")

    /// The vectors of one type (0-4).
    static func ofType(_ type: Int) -> [JSONValue] {
        transactions.filter { $0["type"]?.text == String(type) }
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    var isNull: Bool { if case .null = self { return true }; return false }
    /// A string's text, or a number's literal text.
    var text: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        default: return nil
        }
    }
    /// The members of an object, in order.
    var members: [(key: String, value: JSONValue)]? { if case .object(let m) = self { return m }; return nil }
}

enum TxTest {
    static let key1 = KeyOptionsTests.key1
    static let address1 = KeyOptionsTests.address1
    static let to = "0x2222222222222222222222222222222222222222"

    /// A quantity as a JSON integer, a decimal string or a 0x hex string, in decimal (a test-side
    /// conversion that does not use the code under test).
    static func decimal(_ value: JSONValue?) -> String? {
        guard let text = value?.text else { return nil }
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return text }
        // Hex to decimal by schoolbook base conversion over 32-bit limbs.
        var limbs: [UInt32] = [0]  // little-endian, base 2^32
        for c in text.dropFirst(2).utf8 {
            guard let d = UInt32(String(UnicodeScalar(c)), radix: 16) else { return nil }
            var carry = UInt64(d)
            for i in limbs.indices {
                let v = UInt64(limbs[i]) * 16 + carry
                limbs[i] = UInt32(truncatingIfNeeded: v)
                carry = v >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        var digits: [Character] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in limbs.indices.reversed() {
                let v = remainder << 32 | UInt64(limbs[i])
                limbs[i] = UInt32(v / 10)
                remainder = v % 10
            }
            digits.append(Character(String(remainder)))
        }
        return digits.isEmpty ? "0" : String(digits.reversed())
    }

    /// One unsigned vector as a JSON Lines line (its exact numbers kept).
    static func line(_ vector: JSONValue) -> String {
        (vector["unsigned"] ?? .null).compact + "\n"
    }

    /// Whether an unsigned vector is a pre-EIP-155 legacy transaction (no chainId).
    static func isUnprotected(_ vector: JSONValue) -> Bool {
        let chain = vector["unsigned"]?["chainId"]
        return chain == nil || chain?.isNull == true
    }

    /// Parses a one-line JSON object printed by the CLI.
    static func object(_ stdout: String) -> JSONValue? {
        guard let v = try? JSONValue.parse(stdout.trimmingCharacters(in: .whitespacesAndNewlines)), v.members != nil else {
            return nil
        }
        return v
    }

    /// `lines` as JSON Lines text.
    static func jsonl(_ lines: [String]) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }

    /// A valid type-2 line with `nonce`.
    static func goodLine(nonce: Int) -> String {
        #"{"chainId":1,"nonce":\#(nonce),"to":"\#(to)","gas":21000,"maxFeePerGas":"30000000000","maxPriorityFeePerGas":"0x1"}"#
    }
}
