#!/usr/bin/env python3
"""Generates vectors/rlp.json from pyrlp 5.0.0 (the pinned reference), deterministically.

Sections:
  valid        random nested structures (depth <= 5) and lists at payload-length boundaries;
               "item" is the structure (arrays of "0x.." byte strings), "rlp" its encoding by
               rlp.encode; each is checked to round-trip through strict rlp.decode.
  integers     integers at every byte-length boundary; "be" is the minimal big-endian form,
               "rlp" is rlp.encode(int), checked with rlp.decode(sedes=big_endian_int).
  bad_integers byte strings that are valid RLP but non-canonical integers (leading zero byte):
               rlp.decode accepts them as bytes, rlp.decode(sedes=big_endian_int) rejects them.
  legacy_shaped 9-field lists shaped like a legacy transaction [nonce, gasPrice, gasLimit, to,
               value, data, v, r, s]; integers as decimal strings, "to"/"data" as hex, "rlp" is
               rlp.encode of the list with the integers as Python ints.
  invalid      mutated encodings, each confirmed rejected by strict rlp.decode before being
               written. "code" and "offset" are the expected Ballast error class and position,
               derived from how the case was built: the offset is the index of the first byte
               of the offending item (trailing bytes: the first byte after the top item).

Run: .venv/bin/python vectors/gen_rlp.py
"""
import json
import os
import random

import rlp
from rlp.codec import length_prefix
from rlp.exceptions import DecodingError, DeserializationError
from rlp.sedes import big_endian_int

SEED = 0x524C50  # "RLP"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rlp.json")

from importlib.metadata import version

assert version("rlp") == "5.0.0", "pyrlp 5.0.0 is the pinned reference"


def hx(b):
    return "0x" + bytes(b).hex()


def to_json(item):
    if isinstance(item, (bytes, bytearray)):
        return hx(item)
    return [to_json(x) for x in item]


def rand_bytes(r):
    c = r.random()
    if c < 0.15:
        return bytes([r.randrange(0x80)])  # single byte < 0x80: encoded as itself
    if c < 0.22:
        return bytes([r.randrange(0x80, 0x100)])  # single byte >= 0x80: 0x81 prefix
    if c < 0.55:
        n = r.choice([0, 1, 55, 56, 57, 55, 56, 57, 255, 256, 1024])
    else:
        n = r.randrange(0, 80)
    return bytes(r.randrange(256) for _ in range(n))


def rand_item(r, depth=0, max_depth=5, list_bias=0.55):
    if depth < max_depth and r.random() < list_bias:
        return [rand_item(r, depth + 1, max_depth, list_bias * 0.85) for _ in range(r.randrange(0, 5))]
    return rand_bytes(r)


def small_item(r):
    """A short valid item used as a sibling around mutated items."""
    c = r.random()
    if c < 0.3:
        return bytes([r.randrange(0x80)])
    if c < 0.7:
        return bytes(r.randrange(256) for _ in range(r.randrange(0, 40)))
    return [bytes(r.randrange(256) for _ in range(r.randrange(0, 6))) for _ in range(r.randrange(0, 3))]


def strict_roundtrip(enc, item):
    back = rlp.decode(enc, strict=True)
    assert normalize(back) == normalize(item), "pyrlp round-trip mismatch"
    assert rlp.encode(back) == enc


def normalize(x):
    if isinstance(x, (bytes, bytearray)):
        return bytes(x)
    return [normalize(y) for y in x]


def gen_valid(r):
    out = []
    for _ in range(260):
        item = rand_item(r)
        enc = rlp.encode(item)
        if len(enc) > 6000:  # keep the file small
            continue
        strict_roundtrip(enc, item)
        out.append({"item": to_json(item), "rlp": hx(enc)})
    # Lists whose payload length sits at the short/long boundaries: L single bytes < 0x80.
    for n in [0, 1, 54, 55, 56, 57, 255, 256, 257]:
        item = [bytes([r.randrange(0x80)]) for _ in range(n)]
        enc = rlp.encode(item)
        strict_roundtrip(enc, item)
        out.append({"item": to_json(item), "rlp": hx(enc)})
    # Strings at the boundaries, alone at top level.
    for n in [0, 1, 2, 55, 56, 57, 255, 256, 257, 1024]:
        item = bytes(r.randrange(256) for _ in range(n))
        enc = rlp.encode(item)
        strict_roundtrip(enc, item)
        out.append({"item": to_json(item), "rlp": hx(enc)})
    for b in [0x00, 0x01, 0x7F, 0x80, 0xFF]:
        item = bytes([b])
        enc = rlp.encode(item)
        strict_roundtrip(enc, item)
        out.append({"item": to_json(item), "rlp": hx(enc)})
    return out


