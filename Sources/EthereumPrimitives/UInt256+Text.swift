// Decimal and hexadecimal text forms of UInt256.

extension UInt256 {
    /// 10¹⁹, the largest power of ten that fits in 64 bits (its top bit is set).
    @usableFromInline static let tenToThe19: UInt64 = 10_000_000_000_000_000_000
    /// `reciprocal(10¹⁹)`, for dividing by 10¹⁹ with multiplications.
    @usableFromInline static let tenToThe19Reciprocal: UInt64 = 0xD83C_94FB_6D2A_C34A

    /// The two ASCII digits of each number 0...99.
    @usableFromInline static let digitPairs: [UInt16] = (0..<100).map { n in
        UInt16(0x30 + n / 10) | UInt16(0x30 + n % 10) << 8
    }

    /// Powers of ten 10⁰…10¹⁹.
    @usableFromInline static let powersOfTen: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1...19 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    // MARK: Parsing

    /// Parses a decimal number: ASCII digits only (leading zeros allowed), no sign, spaces,
    /// separators or exponent.
    ///
    /// - Throws: ``NumberError/empty``, ``NumberError/negative`` for a leading `-`,
    ///   ``NumberError/invalidCharacter(_:offset:)`` naming the first non-digit, or
    ///   ``NumberError/overflow`` above 2²⁵⁶ − 1. Invalid characters are reported before overflow.
    @inlinable
    public init(decimal text: some StringProtocol) throws(NumberError) {
        self = try withUTF8(text) { Self.parseDecimal($0, from: 0) }.get()
    }

    /// Parses a hex quantity: hex digits of either case with an optional `0x`/`0X` prefix.
    /// Leading zeros are accepted; at least one digit is required.
    ///
    /// - Throws: ``NumberError/empty``, ``NumberError/invalidCharacter(_:offset:)`` (offsets
    ///   count the prefix), or ``NumberError/overflow`` above 2²⁵⁶ − 1.
    @inlinable
    public init(hexQuantity text: some StringProtocol) throws(NumberError) {
        self = try withUTF8(text) { utf8 in
            Self.parseHex(utf8, from: Hex.hasPrefix(utf8) ? 2 : 0)
        }.get()
    }

    /// Parses either form: `0x…`/`0X…` as a hex quantity, anything else as a decimal number.
    @inlinable
    public init(parsing text: some StringProtocol) throws(NumberError) {
        self = try withUTF8(text) { utf8 in
            Hex.hasPrefix(utf8) ? Self.parseHex(utf8, from: 2) : Self.parseDecimal(utf8, from: 0)
        }.get()
    }

