// Keccak-f[1600], the permutation under Keccak-256 (FIPS 202, sections 3.2 and 3.3), written
// for speed: one straight-line round body, no heap, no bounds checks.
//
// State layout. Lane (x, y) of the 5×5 state is element x + 5·y of 25 UInt64 values; byte k of
// the state is byte k % 8 (little-endian) of lane k / 8, as FIPS 202 orders the bits.
//
// Lane complementing. The six lanes 1, 2, 8, 12, 17 and 20 — (x, y) = (1,0), (2,0), (3,1),
// (2,2), (2,3), (0,4) — are stored bitwise inverted at all times, from `KeccakLanes.init()` to the
// squeeze in `KeccakLanes.digest()`. XOR commutes with inversion, so absorbing input and θ work on
// the stored values unchanged. In χ, a[x] ^ (~a[x+1] & a[x+2]) is rewritten per lane with | or &
// over the stored (possibly inverted) values so that each row needs a single NOT instead of five.
// The formulas below were derived by exhaustive truth-table search per row and are checked by the
// test vectors (any slip changes every digest).
//
// Memory traffic. A round reads the 25 lanes from one buffer and writes them to the other
// (ρ and π only rename lanes), then the buffers swap roles; 24 rounds bring the state back. The
// buffers reach `core` as plain pointers of a function that is never inlined, one round per loop
// iteration, so the optimizer keeps 25 stores and about 20 loads per round (the column-parity
// loads fold into XORs) and the five θ values d[x] in registers, instead of trying to hold 25
// lanes and their temporaries in the 14 or 15 usable registers of x86-64 (SwiftPM keeps the frame
// pointer), which spills far more than it saves. The parities of the last two rows written are
// carried over in registers, which takes store-to-load forwarding off the critical path from one
// round to the next. About 205 instructions per round, close to OpenSSL's hand-scheduled
// assembly for the same algorithm (about 200).

/// The 25 lanes of a Keccak-f[1600] state, with lanes 1, 2, 8, 12, 17 and 20 stored inverted.
struct KeccakLanes: Sendable {
    var storage: (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64
    )

    /// The all-zero state (in the complemented representation).
    init() {
        storage = (
            0, ~0, ~0, 0, 0,
            0, 0, 0, ~0, 0,
            0, 0, ~0, 0, 0,
            0, 0, ~0, 0, 0,
            ~0, 0, 0, 0, 0
        )
    }

    /// XORs `count` bytes from `source` into the state, starting at state byte `offset`.
    /// Requires `offset + count <= 200`.
    @inline(__always)
    mutating func xorBytes(_ source: UnsafeRawPointer, count: Int, at offset: Int) {
        withUnsafeMutablePointer(to: &storage) { tuple in
            let lanes = UnsafeMutableRawPointer(tuple).assumingMemoryBound(to: UInt64.self)
            var position = offset
            var index = 0
            // Bytes up to the next lane boundary, then whole lanes, then the remaining bytes.
            while index < count && position & 7 != 0 {
                let byte = UInt64(source.load(fromByteOffset: index, as: UInt8.self))
                lanes[position &>> 3] ^= byte &<< UInt64((position & 7) &* 8)
                position &+= 1
                index &+= 1
            }
            while count &- index >= 8 {
                lanes[position &>> 3] ^= UInt64(
                    littleEndian: source.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                position &+= 8
                index &+= 8
            }
            while index < count {
                let byte = UInt64(source.load(fromByteOffset: index, as: UInt8.self))
                lanes[position &>> 3] ^= byte &<< UInt64((position & 7) &* 8)
                position &+= 1
                index &+= 1
            }
        }
    }

    /// XORs one byte into the state at state byte `offset` (< 200).
    @inline(__always)
    mutating func xorByte(_ byte: UInt8, at offset: Int) {
        withUnsafeMutablePointer(to: &storage) { tuple in
            let lanes = UnsafeMutableRawPointer(tuple).assumingMemoryBound(to: UInt64.self)
            lanes[offset &>> 3] ^= UInt64(byte) &<< UInt64((offset & 7) &* 8)
        }
    }

    /// The first 32 bytes of the state (lanes 0 to 3, undoing the inversion of lanes 1 and 2).
    @inline(__always)
    func digest() -> Keccak256Digest {
        Keccak256Digest(words: (storage.0, ~storage.1, ~storage.2, storage.3))
    }
}

/// The 24 round constants RC[i] of ι (FIPS 202, algorithm 5).
let keccakRoundConstants: [UInt64] = [
    0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
    0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
    0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
    0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
    0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
    0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
]

@inline(__always)
func rotl(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value &<< count) | (value &>> (64 &- count))
}

