#!/usr/bin/env bash
# The main job on the bundled example. Run through `make demo` (which builds the release binary first).
set -euo pipefail
cd "$(dirname "$0")/.."
B=.build/release/ballast
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

run $B keccak "transfer(address,uint256)"
run $B keccak 0x
run $B to-checksum-address 0xd8da6bf26964af9d7eed9e03e53415d37aa96045
run $B rlp encode '["0x636174", "0x646f67", [], 1024]'
run $B rlp decode 0xc88363617483646f67
