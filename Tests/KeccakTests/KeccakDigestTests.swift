import Keccak
import TestSupport
import Testing

@Suite struct KeccakDigestTests {
    private static let emptyHex = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    private static let sequential: [UInt8] = Array(0 ..< 32)

    @Test func bytesRoundTrip() {
        let digest = Keccak256Digest(bytes: Self.sequential)
        #expect(digest.bytes == Self.sequential)
        #expect(Array(digest) == Self.sequential)
        #expect(digest.description == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
    }

    @Test func descriptionIsLowercaseHexWithoutPrefix() {
        let digest = Keccak256.hash(data: [UInt8]())
        #expect(digest.description == Self.emptyHex)
        #expect("\(digest)" == Self.emptyHex)
        #expect(TestHex.encode(digest.bytes, prefix: false) == Self.emptyHex)
        let high = Keccak256Digest(bytes: [UInt8](repeating: 0xAB, count: 32))
        #expect(high.description == String(repeating: "ab", count: 32))
    }

    @Test func failableInitializers() {
        #expect(Keccak256Digest(exactly: Self.sequential) == Keccak256Digest(bytes: Self.sequential))
        #expect(Keccak256Digest(exactly: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(Keccak256Digest(exactly: [UInt8](repeating: 1, count: 33)) == nil)
        #expect(Keccak256Digest(exactly: [UInt8]()) == nil)
        #expect(Keccak256Digest(exactly: (0 ..< 32).lazy.map { UInt8($0) }) == Keccak256Digest(bytes: Self.sequential))
        // A long (even endless-looking) sequence is rejected after 33 elements, without reading on.
        #expect(Keccak256Digest(exactly: repeatElement(UInt8(7), count: 1 << 40)) == nil)
    }

    @Test func hexInitializer() {
        let empty = Keccak256.hash(data: [UInt8]())
        #expect(Keccak256Digest(hex: Self.emptyHex) == empty)
        #expect(Keccak256Digest(hex: "0x" + Self.emptyHex) == empty)
        #expect(Keccak256Digest(hex: "0X" + Self.emptyHex.uppercased()) == empty)
        #expect(Keccak256Digest(hex: String(Self.emptyHex.dropLast())) == nil)
        #expect(Keccak256Digest(hex: Self.emptyHex + "0") == nil)
        #expect(Keccak256Digest(hex: Self.emptyHex + "00") == nil)
        #expect(Keccak256Digest(hex: String(Self.emptyHex.dropLast()) + "g") == nil)
        #expect(Keccak256Digest(hex: "0x") == nil)
        #expect(Keccak256Digest(hex: "") == nil)
        #expect(Keccak256Digest(hex: String(repeating: "é", count: 32)) == nil)
        #expect(Keccak256Digest(hex: " " + String(Self.emptyHex.dropFirst())) == nil)
    }

    @Test func valueSemanticsAndHashable() {
        let a = Keccak256Digest(bytes: Self.sequential)
        var b = a
        #expect(a == b)
        b = Keccak256.hash(data: [UInt8]())
        #expect(a != b)
        #expect(a.bytes == Self.sequential)

        var changed = Self.sequential
        changed[31] ^= 1
        #expect(Keccak256Digest(bytes: changed) != a)
        changed = Self.sequential
        changed[0] ^= 0x80
        #expect(Keccak256Digest(bytes: changed) != a)

        let set: Set<Keccak256Digest> = [a, b, Keccak256Digest(bytes: Self.sequential)]
        #expect(set.count == 2)
        let dictionary = [a: "a", b: "b"]
        #expect(dictionary[Keccak256Digest(bytes: Self.sequential)] == "a")
    }

    @Test func collectionAccess() {
        let digest = Keccak256Digest(bytes: Self.sequential)
        #expect(digest.count == 32)
        #expect(digest.startIndex == 0)
        #expect(digest.endIndex == 32)
        for index in 0 ..< 32 {
            #expect(digest[index] == UInt8(index))
        }
        #expect(digest.first == 0)
        #expect(digest.last == 31)
        #expect(Array(digest.reversed()) == Self.sequential.reversed())
        #expect(Array(digest[4 ..< 8]) == [4, 5, 6, 7])
        let viaStorage = digest.withContiguousStorageIfAvailable { Array($0) }
        #expect(viaStorage == Self.sequential)
    }

    @Test func withUnsafeBytes() {
        let digest = Keccak256Digest(bytes: Self.sequential)
        let copied = digest.withUnsafeBytes { raw -> [UInt8] in
            #expect(raw.count == 32)
            return Array(raw)
        }
        #expect(copied == Self.sequential)
        let first = digest.withUnsafeBytes { $0.load(as: UInt8.self) }
        #expect(first == 0)
    }

    @Test func digestIsInline() {
        #expect(MemoryLayout<Keccak256Digest>.size == 32)
        #expect(MemoryLayout<Keccak256>.size <= 25 * 8 + 8)
    }
}
