"""A real Safe v1.4.1 (2-of-3 owners) on eth-tester's py-evm executes a MultiSend batch from the
bytes `ballast safe sign` and `ballast safe exec` produce; a non-owner's signature, a missing
signature and a stale Safe nonce revert.

The Safe singleton, its proxy factory and MultiSendCallOnly v1.4.1 are deployed from the compiled
artifacts safe-eth-py 7.27.0 ships (bytecode and ABI); the calls setting them up are encoded with
web3's ABI encoder over those ABIs, independently of Ballast.
"""
import json
import os
import tempfile

import pytest

import evm_support as evm

eth_tester = pytest.importorskip("eth_tester")
contracts = pytest.importorskip("safe_eth.eth.contracts")
from eth_utils import to_checksum_address  # noqa: E402
from web3 import Web3  # noqa: E402

GWEI = 10**9
ETHER = 10**18
ZERO = "0x0000000000000000000000000000000000000000"
OWNER_KEYS = (3, 4, 5)
STRANGER_KEY = 6
EXECUTOR_KEY = 2
RECIPIENTS = ("0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222")


def artifact(name):
    path = os.path.join(os.path.dirname(contracts.__file__), "abis", name + ".json")
    with open(path) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def keys():
    ok, why = evm.tx_support()
    if not ok:
        pytest.skip(why)
    if evm.run(["safe", "--help"]).returncode != 0:
        pytest.skip("`ballast safe` is not available in this binary")
    k = evm.KeyFiles()
    yield k
    k.close()


@pytest.fixture(scope="module")
def world(keys):
    """eth-tester with the Safe contracts, a 2-of-3 Safe holding 10 ether."""
    chain = eth_tester.EthereumTester(eth_tester.PyEVMBackend())
    deployer = chain.get_accounts()[0]
    w3 = Web3()

    def deploy(name):
        a = artifact(name)
        h = chain.send_transaction({"from": deployer, "data": a["bytecode"], "gas": 8_000_000})
        receipt = chain.get_transaction_receipt(h)
        assert receipt["status"] == 1, name
        return receipt["contract_address"], a["abi"]

    singleton, safe_abi = deploy("Safe_V1_4_1")
    factory, factory_abi = deploy("ProxyFactory_V1_4_1")
    multisend, _ = deploy("MultiSendCallOnly_V1_4_1")
    owners = [evm.KeyFiles.address(i) for i in OWNER_KEYS]
    setup = w3.eth.contract(abi=safe_abi).encode_abi(
        "setup", args=[owners, 2, ZERO, b"", ZERO, ZERO, 0, ZERO])
    create = w3.eth.contract(address=factory, abi=factory_abi).encode_abi(
        "createProxyWithNonce", args=[singleton, bytes.fromhex(setup[2:]), 7])
    tx = {"from": deployer, "to": factory, "data": create, "gas": 2_000_000}
    out = chain.call(tx)
    safe = to_checksum_address(bytes.fromhex(out[2:] if isinstance(out, str) else out.hex())[-20:])
    assert chain.get_transaction_receipt(chain.send_transaction(tx))["status"] == 1
    chain.send_transaction({"from": deployer, "to": safe, "value": 10 * ETHER, "gas": 100_000})
    safe_contract = w3.eth.contract(address=safe, abi=safe_abi)
    return {"chain": chain, "safe": safe, "multisend": multisend, "safe_contract": safe_contract, "w3": w3}


def call(world, fn, *args):
    data = world["safe_contract"].encode_abi(fn, args=list(args))
    out = world["chain"].call({"from": world["chain"].get_accounts()[0], "to": world["safe"], "data": data})
    return int(out if isinstance(out, str) else "0x" + out.hex(), 16)


