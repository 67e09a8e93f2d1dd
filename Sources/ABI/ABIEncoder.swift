import BallastJSON
import EthereumPrimitives

/// The Solidity contract ABI encoder (head/tail layout, any nesting).
///
/// Encoding runs in two passes over a flattened plan of the types, built in stack memory (see
/// `ABIEncoderPlan.swift`): the first checks every value against its type (integer widths,
/// `bytesN` sizes, fixed array counts, tuple arities, value kinds) and computes the exact size;
/// the second writes into a buffer allocated once, in place, without intermediate arrays. The
/// returned array is the only heap allocation of a call (for type lists of up to 32 type nodes).
public enum ABIEncoder {
    /// Encodes `values` as the argument list `types` (an implicit tuple), without a selector.
    ///
    /// - Throws: ``ABIEncodingError`` naming the offending value's path (`[1][0]`).
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        try encodeArguments(values, types, selector: nil)
    }

    /// Encodes `values` as the parameters `parameters`; error paths name tuple components by their
    /// names where the parameters give them (`[1][0].amount`).
    public static func encode(_ values: [ABIValue], parameters: [ABIParameter]) throws(ABIEncodingError) -> [UInt8] {
        do {
            return try encodeArguments(values, parameters.map(\.type), selector: nil)
        } catch {
            throw error.naming(parameters)
        }
    }

    /// Encodes a single value (as the one-element argument list `[type]`).
    public static func encode(_ value: ABIValue, as type: ABIType) throws(ABIEncodingError) -> [UInt8] {
        try encodeArguments([value], [type], selector: nil)
    }

    /// The 4-byte `selector` followed by the encoding of `values` as `types`: calldata.
    public static func encodeCall(selector: [UInt8], values: [ABIValue], types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        guard selector.count == 4 else { throw ABIEncodingError(.selectorLength(selector.count)) }
        return try encodeArguments(values, types, selector: selector)
    }

    /// Calldata with parameter names in error paths.
    public static func encodeCall(selector: [UInt8], values: [ABIValue], parameters: [ABIParameter]) throws(ABIEncodingError) -> [UInt8] {
        guard selector.count == 4 else { throw ABIEncodingError(.selectorLength(selector.count)) }
        do {
            return try encodeArguments(values, parameters.map(\.type), selector: selector)
        } catch {
            throw error.naming(parameters)
        }
    }

    /// The size in bytes of the encoding of `values` as `types`, after checking them.
    public static func encodedSize(of values: [ABIValue], as types: [ABIType]) throws(ABIEncodingError) -> Int {
        try measureArguments(values, types)
    }

    /// Checks `values` against `types` (the same checks as ``encode(_:as:)-([ABIValue],[ABIType])``).
    public static func validate(_ values: [ABIValue], as types: [ABIType]) throws(ABIEncodingError) {
        _ = try measureArguments(values, types)
    }

    // MARK: - Driver

    @usableFromInline
    static func encodeArguments(_ values: [ABIValue], _ types: [ABIType], selector: [UInt8]?) throws(ABIEncodingError) -> [UInt8] {
        guard values.count == types.count else {
            throw ABIEncodingError(.argumentCount(expected: types.count, actual: values.count))
        }
        return try ABILayoutPlan.withPlan(types, invalid: planError) { (nodes) throws(ABIEncodingError) -> [UInt8] in
            let size = try measureTuple(values, 0, nodes)
            let prefix = selector?.count ?? 0
            let (total, overflow) = size.addingReportingOverflow(prefix)
            guard !overflow else { throw ABIEncodingError(.tooLarge) }
            if total == 0 { return [] }
            return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                let p = UnsafeMutableRawPointer(base)
                if let selector {
                    for i in 0..<prefix { p.storeBytes(of: selector[i], toByteOffset: i, as: UInt8.self) }
                }
                initialized = prefix + writeTuple(values, 0, nodes, to: p + prefix)
            }
        }
    }

    /// Validates the types and values of an argument list and returns the size of its encoding.
    @usableFromInline
    static func measureArguments(_ values: [ABIValue], _ types: [ABIType]) throws(ABIEncodingError) -> Int {
        guard values.count == types.count else {
            throw ABIEncodingError(.argumentCount(expected: types.count, actual: values.count))
        }
        return try ABILayoutPlan.withPlan(types, invalid: planError) { (nodes) throws(ABIEncodingError) -> Int in
            try ABIEncoder.measureTuple(values, 0, nodes)
        }
    }

    // MARK: - Size helpers

    @inlinable
    static func add(_ a: Int, _ b: Int) throws(ABIEncodingError) -> Int {
        let (s, o) = a.addingReportingOverflow(b)
        if o { throw ABIEncodingError(.tooLarge) }
        return s
    }

    @inlinable
    static func lengthPrefixedSize(_ count: Int) throws(ABIEncodingError) -> Int {
        guard let padded = abiPadded32(count) else { throw ABIEncodingError(.tooLarge) }
        return try add(32, padded)
    }

    // MARK: - Writing by type (packed mode and topics)

    /// Writes the encoding of a checked `value` at `p` (its static encoding, or its tail for a
    /// dynamic type) and returns the number of bytes written. Every byte of that range is written.
    @usableFromInline
    static func write(_ value: ABIValue, _ type: ABIType, to p: UnsafeMutableRawPointer) -> Int {
        switch value {
        case .uint(let x):
            x.write(bigEndianWordTo: p)
            return 32
        case .int(let x):
            x.write(bigEndianWordTo: p)
            return 32
        case .address(let a):
            zero(p, 12)
            a.write(to: p + 12)
            return 32
        case .bool(let b):
            zero(p, 31)
            p.storeBytes(of: b ? 1 : 0, toByteOffset: 31, as: UInt8.self)
            return 32
        case .fixedBytes(let b):
            let n = copy(b, to: p)
            zero(p + n, 32 - n)
            return 32
        case .bytes(let b):
            storeWord(b.count, at: p)
            return 32 + copyPadded(b, to: p + 32)
        case .string(let s):
            return 32 + writeString(s, lengthAt: p)
        case .array(let items):
            switch type {
            case .array(let element):
                storeWord(items.count, at: p)
                return 32 + writeElements(items, element, to: p + 32)
            case .fixedArray(let element, _):
                return writeElements(items, element, to: p)
            default:
                return 0
            }
        case .tuple(let items):
            guard case .tuple(let components) = type else { return 0 }
            return writeTuple(items, components, to: p)
        }
    }

    @usableFromInline
    static func writeElements(_ items: [ABIValue], _ element: ABIType, to p: UnsafeMutableRawPointer) -> Int {
        items.withUnsafeBufferPointer { buffer in
            if element.codecIsWord || !element.isDynamic {
                var at = 0
                for i in buffer.indices { at += write(buffer[i], element, to: p + at) }
                return at
            }
            var tail = 32 * buffer.count
            for i in buffer.indices {
                storeWord(tail, at: p + 32 * i)
                tail += write(buffer[i], element, to: p + tail)
            }
            return tail
        }
    }

    @usableFromInline
    static func writeTuple(_ items: [ABIValue], _ components: [ABIType], to p: UnsafeMutableRawPointer) -> Int {
        items.withUnsafeBufferPointer { values in
            components.withUnsafeBufferPointer { types in
                var headSize = 0
                for t in types.indices {
                    headSize += types[t].codecIsWord ? 32 : (types[t].isDynamic ? 32 : types[t].headSize)
                }
                var head = 0
                var tail = headSize
                for i in types.indices {
                    if types[i].codecIsWord {
                        head += write(values[i], types[i], to: p + head)
                    } else if types[i].isDynamic {
                        storeWord(tail, at: p + head)
                        tail += write(values[i], types[i], to: p + tail)
                        head += 32
                    } else {
                        head += write(values[i], types[i], to: p + head)
                    }
                }
                return tail
            }
        }
    }

    // MARK: - Byte helpers

    @inlinable @inline(__always)
    static func zero(_ p: UnsafeMutableRawPointer, _ count: Int) {
        if count > 0 { p.initializeMemory(as: UInt8.self, repeating: 0, count: count) }
    }

    /// A non-negative integer as a 32-byte big-endian word.
    @inlinable @inline(__always)
    static func storeWord(_ value: Int, at p: UnsafeMutableRawPointer) {
        p.storeBytes(of: UInt64(0), toByteOffset: 0, as: UInt64.self)
        p.storeBytes(of: UInt64(0), toByteOffset: 8, as: UInt64.self)
        p.storeBytes(of: UInt64(0), toByteOffset: 16, as: UInt64.self)
        p.storeBytes(of: UInt64(truncatingIfNeeded: value).bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// Copies `bytes` to `p`; returns the count.
    @inlinable @inline(__always)
    static func copy(_ bytes: [UInt8], to p: UnsafeMutableRawPointer) -> Int {
        bytes.withUnsafeBytes { raw in
            if let src = raw.baseAddress, raw.count > 0 { p.copyMemory(from: src, byteCount: raw.count) }
            return raw.count
        }
    }

    /// Copies `bytes` to `p` followed by zeros up to a multiple of 32; returns the padded size.
    @inlinable
    static func copyPadded(_ bytes: [UInt8], to p: UnsafeMutableRawPointer) -> Int {
        let n = copy(bytes, to: p)
        let padded = (n + 31) & ~31
        zero(p + n, padded - n)
        return padded
    }

    /// Writes a string's length word at `p` and its padded UTF-8 after it; returns the padded size.
    @inlinable
    static func writeString(_ s: String, lengthAt p: UnsafeMutableRawPointer) -> Int {
        let content = p + 32
        let n: Int
        if let c = s.utf8.withContiguousStorageIfAvailable({ buf -> Int in
            if let src = buf.baseAddress, buf.count > 0 { content.copyMemory(from: src, byteCount: buf.count) }
            return buf.count
        }) {
            n = c
        } else {
            var i = 0
            for b in s.utf8 {
                content.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
                i += 1
            }
            n = i
        }
        storeWord(n, at: p)
        let padded = (n + 31) & ~31
        zero(content + n, padded - n)
        return padded
    }
}

extension ABIEncodingError {
    /// Replaces index components that address named tuple components with the names.
    func naming(_ parameters: [ABIParameter]) -> ABIEncodingError {
        ABIEncodingError(kind, path: ABIParameter.namedPath(path, parameters: parameters))
    }
}

extension ABIParameter {
    /// `[1][0][2]` → `[1][0].amount` when argument 1 is a tuple array whose component 2 is named
    /// `amount`. Top-level arguments stay indexed; unnamed components stay indexed.
    static func namedPath(_ path: JSONPath, parameters: [ABIParameter]) -> JSONPath {
        var components = path.components
        guard case .index(let first)? = components.first, first >= 0, first < parameters.count else { return path }
        var type = parameters[first].type
        var named = parameters[first].components
        var k = 1
        while k < components.count {
            guard case .index(let j) = components[k] else { break }
            switch type {
            case .tuple(let types):
                guard j >= 0, j < types.count else { return JSONPath(components) }
                if j < named.count {
                    if !named[j].name.isEmpty { components[k] = .key(named[j].name) }
                    named = named[j].components
                } else {
                    named = []
                }
                type = types[j]
            case .array(let element), .fixedArray(let element, _):
                type = element
            default:
                return JSONPath(components)
            }
            k += 1
        }
        return JSONPath(components)
    }
}
