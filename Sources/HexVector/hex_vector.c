// Hex digits and bytes, 16 bytes (32 digits) per step in 128- and 256-bit vectors.
//
// Decoding: a digit d is valid when d − '0' ≤ 9 or (d | 0x20) − 'a' ≤ 5 (unsigned bytes, so
// everything below '0' or 'a' wraps above the bound); its value is the first difference for a
// decimal digit, the second plus 10 for a letter. `vpmaddubsw` with weights (16, 1) joins each
// pair of values into one byte, and `vpackuswb` gathers the bytes.
// Encoding: the high and low nibbles of each byte are interleaved and looked up in
// "0123456789abcdef" with `pshufb`.
#include "hex_vector.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BALLAST_HEX_VECTOR 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef BALLAST_HEX_VECTOR

int ballast_hex_vector_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 27))) return 0;  // OSXSAVE: the system saves extended register state
    if (!(ecx & (1u << 9))) return 0;   // SSSE3
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0x6u) != 0x6u) return 0;  // SSE and AVX register state enabled
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & (1u << 5)) ? 1 : 0;  // AVX2
}

__attribute__((target("avx2"))) int ballast_hex_decode16(const uint8_t *src, size_t blocks, uint8_t *dst) {
    const __m256i zero = _mm256_set1_epi8('0');
    const __m256i a = _mm256_set1_epi8('a');
    const __m256i case_bit = _mm256_set1_epi8(0x20);
    const __m256i nine = _mm256_set1_epi8(9);
    const __m256i five = _mm256_set1_epi8(5);
    const __m256i ten = _mm256_set1_epi8(10);
    const __m256i weights = _mm256_set1_epi16(0x0110);  // bytes 16, 1: high digit × 16 + low digit
    __m256i bad = _mm256_setzero_si256();
    for (size_t k = 0; k < blocks; k++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(src + 32 * k));
        __m256i digit = _mm256_sub_epi8(v, zero);
        __m256i letter = _mm256_sub_epi8(_mm256_or_si256(v, case_bit), a);
        __m256i is_digit = _mm256_cmpeq_epi8(_mm256_min_epu8(digit, nine), digit);
        __m256i is_letter = _mm256_cmpeq_epi8(_mm256_min_epu8(letter, five), letter);
        bad = _mm256_or_si256(bad, _mm256_andnot_si256(_mm256_or_si256(is_digit, is_letter), _mm256_set1_epi8(-1)));
        __m256i value = _mm256_blendv_epi8(_mm256_add_epi8(letter, ten), digit, is_digit);
        value = _mm256_and_si256(value, _mm256_set1_epi8(0x0F));
        __m256i pairs = _mm256_maddubs_epi16(value, weights);
        __m256i packed = _mm256_packus_epi16(pairs, pairs);
        packed = _mm256_permute4x64_epi64(packed, 0x08);  // quadwords 0 and 2 to the low half
        _mm_storeu_si128((__m128i *)(dst + 16 * k), _mm256_castsi256_si128(packed));
    }
    return _mm256_testz_si256(bad, bad) ? 0 : 1;
}

__attribute__((target("avx2"))) void ballast_hex_encode16(const uint8_t *src, size_t blocks, uint8_t *dst) {
    const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
    const __m128i low = _mm_set1_epi8(0x0F);
    for (size_t k = 0; k < blocks; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(src + 16 * k));
        __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), low);
        __m128i lo = _mm_and_si128(v, low);
        __m128i first = _mm_unpacklo_epi8(hi, lo);
        __m128i second = _mm_unpackhi_epi8(hi, lo);
        _mm_storeu_si128((__m128i *)(dst + 32 * k), _mm_shuffle_epi8(digits, first));
        _mm_storeu_si128((__m128i *)(dst + 32 * k + 16), _mm_shuffle_epi8(digits, second));
    }
}

#else

int ballast_hex_vector_available(void) { return 0; }

int ballast_hex_decode16(const uint8_t *src, size_t blocks, uint8_t *dst) {
    (void)src, (void)blocks, (void)dst;
    return 1;
}

void ballast_hex_encode16(const uint8_t *src, size_t blocks, uint8_t *dst) { (void)src, (void)blocks, (void)dst; }

#endif