enum KeccakF1600 {
    /// For each of `blocks` consecutive 136-byte blocks at `input`: XOR the block into the first
    /// 17 lanes, then apply Keccak-f[1600]. With `input == nil`, applies the permutation `blocks`
    /// times without absorbing anything.
    @inline(__always)
    static func absorb(_ lanes: inout KeccakLanes, _ input: UnsafeRawPointer?, blocks: Int) {
        withUnsafeMutablePointer(to: &lanes.storage) { tuple in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { scratch in
                keccakRoundConstants.withUnsafeBufferPointer { constants in
                    core(
                        UnsafeMutableRawPointer(tuple).assumingMemoryBound(to: UInt64.self),
                        scratch.baseAddress.unsafelyUnwrapped,
                        constants.baseAddress.unsafelyUnwrapped,
                        input,
                        blocks
                    )
                }
            }
        }
    }

    /// The sponge loop. `a` holds the state (25 lanes, complemented representation), `scratch`
    /// has room for 25 lanes, `rc` points to the 24 round constants. See the notes at the top
    /// of this file for why this is a separate, never-inlined function over raw pointers.
    @inline(never)
    static func core(
        _ a: UnsafeMutablePointer<UInt64>,
        _ scratch: UnsafeMutablePointer<UInt64>,
        _ rc: UnsafePointer<UInt64>,
        _ input: UnsafeRawPointer?,
        _ blocks: Int
    ) {
        var input = input
        var remaining = blocks
        while remaining > 0 {
            if let block = input {
                for i in 0..<17 {
                    a[i] ^= UInt64(
                        littleEndian: block.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                }
                input = block + 136
            }
            // One round per iteration, from `s` to `t`, then the buffers swap roles; after an even
            // number of rounds the state is back in `a`.
            var s = a
            var t = scratch
            // k[x] = s[x+15] ^ s[x+20]: the part of the column parities that comes from the last two
            // rows written, carried in registers from one round to the next instead of being read
            // back from memory right after it was stored (store-to-load forwarding would put a few
            // cycles of latency on the critical path of every round).
            var k0 = a[15] ^ a[20], k1 = a[16] ^ a[21], k2 = a[17] ^ a[22]
            var k3 = a[18] ^ a[23], k4 = a[19] ^ a[24]
            var rc = rc
            let end = rc + 24
            repeat {
                // A store through `t` before reading `s`: the optimizer cannot tell that it does not
                // touch the lanes just written through the other pointer, so it reads them back
                // from memory instead of carrying more of them over in registers across the loop,
                // which would spill more than it saves. Lane 24 of `t` is overwritten below anyway.
                t[24] = 0
                // Column parities c[x] = s[x] ^ s[x+5] ^ s[x+10] ^ s[x+15] ^ s[x+20] (the last
                // two terms are in k[x]).
                let c0 = s[0] ^ s[5] ^ s[10] ^ k0
                let c1 = s[1] ^ s[6] ^ s[11] ^ k1
                let c2 = s[2] ^ s[7] ^ s[12] ^ k2
                let c3 = s[3] ^ s[8] ^ s[13] ^ k3
                let c4 = s[4] ^ s[9] ^ s[14] ^ k4
                // θ: d[x] = c[x-1] ^ rotl(c[x+1], 1). Then output row y gets
                // b[x] = rotl(s[x'] ^ d[x'], r[x'][y']) for the lane (x', y') that ρ and π move to
                // (x, y), and χ (ι on lane 0).
                let d0 = c4 ^ rotl(c1, 1)
                let d1 = c0 ^ rotl(c2, 1)
                let d2 = c1 ^ rotl(c3, 1)
                let d3 = c2 ^ rotl(c4, 1)
                let d4 = c3 ^ rotl(c0, 1)
                do {  // output row y = 0: lanes 0...4 from lanes 0, 6, 12, 18, 24
                    let b0 = s[0] ^ d0
                    let b1 = rotl(s[6] ^ d1, 44)
                    let b2 = rotl(s[12] ^ d2, 43)
                    let b3 = rotl(s[18] ^ d3, 21)
                    let b4 = rotl(s[24] ^ d4, 14)
                    let n2 = ~b2
                    let o0 = b0 ^ (b1 | b2) ^ rc.pointee
                    let o1 = b1 ^ (n2 | b3)
                    let o2 = b2 ^ (b3 & b4)
                    let o3 = b3 ^ (b4 | b0)
                    let o4 = b4 ^ (b0 & b1)
                    t[0] = o0; t[1] = o1; t[2] = o2; t[3] = o3; t[4] = o4
                }
                do {  // output row y = 1: lanes 5...9 from lanes 3, 9, 10, 16, 22
                    let b0 = rotl(s[3] ^ d3, 28)
                    let b1 = rotl(s[9] ^ d4, 20)
                    let b2 = rotl(s[10] ^ d0, 3)
                    let b3 = rotl(s[16] ^ d1, 45)
                    let b4 = rotl(s[22] ^ d2, 61)
                    let n4 = ~b4
                    let o0 = b0 ^ (b1 | b2)
                    let o1 = b1 ^ (b2 & b3)
                    let o2 = b2 ^ (b3 | n4)
                    let o3 = b3 ^ (b4 | b0)
                    let o4 = b4 ^ (b0 & b1)
                    t[5] = o0; t[6] = o1; t[7] = o2; t[8] = o3; t[9] = o4
                }
                do {  // output row y = 2: lanes 10...14 from lanes 1, 7, 13, 19, 20
                    let b0 = rotl(s[1] ^ d1, 1)
                    let b1 = rotl(s[7] ^ d2, 6)
                    let b2 = rotl(s[13] ^ d3, 25)
                    let b3 = rotl(s[19] ^ d4, 8)
                    let b4 = rotl(s[20] ^ d0, 18)
                    let n3 = ~b3
                    let o0 = b0 ^ (b1 | b2)
                    let o1 = b1 ^ (b2 & b3)
                    let o2 = b2 ^ (n3 & b4)
                    let o3 = n3 ^ (b4 | b0)
                    let o4 = b4 ^ (b0 & b1)
                    t[10] = o0; t[11] = o1; t[12] = o2; t[13] = o3; t[14] = o4
                }
                do {  // output row y = 3: lanes 15...19 from lanes 4, 5, 11, 17, 23
                    let b0 = rotl(s[4] ^ d4, 27)
                    let b1 = rotl(s[5] ^ d0, 36)
                    let b2 = rotl(s[11] ^ d1, 10)
                    let b3 = rotl(s[17] ^ d2, 15)
                    let b4 = rotl(s[23] ^ d3, 56)
                    let n3 = ~b3
                    let o0 = b0 ^ (b1 & b2)
                    let o1 = b1 ^ (b2 | b3)
                    let o2 = b2 ^ (n3 | b4)
                    let o3 = n3 ^ (b4 & b0)
                    let o4 = b4 ^ (b0 | b1)
                    t[15] = o0; t[16] = o1; t[17] = o2; t[18] = o3; t[19] = o4
                    k0 = o0; k1 = o1; k2 = o2; k3 = o3; k4 = o4
                }
                do {  // output row y = 4: lanes 20...24 from lanes 2, 8, 14, 15, 21
                    let b0 = rotl(s[2] ^ d2, 62)
                    let b1 = rotl(s[8] ^ d3, 55)
                    let b2 = rotl(s[14] ^ d4, 39)
                    let b3 = rotl(s[15] ^ d0, 41)
                    let b4 = rotl(s[21] ^ d1, 2)
                    let n1 = ~b1
                    let o0 = b0 ^ (n1 & b2)
                    let o1 = n1 ^ (b2 | b3)
                    let o2 = b2 ^ (b3 & b4)
                    let o3 = b3 ^ (b4 | b0)
                    let o4 = b4 ^ (b0 & b1)
                    t[20] = o0; t[21] = o1; t[22] = o2; t[23] = o3; t[24] = o4
                    k0 ^= o0; k1 ^= o1; k2 ^= o2; k3 ^= o3; k4 ^= o4
                }
                swap(&s, &t)
                rc += 1
            } while rc != end
            remaining &-= 1
        }
    }
}
