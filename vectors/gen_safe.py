#!/usr/bin/env python3
"""Safe vectors for the Safe module and the `ballast safe` commands.

Every expected value comes from the pinned references, never from the project's Swift code:
safe-eth-py 7.27.0 (SafeTx.safe_tx_hash, SafeTx.sign, SafeSignature.parse_signature, MultiSend,
the Safe v1.4.1 contract ABI it ships), cross-checked with eth-account 0.14.0 (encode_typed_data,
unsafe_sign_hash, sign_message) and eth-abi 6.0.0. Deterministic: fixed keys and a seeded
random.Random.

Sections of vectors/safe.json:
  hashes      SafeTx files (the contract's file format, no signatures) over Safe versions 0.1.0
              (dataGas), 1.0.0, 1.1.1, 1.2.0 (domain without chain id), 1.3.0, 1.4.1, 1.5.0 (with
              chain id): the domain separator (hash_struct of EIP712Domain in safe-eth-py's
              eip712 module, equal to eth-account's encode_typed_data domain hash) and the
              safeTxHash (SafeTx.safe_tx_hash, equal to eth-account's digest).
  signing     An owner key and the file: the EIP-712 signature r || s || v (v = 27/28) that
              safe-eth-py's SafeTx.sign makes (eth-account's unsafe_sign_hash, RFC 6979).
  packed      A file signed by three owners (listed in the file unsorted): the signatures
              sorted by owner as SafeTx.sign keeps them, and the execTransaction calldata
              encoded with web3 over the Safe v1.4.1 ABI safe-eth-py ships.
  parse       One 65-byte signature each (EIP-712, eth_sign with v + 4, approved hash v = 1,
              contract v = 0) over a safeTxHash (of "file", when given): the type and owner
              SafeSignature.parse_signature finds.
  plan        examples/safe-batch.json with execution.safeNonce = 5: the batch's calls from
              vectors/plans/safe-batch.expected.json (computed by gen_plans.py's independent
              compiler) packed by safe-eth-py's MultiSend into a multiSend call on
              MultiSendCallOnly v1.4.1, and the whole SafeTx file with its safeTxHash.

Run: .venv/bin/python vectors/gen_safe.py
"""

import json
import os
import random

from eth_abi import encode as abi_encode
from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data
from eth_utils import keccak, to_checksum_address
from hexbytes import HexBytes
from web3 import Web3

from safe_eth.eth.contracts import get_safe_V1_4_1_contract
from safe_eth.eth.eip712 import hash_struct
from safe_eth.safe.multi_send import MultiSend, MultiSendOperation, MultiSendTx
from safe_eth.safe.safe_signature import SafeSignature
from safe_eth.safe.safe_tx import SafeTx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, "vectors", "safe.json")
ZERO = "0x0000000000000000000000000000000000000000"
MULTISEND_CALL_ONLY_141 = "0x9641d764fc13c8B624c04430C7356C1C7C8102e2"

rng = random.Random(0x5AFE_7E57)


def h(b) -> str:
    return "0x" + bytes(b).hex()


def rand_address() -> str:
    return to_checksum_address(bytes(rng.getrandbits(8) for _ in range(20)))


# Three owner keys (public test material: keccak of fixed labels) and an executor.
OWNER_KEYS = [keccak(text=f"ballast safe owner {i}") for i in range(1, 4)]
OWNERS = [Account.from_key(k).address for k in OWNER_KEYS]


def safe_tx(f) -> SafeTx:
    return SafeTx(
        None, f["safe"], f["to"], int(f["value"]), HexBytes(f["data"]), f["operation"], int(f["safeTxGas"]),
        int(f["baseGas"]), int(f["gasPrice"]), f["gasToken"], f["refundReceiver"],
        safe_nonce=int(f["nonce"]), safe_version=f["version"], chain_id=f["chainId"])


def file_of(safe, chain_id, version, to, value, data, operation, safe_tx_gas=0, base_gas=0, gas_price=0,
            gas_token=ZERO, refund=ZERO, nonce=0):
    return {
        "safe": safe, "chainId": chain_id, "version": version, "to": to, "value": str(value), "data": h(data),
        "operation": operation, "safeTxGas": str(safe_tx_gas), "baseGas": str(base_gas), "gasPrice": str(gas_price),
        "gasToken": gas_token, "refundReceiver": refund, "nonce": str(nonce), "signatures": [],
    }


