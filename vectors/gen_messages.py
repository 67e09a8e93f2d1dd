#!/usr/bin/env python3
"""Message-signing vectors for the Messages module and the `ballast wallet` commands.

Every expected value comes from the pinned reference eth-account 0.14.0 (with eth-keys and
eth-utils); nothing is computed with the project's Swift code. Deterministic: one seeded
random.Random drives every key and random message.

Sections of vectors/messages.json:
  personal     EIP-191 version 0x45 (personal_sign): key, message bytes (and the text it was
               made from, when it was text), the hash keccak256("\\x19Ethereum Signed Message:\\n"
               + decimal length + message) as eth-account's encode_defunct/_hash_eip191_message
               compute it, and Account.sign_message's 65-byte signature r || s || v (v = 27/28).
               Messages: empty, ASCII, unicode, text that starts with "0x", raw bytes (also not
               valid UTF-8), lengths whose decimal width changes (9/10, 99/100, 999/1000), long.
  recover      Signatures checked with Account.recover_message: the address eth-account
               recovers, or null when it refuses. Variants: v = 0/1 instead of 27/28, the
               high-s twin (s' = n - s, v flipped; eth-account recovers it, the project's
               verifier rejects it by policy: "lowS": false), bad v (eth-account also reads v >= 35
               as an EIP-155 v; the project accepts only 0, 1, 27, 28: "standardV"), r or s zero
               or >= n.
  typedData    EIP-712 documents (eth_signTypedData_v4 JSON): the EIP's Mail example with its
               published key keccak256("cow"), an EIP-2612 Permit, and documents with arrays,
               nested structs, bytes, strings, negative integers, salts. domainSeparator and
               hashStruct(message) from encode_typed_data, the digest keccak256(0x1901 ||
               domainSeparator || hashStruct), and Account.sign_typed_data's signature.
  authorizations  EIP-7702 authorizations signed with Account.sign_authorization: the signing
               hash keccak256(0x05 || rlp([chainId, address, nonce])), yParity, r, s, authority,
               and "signAuth": the object `wallet sign-auth` prints (0x hex quantities).

Run: .venv/bin/python vectors/gen_messages.py
"""

import copy
import json
import os
import random

from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_defunct, encode_typed_data
from eth_utils import keccak, to_checksum_address

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, "vectors", "messages.json")

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
rng = random.Random(0x5161_4E55)


def h(b: bytes) -> str:
    return "0x" + b.hex()


def rand_bytes(n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


def rand_key() -> bytes:
    while True:
        k = rand_bytes(32)
        if 0 < int.from_bytes(k, "big") < N:
            return k


KEYS = [
    (1).to_bytes(32, "big"),
    (N - 1).to_bytes(32, "big"),
    keccak(b"cow"),
] + [rand_key() for _ in range(5)]


def rand_text(n: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-_"
    return "".join(rng.choice(alphabet) for _ in range(n))


# --------------------------------------------------------------------------------------------
# personal_sign

def personal_messages():
    """(kind, value) pairs: kind "text" (a str) or "bytes"."""
    msgs = [
        ("text", ""),
        ("bytes", b""),
        ("text", "hello"),
        ("text", "Hello, world!\n"),
        ("text", "héllo wörld — 🌍 日本語"),
        ("text", "0x1234"),          # text that looks like hex: signed as the 6 characters
        ("text", "0X00"),            # uppercase prefix: text for the CLI as well
        ("bytes", b"\x00"),
        ("bytes", bytes.fromhex("deadbeef")),
        ("bytes", bytes.fromhex("fffe80c0")),  # not valid UTF-8
        ("bytes", b"\x19Ethereum Signed Message:\n3abc"),
        ("bytes", rand_bytes(32)),    # a hash-like 32-byte message
        ("text", rand_text(9)),
        ("text", rand_text(10)),
        ("bytes", rand_bytes(99)),
        ("bytes", rand_bytes(100)),
        ("text", rand_text(999)),
        ("bytes", rand_bytes(1000)),
        ("bytes", rand_bytes(4096)),
    ]
    return msgs


def personal_vectors():
    out = []
    for i, (kind, value) in enumerate(personal_messages()):
        key = KEYS[i % len(KEYS)]
        if kind == "text":
            signable = encode_defunct(text=value)
            data = value.encode("utf-8")
        else:
            signable = encode_defunct(primitive=value)
            data = value
        assert signable.body == data
        digest = _hash_eip191_message(signable)
        expected = keccak(b"\x19Ethereum Signed Message:\n" + str(len(data)).encode() + data)
        assert digest == expected
        signed = Account.sign_message(signable, key)
        assert signed.message_hash == digest
        sig = bytes(signed.signature)
        assert len(sig) == 65 and sig[64] in (27, 28)
        address = Account.from_key(key).address
        assert Account.recover_message(signable, signature=sig) == address
        entry = {"privateKey": h(key), "address": address, "message": h(data)}
        if kind == "text":
            entry["text"] = value
        entry["hash"] = h(digest)
        entry["signature"] = h(sig)
        out.append(entry)
    return out


def recover_vectors(personal):
    out = []

    def case(name, message_hex, sig: bytes, low_s=True):
        signable = encode_defunct(hexstr=message_hex)
        try:
            recovered = Account.recover_message(signable, signature=sig)
        except Exception:
            recovered = None
        out.append({"name": name, "message": message_hex, "signature": h(sig),
                    "recovered": recovered, "lowS": low_s, "standardV": sig[64] in (0, 1, 27, 28)})

    for p in personal[:6]:
        sig = bytes.fromhex(p["signature"][2:])
        r, s, v = sig[:32], sig[32:64], sig[64]
        case("v27/28", p["message"], sig)
        case("v0/1", p["message"], r + s + bytes([v - 27]))
        high = (N - int.from_bytes(s, "big")).to_bytes(32, "big")
        case("high-s twin", p["message"], r + high + bytes([55 - v]), low_s=False)
        case("flipped v", p["message"], r + s + bytes([55 - v]))
    p = personal[2]
    sig = bytes.fromhex(p["signature"][2:])
    r, s = sig[:32], sig[32:64]
    for bad_v in (2, 26, 29, 37, 255):
        case(f"v={bad_v}", p["message"], r + s + bytes([bad_v]))
    zero = bytes(32)
    case("r=0", p["message"], zero + s + bytes([27]))
    case("s=0", p["message"], r + zero + bytes([27]))
    case("r=n", p["message"], N.to_bytes(32, "big") + s + bytes([27]))
    case("s=n", p["message"], r + N.to_bytes(32, "big") + bytes([27]), low_s=False)
    return out


# --------------------------------------------------------------------------------------------
# EIP-712

MAIL = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [
            {"name": "from", "type": "Person"},
            {"name": "to", "type": "Person"},
            {"name": "contents", "type": "string"},
        ],
    },
    "primaryType": "Mail",
    "domain": {
        "name": "Ether Mail",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
    },
    "message": {
        "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
        "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
        "contents": "Hello, Bob!",
    },
}

