#!/usr/bin/env python3
"""Reference timing: eth-account 0.14.0 (coincurve backend) signing the transaction that
Benchmarks/TxBenchmarks signs: EIP-1559, chain 1, 600 bytes of calldata, key 0x42…42.

Run: .venv/bin/python scripts/bench_tx_reference.py [count | BenchReport-JSON]
Prints µs per signed transaction (best of 5 runs) and the raw bytes of the nonce-1 transaction,
which must equal what `DynamicFeeTransaction.sign(with:)` produces for it. Given the JSON report
of BenchReport (as scripts/bench.sh does), also prints our figure from that report and the ratio
against the target (ours at least 10× faster).
"""
import json
import os
import sys
import time

from eth_account import Account
from eth_keys.backends import get_backend

KEY = bytes([0x42]) * 32
CALLDATA = bytes(0 if i % 5 == 0 else (i * 37 + 11) & 0xFF for i in range(600))
TO = "0x00000000219ab540356cBB839Cbe05303d7705Fa"


def tx(nonce: int) -> dict:
    return {
        "type": 2, "chainId": 1, "nonce": nonce, "maxPriorityFeePerGas": 1_500_000_000,
        "maxFeePerGas": 30_000_000_000, "gas": 250_000, "to": TO, "value": 10_000_000_000_000_000,
        "data": "0x" + CALLDATA.hex(),
    }


def main() -> None:
    # scripts/bench.sh passes the path of its JSON report; a number instead sets the count.
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2000
    account = Account.from_key(KEY)
    backend = get_backend()
    print(f"eth-account backend: {type(backend).__module__}.{type(backend).__name__}")
    print("nonce-1 raw:", "0x" + bytes(account.sign_transaction(tx(1)).raw_transaction).hex())
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for nonce in range(count):
            account.sign_transaction(tx(nonce))
        best = min(best, (time.perf_counter() - start) / count)
    print(f"eth-account sign_transaction: {best * 1e6:.1f} µs/tx (best of 5 × {count})")
    report = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].isdigit() else None
    if report and os.path.exists(report):
        with open(report, encoding="utf-8") as f:
            rows = json.load(f)
        ours = [r for r in rows if r.get("section") == "tx" and r.get("name", "").startswith("tx sign (ours")]
        if ours:
            median, fastest = ours[0]["ns_per_op_median"] / 1000, ours[0]["ns_per_op_min"] / 1000
            ratio = best * 1e6 / median
            verdict = "met" if ratio >= 10 else "MISSED"
            print(f"ours (BenchReport, same run): {median:.1f} µs/tx median, {fastest:.1f} best")
            print(f"target ≥ 10× eth-account: {ratio:.1f}× (best/best {best * 1e6 / fastest:.1f}×) — {verdict}")
        for r in rows:
            if r.get("section") == "tx" and r.get("name", "").startswith("bare"):
                bare = r["ns_per_op_median"] / 1000
                print(f"  for scale: {r['name']}: {bare:.1f} µs = eth-account / {best * 1e6 / bare:.1f}")


if __name__ == "__main__":
    main()
