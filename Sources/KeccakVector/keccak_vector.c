// Keccak-f[1600] (FIPS 202, sections 3.2 and 3.3) on two states at once, for the Keccak-256
// sponge as Ethereum uses it (rate 136 bytes, padding 0x01 … 0x80). Each __m128i holds lane
// (x, y) = index x + 5·y of both states: the first message's in the low 64 bits, the second's
// in the high 64 bits. AVX-512VL gives 128-bit vectors a rotate (vprolq) and a three-input
// logic instruction (vpternlogq), so θ's five-way parities, χ's a ^ (~b & c) and the rotations
// of ρ are one instruction each: about half the instructions of two scalar permutations. The
// same permutation on __m256i (`permute4`) runs four states at once for the cost of two: two
// signed transactions' signing payloads and encodings in one pass.
#include "keccak_vector.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BALLAST_KECCAK_X2 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#define RATE 136

#ifdef BALLAST_KECCAK_X2

static const uint64_t round_constants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808AULL, 0x8000000080008000ULL,
    0x000000000000808BULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008AULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000AULL,
    0x000000008000808BULL, 0x800000000000008BULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800AULL, 0x800000008000000AULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

int ballast_keccak256_x2_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 27))) return 0;  // OSXSAVE: the system saves extended register state
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    // SSE, AVX, opmask, upper halves of ZMM0-15 and ZMM16-31 enabled.
    if ((xcr0_low & 0xE6u) != 0xE6u) return 0;
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    const unsigned int avx512f = 1u << 16, avx512vl = 1u << 31;
    return (ebx & avx512f) && (ebx & avx512vl) ? 1 : 0;
}

#define XOR3(a, b, c) _mm_ternarylogic_epi64((a), (b), (c), 0x96)
// a ^ (~b & c)
#define CHI(a, b, c) _mm_ternarylogic_epi64((a), (b), (c), 0xD2)
#define ROL(v, n) _mm_rol_epi64((v), (n))

// One row of the output: b0…b4 are the lanes that ρ and π bring to it (θ applied), then χ.
#define ROW(t, base, b0, b1, b2, b3, b4)                                                                  \
    do {                                                                                                  \
        __m128i x0 = (b0), x1 = (b1), x2 = (b2), x3 = (b3), x4 = (b4);                                     \
        t[(base) + 0] = CHI(x0, x1, x2);                                                                   \
        t[(base) + 1] = CHI(x1, x2, x3);                                                                   \
        t[(base) + 2] = CHI(x2, x3, x4);                                                                   \
        t[(base) + 3] = CHI(x3, x4, x0);                                                                   \
        t[(base) + 4] = CHI(x4, x0, x1);                                                                   \
    } while (0)

__attribute__((target("avx512f,avx512vl"))) static void permute(__m128i *s) {
    __m128i t[25];
    for (int round = 0; round < 24; round++) {
        // θ: column parities c[x], then d[x] = c[x-1] ^ rotl(c[x+1], 1).
        __m128i c0 = XOR3(XOR3(s[0], s[5], s[10]), s[15], s[20]);
        __m128i c1 = XOR3(XOR3(s[1], s[6], s[11]), s[16], s[21]);
        __m128i c2 = XOR3(XOR3(s[2], s[7], s[12]), s[17], s[22]);
        __m128i c3 = XOR3(XOR3(s[3], s[8], s[13]), s[18], s[23]);
        __m128i c4 = XOR3(XOR3(s[4], s[9], s[14]), s[19], s[24]);
        __m128i d0 = _mm_xor_si128(c4, ROL(c1, 1));
        __m128i d1 = _mm_xor_si128(c0, ROL(c2, 1));
        __m128i d2 = _mm_xor_si128(c1, ROL(c3, 1));
        __m128i d3 = _mm_xor_si128(c2, ROL(c4, 1));
        __m128i d4 = _mm_xor_si128(c3, ROL(c0, 1));
        // ρ and π: output row y takes the lanes listed (with their rotation offsets), then χ.
        ROW(t, 0, _mm_xor_si128(s[0], d0), ROL(_mm_xor_si128(s[6], d1), 44), ROL(_mm_xor_si128(s[12], d2), 43),
            ROL(_mm_xor_si128(s[18], d3), 21), ROL(_mm_xor_si128(s[24], d4), 14));
        ROW(t, 5, ROL(_mm_xor_si128(s[3], d3), 28), ROL(_mm_xor_si128(s[9], d4), 20), ROL(_mm_xor_si128(s[10], d0), 3),
            ROL(_mm_xor_si128(s[16], d1), 45), ROL(_mm_xor_si128(s[22], d2), 61));
        ROW(t, 10, ROL(_mm_xor_si128(s[1], d1), 1), ROL(_mm_xor_si128(s[7], d2), 6), ROL(_mm_xor_si128(s[13], d3), 25),
            ROL(_mm_xor_si128(s[19], d4), 8), ROL(_mm_xor_si128(s[20], d0), 18));
        ROW(t, 15, ROL(_mm_xor_si128(s[4], d4), 27), ROL(_mm_xor_si128(s[5], d0), 36), ROL(_mm_xor_si128(s[11], d1), 10),
            ROL(_mm_xor_si128(s[17], d2), 15), ROL(_mm_xor_si128(s[23], d3), 56));
        ROW(t, 20, ROL(_mm_xor_si128(s[2], d2), 62), ROL(_mm_xor_si128(s[8], d3), 55), ROL(_mm_xor_si128(s[14], d4), 39),
            ROL(_mm_xor_si128(s[15], d0), 41), ROL(_mm_xor_si128(s[21], d1), 2));
        // ι
        t[0] = _mm_xor_si128(t[0], _mm_set1_epi64x((long long)round_constants[round]));
        memcpy(s, t, sizeof(t));
    }
}

