#!/usr/bin/env python3
"""A `tx sign` batch from eth-account 0.14.0: one key, many JSON Lines of every type.

Writes vectors/tx_batch.json deterministically (fixed seed):
  key      the signing key (hex);
  address  its address;
  text     the JSON Lines input exactly as `tx sign` reads it, with a few blank and whitespace-only
           lines and one CRLF line ending mixed in;
  raws     the expected output, one raw signed transaction per non-blank line, in order
           (eth-account's Account.sign_transaction);
  lines    the 1-based line number of each non-blank line.

Types 0 (EIP-155), 1, 2, 3 (blobVersionedHashes only, no sidecar) and 4 (authorizations signed
with other keys by Account.sign_authorization). Quantities are written as JSON integers, decimal
strings or 0x hex strings; calldata under `input` or `data`. Every gas limit is above the Prague
intrinsic gas and the EIP-7623 floor. Run: .venv/bin/python vectors/gen_tx_batch.py
"""
import json
import os
import random

from eth_account import Account

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0xBA7C4
COUNT = 240


def hx(b: bytes) -> str:
    return "0x" + b.hex()


def quantity(rng: random.Random, v: int):
    form = rng.randrange(3)
    if form == 0:
        return v
    if form == 1:
        return str(v)
    return hex(v)


def address(rng: random.Random) -> str:
    return Account.from_key(rng.randbytes(31) + b"\x01").address


def calldata(rng: random.Random) -> bytes:
    n = rng.choice([0, 4, 36, 68, rng.randrange(0, 300)])
    return bytes(rng.choice([0, rng.randrange(256)]) for _ in range(n))


def access_list(rng: random.Random) -> list:
    return [
        {"address": address(rng), "storageKeys": [hx(rng.randbytes(32)) for _ in range(rng.randrange(3))]}
        for _ in range(rng.randrange(3))
    ]


def main() -> None:
    rng = random.Random(SEED)
    key = rng.randbytes(32)
    account = Account.from_key(key)
    text_lines = []
    raws = []
    numbers = []
    for i in range(COUNT):
        kind = [0, 1, 2, 3, 4][i % 5]
        data = calldata(rng)
        chain_id = rng.choice([1, 10, 8453, 131277322940537])
        tx = {"chainId": chain_id, "nonce": i, "value": rng.choice([0, rng.randrange(10**20)]), "data": data}
        gas = 100000 + 64 * len(data)
        if kind in (0, 1):
            tx["gasPrice"] = rng.randrange(10**9, 10**11)
        else:
            tip = rng.randrange(0, 3 * 10**9)
            tx["maxPriorityFeePerGas"] = tip
            tx["maxFeePerGas"] = tip + rng.randrange(10**9, 10**11)
        if kind >= 1:
            tx["accessList"] = access_list(rng)
            gas += sum(2400 + 1900 * len(e["storageKeys"]) for e in tx["accessList"])
        if kind == 3:
            tx["maxFeePerBlobGas"] = rng.randrange(1, 10**10)
            tx["blobVersionedHashes"] = [b"\x01" + rng.randbytes(31) for _ in range(rng.randrange(1, 4))]
        auths = []
        if kind == 4:
            for _ in range(rng.randrange(1, 3)):
                auths.append(Account.sign_authorization(
                    {"chainId": rng.choice([0, chain_id]), "address": address(rng), "nonce": rng.randrange(50)},
                    rng.randbytes(32)))
            tx["authorizationList"] = auths
            gas += 25000 * len(auths)
        tx["gas"] = gas
        if kind in (0, 3, 4) or rng.random() < 0.5:
            tx["to"] = address(rng)
        if kind:  # eth-account knows legacy transactions by their missing type
            tx["type"] = kind
        signed = Account.sign_transaction(tx, key)
        raws.append(hx(signed.raw_transaction))

        # The JSON line: same transaction, quantities in mixed forms, `type` sometimes left out
        # (inferred from the fields), calldata under input or data.
        line = {}
        if rng.random() < 0.7:
            line["type"] = quantity(rng, kind)
        line["chainId"] = quantity(rng, chain_id)
        line["nonce"] = quantity(rng, i)
        if "to" in tx:
            line["to"] = tx["to"].lower() if rng.random() < 0.5 else tx["to"]
        elif rng.random() < 0.5:
            line["to"] = None
        line["value"] = quantity(rng, tx["value"])
        line["input" if rng.random() < 0.5 else "data"] = hx(data)
        line["gas"] = quantity(rng, gas)
        for k in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "maxFeePerBlobGas"):
            if k in tx:
                line[k] = quantity(rng, tx[k])
        # An empty access list may be left out, except where it is what makes a line type 1.
        if kind >= 1 and (tx["accessList"] or (kind == 1 and "type" not in line) or rng.random() < 0.5):
            line["accessList"] = tx["accessList"]
        if kind == 3:
            line["blobVersionedHashes"] = [hx(h) for h in tx["blobVersionedHashes"]]
        if kind == 4:
            line["authorizationList"] = [
                {"chainId": hex(a.chain_id), "address": hx(a.address), "nonce": hex(a.nonce),
                 "yParity": hex(a.y_parity), "r": hex(a.r), "s": hex(a.s)}
                for a in auths
            ]
        text = json.dumps(line, separators=(",", ":") if rng.random() < 0.5 else (", ", ": "))
        if rng.random() < 0.05:
            text_lines.append("")
        if rng.random() < 0.03:
            text_lines.append("  \t ")
        if rng.random() < 0.05:
            text = " " + text + "\r"
        text_lines.append(text)
        numbers.append(len(text_lines))
    out = {
        "generator": "vectors/gen_tx_batch.py (eth-account 0.14.0)",
        "key": hx(key),
        "address": account.address,
        "text": "\n".join(text_lines) + "\n",
        "lines": numbers,
        "raws": raws,
    }
    with open(os.path.join(HERE, "tx_batch.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
