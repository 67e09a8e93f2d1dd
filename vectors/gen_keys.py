#!/usr/bin/env python3
"""Key, signature, keystore, BIP-39 and BIP-32 vectors for the Secp256k1, LibCrypto and Keys modules.

Every expected value comes from the pinned references (eth-account 0.14.0, eth-keys 0.8.0,
eth-keyfile 0.10.0, pycryptodome); nothing is computed with the project's Swift code.
Deterministic: one seeded random.Random drives every key, hash, salt, IV, UUID and entropy.

Sections of vectors/keys.json:
  signatures  ~20 private keys -> public keys, address, and signatures of fixed 32-byte hashes
              (eth-keys sign_msg_hash, RFC 6979 + low s; the coincurve and the pure-Python backends
              must agree byte for byte). Each signature also carries its high-s twin (s' = n - s,
              yParity flipped), which recovers the same key only when high s is allowed.
  unrecoverable  signatures whose r is no curve point's x coordinate (recovery fails for both
              parities in eth-keys).
  keystores   Web3 Secret Storage v3 files made by eth-account/eth-keyfile (scrypt with small n,
              one with the default n=262144 r=8 p=1, pbkdf2 with small c), with password and key.
              salt/iv/id are inside each file, so a writer can be checked for identical output.
  mnemonics   BIP-39 phrases (the "abandon x11 about" vector and phrases from fixed entropy, with
              and without passphrase, including a non-ASCII one) -> seed, and BIP-32 paths ->
              private key + address (eth-account's HD derivation).
  bip39       Published BIP-39 vectors (entropy, phrase, seed with passphrase "TREZOR"); the
              generator checks eth-account reproduces each one.

Run: .venv/bin/python vectors/gen_keys.py
"""

import json
import os
import random
import unicodedata
import uuid

import eth_keyfile.keyfile as keyfile_module
from eth_account import Account
from eth_account.hdaccount import Mnemonic, key_from_seed, seed_from_mnemonic
from eth_keys import KeyAPI
from eth_keys.backends import CoinCurveECCBackend, NativeECCBackend
from eth_utils import keccak, to_checksum_address

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, "vectors", "keys.json")

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
rng = random.Random(0xBA11A57)

Account.enable_unaudited_hdwallet_features()
native = KeyAPI(NativeECCBackend)
coincurve = KeyAPI(CoinCurveECCBackend)


def h(b: bytes) -> str:
    return "0x" + b.hex()


