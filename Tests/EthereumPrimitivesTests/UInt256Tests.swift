import TestSupport
import Testing
@testable import EthereumPrimitives

@Suite("UInt256")
struct UInt256Tests {
    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    static let maxPlusOneDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639936"

    private func decimalError(_ s: String) -> NumberError? {
        caught { () throws(NumberError) in try UInt256(decimal: s) }
    }

    private func hexError(_ s: String) -> NumberError? {
        caught { () throws(NumberError) in try UInt256(hexQuantity: s) }
    }

    @Test func constants() {
        #expect(UInt256.zero.isZero)
        #expect(UInt256.max.decimalString == Self.maxDecimal)
        #expect(UInt256.max.hexQuantity == "0x" + String(repeating: "f", count: 64))
        #expect(UInt256.zero.hexQuantity == "0x0")
        #expect(UInt256.zero.decimalString == "0")
        #expect(UInt256.one.hexQuantity == "0x1")
        #expect(UInt256(26).hexQuantity == "0x1a")
        #expect(UInt256.bitWidth == 256)
    }

    @Test func literals() {
        let big: UInt256 = 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff
        #expect(big == .max)
        let decimal: UInt256 = 115792089237316195423570985008687907853269984665640564039457584007913129639935
        #expect(decimal == .max)
        let small: UInt256 = 42
        #expect(small == UInt256(42))
        let twoTo64: UInt256 = 18446744073709551616
        #expect(twoTo64 == UInt256(w0: 0, w1: 1, w2: 0, w3: 0))
    }

    @Test func decimalParsing() throws {
        #expect(try UInt256(decimal: Self.maxDecimal) == .max)
        #expect(try UInt256(decimal: "0") == .zero)
        #expect(try UInt256(decimal: "000") == .zero)
        #expect(try UInt256(decimal: String(repeating: "0", count: 200) + "12") == UInt256(12))
        #expect(try UInt256(decimal: "18446744073709551615") == UInt256(UInt64.max))
        #expect(try UInt256(decimal: "18446744073709551616") == UInt256(w0: 0, w1: 1, w2: 0, w3: 0))
        #expect(try UInt256(decimal: "10000000000000000000") == UInt256(10_000_000_000_000_000_000))
        #expect(try UInt256(decimal: Substring("x123").dropFirst()) == UInt256(123))
    }

    @Test func decimalParsingErrors() {
        // Overflow by one.
        #expect(decimalError(Self.maxPlusOneDecimal) == .overflow)
        #expect(decimalError("1" + String(repeating: "0", count: 78)) == .overflow)
        #expect(decimalError(String(repeating: "9", count: 1000)) == .overflow)
        #expect(decimalError("") == .empty)
        #expect(decimalError("-1") == .negative)
        #expect(decimalError("-1")?.location == "offset 0")
        #expect(decimalError("-") == .invalidCharacter("-", offset: 0))
        #expect(decimalError("+1") == .invalidCharacter("+", offset: 0))
        #expect(decimalError("1a") == .invalidCharacter("a", offset: 1))
        #expect(decimalError(" 1") == .invalidCharacter(" ", offset: 0))
        #expect(decimalError("1 ") == .invalidCharacter(" ", offset: 1))
        #expect(decimalError("1_000") == .invalidCharacter("_", offset: 1))
        #expect(decimalError("1e18") == .invalidCharacter("e", offset: 1))
        #expect(decimalError("1.0") == .invalidCharacter(".", offset: 1))
        #expect(decimalError("0x10") == .invalidCharacter("x", offset: 1))
        #expect(decimalError("１") == .invalidCharacter("１", offset: 0))
        // A bad character is reported even after an overflowing prefix.
        #expect(decimalError(String(repeating: "9", count: 100) + "x") == .invalidCharacter("x", offset: 100))
        let e = decimalError("12z")
        #expect(e?.code == "number_invalid_character")
        #expect(e?.location == "offset 2")
        #expect(decimalError(Self.maxPlusOneDecimal)?.code == "number_overflow")
    }

