// Two Keccak-256 digests computed side by side with AVX-512 (x86-64): the two sponge states
// share vector registers, lane i of the first in the low half, of the second in the high half.
#ifndef BALLAST_KECCAK_VECTOR_H
#define BALLAST_KECCAK_VECTOR_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor and system run `ballast_keccak256_x2` (x86-64 with AVX-512F and
/// AVX-512VL, their register state enabled by the system), else 0.
int ballast_keccak256_x2_available(void);

/// The Keccak-256 digests of `first` (`first_count` bytes) and `second` (`second_count` bytes),
/// written to `first_digest` and `second_digest` (32 bytes each). Only to be called when
/// `ballast_keccak256_x2_available()` returned 1. A pointer may be NULL when its count is 0.
void ballast_keccak256_x2(const uint8_t *first, size_t first_count, const uint8_t *second, size_t second_count,
                          uint8_t *first_digest, uint8_t *second_digest);

/// The Keccak-256 digests of four messages (`messages[i]`, `counts[i]` bytes) at once, one in each
/// quarter of 256-bit registers, written to `digests[i]` (32 bytes each). Only to be called when
/// `ballast_keccak256_x2_available()` returned 1 (the same instructions on wider registers). A
/// message pointer may be NULL when its count is 0.
void ballast_keccak256_x4(const uint8_t *const messages[4], const size_t counts[4], uint8_t *const digests[4]);

#endif