PERMIT = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
        ],
        "Permit": [
            {"name": "owner", "type": "address"},
            {"name": "spender", "type": "address"},
            {"name": "value", "type": "uint256"},
            {"name": "nonce", "type": "uint256"},
            {"name": "deadline", "type": "uint256"},
        ],
    },
    "primaryType": "Permit",
    "domain": {
        "name": "USD Coin",
        "version": "2",
        "chainId": 1,
        "verifyingContract": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
    },
    "message": {
        "owner": None,  # filled with the signer's address
        "spender": "0x000000000022D473030F116dDEE9F6B43aC78BA3",
        "value": "115792089237316195423570985008687907853269984665640564039457584007913129639935",
        "nonce": 0,
        "deadline": "1893456000",
    },
}

MAIL_ARRAYS = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallets", "type": "address[]"}],
        "Mail": [
            {"name": "from", "type": "Person"},
            {"name": "to", "type": "Person[]"},
            {"name": "contents", "type": "string"},
        ],
    },
    "primaryType": "Mail",
    "domain": {
        "name": "Ether Mail",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
    },
    "message": {
        "from": {
            "name": "Cow",
            "wallets": [
                "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",
                "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF",
            ],
        },
        "to": [
            {
                "name": "Bob",
                "wallets": [
                    "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB",
                    "0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57",
                    "0xB0B0b0b0b0b0B000000000000000000000000000",
                ],
            }
        ],
        "contents": "Hello, Bob!",
    },
}

MIXED = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
            {"name": "salt", "type": "bytes32"},
        ],
        "Order": [
            {"name": "maker", "type": "address"},
            {"name": "amounts", "type": "uint256[2]"},
            {"name": "delta", "type": "int256"},
            {"name": "small", "type": "int8"},
            {"name": "flag", "type": "bool"},
            {"name": "data", "type": "bytes"},
            {"name": "tag", "type": "bytes4"},
            {"name": "memo", "type": "string"},
            {"name": "legs", "type": "Leg[]"},
            {"name": "grid", "type": "uint8[][]"},
        ],
        "Leg": [
            {"name": "token", "type": "address"},
            {"name": "amount", "type": "uint128"},
            {"name": "asset", "type": "Asset"},
        ],
        "Asset": [{"name": "id", "type": "bytes32"}, {"name": "kind", "type": "uint8"}],
    },
    "primaryType": "Order",
    "domain": {
        "name": "Mixed",
        "chainId": 10,
        "verifyingContract": "0x1111111111111111111111111111111111111111",
        "salt": "0x" + "ab" * 32,
    },
    "message": {
        "maker": "0x2222222222222222222222222222222222222222",
        "amounts": ["1000000000000000000", 7],
        "delta": "-12345678901234567890",
        "small": -128,
        "flag": True,
        "data": "0x00ff10",
        "tag": "0xa9059cbb",
        "memo": "swap ✓",
        "legs": [
            {"token": "0x3333333333333333333333333333333333333333", "amount": "340282366920938463463374607431768211455",
             "asset": {"id": "0x" + "01" * 32, "kind": 1}},
            {"token": "0x4444444444444444444444444444444444444444", "amount": 0,
             "asset": {"id": "0x" + "00" * 32, "kind": 255}},
        ],
        "grid": [[1, 2, 3], [], [255]],
    },
}

