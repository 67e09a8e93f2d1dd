/// An unsigned 256-bit integer: the EVM word, `uint256` in Solidity.
///
/// A fixed-width value type made of four 64-bit limbs, with no heap storage. Arithmetic follows
/// Swift's integer conventions: `+ - * / %` trap on overflow or division by zero, `&+ &- &*`
/// wrap, the `…ReportingOverflow` methods report, and the `checked…` methods throw
/// ``NumberError``. Code that handles untrusted input uses the reporting or throwing forms.
///
/// Text forms: ``decimalString`` (also ``description``), ``hexQuantity`` (`"0x1a"`, JSON-RPC's
/// minimal form); parsing with ``init(decimal:)``, ``init(hexQuantity:)`` or ``init(parsing:)``.
/// Byte forms: ``bigEndianBytes32`` (an ABI word), ``minimalBigEndianBytes`` (RLP's integer form),
/// ``init(bigEndian:)``, ``init(bigEndianWord:)`` and ``write(bigEndianWordTo:)``.
public struct UInt256: Sendable, Hashable {
    /// Limbs, least significant first.
    @usableFromInline var w0: UInt64
    @usableFromInline var w1: UInt64
    @usableFromInline var w2: UInt64
    @usableFromInline var w3: UInt64

    /// Creates a value from its four 64-bit limbs, least significant first.
    @inlinable @inline(__always)
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Creates a value from its four 64-bit limbs, least significant first.
    @inlinable
    public init(littleEndianLimbs limbs: (UInt64, UInt64, UInt64, UInt64)) {
        self.init(w0: limbs.0, w1: limbs.1, w2: limbs.2, w3: limbs.3)
    }

    /// The four 64-bit limbs, least significant first.
    @inlinable
    public var littleEndianLimbs: (UInt64, UInt64, UInt64, UInt64) { (w0, w1, w2, w3) }

    /// Creates a value equal to `value`.
    @inlinable @inline(__always)
    public init(_ value: UInt64) {
        self.init(w0: value, w1: 0, w2: 0, w3: 0)
    }

    /// Creates a value equal to `value`, or nil if it is negative or wider than 256 bits.
    @inlinable
    public init?(exactly value: some BinaryInteger) {
        if value < 0 { return nil }
        if value.bitWidth <= 64 {
            self.init(UInt64(truncatingIfNeeded: value))
            return
        }
        var v = value
        let l0 = UInt64(truncatingIfNeeded: v); v >>= 64
        let l1 = UInt64(truncatingIfNeeded: v); v >>= 64
        let l2 = UInt64(truncatingIfNeeded: v); v >>= 64
        let l3 = UInt64(truncatingIfNeeded: v); v >>= 64
        if v != 0 { return nil }
        self.init(w0: l0, w1: l1, w2: l2, w3: l3)
    }

    /// Creates a value from the low 256 bits of `value` (two's complement for negative values).
    @inlinable
    public init(truncatingIfNeeded value: some BinaryInteger) {
        var v = value
        let l0 = UInt64(truncatingIfNeeded: v); v >>= 64
        let l1 = UInt64(truncatingIfNeeded: v); v >>= 64
        let l2 = UInt64(truncatingIfNeeded: v); v >>= 64
        let l3 = UInt64(truncatingIfNeeded: v)
        self.init(w0: l0, w1: l1, w2: l2, w3: l3)
    }

    /// Zero.
    public static let zero = UInt256(w0: 0, w1: 0, w2: 0, w3: 0)
    /// One.
    public static let one = UInt256(w0: 1, w1: 0, w2: 0, w3: 0)
    /// 2²⁵⁶ − 1.
    public static let max = UInt256(w0: .max, w1: .max, w2: .max, w3: .max)
    /// Zero, the smallest value.
    public static let min = zero
    /// The number of bits in the representation: 256.
    public static let bitWidth = 256

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The value as a `UInt64`, or nil if it does not fit.
    @inlinable
    public var uint64Value: UInt64? { (w1 | w2 | w3) == 0 ? w0 : nil }

    /// The value as an `Int`, or nil if it does not fit (useful for lengths and offsets).
    @inlinable
    public var intValue: Int? {
        guard (w1 | w2 | w3) == 0, w0 <= UInt64(Int.max) else { return nil }
        return Int(w0)
    }

    /// The low 64 bits.
    @inlinable
    public var low64: UInt64 { w0 }

