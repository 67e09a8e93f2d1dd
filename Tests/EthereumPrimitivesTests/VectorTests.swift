import Testing
import TestSupport
@testable import EthereumPrimitives

/// Checks against vectors/primitives.json, whose expected values come from eth-utils, eth-keys,
/// Python integers and decimal.Decimal.
@Suite("Primitive reference vectors")
struct PrimitiveVectorTests {
    private func u(_ hex: String) throws -> UInt256 { try UInt256(hexQuantity: hex) }

    @Test func eip55Checksums() throws {
        let spec: [[String]] = try Fixture.section("eip55", "spec")
        let random: [[String]] = try Fixture.section("eip55", "random")
        #expect(spec.count == 8)
        #expect(random.count >= 200)
        for row in spec + random {
            let lower = row[0], checksummed = row[1]
            let fromLower = try Address(hex: lower)
            #expect(fromLower.checksummed == checksummed, "\(lower)")
            #expect(fromLower.description == checksummed)
            #expect(fromLower.lowercasedHex == lower)
            #expect(try Address(hex: checksummed) == fromLower)
            #expect(try Address(hex: "0x" + lower.dropFirst(2).uppercased()) == fromLower)
            #expect(try Address(hex: lower.dropFirst(2)) == fromLower)
            #expect(Hex.encode(fromLower.bytes) == lower)
        }
    }

    @Test func eip55BadChecksums() throws {
        let bad: [[Any]] = try Fixture.section("eip55", "badChecksum")
        #expect(bad.count >= 100)
        for row in bad {
            let text = try #require(row[0] as? String)
            let offset = try #require(row[1] as? Int)
            let error = caught { () throws(AddressError) in try Address(hex: text) }
            #expect(error == .badChecksum(offset: offset), "\(text)")
            #expect(error?.code == "address_bad_checksum")
            // The same digits in a single case carry no checksum and are accepted.
            #expect((try? Address(hex: text.lowercased())) != nil)
        }
    }

    @Test func publicKeyAddresses() throws {
        let rows: [[String]] = try Fixture.section("publicKeys")
        #expect(rows.count >= 20)
        for row in rows {
            let key = try Hex.decode(row[0])
            let address = try Address(publicKey: key)
            #expect(address.checksummed == row[1])
            #expect(try Address(publicKey: [0x04] + key) == address)
            #expect(try Address(publicKey: key[...]) == address)
        }
    }

