import EthereumPrimitives

// Exact arithmetic for the guards and the flash-loan coverage check: products of 256-bit amounts,
// prices and powers of ten do not fit in 256 bits, and nothing here may round.

/// A non-negative integer of any size (little-endian 64-bit limbs, no leading zero limb).
struct BigNat: Hashable, Comparable, Sendable, CustomStringConvertible {
    private(set) var limbs: [UInt64]

    static let zero = BigNat(limbs: [])
    static let one = BigNat(word: 1)

    private init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    init(word value: UInt64) { self.init(limbs: [value]) }

    init(_ value: UInt256) {
        let l = value.littleEndianLimbs
        self.init(limbs: [l.0, l.1, l.2, l.3])
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    var isZero: Bool { limbs.isEmpty }

    /// The value as a UInt256 when it fits.
    var uint256: UInt256? {
        guard limbs.count <= 4 else { return nil }
        var l: [UInt64] = limbs
        while l.count < 4 { l.append(0) }
        return UInt256(littleEndianLimbs: (l[0], l[1], l[2], l[3]))
    }

    static func pow10(_ n: Int) -> BigNat {
        var r = BigNat.one
        var remaining = max(0, n)
        while remaining >= 19 { r = r * BigNat(word: 10_000_000_000_000_000_000); remaining -= 19 }
        var small: UInt64 = 1
        for _ in 0..<remaining { small *= 10 }
        return r * BigNat(word: small)
    }

    static func + (a: BigNat, b: BigNat) -> BigNat {
        let n = max(a.limbs.count, b.limbs.count)
        var out = [UInt64]()
        out.reserveCapacity(n + 1)
        var carry: UInt64 = 0
        for i in 0..<n {
            let x = i < a.limbs.count ? a.limbs[i] : 0
            let y = i < b.limbs.count ? b.limbs[i] : 0
            let (s1, o1) = x.addingReportingOverflow(y)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out.append(s2)
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        if carry != 0 { out.append(carry) }
        return BigNat(limbs: out)
    }

    /// a − b, or nil when b > a.
    static func subtracting(_ a: BigNat, _ b: BigNat) -> BigNat? {
        guard b <= a else { return nil }
        var out = a.limbs
        var borrow: UInt64 = 0
        for i in 0..<out.count {
            let y = i < b.limbs.count ? b.limbs[i] : 0
            let (d1, o1) = out[i].subtractingReportingOverflow(y)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            out[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return BigNat(limbs: out)
    }

    static func * (a: BigNat, b: BigNat) -> BigNat {
        if a.isZero || b.isZero { return .zero }
        var out = [UInt64](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            for j in 0..<b.limbs.count {
                let (hi, lo) = a.limbs[i].multipliedFullWidth(by: b.limbs[j])
                let (s1, o1) = lo.addingReportingOverflow(out[i + j])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out[i + j] = s2
                // hi ≤ 2^64 − 2, so the carry never overflows.
                carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            out[i + b.limbs.count] = carry
        }
        return BigNat(limbs: out)
    }

    static func < (a: BigNat, b: BigNat) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] }
            i -= 1
        }
        return false
    }

    private var bitWidth: Int {
        guard let last = limbs.last else { return 0 }
        return (limbs.count - 1) * 64 + (64 - last.leadingZeroBitCount)
    }

    private func bit(_ i: Int) -> Bool {
        (limbs[i / 64] >> UInt64(i % 64)) & 1 == 1
    }

    private mutating func shiftLeftOne(orBit: Bool) {
        var carry: UInt64 = orBit ? 1 : 0
        for i in 0..<limbs.count {
            let next = limbs[i] >> 63
            limbs[i] = limbs[i] << 1 | carry
            carry = next
        }
        if carry != 0 { limbs.append(carry) }
        if limbs.isEmpty && orBit { limbs = [1] }
    }

    /// ⌊a / b⌋ (b > 0), by binary long division: only for short reports, not hot paths.
    static func quotient(_ a: BigNat, _ b: BigNat) -> BigNat {
        guard !b.isZero else { return .zero }
        var q = BigNat.zero
        var r = BigNat.zero
        var i = a.bitWidth - 1
        while i >= 0 {
            r.shiftLeftOne(orBit: a.bit(i))
            q.shiftLeftOne(orBit: false)
            if let d = subtracting(r, b) {
                r = d
                if q.limbs.isEmpty { q.limbs = [1] } else { q.limbs[0] |= 1 }
            }
            i -= 1
        }
        q.normalize()
        return q
    }

    /// (⌊a / 10^19⌋, a mod 10^19) for decimal printing.
    private func divModChunk() -> (BigNat, UInt64) {
        let d: UInt64 = 10_000_000_000_000_000_000
        var out = limbs
        var rem: UInt64 = 0
        var i = out.count - 1
        while i >= 0 {
            let (q, r) = d.dividingFullWidth((high: rem, low: out[i]))
            out[i] = q
            rem = r
            i -= 1
        }
        return (BigNat(limbs: out), rem)
    }

    var description: String {
        if isZero { return "0" }
        var parts: [UInt64] = []
        var v = self
        while !v.isZero {
            let (q, r) = v.divModChunk()
            parts.append(r)
            v = q
        }
        var out = String(parts.removeLast())
        for p in parts.reversed() {
            let s = String(p)
            out += String(repeating: "0", count: 19 - s.count) + s
        }
        return out
    }
}

/// A non-negative rational number num/den (den > 0), compared exactly.
struct Ratio: Sendable, Hashable {
    var num: BigNat
    var den: BigNat

