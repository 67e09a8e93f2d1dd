import Testing
@testable import EthereumPrimitives

@Suite("Int256")
struct Int256Tests {
    static let minDecimal = "-57896044618658097711785492504343953926634992332820282019728792003956564819968"
    static let maxDecimal = "57896044618658097711785492504343953926634992332820282019728792003956564819967"

    private func parseError(_ s: String) -> NumberError? {
        caught { () throws(NumberError) in try Int256(decimal: s) }
    }

    @Test func limits() throws {
        #expect(Int256.min.description == Self.minDecimal)
        #expect(Int256.max.description == Self.maxDecimal)
        #expect(try Int256(decimal: Self.minDecimal) == .min)
        #expect(try Int256(decimal: Self.maxDecimal) == .max)
        #expect(Int256.min.twosComplement == UInt256.one << 255)
        #expect(Int256.max.twosComplement == (UInt256.one << 255) - .one)
        #expect(Int256.min.magnitude == UInt256.one << 255)
        #expect(Int256.max.magnitude == (UInt256.one << 255) - .one)
        #expect(Int256.min < Int256(-1))
        #expect(Int256(-1) < .zero)
        #expect(Int256.zero < Int256(1))
        #expect(Int256(1) < .max)
        #expect(Int256.min.isNegative && !Int256.max.isNegative && !Int256.zero.isNegative)
        #expect(Int256.min.signum() == -1 && Int256.zero.signum() == 0 && Int256.max.signum() == 1)
    }

    @Test func parsingErrors() {
        // One beyond each end.
        #expect(parseError("-57896044618658097711785492504343953926634992332820282019728792003956564819969") == .overflow)
        #expect(parseError("57896044618658097711785492504343953926634992332820282019728792003956564819968") == .overflow)
        #expect(parseError(UInt256Tests.maxDecimal) == .overflow)
        #expect(parseError("-" + UInt256Tests.maxPlusOneDecimal) == .overflow)
        #expect(parseError("-0") == .negativeZero)
        #expect(parseError("-000") == .negativeZero)
        #expect(parseError("-0")?.code == "number_negative_zero")
        #expect(parseError("-") == .empty)
        #expect(parseError("") == .empty)
        #expect(parseError("+5") == .invalidCharacter("+", offset: 0))
        #expect(parseError("--5") == .invalidCharacter("-", offset: 1))
        #expect(parseError("- 5") == .invalidCharacter(" ", offset: 1))
        #expect(parseError("-5x") == .invalidCharacter("x", offset: 2))
        #expect(parseError("0x10") == .invalidCharacter("x", offset: 1))
        #expect(parseError("-1e3") == .invalidCharacter("e", offset: 2))
    }

    @Test func parsingAccepted() throws {
        #expect(try Int256(decimal: "0") == .zero)
        #expect(try Int256(decimal: "-5") == Int256(-5))
        #expect(try Int256(decimal: "-005") == Int256(-5))
        #expect(try Int256(decimal: "0005") == Int256(5))
        #expect(try Int256(parsing: "-0x10") == Int256(-16))
        #expect(try Int256(parsing: "0x10") == Int256(16))
        #expect(try Int256(parsing: "-16") == Int256(-16))
        #expect(try Int256(parsing: "-0x8" + String(repeating: "0", count: 63)) == .min)
        #expect(caught { () throws(NumberError) in try Int256(parsing: "0x8" + String(repeating: "0", count: 63)) } == .overflow)
        #expect(caught { () throws(NumberError) in try Int256(parsing: "-0x0") } == .negativeZero)
        #expect(caught { () throws(NumberError) in try Int256(parsing: "-0x") } == .empty)
        #expect(Int256("-12") == Int256(-12))
        #expect(Int256("12x") == nil)
    }