    /// The number of leading zero bits (256 for zero).
    @inlinable
    public var leadingZeroBitCount: Int {
        if w3 != 0 { return w3.leadingZeroBitCount }
        if w2 != 0 { return 64 + w2.leadingZeroBitCount }
        if w1 != 0 { return 128 + w1.leadingZeroBitCount }
        return 192 + w0.leadingZeroBitCount
    }

    /// The number of trailing zero bits (256 for zero).
    @inlinable
    public var trailingZeroBitCount: Int {
        if w0 != 0 { return w0.trailingZeroBitCount }
        if w1 != 0 { return 64 + w1.trailingZeroBitCount }
        if w2 != 0 { return 128 + w2.trailingZeroBitCount }
        return 192 + w3.trailingZeroBitCount
    }

    /// The number of one bits.
    @inlinable
    public var nonzeroBitCount: Int {
        w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
    }

    /// The minimal number of bits that represent the value: `256 - leadingZeroBitCount`
    /// (0 for zero, 1 for one, 256 for values ≥ 2²⁵⁵).
    @inlinable
    public var significantBitCount: Int { 256 - leadingZeroBitCount }

    /// The minimal number of bytes that represent the value (0 for zero).
    @inlinable
    public var byteWidth: Int { (significantBitCount + 7) >> 3 }

    /// Whether the value fits an unsigned integer of `bits` bits, as for Solidity's `uintN`.
    ///
    /// Any `bits` is accepted: `bits >= 256` is always true, `bits <= 0` only for zero.
    @inlinable
    public func fits(bits: Int) -> Bool {
        significantBitCount <= Swift.max(bits, 0)
    }

    /// Limb `i` (0 = least significant) for `i` in 0...3.
    @inlinable @inline(__always)
    subscript(limb i: Int) -> UInt64 {
        get {
            switch i {
            case 0: return w0
            case 1: return w1
            case 2: return w2
            default: return w3
            }
        }
        set {
            switch i {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            default: w3 = newValue
            }
        }
    }
}

// MARK: - Comparison

extension UInt256: Comparable {
    /// Numeric order.
    @inlinable
    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        if lhs.w3 != rhs.w3 { return lhs.w3 < rhs.w3 }
        if lhs.w2 != rhs.w2 { return lhs.w2 < rhs.w2 }
        if lhs.w1 != rhs.w1 { return lhs.w1 < rhs.w1 }
        return lhs.w0 < rhs.w0
    }

    /// Numeric equality.
    @inlinable
    public static func == (lhs: UInt256, rhs: UInt256) -> Bool {
        ((lhs.w0 ^ rhs.w0) | (lhs.w1 ^ rhs.w1) | (lhs.w2 ^ rhs.w2) | (lhs.w3 ^ rhs.w3)) == 0
    }

    /// Hashes the four limbs.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        hasher.combine(w3)
    }
}

// MARK: - Literals

@available(macOS 13.3, iOS 16.4, watchOS 9.4, tvOS 16.4, *)
extension UInt256: ExpressibleByIntegerLiteral {
    /// Creates a value from an integer literal of up to 256 bits; a negative or wider literal
    /// is a programming error and traps.
    @inlinable
    public init(integerLiteral value: StaticBigInt) {
        precondition(value.signum() >= 0, "negative literal for UInt256")
        precondition(value.bitWidth <= 257, "literal does not fit in UInt256")
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
        self.init(littleEndianLimbs: limbs)
    }
}

// MARK: - Addition, subtraction

extension UInt256 {
    @inlinable @inline(__always)
    static func addCarry(_ a: UInt64, _ b: UInt64, _ carry: inout UInt64) -> UInt64 {
        let (s1, o1) = a.addingReportingOverflow(b)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        carry = (o1 || o2) ? 1 : 0
        return s2
    }

    @inlinable @inline(__always)
    static func subBorrow(_ a: UInt64, _ b: UInt64, _ borrow: inout UInt64) -> UInt64 {
        let (d1, o1) = a.subtractingReportingOverflow(b)
        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
        borrow = (o1 || o2) ? 1 : 0
        return d2
    }

