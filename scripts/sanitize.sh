#!/usr/bin/env bash
# The Swift test suite under AddressSanitizer and under ThreadSanitizer (`make sanitize`).
#   scripts/sanitize.sh              both, one after the other
#   scripts/sanitize.sh address      one of them (address | thread)
# Each builds in its own scratch folder (.build-asan, .build-tsan), so the ordinary .build is
# never rebuilt. The `ballast` binary the CLI tests run as a child process is built with the same
# sanitizer; since a child's report only changes its exit status (which a test may expect to be 1
# anyway), every process writes its reports to files under <scratch>/sanitizer-logs, and any file
# there after the run fails it, printed in full. The multi-threaded paths (tx sign --jobs, plan
# signing threads, audits sharing one Auditor) also run in the test process itself:
# Tests/ConcurrencyTests. The whole suite runs under both (no subset: each takes a few minutes of
# CPU time, see README "Sanitizers and fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
if [ ${#sanitizers[@]} -eq 0 ]; then sanitizers=(address thread); fi

status=0
for s in "${sanitizers[@]}"; do
    case "$s" in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *) echo "sanitize.sh: unknown sanitizer '$s' (address | thread)" >&2; exit 2 ;;
    esac
    logs="$PWD/$scratch/sanitizer-logs"
    rm -rf "$logs"
    mkdir -p "$logs"
    start=$(date +%s)
    echo "== $s: building in $scratch"
    swift build --build-tests --sanitize="$s" --scratch-path "$scratch" 2>&1 | tail -n 3
    built=$(date +%s)
    echo "== $s: testing"
    rc=0
    # Leak checking is off: at exit LeakSanitizer reports objects of the XCTest runner and of
    # Foundation's JSONDecoder decoding test vectors (no library code); memory errors (use after
    # free, overflows, bad pointers) are what this run tests.
    BALLAST_SANITIZER="$s" \
    ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:log_path=$logs/asan" \
    TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1:log_path=$logs/tsan" \
        swift test --skip-build --sanitize="$s" --scratch-path "$scratch" > "$logs/../sanitize-$s.log" 2>&1 || rc=$?
    end=$(date +%s)
    tail -n 5 "$logs/../sanitize-$s.log"
    reports=$(find "$logs" -type f | sort)
    if [ -n "$reports" ]; then
        for f in $reports; do echo "--- $f"; cat "$f"; done
        echo "== $s: sanitizer reports above ($(echo "$reports" | wc -l) files)" >&2
        status=1
    fi
    if [ "$rc" -ne 0 ]; then
        grep -E "✘|error:|failed" "$logs/../sanitize-$s.log" | head -n 40 || true
        echo "== $s: tests failed (exit $rc; full log $scratch/sanitize-$s.log)" >&2
        status=1
    fi
    echo "== $s: build $((built - start))s, tests $((end - built))s"
done
exit $status
