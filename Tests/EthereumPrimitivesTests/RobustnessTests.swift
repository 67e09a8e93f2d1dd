import TestSupport
import Testing
@testable import EthereumPrimitives

/// Random and hostile inputs: every parser returns a value or a typed error (never traps), and
/// every reported offset points at the reported character.
@Suite("Parser robustness")
struct RobustnessTests {
    static let alphabet: [String] = [
        "0", "1", "9", "a", "f", "A", "F", "x", "X", "0x", "-", "+", ".", " ", "_", "e", "E", "g", "z",
        "é", "🙂", "\u{301}", "\u{0}", "\n", "wei", "gwei", "ether", "ETHER", "00000000", "ffffffff",
    ]

    /// Checks that `offset` indexes the first scalar of `c` in `text`.
    private func check(_ text: String, _ c: Character, _ offset: Int, _ what: String) {
        let scalars = Array(text.unicodeScalars)
        #expect(offset >= 0 && offset < scalars.count, "\(what): offset \(offset) out of range in \(text.debugDescription)")
        guard offset >= 0 && offset < scalars.count else { return }
        #expect(c.unicodeScalars.first == scalars[offset], "\(what): \(c.debugDescription) vs scalar \(offset) of \(text.debugDescription)")
    }

    @Test func randomInputs() {
        var rng = SplitMix64(seed: 0xF422)
        for _ in 0..<10_000 {
            let pieces = Int.random(in: 0...12, using: &rng)
            let text = (0..<pieces).map { _ in Self.alphabet.randomElement(using: &rng)! }.joined()

            switch Result(catching: { () throws(HexError) in try Hex.decode(text) }) {
            case .failure(.invalidCharacter(let c, let offset)): check(text, c, offset, "hex")
            case .failure(.oddLength(let digits)): #expect(digits % 2 == 1)
            case .success(let bytes):
                let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
                #expect(Hex.encode(bytes, prefix: false) == digits.lowercased())
            default: break
            }
            for (name, parse) in [
                ("decimal", { () throws(NumberError) in _ = try UInt256(decimal: text) }),
                ("hexQuantity", { () throws(NumberError) in _ = try UInt256(hexQuantity: text) }),
                ("parsing", { () throws(NumberError) in _ = try UInt256(parsing: text) }),
                ("int256", { () throws(NumberError) in _ = try Int256(parsing: text) }),
            ] as [(String, () throws(NumberError) -> Void)] {
                if case .failure(.invalidCharacter(let c, let offset)) = Result(catching: parse) {
                    check(text, c, offset, name)
                }
            }
            if case .failure(let e) = Result(catching: { () throws(AddressError) in try Address(hex: text) }),
               case .invalidCharacter(let c, let offset) = e {
                check(text, c, offset, "address")
            }
            for decimals in [0, 6, 18] {
                if case .failure(let e) = Result(catching: { () throws(UnitError) in try Units.parseAmount(text, decimals: decimals) }) {
                    switch e {
                    case .invalidCharacter(let c, let offset): check(text, c, offset, "amount")
                    case .excessPrecision(_, let offset), .missingDigits(let offset):
                        #expect(offset < text.unicodeScalars.count)
                    default: break
                    }
                }
            }
            if case .failure(let e) = Result(catching: { () throws(UnitError) in try Units.parseValue(text) }) {
                switch e {
                case .invalidCharacter(let c, let offset): check(text, c, offset, "value")
                case .unknownUnit(let unit, let offset):
                    #expect(String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(offset))) == unit)
                default: break
                }
            }
        }
    }

    @Test func combiningMarkAfterDigits() {
        // The offset counts Unicode scalars: the combining mark is scalar 1.
        let e = caught { () throws(HexError) in try Hex.decode("a\u{301}b0") }
        #expect(e == .invalidCharacter("\u{301}", offset: 1))
    }
}
