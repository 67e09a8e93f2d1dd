#!/usr/bin/env python3
"""Whole-process figures of the release binary (`.build/release/ballast`, built by `make bench`):

1. `ballast plan build examples/demo.json` (under examples/policy/treasury.json, as `make demo`
   does): median wall time of 21 runs; target ≤ 50 ms.
2. `ballast tx sign` of 10,000 JSON lines (EIP-1559, 600 bytes of calldata each) with `--jobs 1`
   and `--jobs 2`, runs interleaved, medians: the speed-up (target ≥ 1.7× on two cores) and the
   peak resident memory of each run, then 60,000 lines once: memory stays bounded (the input is
   read in 16 MiB chunks). The first and last signed lines are recovered with eth-account.

3. `ballast tx sign` of 20,000 such lines on every core against the limit of the cores: the bare
   libsecp256k1 `sign_recoverable` + `recover` of one transaction (BenchReport's median, same
   `make bench` run) divided by the number of cores, over our whole-process time per transaction
   (median of 5): the fraction of the cores' signing speed reached; target ≥ 0.85.
4. `ballast keccak --file` of a 64 MiB file against `openssl dgst -sha3-256` (same padding work:
   Keccak-256 and SHA3-256 differ only in the padding byte), whole processes, runs interleaved,
   medians of 9: target ≥ 0.9× OpenSSL's speed, and the peak resident memory (constant: the file
   is read in 1 MiB chunks).

Run: .venv/bin/python scripts/bench_cli.py [BenchReport JSON]   (scripts/bench.sh passes its report)
"""
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from eth_account import Account

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BALLAST_BIN", os.path.join(ROOT, ".build", "release", "ballast"))
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"


