import BallastJSON
import EthereumPrimitives
import Keccak

extension ABIEncoder {
    /// The topic of an indexed event parameter.
    ///
    /// As the Solidity ABI specification defines it: a value of a type that is one word
    /// (`uintN`, `intN`, `address`, `bool`, `bytesN`) is its 32-byte encoding; for `bytes` and
    /// `string` the topic is Keccak-256 of the raw content; for every array (fixed or dynamic)
    /// and tuple it is Keccak-256 of the special in-place encoding: the concatenation of the
    /// members' in-place encodings, each word padded to 32 bytes, `bytes`/`string` members as
    /// their content zero-padded to a multiple of 32, and no lengths or offsets.
    ///
    /// - Returns: 32 bytes.
    public static func topic(for value: ABIValue, type: ABIType) throws(ABIEncodingError) -> [UInt8] {
        _ = try measureArguments([value], [type])
        switch value {
        case .uint, .int, .address, .bool, .fixedBytes:
            return [UInt8](unsafeUninitializedCapacity: 32) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                initialized = write(value, type, to: UnsafeMutableRawPointer(base))
            }
        case .bytes(let b):
            return Keccak256.hash(data: b).bytes
        case .string(let s):
            return Keccak256.hash(data: s.utf8).bytes
        case .array, .tuple:
            let size = inPlaceSize(value)
            if size == 0 { return Keccak256.hash(data: [UInt8]()).bytes }
            let buffer = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                initialized = writeInPlace(value, type, to: UnsafeMutableRawPointer(base))
            }
            return Keccak256.hash(data: buffer).bytes
        }
    }

    /// The size of the in-place encoding of a checked value.
    static func inPlaceSize(_ value: ABIValue) -> Int {
        switch value {
        case .uint, .int, .address, .bool, .fixedBytes: return 32
        case .bytes(let b): return (b.count + 31) & ~31
        case .string(let s): return (s.utf8.count + 31) & ~31
        case .array(let items), .tuple(let items):
            var total = 0
            for item in items { total += inPlaceSize(item) }
            return total
        }
    }

    /// Writes the in-place encoding of a checked value; returns the bytes written.
    static func writeInPlace(_ value: ABIValue, _ type: ABIType, to p: UnsafeMutableRawPointer) -> Int {
        switch value {
        case .uint, .int, .address, .bool, .fixedBytes:
            return write(value, type, to: p)
        case .bytes(let b):
            return copyPadded(b, to: p)
        case .string(let s):
            return copyPadded(Array(s.utf8), to: p)
        case .array(let items):
            let element: ABIType
            switch type {
            case .array(let e), .fixedArray(let e, _): element = e
            default: return 0
            }
            var at = 0
            for item in items { at += writeInPlace(item, element, to: p + at) }
            return at
        case .tuple(let items):
            guard case .tuple(let components) = type else { return 0 }
            var at = 0
            for i in items.indices { at += writeInPlace(items[i], components[i], to: p + at) }
            return at
        }
    }
}
