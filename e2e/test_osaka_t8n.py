"""Osaka: every signed example transaction through the executable specs' `ethereum-spec-evm t8n
--state.fork=Osaka` (PyPI ethereum-execution), which py-evm (Prague at most) cannot check.

Each example (except the Safe batch, which has no signed transactions) is built as published
(chain 1, the public development key); the whole list goes to t8n as one block, with a pre-state
holding the account (balance, the plan's first nonce). Every transaction must be valid on Osaka —
none rejected (signature, chain id, nonce sequence including the EIP-7702 self-sponsored bump,
intrinsic gas and the EIP-7623 floor, the EIP-7825 2^24 gas cap, fee rules) — with the receipt's
transaction hash equal to Ballast's, and an `eip7702` plan must leave the delegation designator
in the account's code and its nonce moved as the plan says.

The mainnet contracts these published plans call are not in this pre-state, so here the calls run
against empty accounts: this file checks validity. Execution on Osaka against the real protocols
is test_protocol_plans.py::test_osaka_executes_as_prague (the twin plans, from the test chain's
exported state).
"""
import glob
import json
import os
import subprocess

import pytest
import rlp
from eth_utils import keccak

from conftest import ROOT

T8N = os.path.join(ROOT, ".venv", "bin", "ethereum-spec-evm")
EXAMPLES = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(ROOT, "examples", "*.json")))


def plan_of(name):
    with open(os.path.join(ROOT, "examples", name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def t8n(alloc, txs_raw, chain_id):
    items = [rlp.decode(r) if r[0] >= 0xC0 else r for r in txs_raw]
    env = {"currentCoinbase": "0x" + "00" * 19 + "c0", "currentGasLimit": hex(60_000_000), "currentNumber": "0x1",
           "currentTimestamp": "0x1000", "currentRandom": "0x" + "00" * 32, "currentBaseFee": hex(10 ** 8),
           "withdrawals": [], "parentBeaconBlockRoot": "0x" + "00" * 32, "currentExcessBlobGas": "0x0",
           "parentExcessBlobGas": "0x0", "parentBlobGasUsed": "0x0", "blockHashes": {}}
    inp = json.dumps({"alloc": alloc, "env": env, "txs": "0x" + rlp.encode(items).hex()})
    r = subprocess.run([T8N, "t8n", "--state.fork=Osaka", f"--state.chainid={chain_id}", "--input.alloc=stdin",
                        "--input.env=stdin", "--input.txs=stdin", "--output.result=stdout", "--output.alloc=stdout"],
                       input=inp, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout)


@pytest.mark.parametrize("name", [n for n in EXAMPLES if plan_of(n)["execution"]["mode"] != "safe"])
def test_signed_example_is_valid_on_osaka(name, ballast, dev_key_file):
    if not os.access(T8N, os.X_OK):
        pytest.fail(f"{T8N} missing: run scripts/bootstrap.sh (ethereum-execution in requirements.txt)")
    plan = plan_of(name)
    r = ballast(["plan", "build", os.path.join("examples", name + ".json"), "--format", "jsonl",
                 "--private-key-file", dev_key_file])
    assert r.returncode == 0, r.stderr
    lines = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    raws = [bytes.fromhex(l["raw"][2:]) for l in lines]
    account = plan["account"].lower()
    alloc = {account: {"balance": hex(10 ** 24), "nonce": hex(plan["nonce"]), "code": "0x", "storage": {}}}
    out = t8n(alloc, raws, plan["chainId"])
    res = out["result"]
    assert res["rejected"] == [], f"rejected on Osaka: {res['rejected']}"
    assert [x["transactionHash"] for x in res["receipts"]] == ["0x" + keccak(r).hex() for r in raws]
    assert [x["transactionHash"] for x in res["receipts"]] == [l["hash"].lower() for l in lines]
    post = out["alloc"][account]
    mode = plan["execution"]["mode"]
    auth = 1 if mode == "eip7702" and plan["execution"].get("authorize") else 0
    assert int(post["nonce"], 16) == plan["nonce"] + len(raws) + auth
    if mode == "eip7702":
        assert post.get("code", "0x").lower() == "0xef0100" + plan["execution"]["delegate"][2:].lower()
    else:
        assert post.get("code", "0x") in ("0x", "")
