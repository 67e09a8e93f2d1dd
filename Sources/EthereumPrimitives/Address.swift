import Keccak

/// An error from parsing or deriving an ``Address``.
public enum AddressError: BallastError, Equatable {
    /// The input does not have exactly 40 hex digits (after an optional `0x`).
    case invalidLength(digits: Int)
    /// A character that is not a hex digit, at `offset`: an index in Unicode scalars from the
    /// start of the input, counting any `0x` prefix.
    case invalidCharacter(Character, offset: Int)
    /// A mixed-case address whose letter cases do not match its EIP-55 checksum; `offset` is the
    /// first character (counting any `0x` prefix) whose case is wrong.
    case badChecksum(offset: Int)
    /// A public key that is neither 64 bytes (X‖Y) nor 65 bytes (0x04‖X‖Y).
    case invalidPublicKeyLength(Int)
    /// A 65-byte public key whose first byte is not 0x04 (uncompressed).
    case invalidPublicKeyPrefix(UInt8)

    public var code: String {
        switch self {
        case .invalidLength: "address_invalid_length"
        case .invalidCharacter: "address_invalid_character"
        case .badChecksum: "address_bad_checksum"
        case .invalidPublicKeyLength: "address_invalid_public_key_length"
        case .invalidPublicKeyPrefix: "address_invalid_public_key_prefix"
        }
    }

    public var message: String {
        switch self {
        case .invalidLength(let digits):
            "an address has 40 hex digits, got \(digits)"
        case .invalidCharacter(let c, _):
            "invalid hex character \(quoted(c)) in address"
        case .badChecksum:
            "mixed-case address does not match its EIP-55 checksum"
        case .invalidPublicKeyLength(let n):
            "a public key has 64 bytes (or 65 with the 0x04 prefix), got \(n)"
        case .invalidPublicKeyPrefix(let b):
            "a 65-byte public key must start with 0x04, got 0x\(Hex.encode([b], prefix: false))"
        }
    }

    public var location: String? {
        switch self {
        case .invalidCharacter(_, let offset), .badChecksum(let offset): "offset \(offset)"
        case .invalidPublicKeyPrefix: "byte 0"
        default: nil
        }
    }
}

/// A 20-byte Ethereum account address, stored inline (no heap).
///
/// Printed (``description``) in its EIP-55 checksummed form. Parsing with ``init(hex:)``
/// accepts all-lowercase and all-uppercase input as is, and requires mixed-case input to match
/// the EIP-55 checksum exactly. Ordering is the lexicographic order of the bytes.
public struct Address: Sendable, Hashable {
    /// Bytes 0..<8, 8..<16 and 16..<20, each read big-endian.
    @usableFromInline var b0: UInt64
    @usableFromInline var b1: UInt64
    @usableFromInline var b2: UInt32

    /// The number of bytes in an address: 20.
    public static let byteCount = 20

    /// The zero address `0x0000000000000000000000000000000000000000`.
    public static let zero = Address(b0: 0, b1: 0, b2: 0)

    @inlinable
    init(b0: UInt64, b1: UInt64, b2: UInt32) {
        self.b0 = b0
        self.b1 = b1
        self.b2 = b2
    }

    /// Reads 20 bytes at `pointer` (no alignment required). The caller guarantees that 20
    /// bytes are readable.
    @inlinable @inline(__always)
    public init(bytesAt pointer: UnsafeRawPointer) {
        self.init(
            b0: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            b1: UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            b2: UInt32(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
    }

    /// Creates an address from exactly 20 bytes; nil for any other count.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        if let r = bytes.withContiguousStorageIfAvailable({ buf -> Address? in
            guard buf.count == 20, let base = buf.baseAddress else { return nil }
            return Address(bytesAt: UnsafeRawPointer(base))
        }) {
            guard let r else { return nil }
            self = r
            return
        }
        let copy = Array(bytes)
        guard copy.count == 20 else { return nil }
        self = copy.withUnsafeBytes { Address(bytesAt: $0.baseAddress!) }
    }

    /// Writes the 20 bytes at `pointer` (no alignment required). The caller guarantees that 20
    /// bytes are writable.
    @inlinable @inline(__always)
    public func write(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: b0.bigEndian, toByteOffset: 0, as: UInt64.self)
        pointer.storeBytes(of: b1.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: b2.bigEndian, toByteOffset: 16, as: UInt32.self)
    }

    /// Calls `body` with the 20 bytes, held on the stack.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var raw = (b0.bigEndian, b1.bigEndian, b2.bigEndian)
        return try Swift.withUnsafeMutableBytes(of: &raw) { (buf) throws(E) -> R in
            try body(UnsafeRawBufferPointer(rebasing: buf[0..<20]))
        }
    }

    /// The 20 bytes.
    @inlinable
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 20) { out, initialized in
            write(to: UnsafeMutableRawPointer(out.baseAddress!))
            initialized = 20
        }
    }

    /// Whether this is the zero address.
    @inlinable
    public var isZero: Bool { (b0 | b1 | UInt64(b2)) == 0 }

    // MARK: ABI words

    /// The address as a 256-bit word, right-aligned (its ABI encoding).
    @inlinable
    public var word: UInt256 {
        UInt256(w0: (b1 << 32) | UInt64(b2), w1: (b0 << 32) | (b1 >> 32), w2: b0 >> 32, w3: 0)
    }

    /// The address held in the low 160 bits of `word`; nil if any of the upper 96 bits is set
    /// (not a canonical ABI encoding of an address).
    @inlinable
    public init?(word: UInt256) {
        guard word.w3 == 0, word.w2 >> 32 == 0 else { return nil }
        self.init(
            b0: (word.w2 << 32) | (word.w1 >> 32),
            b1: (word.w1 << 32) | (word.w0 >> 32),
            b2: UInt32(truncatingIfNeeded: word.w0))
    }

    // MARK: Public keys

    /// The address of a secp256k1 public key: the last 20 bytes of Keccak-256 of the 64-byte
    /// X‖Y encoding.
    ///
    /// - Parameter publicKey: 64 bytes X‖Y, or 65 bytes 0x04‖X‖Y (uncompressed SEC1).
    /// - Throws: ``AddressError/invalidPublicKeyLength(_:)`` or
    ///   ``AddressError/invalidPublicKeyPrefix(_:)``.
    @inlinable
    public init(publicKey: some Collection<UInt8>) throws(AddressError) {
        self = try Self.fromPublicKey(Array(publicKey)).get()
    }

    @usableFromInline
    static func fromPublicKey(_ key: [UInt8]) -> Result<Address, AddressError> {
        let xy: ArraySlice<UInt8>
        switch key.count {
        case 64:
            xy = key[...]
        case 65:
            guard key[0] == 0x04 else { return .failure(.invalidPublicKeyPrefix(key[0])) }
            xy = key[1...]
        default:
            return .failure(.invalidPublicKeyLength(key.count))
        }
        let digest = Keccak256.hash(data: xy).bytes
        return .success(digest.withUnsafeBytes { Address(bytesAt: $0.baseAddress! + 12) })
    }
}

