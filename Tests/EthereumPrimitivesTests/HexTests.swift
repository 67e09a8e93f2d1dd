import TestSupport
import Testing
@testable import EthereumPrimitives

@Suite("Hex")
struct HexTests {
    private func decodeError(_ s: String, requirePrefix: Bool = false) -> HexError? {
        caught { () throws(HexError) in try Hex.decode(s, requirePrefix: requirePrefix) }
    }

    @Test func decodesBothCasesWithAndWithoutPrefix() throws {
        #expect(try Hex.decode("0x00ff10Ab") == [0x00, 0xFF, 0x10, 0xAB])
        #expect(try Hex.decode("0X00FF10aB") == [0x00, 0xFF, 0x10, 0xAB])
        #expect(try Hex.decode("00ff10ab") == [0x00, 0xFF, 0x10, 0xAB])
        #expect(try Hex.decode("") == [])
        #expect(try Hex.decode("0x") == [])
        #expect(try Hex.decode("0X", requirePrefix: true) == [])
        #expect(try Hex.decode("0123456789abcdefABCDEF") == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xAB, 0xCD, 0xEF])
    }

    @Test func decodesSubstrings() throws {
        let s = "xx0xdeadbeefyy"
        let inner = s.dropFirst(2).dropLast(2)
        #expect(try Hex.decode(inner) == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(decodeError(String(s.dropLast(2))) == .invalidCharacter("x", offset: 0))
    }

    @Test func oddLength() {
        #expect(decodeError("0x123") == .oddLength(digits: 3))
        #expect(decodeError("1") == .oddLength(digits: 1))
        #expect(decodeError("0x0") == .oddLength(digits: 1))
        let e = decodeError("abc")
        #expect(e?.code == "hex_odd_length")
        #expect(e?.location == nil)
        #expect(e?.description == "hex string has an odd number of digits (3)")
    }

    @Test func invalidCharacterNamesOffsetAndCharacter() {
        #expect(decodeError("0x12g4") == .invalidCharacter("g", offset: 4))
        #expect(decodeError("12g4") == .invalidCharacter("g", offset: 2))
        #expect(decodeError("zz") == .invalidCharacter("z", offset: 0))
        #expect(decodeError("0x1234 ") == .invalidCharacter(" ", offset: 6))
        #expect(decodeError("0x12 34") == .invalidCharacter(" ", offset: 4))
        #expect(decodeError("0xx0") == .invalidCharacter("x", offset: 2))
        #expect(decodeError("x0") == .invalidCharacter("x", offset: 0))
        #expect(decodeError("-1") == .invalidCharacter("-", offset: 0))
        // A bad character wins over an odd length.
        #expect(decodeError("0x1g3") == .invalidCharacter("g", offset: 3))
        // Offsets count characters; a multi-byte character is reported whole.
        #expect(decodeError("0xé1") == .invalidCharacter("é", offset: 2))
        #expect(decodeError("1é") == .invalidCharacter("é", offset: 1))
        #expect(decodeError("ab🙂") == .invalidCharacter("🙂", offset: 2))
        #expect(decodeError("ab\u{0}0") == .invalidCharacter("\u{0}", offset: 2))
        let e = decodeError("0x12g4")
        #expect(e?.code == "hex_invalid_character")
        #expect(e?.location == "offset 4")
        #expect(e?.description == "invalid hex character \"g\" (at offset 4)")
    }

    /// The decoder reads 32 digits at a time in vector registers (where the processor has them),
    /// then eight at a time as one word: every byte value at every position of a vector block, of
    /// a word and of the digits after the last whole word is accepted exactly when it is a hex
    /// digit, decodes to its value, and is reported at its offset when it is not.
    @Test(arguments: [
        // 20 digits: two whole words, then four digits decoded one pair at a time.
        "9123456789abcdefABCD",
        // 84 digits: two vector blocks, two words, then four digits.
        "9123456789abcdefABCDEF0123456789aBcDeF0123456789ABCDEF0123456789abcdef0123456789fedc",
    ])
    func everyByteAtEveryPositionOfAWord(_ text: String) {
        func value(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x41 + 10
            case 0x61...0x66: b - 0x61 + 10
            default: nil
            }
        }
        let base: [UInt8] = Array(text.utf8)  // no "0x" prefix whatever one byte becomes
        var wrong: [String] = []
        for position in 0..<base.count {
            for b in 0...255 {
                var digits = base
                digits[position] = UInt8(b)
                let result = digits.withUnsafeBufferPointer { p in
                    caught { () throws(HexError) in try Hex.decode(utf8: p) }.map { Result<[UInt8], HexError>.failure($0) }
                        ?? .success((try? Hex.decode(utf8: p)) ?? [])
                }
                if value(UInt8(b)) != nil {
                    var expected: [UInt8] = []
                    for k in stride(from: 0, to: digits.count, by: 2) { expected.append(value(digits[k])! << 4 | value(digits[k + 1])!) }
                    if case .success(let bytes) = result, bytes == expected { continue }
                } else if case .failure(let error) = result, case .invalidCharacter(_, let offset) = error, offset == position {
                    continue
                }
                wrong.append("byte \(b) at \(position): \(result)")
            }
        }
        #expect(wrong == [])
    }

    @Test func requiredPrefix() {
        #expect(decodeError("1234", requirePrefix: true) == .missingPrefix)
        #expect(decodeError("", requirePrefix: true) == .missingPrefix)
        #expect(decodeError("1234", requirePrefix: true)?.code == "hex_missing_prefix")
    }

    @Test func fixedLength() throws {
        #expect(try Hex.decode("0x0102", count: 2) == [1, 2])
        let e = caught { () throws(HexError) in try Hex.decode("0x010203", count: 2) }
        #expect(e == .wrongLength(expected: 2, actual: 3))
        #expect(e?.code == "hex_wrong_length")
        let e2 = caught { () throws(HexError) in try Hex.decode("0x0g", count: 1) }
        #expect(e2 == .invalidCharacter("g", offset: 3))
    }

    @Test func encodes() {
        #expect(Hex.encode([0x00, 0xFF, 0x10, 0xAB]) == "0x00ff10ab")
        #expect(Hex.encode([0x00, 0xFF, 0x10, 0xAB], prefix: false) == "00ff10ab")
        #expect(Hex.encode([UInt8]()) == "0x")
        #expect(Hex.encode([UInt8](), prefix: false) == "")
        #expect(Hex.encode([UInt8](0...255)[250...]) == "0xfafbfcfdfeff")
        // A sequence without contiguous storage.
        #expect(Hex.encode((1...3).lazy.map { UInt8($0 * 16) }) == "0x102030")
        let bytes: [UInt8] = [1, 2, 3]
        #expect(bytes.withUnsafeBytes { Hex.encode($0) } == "0x010203")
    }

    @Test func roundTripsRandomBytes() throws {
        var rng = SplitMix64(seed: 0x4E58)
        let digits = Array("0123456789abcdef")
        for _ in 0..<500 {
            let bytes = rng.bytes(Int.random(in: 0...80, using: &rng))
            let text = Hex.encode(bytes)
            #expect(text == "0x" + String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }))
            #expect(text == text.lowercased())
            #expect(try Hex.decode(text) == bytes)
            #expect(try Hex.decode(text.uppercased()) == bytes)
            #expect(try Hex.decode(text.dropFirst(2)) == bytes)
            #expect(try Hex.decode(text, count: bytes.count) == bytes)
        }
    }
}