    static let zero = Ratio(num: .zero, den: .one)

    init(num: BigNat, den: BigNat) {
        self.num = num
        self.den = den.isZero ? .one : den
    }

    init(_ n: BigNat) { self.init(num: n, den: .one) }

    /// base units / 10^decimals.
    init(units: UInt256, decimals: Int) {
        self.init(num: BigNat(units), den: BigNat.pow10(decimals))
    }

    static func + (a: Ratio, b: Ratio) -> Ratio {
        if a.den == b.den { return Ratio(num: a.num + b.num, den: a.den) }
        return Ratio(num: a.num * b.den + b.num * a.den, den: a.den * b.den)
    }

    static func * (a: Ratio, b: Ratio) -> Ratio {
        Ratio(num: a.num * b.num, den: a.den * b.den)
    }

    var isZero: Bool { num.isZero }

    static func compare(_ a: Ratio, _ b: Ratio) -> Int {
        let l = a.num * b.den
        let r = b.num * a.den
        return l < r ? -1 : (l == r ? 0 : 1)
    }

    static func >= (a: Ratio, b: Ratio) -> Bool { compare(a, b) >= 0 }
    static func <= (a: Ratio, b: Ratio) -> Bool { compare(a, b) <= 0 }

    /// a / b (b non-zero).
    static func dividing(_ a: Ratio, by b: Ratio) -> Ratio {
        Ratio(num: a.num * b.den, den: a.den * b.num)
    }

    /// The value rounded down to `digits` decimals, as text (`"1.2345"`).
    func decimalString(digits: Int) -> String {
        let scaled = BigNat.quotient(num * BigNat.pow10(digits), den).description
        guard digits > 0 else { return scaled }
        let padded = scaled.count <= digits ? String(repeating: "0", count: digits - scaled.count + 1) + scaled : scaled
        let cut = padded.index(padded.endIndex, offsetBy: -digits)
        return String(padded[..<cut]) + "." + String(padded[cut...])
    }

    /// Parses a non-negative decimal (`"3000"`, `"1.30"`, `"0.5"`): digits, optionally a point and
    /// more digits. nil for anything else.
    init?(decimal text: String) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= 200 else { return nil }
        var num = BigNat.zero
        var fraction = 0
        var seenPoint = false
        var digitsBefore = 0
        var digitsAfter = 0
        let ten = BigNat(word: 10)
        for c in utf8 {
            if c == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard c >= 0x30 && c <= 0x39 else { return nil }
            num = num * ten + BigNat(word: UInt64(c - 0x30))
            if seenPoint { fraction += 1; digitsAfter += 1 } else { digitsBefore += 1 }
        }
        guard digitsBefore > 0, !seenPoint || digitsAfter > 0 else { return nil }
        self.init(num: num, den: BigNat.pow10(fraction))
    }
}
