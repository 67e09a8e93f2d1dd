"""contracts/BallastExecutor.vy on a real EVM (eth-tester/py-evm, Prague), independently of plans.

- Its ABI (compiled with Vyper 0.4.3) equals abi/BallastExecutor.json: functions and receive from
  the compiler's ABI; the custom errors (Vyper 0.4 writes none into its ABI: the contract raises them
  with raw_revert) by triggering each one and decoding the revert data with the file's error entries,
  and by finding each error selector in the runtime code.
- The runtime has no DELEGATECALL, CALLCODE or SELFDESTRUCT instruction.
- execute: only the owner; in delegate mode (owner = 0) only the account itself, through EIP-7702.
  Calls run in order; a failing call reverts everything with CallFailed(index, revert data).
  execute is not re-entrant.
- Callbacks: a stranger calling each callback with crafted data moves nothing; a callback from a
  lender the executor did not call, or an Aave callback with another initiator, reverts.
"""
import json
import os

import eth_abi
import pytest
from eth_account import Account
from eth_utils import keccak, to_checksum_address

from chain import Reverted, _bytes, calldata, vyper_compile
from conftest import ROOT

ABI_FILE = os.path.join(ROOT, "abi", "BallastExecutor.json")
CALLS = "(address,uint256,bytes)[]"
EXECUTE = "execute((address,uint256,bytes)[])"
AAVE_CB = "executeOperation(address[],uint256[],uint256[],address,bytes)"
BAL_CB = "receiveFlashLoan(address[],uint256[],uint256[],bytes)"
MORPHO_CB = "onMorphoFlashLoan(uint256,bytes)"


def load_abi():
    with open(ABI_FILE, encoding="utf-8") as f:
        return json.load(f)


def canon(inp):
    t = inp["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(canon(c) for c in inp["components"]) + ")" + t[5:]
    return t


def shape(entry):
    """An ABI entry without internalType (Vyper writes none), tuple components kept with names."""
    def strip(inp):
        out = {"name": inp["name"], "type": inp["type"]}
        if "components" in inp:
            out["components"] = [strip(c) for c in inp["components"]]
        return out
    e = {"type": entry["type"]}
    for k in ("name", "stateMutability"):
        if k in entry:
            e[k] = entry[k]
    for k in ("inputs", "outputs"):
        if k in entry:
            e[k] = [strip(i) for i in entry[k]]
    return e


def errors_by_selector():
    out = {}
    for e in load_abi():
        if e["type"] == "error":
            sig = e["name"] + "(" + ",".join(canon(i) for i in e["inputs"]) + ")"
            out[keccak(text=sig)[:4]] = (e["name"], [canon(i) for i in e["inputs"]])
    return out


def decode_error(data):
    """(name, args) of a revert with one of the file's custom errors."""
    data = bytes(data)
    errs = errors_by_selector()
    assert data[:4] in errs, f"revert data 0x{data.hex()} is not an error of abi/BallastExecutor.json"
    name, types = errs[data[:4]]
    args = eth_abi.decode(types, data[4:])
    assert eth_abi.encode(types, args) == data[4:], "non-canonical error encoding"
    return name, list(args)


def opcodes(code):
    i = 0
    while i < len(code):
        op = code[i]
        yield i, op
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)


# ------------------------------------------------------------------------------ static checks
def test_abi_equals_the_interface_file():
    compiled = vyper_compile("BallastExecutor.vy")["abi"]
    want = [shape(e) for e in load_abi() if e["type"] in ("function", "event", "receive")]
    got = []
    for e in compiled:
        if e["type"] == "constructor":
            assert [(i["name"], i["type"]) for i in e["inputs"]] == [("owner", "address")]
            continue
        if e["type"] == "fallback":
            # Vyper's __default__ is the fallback; ours reverts on any calldata (tested below), which
            # is exactly Solidity's receive(): plain ETH only.
            assert e["stateMutability"] == "payable"
            got.append({"type": "receive", "stateMutability": "payable"})
            continue
        got.append(shape(e))
    key = lambda e: (e["type"], e.get("name", ""))
    assert sorted(got, key=key) == sorted(want, key=key)


