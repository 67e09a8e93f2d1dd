#!/usr/bin/env python3
"""Generates the ABI codec vectors from eth-abi 6.0.0 (the pinned reference), deterministically.

Writes three files:
  vectors/abi.json         roundtrip  random type trees (depth <= 3) with random values and their
                                      eth_abi.encode encodings (each checked to decode back)
                           calls      real calls (Aave V3 flashLoan, Uniswap SwapRouter02
                                      exactInput...) with selector = keccak(signature)[:4]
                           topics     indexed event topics per the Solidity ABI specification:
                                      a one-word value is its encoding; bytes/string hash their
                                      content; arrays and tuples hash the in-place encoding
                                      (members padded to 32 bytes, no lengths, no offsets)
                           revert     Error(string), Panic(uint256) and custom error data
  vectors/abi_packed.json  packed     abi.encodePacked cases for the types the Solidity compiler
                                      accepts; direct arguments from eth_abi.packed.encode_packed,
                                      array arguments as the concatenation of each element's
                                      standard (32-byte padded) eth_abi.encode encoding, which is
                                      the documented Solidity rule (eth-abi's own packed codec
                                      does not pad array elements, so it is not used for arrays)
                           packed_rejected  types the compiler refuses in packed mode
  vectors/abi_strict.json  strictness mutations of canonical encodings. "ethabi" is what
                                      eth_abi.decode said ("accept" with the decoded "values",
                                      or "reject"). "strict" is the expected Ballast error code
                                      and byte offset, derived from how the mutation was built
                                      (code null: any rejection). "lenient" is either
                                      {"accept": true, "finding": {code, offset}} (the first
                                      finding) or {"accept": false, code, offset}.

Types appear both as canonical strings ("types") and as trees ("tree"):
  {"k":"uint","n":256} {"k":"int","n":8} {"k":"address"} {"k":"bool"} {"k":"fbytes","n":32}
  {"k":"bytes"} {"k":"string"} {"k":"array","e":T} {"k":"farray","e":T,"n":3}
  {"k":"tuple","c":[T,...]}
Values use the CLI JSON value format: integers as decimal strings, addresses checksummed,
bool true/false, bytes as 0x hex, strings as JSON strings, arrays and tuples as JSON arrays.

Run: .venv/bin/python vectors/gen_abi.py
"""
import json
import os
import random
from importlib.metadata import version

import eth_abi
from eth_abi import decode, encode
from eth_abi.packed import encode_packed
from eth_utils import keccak, to_checksum_address

assert version("eth-abi") == "6.0.0", "eth-abi 6.0.0 is the pinned reference"

SEED = 0xAB1C0DEC
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# Type model: ("uint", n) ("int", n) ("address",) ("bool",) ("fbytes", n) ("bytes",) ("string",)
#             ("array", e) ("farray", e, k) ("tuple", [c...])

ATOMIC_KINDS = ("uint", "int", "address", "bool", "fbytes", "bytes", "string")


def canon(t):
    k = t[0]
    if k == "uint":
        return f"uint{t[1]}"
    if k == "int":
        return f"int{t[1]}"
    if k == "fbytes":
        return f"bytes{t[1]}"
    if k in ("address", "bool", "bytes", "string"):
        return k
    if k == "array":
        return canon(t[1]) + "[]"
    if k == "farray":
        return canon(t[1]) + f"[{t[2]}]"
    return "(" + ",".join(canon(c) for c in t[1]) + ")"


def tree(t):
    k = t[0]
    if k in ("uint", "int", "fbytes"):
        return {"k": k, "n": t[1]}
    if k in ("address", "bool", "bytes", "string"):
        return {"k": k}
    if k == "array":
        return {"k": "array", "e": tree(t[1])}
    if k == "farray":
        return {"k": "farray", "e": tree(t[1]), "n": t[2]}
    return {"k": "tuple", "c": [tree(c) for c in t[1]]}


def is_dynamic(t):
    k = t[0]
    if k in ("bytes", "string", "array"):
        return True
    if k == "farray":
        return is_dynamic(t[1])
    if k == "tuple":
        return any(is_dynamic(c) for c in t[1])
    return False


def static_size(t):
    k = t[0]
    if k == "farray":
        return static_size(t[1]) * t[2]
    if k == "tuple":
        return sum(head_size(c) for c in t[1])
    return 32


