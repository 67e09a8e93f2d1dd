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

// One row of the output: b0…b4 are the lanes that ρ and π bring to it (θ applied), then χ:
// a ^ (~b & c), one three-input logic instruction (TERN, truth table 0xD2).
#define ROW(V, TERN, t, base, b0, b1, b2, b3, b4)                                                         \
    do {                                                                                                  \
        V x0 = (b0), x1 = (b1), x2 = (b2), x3 = (b3), x4 = (b4);                                           \
        t[(base) + 0] = TERN(x0, x1, x2, 0xD2);                                                            \
        t[(base) + 1] = TERN(x1, x2, x3, 0xD2);                                                            \
        t[(base) + 2] = TERN(x2, x3, x4, 0xD2);                                                            \
        t[(base) + 3] = TERN(x3, x4, x0, 0xD2);                                                            \
        t[(base) + 4] = TERN(x4, x0, x1, 0xD2);                                                            \
    } while (0)

// The permutation, written once for a vector type V that holds one lane of several states, with
// its three-input logic (TERN; 0x96 is a three-way xor), rotate (ROLV), xor (XORV) and broadcast
// (SET1) instructions.
#define DEFINE_PERMUTE(NAME, V, TERN, ROLV, XORV, SET1)                                                   \
    __attribute__((target("avx512f,avx512vl"))) static void NAME(V *s) {                                 \
        V t[25];                                                                                          \
        for (int round = 0; round < 24; round++) {                                                        \
            /* θ: column parities c[x], then d[x] = c[x-1] ^ rotl(c[x+1], 1). */                          \
            V c0 = TERN(TERN(s[0], s[5], s[10], 0x96), s[15], s[20], 0x96);                               \
            V c1 = TERN(TERN(s[1], s[6], s[11], 0x96), s[16], s[21], 0x96);                               \
            V c2 = TERN(TERN(s[2], s[7], s[12], 0x96), s[17], s[22], 0x96);                               \
            V c3 = TERN(TERN(s[3], s[8], s[13], 0x96), s[18], s[23], 0x96);                               \
            V c4 = TERN(TERN(s[4], s[9], s[14], 0x96), s[19], s[24], 0x96);                               \
            V d0 = XORV(c4, ROLV(c1, 1));                                                                 \
            V d1 = XORV(c0, ROLV(c2, 1));                                                                 \
            V d2 = XORV(c1, ROLV(c3, 1));                                                                 \
            V d3 = XORV(c2, ROLV(c4, 1));                                                                 \
            V d4 = XORV(c3, ROLV(c0, 1));                                                                 \
            /* ρ and π: output row y takes the lanes listed (with their rotation offsets), then χ. */   \
            ROW(V, TERN, t, 0, XORV(s[0], d0), ROLV(XORV(s[6], d1), 44), ROLV(XORV(s[12], d2), 43),      \
                ROLV(XORV(s[18], d3), 21), ROLV(XORV(s[24], d4), 14));                                    \
            ROW(V, TERN, t, 5, ROLV(XORV(s[3], d3), 28), ROLV(XORV(s[9], d4), 20), ROLV(XORV(s[10], d0), 3), \
                ROLV(XORV(s[16], d1), 45), ROLV(XORV(s[22], d2), 61));                                    \
            ROW(V, TERN, t, 10, ROLV(XORV(s[1], d1), 1), ROLV(XORV(s[7], d2), 6), ROLV(XORV(s[13], d3), 25), \
                ROLV(XORV(s[19], d4), 8), ROLV(XORV(s[20], d0), 18));                                     \
            ROW(V, TERN, t, 15, ROLV(XORV(s[4], d4), 27), ROLV(XORV(s[5], d0), 36), ROLV(XORV(s[11], d1), 10), \
                ROLV(XORV(s[17], d2), 15), ROLV(XORV(s[23], d3), 56));                                    \
            ROW(V, TERN, t, 20, ROLV(XORV(s[2], d2), 62), ROLV(XORV(s[8], d3), 55), ROLV(XORV(s[14], d4), 39), \
                ROLV(XORV(s[15], d0), 41), ROLV(XORV(s[21], d1), 2));                                     \
            /* ι */                                                                                       \
            t[0] = XORV(t[0], SET1((long long)round_constants[round]));                                   \
            memcpy(s, t, sizeof(t));                                                                      \
        }                                                                                                 \
    }

// Two states in 128-bit registers, and four in 256-bit ones.
DEFINE_PERMUTE(permute, __m128i, _mm_ternarylogic_epi64, _mm_rol_epi64, _mm_xor_si128, _mm_set1_epi64x)
DEFINE_PERMUTE(permute4, __m256i, _mm256_ternarylogic_epi64, _mm256_rol_epi64, _mm256_xor_si256, _mm256_set1_epi64x)

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
