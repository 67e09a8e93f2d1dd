/// An error from parsing an amount or an ether value.
public enum UnitError: BallastError, Equatable {
    /// The input is empty.
    case empty
    /// A character that is not allowed at `offset`: an index in Unicode scalars from the start
    /// of the input.
    case invalidCharacter(Character, offset: Int)
    /// A leading minus sign: amounts are never negative.
    case negative
    /// A decimal point without digits on both sides (`"1."`, `".5"`, `"."`); `offset` is the point.
    case missingDigits(offset: Int)
    /// More fractional digits than the token has decimals, and a non-zero digit would be lost;
    /// `offset` is the first such digit.
    case excessPrecision(decimals: Int, offset: Int)
    /// An ether value that is not a whole number of wei; `offset` is the first digit below 1 wei.
    case fractionalWei(offset: Int)
    /// An unknown unit name.
    case unknownUnit(String, offset: Int)
    /// The amount does not fit in 256 bits.
    case overflow
    /// Token decimals outside 0...255.
    case invalidDecimals(Int)

    public var code: String {
        switch self {
        case .empty: "amount_empty"
        case .invalidCharacter: "amount_invalid_character"
        case .negative: "amount_negative"
        case .missingDigits: "amount_missing_digits"
        case .excessPrecision: "amount_excess_precision"
        case .fractionalWei: "amount_fractional_wei"
        case .unknownUnit: "amount_unknown_unit"
        case .overflow: "amount_overflow"
        case .invalidDecimals: "amount_invalid_decimals"
        }
    }

    public var message: String {
        switch self {
        case .empty: "amount is empty"
        case .invalidCharacter(let c, _): "invalid character \(quoted(c)) in amount"
        case .negative: "amount cannot be negative"
        case .missingDigits: "a decimal point needs digits on both sides"
        case .excessPrecision(let decimals, _):
            "amount has more than \(decimals) decimal places (it would be rounded)"
        case .fractionalWei: "value is not a whole number of wei"
        case .unknownUnit(let unit, _): "unknown unit \"\(unit)\" (expected wei, gwei or ether)"
        case .overflow: "amount does not fit in 256 bits"
        case .invalidDecimals(let d): "token decimals must be in 0...255, got \(d)"
        }
    }

    public var location: String? {
        switch self {
        case .invalidCharacter(_, let offset), .missingDigits(let offset),
             .excessPrecision(_, let offset), .fractionalWei(let offset), .unknownUnit(_, let offset):
            "offset \(offset)"
        case .negative: "offset 0"
        default: nil
        }
    }
}

/// Exact conversion between decimal amounts and integer base units — never through floating
/// point, never rounding.
///
/// Amount grammar (``parseAmount(_:decimals:)``): `digits` or `digits.digits`, ASCII only. No
/// sign, spaces, separators or exponent; `".5"` and `"1."` are refused (a point needs digits on
/// both sides, as in JSON). Leading zeros are accepted. Fractional digits beyond the token's
/// decimals are accepted only when they are all zeros (`"1.5000000"` with 6 decimals is
/// 1500000: nothing is lost); a non-zero digit there is ``UnitError/excessPrecision(decimals:offset:)``.
///
/// Value grammar (``parseValue(_:)``): an amount optionally followed by a unit `wei`, `gwei` or
/// `ether` (any case, optionally after one space); no unit means wei. A `0x` hex quantity is
/// also accepted, as wei. The result must be a whole number of wei.
public enum Units {
    /// The units of ether values.
    public enum Unit: String, Sendable, CaseIterable {
        case wei, gwei, ether

        /// The unit spelled by `name` in any letter case, without allocating.
        init?(asciiCaseInsensitive name: UnsafeBufferPointer<UInt8>) {
            func matches(_ word: StaticString) -> Bool {
                guard name.count == word.utf8CodeUnitCount else { return false }
                for k in 0..<name.count where name[k] | 0x20 != word.utf8Start[k] { return false }
                return true
            }
            if matches("wei") { self = .wei }
            else if matches("gwei") { self = .gwei }
            else if matches("ether") { self = .ether }
            else { return nil }
        }

        /// The power of ten of one unit in wei.
        public var decimals: Int {
            switch self {
            case .wei: 0
            case .gwei: 9
            case .ether: 18
            }
        }
    }

    /// The largest meaningful number of decimals for token amounts (ERC-20's `uint8`).
    public static let maxDecimals = 255