#define XOR3_4(a, b, c) _mm256_ternarylogic_epi64((a), (b), (c), 0x96)
#define CHI4(a, b, c) _mm256_ternarylogic_epi64((a), (b), (c), 0xD2)
#define ROL4(v, n) _mm256_rol_epi64((v), (n))
#define ROW4(t, base, b0, b1, b2, b3, b4)                                                                 \
    do {                                                                                                  \
        __m256i x0 = (b0), x1 = (b1), x2 = (b2), x3 = (b3), x4 = (b4);                                     \
        t[(base) + 0] = CHI4(x0, x1, x2);                                                                  \
        t[(base) + 1] = CHI4(x1, x2, x3);                                                                  \
        t[(base) + 2] = CHI4(x2, x3, x4);                                                                  \
        t[(base) + 3] = CHI4(x3, x4, x0);                                                                  \
        t[(base) + 4] = CHI4(x4, x0, x1);                                                                  \
    } while (0)

// The same permutation on four states, one in each 64-bit quarter of 256-bit registers.
__attribute__((target("avx512f,avx512vl"))) static void permute4(__m256i *s) {
    __m256i t[25];
    for (int round = 0; round < 24; round++) {
        // θ: column parities c[x], then d[x] = c[x-1] ^ rotl(c[x+1], 1).
        __m256i c0 = XOR3_4(XOR3_4(s[0], s[5], s[10]), s[15], s[20]);
        __m256i c1 = XOR3_4(XOR3_4(s[1], s[6], s[11]), s[16], s[21]);
        __m256i c2 = XOR3_4(XOR3_4(s[2], s[7], s[12]), s[17], s[22]);
        __m256i c3 = XOR3_4(XOR3_4(s[3], s[8], s[13]), s[18], s[23]);
        __m256i c4 = XOR3_4(XOR3_4(s[4], s[9], s[14]), s[19], s[24]);
        __m256i d0 = _mm256_xor_si256(c4, ROL4(c1, 1));
        __m256i d1 = _mm256_xor_si256(c0, ROL4(c2, 1));
        __m256i d2 = _mm256_xor_si256(c1, ROL4(c3, 1));
        __m256i d3 = _mm256_xor_si256(c2, ROL4(c4, 1));
        __m256i d4 = _mm256_xor_si256(c3, ROL4(c0, 1));
        // ρ and π: output row y takes the lanes listed (with their rotation offsets), then χ.
        ROW4(t, 0, _mm256_xor_si256(s[0], d0), ROL4(_mm256_xor_si256(s[6], d1), 44), ROL4(_mm256_xor_si256(s[12], d2), 43),
            ROL4(_mm256_xor_si256(s[18], d3), 21), ROL4(_mm256_xor_si256(s[24], d4), 14));
        ROW4(t, 5, ROL4(_mm256_xor_si256(s[3], d3), 28), ROL4(_mm256_xor_si256(s[9], d4), 20), ROL4(_mm256_xor_si256(s[10], d0), 3),
            ROL4(_mm256_xor_si256(s[16], d1), 45), ROL4(_mm256_xor_si256(s[22], d2), 61));
        ROW4(t, 10, ROL4(_mm256_xor_si256(s[1], d1), 1), ROL4(_mm256_xor_si256(s[7], d2), 6), ROL4(_mm256_xor_si256(s[13], d3), 25),
            ROL4(_mm256_xor_si256(s[19], d4), 8), ROL4(_mm256_xor_si256(s[20], d0), 18));
        ROW4(t, 15, ROL4(_mm256_xor_si256(s[4], d4), 27), ROL4(_mm256_xor_si256(s[5], d0), 36), ROL4(_mm256_xor_si256(s[11], d1), 10),
            ROL4(_mm256_xor_si256(s[17], d2), 15), ROL4(_mm256_xor_si256(s[23], d3), 56));
        ROW4(t, 20, ROL4(_mm256_xor_si256(s[2], d2), 62), ROL4(_mm256_xor_si256(s[8], d3), 55), ROL4(_mm256_xor_si256(s[14], d4), 39),
            ROL4(_mm256_xor_si256(s[15], d0), 41), ROL4(_mm256_xor_si256(s[21], d1), 2));
        // ι
        t[0] = _mm256_xor_si256(t[0], _mm256_set1_epi64x((long long)round_constants[round]));
        memcpy(s, t, sizeof(t));
    }
}

