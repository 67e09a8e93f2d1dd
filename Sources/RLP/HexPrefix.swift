// Hex-prefix (compact nibble) encoding, used for Merkle-Patricia trie paths
// (Yellow Paper, appendix C): a flag nibble (bit 1: terminating/leaf, bit 0: odd length),
// a zero padding nibble when the path has even length, then the path nibbles packed in pairs.

extension RLP {
    /// Packs `nibbles` (each 0...15; traps otherwise) with the hex-prefix flag.
    public static func hexPrefixEncode(nibbles: [UInt8], terminating: Bool) -> [UInt8] {
        let odd = nibbles.count & 1 == 1
        let flag: UInt8 = (terminating ? 2 : 0) | (odd ? 1 : 0)
        var out = [UInt8]()
        out.reserveCapacity(nibbles.count / 2 + 1)
        var i = 0
        if odd {
            precondition(nibbles[0] < 16, "hex-prefix: nibble out of range")
            out.append(flag << 4 | nibbles[0])
            i = 1
        } else {
            out.append(flag << 4)
        }
        while i < nibbles.count {
            let hi = nibbles[i], lo = nibbles[i + 1]
            precondition(hi < 16 && lo < 16, "hex-prefix: nibble out of range")
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Unpacks a hex-prefix encoding. Rejects an empty input, a flag nibble above 3 and a
    /// non-zero padding nibble (offset 0 in each case).
    public static func hexPrefixDecode(_ bytes: [UInt8]) throws(RLPError) -> (nibbles: [UInt8], terminating: Bool) {
        guard let first = bytes.first else { throw RLPError(.emptyInput, offset: 0) }
        let flag = first >> 4
        guard flag <= 3 else { throw RLPError(.invalidHexPrefix, offset: 0) }
        let odd = flag & 1 == 1
        if !odd && first & 0x0F != 0 { throw RLPError(.invalidHexPrefix, offset: 0) }
        var nibbles = [UInt8]()
        nibbles.reserveCapacity(bytes.count * 2)
        if odd { nibbles.append(first & 0x0F) }
        for b in bytes.dropFirst() {
            nibbles.append(b >> 4)
            nibbles.append(b & 0x0F)
        }
        return (nibbles, flag & 2 == 2)
    }
}