    /// Parses a decimal amount in a token's units into base units: `"1.5"` with 6 decimals is
    /// 1500000.
    ///
    /// - Parameters:
    ///   - text: the amount, e.g. `"250000.5"`.
    ///   - decimals: the token's decimals, 0...255.
    /// - Throws: ``UnitError`` naming the offending character or digit.
    @inlinable
    public static func parseAmount(_ text: some StringProtocol, decimals: Int) throws(UnitError) -> UInt256 {
        try withUTF8(text) { parseAmountUTF8($0, decimals: decimals) }.get()
    }

    @usableFromInline
    static func parseAmountUTF8(_ utf8: UnsafeBufferPointer<UInt8>, decimals: Int) -> Result<UInt256, UnitError> {
        guard (0...maxDecimals).contains(decimals) else { return .failure(.invalidDecimals(decimals)) }
        switch scanNumber(utf8) {
        case .failure(let e):
            return .failure(e)
        case .success(let number):
            if number.end < utf8.count {
                return .failure(.invalidCharacter(characterAt(utf8, number.end), offset: number.end))
            }
            return number.scaled(utf8, decimals: decimals, wei: false)
        }
    }

    /// Parses an ether value into wei: `"1.5ether"`, `"30 gwei"`, `"100wei"`, `"100"` (wei) or a
    /// `0x` hex quantity (wei).
    ///
    /// - Throws: ``UnitError``; ``UnitError/fractionalWei(offset:)`` when the value is not a
    ///   whole number of wei (`"1.5"`, `"0.1gwei"` is fine, `"0.0000000001gwei"` is not).
    @inlinable
    public static func parseValue(_ text: some StringProtocol) throws(UnitError) -> UInt256 {
        try withUTF8(text) { parseValueUTF8($0) }.get()
    }

    @usableFromInline
    static func parseValueUTF8(_ utf8: UnsafeBufferPointer<UInt8>) -> Result<UInt256, UnitError> {
        if Hex.hasPrefix(utf8) {
            switch UInt256.parseHex(utf8, from: 2) {
            case .success(let v): return .success(v)
            case .failure(.invalidCharacter(let c, let offset)): return .failure(.invalidCharacter(c, offset: offset))
            case .failure(.empty): return .failure(.missingDigits(offset: 2))
            case .failure: return .failure(.overflow)
            }
        }
        let parsed = scanNumber(utf8)
        switch parsed {
        case .failure(let e): return .failure(e)
        case .success(let number):
            var unit = Unit.wei
            var i = number.end
            if i < utf8.count {
                if utf8[i] == UInt8(ascii: " ") {
                    i += 1
                    if i == utf8.count { return .failure(.invalidCharacter(" ", offset: i - 1)) }
                    if utf8[i] == UInt8(ascii: " ") { return .failure(.invalidCharacter(" ", offset: i)) }
                }
                let name = UnsafeBufferPointer(rebasing: utf8[i...])
                guard let u = Unit(asciiCaseInsensitive: name) else {
                    return .failure(.unknownUnit(String(decoding: name, as: UTF8.self), offset: i))
                }
                unit = u
            }
            return number.scaled(utf8, decimals: unit.decimals, wei: true)
        }
    }

    /// Formats base units as a decimal amount with `decimals` decimals: the shortest exact form,
    /// without trailing zeros or a trailing point (`1500000` with 6 decimals is `"1.5"`, zero is
    /// `"0"`).
    ///
    /// - Precondition: `decimals` in 0...255.
    public static func formatAmount(_ value: UInt256, decimals: Int) -> String {
        precondition((0...maxDecimals).contains(decimals), "decimals must be in 0...255")
        let digits = Array(value.decimalString.utf8)
        if decimals == 0 { return value.decimalString }
        var integerPart: ArraySlice<UInt8>
        var fraction: [UInt8]
        if digits.count > decimals {
            integerPart = digits[..<(digits.count - decimals)]
            fraction = Array(digits[(digits.count - decimals)...])
        } else {
            integerPart = [0x30]
            fraction = [UInt8](repeating: 0x30, count: decimals - digits.count) + digits
        }
        while let last = fraction.last, last == 0x30 { fraction.removeLast() }
        if fraction.isEmpty { return String(decoding: integerPart, as: UTF8.self) }
        integerPart.append(UInt8(ascii: "."))
        integerPart.append(contentsOf: fraction)
        return String(decoding: integerPart, as: UTF8.self)
    }

