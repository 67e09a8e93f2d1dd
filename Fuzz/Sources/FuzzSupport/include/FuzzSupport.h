#ifndef BALLAST_FUZZ_SUPPORT_H
#define BALLAST_FUZZ_SUPPORT_H
#include <stddef.h>
#include <stdint.h>
/// libFuzzer's driver entry point (compiler-rt), used so each fuzz target keeps a Swift `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