MINIMAL = {
    "types": {
        "EIP712Domain": [{"name": "chainId", "type": "uint256"}],
        "Ping": [{"name": "n", "type": "uint64"}],
    },
    "primaryType": "Ping",
    "domain": {"chainId": 31337},
    "message": {"n": 42},
}


def typed_vectors():
    out = []
    docs = [("eip712-mail", MAIL, keccak(b"cow")), ("eip2612-permit", PERMIT, KEYS[3]),
            ("eip712-mail-arrays", MAIL_ARRAYS, keccak(b"cow")), ("mixed", MIXED, KEYS[4]),
            ("minimal", MINIMAL, KEYS[5])]
    for name, doc, key in docs:
        doc = copy.deepcopy(doc)
        address = Account.from_key(key).address
        if name == "eip2612-permit":
            doc["message"]["owner"] = address
        signable = encode_typed_data(full_message=doc)
        assert signable.version == b"\x01"
        digest = keccak(b"\x19\x01" + signable.header + signable.body)
        signed = Account.sign_typed_data(key, full_message=doc)
        assert signed.message_hash == digest
        sig = bytes(signed.signature)
        assert sig[64] in (27, 28)
        assert Account.recover_message(signable, signature=sig) == address
        out.append({"name": name, "privateKey": h(key), "address": address, "data": doc,
                    "domainSeparator": h(signable.header), "hashStruct": h(signable.body),
                    "digest": h(digest), "signature": h(sig)})
    # The EIP's published values for the Mail example.
    mail = out[0]
    assert mail["address"] == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"
    assert mail["domainSeparator"] == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"
    assert mail["hashStruct"] == "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"
    assert mail["digest"] == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"
    assert mail["signature"] == ("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
                                 "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c")
    return out


# --------------------------------------------------------------------------------------------
# EIP-7702 authorizations

def authorization_vectors():
    out = []
    cases = [
        (1, "0x" + "22" * 20, 0),
        (1, "0x000000000022D473030F116dDEE9F6B43aC78BA3", 5),
        (0, "0x" + "ab" * 20, 1),                      # chain id 0: valid on any chain
        (11155111, "0x" + "00" * 20, 2 ** 64 - 1),    # nonce at the top of its range
        (2 ** 256 - 1, "0x" + "ff" * 20, 123456789),  # largest chain id
        (31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 7),
    ]
    for i, (chain_id, target, nonce) in enumerate(cases):
        key = KEYS[i % len(KEYS)]
        target = to_checksum_address(target)
        signed = Account.sign_authorization({"chainId": chain_id, "address": target, "nonce": nonce}, key)
        authority = Account.from_key(key).address
        out.append({
            "privateKey": h(key),
            "authority": authority,
            "chainId": chain_id if chain_id < 2 ** 53 else str(chain_id),
            "address": target,
            "nonce": nonce if nonce < 2 ** 53 else str(nonce),
            "signingHash": h(bytes(signed.authorization_hash)),
            "yParity": signed.y_parity,
            "r": hex(signed.r),
            "s": hex(signed.s),
            # What `wallet sign-auth` prints: 0x hex quantities, checksummed address.
            "signAuth": {"chainId": hex(chain_id), "address": target, "nonce": hex(nonce),
                         "yParity": hex(signed.y_parity), "r": hex(signed.r), "s": hex(signed.s)},
        })
        assert to_checksum_address(signed.authority) == authority  # recovered by eth-account
    return out


def main():
    personal = personal_vectors()
    doc = {
        "generator": "vectors/gen_messages.py (eth-account 0.14.0)",
        "notes": "hex with 0x; signatures are r || s || v with v = 27/28; 'text' is present when the "
                 "message was UTF-8 text; recover.recovered is eth-account's answer (null: refused), "
                 "lowS false marks the high-s forms and standardV false the v outside 0/1/27/28 that the project rejects; authorization r/s are 0x "
                 "quantities, chainId/nonce above 2^53 are decimal strings.",
        "personal": personal,
        "recover": recover_vectors(personal),
        "typedData": typed_vectors(),
        "authorizations": authorization_vectors(),
    }
    text = json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False)
    with open(OUT_PATH, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(f"wrote {OUT_PATH}: {len(doc['personal'])} personal, {len(doc['recover'])} recover, "
          f"{len(doc['typedData'])} typed-data, {len(doc['authorizations'])} authorizations, {len(text)} bytes")


if __name__ == "__main__":
    main()
