/// A signed 256-bit integer in two's complement: `int256` in Solidity.
///
/// Stored as its 256-bit two's complement pattern (``twosComplement``), which is exactly the ABI
/// word of the value. Range: −2²⁵⁵ … 2²⁵⁵ − 1. Operators trap on overflow like Swift's integers;
/// the `…ReportingOverflow` methods and the `checked…` methods do not.
public struct Int256: Sendable, Hashable {
    /// The two's complement bit pattern.
    public var twosComplement: UInt256

    /// Creates the value whose two's complement bit pattern is `bits` (any 256-bit pattern is
    /// a valid `Int256`).
    @inlinable @inline(__always)
    public init(twosComplement bits: UInt256) {
        twosComplement = bits
    }

    /// Creates a value equal to `value`.
    @inlinable
    public init(_ value: Int64) {
        let ext: UInt64 = value < 0 ? .max : 0
        self.init(twosComplement: UInt256(w0: UInt64(bitPattern: value), w1: ext, w2: ext, w3: ext))
    }

    /// Creates a value equal to `value`, or nil if it lies outside −2²⁵⁵ … 2²⁵⁵ − 1.
    @inlinable
    public init?(exactly value: some BinaryInteger) {
        if value >= 0 {
            guard let u = UInt256(exactly: value), u.w3 >> 63 == 0 else { return nil }
            self.init(twosComplement: u)
        } else {
            // The magnitude of a negative value, computed without overflowing narrow types.
            guard let m = UInt256(exactly: value.magnitude), m <= Int256.min.twosComplement else { return nil }
            self.init(negativeMagnitude: m)
        }
    }

    /// Creates a value equal to `value`, or nil if it exceeds 2²⁵⁵ − 1.
    @inlinable
    public init?(exactly value: UInt256) {
        guard value.w3 >> 63 == 0 else { return nil }
        self.init(twosComplement: value)
    }

    /// `-magnitude` wrapped to 256 bits.
    @inlinable
    init(negativeMagnitude m: UInt256) {
        self.init(twosComplement: UInt256.zero &- m)
    }

    /// Zero.
    public static let zero = Int256(twosComplement: .zero)
    /// 2²⁵⁵ − 1.
    public static let max = Int256(twosComplement: UInt256(w0: .max, w1: .max, w2: .max, w3: UInt64(Int64.max)))
    /// −2²⁵⁵.
    public static let min = Int256(twosComplement: UInt256(w0: 0, w1: 0, w2: 0, w3: 1 << 63))
    /// The number of bits in the representation: 256.
    public static let bitWidth = 256

    /// Whether the value is below zero.
    @inlinable
    public var isNegative: Bool { twosComplement.w3 >> 63 != 0 }

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { twosComplement.isZero }

    /// −1, 0 or 1.
    @inlinable
    public func signum() -> Int {
        isNegative ? -1 : (isZero ? 0 : 1)
    }

    /// The absolute value, as an unsigned integer (2²⁵⁵ for ``min``).
    @inlinable
    public var magnitude: UInt256 {
        isNegative ? UInt256.zero &- twosComplement : twosComplement
    }

    /// The value as an `Int64`, or nil if it does not fit.
    @inlinable
    public var int64Value: Int64? {
        let t = twosComplement
        let ext: UInt64 = Int64(bitPattern: t.w0) < 0 ? .max : 0
        guard t.w1 == ext, t.w2 == ext, t.w3 == ext else { return nil }
        return Int64(bitPattern: t.w0)
    }

    /// Whether the value fits a signed integer of `bits` bits (−2ᴺ⁻¹ … 2ᴺ⁻¹ − 1), as for
    /// Solidity's `intN`. Any `bits` is accepted: `bits >= 256` is always true, `bits <= 0` false.
    @inlinable
    public func fits(bits: Int) -> Bool {
        if bits >= 256 { return true }
        if bits <= 0 { return false }
        // The bits above bit N−1 must all equal the sign bit.
        let pattern = isNegative ? ~twosComplement : twosComplement
        return pattern.significantBitCount <= bits - 1
    }

    /// The value as 32 big-endian two's complement bytes (an ABI word).
    @inlinable
    public var bigEndianBytes32: [UInt8] { twosComplement.bigEndianBytes32 }

    /// Writes the value as 32 big-endian two's complement bytes at `pointer`.
    @inlinable
    public func write(bigEndianWordTo pointer: UnsafeMutableRawPointer) {
        twosComplement.write(bigEndianWordTo: pointer)
    }
}

// MARK: - Comparison