def run(args, stdout=subprocess.DEVNULL):
    """Runs the binary; returns (seconds, peak RSS in MB, exit status)."""
    start = time.perf_counter()
    proc = subprocess.Popen([BIN] + args, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"bench_cli: {' '.join(args)} failed ({proc.returncode}): {err.strip()}")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def lines(count, seed):
    rng = random.Random(seed)
    out = []
    for nonce in range(count):
        data = bytes(0 if i % 5 == 0 else rng.randrange(1, 256) for i in range(600))
        out.append(json.dumps({
            "type": 2, "chainId": 1, "nonce": nonce, "to": "0x00000000219ab540356cBB839Cbe05303d7705Fa",
            "value": "10000000000000000", "gas": 250000, "maxFeePerGas": "30000000000",
            "maxPriorityFeePerGas": "1500000000", "data": "0x" + data.hex(),
        }, separators=(",", ":")))
    return "\n".join(out) + "\n"


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit(f"bench_cli: {BIN} is missing (make release)")
    cores = os.cpu_count() or 1
    address = Account.from_key(DEV_KEY).address
    with tempfile.TemporaryDirectory() as tmp:
        key = os.path.join(tmp, "dev.key")
        with open(os.open(key, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(DEV_KEY + "\n")

        # 1. the demo plan, whole process
        demo = ["plan", "build", os.path.join(ROOT, "examples", "demo.json"), "--private-key-file", key,
                "--policy", os.path.join(ROOT, "examples", "policy", "treasury.json")]
        run(demo)
        times = sorted(run(demo)[0] for _ in range(21))
        median = statistics.median(times) * 1000
        print(f"plan build examples/demo.json (whole process, --policy): median {median:.1f} ms, "
              f"best {times[0] * 1000:.1f} ms of 21 — target ≤ 50 ms: {'met' if median <= 50 else 'MISSED'}")

        # 2. tx sign, 10,000 lines, --jobs 1 vs --jobs 2
        small = os.path.join(tmp, "10k.jsonl")
        with open(small, "w") as f:
            f.write(lines(10_000, 1))
        out = os.path.join(tmp, "out.txt")
        with open(out, "w") as f:
            run(["tx", "sign", "--input", small, "--private-key-file", key], stdout=f)
        with open(out) as f:
            raws = f.read().split()
        assert len(raws) == 10_000
        for raw in (raws[0], raws[-1]):
            assert Account.recover_transaction(raw) == address
            assert bytes.fromhex(raw[2:])[0] == 2
        print(f"tx sign output: 10,000 lines; first and last recover to {address} (eth-account)")
        if cores < 2:
            print("tx sign --jobs 2 vs 1: skipped (one core)")
            return
        one, two, rss = [], [], []
        for _ in range(5):
            t, m, _ = run(["tx", "sign", "--input", small, "--private-key-file", key, "--jobs", "1"])
            one.append(t)
            rss.append(m)
            t, m, _ = run(["tx", "sign", "--input", small, "--private-key-file", key, "--jobs", "2"])
            two.append(t)
            rss.append(m)
        m1, m2 = statistics.median(one), statistics.median(two)
        ratio = m1 / m2
        print(f"tx sign 10,000 lines × 600 B: --jobs 1 {m1:.3f} s, --jobs 2 {m2:.3f} s (medians of 5, interleaved; "
              f"best {min(one):.3f} / {min(two):.3f}) → {ratio:.2f}× (best/best {min(one) / min(two):.2f}×) — "
              f"target ≥ 1.7×: {'met' if ratio >= 1.7 else 'MISSED'}; peak RSS {max(rss):.0f} MB")

        # 3. memory stays bounded: six times the lines
        big = os.path.join(tmp, "60k.jsonl")
        with open(big, "w") as f:
            text = lines(10_000, 2)
            for _ in range(6):
                f.write(text)
        t, m, _ = run(["tx", "sign", "--input", big, "--private-key-file", key, "--jobs", "2"])
        print(f"tx sign 60,000 lines: {t:.2f} s, peak RSS {m:.0f} MB (10,000 lines: {max(rss):.0f} MB)")

        # 3. tx sign on every core vs the limit of the cores (bare libsecp256k1, same run)
        signing_limit(tmp, key, cores)

        # 4. keccak --file vs openssl, whole processes
        keccak_vs_openssl(tmp)


def bare_sign_recover_us():
    """BenchReport's median and best of the bare sign_recoverable + recover pair, in µs, or None."""
    report = sys.argv[1] if len(sys.argv) > 1 else None
    if not report or not os.path.exists(report):
        return None
    with open(report, encoding="utf-8") as f:
        rows = json.load(f)
    for r in rows:
        if r.get("section") == "tx" and r.get("name") == "bare sign_recoverable + recover":
            return r["ns_per_op_median"] / 1000, r["ns_per_op_min"] / 1000
    return None


def signing_limit(tmp, key, cores):
    figures = bare_sign_recover_us()
    if figures is None:
        print("tx sign vs the cores' limit: skipped (no BenchReport figure for the bare sign + recover)")
        return
    count = 20_000
    path = os.path.join(tmp, "20k.jsonl")
    with open(path, "w") as f:
        f.write(lines(count, 3))
    args = ["tx", "sign", "--input", path, "--private-key-file", key]
    bare, bare_best = figures
    run(args)
    times = sorted(run(args)[0] for _ in range(5))
    per_tx = statistics.median(times) / count * 1e6
    best_tx = times[0] / count * 1e6
    limit = bare / cores
    ratio = limit / per_tx
    print(f"tx sign {count:,} lines × 600 B on {cores} cores, whole process: {per_tx:.1f} µs/tx (median of 5; "
          f"best {best_tx:.1f}); limit {limit:.1f} µs/tx = bare sign_recoverable + recover "
          f"{bare:.1f} µs / {cores} cores → {ratio:.2f} of the limit (best/best {bare_best / cores / best_tx:.2f}) "
          f"— target ≥ 0.85: {'met' if ratio >= 0.85 else 'MISSED'} (meaningful only when the --jobs 2 speed-up "
          f"above shows both cores free)")


def keccak_vs_openssl(tmp):
    if shutil.which("openssl") is None:
        print("keccak --file vs openssl: skipped (no openssl)")
        return
    path = os.path.join(tmp, "64m.bin")
    rng = random.Random(4)
    with open(path, "wb") as f:
        for _ in range(64):  # 1 MiB at a time: this process stays small (a child's peak RSS counts its fork)
            f.write(rng.randbytes(1 << 20))
    ours, theirs, rss = [], [], []
    for _ in range(9):
        t, m, _ = run(["keccak", "--file", path])
        ours.append(t)
        rss.append(m)
        start = time.perf_counter()
        subprocess.run(["openssl", "dgst", "-sha3-256", path], check=True, stdout=subprocess.DEVNULL)
        theirs.append(time.perf_counter() - start)
    # wait4's figure for a child of this (large) Python process counts the pages it had when it
    # was forked; GNU time, a small process, reports the binary's own peak.
    if os.path.exists("/usr/bin/time"):
        timed = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, "keccak", "--file", path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        rss = [int(timed.stderr.strip().splitlines()[-1]) / 1024]
    a, b = statistics.median(ours), statistics.median(theirs)
    ratio = b / a
    print(f"keccak --file 64 MiB, whole process: {a * 1000:.0f} ms vs openssl dgst -sha3-256 {b * 1000:.0f} ms "
          f"(medians of 9, interleaved) → {ratio:.2f}× OpenSSL's speed — target ≥ 0.9×: "
          f"{'met' if ratio >= 0.9 else 'MISSED'}; peak RSS {max(rss):.0f} MB")


if __name__ == "__main__":
    main()
