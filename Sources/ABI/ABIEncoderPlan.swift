import BallastJSON
import EthereumPrimitives

// The hot path of the encoder: the argument types are flattened once per call into a small
// array of nodes in stack memory (kinds, widths, dynamic flags and head sizes precomputed), and
// values are walked through pointers into their arrays' storage. Walking the `ABIType` and
// `ABIValue` enums directly would copy every node (each copy of the 33-byte `ABIValue` goes
// through a value witness and retains its payload), which costs more than the encoding itself.

/// One node of a flattened type tree.
@usableFromInline
struct ABILayoutNode: Sendable {
    @usableFromInline
    enum Kind: UInt8, Sendable {
        case uint, int, address, bool, fixedBytes, bytes, string, fixedArray, array, tuple
    }

    /// The size of the node's head: 32 when dynamic, else its static size (`Int.max` when that
    /// overflows).
    @usableFromInline var headSize: Int
    /// Tuples and `T[k]`: the size of their own head region (the sum of their members' heads).
    @usableFromInline var regionSize: Int
    /// `uintN`/`intN`: N; `bytesN`: N; `T[k]`: k; tuple: its arity.
    @usableFromInline var param: Int
    /// The element node of `T[k]`/`T[]`; the first component node of a tuple (components are
    /// consecutive). Node indices are below the plan's node count, itself bounded by the type.
    @usableFromInline var childIndex: Int32
    @usableFromInline var kind: Kind
    @usableFromInline var dynamic: Bool

    @inlinable var child: Int { Int(childIndex) }

    @inlinable
    init(_ kind: Kind, dynamic: Bool = false, param: Int = 0, child: Int = 0, headSize: Int = 32, regionSize: Int = 0) {
        self.kind = kind
        self.dynamic = dynamic
        self.param = param
        self.childIndex = Int32(truncatingIfNeeded: child)
        self.headSize = headSize
        self.regionSize = regionSize
    }
}

/// Builds flattened type trees. Node 0 is the argument list itself, as a tuple.
@usableFromInline
enum ABILayoutPlan {
    /// The number of nodes for `types` (the root included), or nil if a type is invalid (the
    /// caller then asks ``ABIType/codecProblem(depth:)`` for the reason).
    @usableFromInline
    static func nodeCount(_ types: [ABIType]) -> Int? {
        var total = 1
        for t in types {
            guard let n = nodeCount(t, depth: 1) else { return nil }
            total += n
        }
        return total
    }

    static func nodeCount(_ type: ABIType, depth: Int) -> Int? {
        if depth > ABIType.maxCodecDepth { return nil }
        switch type {
        case .uint(let bits), .int(let bits):
            return bits >= 8 && bits <= 256 && bits % 8 == 0 ? 1 : nil
        case .fixedBytes(let n):
            return n >= 1 && n <= 32 ? 1 : nil
        case .address, .bool, .bytes, .string:
            return 1
        case .fixedArray(let element, let k):
            guard k >= 1, let n = nodeCount(element, depth: depth + 1) else { return nil }
            return n + 1
        case .array(let element):
            guard let n = nodeCount(element, depth: depth + 1) else { return nil }
            return n + 1
        case .tuple(let components):
            if components.isEmpty { return nil }
            var total = 1
            for c in components {
                guard let n = nodeCount(c, depth: depth + 1) else { return nil }
                total += n
            }
            return total
        }
    }

    /// Writes the plan of `types` into `nodes`, which has room for `capacity` nodes, checking the
    /// types on the way. Returns the number of nodes, or nil if a type is invalid or the nodes do
    /// not fit (then ``nodeCount(_:)`` tells which).
    @usableFromInline
    static func build(_ types: [ABIType], into nodes: UnsafeMutablePointer<ABILayoutNode>, capacity: Int) -> Int? {
        var next = 1 + types.count
        guard next <= capacity else { return nil }
        var dynamic = false
        var region = 0
        for i in types.indices {
            guard let (d, h) = fill(types[i], at: 1 + i, depth: 1, next: &next, nodes, capacity) else { return nil }
            dynamic = dynamic || d
            region = saturatingAdd(region, d ? 32 : h)
        }
        (nodes + 0).initialize(to: ABILayoutNode(.tuple, dynamic: dynamic, param: types.count, child: 1,
                                                 headSize: dynamic ? 32 : region, regionSize: region))
        return next
    }