def test_runtime_raises_every_error_of_the_file_and_has_no_delegatecall_or_selfdestruct():
    code = bytes.fromhex(vyper_compile("BallastExecutor.vy")["bytecode_runtime"][2:])
    for i, op in opcodes(code):
        assert op not in (0xF4, 0xF2, 0xFF), f"forbidden opcode 0x{op:02x} at {i}"
    for sel, (name, _) in errors_by_selector().items():
        assert sel in code, f"{name} selector not in the runtime code"


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture
def w(world):
    snap = world.c.snapshot()
    yield world
    world.c.revert(snap)


def run_execute(w, frm, executor, calls, value=0):
    return w.c.send(frm, executor, calldata(EXECUTE, calls), value=value)


def expect_revert(fn):
    with pytest.raises(Reverted) as e:
        fn()
    return e.value.data


def transfer_call(w, sym, to, amount):
    return (w.tokens[sym], 0, calldata("transfer(address,uint256)", to, amount))


# ------------------------------------------------------------------------------ execute
def test_owner_runs_calls_in_order(w):
    ex, usdc = w.executor, w.tokens["USDC"]
    w.fund(ex, "USDC", 1000)
    stranger = w.c.accounts[5]
    # Transfer 600 then 400: the second only succeeds if the first ran before it.
    run_execute(w, w.account, ex, [transfer_call(w, "USDC", stranger, 600), transfer_call(w, "USDC", stranger, 400)])
    assert w.c.balance(usdc, ex) == 0 and w.c.balance(usdc, stranger) == 1000


def test_failing_call_reverts_everything_with_index_and_reason(w):
    ex, usdc = w.executor, w.tokens["USDC"]
    w.fund(ex, "USDC", 1000)
    stranger = w.c.accounts[5]
    calls = [transfer_call(w, "USDC", stranger, 600), transfer_call(w, "USDC", stranger, 600)]
    ok, data = w.c.try_call(ex, calldata(EXECUTE, calls), frm=w.account)
    assert not ok
    name, (index, reason) = decode_error(data)
    assert name == "CallFailed" and index == 1
    # The token's own revert data, unchanged (OpenZeppelin 4: Error(string)).
    assert reason[:4] == keccak(text="Error(string)")[:4]
    assert "exceeds balance" in eth_abi.decode(["string"], reason[4:])[0]
    nonce = w.c.t.get_nonce(w.account)
    expect_revert(lambda: run_execute(w, w.account, ex, calls))
    assert w.c.balance(usdc, ex) == 1000 and w.c.balance(usdc, stranger) == 0
    assert w.c.t.get_nonce(w.account) == nonce + 1


def test_non_owner_execute_reverts(w):
    stranger = w.c.accounts[5]
    w.fund(w.executor, "USDC", 1000)
    call = [transfer_call(w, "USDC", stranger, 1000)]
    for target in (w.executor, w.delegate):  # the delegate contract itself: only its own address may call
        ok, data = w.c.try_call(target, calldata(EXECUTE, call), frm=stranger)
        assert not ok and decode_error(data) == ("NotOwner", [stranger.lower()])
    assert w.c.call(w.executor, "owner()", out="address") == w.account.lower()
    assert int(w.c.call(w.delegate, "owner()", out="address"), 16) == 0
    assert w.c.balance(w.tokens["USDC"], w.executor) == 1000


def test_receive_takes_plain_eth_only(w):
    w.c.send(w.c.accounts[5], w.executor, b"", value=5)
    assert w.c.t.get_balance(w.executor) == 5
    ok, _ = w.c.try_call(w.executor, b"\x12\x34\x56\x78", frm=w.c.accounts[5], value=1)
    assert not ok


def test_execute_is_not_reentrant(w):
    # The delegate's only caller is itself; through 7702 the account calls execute → execute on
    # itself: msg.sender == self, owner check passes, and the lock refuses the nested call.
    acct = Account.create()
    w.c.send(w.d, acct.address, b"", value=10 ** 18)
    delegate_account(w, acct, w.delegate)
    inner = calldata(EXECUTE, [])
    ok, data = w.c.try_call(acct.address, calldata(EXECUTE, [(acct.address, 0, inner)]), frm=acct.address)
    assert not ok
    name, (index, reason) = decode_error(data)
    assert name == "CallFailed" and index == 0
    assert reason[:4] == keccak(text="Error(string)")[:4] and eth_abi.decode(["string"], reason[4:])[0] == "reentrant execute"


