#!/usr/bin/env python3
"""eth-abi (the pinned reference) on the two calls of Benchmarks/Benchmarks/ABIBenchmarks:

  (a) Aave V3 flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16): 2 assets,
      400-byte params, selector 0xab9c4b5d;
  (b) Uniswap SwapRouter02 exactInput((bytes,address,uint256,uint256)): 3-hop packed path.

Encode = selector + eth_abi.encode; decode = selector check + eth_abi.decode (eth-abi's default
checks). Timed with timeit (best of 7 repeats of an auto-ranged loop); prints microseconds per op.

Usage: .venv/bin/python scripts/bench_abi_reference.py [bench-report.json]
With the JSON results of the benchmark report, rows whose section or name mentions "abi" are
printed beside the eth-abi figures.
"""
import json
import os
import sys
import timeit

from eth_abi import decode, encode
from eth_utils import keccak, to_checksum_address


def address(byte):
    return to_checksum_address(bytes([byte]) * 20)


WETH = to_checksum_address("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")
USDC = to_checksum_address("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
DAI = to_checksum_address("0x6B175474E89094C44Da98b954EedeAC495271d0F")
WBTC = to_checksum_address("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599")


def fee(f):
    return f.to_bytes(3, "big")


CALLS = [
    (
        "flashLoan",
        "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)",
        ["address", "address[]", "uint256[]", "uint256[]", "address", "bytes", "uint16"],
        [address(0x11), [WETH, USDC], [1000 * 10**18, 2_500_000 * 10**6], [0, 0], address(0x11),
         bytes((i * 37 + 11) & 0xFF for i in range(400)), 0],
    ),
    (
        "exactInput",
        "exactInput((bytes,address,uint256,uint256))",
        ["(bytes,address,uint256,uint256)"],
        [(bytes.fromhex(WETH[2:]) + fee(500) + bytes.fromhex(USDC[2:]) + fee(100) + bytes.fromhex(DAI[2:])
          + fee(3000) + bytes.fromhex(WBTC[2:]), address(0x22), 5 * 10**18, 123456789)],
    ),
]


def best_us(fn):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=7, number=number)) / number * 1e6


def ours(report_path):
    """ABI rows of the benchmark report, if it has any: name -> ns/op (median)."""
    if not report_path or not os.path.exists(report_path):
        return {}
    try:
        with open(report_path, encoding="utf-8") as f:
            rows = json.load(f)
    except (OSError, ValueError):
        return {}
    found = {}
    for row in rows if isinstance(rows, list) else []:
        label = f"{row.get('section', '')} {row.get('name', '')}"
        if "abi" in label.lower() and row.get("ns_per_op_median") is not None:
            found[row.get("name", "?")] = row["ns_per_op_median"]
    return found


def main():
    print("eth-abi 6.0.0 (Python %d.%d), microseconds per operation:" % sys.version_info[:2])
    print(f"  {'call':12} {'bytes':>6} {'encode µs':>10} {'decode µs':>10}")
    for name, signature, types, values in CALLS:
        selector = keccak(text=signature)[:4]
        data = selector + encode(types, values)

        def enc():
            return selector + encode(types, values)

        def dec():
            if data[:4] != selector:
                raise ValueError("selector")
            return decode(types, data[4:])

        assert enc() == data and len(dec()) == len(types)
        print(f"  {name:12} {len(data):>6} {best_us(enc):>10.2f} {best_us(dec):>10.2f}")
    rows = ours(sys.argv[1] if len(sys.argv) > 1 else None)
    if rows:
        print("Ballast (benchmark report), microseconds per operation:")
        for label, ns in sorted(rows.items()):
            print(f"  {label:50} {ns / 1000:>10.3f}")
    print("Ballast figures: `cd Benchmarks && swift package benchmark --target ABIBenchmarks`.")


if __name__ == "__main__":
    main()