def rand_bytes(n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


# --------------------------------------------------------------------------------------------
# Signatures
# --------------------------------------------------------------------------------------------
def signature_vectors():
    keys = [1, 2, 3, N - 1, N - 2, (N - 1) // 2, (N + 1) // 2, 2**255, 2**128 + 1]
    while len(keys) < 21:
        keys.append(rng.randrange(1, N))
    hashes = [
        b"\x00" * 32,
        b"\xff" * 32,
        keccak(b""),
        keccak(b"ballast"),
    ]
    out = []
    for i, k in enumerate(keys):
        kb = k.to_bytes(32, "big")
        sk_c = coincurve.PrivateKey(kb)
        sk_n = native.PrivateKey(kb)
        pub = sk_c.public_key
        assert pub.to_bytes() == sk_n.public_key.to_bytes()
        entry = {
            "privateKey": h(kb),
            "publicKey": h(b"\x04" + pub.to_bytes()),
            "compressedPublicKey": h(pub.to_compressed_bytes()),
            "address": to_checksum_address(pub.to_canonical_address()),
            "signatures": [],
        }
        # Every key signs the fixed hashes; the first keys also sign two random hashes each.
        these = list(hashes) + ([rand_bytes(32), rand_bytes(32)] if i < 10 else [])
        for msg in these:
            sig = sk_c.sign_msg_hash(msg)
            sig_n = sk_n.sign_msg_hash(msg)
            assert (sig.r, sig.s, sig.v) == (sig_n.r, sig_n.s, sig_n.v), "backends disagree"
            assert sig.s <= N // 2
            assert sig.recover_public_key_from_msg_hash(msg) == pub
            entry["signatures"].append({
                "hash": h(msg),
                "r": h(sig.r.to_bytes(32, "big")),
                "s": h(sig.s.to_bytes(32, "big")),
                "yParity": sig.v,
                "highS": h((N - sig.s).to_bytes(32, "big")),
                "highSYParity": 1 - sig.v,
            })
        out.append(entry)
    return out


def unrecoverable_vectors():
    """r values that are no point's x coordinate: recovery must fail for both parities."""
    P = 2**256 - 2**32 - 977
    out = []
    x = 1
    while len(out) < 2:
        if pow((x**3 + 7) % P, (P - 1) // 2, P) != 1:
            msg = keccak(b"unrecoverable")
            s = 1234567
            for v in (0, 1):
                try:
                    coincurve.Signature(vrs=(v, x, s)).recover_public_key_from_msg_hash(msg)
                    raise AssertionError("recovered")
                except Exception as e:  # eth_keys BadSignature
                    assert "BadSignature" in type(e).__name__ or "recover" in str(e).lower(), e
            out.append({"hash": h(msg), "r": h(x.to_bytes(32, "big")), "s": h(s.to_bytes(32, "big"))})
        x += 1
    return out


# --------------------------------------------------------------------------------------------
# Keystores (eth-keyfile's randomness replaced by the seeded generator, for reproducible files)
# --------------------------------------------------------------------------------------------
class _SeededRandom:
    @staticmethod
    def get_random_bytes(n):
        return rand_bytes(n)


def keystore_vectors():
    keyfile_module.Random = _SeededRandom
    keyfile_module.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)
    cases = [
        ("scrypt-1024", "scrypt", 1024, "correct horse battery staple"),
        ("scrypt-2048-empty-password", "scrypt", 2048, ""),
        ("scrypt-1024-unicode-password", "scrypt", 1024, "p\u00e4ssw\u00f6rd \u2603"),
        ("scrypt-4096", "scrypt", 4096, "ballast"),
        ("scrypt-default", "scrypt", None, "default parameters"),
        ("pbkdf2-1", "pbkdf2", 1, "one"),
        ("pbkdf2-1000", "pbkdf2", 1000, "thousand"),
        ("pbkdf2-2048-empty-password", "pbkdf2", 2048, ""),
    ]
    out = []
    for name, kdf, work, password in cases:
        key = rng.randrange(1, N).to_bytes(32, "big")
        if work is None:
            ks = Account.encrypt(key, password, kdf=kdf)
        else:
            ks = Account.encrypt(key, password, kdf=kdf, iterations=work)
        assert Account.decrypt(ks, password) == key
        try:
            Account.decrypt(ks, password + "x")
            raise AssertionError("wrong password accepted")
        except ValueError as e:
            assert "MAC mismatch" in str(e)
        out.append({
            "name": name,
            "password": password,
            "privateKey": h(key),
            "address": to_checksum_address(Account.from_key(key).address),
            "json": ks,
        })
    return out


# --------------------------------------------------------------------------------------------
# BIP-39 / BIP-32
# --------------------------------------------------------------------------------------------
PATHS = [
    "m/44'/60'/0'/0/0",
    "m/44'/60'/0'/0/1",
    "m/44'/60'/0'/0/7",
    "m/44H/60H/0H/0/2",
    "m/44'/60'/1'/0/0",
    "m/44'/60'/0'/1/5",
    "m/44'/60'/0'",
    "m/0",
    "m/0/1/2/3",
    "m/2147483647'/2147483647",
    "m",
]


def accounts_for(phrase, passphrase, paths):
    seed = seed_from_mnemonic(phrase, passphrase)
    accounts = []
    for path in paths:
        key = key_from_seed(seed, path)
        if path != "m":
            acct = Account.from_mnemonic(phrase, passphrase=passphrase, account_path=path)
            assert acct.key == key
        accounts.append({
            "path": path,
            "privateKey": h(key),
            "address": to_checksum_address(Account.from_key(key).address),
        })
    return seed, accounts


def mnemonic_vectors():
    m = Mnemonic()
    out = []

    abandon = "abandon " * 11 + "about"
    seed, accounts = accounts_for(abandon, "", PATHS)
    assert accounts[0]["address"] == "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
    out.append({"mnemonic": abandon, "passphrase": "", "seed": h(seed), "accounts": accounts})

    passphrases = ["", "TREZOR", "correct horse", "p\u00e4ssphr\u00e4se \u00c5ngstr\u00f6m \ufb01"]
    for i, size in enumerate([16, 20, 24, 28, 32, 16, 32, 16]):
        entropy = rand_bytes(size)
        phrase = m.to_mnemonic(entropy)
        passphrase = passphrases[i % len(passphrases)]
        paths = PATHS[:3] + [PATHS[8]] if i > 1 else PATHS
        seed, accounts = accounts_for(phrase, passphrase, paths)
        out.append({
            "entropy": h(entropy),
            "mnemonic": phrase,
            "passphrase": passphrase,
            "seed": h(seed),
            "accounts": accounts,
        })
    return out


# Published BIP-39 reference vectors (English, passphrase "TREZOR"): entropy, phrase, seed.
PUBLISHED_BIP39 = [
    ("00000000000000000000000000000000",
     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
     "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
     "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"),
    ("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
     "legal winner thank year wave sausage worth useful legal winner thank yellow",
     "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6f"
     "a457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607"),
    ("80808080808080808080808080808080",
     "letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
     "d71de856f81a8acc65e6fc851a38d4d7ec216fd0796d0a6827a3ad6ed5511a30"
     "fa280f12eb2e47ed2ac03b5c462a0358d18d69fe4f985ec81778c1b370b652a8"),
    ("ffffffffffffffffffffffffffffffff",
     "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
     "ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13"
     "332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069"),
]


def bip39_vectors():
    m = Mnemonic()
    out = []
    for entropy_hex, phrase, seed_hex in PUBLISHED_BIP39:
        entropy = bytes.fromhex(entropy_hex)
        assert m.to_mnemonic(entropy) == phrase, phrase
        assert m.is_mnemonic_valid(phrase)
        seed = Mnemonic.to_seed(phrase, "TREZOR")
        assert seed.hex() == seed_hex, phrase
        out.append({"entropy": h(entropy), "mnemonic": phrase, "passphrase": "TREZOR", "seed": h(seed)})
    return out


def main():
    doc = {
        "generator": "vectors/gen_keys.py (eth-account 0.14.0, eth-keys 0.8.0 coincurve + native backends, "
                     "eth-keyfile 0.10.0, pycryptodome)",
        "notes": "hex with 0x; yParity 0/1; highS = n - s with highSYParity = 1 - yParity; "
                 "keystore json exactly as eth-account wrote it (address is EIP-55 without 0x there); "
                 "passphrases are stored NFC as written, BIP-39 normalizes them to NFKD.",
        "signatures": signature_vectors(),
        "unrecoverable": unrecoverable_vectors(),
        "keystores": keystore_vectors(),
        "mnemonics": mnemonic_vectors(),
        "bip39": bip39_vectors(),
    }
    # Non-ASCII passphrases must really differ between NFC and NFKD to test normalization.
    assert any(unicodedata.normalize("NFKD", m["passphrase"]) != m["passphrase"] for m in doc["mnemonics"])
    text = json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False)
    with open(OUT_PATH, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(f"wrote {OUT_PATH}: {len(doc['signatures'])} keys, {len(doc['keystores'])} keystores, "
          f"{len(doc['mnemonics'])} mnemonics, {len(doc['bip39'])} BIP-39 vectors, {len(text)} bytes")


if __name__ == "__main__":
    main()
