"""Transactions signed by `ballast tx sign` are accepted by a real EVM.

eth-tester 0.14.0b1 + py-evm 0.12.1b1 (Prague), chain id 131277322940537, funded accounts with the
keys 1..10 (given to ballast as 0600 key files). Every transaction type is signed by the CLI, sent
with send_raw_transaction and checked on its receipt: status 1, sender = the key's address, the
nonce. py-evm does not compare a transaction's chain id with the chain's, so each raw transaction's
chain id is read here (with pyrlp, and with `ballast tx decode`) and compared.
"""
import json

import pytest
from eth_account import Account
from eth_utils import ValidationError

import evm_support as evm
from evm_support import CHAIN_ID

import eth_tester  # noqa: E402,F401  (a missing reference fails the run; it is never skipped)

ok, reason = evm.tx_support()
if not ok:
    raise RuntimeError(reason)

GWEI = 10**9
OTHER = "0x2222222222222222222222222222222222222222"


@pytest.fixture(scope="module")
def chain():
    tester = eth_tester.EthereumTester(eth_tester.PyEVMBackend())
    assert tester.backend.chain.chain_id == CHAIN_ID
    return tester


@pytest.fixture(scope="module")
def keys():
    k = evm.KeyFiles()
    yield k
    k.close()


def send(chain, raw, key_index, nonce):
    """Sends RAW; checks the receipt (status 1), the sender (the key's account), the nonce and the
    chain id (read independently, and by ballast); returns the receipt."""
    assert evm.chain_id_of(raw) == CHAIN_ID
    decoded = evm.decode(raw)
    assert decoded["chainId"] == str(CHAIN_ID)
    sender = evm.KeyFiles.address(key_index)
    assert Account.recover_transaction(raw) == sender
    assert decoded["from"] == sender
    h = chain.send_raw_transaction(raw)
    assert h == decoded["hash"]
    receipt = chain.get_transaction_receipt(h)
    assert receipt["status"] == 1
    assert receipt["from"] == sender
    tx = chain.get_transaction_by_hash(h)
    assert tx["from"] == sender and tx["nonce"] == nonce
    assert chain.get_nonce(sender) == nonce + 1
    return receipt


def storage(chain, address, slot):
    value = chain.get_storage_at(address, hex(slot))
    return int(value, 16) if isinstance(value, str) else int.from_bytes(value, "big")


@pytest.fixture(scope="module")
def contract(chain, keys):
    """The storing contract deployed by key 2 with a type-2 creation (no `to`) signed by ballast."""
    deployer = evm.KeyFiles.address(2)
    [raw] = evm.sign(keys.paths[2], [{
        "type": 2, "chainId": CHAIN_ID, "nonce": 0, "value": 0, "input": "0x" + evm.INITCODE.hex(),
        "gas": 100000, "maxFeePerGas": 10 * GWEI, "maxPriorityFeePerGas": GWEI,
    }])
    assert evm.decode(raw)["to"] is None
    receipt = send(chain, raw, 2, 0)
    address = receipt["contract_address"]
    assert address == evm.created_address(deployer, 0)
    assert evm.run(["tx", "decode", raw]).stdout.count(f"creates {address}") == 1
    code = chain.get_code(address)
    assert (code if isinstance(code, str) else "0x" + code.hex()) == "0x" + evm.RUNTIME.hex()
    return address


def calldata(*args):
    r = evm.run(["calldata", "store(uint256,uint256)", *args])
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()



def test_every_type_is_accepted(chain, keys):
    """Types 0 (EIP-155), 1 (access list), 2 and 3 (blobVersionedHashes only) from key 1, in one
    `tx sign` batch."""
    lines = [
        {"type": 0, "chainId": CHAIN_ID, "nonce": 0, "to": OTHER, "value": "1000", "gas": 21000, "gasPrice": 2 * GWEI},
        {"chainId": hex(CHAIN_ID), "nonce": 1, "to": OTHER, "value": 1, "gas": 30000, "gasPrice": str(2 * GWEI),
         "accessList": [{"address": OTHER, "storageKeys": ["0x" + "00" * 31 + "07"]}]},
        {"chainId": CHAIN_ID, "nonce": 2, "to": OTHER, "value": "0x10", "data": "0x1234", "gas": 21500,
         "maxFeePerGas": 10 * GWEI, "maxPriorityFeePerGas": GWEI},
        {"type": "0x3", "chainId": CHAIN_ID, "nonce": 3, "to": OTHER, "gas": 21000, "maxFeePerGas": 10 * GWEI,
         "maxPriorityFeePerGas": GWEI, "maxFeePerBlobGas": GWEI,
         "blobVersionedHashes": ["0x01" + "ab" * 31, "0x01" + "cd" * 31]},
    ]
    raws = evm.sign(keys.paths[1], lines, extra=["--chain-id", CHAIN_ID])
    for nonce, raw in enumerate(raws):
        decoded = evm.decode(raw)
        assert decoded["type"] == [0, 1, 2, 3][nonce]
        if nonce == 0:
            assert decoded["v"] in (str(CHAIN_ID * 2 + 35), str(CHAIN_ID * 2 + 36))
        send(chain, raw, 1, nonce)
    assert chain.get_balance(OTHER) == 1000 + 1 + 0x10