    /// The sum modulo 2²⁵⁶ and whether it overflowed.
    @inlinable
    public func addingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var c: UInt64 = 0
        let r0 = Self.addCarry(w0, rhs.w0, &c)
        let r1 = Self.addCarry(w1, rhs.w1, &c)
        let r2 = Self.addCarry(w2, rhs.w2, &c)
        let r3 = Self.addCarry(w3, rhs.w3, &c)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), c != 0)
    }

    /// The difference modulo 2²⁵⁶ and whether it underflowed (`rhs > self`).
    @inlinable
    public func subtractingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var b: UInt64 = 0
        let r0 = Self.subBorrow(w0, rhs.w0, &b)
        let r1 = Self.subBorrow(w1, rhs.w1, &b)
        let r2 = Self.subBorrow(w2, rhs.w2, &b)
        let r3 = Self.subBorrow(w3, rhs.w3, &b)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), b != 0)
    }

    /// The sum; traps on overflow.
    @inlinable
    public static func + (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (r, o) = lhs.addingReportingOverflow(rhs)
        precondition(!o, "UInt256 addition overflow")
        return r
    }

    /// The difference; traps on underflow.
    @inlinable
    public static func - (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (r, o) = lhs.subtractingReportingOverflow(rhs)
        precondition(!o, "UInt256 subtraction overflow")
        return r
    }

    /// The sum modulo 2²⁵⁶.
    @inlinable
    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.addingReportingOverflow(rhs).partialValue
    }

    /// The difference modulo 2²⁵⁶.
    @inlinable
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.subtractingReportingOverflow(rhs).partialValue
    }

    @inlinable public static func += (lhs: inout UInt256, rhs: UInt256) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs - rhs }
    @inlinable public static func &+= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &+ rhs }
    @inlinable public static func &-= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &- rhs }

    /// The sum, or ``NumberError/overflow``.
    @inlinable
    public func checkedAdd(_ rhs: UInt256) throws(NumberError) -> UInt256 {
        let (r, o) = addingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }

    /// The difference, or ``NumberError/overflow`` when `rhs > self`.
    @inlinable
    public func checkedSub(_ rhs: UInt256) throws(NumberError) -> UInt256 {
        let (r, o) = subtractingReportingOverflow(rhs)
        if o { throw .overflow }
        return r
    }
}

// MARK: - Multiplication

extension UInt256 {
    /// `acc + a·b + carry` split into `acc` (low 64 bits) and `carry` (high 64 bits); the sum
    /// cannot overflow 128 bits.
    @inlinable @inline(__always)
    static func multiplyAccumulate(_ a: UInt64, _ b: UInt64, _ acc: inout UInt64, _ carry: inout UInt64) {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        let (s1, o1) = lo.addingReportingOverflow(acc)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        acc = s2
        carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
    }

    /// The full 512-bit product as high and low halves.
    @inlinable
    public func multipliedFullWidth(by rhs: UInt256) -> (high: UInt256, low: UInt256) {
        if (w1 | w2 | w3 | rhs.w1 | rhs.w2 | rhs.w3) == 0 {
            let (h, l) = w0.multipliedFullWidth(by: rhs.w0)
            return (.zero, UInt256(w0: l, w1: h, w2: 0, w3: 0))
        }
        let (b0, b1, b2, b3) = (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
        var r0: UInt64 = 0, r1: UInt64 = 0, r2: UInt64 = 0, r3: UInt64 = 0
        var r4: UInt64 = 0, r5: UInt64 = 0, r6: UInt64 = 0, r7: UInt64 = 0
        var c: UInt64 = 0
        Self.multiplyAccumulate(w0, b0, &r0, &c)
        Self.multiplyAccumulate(w0, b1, &r1, &c)
        Self.multiplyAccumulate(w0, b2, &r2, &c)
        Self.multiplyAccumulate(w0, b3, &r3, &c)
        r4 = c
        c = 0
        Self.multiplyAccumulate(w1, b0, &r1, &c)
        Self.multiplyAccumulate(w1, b1, &r2, &c)
        Self.multiplyAccumulate(w1, b2, &r3, &c)
        Self.multiplyAccumulate(w1, b3, &r4, &c)
        r5 = c
        c = 0
        Self.multiplyAccumulate(w2, b0, &r2, &c)
        Self.multiplyAccumulate(w2, b1, &r3, &c)
        Self.multiplyAccumulate(w2, b2, &r4, &c)
        Self.multiplyAccumulate(w2, b3, &r5, &c)
        r6 = c
        c = 0
        Self.multiplyAccumulate(w3, b0, &r3, &c)
        Self.multiplyAccumulate(w3, b1, &r4, &c)
        Self.multiplyAccumulate(w3, b2, &r5, &c)
        Self.multiplyAccumulate(w3, b3, &r6, &c)
        r7 = c
        return (UInt256(w0: r4, w1: r5, w2: r6, w3: r7), UInt256(w0: r0, w1: r1, w2: r2, w3: r3))
    }

    /// The product modulo 2²⁵⁶ and whether it overflowed.
    @inlinable
    public func multipliedReportingOverflow(by rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (high, low) = multipliedFullWidth(by: rhs)
        return (low, !high.isZero)
    }

    /// The product; traps on overflow.
    @inlinable
    public static func * (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (r, o) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!o, "UInt256 multiplication overflow")
        return r
    }