    /// Fills node `at` for `type` (children from `next` on); returns its dynamic flag and head
    /// size, or nil for an invalid type or a full buffer.
    static func fill(_ type: ABIType, at index: Int, depth: Int, next: inout Int,
                     _ nodes: UnsafeMutablePointer<ABILayoutNode>, _ capacity: Int) -> (Bool, Int)? {
        if depth > ABIType.maxCodecDepth { return nil }
        let node: ABILayoutNode
        switch type {
        case .uint(let bits):
            guard bits >= 8, bits <= 256, bits & 7 == 0 else { return nil }
            node = ABILayoutNode(.uint, param: bits)
        case .int(let bits):
            guard bits >= 8, bits <= 256, bits & 7 == 0 else { return nil }
            node = ABILayoutNode(.int, param: bits)
        case .address: node = ABILayoutNode(.address)
        case .bool: node = ABILayoutNode(.bool)
        case .fixedBytes(let n):
            guard n >= 1, n <= 32 else { return nil }
            node = ABILayoutNode(.fixedBytes, param: n)
        case .bytes: node = ABILayoutNode(.bytes, dynamic: true)
        case .string: node = ABILayoutNode(.string, dynamic: true)
        case .fixedArray(let element, let k):
            guard k >= 1, next < capacity else { return nil }
            let child = next
            next += 1
            guard let (d, h) = fill(element, at: child, depth: depth + 1, next: &next, nodes, capacity) else { return nil }
            let region = saturatingMultiply(d ? 32 : h, k)
            node = ABILayoutNode(.fixedArray, dynamic: d, param: k, child: child, headSize: d ? 32 : region, regionSize: region)
        case .array(let element):
            guard next < capacity else { return nil }
            let child = next
            next += 1
            guard fill(element, at: child, depth: depth + 1, next: &next, nodes, capacity) != nil else { return nil }
            node = ABILayoutNode(.array, dynamic: true, child: child)
        case .tuple(let components):
            guard !components.isEmpty, components.count <= capacity - next else { return nil }
            let child = next
            next += components.count
            var dynamic = false
            var region = 0
            for i in components.indices {
                guard let (d, h) = fill(components[i], at: child + i, depth: depth + 1, next: &next, nodes, capacity) else { return nil }
                dynamic = dynamic || d
                region = saturatingAdd(region, d ? 32 : h)
            }
            node = ABILayoutNode(.tuple, dynamic: dynamic, param: components.count, child: child,
                                 headSize: dynamic ? 32 : region, regionSize: region)
        }
        (nodes + index).initialize(to: node)
        return (node.dynamic, node.headSize)
    }

    /// The type a node stands for (for error messages).
    static func type(at index: Int, _ nodes: UnsafePointer<ABILayoutNode>) -> ABIType {
        let node = nodes[index]
        switch node.kind {
        case .uint: return .uint(bits: node.param)
        case .int: return .int(bits: node.param)
        case .address: return .address
        case .bool: return .bool
        case .fixedBytes: return .fixedBytes(count: node.param)
        case .bytes: return .bytes
        case .string: return .string
        case .fixedArray: return .fixedArray(type(at: node.child, nodes), count: node.param)
        case .array: return .array(type(at: node.child, nodes))
        case .tuple: return .tuple((0..<node.param).map { type(at: node.child + $0, nodes) })
        }
    }

