import HexVector

/// An error from decoding a hexadecimal string.
public enum HexError: BallastError, Equatable {
    /// The number of hex digits (after any `0x` prefix) is odd.
    case oddLength(digits: Int)
    /// A character that is not a hex digit, at `offset`: an index in Unicode scalars from the
    /// start of the input, counting any `0x` prefix.
    case invalidCharacter(Character, offset: Int)
    /// The input lacks the `0x` prefix and the caller required one.
    case missingPrefix
    /// The input decodes to `actual` bytes where exactly `expected` are required.
    case wrongLength(expected: Int, actual: Int)

    public var code: String {
        switch self {
        case .oddLength: "hex_odd_length"
        case .invalidCharacter: "hex_invalid_character"
        case .missingPrefix: "hex_missing_prefix"
        case .wrongLength: "hex_wrong_length"
        }
    }

    public var message: String {
        switch self {
        case .oddLength(let digits):
            "hex string has an odd number of digits (\(digits))"
        case .invalidCharacter(let c, _):
            "invalid hex character \(quoted(c))"
        case .missingPrefix:
            "hex string must start with 0x"
        case .wrongLength(let expected, let actual):
            "expected \(expected) bytes of hex, got \(actual)"
        }
    }

    public var location: String? {
        switch self {
        case .invalidCharacter(_, let offset): "offset \(offset)"
        default: nil
        }
    }
}

/// Hexadecimal encoding and decoding of byte strings.
///
/// Decoding accepts an optional `0x`/`0X` prefix and digits of either case; encoding produces
/// lowercase digits. Both run over contiguous UTF-8 storage without intermediate allocations;
/// the only allocation is the returned value.
public enum Hex {
    /// Decodes a hex string into bytes.
    ///
    /// - Parameters:
    ///   - string: hex digits, optionally prefixed with `0x` or `0X`; either case. `""` and `"0x"`
    ///     decode to no bytes.
    ///   - requirePrefix: when `true`, a missing `0x`/`0X` prefix is an error.
    /// - Throws: ``HexError/invalidCharacter(_:offset:)`` naming the first non-hex character
    ///   (checked before the length), ``HexError/oddLength(digits:)``, or
    ///   ``HexError/missingPrefix``.
    @inlinable
    public static func decode(_ string: some StringProtocol, requirePrefix: Bool = false) throws(HexError) -> [UInt8] {
        try withUTF8(string) { decodeUTF8($0, requirePrefix: requirePrefix) }.get()
    }

    /// Decodes hex given as UTF-8 bytes (`0x` optional), as ``decode(_:requirePrefix:)`` does a
    /// string: the same bytes and the same errors, without making a string first.
    @inlinable
    public static func decode(utf8: UnsafeBufferPointer<UInt8>, requirePrefix: Bool = false) throws(HexError) -> [UInt8] {
        try decodeUTF8(utf8, requirePrefix: requirePrefix).get()
    }

    /// Decodes a hex string that must hold exactly `count` bytes.
    ///
    /// - Throws: the errors of ``decode(_:requirePrefix:)``, or ``HexError/wrongLength(expected:actual:)``.
    @inlinable
    public static func decode(_ string: some StringProtocol, count: Int, requirePrefix: Bool = false) throws(HexError) -> [UInt8] {
        let bytes = try decode(string, requirePrefix: requirePrefix)
        guard bytes.count == count else { throw .wrongLength(expected: count, actual: bytes.count) }
        return bytes
    }