    /// The product modulo 2²⁵⁶.
    @inlinable
    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.multipliedReportingOverflow(by: rhs).partialValue
    }

    @inlinable public static func *= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs * rhs }
    @inlinable public static func &*= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs &* rhs }

    /// The product, or ``NumberError/overflow``.
    @inlinable
    public func checkedMul(_ rhs: UInt256) throws(NumberError) -> UInt256 {
        let (r, o) = multipliedReportingOverflow(by: rhs)
        if o { throw .overflow }
        return r
    }

    /// `self * m + a` for 64-bit `m` and `a`, and whether it overflowed 256 bits.
    @inlinable
    func multipliedAdding(_ m: UInt64, _ a: UInt64) -> (partialValue: UInt256, overflow: Bool) {
        var carry = a
        var r = self
        for i in 0..<4 {
            let (hi, lo) = r[limb: i].multipliedFullWidth(by: m)
            let (s, o) = lo.addingReportingOverflow(carry)
            r[limb: i] = s
            carry = hi &+ (o ? 1 : 0)
        }
        return (r, carry != 0)
    }
}

// MARK: - Division

extension UInt256 {
    /// The reciprocal of a normalised divisor `d` (top bit set): ⌊(2¹²⁸ − 1) / d⌋ − 2⁶⁴
    /// (Möller and Granlund, "Improved division by invariant integers", 2011).
    @inlinable
    static func reciprocal(_ d: UInt64) -> UInt64 {
        d.dividingFullWidth((high: ~d, low: .max)).quotient
    }

    /// Divides the two-limb value (u1, u0) by the normalised `d`, given `v = reciprocal(d)`.
    /// Requires `u1 < d`. Two multiplications instead of a 128-by-64-bit division.
    @inlinable @inline(__always)
    static func divideStep(_ u1: UInt64, _ u0: UInt64, _ d: UInt64, _ v: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        var (q1, q0) = v.multipliedFullWidth(by: u1)
        let (sum0, carry) = q0.addingReportingOverflow(u0)
        q0 = sum0
        q1 = q1 &+ u1 &+ 1 &+ (carry ? 1 : 0)
        var r = u0 &- q1 &* d
        if r > q0 {
            q1 &-= 1
            r &+= d
        }
        if r >= d {
            q1 &+= 1
            r &-= d
        }
        return (q1, r)
    }

    /// Division by a single non-zero limb: quotient and 64-bit remainder.
    @inlinable
    func quotientAndRemainder(dividingByLimb d: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        if (w1 | w2 | w3) == 0 {
            return (UInt256(w0 / d), w0 % d)
        }
        let s = UInt64(d.leadingZeroBitCount)
        let dn = d << s
        return quotientAndRemainder(dividingByNormalized: dn, reciprocal: Self.reciprocal(dn), shift: s)
    }

    /// Division by `dn = d << shift` (top bit set) with its precomputed reciprocal.
    @inlinable
    func quotientAndRemainder(dividingByNormalized dn: UInt64, reciprocal v: UInt64, shift s: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        // Shift the dividend by s too; the bits shifted out of the top start the remainder.
        var r: UInt64 = s == 0 ? 0 : w3 >> (64 - s)
        var q = UInt256.zero
        var i = 3
        while i >= 0 {
            var u = self[limb: i] << s
            if s != 0 && i > 0 { u |= self[limb: i - 1] >> (64 - s) }
            (q[limb: i], r) = Self.divideStep(r, u, dn, v)
            i -= 1
        }
        return (q, r >> s)
    }