// The last block of a message: its bytes after the last full block, then the padding.
static void pad_block(const uint8_t *message, size_t count, uint8_t *block) {
    size_t full = count / RATE, tail = count - full * RATE;
    memset(block, 0, RATE);
    if (tail > 0) memcpy(block, message + full * RATE, tail);
    block[tail] ^= 0x01;
    block[RATE - 1] ^= 0x80;
}

__attribute__((target("avx512f,avx512vl"))) void ballast_keccak256_x2(
    const uint8_t *first, size_t first_count, const uint8_t *second, size_t second_count, uint8_t *first_digest,
    uint8_t *second_digest) {
    uint8_t first_pad[RATE], second_pad[RATE], none[RATE];
    pad_block(first, first_count, first_pad);
    pad_block(second, second_count, second_pad);
    memset(none, 0, RATE);
    // Blocks of each message, its padded last one included. Past its last block, a message's
    // half of the state absorbs zero blocks whose result nobody reads.
    size_t first_blocks = first_count / RATE + 1, second_blocks = second_count / RATE + 1;
    size_t blocks = first_blocks > second_blocks ? first_blocks : second_blocks;
    __m128i s[25];
    for (int i = 0; i < 25; i++) s[i] = _mm_setzero_si128();
    for (size_t k = 0; k < blocks; k++) {
        const uint8_t *a = k + 1 < first_blocks ? first + k * RATE : k + 1 == first_blocks ? first_pad : none;
        const uint8_t *b = k + 1 < second_blocks ? second + k * RATE : k + 1 == second_blocks ? second_pad : none;
        for (int i = 0; i < RATE / 8; i++) {
            uint64_t x, y;
            memcpy(&x, a + 8 * i, 8);  // little-endian lanes (x86-64)
            memcpy(&y, b + 8 * i, 8);
            s[i] = _mm_xor_si128(s[i], _mm_set_epi64x((long long)y, (long long)x));
        }
        permute(s);
        if (k + 1 == first_blocks) {
            for (int i = 0; i < 4; i++) _mm_storel_epi64((__m128i *)(first_digest + 8 * i), s[i]);
        }
        if (k + 1 == second_blocks) {
            for (int i = 0; i < 4; i++) _mm_storel_epi64((__m128i *)(second_digest + 8 * i), _mm_unpackhi_epi64(s[i], s[i]));
        }
    }
}

// Four messages at once: as `ballast_keccak256_x2`, one state in each quarter of the registers.
__attribute__((target("avx512f,avx512vl"))) void ballast_keccak256_x4(const uint8_t *const messages[4], const size_t counts[4],
                                                                      uint8_t *const digests[4]) {
    uint8_t pads[4][RATE], none[RATE];
    size_t blocks[4], most = 0;
    for (int m = 0; m < 4; m++) {
        pad_block(messages[m], counts[m], pads[m]);
        blocks[m] = counts[m] / RATE + 1;
        if (blocks[m] > most) most = blocks[m];
    }
    memset(none, 0, RATE);
    __m256i s[25];
    for (int i = 0; i < 25; i++) s[i] = _mm256_setzero_si256();
    for (size_t k = 0; k < most; k++) {
        const uint8_t *in[4];
        for (int m = 0; m < 4; m++) {
            in[m] = k + 1 < blocks[m] ? messages[m] + k * RATE : k + 1 == blocks[m] ? pads[m] : none;
        }
        for (int i = 0; i < RATE / 8; i++) {
            uint64_t w[4];
            for (int m = 0; m < 4; m++) memcpy(&w[m], in[m] + 8 * i, 8);  // little-endian lanes (x86-64)
            s[i] = _mm256_xor_si256(s[i], _mm256_set_epi64x((long long)w[3], (long long)w[2], (long long)w[1], (long long)w[0]));
        }
        permute4(s);
        for (int m = 0; m < 4; m++) {
            if (k + 1 != blocks[m]) continue;
            for (int i = 0; i < 4; i++) {
                uint64_t lanes[4];
                _mm256_storeu_si256((__m256i *)lanes, s[i]);
                memcpy(digests[m] + 8 * i, &lanes[m], 8);
            }
        }
    }
}

#else

int ballast_keccak256_x2_available(void) { return 0; }

void ballast_keccak256_x2(const uint8_t *first, size_t first_count, const uint8_t *second, size_t second_count,
                          uint8_t *first_digest, uint8_t *second_digest) {
    (void)first, (void)first_count, (void)second, (void)second_count, (void)first_digest, (void)second_digest;
}

void ballast_keccak256_x4(const uint8_t *const messages[4], const size_t counts[4], uint8_t *const digests[4]) {
    (void)messages, (void)counts, (void)digests;
}

#endif