    @Test func uint256Arithmetic() throws {
        let rows: [[String: Any]] = try Fixture.section("uint256")
        #expect(rows.count >= 500)
        for row in rows {
            let decimalA = try row.string("a")
            let a = try UInt256(decimal: decimalA)
            let b = try UInt256(decimal: row.string("b"))
            let context = Comment(rawValue: "a=\(decimalA) b=\(try row.string("b"))")

            // Text and byte forms.
            #expect(try u(row.string("ah")) == a, context)
            #expect(try u(row.string("bh")) == b, context)
            #expect(a.decimalString == decimalA, context)
            #expect(a.description == decimalA, context)
            #expect(try a.hexQuantity == row.string("ah"), context)
            #expect(try UInt256(parsing: row.string("ah")) == a, context)
            #expect(try UInt256(parsing: decimalA) == a, context)
            #expect(try Hex.encode(a.bigEndianBytes32) == row.string("aWord"), context)
            #expect(try Hex.encode(a.minimalBigEndianBytes) == row.string("aMin"), context)
            #expect(try UInt256(bigEndian: Hex.decode(row.string("aMin"))) == a, context)
            #expect(try UInt256(bigEndian: Hex.decode(row.string("aWord"))) == a, context)
            let aBits = try row.int("aBits")
            #expect(a.fits(bits: aBits), context)
            if aBits > 8 { #expect(!a.fits(bits: aBits - 8), context) }

            // Addition and subtraction.
            let add = a.addingReportingOverflow(b)
            #expect(try add.partialValue == u(row.string("add")), context)
            #expect(try add.overflow == row.bool("addO"), context)
            #expect(try (a &+ b) == u(row.string("add")), context)
            let sub = a.subtractingReportingOverflow(b)
            #expect(try sub.partialValue == u(row.string("sub")), context)
            #expect(try sub.overflow == row.bool("subO"), context)
            #expect(try (a &- b) == u(row.string("sub")), context)
            if try !row.bool("addO") { #expect(try a + b == u(row.string("add")), context) }
            if try !row.bool("subO") { #expect(try a - b == u(row.string("sub")), context) }
            #expect(try (try? a.checkedAdd(b)) == (row.bool("addO") ? nil : u(row.string("add"))), context)
            #expect(((try? a.checkedSub(b)) == nil) == (try row.bool("subO")), context)

            // Multiplication.
            let mul = a.multipliedReportingOverflow(by: b)
            #expect(try mul.partialValue == u(row.string("mul")), context)
            #expect(try mul.overflow == row.bool("mulO"), context)
            let full = a.multipliedFullWidth(by: b)
            #expect(try full.high == u(row.string("mulHi")), context)
            #expect(try full.low == u(row.string("mul")), context)
            #expect(((try? a.checkedMul(b)) == nil) == (try row.bool("mulO")), context)
            if try !row.bool("mulO") { #expect(try a * b == u(row.string("mul")), context) }

            // Division.
            if let div = row["div"] as? String, let mod = row["mod"] as? String {
                let (q, r) = a.quotientAndRemainder(dividingBy: b)
                #expect(try q == u(div), context)
                #expect(try r == u(mod), context)
                #expect(try a / b == u(div), context)
                #expect(try a % b == u(mod), context)
                #expect(try a.checkedDiv(b) == u(div), context)
                #expect(try a.checkedMod(b) == u(mod), context)
            } else {
                #expect(b.isZero, context)
                #expect(caught { () throws(NumberError) in try a.checkedDiv(b) } == .divisionByZero)
            }

            // Bitwise operations and shifts.
            #expect(try (a & b) == u(row.string("and")), context)
            #expect(try (a | b) == u(row.string("or")), context)
            #expect(try (a ^ b) == u(row.string("xor")), context)
            #expect(try ~a == u(row.string("notA")), context)
            let shift = try row.int("shift")
            #expect(try (a << shift) == u(row.string("shl")), context)
            #expect(try (a >> shift) == u(row.string("shr")), context)
            #expect(try (a << UInt16(shift)) == u(row.string("shl")), context)
            #expect(try (a >> -shift) == u(row.string("shl")), context)

            // Ordering agrees with subtraction's borrow.
            #expect((a < b) == sub.overflow, context)
        }
    }

    @Test func int256Arithmetic() throws {
        let rows: [[String: Any]] = try Fixture.section("int256")
        #expect(rows.count >= 300)
        for row in rows {
            let decimalA = try row.string("a")
            let a = try Int256(decimal: decimalA)
            let b = try Int256(decimal: row.string("b"))
            let context = Comment(rawValue: "a=\(decimalA) b=\(try row.string("b"))")
            let word = try #require(UInt256(bigEndian: try Hex.decode(row.string("aWord"))))
            #expect(a.twosComplement == word, context)
            #expect(Int256(twosComplement: word) == a, context)
            #expect(a.description == decimalA, context)
            #expect(try Hex.encode(a.bigEndianBytes32) == row.string("aWord"), context)
            #expect(a.isNegative == decimalA.hasPrefix("-"), context)
            #expect(a.magnitude.decimalString == (decimalA.hasPrefix("-") ? String(decimalA.dropFirst()) : decimalA))
            let aBits = try row.int("aBits")
            #expect(a.fits(bits: aBits), context)
            if aBits > 8 { #expect(!a.fits(bits: aBits - 8), context) }

            let add = a.addingReportingOverflow(b)
            #expect(try add.partialValue == Int256(decimal: row.string("add")), context)
            #expect(try add.overflow == row.bool("addO"), context)
            let sub = a.subtractingReportingOverflow(b)
            #expect(try sub.partialValue == Int256(decimal: row.string("sub")), context)
            #expect(try sub.overflow == row.bool("subO"), context)
            let mul = a.multipliedReportingOverflow(by: b)
            #expect(try mul.partialValue == Int256(decimal: row.string("mul")), context)
            #expect(try mul.overflow == row.bool("mulO"), context)
            #expect(((try? a.checkedAdd(b)) == nil) == (try row.bool("addO")), context)
            #expect(((try? a.checkedSub(b)) == nil) == (try row.bool("subO")), context)
            #expect(((try? a.checkedMul(b)) == nil) == (try row.bool("mulO")), context)
            if let div = row["div"] as? String, let mod = row["mod"] as? String {
                let (q, r) = a.quotientAndRemainder(dividingBy: b)
                #expect(try q == Int256(decimal: div), context)
                #expect(try r == Int256(decimal: mod), context)
                #expect(try a.checkedDiv(b) == Int256(decimal: div), context)
            } else {
                #expect((try? a.checkedDiv(b)) == nil, context)
            }
            // Ordering agrees with the exact difference's sign.
            let exact = try Int256(decimal: row.string("sub"))
            if try !row.bool("subO") { #expect((a < b) == exact.isNegative, context) }
        }
    }

    @Test func etherValues() throws {
        let valid: [[String]] = try Fixture.section("units", "values")
        #expect(valid.count >= 100)
        for row in valid {
            #expect(try Units.parseValue(row[0]) == UInt256(decimal: row[1]), "\(row[0])")
        }
        let rejected: [[String]] = try Fixture.section("units", "rejectedValues")
        for row in rejected {
            let error = caught { () throws(UnitError) in try Units.parseValue(row[0]) }
            #expect(error?.code == row[1], "\(row[0]) -> \(String(describing: error))")
        }
    }

    @Test func tokenAmounts() throws {
        let valid: [[Any]] = try Fixture.section("units", "amounts")
        #expect(valid.count >= 80)
        for row in valid {
            let text = try #require(row[0] as? String)
            let decimals = try #require(row[1] as? Int)
            let expected = try UInt256(decimal: try #require(row[2] as? String))
            #expect(try Units.parseAmount(text, decimals: decimals) == expected, "\(text) / \(decimals)")
        }
        let rejected: [[Any]] = try Fixture.section("units", "rejectedAmounts")
        for row in rejected {
            let text = try #require(row[0] as? String)
            let decimals = try #require(row[1] as? Int)
            let code = try #require(row[2] as? String)
            let error = caught { () throws(UnitError) in try Units.parseAmount(text, decimals: decimals) }
            #expect(error?.code == code, "\(text) / \(decimals) -> \(String(describing: error))")
        }
    }

    @Test func amountFormatting() throws {
        let rows: [[Any]] = try Fixture.section("units", "formats")
        #expect(rows.count >= 80)
        for row in rows {
            let value = try UInt256(decimal: try #require(row[0] as? String))
            let decimals = try #require(row[1] as? Int)
            let text = try #require(row[2] as? String)
            #expect(Units.formatAmount(value, decimals: decimals) == text)
            #expect(try Units.parseAmount(text, decimals: decimals) == value)
        }
    }
}
