#!/usr/bin/env bash
# `make bench`: every benchmark of the project in one run, in this order:
#   1. one release build of the benchmark package (Benchmarks/), reused by all steps;
#   2. package-benchmark over every target in Benchmarks/Benchmarks/ that defines benchmarks
#      (wall clock, throughput, malloc counts); targets without any `Benchmark(` yet are skipped;
#   3. BenchReport: side-by-side tables (ours vs references, MB/s, ratios, medians of interleaved
#      samples in one process); it also writes its raw results to Benchmarks/.build/bench-report.json;
#   4. every scripts/bench_*.py (sorted), run with the project's Python venv and given the path of
#      that JSON file as its only argument, so it can print reference timings next to ours.
#
# Environment knobs:
#   BENCH_SKIP_PACKAGE_BENCHMARK=1   skip step 2 (quick look at the report only)
#   BENCH_REPORT_ARGS="--only keccak --samples 21"   extra arguments for BenchReport (see --help)
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
PACKAGE=Benchmarks
REPORT_JSON="$PACKAGE/.build/bench-report.json"
PYTHON=.venv/bin/python

echo "== environment =="
echo "machine: $(uname -sm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
echo "swift:   $($SWIFT --version 2>/dev/null | head -1)"
if command -v openssl >/dev/null 2>&1; then echo "openssl: $(openssl version)"; fi
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a) (other processes on the machine skew wall-clock figures)"

echo
echo "== build (release) =="
$SWIFT build --package-path "$PACKAGE" -c release 2>&1 | grep -v -E '^\[[0-9]+/[0-9]+\]' || true
if [ ! -x "$PACKAGE/.build/release/BenchReport" ]; then
    echo "bench: the release build failed" >&2
    exit 1
fi

if [ "${BENCH_SKIP_PACKAGE_BENCHMARK:-0}" != "1" ]; then
    echo
    echo "== package-benchmark =="
    skip=()
    for dir in "$PACKAGE"/Benchmarks/*/; do
        target=$(basename "$dir")
        if ! grep -q -E '\bBenchmark\(' "$dir"*.swift 2>/dev/null; then
            echo "($target has no benchmarks yet: skipped)"
            skip+=(--skip-target "^${target}\$")
        fi
    done
    $SWIFT package --package-path "$PACKAGE" benchmark --no-progress ${skip[@]+"${skip[@]}"}
fi

echo
echo "== side-by-side report =="
# shellcheck disable=SC2086
"$PACKAGE/.build/release/BenchReport" --json "$REPORT_JSON" ${BENCH_REPORT_ARGS:-}

for script in scripts/bench_*.py; do
    [ -e "$script" ] || continue
    echo
    echo "== $script =="
    "$PYTHON" "$script" "$REPORT_JSON"
done
