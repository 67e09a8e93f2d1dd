import BallastJSON
import EthereumPrimitives

/// The codes of Solidity's `Panic(uint256)`.
public enum ABIPanicCode: UInt8, Sendable, CaseIterable {
    /// Generic compiler-inserted panic.
    case generic = 0x00
    /// `assert` failed.
    case assertionFailed = 0x01
    /// Arithmetic overflow or underflow outside `unchecked`.
    case arithmeticOverflow = 0x11
    /// Division or modulo by zero.
    case divisionByZero = 0x12
    /// Conversion of a value too large or negative to an enum.
    case enumConversion = 0x21
    /// An incorrectly encoded storage byte array.
    case storageEncoding = 0x22
    /// `.pop()` on an empty array.
    case emptyArrayPop = 0x31
    /// An array index (or `bytesN`, slice) out of bounds.
    case arrayIndexOutOfBounds = 0x32
    /// Too much memory allocated, or an array too large.
    case memoryOverflow = 0x41
    /// A call through a zero-initialized internal function variable.
    case zeroFunction = 0x51

    /// A stable short name (`"overflow"`).
    public var name: String {
        switch self {
        case .generic: "generic"
        case .assertionFailed: "assert"
        case .arithmeticOverflow: "overflow"
        case .divisionByZero: "division_by_zero"
        case .enumConversion: "enum_conversion"
        case .storageEncoding: "storage_encoding"
        case .emptyArrayPop: "empty_array_pop"
        case .arrayIndexOutOfBounds: "index_out_of_bounds"
        case .memoryOverflow: "memory_overflow"
        case .zeroFunction: "zero_function"
        }
    }

    /// A sentence for people.
    public var summary: String {
        switch self {
        case .generic: "generic compiler-inserted panic"
        case .assertionFailed: "assertion failed"
        case .arithmeticOverflow: "arithmetic overflow or underflow"
        case .divisionByZero: "division or modulo by zero"
        case .enumConversion: "invalid conversion to an enum"
        case .storageEncoding: "incorrectly encoded storage byte array"
        case .emptyArrayPop: "pop() on an empty array"
        case .arrayIndexOutOfBounds: "array index out of bounds"
        case .memoryOverflow: "too much memory allocated"
        case .zeroFunction: "call to a zero-initialized function variable"
        }
    }

    /// The known code for a `Panic(uint256)` argument, or nil.
    public init?(code: UInt256) {
        guard let small = code.uint64Value, small <= 0xFF, let c = ABIPanicCode(rawValue: UInt8(small)) else { return nil }
        self = c
    }
}

/// The data of a reverted call: `Error(string)`, `Panic(uint256)`, a custom error, or nothing.
public enum ABIRevert: Hashable, Sendable {
    /// No data (`revert()`, `require(cond)` without a message, out of gas...).
    case empty
    /// `Error(string)`: `require(cond, "message")` or `revert("message")`.
    case error(String)
    /// `Panic(uint256)`: a compiler-inserted check failed.
    case panic(UInt256)
    /// Anything else: a custom error's selector and its encoded arguments (decode those with
    /// ``decodeCustom(_:selector:types:mode:)`` once the error's signature is known).
    case custom(selector: [UInt8], arguments: [UInt8])

    /// `0x08c379a0`, the selector of `Error(string)`.
    public static let errorSelector: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
    /// `0x4e487b71`, the selector of `Panic(uint256)`.
    public static let panicSelector: [UInt8] = [0x4e, 0x48, 0x7b, 0x71]

    /// Classifies and decodes revert data. `Error` and `Panic` payloads are decoded in `mode`.
    ///
    /// - Throws: ``ABIDecodingError`` for 1–3 bytes (``ABIDecodingError/Kind/truncated``) or a
    ///   malformed `Error`/`Panic` payload.
    public static func decode(_ data: some Collection<UInt8>, mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> ABIRevert {
        let bytes = Array(data)
        if bytes.isEmpty { return .empty }
        guard bytes.count >= 4 else { throw ABIDecodingError(.truncated, offset: bytes.count) }
        let selector = Array(bytes[0..<4])
        if selector == errorSelector {
            let values = try ABIDecoder.decodeCall(bytes, selector: errorSelector, types: [.string], mode: mode)
            if case .string(let message) = values[0] { return .error(message) }
        } else if selector == panicSelector {
            let values = try ABIDecoder.decodeCall(bytes, selector: panicSelector, types: [.uint256], mode: mode)
            if case .uint(let code) = values[0] { return .panic(code) }
        }
        return .custom(selector: selector, arguments: Array(bytes[4...]))
    }

    /// The revert data.
    public var encoded: [UInt8] {
        switch self {
        case .empty: return []
        case .error(let message): return ABIRevert.encodeError(message)
        case .panic(let code): return ABIRevert.encodePanic(code)
        case .custom(let selector, let arguments): return selector + arguments
        }
    }

    /// `Error(string)` data for `message`.
    public static func encodeError(_ message: String) -> [UInt8] {
        // A string always matches `string`; the encoder cannot fail here.
        (try? ABIEncoder.encodeCall(selector: errorSelector, values: [.string(message)], types: [.string])) ?? []
    }

    /// `Panic(uint256)` data for `code`.
    public static func encodePanic(_ code: UInt256) -> [UInt8] {
        (try? ABIEncoder.encodeCall(selector: panicSelector, values: [.uint(code)], types: [.uint256])) ?? []
    }

    /// `Panic(uint256)` data for a known code.
    public static func encodePanic(_ code: ABIPanicCode) -> [UInt8] {
        encodePanic(UInt256(UInt64(code.rawValue)))
    }

    /// Custom error data: the error's selector and its arguments encoded like a call.
    public static func encodeCustom(selector: [UInt8], values: [ABIValue], types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        try ABIEncoder.encodeCall(selector: selector, values: values, types: types)
    }

    /// Decodes custom error data whose selector must be `selector`.
    public static func decodeCustom(_ data: some Collection<UInt8>, selector: [UInt8], types: [ABIType], mode: ABIDecodingMode = .strict) throws(ABIDecodingError) -> [ABIValue] {
        try ABIDecoder.decodeCall(data, selector: selector, types: types, mode: mode)
    }

    /// The panic code's meaning when this is a known `Panic`.
    public var panicCode: ABIPanicCode? {
        if case .panic(let code) = self { return ABIPanicCode(code: code) }
        return nil
    }
}

extension ABIRevert: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: return "reverted without data"
        case .error(let message): return "Error(\(String(reflecting: message)))"
        case .panic(let code):
            if let known = ABIPanicCode(code: code) { return "Panic(\(code.hexQuantity)): \(known.summary)" }
            return "Panic(\(code.hexQuantity))"
        case .custom(let selector, let arguments):
            return "custom error \(Hex.encode(selector)) with \(arguments.count) bytes of arguments"
        }
    }
}