    /// Parses the decimal digits `utf8[start...]`. Offsets in errors are indices into `utf8`
    /// (all bytes before `start` must be ASCII).
    @usableFromInline
    static func parseDecimal(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Result<UInt256, NumberError> {
        let count = utf8.count
        if start >= count {
            return .failure(.empty)
        }
        // Validate first, so a bad character is reported even when the number is also too large.
        var i = start
        while i < count {
            if utf8[i] &- 0x30 > 9 {
                if i == 0 && utf8[i] == UInt8(ascii: "-") && count > 1 { return .failure(.negative) }
                return .failure(.invalidCharacter(characterAt(utf8, i), offset: i))
            }
            i += 1
        }
        // Skip leading zeros, then accumulate chunks of up to 19 digits.
        i = start
        while i < count - 1 && utf8[i] == 0x30 { i += 1 }
        if count - i > 78 { return .failure(.overflow) }
        var value = UInt256.zero
        while i < count {
            let chunkLength = Swift.min(19, count - i)
            var chunk: UInt64 = 0
            for k in 0..<chunkLength {
                chunk = chunk &* 10 &+ UInt64(utf8[i + k] &- 0x30)
            }
            let (next, overflow) = value.multipliedAdding(powersOfTen[chunkLength], chunk)
            if overflow { return .failure(.overflow) }
            value = next
            i += chunkLength
        }
        return .success(value)
    }

    /// Parses the hex digits `utf8[start...]`, with the same conventions as ``parseDecimal``.
    @usableFromInline
    static func parseHex(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Result<UInt256, NumberError> {
        let count = utf8.count
        if start >= count { return .failure(.empty) }
        var first = start
        while first < count - 1 && utf8[first] == 0x30 { first += 1 }
        if count - first <= 64 {
            // Accumulate each limb from its (up to) 16 digits, least significant limb first.
            let result: UInt256? = Hex.decodeTable.withUnsafeBufferPointer { table in
                var value = UInt256.zero
                var check: UInt8 = 0
                var end = count
                var k = 0
                while end > first {
                    let begin = Swift.max(first, end - 16)
                    var limb: UInt64 = 0
                    for j in begin..<end {
                        let n = table[Int(utf8[j])]
                        check |= n
                        limb = limb &<< 4 | UInt64(n & 0x0F)
                    }
                    value[limb: k] = limb
                    k += 1
                    end = begin
                }
                return check <= 0x0F ? value : nil
            }
            if let result { return .success(result) }
        }
        if let bad = Hex.firstInvalid(utf8, from: start) {
            if bad == 0 && utf8[0] == UInt8(ascii: "-") && count > 1 { return .failure(.negative) }
            return .failure(.invalidCharacter(characterAt(utf8, bad), offset: bad))
        }
        return .failure(.overflow)
    }

    // MARK: Formatting

    /// The decimal representation, without leading zeros (`"0"` for zero).
    public var decimalString: String {
        if (w1 | w2 | w3) == 0 { return String(w0) }
        // Split into base-10¹⁹ chunks, least significant first (at most 5 for 78 digits).
        var chunks = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var chunkCount = 0
        var v = self
        withUnsafeMutableBytes(of: &chunks) { raw in
            let c = raw.bindMemory(to: UInt64.self)
            while !v.isZero {
                let (q, r) = v.quotientAndRemainder(
                    dividingByNormalized: Self.tenToThe19, reciprocal: Self.tenToThe19Reciprocal, shift: 0)
                c[chunkCount] = r
                chunkCount += 1
                v = q
            }
        }
        return withUnsafeBytes(of: &chunks) { raw in
            let c = raw.bindMemory(to: UInt64.self)
            var top = c[chunkCount - 1]
            var topDigits = 0
            repeat { topDigits += 1; top /= 10 } while top != 0
            let length = topDigits + 19 * (chunkCount - 1)
            return String(unsafeUninitializedCapacity: length) { out in
                Self.digitPairs.withUnsafeBufferPointer { pairs in
                    let dst = UnsafeMutableRawPointer(out.baseAddress!)
                    var end = length
                    for k in 0..<chunkCount {
                        var x = c[k]
                        var digits = k == chunkCount - 1 ? topDigits : 19
                        while digits >= 2 {
                            end -= 2
                            dst.storeBytes(of: pairs[Int(x % 100)].littleEndian, toByteOffset: end, as: UInt16.self)
                            x /= 100
                            digits -= 2
                        }
                        if digits == 1 {
                            end -= 1
                            out[end] = 0x30 &+ UInt8(truncatingIfNeeded: x)
                        }
                    }
                }
                return length
            }
        }
    }

    /// The minimal hex quantity form used by JSON-RPC: `"0x0"`, `"0x1a"`, lowercase.
    public var hexQuantity: String {
        let digits = Swift.max(1, (significantBitCount + 3) >> 2)
        return String(unsafeUninitializedCapacity: digits + 2) { out in
            out[0] = 0x30
            out[1] = 0x78
            var end = digits + 2
            var remaining = digits
            for k in 0..<4 where remaining > 0 {
                var x = self[limb: k]
                for _ in 0..<Swift.min(16, remaining) {
                    end -= 1
                    out[end] = Hex.digit(UInt8(truncatingIfNeeded: x & 0x0F))
                    x >>= 4
                }
                remaining -= 16
            }
            return digits + 2
        }
    }
}

extension UInt256: CustomStringConvertible, CustomDebugStringConvertible {
    /// The decimal representation.
    public var description: String { decimalString }
    /// The decimal representation.
    public var debugDescription: String { decimalString }
}

extension UInt256: LosslessStringConvertible {
    /// Parses a decimal number or a `0x` hex quantity; nil if invalid. See ``init(parsing:)``.
    public init?(_ description: String) {
        guard let v = try? UInt256(parsing: description) else { return nil }
        self = v
    }
}
