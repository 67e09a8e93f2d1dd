import ABI
import BallastJSON
import EthereumPrimitives
import RLP
import Transactions

extension FuzzChecks {
    /// Strict RLP decoding never crashes, and whatever it accepts re-encodes to exactly the input.
    public static func rlp(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let item = try? RLP.decode(bytes) else { return }
        try require(item.encoded() == bytes, "RLP re-encoding differs from a strictly decoded input")
    }

    /// What the JSON parser accepts prints (compact and pretty) to text that parses back to the
    /// same value; printing is stable (parse → print → parse → print gives the same text).
    public static func json(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let value = try? JSONValue.parse(bytes: bytes) else { return }
        let compact = value.compact
        guard let again = try? JSONValue.parse(compact) else { throw PropertyViolation("compact JSON does not parse") }
        try require(again == value, "compact JSON does not round-trip")
        try require(again.compact == compact, "compact printing is not stable")
        try require((try? JSONValue.parse(value.pretty)) == value, "pretty JSON does not round-trip")
    }

    /// The text parsers of the primitives never crash, and accepted values print back to
    /// themselves.
    public static func primitives(_ input: [UInt8]) throws(PropertyViolation) {
        let text = String(decoding: input, as: UTF8.self)
        if let bytes = try? Hex.decode(text) {
            try require((try? Hex.decode(Hex.encode(bytes))) == bytes, "hex does not round-trip")
        }
        if let v = try? UInt256(parsing: text) {
            try require((try? UInt256(decimal: v.decimalString)) == v, "decimal does not round-trip")
            try require((try? UInt256(hexQuantity: v.hexQuantity)) == v, "hex quantity does not round-trip")
        }
        if let v = try? Int256(parsing: text) {
            try require((try? Int256(decimal: v.decimalString)) == v, "signed decimal does not round-trip")
        }
        if let a = try? Address(hex: text) {
            try require((try? Address(hex: a.checksummed)) == a, "checksummed address does not round-trip")
        }
        _ = try? Units.parseValue(text)
        _ = try? Units.parseAmount(text, decimals: 18)
    }

    /// Strict transaction decoding never crashes, and whatever it accepts is canonical: encoding
    /// the decoded transaction and signature again (independently of the input bytes) gives
    /// exactly the input, the same hash and the same sender. The decode JSON of an accepted
    /// transaction reads back to the same transaction.
    public static func tx(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let decoded = try? SignedTransaction.decode(bytes) else { return }
        guard let again = try? SignedTransaction(transaction: decoded.transaction, signature: decoded.signature) else {
            throw PropertyViolation("a decoded transaction cannot be rebuilt from its fields and signature")
        }
        try require(again.networkEncoded == bytes, "re-encoding differs from a strictly decoded input")
        try require(again.hash == decoded.hash, "hash differs after re-encoding")
        try require(again.sender == decoded.sender, "sender differs after re-encoding")
        _ = decoded.jsonValue().compact
        var unsigned = decoded.transaction
        if case .blob(var blob) = unsigned {
            blob.sidecar = nil
            unsigned = .blob(blob)
        }
        guard let read = try? UnsignedTransaction(json: unsigned.jsonValue(), allowUnprotected: true) else {
            throw PropertyViolation("the JSON of a decoded transaction does not read back")
        }
        try require(read == unsigned, "the JSON of a decoded transaction reads back to another transaction")
    }

    /// The argument lists of `abi`, picked by the first input byte.
    static let abiTypeLists: [[ABIType]] = [
        // Aave V3 Pool.flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)
        "(address,address[],uint256[],uint256[],address,bytes,uint16)",
        "(bytes,string,uint256[])",
        "((address,uint256,bytes)[])",
        "(int8,bool,bytes4,uint256[2],string[],(uint24,bytes)[2])",
        "(bytes[][],(string,int256[])[])",
    ].map { text in
        guard case .tuple(let components)? = try? ABIType(parsing: text) else { fatalError("FuzzChecks setup: not a type list: \(text)") }
        return components
    }

    /// ABI decoding over fixed argument lists (the first byte picks one; the rest is the data):
    /// whatever strict decoding accepts re-encodes to exactly the input, and lenient decoding
    /// accepts it too, with the same values and nothing non-canonical. Whatever lenient decoding
    /// reports canonical, strict decoding accepts with the same values (so it re-encodes exactly).
    public static func abi(_ input: [UInt8]) throws(PropertyViolation) {
        guard let selector = input.first else { return }
        let types = abiTypeLists[Int(selector) % abiTypeLists.count]
        let data = Array(input.dropFirst())
        let strict = try? ABIDecoder.decode(types, from: data, mode: .strict)
        let lenient = try? ABIDecoder.decodeReport(types, from: data, mode: .lenient)
        if let strict {
            guard let encoded = try? ABIEncoder.encode(strict, as: types) else {
                throw PropertyViolation("strictly decoded values do not encode")
            }
            try require(encoded == data, "re-encoding differs from a strictly decoded input")
            guard let lenient else { throw PropertyViolation("lenient decoding refuses what strict decoding accepts") }
            try require(lenient.values == strict, "lenient and strict decoding disagree on a strictly valid input")
            try require(lenient.isCanonical, "lenient decoding reports a strictly valid input non-canonical")
        }
        if let lenient, lenient.isCanonical {
            try require(strict == lenient.values, "strict decoding refuses or differs on what lenient decoding reports canonical")
        }
    }
}
