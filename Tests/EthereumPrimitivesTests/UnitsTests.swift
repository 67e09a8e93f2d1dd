import TestSupport
import Testing
@testable import EthereumPrimitives

@Suite("Units")
struct UnitsTests {
    private func amountError(_ s: String, _ decimals: Int) -> UnitError? {
        caught { () throws(UnitError) in try Units.parseAmount(s, decimals: decimals) }
    }

    private func valueError(_ s: String) -> UnitError? {
        caught { () throws(UnitError) in try Units.parseValue(s) }
    }

    @Test func amounts() throws {
        #expect(try Units.parseAmount("1.5", decimals: 6) == UInt256(1_500_000))
        #expect(try Units.parseAmount("250000.5", decimals: 6) == UInt256(250_000_500_000))
        #expect(try Units.parseAmount("0", decimals: 18) == .zero)
        #expect(try Units.parseAmount("0.000001", decimals: 6) == .one)
        #expect(try Units.parseAmount("7", decimals: 0) == UInt256(7))
        // More fraction digits than the decimals are refused, even zeros (never reinterpreted).
        #expect(amountError("1.5000000", 6) == .excessPrecision(decimals: 6, offset: 8))
        #expect(amountError("1.0", 0) == .excessPrecision(decimals: 0, offset: 2))
        #expect(amountError("0." + String(repeating: "0", count: 300), 6) == .excessPrecision(decimals: 6, offset: 8))
        #expect(try Units.parseAmount(Substring("x12.5").dropFirst(), decimals: 1) == UInt256(125))
    }

    @Test func amountErrors() {
        // Excess precision names the first digit past the decimals.
        #expect(amountError("1.0000001", 6) == .excessPrecision(decimals: 6, offset: 8))
        #expect(amountError("1.50000001", 6) == .excessPrecision(decimals: 6, offset: 8))
        #expect(amountError("1.5", 0) == .excessPrecision(decimals: 0, offset: 2))
        let e = amountError("1.0000001", 6)
        #expect(e?.code == "amount_excess_precision")
        #expect(e?.location == "offset 8")
        #expect(e?.message == "amount has more than 6 decimal places (it would be rounded)")
        #expect(amountError("", 6) == .empty)
        #expect(amountError("-1", 6) == .negative)
        #expect(amountError("1.", 6) == .missingDigits(offset: 1))
        #expect(amountError(".5", 6) == .missingDigits(offset: 0))
        #expect(amountError(".", 6) == .missingDigits(offset: 0))
        #expect(amountError("1e6", 6) == .invalidCharacter("e", offset: 1))
        #expect(amountError("1 ", 6) == .invalidCharacter(" ", offset: 1))
        #expect(amountError("1.2.3", 6) == .invalidCharacter(".", offset: 3))
        #expect(amountError("1", 78) == .overflow)
        #expect(amountError("0", 78) == nil)
        #expect(amountError("1", 256) == .invalidDecimals(256))
        #expect(amountError("1", -1) == .invalidDecimals(-1))
        #expect(amountError(UInt256Tests.maxPlusOneDecimal, 0) == .overflow)
        #expect(amountError(String(repeating: "9", count: 500), 0) == .overflow)
    }

    @Test func values() throws {
        let ether = UInt256(1_000_000_000_000_000_000)
        #expect(try Units.parseValue("1.5ether") == ether + ether / UInt256(2))
        #expect(try Units.parseValue("1.5 ether") == ether + ether / UInt256(2))
        #expect(try Units.parseValue("1.5 ETHER") == ether + ether / UInt256(2))
        #expect(try Units.parseValue("30gwei") == UInt256(30_000_000_000))
        #expect(try Units.parseValue("1.5gwei") == UInt256(1_500_000_000))
        #expect(try Units.parseValue("100wei") == UInt256(100))
        #expect(try Units.parseValue("100") == UInt256(100))
        #expect(try Units.parseValue("0x64") == UInt256(100))
        #expect(try Units.parseValue("1.000ether") == ether)
    }

    @Test func valueErrors() {
        #expect(valueError("1.5") == .fractionalWei(offset: 2))
        #expect(valueError("0.0000000001gwei") == .fractionalWei(offset: 11))
        #expect(valueError("1.5eth") == .unknownUnit("eth", offset: 3))
        #expect(valueError("1e18") == .unknownUnit("e18", offset: 1))
        #expect(valueError("1  ether") == .invalidCharacter(" ", offset: 2))
        #expect(valueError("1 ") == .invalidCharacter(" ", offset: 1))
        #expect(valueError("-1ether") == .negative)
        #expect(valueError(".5ether") == .missingDigits(offset: 0))
        #expect(valueError("") == .empty)
        #expect(valueError("0x") == .missingDigits(offset: 2))
        #expect(valueError("0xZ") == .invalidCharacter("Z", offset: 2))
        #expect(valueError("1.5eth")?.location == "offset 3")
        #expect(valueError("1.5")?.code == "amount_fractional_wei")
    }

    @Test func formatting() {
        #expect(Units.formatAmount(UInt256(1_500_000), decimals: 6) == "1.5")
        #expect(Units.formatAmount(.zero, decimals: 18) == "0")
        #expect(Units.formatAmount(.zero, decimals: 0) == "0")
        #expect(Units.formatAmount(UInt256(1), decimals: 6) == "0.000001")
        #expect(Units.formatAmount(UInt256(1_000_000), decimals: 6) == "1")
        #expect(Units.formatAmount(UInt256(123), decimals: 0) == "123")
        #expect(Units.formatValue(UInt256(1_500_000_000_000_000_000), unit: .ether) == "1.5")
        #expect(Units.formatValue(UInt256(30_000_000_000), unit: .gwei) == "30")
        #expect(Units.Unit.allCases.map(\.decimals) == [0, 9, 18])
    }

    @Test func roundTrips() throws {
        var rng = SplitMix64(seed: 0x0D1C)
        for _ in 0..<400 {
            let v = rng.uint256()
            let decimals = [0, 1, 6, 8, 18, 30, 77, 78, 100, 255].randomElement(using: &rng)!
            let text = Units.formatAmount(v, decimals: decimals)
            #expect(try Units.parseAmount(text, decimals: decimals) == v, "\(v) / \(decimals)")
        }
    }
}