def test_deploy_and_call(chain, keys, contract):
    """A call whose calldata `ballast calldata` built: the contract stores its arguments and selector."""
    big = 2**255 + 12345
    data = calldata("42", str(big))
    [raw] = evm.sign(keys.paths[2], [{
        "chainId": CHAIN_ID, "nonce": 1, "to": contract, "input": data, "gas": 120000,
        "maxFeePerGas": 10 * GWEI, "maxPriorityFeePerGas": GWEI,
    }])
    send(chain, raw, 2, 1)
    assert storage(chain, contract, 0) == 42
    assert storage(chain, contract, 1) == big
    assert storage(chain, contract, 2) == int(data[2:10], 16)
    assert data[:10] == evm.run(["sig", "store(uint256,uint256)"]).stdout.strip()


def test_set_code_delegation(chain, keys, contract):
    """Type 4: key 5 signs an authorization (`wallet sign-auth`) delegating to the contract; key 3
    sponsors the transaction, which also calls the authority, so the delegated code runs in the
    authority's storage."""
    authority = evm.KeyFiles.address(5)
    r = evm.run(["wallet", "sign-auth", "--chain-id", CHAIN_ID, "--address", contract, "--nonce", 0,
                 "--private-key-file", keys.paths[5]])
    assert r.returncode == 0, r.stderr
    auth = json.loads(r.stdout)
    assert auth["chainId"] == hex(CHAIN_ID) and auth["address"] == contract
    [raw] = evm.sign(keys.paths[3], [{
        "chainId": CHAIN_ID, "nonce": 0, "to": authority, "input": calldata("7", "8"), "gas": 150000,
        "maxFeePerGas": 10 * GWEI, "maxPriorityFeePerGas": GWEI, "authorizationList": [auth],
    }])
    decoded = evm.decode(raw)
    assert decoded["type"] == 4
    assert decoded["authorizationList"][0]["authority"] == authority
    send(chain, raw, 3, 0)
    code = chain.get_code(authority)
    code = code if isinstance(code, str) else "0x" + code.hex()
    assert code.lower() == "0xef0100" + contract[2:].lower()
    assert chain.get_nonce(authority) == 1
    assert storage(chain, authority, 0) == 7 and storage(chain, authority, 1) == 8
    assert storage(chain, contract, 0) == 42  # the contract's own storage is untouched


def test_wrong_nonce_is_rejected(chain, keys):
    """A transaction signed for nonce 5 while the account's nonce is 0 is refused by the EVM."""
    [raw] = evm.sign(keys.paths[4], [{
        "chainId": CHAIN_ID, "nonce": 5, "to": OTHER, "gas": 21000, "maxFeePerGas": 10 * GWEI, "maxPriorityFeePerGas": 1,
    }])
    with pytest.raises(ValidationError, match="nonce"):
        chain.send_raw_transaction(raw)
    assert chain.get_nonce(evm.KeyFiles.address(4)) == 0


def test_high_s_is_rejected(chain, keys):
    """s replaced by n - s (yParity flipped: the same signer): `ballast tx decode` refuses it, naming
    field s, and so does the EVM; the original is accepted."""
    [raw] = evm.sign(keys.paths[6], [{
        "chainId": CHAIN_ID, "nonce": 0, "to": OTHER, "gas": 21000, "maxFeePerGas": 10 * GWEI, "maxPriorityFeePerGas": 1,
    }])
    mutated = evm.with_high_s(raw)
    r = evm.run(["tx", "decode", mutated, "--json"])
    assert r.returncode == 1
    error = json.loads(r.stdout)["error"]
    assert error["code"] == "tx_high_s" and "field s" in error["at"]
    with pytest.raises(ValidationError, match="S value"):
        chain.send_raw_transaction(mutated)
    send(chain, raw, 6, 0)


def test_chain_id_is_checked_here(chain, keys):
    """py-evm accepts a transaction for another chain (it never compares chain ids), so the check
    is ours: `tx sign --chain-id` refuses the line, and the chain id read from the raw bytes differs."""
    line = {"chainId": 1, "nonce": 0, "to": OTHER, "gas": 21000, "maxFeePerGas": 10 * GWEI, "maxPriorityFeePerGas": 1}
    r = evm.run(["tx", "sign", "--private-key-file", keys.paths[7], "--chain-id", CHAIN_ID], stdin=json.dumps(line) + "\n")
    assert r.returncode == 1 and r.stdout == ""
    assert "line 1: chain id 1 is not the expected" in r.stderr
    [raw] = evm.sign(keys.paths[7], [line])
    assert evm.chain_id_of(raw) == 1 != CHAIN_ID
    assert evm.decode(raw)["chainId"] == "1"