    /// Formats wei in `unit` (e.g. `1500000000000000000` wei is `"1.5"` ether).
    public static func formatValue(_ wei: UInt256, unit: Unit) -> String {
        formatAmount(wei, decimals: unit.decimals)
    }

    // MARK: Internals

    /// The syntactic parts of `digits[.digits]` at the start of a buffer.
    @usableFromInline
    struct Number {
        /// Integer digits: `0..<integerEnd`.
        var integerEnd: Int
        /// Fraction digits: `fractionStart..<end` (empty when there is no point).
        var fractionStart: Int
        /// One past the last digit.
        var end: Int

        /// Combines the digits into `integer · 10^decimals + fraction`, refusing lost digits.
        func scaled(_ utf8: UnsafeBufferPointer<UInt8>, decimals: Int, wei: Bool) -> Result<UInt256, UnitError> {
            // Token amounts: more fraction digits than `decimals` are refused, even zeros (the plan
            // format's rule: never rounded, never reinterpreted). Ether units: digits beyond the
            // unit's decimals must be zeros (the result must be a whole number of wei).
            var fractionEnd = end
            if end - fractionStart > decimals {
                let keepEnd = fractionStart + decimals
                if !wei { return .failure(.excessPrecision(decimals: decimals, offset: keepEnd)) }
                var i = keepEnd
                while i < end {
                    if utf8[i] != 0x30 {
                        return .failure(wei ? .fractionalWei(offset: i) : .excessPrecision(decimals: decimals, offset: i))
                    }
                    i += 1
                }
                fractionEnd = keepEnd
            }
            // value = all kept digits as one integer, times 10^(decimals - kept fraction digits).
            var i = 0
            while i < integerEnd && utf8[i] == 0x30 { i += 1 }
            var acc = Accumulator()
            if !acc.add(utf8, i..<integerEnd) || !acc.add(utf8, fractionStart..<fractionEnd) || !acc.flush() {
                return .failure(.overflow)
            }
            var value = acc.value
            if value.isZero { return .success(.zero) }
            var zeros = decimals - (fractionEnd - fractionStart)
            while zeros > 0 {
                let step = Swift.min(zeros, 19)
                let (v, o) = value.multipliedAdding(UInt256.powersOfTen[step], 0)
                if o { return .failure(.overflow) }
                value = v
                zeros -= step
            }
            return .success(value)
        }
    }

    /// Accumulates decimal digits into a UInt256, 19 digits at a time.
    struct Accumulator {
        var value = UInt256.zero
        var chunk: UInt64 = 0
        var chunkLength = 0

        /// Appends the ASCII digits `utf8[range]`; false on overflow.
        mutating func add(_ utf8: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            for k in range {
                chunk = chunk &* 10 &+ UInt64(utf8[k] &- 0x30)
                chunkLength += 1
                if chunkLength == 19 && !flush() { return false }
            }
            return true
        }

        /// Moves the pending chunk into `value`; false on overflow.
        mutating func flush() -> Bool {
            if chunkLength == 0 { return true }
            let (v, o) = value.multipliedAdding(UInt256.powersOfTen[chunkLength], chunk)
            value = v
            chunk = 0
            chunkLength = 0
            return !o
        }
    }

    /// Scans `digits[.digits]` at the start of `utf8`; stops at the first other character.
    @usableFromInline
    static func scanNumber(_ utf8: UnsafeBufferPointer<UInt8>) -> Result<Number, UnitError> {
        let count = utf8.count
        if count == 0 { return .failure(.empty) }
        if utf8[0] == UInt8(ascii: "-") { return .failure(.negative) }
        var i = 0
        while i < count && utf8[i] &- 0x30 <= 9 { i += 1 }
        let integerEnd = i
        if i < count && utf8[i] == UInt8(ascii: ".") {
            let point = i
            i += 1
            let fractionStart = i
            while i < count && utf8[i] &- 0x30 <= 9 { i += 1 }
            if integerEnd == 0 || i == fractionStart { return .failure(.missingDigits(offset: point)) }
            return .success(Number(integerEnd: integerEnd, fractionStart: fractionStart, end: i))
        }
        if integerEnd == 0 {
            return .failure(.invalidCharacter(characterAt(utf8, 0), offset: 0))
        }
        return .success(Number(integerEnd: integerEnd, fractionStart: integerEnd, end: integerEnd))
    }
}
