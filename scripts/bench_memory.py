#!/usr/bin/env python3
"""Peak memory of the commands that read a whole JSON document or hex text, against the input.

For each command: the input size, the peak resident memory of the release binary on the largest
input it accepts (`ru_maxrss` of the child, from wait4), the peak of the same command on a tiny
input (the process's base: code, libraries, the bundled ABIs), and the ratio
(peak − base) / input size against the target of at most 4× (README, "Input sizes").

Inputs are made here, just under each command's ceiling (JSON documents 4 MiB, hex text 16 MiB):
a plan of many small `call` actions (text and `--json` reports, `plan build` raw and jsonl, the
signed transactions audited `--against` it), a signing policy of many targets, EIP-712 typed data
with a long array, a SafeTx file with a long `data`, and RLP of one-byte items for `rlp decode`.

Run: .venv/bin/python scripts/bench_memory.py   (make bench runs it with the release binary);
`--only TEXT` measures only the rows whose name contains TEXT (e.g. `--only against`).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BALLAST_BIN", os.path.join(ROOT, ".build", "release", "ballast"))
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
ACCOUNT = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
DOCUMENT = 4 * 1024 * 1024
HEX_TEXT = 16 * 1024 * 1024
TARGET = 4.0


def peak(args, stdin=None):
    """Runs the binary, output discarded; returns its peak RSS in bytes (exits on failure)."""
    with open(stdin or os.devnull, "rb") as source:
        proc = subprocess.Popen([BIN] + args, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench_memory: {' '.join(args)} failed: {err.strip()}")
    return usage.ru_maxrss * 1024


def output(args):
    done = subprocess.run([BIN] + args, capture_output=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench_memory: {' '.join(args)} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def plan_text(actions):
    items = []
    for i in range(actions):
        items.append({
            "id": f"approve-{i:06d}", "kind": "call", "to": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
            "function": "function approve(address spender, uint256 value) returns (bool)",
            "args": ["0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2", str(1_000_000 + i)],
        })
    return json.dumps({
        "version": 1, "chainId": 1, "account": ACCOUNT, "execution": {"mode": "eoa"}, "nonce": 0,
        "fees": {"maxFeePerGas": "40gwei", "maxPriorityFeePerGas": "1gwei"}, "actions": items,
    }, separators=(",", ":"))


def largest(make, limit):
    """make(n) for the largest n (by halving steps, then linear refinement) whose text fits in `limit`."""
    low, high = 1, 2
    while len(make(high)) <= limit:
        low, high = high, high * 2
    while high - low > 1:
        mid = (low + high) // 2
        if len(make(mid)) <= limit:
            low = mid
        else:
            high = mid
    return make(low)


def policy_text(targets):
    rng = random.Random(7)
    addresses = ["0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"]
    addresses += ["0x" + rng.randbytes(20).hex() for _ in range(targets)]
    return json.dumps({"version": 1, "chainIds": [1], "targets": addresses}, separators=(",", ":"))


def typed_data_text(items):
    return json.dumps({
        "types": {
            "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint256"}],
            "Batch": [{"name": "amounts", "type": "uint256[]"}],
        },
        "primaryType": "Batch", "domain": {"name": "Ballast", "chainId": 1},
        "message": {"amounts": [str(10_000_000 + i) for i in range(items)]},
    }, separators=(",", ":"))


def make_inputs(tmp):
    """Writes every input into `tmp` and returns the rows to measure: (name, argument template,
    big inputs, tiny inputs). Run in a child process of its own (see `main`)."""
    rows = []
    key = os.path.join(tmp, "dev.key")
    with open(os.open(key, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
        f.write(DEV_KEY + "\n")
    p = lambda name: os.path.join(tmp, name)  # noqa: E731

    big_plan = write(p("plan.json"), largest(plan_text, DOCUMENT))
    small_plan = write(p("small-plan.json"), plan_text(1))
    actions = len(json.load(open(big_plan))["actions"])
    for name, extra in [("plan check", []), ("plan check --json", ["--json"])]:
        rows.append((f"{name} ({actions:,} actions)", ["plan", "check", "IN"] + extra, [big_plan], [small_plan]))
    for fmt in ["raw", "jsonl"]:
        rows.append((f"plan build --format {fmt}", ["plan", "build", "IN", "--format", fmt, "--private-key-file", key], [big_plan], [small_plan]))

    # The plan's own transactions, audited against it: both inputs count.
    big_txs = p("txs.jsonl")
    with open(big_txs, "wb") as f:
        f.write(output(["plan", "build", big_plan, "--format", "jsonl", "--private-key-file", key]))
    small_txs = p("small-txs.jsonl")
    with open(small_txs, "wb") as f:
        f.write(output(["plan", "build", small_plan, "--format", "jsonl", "--private-key-file", key]))
    rows.append(("audit TXS --against PLAN (both inputs)", ["audit", "IN", "--against", "IN"], [big_txs, big_plan], [small_txs, small_plan]))

    big_policy = write(p("policy.json"), largest(policy_text, DOCUMENT))
    small_policy = write(p("small-policy.json"), policy_text(1))
    rows.append(("plan check --policy POLICY (policy size)", ["plan", "check", small_plan, "--policy", "IN"], [big_policy], [small_policy]))

    big_typed = write(p("typed.json"), largest(typed_data_text, DOCUMENT))
    small_typed = write(p("small-typed.json"), typed_data_text(1))
    rows.append(("wallet sign-typed-data", ["wallet", "sign-typed-data", "IN", "--private-key-file", key], [big_typed], [small_typed]))
    rows.append(("eip712-hash", ["eip712-hash", "IN"], [big_typed], [small_typed]))

    # A SafeTx file (from the bundled Safe batch example) with a long `data`.
    safe_tx = json.loads(output(["plan", "build", os.path.join(ROOT, "examples", "safe-batch.json"), "--format", "safe-tx"]))
    small_safe = write(p("small-safe.json"), json.dumps(safe_tx, indent=2))
    safe_tx["data"] = "0x" + "ab" * ((DOCUMENT - len(json.dumps(safe_tx, indent=2)) - 64) // 2)
    big_safe = write(p("safe.json"), json.dumps(safe_tx, indent=2))
    rows.append(("safe hash", ["safe", "hash", "IN"], [big_safe], [small_safe]))

    # RLP of one-byte items: the longest list whose hex fits in 16 MiB (with a newline).
    count = (HEX_TEXT - 2 - 1 - 2 * 5) // 2
    header = count.to_bytes((count.bit_length() + 7) // 8, "big")
    big_rlp = write(p("rlp.hex"), "0x" + (bytes([0xF7 + len(header)]) + header).hex() + "01" * count + "\n")
    small_rlp = write(p("small-rlp.hex"), "0xc101\n")
    rows.append((f"rlp decode ({count:,} one-byte items)", ["rlp", "decode", "--file", "IN"], [big_rlp], [small_rlp]))
    return rows


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit(f"bench_memory: {BIN} is missing (make release)")
    if len(sys.argv) == 3 and sys.argv[1] == "--make-inputs":
        with open(os.path.join(sys.argv[2], "rows.json"), "w") as f:
            json.dump(make_inputs(sys.argv[2]), f)
        return
    only = None
    if len(sys.argv) == 3 and sys.argv[1] == "--only":
        only = sys.argv[2]
    elif len(sys.argv) != 1:
        sys.exit("usage: bench_memory.py [--only TEXT]")
    with tempfile.TemporaryDirectory() as tmp:
        # The inputs are made by another process: on Linux a child's ru_maxrss starts at the
        # resident size of the process that forked it, which must stay small here.
        subprocess.run([sys.executable, os.path.abspath(__file__), "--make-inputs", tmp], check=True)
        with open(os.path.join(tmp, "rows.json")) as f:
            rows = json.load(f)
        if only is not None:
            rows = [r for r in rows if only in r[0]]
        print(f"{'command':<44} {'input':>10} {'peak RSS':>10} {'base RSS':>10} {'ratio':>7}  target ≤ {TARGET:g}×")
        missed = 0
        for name, template, big, small in rows:
            def args(files):
                queue = list(files)
                return [queue.pop(0) if a == "IN" else a for a in template]
            base = min(peak(args(small)) for _ in range(3))
            top = max(peak(args(big)) for _ in range(2))
            size = sum(os.path.getsize(f) for f in big)
            ratio = (top - base) / size
            missed += ratio > TARGET
            print(f"{name:<44} {size / 1e6:>8.2f} MB {top / 1e6:>7.1f} MB {base / 1e6:>7.1f} MB {ratio:>6.2f}×  "
                  f"{'met' if ratio <= TARGET else 'MISSED'}")
        print(f"peak RSS − base RSS within {TARGET:g}× the input: {len(rows) - missed} of {len(rows)} commands")


if __name__ == "__main__":
    main()