extension Int256: Comparable {
    /// Numeric order.
    @inlinable
    public static func < (lhs: Int256, rhs: Int256) -> Bool {
        // Flipping the sign bit maps two's complement order onto unsigned order.
        let flip = UInt256(w0: 0, w1: 0, w2: 0, w3: 1 << 63)
        return (lhs.twosComplement ^ flip) < (rhs.twosComplement ^ flip)
    }
}

// MARK: - Literals

@available(macOS 13.3, iOS 16.4, watchOS 9.4, tvOS 16.4, *)
extension Int256: ExpressibleByIntegerLiteral {
    /// Creates a value from an integer literal in −2²⁵⁵ … 2²⁵⁵ − 1; a literal outside that range
    /// is a programming error and traps.
    @inlinable
    public init(integerLiteral value: StaticBigInt) {
        precondition(value.bitWidth <= 256, "literal does not fit in Int256")
        var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let perLimb = 64 / UInt.bitWidth
        withUnsafeMutableBytes(of: &limbs) { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for i in 0..<4 {
                var limb: UInt64 = 0
                for j in 0..<perLimb {
                    limb |= UInt64(value[i * perLimb + j]) << (UInt.bitWidth * j)
                }
                words[i] = limb
            }
        }
        self.init(twosComplement: UInt256(littleEndianLimbs: limbs))
    }
}

// MARK: - Text

extension Int256 {
    /// Parses a decimal number with an optional leading `-`: digits only otherwise (no `+`,
    /// spaces, separators or exponent; leading zeros allowed).
    ///
    /// - Throws: ``NumberError/empty`` (`""`, `"-"`), ``NumberError/invalidCharacter(_:offset:)``,
    ///   ``NumberError/negativeZero`` for `"-0"`, or ``NumberError/overflow`` outside
    ///   −2²⁵⁵ … 2²⁵⁵ − 1.
    @inlinable
    public init(decimal text: some StringProtocol) throws(NumberError) {
        self = try withUTF8(text) { Self.parseSigned($0, allowHex: false) }.get()
    }

    /// Parses a decimal number as ``init(decimal:)`` does, or a hex quantity `0x…` holding the
    /// magnitude, optionally preceded by `-` (`"-0x10"` is −16). Hex is never read as a two's
    /// complement pattern; use ``init(twosComplement:)`` for that.
    @inlinable
    public init(parsing text: some StringProtocol) throws(NumberError) {
        self = try withUTF8(text) { Self.parseSigned($0, allowHex: true) }.get()
    }

    @usableFromInline
    static func parseSigned(_ utf8: UnsafeBufferPointer<UInt8>, allowHex: Bool) -> Result<Int256, NumberError> {
        let negative = utf8.count > 0 && utf8[0] == UInt8(ascii: "-")
        let start = negative ? 1 : 0
        let isHex = allowHex && utf8.count >= start + 2 && utf8[start] == 0x30 && (utf8[start + 1] | 0x20) == 0x78
        let parsed = isHex ? UInt256.parseHex(utf8, from: start + 2) : UInt256.parseDecimal(utf8, from: start)
        switch parsed {
        case .failure(let e):
            return .failure(e)
        case .success(let m):
            if negative {
                if m.isZero { return .failure(.negativeZero) }
                if m > Int256.min.twosComplement { return .failure(.overflow) }
                return .success(Int256(negativeMagnitude: m))
            }
            if m.w3 >> 63 != 0 { return .failure(.overflow) }
            return .success(Int256(twosComplement: m))
        }
    }

    /// The decimal representation, with a leading `-` when negative.
    public var decimalString: String {
        isNegative ? "-" + magnitude.decimalString : twosComplement.decimalString
    }
}

extension Int256: CustomStringConvertible, CustomDebugStringConvertible {
    /// The decimal representation.
    public var description: String { decimalString }
    /// The decimal representation.
    public var debugDescription: String { decimalString }
}

extension Int256: LosslessStringConvertible {
    /// Parses as ``init(parsing:)``; nil if invalid.
    public init?(_ description: String) {
        guard let v = try? Int256(parsing: description) else { return nil }
        self = v
    }
}

// MARK: - Arithmetic

extension Int256 {
    /// The sum wrapped to 256 bits and whether it overflowed the signed range.
    @inlinable
    public func addingReportingOverflow(_ rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let r = Int256(twosComplement: twosComplement &+ rhs.twosComplement)
        let overflow = isNegative == rhs.isNegative && r.isNegative != isNegative
        return (r, overflow)
    }

    /// The difference wrapped to 256 bits and whether it overflowed the signed range.
    @inlinable
    public func subtractingReportingOverflow(_ rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let r = Int256(twosComplement: twosComplement &- rhs.twosComplement)
        let overflow = isNegative != rhs.isNegative && r.isNegative != isNegative
        return (r, overflow)
    }

