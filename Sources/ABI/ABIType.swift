import EthereumPrimitives

/// A Solidity ABI type, without parameter names (names live in ``ABIParameter``).
///
/// The canonical form (``canonical``) is what selectors and topics hash: `uint256`, `bytes32`,
/// `(address,uint256)[]`, with `uint`/`int` always written with their width.
public enum ABIType: Hashable, Sendable {
    /// `uintN`, N in 8...256, a multiple of 8.
    case uint(bits: Int)
    /// `intN`, N in 8...256, a multiple of 8.
    case int(bits: Int)
    case address
    case bool
    /// `bytesN`, N in 1...32.
    case fixedBytes(count: Int)
    /// `bytes` (dynamic).
    case bytes
    /// `string` (dynamic, UTF-8).
    case string
    /// `T[k]`.
    indirect case fixedArray(ABIType, count: Int)
    /// `T[]`.
    indirect case array(ABIType)
    /// `(T1,T2,…)`.
    case tuple([ABIType])

    /// `uint256`.
    public static let uint256 = ABIType.uint(bits: 256)
    /// `int256`.
    public static let int256 = ABIType.int(bits: 256)
    /// `bytes32`.
    public static let bytes32 = ABIType.fixedBytes(count: 32)

    /// Whether the type is dynamic in the head/tail layout (its head is an offset).
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: return true
        case .fixedArray(let element, let count): return count > 0 && element.isDynamic
        case .tuple(let components): return components.contains(where: \.isDynamic)
        default: return false
        }
    }

    /// The number of bytes the type occupies in the head: 32 for dynamic types (an offset),
    /// otherwise its full static size. Saturates instead of overflowing for absurd fixed arrays.
    public var headSize: Int {
        if isDynamic { return 32 }
        switch self {
        case .fixedArray(let element, let count):
            let (product, overflow) = element.headSize.multipliedReportingOverflow(by: count)
            return overflow ? Int.max : product
        case .tuple(let components):
            var total = 0
            for c in components {
                let (sum, overflow) = total.addingReportingOverflow(c.headSize)
                if overflow { return Int.max }
                total = sum
            }
            return total
        default:
            return 32
        }
    }

    /// The canonical type string used in signatures: `uint256`, `(address,bytes)[2]`.
    public var canonical: String {
        switch self {
        case .uint(let bits): return "uint\(bits)"
        case .int(let bits): return "int\(bits)"
        case .address: return "address"
        case .bool: return "bool"
        case .fixedBytes(let count): return "bytes\(count)"
        case .bytes: return "bytes"
        case .string: return "string"
        case .fixedArray(let element, let count): return "\(element.canonical)[\(count)]"
        case .array(let element): return "\(element.canonical)[]"
        case .tuple(let components): return "(" + components.map(\.canonical).joined(separator: ",") + ")"
        }
    }

    /// Whether the widths are valid (uint/int multiples of 8 in 8...256, bytesN in 1...32, k ≥ 0).
    public var isValid: Bool {
        switch self {
        case .uint(let bits), .int(let bits): return bits >= 8 && bits <= 256 && bits % 8 == 0
        case .fixedBytes(let count): return count >= 1 && count <= 32
        case .fixedArray(let element, let count): return count >= 0 && element.isValid
        case .array(let element): return element.isValid
        case .tuple(let components): return components.allSatisfy(\.isValid)
        default: return true
        }
    }
}

extension ABIType: CustomStringConvertible {
    public var description: String { canonical }
}

/// A named parameter (function input/output, event field, tuple component), as in a JSON ABI.
///
/// `components` mirrors the tuple structure of `type` (for a tuple, or an array of tuples) and
/// carries the component names; it is empty for other types.
public struct ABIParameter: Hashable, Sendable {
    public var name: String
    public var type: ABIType
    public var components: [ABIParameter]
    /// Event parameters only: whether the field is a topic.
    public var indexed: Bool
    /// The Solidity type as the compiler named it (`struct Pool.Params`), when known.
    public var internalType: String?

    public init(name: String = "", type: ABIType, components: [ABIParameter] = [], indexed: Bool = false, internalType: String? = nil) {
        self.name = name
        self.type = type
        self.components = components
        self.indexed = indexed
        self.internalType = internalType
    }
}

/// A typed ABI value. The codec checks a value against an ``ABIType`` when encoding.
///
/// Not `indirect`: nested values live in the arrays' heap storage, so scalars need no box.
public enum ABIValue: Hashable, Sendable {
    /// Any `uintN`.
    case uint(UInt256)
    /// Any `intN`.
    case int(Int256)
    case address(Address)
    case bool(Bool)
    /// `bytesN`: exactly N bytes.
    case fixedBytes([UInt8])
    case bytes([UInt8])
    case string(String)
    /// `T[k]` or `T[]`.
    case array([ABIValue])
    case tuple([ABIValue])
}