// MARK: - Comparison

extension Address: Comparable {
    /// Lexicographic order of the 20 bytes.
    @inlinable
    public static func < (lhs: Address, rhs: Address) -> Bool {
        if lhs.b0 != rhs.b0 { return lhs.b0 < rhs.b0 }
        if lhs.b1 != rhs.b1 { return lhs.b1 < rhs.b1 }
        return lhs.b2 < rhs.b2
    }
}

// MARK: - Text

extension Address {
    /// Parses a hex address: 40 hex digits with an optional `0x`/`0X` prefix.
    ///
    /// All-lowercase and all-uppercase digits are accepted as they are (no checksum). Mixed case
    /// must match the EIP-55 checksum exactly.
    ///
    /// - Throws: ``AddressError/invalidCharacter(_:offset:)`` for the first non-hex character,
    ///   ``AddressError/invalidLength(digits:)``, or ``AddressError/badChecksum(offset:)``.
    @inlinable
    public init(hex text: some StringProtocol) throws(AddressError) {
        self = try withUTF8(text) { Self.parse($0) }.get()
    }

    @usableFromInline
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> Result<Address, AddressError> {
        let start = Hex.hasPrefix(utf8) ? 2 : 0
        if let bad = Hex.firstInvalid(utf8, from: start) {
            return .failure(.invalidCharacter(characterAt(utf8, bad), offset: bad))
        }
        let digits = utf8.count - start
        guard digits == 40, let base = utf8.baseAddress else { return .failure(.invalidLength(digits: digits)) }
        var raw = (UInt64(0), UInt64(0), UInt64(0))
        var hasLower = false
        var hasUpper = false
        withUnsafeMutableBytes(of: &raw) { out in
            let dst = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            _ = Hex.decodeDigits(base + start, count: 20, into: dst)
        }
        for i in start..<utf8.count {
            let c = utf8[i]
            if c >= 0x61 { hasLower = true } else if c >= 0x41 { hasUpper = true }
        }
        let address = Swift.withUnsafeBytes(of: &raw) { Address(bytesAt: $0.baseAddress!) }
        if hasLower && hasUpper {
            let expected = address.checksumDigits()
            for k in 0..<40 where expected[k] != utf8[start + k] {
                return .failure(.badChecksum(offset: start + k))
            }
        }
        return .success(address)
    }

    /// The 40 lowercase hex digits, as ASCII bytes.
    @usableFromInline
    func lowercaseDigits() -> [UInt8] {
        withUnsafeBytes { raw in
            [UInt8](unsafeUninitializedCapacity: 40) { out, initialized in
                for (i, b) in raw.enumerated() {
                    out[2 * i] = Hex.digit(b >> 4)
                    out[2 * i + 1] = Hex.digit(b & 0x0F)
                }
                initialized = 40
            }
        }
    }

    /// The 40 hex digits in EIP-55 mixed case, as ASCII bytes.
    @usableFromInline
    func checksumDigits() -> [UInt8] {
        var digits = lowercaseDigits()
        let hash = Keccak256.hash(data: digits).bytes
        for i in 0..<40 where digits[i] >= 0x61 {
            let nibble = i & 1 == 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 0x0F
            if nibble >= 8 { digits[i] -= 0x20 }
        }
        return digits
    }

    /// The EIP-55 checksummed form, `0x` + 40 mixed-case hex digits. The forms of the
    /// addresses met last on the calling thread are kept (`ChecksumCache`): an address written
    /// again is not hashed again.
    public var checksummed: String {
        ChecksumCache.checksummed(self) { $0.computeChecksummed() }
    }

    /// The EIP-55 checksummed form, computed.
    func computeChecksummed() -> String {
        "0x" + String(decoding: checksumDigits(), as: UTF8.self)
    }

    /// The lowercase form, `0x` + 40 lowercase hex digits.
    public var lowercasedHex: String {
        withUnsafeBytes { Hex.encode($0) }
    }
}

extension Address: CustomStringConvertible, CustomDebugStringConvertible {
    /// The EIP-55 checksummed form.
    public var description: String { checksummed }
    /// The EIP-55 checksummed form.
    public var debugDescription: String { checksummed }
}

extension Address: LosslessStringConvertible {
    /// Parses as ``init(hex:)``; nil if invalid.
    public init?(_ description: String) {
        guard let a = try? Address(hex: description) else { return nil }
        self = a
    }
}