    /// The product wrapped to 256 bits and whether it overflowed the signed range.
    @inlinable
    public func multipliedReportingOverflow(by rhs: Int256) -> (partialValue: Int256, overflow: Bool) {
        let wrapped = Int256(twosComplement: twosComplement &* rhs.twosComplement)
        let (m, magnitudeOverflow) = magnitude.multipliedReportingOverflow(by: rhs.magnitude)
        if magnitudeOverflow { return (wrapped, true) }
        let negative = isNegative != rhs.isNegative && !m.isZero
        let limit = negative ? Int256.min.twosComplement : Int256.max.twosComplement
        return (wrapped, m > limit)
    }

    /// The negation wrapped to 256 bits, and whether it overflowed (only for ``min``).
    @inlinable
    public func negatedReportingOverflow() -> (partialValue: Int256, overflow: Bool) {
        Int256.zero.subtractingReportingOverflow(self)
    }

    /// Quotient (rounded toward zero) and remainder (with the sign of the dividend), as in
    /// Solidity and Swift. Division by zero and `min / -1` are programming errors and trap.
    @inlinable
    public func quotientAndRemainder(dividingBy rhs: Int256) -> (quotient: Int256, remainder: Int256) {
        precondition(!rhs.isZero, "Int256 division by zero")
        let (q, r) = magnitude.quotientAndRemainder(dividingBy: rhs.magnitude)
        let quotientNegative = isNegative != rhs.isNegative
        let quotient: Int256
        if quotientNegative {
            quotient = Int256(negativeMagnitude: q)
        } else {
            precondition(q.w3 >> 63 == 0, "Int256 division overflow")
            quotient = Int256(twosComplement: q)
        }
        let remainder = isNegative ? Int256(negativeMagnitude: r) : Int256(twosComplement: r)
        return (quotient, remainder)
    }

    /// The sum; traps on overflow.
    @inlinable
    public static func + (lhs: Int256, rhs: Int256) -> Int256 {
        let (r, o) = lhs.addingReportingOverflow(rhs)
        precondition(!o, "Int256 addition overflow")
        return r
    }

    /// The difference; traps on overflow.
    @inlinable
    public static func - (lhs: Int256, rhs: Int256) -> Int256 {
        let (r, o) = lhs.subtractingReportingOverflow(rhs)
        precondition(!o, "Int256 subtraction overflow")
        return r
    }

    /// The product; traps on overflow.
    @inlinable
    public static func * (lhs: Int256, rhs: Int256) -> Int256 {
        let (r, o) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!o, "Int256 multiplication overflow")
        return r
    }

    /// The quotient rounded toward zero; traps on division by zero and `min / -1`.
    @inlinable
    public static func / (lhs: Int256, rhs: Int256) -> Int256 {
        lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    /// The remainder, with the sign of the dividend; traps on division by zero and `min % -1`.
    @inlinable
    public static func % (lhs: Int256, rhs: Int256) -> Int256 {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// The negation; traps for ``min``.
    @inlinable
    public static prefix func - (x: Int256) -> Int256 {
        let (r, o) = x.negatedReportingOverflow()
        precondition(!o, "Int256 negation overflow")
        return r
    }

    @inlinable public static func += (lhs: inout Int256, rhs: Int256) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Int256, rhs: Int256) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Int256, rhs: Int256) { lhs = lhs * rhs }

    /// The sum, or ``NumberError/overflow``.
    @inlinable
    public func checkedAdd(_ rhs: Int256) throws(NumberError) -> Int256 {
        let (r, o) = addingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }

    /// The difference, or ``NumberError/overflow``.
    @inlinable
    public func checkedSub(_ rhs: Int256) throws(NumberError) -> Int256 {
        let (r, o) = subtractingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }

    /// The product, or ``NumberError/overflow``.
    @inlinable
    public func checkedMul(_ rhs: Int256) throws(NumberError) -> Int256 {
        let (r, o) = multipliedReportingOverflow(by: rhs)
        if o { throw .overflow }
        return r
    }

    /// The quotient rounded toward zero, ``NumberError/divisionByZero``, or
    /// ``NumberError/overflow`` for `min / -1`.
    @inlinable
    public func checkedDiv(_ rhs: Int256) throws(NumberError) -> Int256 {
        if rhs.isZero { throw .divisionByZero }
        if self == .min && rhs == Int256(-1) { throw .overflow }
        return quotientAndRemainder(dividingBy: rhs).quotient
    }
}

extension Int256: AdditiveArithmetic {}