    @Test func literalsAndConversions() {
        let minusOne: Int256 = -1
        #expect(minusOne.twosComplement == .max)
        let low: Int256 = -57896044618658097711785492504343953926634992332820282019728792003956564819968
        #expect(low == .min)
        #expect(Int256(exactly: Int.min)?.description == String(Int.min))
        #expect(Int256(exactly: UInt64.max)?.description == String(UInt64.max))
        #expect(Int256(exactly: UInt256.max) == nil)
        #expect(Int256(exactly: UInt256.one << 255) == nil)
        #expect(Int256(exactly: (UInt256.one << 255) - .one) == .max)
        #expect(Int256(-7).int64Value == -7)
        #expect(Int256.min.int64Value == nil)
        #expect(Int256(exactly: Int64.min)?.int64Value == Int64.min)
        #expect(Int256(twosComplement: .max) == Int256(-1))
        #expect(Int256(-1).bigEndianBytes32 == [UInt8](repeating: 0xFF, count: 32))
    }

    @Test func fitsBits() {
        for n in stride(from: 8, through: 256, by: 8) {
            let top = Int256(twosComplement: (UInt256.one << (n - 1)) &- .one)
            let bottom = Int256(twosComplement: UInt256.zero &- (UInt256.one << (n - 1)))
            #expect(top.fits(bits: n), "int\(n) max")
            #expect(bottom.fits(bits: n), "int\(n) min")
            if n < 256 {
                #expect(!Int256(twosComplement: top.twosComplement &+ .one).fits(bits: n))
                #expect(!Int256(twosComplement: bottom.twosComplement &- .one).fits(bits: n))
            }
        }
        #expect(Int256(127).fits(bits: 8) && !Int256(128).fits(bits: 8))
        #expect(Int256(-128).fits(bits: 8) && !Int256(-129).fits(bits: 8))
        #expect(Int256(-1).fits(bits: 1) && Int256.zero.fits(bits: 1) && !Int256(1).fits(bits: 1))
        #expect(!Int256.zero.fits(bits: 0))
        #expect(Int256.min.fits(bits: 256) && Int256.min.fits(bits: 512))
    }

    @Test func arithmetic() {
        #expect(Int256(5) + Int256(-7) == Int256(-2))
        #expect(Int256(5) - Int256(7) == Int256(-2))
        #expect(Int256(-5) * Int256(7) == Int256(-35))
        #expect(Int256(-7) / Int256(2) == Int256(-3))
        #expect(Int256(-7) % Int256(2) == Int256(-1))
        #expect(Int256(7) % Int256(-2) == Int256(1))
        #expect(-Int256(5) == Int256(-5))
        #expect(-Int256.max == Int256(twosComplement: Int256.min.twosComplement &+ .one))
        #expect(Int256.min.negatedReportingOverflow().overflow)
        #expect(Int256.min.negatedReportingOverflow().partialValue == .min)
        #expect(Int256.max.addingReportingOverflow(Int256(1)) == (.min, true))
        #expect(Int256.min.subtractingReportingOverflow(Int256(1)) == (.max, true))
        #expect(Int256.min.multipliedReportingOverflow(by: Int256(-1)).overflow)
        #expect(!Int256.min.multipliedReportingOverflow(by: Int256(1)).overflow)
        #expect(caught { () throws(NumberError) in try Int256.max.checkedAdd(Int256(1)) } == .overflow)
        #expect(caught { () throws(NumberError) in try Int256.min.checkedSub(Int256(1)) } == .overflow)
        #expect(caught { () throws(NumberError) in try Int256.min.checkedMul(Int256(-1)) } == .overflow)
        #expect(caught { () throws(NumberError) in try Int256.min.checkedDiv(Int256(-1)) } == .overflow)
        #expect(caught { () throws(NumberError) in try Int256(1).checkedDiv(.zero) } == .divisionByZero)
        var x = Int256(3)
        x += Int256(4)
        x -= Int256(10)
        x *= Int256(-2)
        #expect(x == Int256(6))
    }
}

private func == (lhs: (Int256, Bool), rhs: (Int256, Bool)) -> Bool {
    lhs.0 == rhs.0 && lhs.1 == rhs.1
}