    @inline(__always)
    static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (s, o) = a.addingReportingOverflow(b)
        return o ? Int.max : s
    }

    @inline(__always)
    static func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        return o ? Int.max : p
    }

    /// Nodes planned without counting first, in 1 KiB of stack (the size up to which temporary
    /// allocations stay off the heap); larger type lists are counted, then planned in a buffer
    /// of the right size.
    @usableFromInline
    static let inlineCapacity = 1024 / MemoryLayout<ABILayoutNode>.stride

    /// Validates `types`, builds their plan in temporary (stack) memory and runs `body` on it.
    @inline(__always)
    static func withPlan<R, E: Error>(_ types: [ABIType], invalid: (Int, ABIType, String) -> E,
                                      _ body: (UnsafePointer<ABILayoutNode>) throws(E) -> R) throws(E) -> R {
        let planned: R? = try withUnsafeTemporaryAllocation(of: ABILayoutNode.self, capacity: inlineCapacity) { (buffer) throws(E) -> R? in
            guard let nodes = buffer.baseAddress, build(types, into: nodes, capacity: buffer.count) != nil else { return nil }
            return try body(UnsafePointer(nodes))
        }
        if let planned { return planned }
        // Invalid, or more nodes than the inline buffer holds.
        guard let count = nodeCount(types), count < Int(Int32.max) else {
            for (i, t) in types.enumerated() {
                if let problem = t.codecProblem() { throw invalid(i, problem.type, problem.reason) }
            }
            throw invalid(0, .tuple(types), "invalid type")
        }
        return try withUnsafeTemporaryAllocation(of: ABILayoutNode.self, capacity: count) { (buffer) throws(E) -> R in
            guard let nodes = buffer.baseAddress, build(types, into: nodes, capacity: count) != nil else {
                throw invalid(0, .tuple(types), "the type plan does not fit")
            }
            return try body(UnsafePointer(nodes))
        }
    }
}

// MARK: - Encoding over a plan

extension ABIEncoder {
    @usableFromInline
    static func planError(_ i: Int, _ t: ABIType, _ reason: String) -> ABIEncodingError {
        ABIEncodingError(.invalidType(t, reason: reason), path: JSONPath([.index(i)]))
    }

    /// Pass 1 over a plan: checks the value at `v` against node `n`; returns its encoded size
    /// (static size, or the tail size of a dynamic value).
    @usableFromInline
    static func measure(_ v: UnsafePointer<ABIValue>, _ n: Int, _ nodes: UnsafePointer<ABILayoutNode>) throws(ABIEncodingError) -> Int {
        let node = nodes[n]
        switch node.kind {
        case .uint:
            guard case .uint(let x) = v.pointee else { throw planMismatch(n, nodes, v) }
            guard x.fits(bits: node.param) else { throw ABIEncodingError(.integerOutOfRange(.uint(bits: node.param))) }
            return 32
        case .int:
            guard case .int(let x) = v.pointee else { throw planMismatch(n, nodes, v) }
            guard x.fits(bits: node.param) else { throw ABIEncodingError(.integerOutOfRange(.int(bits: node.param))) }
            return 32
        case .address:
            guard case .address = v.pointee else { throw planMismatch(n, nodes, v) }
            return 32
        case .bool:
            guard case .bool = v.pointee else { throw planMismatch(n, nodes, v) }
            return 32
        case .fixedBytes:
            guard case .fixedBytes(let b) = v.pointee else { throw planMismatch(n, nodes, v) }
            guard b.count == node.param else { throw ABIEncodingError(.fixedBytesLength(expected: node.param, actual: b.count)) }
            return 32
        case .bytes:
            guard case .bytes(let b) = v.pointee else { throw planMismatch(n, nodes, v) }
            return try lengthPrefixedSize(b.count)
        case .string:
            guard case .string(let s) = v.pointee else { throw planMismatch(n, nodes, v) }
            return try lengthPrefixedSize(s.utf8.count)
        case .fixedArray:
            guard case .array(let items) = v.pointee else { throw planMismatch(n, nodes, v) }
            guard items.count == node.param else { throw ABIEncodingError(.arrayLength(expected: node.param, actual: items.count)) }
            return try measureElements(items, node.child, nodes)
        case .array:
            guard case .array(let items) = v.pointee else { throw planMismatch(n, nodes, v) }
            return try add(32, measureElements(items, node.child, nodes))
        case .tuple:
            guard case .tuple(let items) = v.pointee else { throw planMismatch(n, nodes, v) }
            guard items.count == node.param else { throw ABIEncodingError(.tupleArity(expected: node.param, actual: items.count)) }
            return try measureTuple(items, n, nodes)
        }
    }