def head_size(t):
    return 32 if is_dynamic(t) else static_size(t)


# ---------------------------------------------------------------------------------------------
# Random types and values

UINT_WIDTHS = [8, 16, 24, 32, 40, 64, 96, 128, 160, 248, 256]
BYTES_SIZES = [1, 2, 3, 4, 8, 16, 20, 31, 32]


def rand_atomic(r):
    k = r.choice(ATOMIC_KINDS)
    if k in ("uint", "int"):
        n = r.choice(UINT_WIDTHS) if r.random() < 0.7 else 8 * r.randint(1, 32)
        return (k, n)
    if k == "fbytes":
        return ("fbytes", r.choice(BYTES_SIZES) if r.random() < 0.7 else r.randint(1, 32))
    return (k,)


def rand_type(r, depth):
    """A type with at most `depth` levels of containers."""
    if depth == 0 or r.random() < 0.35:
        return rand_atomic(r)
    c = r.random()
    if c < 0.35:
        return ("array", rand_type(r, depth - 1))
    if c < 0.6:
        return ("farray", rand_type(r, depth - 1), r.randint(1, 3))
    return ("tuple", [rand_type(r, depth - 1) for _ in range(r.randint(1, 4))])


STRING_SAMPLES = [
    "",
    "a",
    "Hello, world!",
    "a" * 31,
    "b" * 32,
    "c" * 33,
    "d" * 64,
    "e" * 65,
    "h\u00e9llo w\u00f6rld",
    "\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8",
    "\U0001F680\U0001F311\u2728",
    "\u00e9" * 16,  # 32 UTF-8 bytes
    "\U0001F680" * 8,  # 32 UTF-8 bytes
    "x\U0001F680" * 7,  # 35 UTF-8 bytes
    "tab\tnewline\nquote\"backslash\\",
    "\u0000nul inside",
    "Ownable: caller is not the owner",
]

BYTES_LENGTHS = [0, 1, 31, 32, 33, 64, 65]


def rand_string(r):
    if r.random() < 0.6:
        return r.choice(STRING_SAMPLES)
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x4E00, 0x4FFF), (0x1F300, 0x1F64F)]
    out = []
    for _ in range(r.randint(1, 40)):
        lo, hi = r.choice(ranges)
        out.append(chr(r.randint(lo, hi)))
    return "".join(out)


def rand_uint(r, n):
    m = (1 << n) - 1
    return r.choice([0, 1, m, m - 1, 1 << (n - 1), (1 << (n - 1)) - 1, r.randint(0, m), r.randint(0, min(m, 1000))])


def rand_int(r, n):
    lo, hi = -(1 << (n - 1)), (1 << (n - 1)) - 1
    return r.choice([0, -1, 1, lo, lo + 1, hi, hi - 1, r.randint(lo, hi), r.randint(max(lo, -1000), min(hi, 1000))])


def rand_value(r, t):
    k = t[0]
    if k == "uint":
        return rand_uint(r, t[1])
    if k == "int":
        return rand_int(r, t[1])
    if k == "address":
        c = r.random()
        if c < 0.1:
            return to_checksum_address(b"\x00" * 20)
        if c < 0.2:
            return to_checksum_address(b"\xff" * 20)
        return to_checksum_address(bytes(r.randrange(256) for _ in range(20)))
    if k == "bool":
        return r.random() < 0.5
    if k == "fbytes":
        return bytes(r.randrange(256) for _ in range(t[1]))
    if k == "bytes":
        n = r.choice(BYTES_LENGTHS) if r.random() < 0.7 else r.randint(0, 100)
        return bytes(r.randrange(256) for _ in range(n))
    if k == "string":
        return rand_string(r)
    if k == "array":
        return [rand_value(r, t[1]) for _ in range(r.choice([0, 0, 1, 2, 3]))]
    if k == "farray":
        return [rand_value(r, t[1]) for _ in range(t[2])]
    return tuple(rand_value(r, c) for c in t[1])


def to_json(t, v):
    k = t[0]
    if k in ("uint", "int"):
        return str(v)
    if k == "address":
        return to_checksum_address(v)
    if k == "bool":
        return bool(v)
    if k in ("fbytes", "bytes"):
        return "0x" + bytes(v).hex()
    if k == "string":
        return v
    if k in ("array", "farray"):
        return [to_json(t[1], x) for x in v]
    return [to_json(c, x) for c, x in zip(t[1], v)]