    /// Encodes bytes as lowercase hex, with a `0x` prefix unless `prefix` is `false`.
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = true) -> String {
        if let s = bytes.withContiguousStorageIfAvailable({ encodeBuffer(UnsafeRawBufferPointer($0), prefix: prefix) }) {
            return s
        }
        let copy = Array(bytes)
        return copy.withUnsafeBytes { encodeBuffer($0, prefix: prefix) }
    }

    /// Encodes the bytes of a raw buffer as lowercase hex, with a `0x` prefix unless `prefix` is `false`.
    @inlinable
    public static func encode(_ buffer: UnsafeRawBufferPointer, prefix: Bool = true) -> String {
        encodeBuffer(buffer, prefix: prefix)
    }

    // MARK: Internals

    /// The value of one ASCII hex digit, or `0xFF` for any other byte.
    @inlinable @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8 {
        let d = c &- 0x30
        if d < 10 { return d }
        let l = (c | 0x20) &- 0x61
        if l < 6 { return l &+ 10 }
        return 0xFF
    }

    /// The lowercase ASCII hex digit for a value in 0...15.
    @inlinable @inline(__always)
    static func digit(_ v: UInt8) -> UInt8 {
        v < 10 ? 0x30 &+ v : 0x57 &+ v
    }

    /// Whether `utf8` starts with `0x` or `0X`.
    @inlinable @inline(__always)
    static func hasPrefix(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.count >= 2 && utf8[0] == 0x30 && (utf8[1] | 0x20) == 0x78
    }

    /// For each byte value: its hex digit value, or `0xFF` if it is not a hex digit.
    @usableFromInline
    static let decodeTable: [UInt8] = (0...255).map { nibble(UInt8($0)) }

    /// For each byte value: its two lowercase hex digits, first digit in the low byte.
    @usableFromInline
    static let encodeTable: [UInt16] = (0...255).map { b in
        UInt16(digit(UInt8(b >> 4))) | UInt16(digit(UInt8(b & 15))) << 8
    }

    /// Decodes `count * 2` hex digits at `src` into `count` bytes at `dst`.
    /// Returns the index (relative to `src`) of the first invalid digit, or -1.
    @usableFromInline
    static func decodeDigits(_ src: UnsafePointer<UInt8>, count: Int, into dst: UnsafeMutablePointer<UInt8>) -> Int {
        decodeTable.withUnsafeBufferPointer { table in
            let t = table.baseAddress!
            // Branch-free loops: invalid digits are detected once at the end. Eight digits at a
            // time as one 64-bit word first (see `decodeWord`), then the rest by table, where
            // invalid digits map to 0xFF.
            var check: UInt8 = 0
            var invalid: UInt64 = 0
            var i = 0
            // Sixteen bytes at a time in vector registers where the processor has them.
            if count >= 16 && vectorAvailable {
                let blocks = count / 16
                if ballast_hex_decode16(src, blocks, dst) != 0 { invalid = 1 }
                i = blocks &* 16
            }
            while count &- i >= 4 {
                let word = UInt64(littleEndian: UnsafeRawPointer(src + 2 &* i).loadUnaligned(as: UInt64.self))
                let (bytes, bad) = decodeWord(word)
                invalid |= bad
                UnsafeMutableRawPointer(dst + i).storeBytes(of: bytes.littleEndian, as: UInt32.self)
                i &+= 4
            }
            if invalid != 0 { check = 0xFF }
            while i < count {
                let hi = t[Int(src[2 &* i])]
                let lo = t[Int(src[2 &* i &+ 1])]
                check |= hi | lo
                dst[i] = hi &<< 4 | lo
                i &+= 1
            }
            if check <= 0x0F { return -1 }
            var j = 0
            while t[Int(src[j])] <= 0x0F { j &+= 1 }
            return j
        }
    }

    /// Eight ASCII hex digits (the first in the lowest byte of `word`) as four bytes (the first
    /// in the lowest byte), and 0 when all eight are hex digits (else not 0), computed on the whole word at
    /// once: a byte is a digit when it lies in 0x30…0x39, a letter when, with bit 5 set (lower
    /// case), it lies in 0x61…0x66; no byte may have its top bit set (which also keeps the
    /// additions below from carrying into the next byte).
    @inline(__always)
    static func decodeWord(_ word: UInt64) -> (UInt32, UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        let lower = word | 0x2020_2020_2020_2020
        // Per byte, 0x80 when x ≥ lo (x + 0x80 − lo has its top bit set) and x ≤ hi (x + 0x7F − hi
        // does not).
        let digit = (word &+ ones &* (0x80 - 0x30)) & ~(word &+ ones &* (0x7F - 0x39)) & tops
        let letter = (lower &+ ones &* (0x80 - 0x61)) & ~(lower &+ ones &* (0x7F - 0x66)) & tops
        let bad = (word | ~(digit | letter)) & tops
        // The value of each digit: its low nibble, plus 9 for a letter ('a' and 'A' end in 1).
        let nibbles = (word & 0x0F0F_0F0F_0F0F_0F0F) &+ (letter >> 7) &* 9
        // Byte 2k = (digit 2k) << 4 | digit 2k+1, then the even bytes packed together.
        var v = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF_00FF_00FF
        v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF
        v = (v | (v >> 16)) & 0xFFFF_FFFF
        return (UInt32(truncatingIfNeeded: v), bad)
    }

    /// The index of the first non-hex byte in `utf8[start...]`, or nil.
    @usableFromInline
    static func firstInvalid(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i < utf8.count {
            if nibble(utf8[i]) > 0x0F { return i }
            i += 1
        }
        return nil
    }

    /// Builds the error for an invalid digit at UTF-8 offset `at` of `utf8`.
    @usableFromInline
    static func invalidCharacterError(_ utf8: UnsafeBufferPointer<UInt8>, at: Int) -> HexError {
        // Every byte before `at` is an ASCII hex digit or the prefix, so the UTF-8 offset is
        // also the offset in Unicode scalars. Decode the (possibly multi-byte) character there.
        .invalidCharacter(characterAt(utf8, at), offset: at)
    }

    @usableFromInline
    static func decodeUTF8(_ utf8: UnsafeBufferPointer<UInt8>, requirePrefix: Bool) -> Result<[UInt8], HexError> {
        let start = hasPrefix(utf8) ? 2 : 0
        if requirePrefix && start == 0 { return .failure(.missingPrefix) }
        let digits = utf8.count - start
        if digits & 1 != 0 {
            if let bad = firstInvalid(utf8, from: start) { return .failure(invalidCharacterError(utf8, at: bad)) }
            return .failure(.oddLength(digits: digits))
        }
        let count = digits >> 1
        // No allocation for no bytes: `[UInt8](unsafeUninitializedCapacity: 0)` would store its
        // count into the standard library's shared empty-array storage, a data race with every
        // other thread reading it (ThreadSanitizer reports it).
        guard count > 0, let base = utf8.baseAddress else { return .success([]) }
        var bad = -1
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            if count > 0, let dst = out.baseAddress {
                bad = decodeDigits(base + start, count: count, into: dst)
            }
            initialized = bad < 0 ? count : 0
        }
        if bad >= 0 { return .failure(invalidCharacterError(utf8, at: start + bad)) }
        return .success(bytes)
    }

    /// Whether the vector decoder and encoder run here (`HexVector`: AVX2 on x86-64).
    static let vectorAvailable = ballast_hex_vector_available() == 1

    /// Writes the `2 * count` lowercase hex digits of the `count` bytes at `src` to `dst`.
    public static func encodeDigits(_ src: UnsafePointer<UInt8>, count: Int, into dst: UnsafeMutableRawPointer) {
        var i = 0
        if count >= 16 && vectorAvailable {
            let blocks = count / 16
            ballast_hex_encode16(src, blocks, dst.assumingMemoryBound(to: UInt8.self))
            i = blocks &* 16
        }
        encodeTable.withUnsafeBufferPointer { table in
            let t = table.baseAddress!
            while i < count {
                dst.storeBytes(of: t[Int(src[i])].littleEndian, toByteOffset: 2 &* i, as: UInt16.self)
                i &+= 1
            }
        }
    }

    @usableFromInline
    static func encodeBuffer(_ buffer: UnsafeRawBufferPointer, prefix: Bool) -> String {
        let p = prefix ? 2 : 0
        let length = p + buffer.count * 2
        if length == 0 { return "" }
        return String(unsafeUninitializedCapacity: length) { out in
            let dst = UnsafeMutableRawPointer(out.baseAddress!)
            if prefix {
                dst.storeBytes(of: 0x30, toByteOffset: 0, as: UInt8.self)
                dst.storeBytes(of: 0x78, toByteOffset: 1, as: UInt8.self)
            }
            if let source = buffer.baseAddress {
                encodeDigits(source.assumingMemoryBound(to: UInt8.self), count: buffer.count, into: dst + p)
            }
            return length
        }
    }
}