def hashes_of(f):
    tx = safe_tx(f)
    typed = tx.eip712_structured_data
    domain = hash_struct("EIP712Domain", typed["domain"], typed["types"])
    digest = tx.safe_tx_hash
    # Cross-check with eth-account's independent EIP-712 implementation.
    message = {k: v for k, v in typed["message"].items() if any(x["name"] == k for x in typed["types"]["SafeTx"])}
    signable = encode_typed_data(full_message={
        "types": typed["types"], "primaryType": "SafeTx", "domain": typed["domain"], "message": message})
    assert bytes(signable.header) == bytes(domain), f["version"]
    assert keccak(b"\x19\x01" + signable.header + signable.body) == bytes(digest), f["version"]
    return h(domain), h(digest)


def hash_cases():
    cases = []
    safe = "0x488967789C7D18397049133DE682f745Ed81EF93"
    to = "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045"
    for version in ["0.1.0", "1.0.0", "1.1.1", "1.2.0", "1.3.0", "1.3.0+L2", "1.4.1", "1.5.0"]:
        cases.append(("transfer " + version, file_of(safe, 1, version, to, 10**18, b"", 0, nonce=7)))
    cases.append(("empty data, chain 10", file_of(safe, 10, "1.4.1", to, 0, b"", 0, nonce=0)))
    cases.append(("refund fields", file_of(
        rand_address(), 42161, "1.4.1", rand_address(), 123456789, bytes(rng.getrandbits(8) for _ in range(68)), 0,
        safe_tx_gas=50000, base_gas=21000, gas_price=10**9, gas_token=rand_address(), refund=rand_address(),
        nonce=2**64 + 3)))
    cases.append(("delegatecall, large values", file_of(
        rand_address(), 8453, "1.3.0", MULTISEND_CALL_ONLY_141, 2**256 - 1,
        bytes(rng.getrandbits(8) for _ in range(300)), 1, safe_tx_gas=2**256 - 1, base_gas=1, gas_price=2,
        nonce=2**256 - 1)))
    for i in range(6):
        version = rng.choice(["1.1.1", "1.3.0", "1.4.1"])
        cases.append((f"random {i}", file_of(
            rand_address(), rng.choice([1, 10, 137, 8453, 42161, 11155111, 2**53 + 1]), version, rand_address(),
            rng.getrandbits(rng.choice([0, 8, 64, 200])), bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 4, 36, 1000]))),
            rng.choice([0, 1]), nonce=rng.getrandbits(rng.choice([4, 32, 256])))))
    out = []
    for name, f in cases:
        domain, digest = hashes_of(f)
        del f["signatures"]
        out.append({"name": name, "file": f, "domainSeparator": domain, "safeTxHash": digest})
    return out


def signing_cases(hash_vectors):
    out = []
    for k, v in enumerate(hash_vectors[8:14]):
        key = OWNER_KEYS[k % 3]
        f = dict(v["file"])
        tx = safe_tx(f)
        sig = tx.sign(h(key))
        ref = Account.from_key(key).unsafe_sign_hash(tx.safe_tx_hash)
        assert sig == bytes(ref.signature)
        assert sig[64] in (27, 28)
        out.append({"name": v["name"], "file": f, "key": h(key), "owner": Account.from_key(key).address,
                    "safeTxHash": v["safeTxHash"], "signature": h(sig)})
    return out


def exec_calldata(tx: SafeTx, signatures: bytes) -> str:
    contract = get_safe_V1_4_1_contract(Web3(), address=tx.safe_address)
    data = contract.encode_abi("execTransaction", args=[
        tx.to, tx.value, bytes(tx.data), tx.operation, tx.safe_tx_gas, tx.base_gas, tx.gas_price, tx.gas_token,
        tx.refund_receiver, signatures])
    assert data[:10] == "0x6a761202"
    return data


def packed_cases():
    out = []
    for n, order in enumerate([[2, 0, 1], [1, 2, 0], [0, 1, 2]]):
        f = file_of("0x488967789C7D18397049133DE682f745Ed81EF93", 1, "1.4.1", rand_address(), n,
                    bytes(rng.getrandbits(8) for _ in range(4 + 32 * n)), 0, nonce=n)
        tx = safe_tx(f)
        listed = []
        for i in order:
            sig = tx.sign(h(OWNER_KEYS[i]))
            listed.append({"owner": OWNERS[i], "signature": h(sig)})
        f["signatures"] = listed
        packed = bytes(tx.signatures)
        assert [s.owner for s in SafeSignature.parse_signature(packed, tx.safe_tx_hash)] == sorted(
            OWNERS, key=lambda a: int(a, 16))
        out.append({"file": f, "safeTxHash": h(tx.safe_tx_hash), "sortedOwners": tx.sorted_signers,
                    "packed": h(packed), "execTransaction": exec_calldata(tx, packed)})
    return out


