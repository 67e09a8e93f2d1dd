import Keccak
import TestSupport
import Testing
@testable import EthereumPrimitives

@Suite("Address")
struct AddressTests {
    static let checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"

    private func parseError(_ s: String) -> AddressError? {
        caught { () throws(AddressError) in try Address(hex: s) }
    }

    @Test func parsesAllForms() throws {
        let a = try Address(hex: Self.checksummed)
        #expect(a.checksummed == Self.checksummed)
        #expect(a.description == Self.checksummed)
        #expect(a.lowercasedHex == Self.checksummed.lowercased())
        #expect(try Address(hex: Self.checksummed.lowercased()) == a)
        #expect(try Address(hex: "0x" + Self.checksummed.dropFirst(2).uppercased()) == a)
        #expect(try Address(hex: "0X" + Self.checksummed.dropFirst(2)) == a)
        #expect(try Address(hex: Self.checksummed.dropFirst(2)) == a)
        #expect(Address(Self.checksummed) == a)
        #expect(Address("0x1234") == nil)
        #expect(try Address(hex: "0x" + String(repeating: "0", count: 40)) == .zero)
        #expect(Address.zero.isZero && !a.isZero)
        #expect(Address.zero.checksummed == "0x" + String(repeating: "0", count: 40))
    }

    @Test func badChecksum() {
        // Flip the case of one letter: "a" at offset 3 becomes "A".
        let wrong = "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        let e = parseError(wrong)
        #expect(e == .badChecksum(offset: 3))
        #expect(e?.code == "address_bad_checksum")
        #expect(e?.location == "offset 3")
        #expect(parseError(String(wrong.dropFirst(2))) == .badChecksum(offset: 1))
        // Mixed case with the prefix in capitals is judged on the digits alone.
        #expect(parseError("0X5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") == .badChecksum(offset: 3))
    }

    @Test func lengthAndCharacterErrors() {
        let forty = String(repeating: "a", count: 40)
        #expect(parseError("0x" + forty.dropLast()) == .invalidLength(digits: 39))
        #expect(parseError("0x" + forty + "a") == .invalidLength(digits: 41))
        #expect(parseError("") == .invalidLength(digits: 0))
        #expect(parseError("0x") == .invalidLength(digits: 0))
        #expect(parseError("0x" + forty.dropLast() + "g") == .invalidCharacter("g", offset: 41))
        #expect(parseError(forty.dropLast() + "g") == .invalidCharacter("g", offset: 39))
        #expect(parseError(" 0x" + forty) == .invalidCharacter(" ", offset: 0))
        #expect(parseError("0x" + forty + " ") == .invalidCharacter(" ", offset: 42))
        #expect(parseError("0xé" + forty) == .invalidCharacter("é", offset: 2))
        #expect(parseError("0x" + forty.dropLast())?.code == "address_invalid_length")
        #expect(parseError("0xg")?.code == "address_invalid_character")
        #expect(parseError("0xg")?.location == "offset 2")
    }

    @Test func bytesAndWords() throws {
        let bytes = [UInt8](1...20)
        let a = try #require(Address(bytes: bytes))
        #expect(a.bytes == bytes)
        #expect(a.lowercasedHex == Hex.encode(bytes))
        #expect(Address(bytes: bytes[...]) == a)
        #expect(Address(bytes: (1...20).lazy.map { UInt8($0) }) == a)
        #expect(Address(bytes: [UInt8](1...19)) == nil)
        #expect(Address(bytes: [UInt8](1...21)) == nil)
        #expect(Address(bytes: (1...21).lazy.map { UInt8($0) }) == nil)
        #expect(a.withUnsafeBytes { Array($0) } == bytes)
        let word = a.word
        #expect(word.bigEndianBytes32 == [UInt8](repeating: 0, count: 12) + bytes)
        #expect(Address(word: word) == a)
        #expect(Address(word: word | (UInt256.one << 160)) == nil)
        #expect(Address(word: word | (UInt256.one << 255)) == nil)
        #expect(Address(word: (UInt256.one << 160) - .one)?.bytes == [UInt8](repeating: 0xFF, count: 20))
        var out = [UInt8](repeating: 0, count: 22)
        out.withUnsafeMutableBytes { a.write(to: $0.baseAddress! + 1) }
        #expect(out == [0] + bytes + [0])
        #expect(out.withUnsafeBytes { Address(bytesAt: $0.baseAddress! + 1) } == a)
    }

    @Test func ordering() throws {
        let low = try #require(Address(bytes: [UInt8](repeating: 0, count: 19) + [1]))
        let mid = try #require(Address(bytes: [0] + [UInt8](repeating: 0xFF, count: 19)))
        let high = try #require(Address(bytes: [1] + [UInt8](repeating: 0, count: 19)))
        #expect(Address.zero < low && low < mid && mid < high)
        #expect([high, low, mid].sorted() == [low, mid, high])
        #expect(Set([low, mid, high, low]).count == 3)
    }

    @Test func publicKeyErrors() {
        let e1 = caught { () throws(AddressError) in try Address(publicKey: [UInt8](repeating: 1, count: 63)) }
        #expect(e1 == .invalidPublicKeyLength(63))
        #expect(e1?.code == "address_invalid_public_key_length")
        let e2 = caught { () throws(AddressError) in try Address(publicKey: [0x02] + [UInt8](repeating: 1, count: 64)) }
        #expect(e2 == .invalidPublicKeyPrefix(0x02))
        #expect(e2?.location == "byte 0")
        #expect(e2?.message == "a 65-byte public key must start with 0x04, got 0x02")
        let e3 = caught { () throws(AddressError) in try Address(publicKey: [UInt8](repeating: 4, count: 33)) }
        #expect(e3 == .invalidPublicKeyLength(33))
    }

    @Test func publicKeyMatchesKeccak() throws {
        let key = [UInt8](repeating: 7, count: 64)
        let digest = Keccak256.hash(data: key).bytes
        #expect(try Address(publicKey: key).bytes == Array(digest[12...]))
    }

    @Test func randomRoundTrips() throws {
        var rng = SplitMix64(seed: 0xADD7E55)
        for _ in 0..<300 {
            let bytes = rng.bytes(20)
            let a = try #require(Address(bytes: bytes))
            let text = a.checksummed
            #expect(try Address(hex: text) == a)
            #expect(try Address(hex: text.lowercased()) == a)
            #expect(try Address(hex: "0x" + text.dropFirst(2).uppercased()) == a)
            #expect(Address(word: a.word) == a)
            #expect(text.count == 42)
        }
    }
}
