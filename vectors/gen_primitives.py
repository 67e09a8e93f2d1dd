#!/usr/bin/env python3
"""Generates vectors/primitives.json: reference values for EthereumPrimitives.

References: eth-utils (EIP-55 checksums, to_wei/from_wei, keccak), eth-keys (public key ->
address), Python's arbitrary-precision int (UInt256/Int256 arithmetic), decimal.Decimal (token
amounts). Deterministic: a fixed seed, no clock, no network.

Run from the repository root:  .venv/bin/python vectors/gen_primitives.py
"""

import json
import os
import random
import re
from decimal import Decimal, localcontext

from eth_keys import keys
from eth_utils import from_wei, keccak, to_checksum_address, to_wei

SEED = 0xBA11A57
rng = random.Random(SEED)

M256 = 1 << 256
MASK = M256 - 1
INT_MIN = -(1 << 255)
INT_MAX = (1 << 255) - 1


def hq(v):
    """Minimal hex quantity, as JSON-RPC writes it."""
    return hex(v)


def word(v):
    """A 256-bit value as 64 hex digits (two's complement for negatives)."""
    return "0x" + (v & MASK).to_bytes(32, "big").hex()


def minimal_bytes(v):
    return "0x" + (v.to_bytes((v.bit_length() + 7) // 8, "big").hex() if v else "")


def uint_min_bits(v):
    """Smallest N in 8, 16, ..., 256 with v < 2^N."""
    for n in range(8, 257, 8):
        if v < (1 << n):
            return n
    raise AssertionError


def int_min_bits(v):
    """Smallest N in 8, 16, ..., 256 with -2^(N-1) <= v < 2^(N-1)."""
    for n in range(8, 257, 8):
        if -(1 << (n - 1)) <= v < (1 << (n - 1)):
            return n
    raise AssertionError


def to_signed(v):
    v &= MASK
    return v - M256 if v >> 255 else v


# ---------------------------------------------------------------------------------------------
# EIP-55


def eip55():
    # The examples listed in EIP-55 itself.
    spec = [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]
    for s in spec:
        assert to_checksum_address(s.lower()) == s, s
    spec_rows = [[s.lower(), to_checksum_address(s.lower())] for s in spec]

    special = [bytes(20), b"\xff" * 20, bytes(19) + b"\x01", b"\x80" + bytes(19),
               bytes.fromhex("0123456789abcdef0123456789abcdef01234567")]
    randoms = special + [bytes(rng.getrandbits(8) for _ in range(20)) for _ in range(200)]
    rows = [["0x" + b.hex(), to_checksum_address("0x" + b.hex())] for b in randoms]

    # Mixed-case inputs with exactly one letter's case flipped: a bad checksum at that offset.
    bad = []
    for lower, good in rows + spec_rows:
        letters = [i for i in range(2, 42) if good[i].isalpha()]
        if len(letters) < 3:
            continue
        for _ in range(2):
            i = rng.choice(letters)
            flipped = good[:i] + good[i].swapcase() + good[i + 1:]
            body = flipped[2:]
            if body == body.lower() or body == body.upper():
                continue
            assert to_checksum_address(lower) != flipped
            bad.append([flipped, i])
            break
    return {"spec": spec_rows, "random": rows, "badChecksum": bad}


def public_keys():
    rows = []
    for _ in range(24):
        secret = rng.randrange(1, 2**256 - 2**128)  # below the group order
        pk = keys.PrivateKey(secret.to_bytes(32, "big")).public_key
        raw = pk.to_bytes()  # 64 bytes X || Y
        addr = pk.to_checksum_address()
        assert addr == to_checksum_address(keccak(raw)[-20:])
        rows.append(["0x" + raw.hex(), addr])
    return rows


# ---------------------------------------------------------------------------------------------
# UInt256

EDGE = [
    0, 1, 2, 3, 9, 10, 255, 256,
    2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**64 + 1,
    2**127, 2**128 - 1, 2**128, 2**128 + 1, 2**192 - 1, 2**192, 2**255 - 1, 2**255,
    2**256 - 2, 2**256 - 1,
    10**19 - 1, 10**19, 10**19 + 1, 10**38, 10**57, 10**76, 10**77,
]

LIMB_PATTERNS = [0, 1, 2**63, 2**63 - 1, 2**64 - 1, 2**64 - 2, 2**32, 2**32 - 1]


def random_uint():
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(EDGE)
    if kind == 1:
        # Limb patterns that stress carries, borrows and quotient estimation.
        v = 0
        for i in range(4):
            limb = rng.choice(LIMB_PATTERNS) if rng.random() < 0.7 else rng.getrandbits(64)
            v |= limb << (64 * i)
        return v >> rng.choice([0, 0, 64, 128, 192])
    bits = rng.randrange(0, 257)
    return rng.getrandbits(bits) if bits else 0


def uint_row(a, b):
    s = rng.choice([0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 255, 256, 257, 300, rng.randrange(256)])
    row = {
        "a": str(a), "b": str(b), "ah": hq(a), "bh": hq(b),
        "aWord": word(a), "aMin": minimal_bytes(a), "aBits": uint_min_bits(a),
        "add": hq((a + b) & MASK), "addO": a + b > MASK,
        "sub": hq((a - b) & MASK), "subO": a < b,
        "mul": hq((a * b) & MASK), "mulHi": hq((a * b) >> 256), "mulO": a * b > MASK,
        "div": hq(a // b) if b else None, "mod": hq(a % b) if b else None,
        "and": hq(a & b), "or": hq(a | b), "xor": hq(a ^ b), "notA": hq(~a & MASK),
        "shift": s, "shl": hq((a << s) & MASK), "shr": hq(a >> s),
    }
    return row


def division_events(u, v):
    """Which rare branches of long division with 64-bit limbs (Knuth, algorithm D) dividing u by
    v goes through: (top limbs equal, quotient estimate corrected, remainder added back).

    Used only to pick inputs that reach those branches; expected values come from // and %.
    """
    base = 1 << 64

    def limbs(x, n):
        return [(x >> (64 * i)) & (base - 1) for i in range(n)]

    vl = limbs(v, 4)
    if v >> 64 == 0 or u < v:
        return (False, False, False)
    n = max(i + 1 for i in range(4) if vl[i])
    m = max(i + 1 for i in range(4) if limbs(u, 4)[i])
    shift = 64 - vl[n - 1].bit_length()
    vn = limbs(v << shift, n)
    un = limbs(u << shift, m + 1)
    equal = corrected = added_back = False
    for j in range(m - n, -1, -1):
        equal |= un[j + n] == vn[n - 1]
        qhat, rhat = divmod(un[j + n] * base + un[j + n - 1], vn[n - 1])
        while qhat >= base or qhat * vn[n - 2] > base * rhat + un[j + n - 2]:
            qhat -= 1
            rhat += vn[n - 1]
            corrected = True
            if rhat >= base:
                break
        current = sum(un[j + i] << (64 * i) for i in range(n + 1))
        divisor = sum(vn[i] << (64 * i) for i in range(n))
        t = current - qhat * divisor
        if t < 0:
            added_back = True
            t += divisor
        un[j:j + n + 1] = limbs(t, n + 1)
    return (equal, corrected, added_back)


def division_stress():
    """Pairs that reach each rare branch of multi-limb division, at least 12 of each."""
    found = [[], [], []]
    patterns = LIMB_PATTERNS + [2**63 + 1]
    while min(len(f) for f in found) < 12:
        def value(k):
            return sum((rng.choice(patterns) if rng.random() < 0.8 else rng.getrandbits(64)) << (64 * i)
                       for i in range(k))
        v, u = value(rng.choice([2, 3, 4])), value(4)
        for i, hit in enumerate(division_events(u, v)):
            if hit and len(found[i]) < 12:
                found[i].append((u, v))
    return [pair for f in found for pair in f]


def uints():
    rows = []
    for a, b in division_stress():
        rows.append(uint_row(a, b))
    for a in EDGE:
        for b in (0, 1, 2**64 - 1, 2**128, 2**256 - 1):
            rows.append(uint_row(a, b))
    while len(rows) < 560:
        a, b = random_uint(), random_uint()
        if rng.random() < 0.25:
            # Division with a known quotient and remainder, divisor of 2 to 4 limbs.
            b = rng.getrandbits(rng.randrange(65, 257)) | 1 << 64
            q = rng.getrandbits(max(1, 256 - b.bit_length()))
            a = q * b + rng.randrange(b)
            if a > MASK:
                continue
        if rng.random() < 0.5 and a < b:
            a, b = b, a
        rows.append(uint_row(a, b))
    return rows


# ---------------------------------------------------------------------------------------------
# Int256

INT_EDGE = [0, 1, -1, 2, -2, 127, -128, 128, -129, 2**63 - 1, -(2**63), 2**64, -(2**64),
            2**127 - 1, -(2**127), 2**255 - 2, -(2**255) + 1, INT_MAX, INT_MIN]


def random_int():
    if rng.random() < 0.3:
        return rng.choice(INT_EDGE)
    v = rng.getrandbits(rng.randrange(0, 256))
    return -v if rng.random() < 0.5 else v


def int_row(a, b):
    def wrap(v):
        return to_signed(v)

    row = {
        "a": str(a), "b": str(b), "aWord": word(a), "aBits": int_min_bits(a),
        "add": str(wrap(a + b)), "addO": not INT_MIN <= a + b <= INT_MAX,
        "sub": str(wrap(a - b)), "subO": not INT_MIN <= a - b <= INT_MAX,
        "mul": str(wrap(a * b)), "mulO": not INT_MIN <= a * b <= INT_MAX,
    }
    if b != 0 and not (a == INT_MIN and b == -1):
        # Truncating division (toward zero), remainder with the dividend's sign.
        q = abs(a) // abs(b)
        q = -q if (a < 0) != (b < 0) else q
        r = a - q * b
        row["div"], row["mod"] = str(q), str(r)
    return row


def ints():
    rows = []
    for a in INT_EDGE:
        for b in (0, 1, -1, INT_MAX, INT_MIN):
            rows.append(int_row(a, b))
    while len(rows) < 300:
        rows.append(int_row(random_int(), random_int()))
    return rows


# ---------------------------------------------------------------------------------------------
# Units

UNIT_DECIMALS = {"wei": 0, "gwei": 9, "ether": 18}
AMOUNT_RE = re.compile(r"^([0-9]+)(\.[0-9]+)?$")
VALUE_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(?: ?(wei|gwei|ether))?$", re.IGNORECASE)


def with_point(v, decimals):
    """The decimal digits of v with a point inserted `decimals` places from the right."""
    s = str(v).rjust(decimals + 1, "0")
    return s[:-decimals] + "." + s[-decimals:]


def ref_amount(text, decimals, token=True):
    """Reference conversion of an amount: exact Decimal arithmetic, or None if refused.

    Token amounts (the plan format's rule) refuse more fraction digits than `decimals`, even
    zeros; ether-unit values only need to be a whole number of wei."""
    if not AMOUNT_RE.match(text):
        return None
    if token and "." in text and len(text.split(".", 1)[1]) > decimals:
        return None
    with localcontext() as ctx:
        ctx.prec = 1000
        v = Decimal(text).scaleb(decimals)
        if v != v.to_integral_value():
            return None
        v = int(v)
    return v if v <= MASK else None


def ref_value(text):
    m = VALUE_RE.match(text)
    if not m:
        return None
    number, unit = m.group(1), (m.group(2) or "wei").lower()
    result = ref_amount(number, UNIT_DECIMALS[unit], token=False)
    if result is not None and unit != "wei":
        assert to_wei(number, unit) == result, (text, result)
    return result


def random_decimal_text(max_int_digits, frac_digits):
    i = str(rng.randrange(10 ** rng.randrange(1, max_int_digits + 1)))
    if frac_digits == 0:
        return i
    f = "".join(rng.choice("0123456789") for _ in range(frac_digits))
    return i + "." + f


def units():
    values = []
    for unit in ("wei", "gwei", "ether"):
        d = UNIT_DECIMALS[unit]
        for _ in range(40):
            text = random_decimal_text(20, rng.randrange(0, d + 1))
            sep = rng.choice(["", "", " "])
            spelled = rng.choice([unit, unit.upper(), unit.capitalize()])
            values.append([text + sep + spelled, str(ref_value(text + sep + spelled))])
    for text in ["0", "0wei", "0ether", "1", "100", "100wei", "30gwei", "1.5ether", "1.5 ether",
                 "1.5 ETHER", "1.5Gwei", "0.000000001gwei", "1.000000000gwei", "1.5000000000000000000000ether",
                 "0.000000000000000001ether", "007ether", str(MASK), str(MASK) + "wei",
                 with_point(MASK, 18) + "ether", with_point(MASK, 9) + " gwei"]:
        ref = ref_value(text)
        assert ref is not None, text
        values.append([text, str(ref)])
    # Hex quantities are wei.
    for v in (0, 1, 26, 2**64, MASK):
        values.append([hq(v), str(v)])
        values.append(["0x" + hq(v)[2:].upper().zfill(5), str(v)])

    # Refused values, each with the expected error code (each is checked to be refused by the
    # reference grammar above).
    rejected_values = [
        ["", "amount_empty"],
        ["1.5", "amount_fractional_wei"],
        ["1.5wei", "amount_fractional_wei"],
        ["0.0000000001gwei", "amount_fractional_wei"],
        ["1.0000000000000000001ether", "amount_fractional_wei"],
        ["-1ether", "amount_negative"],
        ["-1", "amount_negative"],
        ["1e18", "amount_unknown_unit"],
        ["1eth", "amount_unknown_unit"],
        ["1.5 finney", "amount_unknown_unit"],
        ["1 wei ", "amount_unknown_unit"],
        ["1  ether", "amount_invalid_character"],
        ["1 ", "amount_invalid_character"],
        [" 1", "amount_invalid_character"],
        ["ether", "amount_invalid_character"],
        [".5ether", "amount_missing_digits"],
        ["1.ether", "amount_missing_digits"],
        ["1.", "amount_missing_digits"],
        ["+1", "amount_invalid_character"],
        ["1_000", "amount_unknown_unit"],
        ["1,5ether", "amount_unknown_unit"],
        [str(M256), "amount_overflow"],
        [str(M256) + "wei", "amount_overflow"],
        [with_point(M256, 18) + "ether", "amount_overflow"],
        [str(MASK // 10**9 + 1) + "gwei", "amount_overflow"],
        ["0x", "amount_missing_digits"],
        ["0xg", "amount_invalid_character"],
        ["0x1" + "0" * 64, "amount_overflow"],
    ]
    for text, _ in rejected_values:
        if text.startswith("0x"):
            continue
        assert ref_value(text) is None, text

    amounts = []
    for _ in range(120):
        d = rng.choice([0, 1, 2, 6, 8, 9, 18, 18, 24, 36, 60, 77])
        text = random_decimal_text(30, rng.randrange(0, d + 1))
        if rng.random() < 0.2 and d < 77:
            text += ("." if "." not in text else "") + "0" * rng.randrange(1, 6)
        ref = ref_amount(text, d)
        if ref is None:
            continue
        amounts.append([text, d, str(ref)])
    for text, d in [("1.5", 6), ("250000.5", 6), ("0", 0), ("0.0", 255), ("1", 77), ("0.000001", 6),
                    ("1.500000", 6), ("00001.100", 3), (str(MASK), 0),
                    (with_point(MASK, 2), 2), (with_point(MASK, 77), 77),
                    ("0." + "0" * 254 + "1", 255)]:
        ref = ref_amount(text, d)
        assert ref is not None, (text, d)
        amounts.append([text, d, str(ref)])

    rejected_amounts = [
        ["1.0000001", 6, "amount_excess_precision"],
        ["1.5", 0, "amount_excess_precision"],
        ["0.00000000000000000001", 18, "amount_excess_precision"],
        ["1.50000001", 6, "amount_excess_precision"],
        ["1.5000000", 6, "amount_excess_precision"],
        ["1.0", 0, "amount_excess_precision"],
        ["", 6, "amount_empty"],
        ["-1", 6, "amount_negative"],
        ["-0", 6, "amount_negative"],
        ["1.", 6, "amount_missing_digits"],
        [".5", 6, "amount_missing_digits"],
        [".", 6, "amount_missing_digits"],
        ["1e6", 6, "amount_invalid_character"],
        ["1E6", 6, "amount_invalid_character"],
        [" 1", 6, "amount_invalid_character"],
        ["1 ", 6, "amount_invalid_character"],
        ["1,5", 6, "amount_invalid_character"],
        ["1_000", 6, "amount_invalid_character"],
        ["+1", 6, "amount_invalid_character"],
        ["0x10", 6, "amount_invalid_character"],
        ["1.2.3", 6, "amount_invalid_character"],
        ["１", 6, "amount_invalid_character"],
        ["1ether", 18, "amount_invalid_character"],
        ["1", 78, "amount_overflow"],
        [str(M256), 0, "amount_overflow"],
        [with_point(M256, 3), 3, "amount_overflow"],
        [with_point(M256, 77), 77, "amount_overflow"],
        ["1", 256, "amount_invalid_decimals"],
        ["1", -1, "amount_invalid_decimals"],
    ]
    for text, d, _ in rejected_amounts:
        if 0 <= d <= 255:
            assert ref_amount(text, d) is None, (text, d)

    # Formatting: the shortest exact decimal, from integer arithmetic and from eth-utils.
    formats = []
    samples = [(0, 18), (1, 18), (10**18, 18), (15 * 10**17, 18), (1500000, 6), (MASK, 18), (MASK, 0),
               (MASK, 77), (MASK, 78), (1, 255), (10**9, 9), (123456789, 3), (100, 2), (100, 3)]
    for _ in range(80):
        samples.append((random_uint(), rng.choice([0, 1, 6, 9, 18, 30, 77, 80])))
    for v, d in samples:
        q, r = divmod(v, 10**d)
        frac = str(r).rjust(d, "0").rstrip("0") if d else ""
        text = str(q) + ("." + frac if frac else "")
        if d in (9, 18) and v:
            ref = from_wei(v, "gwei" if d == 9 else "ether")
            alt = format(ref, "f")
            alt = alt.rstrip("0").rstrip(".") if "." in alt else alt
            assert alt == text, (v, d, alt, text)
        formats.append([str(v), d, text])

    return {
        "values": values,
        "rejectedValues": rejected_values,
        "amounts": amounts,
        "rejectedAmounts": rejected_amounts,
        "formats": formats,
    }


# ---------------------------------------------------------------------------------------------


def dump(doc):
    """Compact but readable JSON: one vector per line."""
    out = ["{"]
    sections = list(doc.items())
    for si, (name, value) in enumerate(sections):
        tail = "," if si < len(sections) - 1 else ""
        if isinstance(value, list):
            out.append(f'  "{name}": [')
            for i, row in enumerate(value):
                out.append("    " + json.dumps(row, ensure_ascii=False, separators=(",", ":")) + ("," if i < len(value) - 1 else ""))
            out.append("  ]" + tail)
        elif isinstance(value, dict):
            out.append(f'  "{name}": {{')
            subs = list(value.items())
            for ki, (key, rows) in enumerate(subs):
                out.append(f'    "{key}": [')
                for i, row in enumerate(rows):
                    out.append("      " + json.dumps(row, ensure_ascii=False, separators=(",", ":")) + ("," if i < len(rows) - 1 else ""))
                out.append("    ]" + ("," if ki < len(subs) - 1 else ""))
            out.append("  }" + tail)
        else:
            out.append(f'  "{name}": {json.dumps(value)}{tail}')
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    doc = {
        "description": "EthereumPrimitives reference vectors, generated by vectors/gen_primitives.py",
        "eip55": eip55(),
        "publicKeys": public_keys(),
        "uint256": uints(),
        "int256": ints(),
        "units": units(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "primitives.json")
    text = dump(doc)
    json.loads(text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
