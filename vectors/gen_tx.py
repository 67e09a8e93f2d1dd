#!/usr/bin/env python3
"""Transaction vectors from eth-account 0.14.0 (the signing oracle) and pyrlp 5.0.0.

Writes, deterministically (fixed seed):
  vectors/tx.json         signed transactions of every type (0 with and without EIP-155, 1, 2,
                          3 without sidecar, 4 with 1-3 authorizations) and EIP-7702 authorizations;
  vectors/tx_bad.json     raw transactions mutated with rlp, each with the error class and field
                          the decoder must report;
  vectors/tx_network.json blob transactions in their network forms: one signed by eth-account with
                          a real blob (EIP-7594 wrapper) and hand-assembled EIP-4844 and EIP-7594
                          wrappers around canonical ones.

Every expected value comes from eth-account, eth-keys, pyrlp or pycryptodome's Keccak, never
from the code under test. Run: .venv/bin/python vectors/gen_tx.py
"""
import hashlib
import json
import os
import random

import rlp
from Crypto.Hash import keccak as _keccak
from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_keys import keys as eth_keys
from eth_utils import to_checksum_address

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0x7A5EED
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def keccak(b: bytes) -> bytes:
    h = _keccak.new(digest_bits=256)
    h.update(b)
    return h.digest()


def hx(b: bytes) -> str:
    return "0x" + b.hex()