def hx(b):
    return "0x" + bytes(b).hex()


def case_of(types, values, data):
    return {
        "types": [canon(t) for t in types],
        "tree": [tree(t) for t in types],
        "values": [to_json(t, v) for t, v in zip(types, values)],
        "hex": hx(data),
    }


def encode_checked(types, values):
    names = [canon(t) for t in types]
    data = encode(names, values)
    back = decode(names, data)
    assert [to_json(t, v) for t, v in zip(types, back)] == [to_json(t, v) for t, v in zip(types, values)]
    return data


# ---------------------------------------------------------------------------------------------
# Roundtrip cases

FORCED_TYPES = [
    [("uint", 8), ("int", 8), ("uint", 256), ("int", 256), ("fbytes", 1), ("fbytes", 32)],
    [("farray", ("bytes",), 2)],
    [("farray", ("string",), 3), ("bool",)],
    [("array", ("tuple", [("uint", 256), ("string",)]))],
    [("array", ("tuple", [("address",), ("bytes",), ("array", ("uint", 16))]))],
    [("array", ("array", ("uint", 8)))],
    [("array", ("array", ("string",)))],
    [("farray", ("array", ("address",)), 2)],
    [("array", ("farray", ("int", 24), 2))],
    [("tuple", [("tuple", [("bytes",), ("bool",)]), ("farray", ("tuple", [("string",)]), 2)])],
    [("array", ("uint", 256)), ("array", ("bytes",)), ("string",)],
    [("bytes",), ("string",), ("bytes",)],
    [("tuple", [("uint", 256), ("farray", ("fbytes", 4), 3)])],
    [],
]


def roundtrip_cases(r):
    cases = []
    seen_empty_array = False
    for types in FORCED_TYPES:
        for _ in range(3):
            values = [rand_value(r, t) for t in types]
            cases.append(case_of(types, values, encode_checked(types, values)))
    while len(cases) < 420:
        types = [rand_type(r, 3) for _ in range(r.randint(1, 4))]
        values = [rand_value(r, t) for t in types]
        data = encode_checked(types, values)
        if len(data) > 6000:
            continue
        cases.append(case_of(types, values, data))
    # Every bytes length of interest, and the integer boundaries, at top level.
    for n in BYTES_LENGTHS:
        b = bytes(r.randrange(256) for _ in range(n))
        cases.append(case_of([("bytes",)], [b], encode_checked([("bytes",)], [b])))
    for n in (8, 16, 32, 64, 128, 248, 256):
        m = (1 << n) - 1
        for v in (0, 1, m - 1, m):
            cases.append(case_of([("uint", n)], [v], encode_checked([("uint", n)], [v])))
        lo, hi = -(1 << (n - 1)), (1 << (n - 1)) - 1
        for v in (lo, lo + 1, -1, 0, 1, hi - 1, hi):
            cases.append(case_of([("int", n)], [v], encode_checked([("int", n)], [v])))
    return cases


# ---------------------------------------------------------------------------------------------
# Calls


def selector(signature):
    return keccak(text=signature)[:4]