def safe_tx_file(world, folder, nonce):
    """The SafeTx file of a MultiSend batch paying 1 and 2 ether (built with `ballast calldata`)."""
    packed = b""
    for i, to in enumerate(RECIPIENTS):
        packed += b"\x00" + bytes.fromhex(to[2:]) + ((i + 1) * ETHER).to_bytes(32, "big") + (0).to_bytes(32, "big")
    r = evm.run(["calldata", "multiSend(bytes)", "0x" + packed.hex()])
    assert r.returncode == 0, r.stderr
    doc = {
        "safe": world["safe"], "chainId": evm.CHAIN_ID, "version": "1.4.1", "to": world["multisend"], "value": "0",
        "data": r.stdout.strip(), "operation": 1, "safeTxGas": "0", "baseGas": "0", "gasPrice": "0",
        "gasToken": ZERO, "refundReceiver": ZERO, "nonce": str(nonce), "signatures": [],
    }
    path = os.path.join(folder, f"tx-{nonce}.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    return path


def signed_by(keys, path, key_indexes, name, world):
    out = path.replace(".json", f"-{name}.json")
    src = path
    for i in key_indexes:
        r = evm.run(["safe", "sign", src, "--private-key-file", keys.paths[i], "--out", out, "--force",
                     "--multisend", world["multisend"]])
        assert r.returncode == 0, r.stderr
        src = out
    return out


def execute(world, keys, path, extra=()):
    """`ballast safe exec` by the executor; sends the raw transaction; returns the receipt status."""
    chain = world["chain"]
    executor = evm.KeyFiles.address(EXECUTOR_KEY)
    nonce = chain.get_nonce(executor)
    r = evm.run(["safe", "exec", path, "--private-key-file", keys.paths[EXECUTOR_KEY], "--nonce", nonce,
                 "--gas-limit", 500_000, "--max-fee-per-gas", "10gwei", "--max-priority-fee-per-gas", "1gwei",
                 "--multisend", world["multisend"], *extra])
    assert r.returncode == 0, r.stderr
    raw = r.stdout.strip()
    assert evm.decode(raw)["input"].startswith("0x6a761202")
    try:
        h = chain.send_raw_transaction(raw)
    except eth_tester.exceptions.TransactionFailed:
        return 0
    return chain.get_transaction_receipt(h)["status"]


def test_two_of_three_executes_and_bad_signatures_revert(world, keys):
    chain = world["chain"]
    assert call(world, "getThreshold") == 2 and call(world, "nonce") == 0
    folder = tempfile.mkdtemp(prefix="ballast-safe-")
    tx0 = safe_tx_file(world, folder, 0)
    hash_out = evm.run(["safe", "hash", tx0])
    assert hash_out.returncode == 0
    # The Safe computes the same hash.
    f = json.load(open(tx0))
    on_chain = world["safe_contract"].encode_abi("getTransactionHash", args=[
        f["to"], 0, bytes.fromhex(f["data"][2:]), 1, 0, 0, 0, ZERO, ZERO, 0])
    out = chain.call({"from": chain.get_accounts()[0], "to": world["safe"], "data": on_chain})
    assert (out if isinstance(out, str) else "0x" + out.hex()) == hash_out.stdout.strip()

    # This MultiSendCallOnly is deployed here, at an address Ballast does not trust by itself.
    r = evm.run(["safe", "sign", tx0, "--private-key-file", keys.paths[OWNER_KEYS[0]]])
    assert r.returncode == 1 and r.stdout == "" and "safe_untrusted_delegatecall" in r.stderr

    # A stranger's signature with an owner's: Ballast signs it (no --owners), the Safe reverts.
    stranger = signed_by(keys, tx0, [OWNER_KEYS[0], STRANGER_KEY], "stranger", world)
    assert execute(world, keys, stranger) == 0
    # With --owners, Ballast refuses first.
    r = evm.run(["safe", "exec", stranger, "--private-key-file", keys.paths[EXECUTOR_KEY], "--nonce", 0, "--gas-limit", 1,
                 "--gas-price", "1gwei", "--multisend", world["multisend"], "--owners", ",".join(evm.KeyFiles.address(i) for i in OWNER_KEYS)])
    assert r.returncode == 1 and r.stdout == ""
    # One signature of two.
    single = signed_by(keys, tx0, [OWNER_KEYS[1]], "single", world)
    assert execute(world, keys, single) == 0
    assert call(world, "nonce") == 0
    assert chain.get_balance(RECIPIENTS[0]) == 0

    # Two owners: executed.
    good = signed_by(keys, tx0, [OWNER_KEYS[2], OWNER_KEYS[0]], "good", world)
    assert execute(world, keys, good, ("--threshold", "2")) == 1
    assert call(world, "nonce") == 1
    assert chain.get_balance(RECIPIENTS[0]) == ETHER
    assert chain.get_balance(RECIPIENTS[1]) == 2 * ETHER
    assert chain.get_balance(world["safe"]) == 7 * ETHER

    # The same signed file again: its nonce is stale.
    assert execute(world, keys, good) == 0
    assert call(world, "nonce") == 1
    assert chain.get_balance(RECIPIENTS[0]) == ETHER


def test_plan_build_safe_tx_executes(world, keys):
    """A safe-mode plan → `plan build --format safe-tx` → two owners sign → `safe exec` → the
    Safe makes the plan's calls (two payments with calldata to plain accounts) through MultiSendCallOnly."""
    chain = world["chain"]
    nonce = call(world, "nonce")
    payees = ("0x3333333333333333333333333333333333333333", "0x4444444444444444444444444444444444444444")
    before = [chain.get_balance(p) for p in payees]
    plan = {
        "version": 1, "chainId": evm.CHAIN_ID, "account": evm.KeyFiles.address(OWNER_KEYS[0]),
        "execution": {"mode": "safe", "safe": world["safe"], "safeNonce": nonce},
        "nonce": 0, "fees": {"maxFeePerGas": "10gwei", "maxPriorityFeePerGas": "1gwei"},
        "protocols": {"safe": {"multiSend": world["multisend"]}},
        "actions": [
            {"id": f"pay-{i}", "kind": "call", "to": p, "function": "function ping(uint256 n)", "args": [str(i)],
             "value": str((i + 1) * 10**17)}
            for i, p in enumerate(payees)
        ],
    }
    folder = tempfile.mkdtemp(prefix="ballast-safe-plan-")
    plan_path = os.path.join(folder, "plan.json")
    with open(plan_path, "w") as f:
        json.dump(plan, f)
    tx_path = os.path.join(folder, "tx.json")
    r = evm.run(["plan", "build", plan_path, "--format", "safe-tx", "--out", tx_path])
    assert r.returncode == 0, r.stderr
    doc = json.load(open(tx_path))
    assert doc["to"] == world["multisend"] and doc["operation"] == 1 and doc["nonce"] == str(nonce)
    assert doc["chainId"] == evm.CHAIN_ID and doc["signatures"] == []
    signed = signed_by(keys, tx_path, [OWNER_KEYS[1], OWNER_KEYS[2]], "owners", world)
    owners = ",".join(evm.KeyFiles.address(i) for i in OWNER_KEYS)
    assert execute(world, keys, signed, ("--threshold", "2", "--owners", owners)) == 1
    assert call(world, "nonce") == nonce + 1
    assert [chain.get_balance(p) - b for p, b in zip(payees, before)] == [10**17, 2 * 10**17]