def minimal_be(v):
    return v.to_bytes((v.bit_length() + 7) // 8, "big")


def gen_integers():
    values = [0, 1, 2, 127, 128, 255, 256, 1024, 65535, 65536]
    for k in range(1, 33):
        values += [2 ** (8 * k) - 1, 2 ** (8 * k)]
    values = sorted(set(values))
    out = []
    for v in values:
        enc = rlp.encode(v)
        assert rlp.decode(enc, sedes=big_endian_int) == v
        assert rlp.decode(enc) == minimal_be(v)
        out.append({"value": str(v), "be": hx(minimal_be(v)), "rlp": hx(enc)})
    return out


def gen_bad_integers(r):
    out = []
    payloads = [b"\x00", b"\x00\x00", b"\x00\x01", b"\x00\x7f", b"\x00\x80", b"\x00" * 8, b"\x00" * 9, b"\x00" * 32]
    for _ in range(12):
        v = r.randrange(1, 2 ** (8 * r.randrange(1, 32)))
        payloads.append(b"\x00" * r.randrange(1, 3) + minimal_be(v))
    for p in payloads:
        enc = rlp.encode(p)
        assert rlp.decode(enc) == p  # valid RLP as bytes
        try:
            rlp.decode(enc, sedes=big_endian_int)
        except DeserializationError:
            pass
        else:
            raise AssertionError("pyrlp accepted a non-canonical integer " + enc.hex())
        out.append({"rlp": hx(enc), "code": "rlp_non_canonical_integer", "offset": 0})
    return out


def gen_legacy_shaped(r):
    out = []
    for i in range(24):
        nonce = [0, 1, 127, 128, 2 ** 64 - 1][i] if i < 5 else r.randrange(2 ** r.randrange(1, 64))
        gas_price = [0, 2 ** 64 - 1][i % 2] if i < 2 else r.randrange(2 ** r.randrange(1, 64))
        gas_limit = r.choice([21000, 30_000_000, r.randrange(2 ** 40)])
        to = b"" if i % 7 == 3 else rand_payload(r, 20)
        value = [0, 2 ** 256 - 1][i % 2] if i < 2 else r.randrange(2 ** r.randrange(1, 257))
        data = rand_payload(r, r.choice([0, 1, 4, 55, 56, 68, 68, 68, 200]))
        v = r.choice([27, 28, 37, 38, 2 * 1 + 35, 2 * 8453 + 36, 2 * 42161 + 35])
        r_ = r.randrange(1, 2 ** 256) >> (8 if i % 5 == 0 else 0)  # sometimes a 31-byte r
        s_ = r.randrange(1, 2 ** 255)
        fields = [nonce, gas_price, gas_limit, to, value, data, v, r_, s_]
        enc = rlp.encode(fields)
        back = rlp.decode(enc)
        assert [rlp.decode(rlp.encode(x)) for x in back] == back
        assert big_endian_int.deserialize(back[0]) == nonce and big_endian_int.deserialize(back[8]) == s_
        out.append({
            "nonce": str(nonce), "gasPrice": str(gas_price), "gasLimit": str(gas_limit), "to": hx(to),
            "value": str(value), "data": hx(data), "v": str(v), "r": str(r_), "s": str(s_), "rlp": hx(enc),
        })
    return out


def wrap(r, enc, off, levels, tail=False):
    """Wraps raw bytes `enc` (whose offending item starts at `off`) in `levels` lists with
    random valid siblings; returns the new encoding and the offending item's new offset.
    With tail=True the innermost wrapper is followed by a long string, so bytes remain after it."""
    for level in range(levels):
        before = b"".join(rlp.encode(small_item(r)) for _ in range(r.randrange(0, 3)))
        after = b"".join(rlp.encode(small_item(r)) for _ in range(r.randrange(0, 3)))
        if tail and level == 0:
            after = rlp.encode(bytes(r.randrange(256) for _ in range(r.randrange(8, 40)))) + after
        payload = before + enc + after
        header = length_prefix(len(payload), 0xC0)
        off = len(header) + len(before) + off
        enc = header + payload
    return enc, off


def rejected(enc):
    try:
        rlp.decode(enc, strict=True)
    except DecodingError:
        return True
    return False


def rand_payload(r, n):
    return bytes(r.randrange(256) for _ in range(n))


def gen_invalid(r):
    out = []

    def add(kind, enc, code, offset):
        assert rejected(enc), f"pyrlp accepted {kind}: {enc.hex()}"
        out.append({"kind": kind, "rlp": hx(enc), "code": code, "offset": offset})

    per_class = 16
    for i in range(per_class):
        # A single byte < 0x80 wrapped as a one-byte string.
        bad = bytes([0x81, r.randrange(0x80)])
        enc, off = wrap(r, bad, 0, i % 4)
        add("single_byte_wrapped", enc, "rlp_non_canonical_single_byte", off)

        # The long form for a payload shorter than 56 bytes (string, then list).
        # (n = 0 would make the length byte a leading zero, a different class.)
        n = r.randrange(1, 56)
        bad = bytes([0xB8, n]) + rand_payload(r, n)
        enc, off = wrap(r, bad, 0, i % 4)
        add("long_form_for_short_string", enc, "rlp_non_canonical_long_form", off)
        n = r.randrange(1, 56)
        bad = bytes([0xF8, n]) + bytes(r.randrange(0x80) for _ in range(n))
        enc, off = wrap(r, bad, 0, i % 4)
        add("long_form_for_short_list", enc, "rlp_non_canonical_long_form", off)

        # A long-form length with a leading zero byte.
        n = r.choice([0, 1, 55, 56, 60, 100])
        lol = r.randrange(1, 3)
        prefix = (0xB8 if i % 2 == 0 else 0xF8) + lol
        length = (b"\x00" * lol + minimal_be(n))[-(lol + 1):] if n else b"\x00" * (lol + 1)
        bad = bytes([prefix]) + length + bytes(r.randrange(0x80) for _ in range(n))
        enc, off = wrap(r, bad, 0, i % 4)
        add("leading_zero_length", enc, "rlp_leading_zero_in_length", off)

        # Truncated: a valid encoding cut short (the top item then runs past the end).
        while True:
            full = rlp.encode(rand_item(r))
            if len(full) >= 2:
                break
        cut = r.randrange(1, len(full))
        add("truncated", full[:cut], "rlp_truncated", 0)

        # Trailing bytes after a valid top item.
        full = rlp.encode(rand_item(r, max_depth=3))
        if len(full) > 2000:
            full = rlp.encode([b"\x01", b"abc"])
        add("trailing_bytes", full + rand_payload(r, r.randrange(1, 4)), "rlp_trailing_bytes", len(full))

        # An item overrunning its enclosing list while bytes remain in the input.
        m = r.randrange(2, 50)
        d = r.randrange(1, 6)
        if i % 2 == 0:
            x = bytes([0x80 + m + d]) + rand_payload(r, m)
        else:
            x = bytes([0xC0 + m + d]) + bytes(r.randrange(0x80) for _ in range(m))
        before = b"".join(rlp.encode(small_item(r)) for _ in range(r.randrange(0, 3)))
        inner_payload = before + x
        inner = length_prefix(len(inner_payload), 0xC0) + inner_payload
        x_off = len(inner) - len(x)
        enc, off = wrap(r, inner, x_off, 1 + i % 3, tail=True)
        add("overrun_enclosing_list", enc, "rlp_exceeds_enclosing_list", off)

        # An inner item claiming more bytes than the whole input holds.
        lol = r.randrange(2, 5)
        claim = r.randrange(2 ** (8 * (lol - 1)), 2 ** (8 * lol))
        bad = bytes([(0xB7 if i % 2 == 0 else 0xF7) + lol]) + claim.to_bytes(lol, "big") + rand_payload(r, r.randrange(0, 8))
        enc, off = wrap(r, bad, 0, 1 + i % 3)
        add("overrun_input", enc, "rlp_truncated", off)

        # An 8-byte length that does not fit a signed 64-bit integer.
        claim = r.randrange(2 ** 63, 2 ** 64)
        bad = bytes([0xBF if i % 2 == 0 else 0xFF]) + claim.to_bytes(8, "big") + rand_payload(r, r.randrange(0, 8))
        enc, off = wrap(r, bad, 0, i % 3)
        add("length_overflow", enc, "rlp_length_overflow", off)
    return out


def main():
    r = random.Random(SEED)
    doc = {
        "about": "RLP vectors from pyrlp 5.0.0 (strict); generated by vectors/gen_rlp.py",
        "seed": SEED,
        "valid": gen_valid(r),
        "integers": gen_integers(),
        "bad_integers": gen_bad_integers(r),
        "invalid": gen_invalid(r),
        "legacy_shaped": gen_legacy_shaped(r),
    }
    with open(OUT, "w") as f:
        f.write("{\n")
        keys = list(doc)
        for ki, k in enumerate(keys):
            v = doc[k]
            sep = "," if ki < len(keys) - 1 else ""
            if isinstance(v, list):
                f.write(f' "{k}": [\n')
                for i, e in enumerate(v):
                    f.write("  " + json.dumps(e, separators=(",", ":")) + ("," if i < len(v) - 1 else "") + "\n")
                f.write(f" ]{sep}\n")
            else:
                f.write(f' "{k}": {json.dumps(v)}{sep}\n')
        f.write("}\n")
    counts = {k: len(v) for k, v in doc.items() if isinstance(v, list)}
    print(f"wrote {OUT}: {counts}, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