def delegate_account(w, acct, target):
    """A sponsored EIP-7702 authorization (signed with eth-account) setting ACCT's code to TARGET."""
    auth = Account.sign_authorization({"chainId": w.c.t.backend.chain.chain_id, "address": target,
                                       "nonce": w.c.t.get_nonce(acct.address)}, acct.key)
    sponsor = Account.from_key((2).to_bytes(32, "big"))
    tx = {"chainId": w.c.t.backend.chain.chain_id, "nonce": w.c.t.get_nonce(sponsor.address), "to": sponsor.address,
          "value": 0, "data": b"", "gas": 100_000, "maxFeePerGas": 10 ** 10, "maxPriorityFeePerGas": 1,
          "authorizationList": [auth], "type": 4}
    h = w.c.t.send_raw_transaction("0x" + sponsor.sign_transaction(tx).raw_transaction.hex())
    assert w.c.t.get_transaction_receipt(h)["status"] == 1
    assert _bytes(w.c.t.get_code(acct.address)) == b"\xef\x01\x00" + bytes.fromhex(target[2:])


def test_delegated_account_runs_its_own_calls_and_refuses_others(w):
    acct = Account.create()
    w.c.send(w.d, acct.address, b"", value=10 ** 18)
    w.fund(acct.address, "USDC", 1000)
    delegate_account(w, acct, w.delegate)
    stranger = w.c.accounts[5]
    call = [transfer_call(w, "USDC", stranger, 1000)]
    ok, data = w.c.try_call(acct.address, calldata(EXECUTE, call), frm=stranger)
    assert not ok and decode_error(data) == ("NotOwner", [stranger.lower()])
    w.c.t.add_account("0x" + acct.key.hex())
    w.c.send(acct.address, acct.address, calldata(EXECUTE, call))
    assert w.c.balance(w.tokens["USDC"], stranger) == 1000
    assert int(_bytes(w.c.t.get_storage_at(acct.address, "0x0")).hex() or "0", 16) == 0  # no storage written


# ------------------------------------------------------------------------------ callbacks
def drain_params(w, sym, to, amount):
    return eth_abi.encode([CALLS], [[transfer_call(w, sym, to, amount)]])


@pytest.mark.parametrize("callback", ["aave", "balancer", "morpho"])
def test_stranger_calling_a_callback_moves_nothing(w, callback):
    ex, stranger = w.executor, w.c.accounts[5]
    w.fund(ex, "USDC", 10 ** 9)
    params = drain_params(w, "USDC", stranger, 10 ** 9)
    data = {"aave": calldata(AAVE_CB, [w.tokens["USDC"]], [1], [0], ex, params),
            "balancer": calldata(BAL_CB, [w.tokens["USDC"]], [1], [0], params),
            "morpho": calldata(MORPHO_CB, 1, params)}[callback]
    ok, out = w.c.try_call(ex, data, frm=stranger)
    assert not ok and decode_error(out) == ("NoFlashLoanInProgress", [])
    expect_revert(lambda: w.c.send(stranger, ex, data))
    assert w.c.balance(w.tokens["USDC"], ex) == 10 ** 9 and w.c.balance(w.tokens["USDC"], stranger) == 0


@pytest.mark.parametrize("lender", ["aave", "balancer"])
def test_stranger_starting_a_real_flash_loan_for_the_executor_moves_nothing(w, lender):
    # The real lender calls the executor back, but for a loan the executor did not start.
    # (Morpho Blue calls back its caller only, so a stranger cannot aim it at the executor.)
    ex, stranger = w.executor, w.c.accounts[5]
    w.fund(ex, "USDC", 10 ** 9)
    params = drain_params(w, "USDC", stranger, 10 ** 9)
    usdc = w.tokens["USDC"]
    if lender == "aave":
        to, data = w.pool, calldata("flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)",
                                    ex, [usdc], [10 ** 6], [0], ex, params, 0)
    else:
        to, data = w.balancer, calldata("flashLoan(address,address[],uint256[],bytes)", ex, [usdc], [10 ** 6], params)
    ok, out = w.c.try_call(to, data, frm=stranger)
    assert not ok and decode_error(out) == ("NoFlashLoanInProgress", [])
    expect_revert(lambda: w.c.send(stranger, to, data))
    assert w.c.balance(usdc, ex) == 10 ** 9 and w.c.balance(usdc, stranger) == 0