def int_to_min_bytes(v: int) -> bytes:
    return b"" if v == 0 else v.to_bytes((v.bit_length() + 7) // 8, "big")


def bytes_to_int(b: bytes) -> int:
    return int.from_bytes(b, "big")


# ---------------------------------------------------------------- intrinsic gas (Prague rules)
def intrinsic_gas(tx: dict) -> tuple:
    data = bytes.fromhex(tx.get("data", "0x")[2:])
    zeros = data.count(0)
    nonzeros = len(data) - zeros
    gas = 21000 + 4 * zeros + 16 * nonzeros
    if not tx.get("to"):
        gas += 32000 + 2 * ((len(data) + 31) // 32)
    for entry in tx.get("accessList", []):
        gas += 2400 + 1900 * len(entry["storageKeys"])
    gas += 25000 * len(tx.get("authorizationList", []))
    floor = 21000 + 10 * (zeros + 4 * nonzeros)
    return gas, floor


# ---------------------------------------------------------------- random field helpers
def rand_quantity(rng: random.Random, bits: int) -> int:
    r = rng.random()
    if r < 0.1:
        return 0
    if r < 0.2:
        return (1 << bits) - 1
    if r < 0.3:
        return rng.randrange(1, 256)
    return rng.randrange(0, 1 << rng.randrange(1, bits + 1))


def rand_address(rng: random.Random) -> str:
    return to_checksum_address(rng.randbytes(20))


def rand_data(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return "0x"
    if r < 0.25:
        n = 4096
    elif r < 0.35:
        n = rng.randrange(1, 8)
    else:
        n = rng.randrange(1, 800)
    # a mix of zero and non-zero bytes, as real calldata has
    out = bytes(b if rng.random() < 0.6 else 0 for b in rng.randbytes(n))
    return "0x" + out.hex()


def rand_access_list(rng: random.Random) -> list:
    if rng.random() < 0.3:
        return []
    return [
        {
            "address": rand_address(rng),
            "storageKeys": ["0x" + rng.randbytes(32).hex() for _ in range(rng.choice([0, 1, 2, 3, 5]))],
        }
        for _ in range(rng.randrange(1, 4))
    ]


def rand_nonce(rng: random.Random) -> int:
    return rng.choice([0, 1, 2**64 - 2, rng.randrange(0, 2**64 - 1), rng.randrange(0, 1000)])


def rand_chain_id(rng: random.Random) -> int:
    return rng.choice([1, 5, 137, 131277322940537, 2**32 + 7, 2**63 - 1, rng.randrange(1, 2**63)])


def rand_gas(rng: random.Random, minimum: int) -> int:
    r = rng.random()
    if r < 0.2:
        return minimum
    if r < 0.3:
        return 2**63
    return rng.randrange(minimum, minimum + 10**7)


def rand_fee_cap(rng: random.Random, gas: int, reserved: int = 0) -> int:
    """A fee per gas such that gas * fee + reserved < 2**256."""
    limit = ((1 << 256) - 1 - reserved) // max(gas, 1)
    r = rng.random()
    if r < 0.15:
        return limit
    if r < 0.25:
        return 0
    return rng.randrange(0, min(limit, 1 << rng.randrange(1, 256)) + 1)


# ---------------------------------------------------------------- JSON forms for the parser
def json_quantity(rng: random.Random, v: int):
    """The same quantity as a JSON integer, a decimal string or a 0x hex quantity."""
    r = rng.random()
    if r < 0.34:
        return v
    if r < 0.67:
        return str(v)
    return hex(v)


def unsigned_json(rng: random.Random, tx: dict, infer_type: bool) -> dict:
    out = {}
    if not infer_type:
        out["type"] = json_quantity(rng, tx.get("type", 0))
    for k in ["chainId", "nonce", "gas", "value", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "maxFeePerBlobGas"]:
        if k in tx:
            out[k] = json_quantity(rng, tx[k])
    if "to" in tx and tx["to"]:
        out["to"] = tx["to"] if rng.random() < 0.7 else tx["to"].lower()
    elif rng.random() < 0.5:
        out["to"] = None
    data_key = rng.choice(["input", "data"])
    out[data_key] = tx.get("data", "0x")
    if rng.random() < 0.1:
        out["input" if data_key == "data" else "data"] = tx.get("data", "0x")
    for k in ["accessList", "blobVersionedHashes"]:
        if k in tx:
            out[k] = tx[k]
    if "authorizationList" in tx:
        out["authorizationList"] = [
            {
                "chainId": json_quantity(rng, a.chain_id),
                "address": "0x" + bytes(a.address).hex(),
                "nonce": json_quantity(rng, a.nonce),
                "yParity": json_quantity(rng, a.y_parity),
                "r": hex(a.r),
                "s": hex(a.s),
            }
            for a in tx["authorizationList"]
        ]
    items = list(out.items())
    rng.shuffle(items)
    return dict(items)


# ---------------------------------------------------------------- signing hashes, independently
def signing_hash_from_raw(raw: bytes) -> bytes:
    """keccak of the unsigned payload, rebuilt from the signed bytes with pyrlp."""
    if raw[0] >= 0xC0:
        items = rlp.decode(raw)
        v = bytes_to_int(items[6])
        fields = items[:6]
        if v >= 35:
            chain_id = (v - 35) // 2
            fields = fields + [int_to_min_bytes(chain_id), b"", b""]
        return keccak(rlp.encode(fields))
    items = rlp.decode(raw[1:])
    return keccak(raw[:1] + rlp.encode(items[:-3]))


def make_authorization(rng: random.Random, key: bytes, chain_id=None):
    auth = {
        "chainId": chain_id if chain_id is not None else rng.choice([0, 1, 131277322940537, rng.randrange(0, 2**256)]),
        "address": rand_address(rng),
        "nonce": rand_nonce(rng),
    }
    return Account.sign_authorization(auth, key), auth


def build_tx(rng: random.Random, kind: str, key: bytes) -> dict:
    tx = {}
    tx_type = {"legacy155": 0, "legacy": 0, "accessList": 1, "dynamicFee": 2, "blob": 3, "setCode": 4}[kind]
    if tx_type:
        tx["type"] = tx_type
    if kind != "legacy":
        tx["chainId"] = rand_chain_id(rng)
    tx["nonce"] = rand_nonce(rng)
    creation_allowed = tx_type in (0, 1, 2)
    if not (creation_allowed and rng.random() < 0.2):
        tx["to"] = rand_address(rng)
    tx["value"] = rand_quantity(rng, 256)
    tx["data"] = rand_data(rng)
    if not tx.get("to") and len(tx["data"]) > 2 + 2 * 49152:
        tx["data"] = tx["data"][: 2 + 2 * 1000]
    if tx_type >= 1:
        tx["accessList"] = rand_access_list(rng)
    if tx_type == 3:
        tx["blobVersionedHashes"] = [
            "0x01" + rng.randbytes(31).hex() for _ in range(rng.randrange(1, 7))
        ]
    if tx_type == 4:
        tx["authorizationList"] = [make_authorization(rng, rng.randbytes(32))[0] for _ in range(rng.randrange(1, 4))]
    gas_min = max(intrinsic_gas(tx))
    tx["gas"] = rand_gas(rng, gas_min)
    if tx_type in (0, 1):
        tx["gasPrice"] = rand_fee_cap(rng, tx["gas"])
    else:
        reserved = 0
        if tx_type == 3:
            blob_gas = 131072 * len(tx["blobVersionedHashes"])
            tx["maxFeePerBlobGas"] = rng.choice([1, 10**9, rng.randrange(0, 2**64)])
            reserved = blob_gas * tx["maxFeePerBlobGas"]
        tx["maxFeePerGas"] = rand_fee_cap(rng, tx["gas"], reserved)
        tx["maxPriorityFeePerGas"] = rng.choice([0, tx["maxFeePerGas"], rng.randrange(0, tx["maxFeePerGas"] + 1)])
    return tx


def main():
    rng = random.Random(SEED)
    vectors = []
    plan = (
        ["legacy155"] * 40 + ["legacy"] * 6 + ["accessList"] * 30 + ["dynamicFee"] * 40
        + ["blob"] * 25 + ["setCode"] * 30
    )
    for i, kind in enumerate(plan):
        key = rng.randbytes(32)
        tx = build_tx(rng, kind, key)
        signed = Account.sign_transaction(tx, key)
        raw = bytes(signed.raw_transaction)
        sender = Account.from_key(key).address
        assert Account.recover_transaction(raw) == sender
        signing_hash = signing_hash_from_raw(raw)
        if "type" in tx:
            assert TypedTransaction.from_dict(tx).hash() == signing_hash, kind
        # the signing hash, signature and sender agree per eth-keys too
        pub = eth_keys.PrivateKey(key).public_key
        assert pub.to_checksum_address() == sender
        assert bytes(signed.hash) == keccak(raw)
        intrinsic, floor = intrinsic_gas(tx)
        vectors.append({
            "name": f"{kind}-{i}",
            "type": tx.get("type", 0),
            "key": hx(key),
            "unsigned": unsigned_json(rng, tx, infer_type=rng.random() < 0.25 and kind in ("legacy155", "dynamicFee", "blob", "setCode")),
            "signingHash": hx(signing_hash),
            "raw": hx(raw),
            "hash": hx(keccak(raw)),
            "sender": sender,
            "yParity": signed.v if signed.v <= 1 else (signed.v - 27 if signed.v <= 28 else (signed.v - 35) % 2),
            "v": str(signed.v),
            "r": hex(signed.r),
            "s": hex(signed.s),
            "intrinsicGas": intrinsic,
            "floorGas": floor,
        })

    authorizations = []
    for i in range(40):
        key = rng.randbytes(32)
        a, unsigned = make_authorization(rng, key)
        msg = b"\x05" + rlp.encode([unsigned["chainId"], bytes.fromhex(unsigned["address"][2:]), unsigned["nonce"]])
        assert keccak(msg) == bytes(a.authorization_hash)
        assert a.authority == bytes.fromhex(Account.from_key(key).address[2:])
        authorizations.append({
            "key": hx(key),
            "chainId": str(unsigned["chainId"]),
            "address": unsigned["address"],
            "nonce": str(unsigned["nonce"]),
            "signingHash": hx(keccak(msg)),
            "yParity": a.y_parity,
            "r": hex(a.r),
            "s": hex(a.s),
            "authority": Account.from_key(key).address,
        })

    with open(os.path.join(HERE, "tx.json"), "w") as f:
        json.dump({
            "generator": "vectors/gen_tx.py (eth-account 0.14.0, rlp 5.0.0)",
            "transactions": vectors,
            "authorizations": authorizations,
        }, f, indent=1)
        f.write("\n")

    write_bad(rng, vectors)
    write_network(rng, vectors)


# ---------------------------------------------------------------- mutations (tx_bad.json)
def list_header(length: int) -> bytes:
    if length < 56:
        return bytes([0xC0 + length])
    n = int_to_min_bytes(length)
    return bytes([0xF7 + len(n)]) + n


def typed_items(raw: bytes):
    return raw[0], rlp.decode(raw[1:])


def enc_typed(t: int, items) -> bytes:
    return bytes([t]) + rlp.encode(items)


def write_bad(rng: random.Random, vectors: list):
    by_type = {}
    for v in vectors:
        raw = bytes.fromhex(v["raw"][2:])
        if v["type"] == 0 and bytes_to_int(rlp.decode(raw)[6]) < 35:
            by_type.setdefault("legacy", []).append(raw)
        else:
            by_type.setdefault(v["type"], []).append(raw)
    for k in by_type:
        by_type[k].sort(key=len)
    cases = []

    def add(name, raw, code, field=None):
        cases.append({"name": name, "raw": hx(raw), "code": code, "field": field})

    # typed transactions: index of each field
    layouts = {
        1: ["chainId", "nonce", "gasPrice", "gas", "to", "value", "input", "accessList", "yParity", "r", "s"],
        2: ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to", "value", "input", "accessList", "yParity", "r", "s"],
        3: ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to", "value", "input", "accessList",
            "maxFeePerBlobGas", "blobVersionedHashes", "yParity", "r", "s"],
        4: ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to", "value", "input", "accessList",
            "authorizationList", "yParity", "r", "s"],
    }
    legacy_layout = ["nonce", "gasPrice", "gas", "to", "value", "input", "v", "r", "s"]

    for t, names in layouts.items():
        raw = by_type[t][0]
        _, items = typed_items(raw)
        ix = {n: i for i, n in enumerate(names)}

        def mutate(field, value, items=items, t=t, ix=ix):
            m = list(items)
            m[ix[field]] = value
            return enc_typed(t, m)

        # non-canonical integers: a leading zero byte
        for field in ["chainId", "nonce", "gas", "value", "r", "s"]:
            add(f"type{t}-{field}-leading-zero", mutate(field, b"\x00" + items[ix[field]]), "rlp_non_canonical_integer", field)
        fee = "gasPrice" if t == 1 else "maxFeePerGas"
        add(f"type{t}-{fee}-leading-zero", mutate(fee, b"\x00" + items[ix[fee]]), "rlp_non_canonical_integer", fee)
        # a single byte < 0x80 wrapped as a one-byte string: hand-built (pyrlp never writes it)
        small = list(items)
        small[ix["nonce"]] = b"\x05"
        payload = b"".join(
            b"\x81\x05" if k == ix["nonce"] else rlp.encode(x) for k, x in enumerate(small))
        add(f"type{t}-nonce-single-byte-as-string", bytes([t]) + list_header(len(payload)) + payload,
            "rlp_non_canonical_single_byte", "nonce")
        # high s: s' = n - s with the parity flipped
        s = bytes_to_int(items[ix["s"]])
        y = bytes_to_int(items[ix["yParity"]])
        m = list(items)
        m[ix["s"]] = int_to_min_bytes(N - s)
        m[ix["yParity"]] = int_to_min_bytes(1 - y)
        add(f"type{t}-high-s", enc_typed(t, m), "tx_high_s", "s")
        add(f"type{t}-s-equals-n", mutate("s", int_to_min_bytes(N)), "tx_invalid_signature_s", "s")
        add(f"type{t}-r-zero", mutate("r", b""), "tx_invalid_signature_r", "r")
        add(f"type{t}-r-33-bytes", mutate("r", b"\x01" + items[ix["r"]].rjust(32, b"\x00")), "tx_invalid_signature_r", "r")
        add(f"type{t}-yparity-2", mutate("yParity", b"\x02"), "tx_invalid_y_parity", "yParity")
        add(f"type{t}-yparity-27", mutate("yParity", b"\x1b"), "tx_invalid_y_parity", "yParity")
        # bounds
        add(f"type{t}-nonce-2^64", mutate("nonce", int_to_min_bytes(2**64)), "tx_value_out_of_range", "nonce")
        add(f"type{t}-gas-2^64", mutate("gas", int_to_min_bytes(2**64)), "tx_value_out_of_range", "gas")
        add(f"type{t}-chainid-2^64", mutate("chainId", int_to_min_bytes(2**64)), "tx_value_out_of_range", "chainId")
        add(f"type{t}-value-33-bytes", mutate("value", b"\x01" + b"\x00" * 32), "tx_value_out_of_range", "value")
        # field given as a list / address lengths
        add(f"type{t}-nonce-as-list", mutate("nonce", []), "rlp_expected_bytes", "nonce")
        add(f"type{t}-input-as-list", mutate("input", [b"\x01"]), "rlp_expected_bytes", "input")
        add(f"type{t}-to-19-bytes", mutate("to", b"\x11" * 19), "tx_invalid_length", "to")
        add(f"type{t}-to-21-bytes", mutate("to", b"\x00" + b"\x11" * 20), "tx_invalid_length", "to")
        if t in (3, 4):
            add(f"type{t}-creation", mutate("to", b""), "tx_missing_to", "to")
        # access list shapes
        add(f"type{t}-accesslist-address-19", mutate("accessList", [[b"\x22" * 19, []]]), "tx_invalid_length", "accessList[0].address")
        add(f"type{t}-accesslist-key-31", mutate("accessList", [[b"\x22" * 20, [b"\x33" * 32, b"\x33" * 31]]]),
            "tx_invalid_length", "accessList[0].storageKeys[1]")
        add(f"type{t}-accesslist-key-33", mutate("accessList", [[b"\x22" * 20, [b"\x33" * 33]]]),
            "tx_invalid_length", "accessList[0].storageKeys[0]")
        add(f"type{t}-accesslist-entry-extra", mutate("accessList", [[b"\x22" * 20, [], b""]]),
            "tx_extra_field", "accessList[0].storageKeys")
        add(f"type{t}-accesslist-entry-short", mutate("accessList", [[b"\x22" * 20]]),
            "tx_missing_field", "accessList[0].storageKeys")
        add(f"type{t}-accesslist-not-list", mutate("accessList", b"\x01"), "rlp_expected_list", "accessList")
        # wrong type byte, trailing bytes, truncation, field counts
        add(f"type{t}-as-type-5", bytes([5]) + raw[1:], "tx_unsupported_type")
        add(f"type{t}-as-type-0x7f", bytes([0x7F]) + raw[1:], "tx_unsupported_type")
        add(f"type{t}-trailing-byte", raw + b"\x00", "rlp_trailing_bytes")
        add(f"type{t}-truncated", raw[:-1], "rlp_truncated")
        add(f"type{t}-too-many-fields", enc_typed(t, list(items) + [b""]), "tx_extra_field", "s")
        add(f"type{t}-too-few-fields", enc_typed(t, list(items)[:-1]), "tx_missing_field", "s")
        add(f"type{t}-only-chainid", enc_typed(t, list(items)[:1]), "tx_missing_field", "nonce")
        add(f"type{t}-empty-list", enc_typed(t, []), "tx_missing_field", "chainId")
        add(f"type{t}-type-byte-only", bytes([t]), "rlp_truncated")

    # blob-specific
    _, items = typed_items(by_type[3][0])
    ix = {n: i for i, n in enumerate(layouts[3])}
    m = list(items)
    hashes = list(m[ix["blobVersionedHashes"]])
    hashes[0] = b"\x02" + hashes[0][1:]
    m[ix["blobVersionedHashes"]] = hashes
    add("type3-blob-hash-version-2", enc_typed(3, m), "tx_invalid_blob_hash_version", "blobVersionedHashes[0]")
    m = list(items)
    m[ix["blobVersionedHashes"]] = [b"\x00" + b"\x44" * 31]
    add("type3-blob-hash-version-0", enc_typed(3, m), "tx_invalid_blob_hash_version", "blobVersionedHashes[0]")
    m = list(items)
    m[ix["blobVersionedHashes"]] = []
    add("type3-no-blob-hashes", enc_typed(3, m), "tx_no_blob_hashes", "blobVersionedHashes")
    m = list(items)
    m[ix["blobVersionedHashes"]] = [b"\x01" + b"\x44" * 30]
    add("type3-blob-hash-31-bytes", enc_typed(3, m), "tx_invalid_length", "blobVersionedHashes[0]")

    # set-code specific
    _, items = typed_items(by_type[4][0])
    ix = {n: i for i, n in enumerate(layouts[4])}
    auths = items[ix["authorizationList"]]

    def with_auths(a):
        m = list(items)
        m[ix["authorizationList"]] = a
        return enc_typed(4, m)

    add("type4-empty-authorization-list", with_auths([]), "tx_empty_authorization_list", "authorizationList")
    a0 = list(auths[0])
    add("type4-auth-yparity-256", with_auths([a0[:3] + [int_to_min_bytes(256)] + a0[4:]]),
        "tx_value_out_of_range", "authorizationList[0].yParity")
    add("type4-auth-yparity-leading-zero", with_auths([a0[:3] + [b"\x00\x01"] + a0[4:]]),
        "rlp_non_canonical_integer", "authorizationList[0].yParity")
    add("type4-auth-address-19", with_auths([a0[:1] + [b"\x55" * 19] + a0[2:]]),
        "tx_invalid_length", "authorizationList[0].address")
    add("type4-auth-nonce-2^64", with_auths([a0[:2] + [int_to_min_bytes(2**64)] + a0[3:]]),
        "tx_value_out_of_range", "authorizationList[0].nonce")
    add("type4-auth-chainid-33-bytes", with_auths([[b"\x01" + b"\x00" * 32] + a0[1:]]),
        "tx_value_out_of_range", "authorizationList[0].chainId")
    add("type4-auth-r-33-bytes", with_auths([a0[:4] + [b"\x01" + b"\x00" * 32] + a0[5:]]),
        "tx_value_out_of_range", "authorizationList[0].r")
    add("type4-auth-too-few", with_auths([a0[:5]]), "tx_missing_field", "authorizationList[0].s")
    add("type4-auth-too-many", with_auths([a0 + [b""]]), "tx_extra_field", "authorizationList[0].s")
    add("type4-second-auth-bad", with_auths([a0, a0[:1] + [b"\x55" * 21] + a0[2:]]),
        "tx_invalid_length", "authorizationList[1].address")

    # legacy
    for label, raws in [("legacy155", by_type[0]), ("legacy", by_type["legacy"])]:
        raw = raws[0]
        items = rlp.decode(raw)
        ix = {n: i for i, n in enumerate(legacy_layout)}

        def lmutate(field, value, items=items, ix=ix):
            m = list(items)
            m[ix[field]] = value
            return rlp.encode(m)

        for v in [0, 1, 26, 29, 34]:
            add(f"{label}-v-{v}", lmutate("v", int_to_min_bytes(v)), "tx_invalid_v", "v")
        add(f"{label}-v-33-bytes", lmutate("v", b"\x01" + b"\x00" * 32), "tx_invalid_v", "v")
        add(f"{label}-v-chainid-2^64", lmutate("v", int_to_min_bytes(2**64 * 2 + 35)), "tx_value_out_of_range", "v")
        add(f"{label}-v-leading-zero", lmutate("v", b"\x00" + items[ix["v"]]), "rlp_non_canonical_integer", "v")
        for field in ["nonce", "gasPrice", "gas", "value", "r", "s"]:
            add(f"{label}-{field}-leading-zero", lmutate(field, b"\x00" + items[ix[field]]), "rlp_non_canonical_integer", field)
        s = bytes_to_int(items[ix["s"]])
        v = bytes_to_int(items[ix["v"]])
        flipped = v + 1 if (v - 27 if v <= 28 else v - 35) % 2 == 0 else v - 1
        m = list(items)
        m[ix["s"]] = int_to_min_bytes(N - s)
        m[ix["v"]] = int_to_min_bytes(flipped)
        add(f"{label}-high-s", rlp.encode(m), "tx_high_s", "s")
        add(f"{label}-r-zero", lmutate("r", b""), "tx_invalid_signature_r", "r")
        add(f"{label}-s-zero", lmutate("s", b""), "tx_invalid_signature_s", "s")
        add(f"{label}-to-19-bytes", lmutate("to", b"\x11" * 19), "tx_invalid_length", "to")
        add(f"{label}-to-as-list", lmutate("to", [b"\x11" * 20]), "rlp_expected_bytes", "to")
        add(f"{label}-nonce-2^64", lmutate("nonce", int_to_min_bytes(2**64)), "tx_value_out_of_range", "nonce")
        add(f"{label}-gas-2^64", lmutate("gas", int_to_min_bytes(2**64)), "tx_value_out_of_range", "gas")
        add(f"{label}-trailing-byte", raw + b"\x80", "rlp_trailing_bytes")
        add(f"{label}-truncated", raw[:-3], "rlp_truncated")
        add(f"{label}-too-many-fields", rlp.encode(list(items) + [b""]), "tx_extra_field", "s")
        add(f"{label}-too-few-fields", rlp.encode(list(items)[:-1]), "tx_missing_field", "s")
        add(f"{label}-six-fields", rlp.encode(list(items)[:6]), "tx_missing_field", "v")
        add(f"{label}-as-typed-0x00", b"\x00" + raw, "tx_unsupported_type")
        add(f"{label}-as-byte-string", rlp.encode(raw), "tx_unsupported_type")

    add("empty", b"", "tx_empty_input")
    add("single-0xc0", b"\xc0", "tx_missing_field", "nonce")
    add("type-0x80", b"\x80", "tx_unsupported_type")

    with open(os.path.join(HERE, "tx_bad.json"), "w") as f:
        json.dump({"generator": "vectors/gen_tx.py (mutations made with rlp 5.0.0)", "cases": cases}, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------- network forms (tx_network.json)
def write_network(rng: random.Random, vectors: list):
    out = []
    # 1. eth-account signs one blob transaction with a real blob (computes commitments and the
    #    EIP-7594 cell proofs; ~6.5 s). Its SignedTransaction.hash is the network form's keccak,
    #    so the transaction hash is recomputed from the canonical body.
    key = rng.randbytes(32)
    blob = bytes(rng.randrange(0, 0x73) if i % 32 == 0 else rng.randrange(0, 256) for i in range(131072))
    tx = {
        "type": 3, "chainId": 1, "nonce": 7, "to": rand_address(rng), "value": 12345, "data": "0x1234",
        "gas": 100000, "maxFeePerGas": 3 * 10**9, "maxPriorityFeePerGas": 10**9, "maxFeePerBlobGas": 10**9,
    }
    signed = Account.sign_transaction(tx, key, blobs=[blob])
    network = bytes(signed.raw_transaction)
    items = rlp.decode(network[1:])
    body = items[0]
    canonical = b"\x03" + rlp.encode(body)
    assert len(items) == 5 and bytes_to_int(items[1]) == 1 and len(items[4]) == 128
    assert Account.recover_transaction(canonical) == Account.from_key(key).address
    out.append({
        "name": "eth-account-7594",
        "wrapper": 1,
        "raw": hx(network),
        "canonical": hx(canonical),
        "hash": hx(keccak(canonical)),
        "networkHashEthAccount": hx(bytes(signed.hash)),
        "sender": Account.from_key(key).address,
        "blobs": 1,
        "proofs": 128,
    })

    # 2. hand-assembled wrappers around transactions eth-account signs from their versioned hashes:
    #    each hash is kzg_to_versioned_hash(commitment) = 0x01 || sha256(commitment)[1:] (EIP-4844)
    #    of a chosen 48-byte commitment, so the sidecar's commitments match the signed hashes. Blob
    #    and proof contents are arbitrary: KZG proofs are not checked by the decoder.
    invalid = []
    for idx, wrapper in enumerate([0, 1]):
        key = rng.randbytes(32)
        n = 1
        commitments = [rng.randbytes(48) for _ in range(n)]
        hashes = [b"\x01" + hashlib.sha256(c).digest()[1:] for c in commitments]
        tx = {
            "type": 3, "chainId": 1, "nonce": rng.randrange(1 << 32), "to": rand_address(rng), "value": rng.randrange(1 << 64),
            "data": "0x" + rng.randbytes(rng.randrange(0, 64)).hex(), "gas": 100000 + rng.randrange(1 << 20),
            "maxFeePerGas": 3 * 10**9, "maxPriorityFeePerGas": 10**9, "maxFeePerBlobGas": 10**9 + rng.randrange(10**9),
            "blobVersionedHashes": ["0x" + h.hex() for h in hashes],
        }
        signed = Account.sign_transaction(tx, key)
        canonical = bytes(signed.raw_transaction)
        sender = Account.from_key(key).address
        assert Account.recover_transaction(canonical) == sender
        body = rlp.decode(canonical[1:])
        assert [bytes(h) for h in body[10]] == hashes
        blobs = [bytes([idx + 1]) * 131072 for _ in range(n)]
        proofs = [bytes([0xA0 + (i % 32)]) * 48 for i in range(n * (1 if wrapper == 0 else 128))]

        def wrap(cs):
            if wrapper == 0:
                return b"\x03" + rlp.encode([body, blobs, cs, proofs])
            return b"\x03" + rlp.encode([body, 1, blobs, cs, proofs])

        out.append({
            "name": f"assembled-{'4844' if wrapper == 0 else '7594'}",
            "wrapper": wrapper,
            "raw": hx(wrap(commitments)),
            "canonical": hx(canonical),
            "hash": hx(keccak(canonical)),
            "sender": sender,
            "blobs": n,
            "proofs": len(proofs),
        })
        # The same wrapper with the first byte of its commitment flipped no longer matches its
        # versioned hash (the file records the mutation, not a second copy of the blob).
        wrong = bytes([commitments[0][0] ^ 1]) + commitments[0][1:]
        assert b"\x01" + hashlib.sha256(wrong).digest()[1:] != hashes[0]
        assert wrap([wrong]) != wrap(commitments)
        invalid.append({
            "name": f"commitment-mismatch-{'4844' if wrapper == 0 else '7594'}",
            "base": f"assembled-{'4844' if wrapper == 0 else '7594'}",
            "mutation": "xor 0x01 into the first byte of commitments[0]",
            "error": "tx_invalid_sidecar",
            "field": "commitments[0]",
        })

    with open(os.path.join(HERE, "tx_network.json"), "w") as f:
        json.dump({"generator": "vectors/gen_tx.py (eth-account 0.14.0, rlp 5.0.0, hashlib sha256)", "transactions": out, "invalid": invalid}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