def parse_cases():
    out = []
    f = file_of("0x488967789C7D18397049133DE682f745Ed81EF93", 1, "1.4.1", OWNERS[0], 0, b"", 0, nonce=3)
    tx = safe_tx(f)
    digest = bytes(tx.safe_tx_hash)
    for i, key in enumerate(OWNER_KEYS):
        acct = Account.from_key(key)
        eip712 = bytes(acct.unsafe_sign_hash(digest).signature)
        m = acct.sign_message(encode_defunct(primitive=digest))
        eth_sign = bytes(m.signature[:64]) + bytes([m.signature[64] + 4])
        approved = b"\x00" * 12 + bytes.fromhex(acct.address[2:]) + b"\x00" * 32 + b"\x01"
        for kind, sig in [("eip712", eip712), ("eth_sign", eth_sign), ("approved_hash", approved)]:
            parsed = SafeSignature.parse_signature(sig, digest)
            assert len(parsed) == 1
            name = {1: "approved_hash", 2: "eip712", 3: "eth_sign"}.get(int(parsed[0].signature_type), "?")
            assert name == kind, (kind, parsed[0].signature_type)
            out.append({"safeTxHash": h(digest), "signature": h(sig), "type": kind, "owner": parsed[0].owner,
                        "file": {k: v for k, v in f.items() if k != "signatures"}})
    # A contract signature: owner in r, s = 65 (its data right after), then length and data.
    contract = rand_address()
    data = bytes(rng.getrandbits(8) for _ in range(65))
    sig = b"\x00" * 12 + bytes.fromhex(contract[2:]) + (65).to_bytes(32, "big") + b"\x00"
    whole = sig + len(data).to_bytes(32, "big") + data
    parsed = SafeSignature.parse_signature(whole, digest)
    assert len(parsed) == 1 and int(parsed[0].signature_type) == 0
    out.append({"safeTxHash": h(digest), "signature": h(sig), "packed": h(whole), "type": "contract",
                "owner": parsed[0].owner})
    return out


def plan_case():
    with open(os.path.join(ROOT, "examples", "safe-batch.json")) as fh:
        plan = json.load(fh)
    with open(os.path.join(ROOT, "vectors", "plans", "safe-batch.expected.json")) as fh:
        expected = json.load(fh)
    txs = [MultiSendTx(MultiSendOperation.CALL, t["to"], int(t["value"]), HexBytes(t["data"]))
           for t in expected["batch"]["transactions"]]
    # MultiSend.build_tx_data asks a node for the chain id; the same encoding without one: the
    # entries as MultiSendTx packs them, in a multiSend call of the contract ABI safe-eth-py ships.
    contract = MultiSend(address=MULTISEND_CALL_ONLY_141).get_contract()
    data = HexBytes(contract.encode_abi("multiSend", args=[b"".join(x.encoded_data for x in txs)]))
    f = file_of(plan["execution"]["safe"], plan["chainId"], "1.4.1", MULTISEND_CALL_ONLY_141, 0, bytes(data), 1, nonce=5)
    domain, digest = hashes_of(f)
    return {"plan": "examples/safe-batch.json", "safeNonce": 5, "file": f, "domainSeparator": domain,
            "safeTxHash": digest}


def main():
    hashes = hash_cases()
    doc = {
        "generator": "vectors/gen_safe.py (safe-eth-py 7.27.0, eth-account 0.14.0, eth-abi 6.0.0, web3 7.16.0)",
        "owners": [{"key": h(k), "address": a} for k, a in zip(OWNER_KEYS, OWNERS)],
        "hashes": hashes,
        "signing": signing_cases(hashes),
        "packed": packed_cases(),
        "parse": parse_cases(),
        "plan": plan_case(),
    }
    with open(OUT_PATH, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print(f"wrote {OUT_PATH}: {len(doc['hashes'])} hashes, {len(doc['signing'])} signatures, "
          f"{len(doc['packed'])} packed, {len(doc['parse'])} parsed")


if __name__ == "__main__":
    main()
