import BallastJSON
import EthereumPrimitives

/// Solidity's non-standard packed mode, `abi.encodePacked(...)`.
///
/// The rules, as the Solidity documentation states them:
/// - the direct arguments are encoded in place without padding, as long as they are not arrays:
///   `uintN`/`intN` take N/8 bytes (two's complement, no sign extension), `address` 20, `bool` 1,
///   `bytesN` N; `bytes` and `string` are their raw content, without length or padding;
/// - an array (`T[]` or `T[k]`) is the concatenation of its elements, each padded to 32 bytes as
///   in the standard encoding, without a length;
/// - the compiler refuses tuples (structs) anywhere, and arrays whose element type is a tuple or
///   a dynamically sized array (`T[]`, `bytes`, `string`): so `bytes[]`, `string[]`, `uint256[][]`,
///   `uint256[][2]` and `(uint256,bool)[]` are refused, while `uint256[2][]` is accepted.
///
/// Packed encodings are ambiguous (`("a","bc")` and `("ab","c")` pack to the same bytes); hash
/// them only when every argument but one has a fixed size.
public enum ABIPacked {
    /// `abi.encodePacked(values...)` for arguments of the given types.
    ///
    /// - Throws: ``ABIEncodingError`` for a value that does not match its type, or
    ///   ``ABIEncodingError/Kind/packedUnsupported(_:reason:)`` for a type the compiler refuses.
    public static func encode(values: [ABIValue], types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        _ = try ABIEncoder.measureArguments(values, types)
        var total = 0
        for i in types.indices {
            if let (t, reason) = unsupported(types[i]) {
                throw ABIEncodingError(.packedUnsupported(t, reason: reason), path: JSONPath([.index(i)]))
            }
            let (s, o) = total.addingReportingOverflow(size(values[i], types[i]))
            guard !o else { throw ABIEncodingError(.tooLarge) }
            total = s
        }
        if total == 0 { return [] }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var p = UnsafeMutableRawPointer(base)
            for i in types.indices { p += write(values[i], types[i], to: p) }
            initialized = total
        }
    }

    /// Same as ``encode(values:types:)``.
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        try encode(values: values, types: types)
    }

    /// The type and reason when the compiler refuses `type` in packed mode.
    static func unsupported(_ type: ABIType) -> (ABIType, String)? {
        switch type {
        case .tuple:
            return (type, "structs and tuples cannot be packed")
        case .array(let element), .fixedArray(let element, _):
            switch element {
            case .tuple:
                return (type, "arrays of structs or tuples cannot be packed")
            case .array, .bytes, .string:
                return (type, "arrays of dynamically sized arrays, bytes or strings cannot be packed")
            case .fixedArray:
                return unsupported(element)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The packed size of a checked top-level value.
    static func size(_ value: ABIValue, _ type: ABIType) -> Int {
        switch type {
        case .uint(let bits), .int(let bits): return bits / 8
        case .address: return 20
        case .bool: return 1
        case .fixedBytes(let n): return n
        case .bytes:
            if case .bytes(let b) = value { return b.count }
            return 0
        case .string:
            if case .string(let s) = value { return s.utf8.count }
            return 0
        case .array(let element), .fixedArray(let element, _):
            guard case .array(let items) = value else { return 0 }
            // Elements are static here (checked by `unsupported`) and their count is real.
            return items.count * (element.codecHeadSize ?? 0)
        case .tuple:
            return 0
        }
    }

    /// Writes a checked top-level value; returns the bytes written.
    static func write(_ value: ABIValue, _ type: ABIType, to p: UnsafeMutableRawPointer) -> Int {
        switch value {
        case .uint(let x):
            return writeLow(x, bytes: size(value, type), to: p)
        case .int(let x):
            return writeLow(x.twosComplement, bytes: size(value, type), to: p)
        case .address(let a):
            a.write(to: p)
            return 20
        case .bool(let b):
            p.storeBytes(of: b ? 1 : 0, as: UInt8.self)
            return 1
        case .fixedBytes(let b), .bytes(let b):
            return ABIEncoder.copy(b, to: p)
        case .string(let s):
            var i = 0
            if let n = s.utf8.withContiguousStorageIfAvailable({ buf -> Int in
                if let src = buf.baseAddress, buf.count > 0 { p.copyMemory(from: src, byteCount: buf.count) }
                return buf.count
            }) {
                return n
            }
            for b in s.utf8 {
                p.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
                i += 1
            }
            return i
        case .array(let items):
            let element: ABIType
            switch type {
            case .array(let e), .fixedArray(let e, _): element = e
            default: return 0
            }
            var at = 0
            for item in items { at += ABIEncoder.write(item, element, to: p + at) }
            return at
        case .tuple:
            return 0
        }
    }

    /// The low `bytes` bytes of `x`, big-endian.
    static func writeLow(_ x: UInt256, bytes n: Int, to p: UnsafeMutableRawPointer) -> Int {
        x.withBigEndianBytes32 { raw in
            if let src = raw.baseAddress { p.copyMemory(from: src + (32 - n), byteCount: n) }
        }
        return n
    }
}