    @Test func hexQuantityParsing() throws {
        #expect(try UInt256(hexQuantity: "0x0") == .zero)
        #expect(try UInt256(hexQuantity: "0") == .zero)
        #expect(try UInt256(hexQuantity: "0x00000") == .zero)
        #expect(try UInt256(hexQuantity: "0x1A") == UInt256(26))
        #expect(try UInt256(hexQuantity: "0X1a") == UInt256(26))
        #expect(try UInt256(hexQuantity: "1a") == UInt256(26))
        #expect(try UInt256(hexQuantity: "0x" + String(repeating: "F", count: 64)) == .max)
        #expect(try UInt256(hexQuantity: "0x" + String(repeating: "0", count: 100) + "ff") == UInt256(255))
        #expect(try UInt256(hexQuantity: "0x10000000000000000") == UInt256(w0: 0, w1: 1, w2: 0, w3: 0))
        #expect(hexError("0x") == .empty)
        #expect(hexError("") == .empty)
        #expect(hexError("0x1" + String(repeating: "0", count: 64)) == .overflow)
        #expect(hexError("0xg") == .invalidCharacter("g", offset: 2))
        #expect(hexError("0x1 ") == .invalidCharacter(" ", offset: 3))
        #expect(hexError("-0x1") == .negative)
        #expect(hexError("0x-1") == .invalidCharacter("-", offset: 2))
    }

    @Test func parsingEitherForm() throws {
        #expect(try UInt256(parsing: "0x10") == UInt256(16))
        #expect(try UInt256(parsing: "10") == UInt256(10))
        #expect(try UInt256(parsing: "0010") == UInt256(10))
        #expect(caught { () throws(NumberError) in try UInt256(parsing: "1f") } == .invalidCharacter("f", offset: 1))
        #expect(caught { () throws(NumberError) in try UInt256(parsing: "0x") } == .empty)
        #expect(UInt256("0x10") == UInt256(16))
        #expect(UInt256("nope") == nil)
    }

    @Test func conversions() {
        #expect(UInt256(exactly: -1) == nil)
        #expect(UInt256(exactly: UInt64.max) == UInt256(UInt64.max))
        #expect(UInt256(exactly: Int8(5)) == UInt256(5))
        #expect(UInt256(exactly: Int.min) == nil)
        #expect(UInt256(truncatingIfNeeded: -1) == .max)
        #expect(UInt256(truncatingIfNeeded: Int8(-2)) == .max - .one)
        #expect(UInt256(UInt64.max).uint64Value == UInt64.max)
        #expect((UInt256(UInt64.max) + .one).uint64Value == nil)
        #expect(UInt256(UInt64(Int.max)).intValue == Int.max)
        #expect(UInt256(UInt64(Int.max) + 1).intValue == nil)
        #expect(UInt256.max.low64 == UInt64.max)
        let limbs = UInt256(w0: 1, w1: 2, w2: 3, w3: 4).littleEndianLimbs
        #expect(limbs.0 == 1 && limbs.1 == 2 && limbs.2 == 3 && limbs.3 == 4)
        #expect(UInt256(littleEndianLimbs: (1, 2, 3, 4)) == UInt256(w0: 1, w1: 2, w2: 3, w3: 4))
    }

    @Test func bitCounts() {
        #expect(UInt256.zero.leadingZeroBitCount == 256)
        #expect(UInt256.zero.trailingZeroBitCount == 256)
        #expect(UInt256.zero.significantBitCount == 0)
        #expect(UInt256.zero.byteWidth == 0)
        #expect(UInt256.one.significantBitCount == 1)
        #expect(UInt256.one.byteWidth == 1)
        #expect(UInt256(256).byteWidth == 2)
        #expect(UInt256.max.significantBitCount == 256)
        #expect(UInt256.max.byteWidth == 32)
        #expect(UInt256.max.nonzeroBitCount == 256)
        #expect((UInt256.one << 200).trailingZeroBitCount == 200)
        #expect((UInt256.one << 200).leadingZeroBitCount == 55)
    }