    static func planMismatch(_ n: Int, _ nodes: UnsafePointer<ABILayoutNode>, _ v: UnsafePointer<ABIValue>) -> ABIEncodingError {
        ABIEncodingError(.valueMismatch(expected: ABILayoutPlan.type(at: n, nodes), found: v.pointee.kindName))
    }

    @usableFromInline
    static func measureElements(_ items: [ABIValue], _ child: Int, _ nodes: UnsafePointer<ABILayoutNode>) throws(ABIEncodingError) -> Int {
        try items.withUnsafeBufferPointer { (buffer) throws(ABIEncodingError) -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let dynamic = nodes[child].dynamic
            var total = 0
            for i in 0..<buffer.count {
                do throws(ABIEncodingError) {
                    let s = try measure(base + i, child, nodes)
                    total = try add(total, dynamic ? add(32, s) : s)
                } catch {
                    throw error.prepending(.index(i))
                }
            }
            return total
        }
    }

    /// The components of the tuple node `n` (or the argument list, node 0).
    @usableFromInline
    static func measureTuple(_ items: [ABIValue], _ n: Int, _ nodes: UnsafePointer<ABILayoutNode>) throws(ABIEncodingError) -> Int {
        try items.withUnsafeBufferPointer { (buffer) throws(ABIEncodingError) -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let first = nodes[n].child
            var total = 0
            for i in 0..<buffer.count {
                do throws(ABIEncodingError) {
                    let s = try measure(base + i, first + i, nodes)
                    total = try add(total, nodes[first + i].dynamic ? add(32, s) : s)
                } catch {
                    throw error.prepending(.index(i))
                }
            }
            return total
        }
    }

    /// Pass 2 over a plan: writes the checked value at `v` (node `n`) at `p`; returns the bytes
    /// written (every byte of that range).
    @usableFromInline
    static func write(_ v: UnsafePointer<ABIValue>, _ n: Int, _ nodes: UnsafePointer<ABILayoutNode>, to p: UnsafeMutableRawPointer) -> Int {
        switch v.pointee {
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
            let count = copy(b, to: p)
            zero(p + count, 32 - count)
            return 32
        case .bytes(let b):
            storeWord(b.count, at: p)
            return 32 + copyPadded(b, to: p + 32)
        case .string(let s):
            return 32 + writeString(s, lengthAt: p)
        case .array(let items):
            let node = nodes[n]
            if node.kind == .array {
                storeWord(items.count, at: p)
                return 32 + writeElements(items, node.child, nodes, to: p + 32)
            }
            return writeElements(items, node.child, nodes, to: p)
        case .tuple(let items):
            return writeTuple(items, n, nodes, to: p)
        }
    }

    @usableFromInline
    static func writeElements(_ items: [ABIValue], _ child: Int, _ nodes: UnsafePointer<ABILayoutNode>, to p: UnsafeMutableRawPointer) -> Int {
        items.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            if !nodes[child].dynamic {
                var at = 0
                for i in 0..<buffer.count { at += write(base + i, child, nodes, to: p + at) }
                return at
            }
            var tail = 32 * buffer.count
            for i in 0..<buffer.count {
                storeWord(tail, at: p + 32 * i)
                tail += write(base + i, child, nodes, to: p + tail)
            }
            return tail
        }
    }

    @usableFromInline
    static func writeTuple(_ items: [ABIValue], _ n: Int, _ nodes: UnsafePointer<ABILayoutNode>, to p: UnsafeMutableRawPointer) -> Int {
        items.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let first = nodes[n].child
            var head = 0
            var tail = nodes[n].regionSize
            for i in 0..<buffer.count {
                if nodes[first + i].dynamic {
                    storeWord(tail, at: p + head)
                    tail += write(base + i, first + i, nodes, to: p + tail)
                    head += 32
                } else {
                    head += write(base + i, first + i, nodes, to: p + head)
                }
            }
            return max(head, tail)
        }
    }
}
