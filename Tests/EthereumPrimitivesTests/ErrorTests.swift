import Testing
@testable import EthereumPrimitives

@Suite("BallastError")
struct ErrorTests {
    static let all: [any BallastError] = [
        HexError.oddLength(digits: 3), HexError.invalidCharacter("g", offset: 1), HexError.missingPrefix,
        HexError.wrongLength(expected: 1, actual: 2),
        NumberError.empty, NumberError.invalidCharacter("x", offset: 0), NumberError.negative,
        NumberError.negativeZero, NumberError.overflow, NumberError.divisionByZero,
        AddressError.invalidLength(digits: 3), AddressError.invalidCharacter("g", offset: 2),
        AddressError.badChecksum(offset: 4), AddressError.invalidPublicKeyLength(3),
        AddressError.invalidPublicKeyPrefix(2),
        UnitError.empty, UnitError.invalidCharacter("x", offset: 0), UnitError.negative,
        UnitError.missingDigits(offset: 1), UnitError.excessPrecision(decimals: 6, offset: 8),
        UnitError.fractionalWei(offset: 2), UnitError.unknownUnit("eth", offset: 3), UnitError.overflow,
        UnitError.invalidDecimals(300),
    ]

    @Test func codesAreStableSnakeCaseAndUnique() {
        let codes = Self.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(!code.isEmpty)
            #expect(code.allSatisfy { $0 == "_" || ("a"..."z").contains($0) }, "\(code)")
        }
    }

    @Test func descriptionJoinsMessageAndLocation() {
        for error in Self.all {
            #expect(!error.message.isEmpty)
            if let location = error.location {
                #expect(error.description == "\(error.message) (at \(location))")
            } else {
                #expect(error.description == error.message)
            }
        }
        #expect(NumberError.invalidCharacter("\n", offset: 3).message == "invalid character \"\\n\" in number")
    }
}