    @Test func fitsBits() {
        #expect(UInt256(255).fits(bits: 8))
        #expect(!UInt256(256).fits(bits: 8))
        #expect(UInt256(256).fits(bits: 16))
        #expect(UInt256.max.fits(bits: 256))
        #expect(!UInt256.max.fits(bits: 248))
        #expect((UInt256.max >> 8).fits(bits: 248))
        #expect(UInt256.zero.fits(bits: 0))
        #expect(!UInt256.one.fits(bits: 0))
        #expect(UInt256.max.fits(bits: 1000))
        #expect(!UInt256.one.fits(bits: -5))
        for n in stride(from: 8, through: 256, by: 8) {
            let top = n == 256 ? UInt256.max : (UInt256.one << n) &- .one
            #expect(top.fits(bits: n))
            if n < 256 { #expect(!(top &+ .one).fits(bits: n)) }
        }
    }

    @Test func bytes() throws {
        #expect(UInt256.zero.minimalBigEndianBytes == [])
        #expect(UInt256.one.minimalBigEndianBytes == [1])
        #expect(UInt256(0x0102).minimalBigEndianBytes == [1, 2])
        #expect(UInt256.max.minimalBigEndianBytes == [UInt8](repeating: 0xFF, count: 32))
        #expect(UInt256.one.bigEndianBytes32 == [UInt8](repeating: 0, count: 31) + [1])
        #expect(UInt256(bigEndian: [UInt8]()) == .zero)
        #expect(UInt256(bigEndian: [0, 0, 1]) == .one)
        #expect(UInt256(bigEndian: [UInt8](repeating: 0, count: 32)) == .zero)
        #expect(UInt256(bigEndian: [UInt8](repeating: 0, count: 33)) == nil)
        #expect(UInt256(bigEndian: [UInt8](repeating: 0xFF, count: 33)) == nil)
        #expect(UInt256(bigEndian: [UInt8](repeating: 0xFF, count: 40)[4..<36]) == .max)
        #expect(UInt256(bigEndian: (1...3).lazy.map { UInt8($0) }) == UInt256(0x010203))
        #expect(UInt256(bigEndian: (1...33).lazy.map { UInt8($0) }) == nil)

        var word = [UInt8](repeating: 0xAA, count: 40)
        let v = try UInt256(hexQuantity: "0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
        word.withUnsafeMutableBytes { v.write(bigEndianWordTo: $0.baseAddress! + 3) }
        #expect(Array(word[0..<3]) == [0xAA, 0xAA, 0xAA])
        #expect(Array(word[3..<35]) == [UInt8](1...32))
        #expect(Array(word[35...]) == [UInt8](repeating: 0xAA, count: 5))
        #expect(word.withUnsafeBytes { UInt256(bigEndianWordAt: $0.baseAddress! + 3) } == v)
        #expect(word.withUnsafeBytes { UInt256(bigEndianWord: UnsafeRawBufferPointer(rebasing: $0[3..<35])) } == v)
        #expect(v.withBigEndianBytes32 { Array($0) } == [UInt8](1...32))
        #expect(v.bigEndianBytes32 == [UInt8](1...32))
        #expect(v.minimalBigEndianBytes == [UInt8](1...32))
    }

    @Test func checkedArithmeticErrors() {
        #expect(caught { () throws(NumberError) in try UInt256.max.checkedAdd(.one) } == .overflow)
        #expect(caught { () throws(NumberError) in try UInt256.zero.checkedSub(.one) } == .overflow)
        #expect(caught { () throws(NumberError) in try (UInt256.one << 128).checkedMul(UInt256.one << 128) } == .overflow)
        #expect(caught { () throws(NumberError) in try UInt256.one.checkedDiv(.zero) } == .divisionByZero)
        #expect(caught { () throws(NumberError) in try UInt256.one.checkedMod(.zero) } == .divisionByZero)
        #expect((try? UInt256.max.checkedAdd(.zero)) == .max)
        #expect((try? (UInt256.one << 127).checkedMul(UInt256.one << 128)) == UInt256.one << 255)
        #expect(NumberError.overflow.code == "number_overflow")
        #expect(NumberError.divisionByZero.code == "number_division_by_zero")
    }

    @Test func wrappingOperators() {
        #expect(UInt256.max &+ .one == .zero)
        #expect(UInt256.zero &- .one == .max)
        #expect(UInt256.max &* UInt256.max == .one)
        let full = UInt256.max.multipliedFullWidth(by: .max)
        #expect(full.high == .max - .one)
        #expect(full.low == .one)
        var x = UInt256(5)
        x += UInt256(3)
        x *= UInt256(2)
        x -= UInt256(1)
        x /= UInt256(3)
        #expect(x == UInt256(5))
        x %= UInt256(3)
        #expect(x == UInt256(2))
        x <<= 3
        #expect(x == UInt256(16))
        x >>= 2
        #expect(x == UInt256(4))
        x |= UInt256(1)
        x &= UInt256(5)
        x ^= UInt256(4)
        #expect(x == .one)
    }

    @Test func additiveArithmetic() {
        let values = [UInt256(1), UInt256(2), UInt256(3)]
        #expect(values.reduce(.zero, +) == UInt256(6))
        func sum<T: AdditiveArithmetic>(_ xs: [T]) -> T { xs.reduce(.zero, +) }
        #expect(sum(values) == UInt256(6))
        #expect(sum([Int256(-4), Int256(3)]) == Int256(-1))
    }

    @Test func shifts() {
        let v = UInt256.max
        #expect(v << 256 == .zero)
        #expect(v >> 256 == .zero)
        #expect(v << 1000 == .zero)
        #expect(v >> Int.max == .zero)
        #expect(v << Int.min == .zero)
        #expect(v << 0 == v)
        #expect(v >> 0 == v)
        #expect(UInt256.one << 255 == UInt256(w0: 0, w1: 0, w2: 0, w3: 1 << 63))
        #expect((UInt256.one << 255) >> 255 == .one)
        #expect(UInt256(8) << -2 == UInt256(2))
        #expect(UInt256(8) >> -2 == UInt256(32))
        #expect(UInt256(w0: 1 << 63, w1: 0, w2: 0, w3: 0) << 1 == UInt256(w0: 0, w1: 1, w2: 0, w3: 0))
        #expect(UInt256(w0: 0, w1: 1, w2: 0, w3: 0) >> 1 == UInt256(w0: 1 << 63, w1: 0, w2: 0, w3: 0))
    }

    @Test func division() {
        #expect(UInt256.max / .max == .one)
        #expect(UInt256.max % .max == .zero)
        #expect(UInt256(7) / UInt256(2) == UInt256(3))
        #expect(UInt256.one / .max == .zero)
        let big = UInt256.one << 200
        #expect(big / (UInt256.one << 100) == UInt256.one << 100)
        #expect((big &+ UInt256(5)) % (UInt256.one << 100) == UInt256(5))
    }

    @Test func singleLimbDivision() {
        #expect(UInt256.reciprocal(UInt256.tenToThe19) == UInt256.tenToThe19Reciprocal)
        var rng = SplitMix64(seed: 0xD1)
        let divisors: [UInt64] = [1, 2, 3, 7, 10, 1 << 32, (1 << 63) - 1, 1 << 63, (1 << 63) + 1, .max - 1, .max]
        for _ in 0..<500 {
            let a = rng.uint256()
            let d = Bool.random(using: &rng) ? divisors.randomElement(using: &rng)! : rng.next() >> (rng.next() % 64)
            guard d != 0 else { continue }
            let (q, r) = a.quotientAndRemainder(dividingBy: UInt256(d))
            #expect(r < UInt256(d))
            #expect(q.multipliedReportingOverflow(by: UInt256(d)).partialValue &+ r == a)
            #expect(!q.multipliedReportingOverflow(by: UInt256(d)).overflow)
        }
    }

    @Test func comparisonAndHashing() {
        let values: [UInt256] = [.zero, .one, UInt256(UInt64.max), UInt256.one << 64, UInt256.one << 200, .max]
        for (i, a) in values.enumerated() {
            for (j, b) in values.enumerated() {
                #expect((a < b) == (i < j))
                #expect((a == b) == (i == j))
            }
        }
        #expect(Set(values + values).count == values.count)
        #expect(values.max() == .max)
    }
}
