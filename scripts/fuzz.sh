#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer) and runs them.
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS each (default 60), corpora kept
#   scripts/fuzz.sh FuzzRLP         one target
#   scripts/fuzz.sh --smoke [T…]    CI: every target for FUZZ_SECONDS (default 30) from the
#                                   committed inputs only, in a throw-away corpus
# Each target first replays every committed input: the seeds (Fuzz/Seeds/<target>/) and the
# regression inputs (Fuzz/Regressions/<target>/: every crash, hang or property violation ever
# found). Then it fuzzes; a long run grows its corpus in .fuzz-corpus/<target> (git-ignored).
# The libFuzzer dictionary Fuzz/Seeds/<target>.dict is used when there is one. An input that
# runs longer than FUZZ_TIMEOUT seconds (default 10) is a hang. Any crash, hang, leak of the
# memory limit or property violation fails the run (exit 1) and is saved in .fuzz-artifacts/:
# fix it, then commit the input as Fuzz/Regressions/<target>/<name> (replayed by every run and
# by FuzzRegressionTests in `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
if [ "${1:-}" = "--smoke" ]; then
    smoke=1
    shift
fi
seconds=${FUZZ_SECONDS:-$([ $smoke -eq 1 ] && echo 30 || echo 60)}
timeout_s=${FUZZ_TIMEOUT:-10}

start=$(date +%s)
swift build --package-path Fuzz --scratch-path .build-fuzz -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | grep -v 'Cannot export' | tail -n 3
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz.sh: build failed" >&2; exit 1; }
echo "== built in $(( $(date +%s) - start ))s"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=($(sed -n 's/^ *\.executableTarget(name: "\(Fuzz[A-Za-z0-9]*\)".*$/\1/p' Fuzz/Package.swift))
fi
mkdir -p .fuzz-artifacts
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

failed=()
for t in "${targets[@]}"; do
    bin=".build-fuzz/debug/$t"
    [ -x "$bin" ] || { echo "fuzz.sh: no target $t" >&2; exit 2; }
    inputs=()
    for d in "Fuzz/Seeds/$t" "Fuzz/Regressions/$t"; do
        if [ -d "$d" ]; then
            while IFS= read -r f; do inputs+=("$f"); done < <(find "$d" -type f | sort)
        fi
    done
    # Long enough for every committed input, never less than 4096.
    max_len=4096
    for f in ${inputs[@]+"${inputs[@]}"}; do
        size=$(stat -c %s "$f")
        if [ "$size" -gt "$max_len" ]; then max_len=$size; fi
    done
    common=(-timeout="$timeout_s" -rss_limit_mb=2048 -max_len="$max_len" -artifact_prefix=".fuzz-artifacts/$t-")
    dict=()
    if [ -f "Fuzz/Seeds/$t.dict" ]; then dict=(-dict="Fuzz/Seeds/$t.dict"); fi

    echo "== $t: replaying ${#inputs[@]} committed inputs"
    if [ ${#inputs[@]} -gt 0 ]; then
        if ! "$bin" "${common[@]}" "${inputs[@]}" > "$scratch/$t.replay.log" 2>&1; then
            grep -E '==[0-9]+==ERROR|SUMMARY|Fatal error|property violated|ALARM|Running:' "$scratch/$t.replay.log" | tail -n 20 || true
            failed+=("$t (replay)")
            continue
        fi
    fi

    if [ $smoke -eq 1 ]; then
        corpus="$scratch/$t.corpus"
    else
        corpus=".fuzz-corpus/$t"
    fi
    mkdir -p "$corpus"
    dirs=()
    for d in "Fuzz/Seeds/$t" "Fuzz/Regressions/$t"; do [ -d "$d" ] && dirs+=("$d"); done
    echo "== $t: fuzzing ${seconds}s"
    rc=0
    # New inputs go to the first folder only: the committed ones are never written.
    "$bin" "$corpus" ${dirs[@]+"${dirs[@]}"} ${dict[@]+"${dict[@]}"} "${common[@]}" -max_total_time="$seconds" \
        -print_final_stats=1 > "$scratch/$t.log" 2>&1 || rc=$?
    grep -E '^(#[0-9]+[[:space:]]+DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$scratch/$t.log" || true
    if [ $rc -ne 0 ]; then
        grep -E '==[0-9]+==ERROR|SUMMARY|Fatal error|property violated|ALARM|Test unit written|deadly signal' "$scratch/$t.log" | head -n 20 || true
        failed+=("$t")
    fi
done

echo "== fuzz: $(( $(date +%s) - start ))s in all"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failed[*]} — inputs in .fuzz-artifacts/; once fixed, commit each as Fuzz/Regressions/<target>/<name>" >&2
    exit 1
fi
