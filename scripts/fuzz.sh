#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer) and runs each for a while.
#   scripts/fuzz.sh            every target, FUZZ_SECONDS each (default 60)
#   scripts/fuzz.sh FuzzRLP    one target
# Corpora grow in .fuzz-corpus/<target> (git-ignored), starting from the committed seeds in
# Fuzz/Seeds/<target> when there are any (read, never written; Fuzz/Seeds/gen_seeds.py writes them),
# with the libFuzzer dictionary Fuzz/Seeds/<target>.dict when there is one; crashes are written to
# .fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
swift build --package-path Fuzz --scratch-path .build-fuzz -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | grep -v 'Cannot export' | tail -n 3
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=($(sed -n 's/^ *name: "\(Fuzz[A-Za-z0-9]*\)",$/\1/p' Fuzz/Package.swift | grep -v -e FuzzSupport -e FuzzDriver))
fi
mkdir -p .fuzz-artifacts
for t in "${targets[@]}"; do
    mkdir -p ".fuzz-corpus/$t"
    echo "== $t (${seconds}s)"
    seeds=()
    max_len=4096
    if [ -d "Fuzz/Seeds/$t" ]; then
        seeds=("Fuzz/Seeds/$t")
        # Long enough for every seed (whole transactions and calldata), never less than 4096.
        largest=$(find "Fuzz/Seeds/$t" -type f -printf '%s\n' | sort -n | tail -n 1)
        if [ "${largest:-0}" -gt "$max_len" ]; then max_len=$largest; fi
    fi
    dict=()
    if [ -f "Fuzz/Seeds/$t.dict" ]; then dict=(-dict="Fuzz/Seeds/$t.dict"); fi
    ".build-fuzz/debug/$t" ".fuzz-corpus/$t" ${seeds[@]+"${seeds[@]}"} ${dict[@]+"${dict[@]}"} -max_total_time="$seconds" -max_len="$max_len" \
        -artifact_prefix=".fuzz-artifacts/$t-" -print_final_stats=1 2>&1 \
        | grep -E '^(#[0-9]+[[:space:]]+DONE|Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' || true
done
