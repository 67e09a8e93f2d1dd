#!/usr/bin/env bash
# The main job on the bundled example (run through `make demo`, which builds the release binary):
# compile and sign examples/demo.json — an Aave V3 flash-loan rebalance and a Yearn V3 harvest that
# compounds into an ERC-4626 vault, through the account's executor contract — then show the decoded
# calls and decode the signed transactions again.
#
# The key is the widely published development key (Anvil/Hardhat account #0). It is public: never
# send anything to its address on a real network. It is written to a private temporary file, as a
# real key would be.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BALLAST_BIN:-.build/release/ballast}
PLAN=examples/demo.json

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
umask 077
printf '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\n' > "$tmp/dev.key"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; "$@"; }

step "1. Validate and compile the plan (nothing is signed): transactions and their decoded calls"
show "$B" plan check "$PLAN"

step "2. Sign it under the keeper's signing policy: one raw EIP-1559 transaction per line, in nonce order"
show "$B" plan build "$PLAN" --private-key-file "$tmp/dev.key" --policy examples/policy/treasury.json --out "$tmp/demo.raw"
cat "$tmp/demo.raw"

step "3. The same as JSON Lines (action id, nonce, hash, from, to, type, raw)"
show "$B" plan build "$PLAN" --private-key-file "$tmp/dev.key" --format jsonl

step "4. Decode each signed transaction strictly and recover its sender"
while read -r raw; do
    show "$B" tx decode "$raw"
done < "$tmp/demo.raw"

step "5. Broadcast (not run here: this machine is offline by design)"
echo "  cast publish --rpc-url \$RPC \$(sed -n 1p demo.raw)"
echo "  curl -s \$RPC -H 'content-type: application/json' \\"
echo "    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\",\"params\":[\"'\$(sed -n 1p demo.raw)'\"]}'"