    /// Quotient and remainder of truncating division. Dividing by zero is a programming error
    /// and traps; use ``checkedDiv(_:)`` for untrusted divisors.
    @inlinable
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        precondition(!divisor.isZero, "UInt256 division by zero")
        if (divisor.w1 | divisor.w2 | divisor.w3) == 0 {
            let (q, r) = quotientAndRemainder(dividingByLimb: divisor.w0)
            return (q, UInt256(r))
        }
        if self < divisor { return (.zero, self) }
        return Self.divideMultiLimb(self, divisor)
    }

    /// Long division (Knuth, TAOCP vol. 2, 4.3.1, algorithm D) for a divisor of 2 to 4 limbs
    /// and a dividend at least as large.
    @usableFromInline
    static func divideMultiLimb(_ u: UInt256, _ v: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        let n = 4 - v.leadingZeroBitCount / 64          // divisor limbs, 2...4
        let m = 4 - u.leadingZeroBitCount / 64          // dividend limbs, n...4
        let s = v[limb: n - 1].leadingZeroBitCount      // normalisation shift, 0...63

        // Normalised divisor vn (n limbs) and dividend un (m + 1 limbs), on the stack.
        var vBuf = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var uBuf = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var q = UInt256.zero
        withUnsafeMutableBytes(of: &vBuf) { vRaw in
            withUnsafeMutableBytes(of: &uBuf) { uRaw in
                let vn = vRaw.bindMemory(to: UInt64.self)
                let un = uRaw.bindMemory(to: UInt64.self)
                if s == 0 {
                    for i in 0..<n { vn[i] = v[limb: i] }
                    for i in 0..<m { un[i] = u[limb: i] }
                    un[m] = 0
                } else {
                    for i in stride(from: n - 1, to: 0, by: -1) {
                        vn[i] = (v[limb: i] << s) | (v[limb: i - 1] >> (64 - s))
                    }
                    vn[0] = v[limb: 0] << s
                    un[m] = u[limb: m - 1] >> (64 - s)
                    for i in stride(from: m - 1, to: 0, by: -1) {
                        un[i] = (u[limb: i] << s) | (u[limb: i - 1] >> (64 - s))
                    }
                    un[0] = u[limb: 0] << s
                }
                let vTop = vn[n - 1]
                let vNext = vn[n - 2]
                var j = m - n
                while j >= 0 {
                    // Estimate q̂ = (un[j+n]·b + un[j+n-1]) / vTop, then refine with vNext.
                    var qhat: UInt64
                    var rhat: UInt64
                    var rhatOverflow = false
                    if un[j + n] >= vTop {
                        // The invariant un[j+n] ≤ vTop makes this the equal case: q̂ = b − 1.
                        qhat = .max
                        (rhat, rhatOverflow) = un[j + n - 1].addingReportingOverflow(vTop)
                    } else {
                        (qhat, rhat) = vTop.dividingFullWidth((high: un[j + n], low: un[j + n - 1]))
                    }
                    while !rhatOverflow {
                        let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                        let low = un[j + n - 2]
                        if ph > rhat || (ph == rhat && pl > low) {
                            qhat &-= 1
                            (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
                        } else {
                            break
                        }
                    }
                    // Multiply and subtract: un[j...j+n] -= q̂ · vn.
                    var borrow: UInt64 = 0
                    var carry: UInt64 = 0
                    for i in 0..<n {
                        var (ph, pl) = qhat.multipliedFullWidth(by: vn[i])
                        let (pl2, c) = pl.addingReportingOverflow(carry)
                        pl = pl2
                        ph &+= c ? 1 : 0
                        un[i + j] = subBorrow(un[i + j], pl, &borrow)
                        carry = ph
                    }
                    un[j + n] = subBorrow(un[j + n], carry, &borrow)
                    if borrow != 0 {
                        // q̂ was one too large: add the divisor back.
                        qhat &-= 1
                        var c: UInt64 = 0
                        for i in 0..<n {
                            un[i + j] = addCarry(un[i + j], vn[i], &c)
                        }
                        un[j + n] &+= c
                    }
                    q[limb: j] = qhat
                    j -= 1
                }
            }
        }
        // Remainder: un[0..<n] shifted back.
        var r = UInt256.zero
        withUnsafeBytes(of: &uBuf) { uRaw in
            let un = uRaw.bindMemory(to: UInt64.self)
            for i in 0..<n {
                if s == 0 {
                    r[limb: i] = un[i]
                } else {
                    r[limb: i] = (un[i] >> s) | (un[i + 1] << (64 - s))
                }
            }
        }
        return (q, r)
    }

    /// The quotient of truncating division; traps when `rhs` is zero.
    @inlinable
    public static func / (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    /// The remainder of truncating division; traps when `rhs` is zero.
    @inlinable
    public static func % (lhs: UInt256, rhs: UInt256) -> UInt256 {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    @inlinable public static func /= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs / rhs }
    @inlinable public static func %= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs % rhs }

    /// The quotient, or ``NumberError/divisionByZero``.
    @inlinable
    public func checkedDiv(_ rhs: UInt256) throws(NumberError) -> UInt256 {
        if rhs.isZero { throw .divisionByZero }
        return quotientAndRemainder(dividingBy: rhs).quotient
    }

    /// The remainder, or ``NumberError/divisionByZero``.
    @inlinable
    public func checkedMod(_ rhs: UInt256) throws(NumberError) -> UInt256 {
        if rhs.isZero { throw .divisionByZero }
        return quotientAndRemainder(dividingBy: rhs).remainder
    }
}

