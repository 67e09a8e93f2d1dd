import TestSupport
import Testing
@testable import EthereumPrimitives

/// Randomised invariants with a fixed seed (the expected values are relations, not outputs of
/// the code under test).
@Suite("Primitive properties")
struct PropertyTests {
    @Test func uint256TextAndBytesRoundTrip() throws {
        var rng = SplitMix64(seed: 0x256)
        for _ in 0..<2000 {
            let v = rng.uint256()
            #expect(try UInt256(decimal: v.decimalString) == v)
            #expect(try UInt256(hexQuantity: v.hexQuantity) == v)
            #expect(try UInt256(parsing: v.hexQuantity.uppercased().replacingOccurrences(of: "0X", with: "0x")) == v)
            #expect(UInt256(bigEndian: v.bigEndianBytes32) == v)
            #expect(UInt256(bigEndian: v.minimalBigEndianBytes) == v)
            #expect(v.minimalBigEndianBytes.count == v.byteWidth)
            #expect(v.minimalBigEndianBytes.first != 0)
            #expect(v.decimalString.first != "0" || v.isZero)
            #expect(v.hexQuantity.dropFirst(2).first != "0" || v.isZero)
        }
    }

    @Test func uint256ArithmeticIdentities() {
        var rng = SplitMix64(seed: 0xA817)
        for _ in 0..<2000 {
            let a = rng.uint256(), b = rng.uint256()
            // Division: a = q·b + r with r < b.
            if !b.isZero {
                let (q, r) = a.quotientAndRemainder(dividingBy: b)
                #expect(r < b)
                let (qb, o1) = q.multipliedReportingOverflow(by: b)
                let (sum, o2) = qb.addingReportingOverflow(r)
                #expect(!o1 && !o2 && sum == a, "\(a) / \(b)")
            }
            // Wrapping addition and subtraction are inverse.
            #expect((a &+ b) &- b == a)
            // Full-width product divided back.
            let (high, low) = a.multipliedFullWidth(by: b)
            if high.isZero && !b.isZero { #expect(low / b == a) }
            // Shifts.
            let s = Int.random(in: 0...256, using: &rng)
            #expect((a << s) >> s == a & (UInt256.max >> s))
            #expect((a >> s) << s == a & (UInt256.max << s))
            // Ordering is consistent with subtraction.
            #expect((a < b) == a.subtractingReportingOverflow(b).overflow)
            #expect(a ^ b ^ b == a)
            #expect(~(a | b) == ~a & ~b)
        }
    }

    @Test func int256RoundTrip() throws {
        var rng = SplitMix64(seed: 0x1256)
        for _ in 0..<2000 {
            let x = Int256(twosComplement: rng.uint256())
            let negated = Int256(twosComplement: UInt256.zero &- x.twosComplement)
            for v in [x, negated] {
                #expect(try Int256(decimal: v.description) == v)
                #expect(try Int256(parsing: v.description) == v)
                let m = v.magnitude
                let hex = (v.isNegative ? "-" : "") + m.hexQuantity
                #expect(try Int256(parsing: hex) == v)
                let back = v.isNegative ? Int256(twosComplement: UInt256.zero &- m) : Int256(twosComplement: m)
                #expect(back == v)
            }
            let (sum, overflow) = x.addingReportingOverflow(negated)
            #expect(sum == .zero)
            #expect(!overflow || x == .min)
        }
    }
}
