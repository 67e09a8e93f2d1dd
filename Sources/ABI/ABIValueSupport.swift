import BallastJSON
import EthereumPrimitives

// Helpers shared by the codec: type checks done once per call, value kind names, and the
// word-level layout facts (sizes with overflow checks).

extension ABIType {
    /// The deepest type nesting the codec accepts (`uint256[][]` has depth 3). Real contract
    /// types stay far below; the bound keeps every recursion of the codec shallow.
    public static let maxCodecDepth = 64

    /// Why the type cannot go through the codec, or nil if it can.
    ///
    /// Checks widths (`uintN`/`intN`: N a multiple of 8 in 8...256; `bytesN`: N in 1...32), that
    /// no part has size zero (`T[0]` and the empty tuple `()` are refused, as Solidity refuses
    /// them: a zero-size element would let an array claim any length for free), and the depth.
    /// The walk stops at ``maxCodecDepth``, so it never recurses deeper than that.
    func codecProblem(depth: Int = 1) -> (type: ABIType, reason: String)? {
        if depth > ABIType.maxCodecDepth {
            return (self, "nested deeper than \(ABIType.maxCodecDepth) levels")
        }
        switch self {
        case .uint(let bits), .int(let bits):
            if bits < 8 || bits > 256 || bits % 8 != 0 { return (self, "the width must be a multiple of 8 in 8...256") }
        case .fixedBytes(let count):
            if count < 1 || count > 32 { return (self, "the size must be in 1...32") }
        case .address, .bool, .bytes, .string:
            break
        case .fixedArray(let element, let count):
            if count < 1 { return (self, "fixed-size arrays need at least one element") }
            return element.codecProblem(depth: depth + 1)
        case .array(let element):
            return element.codecProblem(depth: depth + 1)
        case .tuple(let components):
            if components.isEmpty { return (self, "the empty tuple has no encoding") }
            for c in components {
                if let p = c.codecProblem(depth: depth + 1) { return p }
            }
        }
        return nil
    }

    /// Whether the type is a single 32-byte word (`uintN`, `intN`, `address`, `bool`, `bytesN`).
    @inlinable
    var codecIsWord: Bool {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes: return true
        default: return false
        }
    }

    /// The size of the type's head: 32 for dynamic types, else its full static size; nil on
    /// overflow (absurd fixed arrays such as `uint256[2**62][2**62]`).
    @usableFromInline
    var codecHeadSize: Int? {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes, .bytes, .string, .array:
            return 32
        case .fixedArray(let element, let count):
            if element.isDynamic { return 32 }
            guard let e = element.codecHeadSize else { return nil }
            let (p, o) = e.multipliedReportingOverflow(by: count)
            return o ? nil : p
        case .tuple(let components):
            if components.contains(where: \.isDynamic) { return 32 }
            var total = 0
            for c in components {
                guard let s = c.codecHeadSize else { return nil }
                let (sum, o) = total.addingReportingOverflow(s)
                if o { return nil }
                total = sum
            }
            return total
        }
    }
}

extension ABIValue {
    /// A short name of the value's kind for error messages (`"a string"`).
    public var kindName: String {
        switch self {
        case .uint: "an unsigned integer"
        case .int: "a signed integer"
        case .address: "an address"
        case .bool: "a bool"
        case .fixedBytes(let b): "bytes\(b.count)"
        case .bytes: "bytes"
        case .string: "a string"
        case .array(let items): "an array of \(items.count)"
        case .tuple(let items): "a tuple of \(items.count)"
        }
    }
}

/// `n` rounded up to a multiple of 32, or nil on overflow.
@inlinable @inline(__always)
func abiPadded32(_ n: Int) -> Int? {
    let (s, o) = n.addingReportingOverflow(31)
    return o ? nil : s & ~31
}
