// Hex digits to bytes and back, 16 bytes at a time with AVX2 (x86-64; checked at run time).
#ifndef BALLAST_HEX_VECTOR_H
#define BALLAST_HEX_VECTOR_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor and system run `ballast_hex_decode16` and `ballast_hex_encode16`
/// (x86-64 with AVX2, its register state enabled by the system), else 0.
int ballast_hex_vector_available(void);

/// Decodes the first `blocks * 32` ASCII hex digits at `src` (either case) into `blocks * 16`
/// bytes at `dst`. Returns 0 when every one of those digits is a hex digit, else 1 (then `dst`
/// holds unspecified bytes). Only to be called when `ballast_hex_vector_available()` returned 1.
int ballast_hex_decode16(const uint8_t *src, size_t blocks, uint8_t *dst);

/// Writes the lowercase hex digits of the first `blocks * 16` bytes at `src` (two per byte, the
/// high nibble first) to `dst` (`blocks * 32` bytes). Only to be called when
/// `ballast_hex_vector_available()` returned 1.
void ballast_hex_encode16(const uint8_t *src, size_t blocks, uint8_t *dst);

#endif
