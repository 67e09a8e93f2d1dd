// Decimal and hexadecimal text forms of UInt256.

extension UInt256 {
    /// 10¹⁹, the largest power of ten that fits in 64 bits.
    @usableFromInline static let tenToThe19: UInt64 = 10_000_000_000_000_000_000

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
        var i = start
        while i < count {
            if Hex.nibble(utf8[i]) > 0x0F {
                if i == 0 && utf8[i] == UInt8(ascii: "-") && count > 1 { return .failure(.negative) }
                return .failure(.invalidCharacter(characterAt(utf8, i), offset: i))
            }
            i += 1
        }
        i = start
        while i < count - 1 && utf8[i] == 0x30 { i += 1 }
        if count - i > 64 { return .failure(.overflow) }
        var value = UInt256.zero
        var bit: UInt64 = 0
        var j = count - 1
        while j >= i {
            let limb = Int(bit >> 6)
            value[limb: limb] |= UInt64(Hex.nibble(utf8[j])) << (bit & 63)
            bit += 4
            j -= 1
        }
        return .success(value)
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
                let (q, r) = v.quotientAndRemainder(dividingByLimb: Self.tenToThe19)
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
                var end = length
                for k in 0..<chunkCount {
                    var x = c[k]
                    let digits = k == chunkCount - 1 ? topDigits : 19
                    for _ in 0..<digits {
                        end -= 1
                        out[end] = 0x30 &+ UInt8(truncatingIfNeeded: x % 10)
                        x /= 10
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
            for k in 0..<digits {
                end -= 1
                let nibble = self[limb: k >> 4] >> UInt64((k & 15) << 2)
                out[end] = Hex.digit(UInt8(truncatingIfNeeded: nibble & 0x0F))
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