def call_cases(r):
    addr = lambda b: to_checksum_address(bytes([b]) * 20)
    weth = to_checksum_address("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")
    usdc = to_checksum_address("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
    dai = to_checksum_address("0x6B175474E89094C44Da98b954EedeAC495271d0F")
    wbtc = to_checksum_address("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599")
    params = bytes(r.randrange(256) for _ in range(400))
    path = bytes.fromhex(weth[2:]) + (500).to_bytes(3, "big") + bytes.fromhex(usdc[2:]) + (100).to_bytes(3, "big") \
        + bytes.fromhex(dai[2:]) + (3000).to_bytes(3, "big") + bytes.fromhex(wbtc[2:])
    assert len(path) == 89
    out = []
    # Aave V3 Pool.flashLoan(receiver, assets, amounts, interestRateModes, onBehalfOf, params, referralCode)
    sig = "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)"
    types = [("address",), ("array", ("address",)), ("array", ("uint", 256)), ("array", ("uint", 256)),
             ("address",), ("bytes",), ("uint", 16)]
    values = [addr(0x11), [weth, usdc], [10**21, 2_500_000 * 10**6], [0, 0], addr(0x11), params, 0]
    out.append((sig, types, values))
    # Uniswap SwapRouter02.exactInput(ExactInputParams(path, recipient, amountIn, amountOutMinimum))
    sig = "exactInput((bytes,address,uint256,uint256))"
    types = [("tuple", [("bytes",), ("address",), ("uint", 256), ("uint", 256)])]
    values = [(path, addr(0x22), 5 * 10**18, 123456789)]
    out.append((sig, types, values))
    sig = "transfer(address,uint256)"
    out.append((sig, [("address",), ("uint", 256)], [usdc, 10**6]))
    sig = "multicall(uint256,bytes[])"
    out.append((sig, [("uint", 256), ("array", ("bytes",))], [1700000000, [b"\x12\x34", params[:68], b""]]))
    cases = []
    for sig, types, values in out:
        data = encode_checked(types, values)
        sel = selector(sig)
        c = case_of(types, values, sel + data)
        c["signature"] = sig
        c["selector"] = hx(sel)
        cases.append(c)
    assert cases[0]["selector"] == "0xab9c4b5d"
    return cases


# ---------------------------------------------------------------------------------------------
# Topics (Solidity ABI specification, "Encoding of indexed event parameters")


def in_place(t, v):
    k = t[0]
    if k in ("bytes", "string"):
        raw = v.encode("utf-8") if k == "string" else bytes(v)
        return raw + b"\x00" * ((-len(raw)) % 32)
    if k in ("array", "farray"):
        return b"".join(in_place(t[1], x) for x in v)
    if k == "tuple":
        return b"".join(in_place(c, x) for c, x in zip(t[1], v))
    return encode([canon(t)], [v])


def topic(t, v):
    k = t[0]
    if k == "bytes":
        return keccak(bytes(v))
    if k == "string":
        return keccak(v.encode("utf-8"))
    if k in ("array", "farray", "tuple"):
        return keccak(in_place(t, v))
    return encode([canon(t)], [v])


def topic_cases(r):
    cases = []
    fixed = [("uint", 256), ("int", 8), ("address",), ("bool",), ("fbytes", 4), ("bytes",), ("string",),
             ("array", ("uint", 8)), ("farray", ("address",), 2), ("tuple", [("uint", 256), ("string",)]),
             ("array", ("string",)), ("array", ("tuple", [("bytes",), ("bool",)]))]
    types = fixed * 2 + [rand_type(r, 2) for _ in range(40)]
    for t in types:
        v = rand_value(r, t)
        cases.append({"type": canon(t), "tree": tree(t), "value": to_json(t, v), "topic": hx(topic(t, v))})
    # Known: keccak256("") for the empty string.
    cases.append({"type": "string", "tree": tree(("string",)), "value": "", "topic": hx(keccak(b""))})
    return cases


# ---------------------------------------------------------------------------------------------
# Revert data

PANIC_NAMES = {0x00: "generic", 0x01: "assert", 0x11: "overflow", 0x12: "division_by_zero",
               0x21: "enum_conversion", 0x22: "storage_encoding", 0x31: "empty_array_pop",
               0x32: "index_out_of_bounds", 0x41: "memory_overflow", 0x51: "zero_function"}


def revert_cases(r):
    cases = []
    err = selector("Error(string)")
    assert err.hex() == "08c379a0"
    for msg in ["", "Ownable: caller is not the owner", "x" * 100, "\u00e9t\u00e9 \U0001F680", "ERC20: transfer amount exceeds balance"]:
        cases.append({"kind": "error", "message": msg, "hex": hx(err + encode(["string"], [msg]))})
    pan = selector("Panic(uint256)")
    assert pan.hex() == "4e487b71"
    for code in list(PANIC_NAMES) + [0x99, 2**256 - 1]:
        cases.append({"kind": "panic", "code": str(code), "name": PANIC_NAMES.get(code),
                      "hex": hx(pan + encode(["uint256"], [code]))})
    customs = [
        ("InsufficientBalance(uint256,uint256)", [("uint", 256), ("uint", 256)], [10, 20]),
        ("Unauthorized(address)", [("address",)], [to_checksum_address(b"\x42" * 20)]),
        ("BadPath(bytes,string[])", [("bytes",), ("array", ("string",))], [b"\x01\x02\x03", ["a", "bc"]]),
    ]
    for sig, types, values in customs:
        c = case_of(types, values, selector(sig) + encode_checked(types, values))
        c.update({"kind": "custom", "signature": sig, "selector": hx(selector(sig))})
        cases.append(c)
    cases.append({"kind": "empty", "hex": "0x"})
    return cases


# ---------------------------------------------------------------------------------------------
# Packed mode


def packed_unsupported(t):
    k = t[0]
    if k == "tuple":
        return True
    if k in ("array", "farray"):
        e = t[1]
        if e[0] in ("tuple", "array", "bytes", "string"):
            return True
        if e[0] == "farray":
            return packed_unsupported(e)
    return False


def packed_arg(t, v):
    if t[0] in ("array", "farray"):
        return b"".join(encode([canon(t[1])], [x]) for x in v)
    return encode_packed([canon(t)], [v])


def rand_packed_type(r):
    c = r.random()
    if c < 0.6:
        return rand_atomic(r)
    e = rand_atomic(r)
    while e[0] in ("bytes", "string"):
        e = rand_atomic(r)
    if r.random() < 0.3:
        e = ("farray", e, r.randint(1, 3))
    return ("array", e) if r.random() < 0.5 else ("farray", e, r.randint(1, 3))


def packed_cases(r):
    # The example from the Solidity documentation.
    doc_types = [("int", 16), ("fbytes", 1), ("uint", 16), ("string",)]
    doc_values = [-1, b"\x42", 3, "Hello, world!"]
    doc = b"".join(packed_arg(t, v) for t, v in zip(doc_types, doc_values))
    assert doc.hex() == "ffff42000348656c6c6f2c20776f726c6421"
    cases = [case_of(doc_types, doc_values, doc)]
    while len(cases) < 150:
        types = [rand_packed_type(r) for _ in range(r.randint(1, 4))]
        assert not any(packed_unsupported(t) for t in types)
        values = [rand_value(r, t) for t in types]
        data = b"".join(packed_arg(t, v) for t, v in zip(types, values))
        if all(t[0] not in ("array", "farray") for t in types):
            assert data == encode_packed([canon(t) for t in types], values)
        cases.append(case_of(types, values, data))
    rejected_types = [
        ("tuple", [("uint", 256), ("bool",)]),
        ("array", ("bytes",)),
        ("array", ("string",)),
        ("farray", ("string",), 2),
        ("array", ("array", ("uint", 256))),
        ("farray", ("array", ("uint", 8)), 2),
        ("array", ("tuple", [("address",)])),
        ("array", ("farray", ("array", ("uint", 8)), 2)),
        ("array", ("farray", ("bytes",), 2)),
    ]
    rejected = []
    for t in rejected_types:
        assert packed_unsupported(t)
        v = rand_value(r, t)
        rejected.append({"types": [canon(t)], "tree": [tree(t)], "values": [to_json(t, v)]})
    return cases, rejected


# ---------------------------------------------------------------------------------------------
# Strictness: mutations of canonical encodings


def word_at(data, p):
    return int.from_bytes(data[p:p + 32], "big")


def walk_seq(types, data, start, out, path):
    head_end = start + sum(head_size(t) for t in types)
    h = start
    for i, t in enumerate(types):
        if is_dynamic(t):
            target = start + word_at(data, h)
            out.append({"what": "offset", "pos": h, "start": start, "head_end": head_end, "target": target,
                        "type": t, "path": path + [i]})
            walk_dyn(t, data, target, out, path + [i])
            h += 32
        else:
            walk_static(t, data, h, out, path + [i])
            h += static_size(t)


def walk_static(t, data, p, out, path):
    k = t[0]
    if k == "farray":
        walk_seq([t[1]] * t[2], data, p, out, path)
    elif k == "tuple":
        walk_seq(t[1], data, p, out, path)
    else:
        out.append({"what": "word", "pos": p, "type": t, "path": path})


def walk_dyn(t, data, p, out, path):
    k = t[0]
    if k in ("bytes", "string"):
        out.append({"what": "length", "pos": p, "type": t, "n": word_at(data, p), "path": path})
    elif k == "array":
        n = word_at(data, p)
        out.append({"what": "length", "pos": p, "type": t, "n": n, "path": path})
        walk_seq([t[1]] * n, data, p + 32, out, path)
    elif k == "farray":
        walk_seq([t[1]] * t[2], data, p, out, path)
    else:
        walk_seq(t[1], data, p, out, path)


def eth_abi_says(types, data):
    try:
        values = decode([canon(t) for t in types], bytes(data))
        return {"result": "accept", "values": [to_json(t, v) for t, v in zip(types, values)]}
    except Exception:
        return {"result": "reject"}


def setw(data, p, v):
    data[p:p + 32] = (v % (1 << 256)).to_bytes(32, "big")


def mutations(r, types, data):
    """Yields (name, mutated bytes, strict (code, offset) or None, lenient dict)."""
    recs = []
    walk_seq(types, data, 0, recs, [])
    n = len(data)

    def reject(name, d, code, off):
        return (name, d, {"code": code, "offset": off}, {"accept": False, "code": code, "offset": off})

    for rec in recs:
        p, t = rec["pos"], rec["type"]
        k = t[0]
        d = bytearray(data)
        if rec["what"] == "word":
            if k == "uint" and t[1] < 256:
                d[p + r.randrange(0, 32 - t[1] // 8)] = r.randint(1, 255)
                yield reject("uint_dirty", d, "abi_decode_uint_out_of_range", p)
            elif k == "address":
                d[p + r.randrange(0, 12)] = r.randint(1, 255)
                yield reject("address_dirty", d, "abi_decode_address_padding", p)
            elif k == "int" and t[1] < 256:
                nb = t[1] // 8
                if r.random() < 0.5:
                    i = p + r.randrange(0, 32 - nb)
                    d[i] = (d[i] ^ r.randint(1, 255))
                    yield reject("int_dirty", d, "abi_decode_int_sign_extension", p)
                else:
                    # Flip the sign bit of the N-bit value without extending it.
                    d[p + 32 - nb] ^= 0x80
                    yield reject("int_unextended", d, "abi_decode_int_sign_extension", p)
            elif k == "bool":
                if r.random() < 0.5:
                    d[p + 31] = r.randint(2, 255)
                else:
                    d[p + r.randrange(0, 31)] = r.randint(1, 255)
                yield reject("bool_dirty", d, "abi_decode_invalid_bool", p)
            elif k == "fbytes" and t[1] < 32:
                d[p + r.randrange(t[1], 32)] = r.randint(1, 255)
                yield reject("fbytes_dirty", d, "abi_decode_fixed_bytes_padding", p)
        elif rec["what"] == "length":
            if k in ("bytes", "string"):
                length = rec["n"]
                if length % 32:
                    d2 = bytearray(data)
                    d2[p + 32 + length + r.randrange(0, 32 - length % 32)] = r.randint(1, 255)
                    yield reject("bytes_padding", d2, "abi_decode_bytes_padding", p + 32 + (length & ~31))
                if k == "string" and length > 0:
                    d2 = bytearray(data)
                    bad = r.choice([b"\xff", b"\x80", b"\xc0\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"])
                    if len(bad) <= length:
                        at = p + 32 + r.randrange(0, length - len(bad) + 1)
                        d2[at:at + len(bad)] = bad
                        try:
                            bytes(d2[p + 32:p + 32 + length]).decode("utf-8")
                        except UnicodeDecodeError:
                            yield reject("invalid_utf8", d2, "abi_decode_invalid_utf8", p + 32)
                remaining = n - (p + 32)
                big = r.choice([remaining + 1, 2**64, 2**255, 2**256 - 1])
            else:
                remaining = n - (p + 32)
                e = t[1]
                eh = 32 if is_dynamic(e) else static_size(e)
                big = r.choice([remaining // eh + 1, 2**64, 2**255, 2**256 - 1])
            setw(d, p, big)
            yield reject("length_oob", d, "abi_decode_length_out_of_bounds", p)
        elif rec["what"] == "offset":
            start, head_end = rec["start"], rec["head_end"]
            c = r.random()
            d = bytearray(data)
            if c < 0.5:
                setw(d, p, r.choice([n - start, n - start + 32, 2**64, 2**255, 2**256 - 1]))
                yield reject("offset_oob", d, "abi_decode_offset_out_of_bounds", p)
            else:
                setw(d, p, r.choice([0, head_end - start - 32, r.randrange(0, head_end - start)]))
                yield reject("offset_into_head", d, "abi_decode_offset_into_head", p)
            # A gap before this value's tail: non-canonical, still unambiguous.
            x = rec["target"]
            k_ins = r.choice([32, 32, 64, 1, 7])
            d = bytearray(data)
            for o in recs:
                if o["what"] == "offset" and o["start"] < x <= o["target"]:
                    setw(d, o["pos"], o["target"] - o["start"] + k_ins)
            d[x:x] = bytes(r.randrange(256) for _ in range(k_ins)) if r.random() < 0.5 else bytes(k_ins)
            code = "abi_decode_non_canonical_offset"
            yield ("gap", d, {"code": code, "offset": p},
                   {"accept": True, "finding": {"code": code, "offset": p}})
    # Aliases: a later element of the same sequence pointing at an earlier one's tail.
    offsets = [o for o in recs if o["what"] == "offset"]
    for j, b in enumerate(offsets):
        for a in offsets[:j]:
            if a["start"] == b["start"] and a["type"] == b["type"] and a["target"] != b["target"]:
                d = bytearray(data)
                setw(d, b["pos"], a["target"] - a["start"])
                code = "abi_decode_non_canonical_offset"
                yield ("alias", d, {"code": code, "offset": b["pos"]},
                       {"accept": True, "finding": {"code": code, "offset": b["pos"]}})
                break
    # Trailing bytes.
    extra = r.choice([1, 31, 32, 64])
    d = bytearray(data) + (bytes(extra) if r.random() < 0.5 else bytes(r.randrange(256) for _ in range(extra)))
    yield ("trailing", d, {"code": "abi_decode_trailing_bytes", "offset": n},
           {"accept": True, "finding": {"code": "abi_decode_trailing_bytes", "offset": n}})
    # Truncation: any rejection.
    if n > 0:
        cut = r.choice([1, 31, 32]) if n >= 32 else 1
        d = bytearray(data[:n - cut])
        yield ("truncated", d, None, {"accept": False})


def strict_cases(r, roundtrip):
    cases = []
    stats = {}
    by_name = {}
    for rt in roundtrip:
        types = [from_tree(x) for x in rt["tree"]]
        data = bytes.fromhex(rt["hex"][2:])
        if len(data) > 1200:
            continue
        for name, d, strict, lenient in mutations(r, types, data):
            by_name.setdefault(name, []).append((rt, types, d, strict, lenient))
    for name in sorted(by_name):
        items = by_name[name]
        r.shuffle(items)
        for rt, types, d, strict, lenient in items[:40]:
            said = eth_abi_says(types, d)
            stats.setdefault((name, said["result"]), 0)
            stats[(name, said["result"])] += 1
            if lenient["accept"]:
                # Non-canonical but unambiguous: eth-abi must agree that it decodes.
                assert said["result"] == "accept", (name, rt["types"], hx(d))
                if name in ("gap", "trailing"):
                    assert said["values"] == rt["values"], (name, rt["types"])
            case = {"mutation": name, "types": rt["types"], "tree": rt["tree"], "hex": hx(d),
                    "ethabi": said["result"], "strict": strict, "lenient": lenient}
            if said["result"] == "accept":
                case["ethabi_values"] = said["values"]
            cases.append(case)
    return cases, stats


def from_tree(x):
    k = x["k"]
    if k in ("uint", "int", "fbytes"):
        return (k, x["n"])
    if k in ("address", "bool", "bytes", "string"):
        return (k,)
    if k == "array":
        return ("array", from_tree(x["e"]))
    if k == "farray":
        return ("farray", from_tree(x["e"]), x["n"])
    return ("tuple", [from_tree(c) for c in x["c"]])


# ---------------------------------------------------------------------------------------------


def dump(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    size = os.path.getsize(path)
    assert size < 2_000_000, (name, size)
    print(f"{name}: {size} bytes")


def main():
    r = random.Random(SEED)
    roundtrip = roundtrip_cases(r)
    calls = call_cases(r)
    topics = topic_cases(r)
    reverts = revert_cases(r)
    packed, packed_rejected = packed_cases(r)
    strict, stats = strict_cases(r, roundtrip)
    header = {"generator": "vectors/gen_abi.py", "reference": "eth-abi " + version("eth-abi"), "seed": SEED}
    dump("abi.json", dict(header, roundtrip=roundtrip, calls=calls, topics=topics, revert=reverts))
    dump("abi_packed.json", dict(header, packed=packed, packed_rejected=packed_rejected))
    dump("abi_strict.json", dict(header, strictness=strict))
    for (name, result), count in sorted(stats.items()):
        print(f"  {name:18} eth-abi {result:6} {count}")


if __name__ == "__main__":
    main()
