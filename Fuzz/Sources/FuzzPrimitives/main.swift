import EthereumPrimitives
import FuzzDriver

// Text parsers of the primitives never crash, and accepted values print back consistently.
runFuzzer { input in
    let text = String(decoding: input, as: UTF8.self)
    if let bytes = try? Hex.decode(text) {
        precondition((try? Hex.decode(Hex.encode(bytes))) == bytes, "hex does not round-trip")
    }
    if let v = try? UInt256(parsing: text) {
        precondition((try? UInt256(decimal: v.decimalString)) == v, "decimal does not round-trip")
        precondition((try? UInt256(hexQuantity: v.hexQuantity)) == v, "hex quantity does not round-trip")
    }
    if let v = try? Int256(parsing: text) {
        precondition((try? Int256(decimal: v.decimalString)) == v, "signed decimal does not round-trip")
    }
    if let a = try? Address(hex: text) {
        precondition((try? Address(hex: a.checksummed)) == a, "checksummed address does not round-trip")
    }
    _ = try? Units.parseValue(text)
    _ = try? Units.parseAmount(text, decimals: 18)
}
