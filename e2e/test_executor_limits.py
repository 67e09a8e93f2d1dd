"""The reference executor's size bounds (contracts/BallastExecutor.vy) on a real EVM, and
`plan check` refusing a plan beyond them.

- The contract runs the largest call lists the compiler accepts: 8 calls of 14,336 bytes each in
  `execute` (MAX_CALLS, MAX_DATA), 16 calls of 576 bytes each in a flash loan's callback
  (MAX_INNER_CALLS, MAX_INNER_DATA), the callback run by a real flash loan; one call or one byte
  more reverts.
- `plan check` compiles an action of 8 calls, whose transaction executes, and refuses 9 with
  `executor_limit` naming the action and the bound.
"""
import json
import os
import tempfile

import eth_abi
import pytest

from chain import Reverted, calldata

CALLS = "(address,uint256,bytes)[]"
EXECUTE = "execute((address,uint256,bytes)[])"


@pytest.fixture
def w(world):
    snap = world.c.snapshot()
    yield world
    world.c.revert(snap)


def codeless(w):
    # An account without code: a call to it succeeds whatever its data.
    return w.c.accounts[6]


def execute(w, calls):
    return w.c.send(w.account, w.executor, calldata(EXECUTE, calls))


def reverts(fn):
    with pytest.raises(Reverted):
        fn()


def test_execute_runs_8_calls_of_14336_bytes_and_no_more(w):
    t = codeless(w)
    execute(w, [(t, 0, b"\x01" * 14336)] * 8)
    reverts(lambda: execute(w, [(t, 0, b"\x01")] * 9))
    reverts(lambda: execute(w, [(t, 0, b"\x01" * 14337)]))


def balancer_loan(w, inner):
    # A real flash loan (the Balancer Vault stand-in, fee 0) of 1 USDC unit: the callback runs
    # `inner`, then sends the unit back with a transfer padded to 576 bytes (the token ignores the
    # trailing bytes), so every call of the callback list is as long as the bound allows.
    usdc, vault = w.tokens["USDC"], w.balancer
    repay = calldata("transfer(address,uint256)", vault, 1)
    params = eth_abi.encode([CALLS], [inner + [(usdc, 0, repay + b"\x00" * (576 - len(repay)))]])
    return [(vault, 0, calldata("flashLoan(address,address[],uint256[],bytes)", w.executor, [usdc], [1], params))]


def test_callback_runs_16_calls_of_576_bytes_and_no_more(w):
    t, usdc, vault = codeless(w), w.tokens["USDC"], w.balancer
    before = w.c.balance(usdc, vault)
    execute(w, balancer_loan(w, [(t, 0, b"\x01" * 576)] * 15))
    assert w.c.balance(usdc, vault) == before
    reverts(lambda: execute(w, balancer_loan(w, [(t, 0, b"\x01")] * 16)))
    reverts(lambda: execute(w, balancer_loan(w, [(t, 0, b"\x01" * 577)])))


def harvest_plan(w, transfers):
    usdc, stranger = w.tokens["USDC"], w.c.accounts[5]
    step = {"op": "transfer", "token": usdc, "to": stranger, "amount": {"raw": "1"}}
    return {
        "version": 1, "chainId": 1, "account": w.account,
        "execution": {"mode": "executor", "executor": w.executor}, "nonce": 0,
        "fees": {"maxFeePerGas": "40gwei", "maxPriorityFeePerGas": "1gwei"},
        "actions": [{"id": "h", "kind": "harvest", "protocol": "convex", "target": codeless(w),
                     "compound": [step] * transfers}],
    }


def check(ballast, plan):
    fd, path = tempfile.mkstemp(suffix=".json", prefix="ballast-limits-")
    with os.fdopen(fd, "w") as f:
        json.dump(plan, f)
    try:
        return ballast(["plan", "check", path, "--json"])
    finally:
        os.unlink(path)


def test_plan_check_accepts_8_calls_which_execute_and_refuses_9(w, ballast):
    usdc, stranger = w.tokens["USDC"], w.c.accounts[5]
    r = check(ballast, harvest_plan(w, 7))
    assert r.returncode == 0, r.stderr
    tx = json.loads(r.stdout)["transactions"][0]
    assert len(tx["calls"][0]["calls"]) == 8
    w.fund(w.executor, "USDC", 7)
    before = w.c.balance(usdc, stranger)
    w.c.send(w.account, w.executor, bytes.fromhex(tx["data"][2:]))
    assert w.c.balance(usdc, stranger) == before + 7

    r = check(ballast, harvest_plan(w, 8))
    assert r.returncode == 1
    error = json.loads(r.stdout)["error"]
    assert (error["code"], error["at"]) == ("executor_limit", "actions[0]")
    assert "makes 9 calls" in error["message"] and "at most 8 (MAX_CALLS" in error["message"]