// MARK: - Bitwise operations and shifts

extension UInt256 {
    /// Bitwise AND.
    @inlinable
    public static func & (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(w0: lhs.w0 & rhs.w0, w1: lhs.w1 & rhs.w1, w2: lhs.w2 & rhs.w2, w3: lhs.w3 & rhs.w3)
    }

    /// Bitwise OR.
    @inlinable
    public static func | (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(w0: lhs.w0 | rhs.w0, w1: lhs.w1 | rhs.w1, w2: lhs.w2 | rhs.w2, w3: lhs.w3 | rhs.w3)
    }

    /// Bitwise XOR.
    @inlinable
    public static func ^ (lhs: UInt256, rhs: UInt256) -> UInt256 {
        UInt256(w0: lhs.w0 ^ rhs.w0, w1: lhs.w1 ^ rhs.w1, w2: lhs.w2 ^ rhs.w2, w3: lhs.w3 ^ rhs.w3)
    }

    /// Bitwise NOT.
    @inlinable
    public static prefix func ~ (x: UInt256) -> UInt256 {
        UInt256(w0: ~x.w0, w1: ~x.w1, w2: ~x.w2, w3: ~x.w3)
    }

    @inlinable public static func &= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs & rhs }
    @inlinable public static func |= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs | rhs }
    @inlinable public static func ^= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs ^ rhs }

    /// Left shift by `n` in 0...; `n >= 256` gives zero.
    @inlinable
    func shiftedLeft(_ n: UInt) -> UInt256 {
        if n >= 256 { return .zero }
        let limbs = Int(n >> 6)
        let bits = UInt64(n & 63)
        var r = UInt256.zero
        var i = 3
        while i >= limbs {
            var x = self[limb: i - limbs] << bits
            if bits != 0 && i - limbs - 1 >= 0 {
                x |= self[limb: i - limbs - 1] >> (64 - bits)
            }
            r[limb: i] = x
            i -= 1
        }
        return r
    }

    /// Logical right shift by `n` in 0...; `n >= 256` gives zero.
    @inlinable
    func shiftedRight(_ n: UInt) -> UInt256 {
        if n >= 256 { return .zero }
        let limbs = Int(n >> 6)
        let bits = UInt64(n & 63)
        var r = UInt256.zero
        var i = 0
        while i + limbs <= 3 {
            var x = self[limb: i + limbs] >> bits
            if bits != 0 && i + limbs + 1 <= 3 {
                x |= self[limb: i + limbs + 1] << (64 - bits)
            }
            r[limb: i] = x
            i += 1
        }
        return r
    }

    /// Left shift with Swift's "smart shift" rules: shifting by 256 or more gives zero and a
    /// negative amount shifts right.
    @inlinable
    public static func << (lhs: UInt256, rhs: some BinaryInteger) -> UInt256 {
        if rhs < 0 { return lhs.shiftedRight(UInt(clamping: rhs.magnitude)) }
        return lhs.shiftedLeft(UInt(clamping: rhs))
    }

    /// Logical right shift with Swift's "smart shift" rules: shifting by 256 or more gives zero
    /// and a negative amount shifts left.
    @inlinable
    public static func >> (lhs: UInt256, rhs: some BinaryInteger) -> UInt256 {
        if rhs < 0 { return lhs.shiftedLeft(UInt(clamping: rhs.magnitude)) }
        return lhs.shiftedRight(UInt(clamping: rhs))
    }

    @inlinable public static func <<= (lhs: inout UInt256, rhs: some BinaryInteger) { lhs = lhs << rhs }
    @inlinable public static func >>= (lhs: inout UInt256, rhs: some BinaryInteger) { lhs = lhs >> rhs }
}

// MARK: - Protocol conformances

extension UInt256: AdditiveArithmetic {}