def fake_lender_calls(w, lender, params):
    ex = w.executor
    loan = calldata("flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)",
                    ex, [w.tokens["USDC"]], [1], [0], ex, params, 0)
    return [(lender, 0, loan)]


def test_callback_from_a_lender_the_executor_did_not_call_reverts(w):
    ex, stranger = w.executor, w.c.accounts[5]
    w.fund(ex, "USDC", 10 ** 9)
    called = w.c.deploy_vyper("standins/FakeLender.vy")
    other = w.c.deploy_vyper("standins/FakeLender.vy")
    w.c.tx(w.d, called, "configure(address,address)", "0x" + "00" * 20, other)
    calls = fake_lender_calls(w, called, drain_params(w, "USDC", stranger, 10 ** 9))
    ok, out = w.c.try_call(ex, calldata(EXECUTE, calls), frm=w.account)
    assert not ok
    name, (index, reason) = decode_error(out)
    assert (name, index) == ("CallFailed", 0)
    assert decode_error(reason) == ("UnexpectedLender", [other.lower()])
    expect_revert(lambda: run_execute(w, w.account, ex, calls))
    assert w.c.balance(w.tokens["USDC"], ex) == 10 ** 9


def test_aave_callback_with_another_initiator_reverts(w):
    ex, stranger = w.executor, w.c.accounts[5]
    w.fund(ex, "USDC", 10 ** 9)
    lender = w.c.deploy_vyper("standins/FakeLender.vy")
    w.c.tx(w.d, lender, "configure(address,address)", stranger, "0x" + "00" * 20)
    calls = fake_lender_calls(w, lender, drain_params(w, "USDC", stranger, 10 ** 9))
    ok, out = w.c.try_call(ex, calldata(EXECUTE, calls), frm=w.account)
    assert not ok
    name, (index, reason) = decode_error(out)
    assert (name, index) == ("CallFailed", 0)
    assert decode_error(reason) == ("UnexpectedInitiator", [stranger.lower()])


def test_armed_lender_calling_back_with_the_executor_as_initiator_runs_the_list(w):
    # The control case for the two tests above: same fake lender, well-behaved.
    ex, stranger = w.executor, w.c.accounts[5]
    w.fund(ex, "USDC", 10 ** 9)
    lender = w.c.deploy_vyper("standins/FakeLender.vy")
    run_execute(w, w.account, ex, fake_lender_calls(w, lender, drain_params(w, "USDC", stranger, 10 ** 9)))
    assert w.c.balance(w.tokens["USDC"], stranger) == 10 ** 9


def test_a_lender_calls_back_once_per_loan(w):
    # After its callback started, the loan is no longer armed: a second callback (here: the call
    # list itself calling the callback again, as the "lender" would) is refused.
    ex, stranger = w.executor, w.c.accounts[5]
    w.fund(ex, "USDC", 10 ** 9)
    lender = w.c.deploy_vyper("standins/FakeLender.vy")
    again = calldata(AAVE_CB, [], [], [], ex, eth_abi.encode([CALLS], [[]]))
    params = eth_abi.encode([CALLS], [[(ex, 0, again)]])
    ok, out = w.c.try_call(ex, calldata(EXECUTE, fake_lender_calls(w, lender, params)), frm=w.account)
    assert not ok
    name, (index, reason) = decode_error(out)
    assert (name, index) == ("CallFailed", 0)
    name, (index, inner) = decode_error(reason)
    assert (name, index) == ("CallFailed", 0) and decode_error(inner) == ("NoFlashLoanInProgress", [])
