#!/usr/bin/env python3
"""Generates vectors/abi_sig.json (signatures, selectors, topics) and vectors/eip712.json (typed-data
hashes) from the pinned references, deterministically (fixed seed, no network).

References: eth-utils 6.0.0 (keccak, abi_to_signature, function_abi_to_4byte_selector,
event_abi_to_log_topic, function_signature_to_4byte_selector), eth-abi 6.0.0 (grammar: every
canonical type string is parsed and validated, and must print back unchanged), eth-account 0.14.0
(encode_typed_data(full_message=...), and encode_type / hash_domain / hash_struct from
eth_account._utils.encode_typed_data).

abi_sig.json
  functions   fixed examples, then random functions with random parameter type trees (elementary
              types of every width, tuples, nested fixed and dynamic arrays, arrays of tuples).
              "human" is a human-readable form (names, `function` keyword or not, `tuple(` or `(`,
              `uint`/`int` aliases, `address payable`, data locations, visibility/mutability,
              `returns`, random whitespace); "canonical" and "selector" are from the references;
              "json" is the equivalent JSON ABI entry (eth_utils.abi_to_signature of it equals
              "canonical").
  events      the same for events (indexed fields, anonymous), with "topic0".
  errors      the same for custom errors, with "selector".
  invalidTypes type strings that eth_abi rejects (grammar or registry; each confirmed here);
              Ballast must reject them too.

eip712.json
  vectors     {name, document, encodeType, typeHash, domainEncodeType, domainSeparator, structHash,
              digest}: the EIP's Mail example (both with EIP712Domain declared and derived), nested
              structs, arrays of structs, arrays of atomic types and nested arrays, bytes/string
              members, negative integers, salt, ERC-2612 Permit, Permit2 PermitSingle /
              PermitBatch / PermitTransferFrom, and random documents with integers written as JSON
              numbers, decimal strings and 0x hex strings. domainSeparator and structHash are the
              header and body of encode_typed_data's SignableMessage; digest is
              keccak(0x19 ‖ version ‖ header ‖ body).
  declaredDomains documents whose types declare EIP712Domain with another field order or an extra
              field: encode_typed_data cannot hash those as declared (it always uses its own order
              and five known fields), so domainSeparator and structHash are eth-account's
              hash_struct over the declared types and digest is keccak(0x19 0x01 ‖ both).

Run: .venv/bin/python vectors/gen_abi_sig.py
"""
import copy
import json
import os
import random
from importlib.metadata import version

import eth_utils
from eth_abi.grammar import parse as parse_abi_type
from eth_abi.registry import registry as abi_registry
from eth_account.messages import encode_typed_data
from eth_account._utils.encode_typed_data.encoding_and_hashing import encode_type, hash_domain, hash_struct
from eth_utils import keccak, to_checksum_address

assert version("eth-account") == "0.14.0", "eth-account 0.14.0 is the pinned reference"
assert version("eth-abi") == "6.0.0", "eth-abi 6.0.0 is the pinned reference"
assert version("eth-utils") == "6.0.0", "eth-utils 6.0.0 is the pinned reference"

SEED = 0xAB1_5167
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_SIG = os.path.join(HERE, "abi_sig.json")
OUT_712 = os.path.join(HERE, "eip712.json")

rng = random.Random(SEED)


def hx(b):
    return "0x" + bytes(b).hex()


# ----------------------------------------------------------------------------------------------
# Type trees
# ----------------------------------------------------------------------------------------------
# A node is {"base": "uint256"} or {"tuple": [(name, node), ...]}, plus "dims": [None | int, ...]
# (innermost first).

RESERVED = {
    "memory", "calldata", "storage", "indexed", "payable", "returns", "anonymous", "tuple", "address",
    "bool", "string", "bytes", "byte", "uint", "int", "function", "fixed", "ufixed", "event", "error",
    "constructor", "fallback", "receive", "external", "public", "internal", "private", "pure", "view",
    "nonpayable", "constant", "virtual", "override",
}


def is_type_word(w):
    for p, lo, hi, step in (("uint", 8, 256, 8), ("int", 8, 256, 8), ("bytes", 1, 32, 1)):
        if w.startswith(p) and w[len(p):].isdigit():
            return True
    return w in RESERVED


def rand_ident(first_upper=False, lo=2, hi=12):
    while True:
        first = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ" if first_upper else "abcdefghijklmnopqrstuvwxyz_$")
        rest = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
                       for _ in range(rng.randrange(lo, hi)))
        name = first + rest
        if not is_type_word(name):
            return name


def rand_elementary():
    c = rng.random()
    if c < 0.25:
        return f"uint{8 * rng.randrange(1, 33)}"
    if c < 0.40:
        return f"int{8 * rng.randrange(1, 33)}"
    if c < 0.55:
        return "address"
    if c < 0.63:
        return "bool"
    if c < 0.78:
        return f"bytes{rng.randrange(1, 33)}"
    if c < 0.89:
        return "bytes"
    return "string"


def rand_dims(p=0.3):
    dims = []
    while rng.random() < p and len(dims) < 3:
        dims.append(None if rng.random() < 0.5 else rng.randrange(1, 6))
        p *= 0.5
    return dims


def rand_node(depth):
    if depth < 3 and rng.random() < 0.22:
        comps = []
        for _ in range(rng.randrange(1, 5)):
            name = rand_ident() if rng.random() < 0.8 else ""
            comps.append((name, rand_node(depth + 1)))
        return {"tuple": comps, "dims": rand_dims(0.4)}
    return {"base": rand_elementary(), "dims": rand_dims()}


def dims_str(dims):
    return "".join("[]" if d is None else f"[{d}]" for d in dims)


def canonical(node):
    if "tuple" in node:
        core = "(" + ",".join(canonical(c) for _, c in node["tuple"]) + ")"
    else:
        core = node["base"]
    return core + dims_str(node["dims"])


def is_reference(node):
    return "tuple" in node or node["dims"] or node["base"] in ("bytes", "string")


def json_param(name, node, indexed=None):
    out = {"name": name}
    if "tuple" in node:
        out["type"] = "tuple" + dims_str(node["dims"])
        out["components"] = [json_param(n, c) for n, c in node["tuple"]]
    else:
        out["type"] = node["base"] + dims_str(node["dims"])
    if indexed is not None:
        out["indexed"] = indexed
    return out


def sp(optional=True):
    """Whitespace between tokens: possibly empty when `optional`."""
    choices = ["", "", "", " ", "  ", "\t", "\n  "] if optional else [" ", " ", " ", "  ", "\t", "\n"]
    return rng.choice(choices)


def human_type(node):
    if "tuple" in node:
        prefix = rng.choice(["tuple(", "(", "(", "tuple" + sp(False) + "("])
        parts = []
        for name, c in node["tuple"]:
            parts.append(sp() + human_type(c) + ((sp(False) + name) if name else "") + sp())
        core = prefix + ",".join(parts) + ")"
    else:
        b = node["base"]
        r = rng.random()
        if b == "uint256" and r < 0.3:
            b = "uint"
        elif b == "int256" and r < 0.3:
            b = "int"
        elif b == "address" and r < 0.15:
            b = "address" + sp(False) + "payable"
        core = b
    for d in node["dims"]:
        if rng.random() < 0.15:
            core += sp(False) + "[" + sp() + ("" if d is None else str(d)) + sp() + "]"
        else:
            core += "[" + ("" if d is None else str(d)) + "]"
    return core


def human_param(name, node, location_ok=False, indexed=False):
    out = human_type(node)
    if location_ok and is_reference(node) and rng.random() < 0.6:
        out += sp(False) + rng.choice(["memory", "calldata", "storage"])
    if indexed:
        out += sp(False) + "indexed"
    if name:
        out += sp(False) + name
    return out


def check_type(t):
    """The type parses and validates with eth_abi.grammar, prints back unchanged, and eth_abi's
    registry has an encoder for it."""
    p = parse_abi_type(t)
    p.validate()
    assert p.to_type_str() == t, (t, p.to_type_str())
    assert abi_registry.has_encoder(t), t


def params(n, depth=0):
    out = []
    for _ in range(n):
        name = rand_ident() if rng.random() < 0.85 else ""
        out.append((name, rand_node(depth)))
    return out


def function_vector(name, inputs, outputs, mutability, human=None):
    canon = f"{name}({','.join(canonical(n) for _, n in inputs)})"
    for _, n in inputs + outputs:
        check_type(canonical(n))
    entry = {
        "type": "function",
        "name": name,
        "inputs": [json_param(nm, n) for nm, n in inputs],
        "outputs": [json_param(nm, n) for nm, n in outputs],
        "stateMutability": mutability,
    }
    assert eth_utils.abi_to_signature(entry) == canon, (eth_utils.abi_to_signature(entry), canon)
    sel = bytes(eth_utils.function_abi_to_4byte_selector(entry))
    assert sel == keccak(text=canon)[:4]
    assert sel == bytes(eth_utils.function_signature_to_4byte_selector(canon))
    if human is None:
        keyword = "function" + sp(False) if rng.random() < 0.8 else ""
        text = keyword + name + sp() + "(" + ",".join(
            sp() + human_param(nm, n, location_ok=True) + sp() for nm, n in inputs) + ")"
        mods = []
        vis = rng.choice(["", "", "external", "public"])
        if vis:
            mods.append(vis)
        if mutability != "nonpayable" or rng.random() < 0.2:
            mods.append(mutability)
        rng.shuffle(mods)
        for m in mods:
            text += sp(False) + m
        if outputs:
            text += sp(False) + "returns" + sp() + "(" + ",".join(
                sp() + human_param(nm, n, location_ok=True) + sp() for nm, n in outputs) + ")"
        if rng.random() < 0.1:
            text += sp() + ";"
        human = text
    return {"human": human, "canonical": canon, "selector": hx(sel), "json": entry}


def event_vector(name, inputs, indexed, anonymous, human=None):
    canon = f"{name}({','.join(canonical(n) for _, n in inputs)})"
    for _, n in inputs:
        check_type(canonical(n))
    entry = {
        "type": "event",
        "name": name,
        "inputs": [json_param(nm, n, ix) for (nm, n), ix in zip(inputs, indexed)],
        "anonymous": anonymous,
    }
    assert eth_utils.abi_to_signature(entry) == canon
    topic = bytes(eth_utils.event_abi_to_log_topic(entry))
    assert topic == keccak(text=canon)
    assert topic == bytes(eth_utils.event_signature_to_log_topic(canon))
    if human is None:
        keyword = "event" + sp(False) if rng.random() < 0.85 else ""
        human = keyword + name + sp() + "(" + ",".join(
            sp() + human_param(nm, n, indexed=ix) + sp() for (nm, n), ix in zip(inputs, indexed)) + ")"
        if anonymous:
            human += sp(False) + "anonymous"
    return {"human": human, "canonical": canon, "topic0": hx(topic), "json": entry}


def error_vector(name, inputs, human=None):
    canon = f"{name}({','.join(canonical(n) for _, n in inputs)})"
    for _, n in inputs:
        check_type(canonical(n))
    entry = {"type": "error", "name": name, "inputs": [json_param(nm, n) for nm, n in inputs]}
    assert eth_utils.abi_to_signature(entry) == canon
    sel = keccak(text=canon)[:4]
    assert sel == bytes(eth_utils.function_signature_to_4byte_selector(canon))
    if human is None:
        keyword = "error" + sp(False) if rng.random() < 0.85 else ""
        human = keyword + name + sp() + "(" + ",".join(sp() + human_param(nm, n) + sp() for nm, n in inputs) + ")"
    return {"human": human, "canonical": canon, "selector": hx(sel), "json": entry}


def E(base, *dims):
    return {"base": base, "dims": list(dims)}


def T(comps, *dims):
    return {"tuple": comps, "dims": list(dims)}


def build_sig():
    functions = [
        function_vector("transfer", [("to", E("address")), ("amount", E("uint256"))], [("", E("bool"))], "nonpayable",
                        human="function transfer(address to, uint256 amount) returns (bool)"),
        function_vector("transfer", [("", E("address")), ("", E("uint256"))], [], "nonpayable",
                        human="transfer(address,uint256)"),
        function_vector(
            "flashLoan",
            [("receiverAddress", E("address")), ("assets", E("address", None)), ("amounts", E("uint256", None)),
             ("interestRateModes", E("uint256", None)), ("onBehalfOf", E("address")), ("params", E("bytes")),
             ("referralCode", E("uint16"))],
            [("", E("bool"))], "nonpayable",
            human="function flashLoan(address receiverAddress, address[] assets, uint256[] amounts, uint256[] "
                  "interestRateModes, address onBehalfOf, bytes params, uint16 referralCode) external returns (bool)"),
        function_vector("balanceOf", [("owner", E("address"))], [("", E("uint256"))], "view",
                        human="function balanceOf(address owner) external view returns (uint)"),
        function_vector(
            "aggregate3",
            [("calls", T([("target", E("address")), ("allowFailure", E("bool")), ("callData", E("bytes"))], None))],
            [("returnData", T([("success", E("bool")), ("returnData", E("bytes"))], None))], "payable",
            human="function aggregate3(tuple(address target, bool allowFailure, bytes callData)[] calldata calls) "
                  "payable returns (tuple(bool success, bytes returnData)[] memory returnData)"),
        function_vector(
            "exactInputSingle",
            [("params", T([("tokenIn", E("address")), ("tokenOut", E("address")), ("fee", E("uint24")),
                           ("recipient", E("address")), ("amountIn", E("uint256")), ("amountOutMinimum", E("uint256")),
                           ("sqrtPriceLimitX96", E("uint160"))]))],
            [("amountOut", E("uint256"))], "payable",
            human="exactInputSingle((address tokenIn,address tokenOut,uint24 fee,address recipient,uint256 amountIn,"
                  "uint256 amountOutMinimum,uint160 sqrtPriceLimitX96) params) external payable returns (uint256 amountOut)"),
        function_vector("nested", [("m", E("uint256", 2, None)), ("t", T([("a", T([("x", E("int8"))], 3)), ("b", E("string"))], None, 2))],
                        [], "pure", human="function nested(uint256[2][] memory m, ((int8 x)[3] a, string b)[][2] t) pure"),
        function_vector("ping", [], [], "view", human="function ping() view"),
    ]
    for _ in range(300):
        name = rand_ident(lo=1, hi=14)
        ins = params(rng.randrange(0, 7))
        outs = params(rng.randrange(0, 3))
        functions.append(function_vector(name, ins, outs, rng.choice(["pure", "view", "nonpayable", "payable"])))

    events = [
        event_vector("Transfer", [("from", E("address")), ("to", E("address")), ("value", E("uint256"))],
                     [True, True, False], False,
                     human="event Transfer(address indexed from, address indexed to, uint256 value)"),
        event_vector("Approval", [("owner", E("address")), ("spender", E("address")), ("value", E("uint256"))],
                     [True, True, False], False, human="Approval(address,address,uint256)"),
        event_vector("Anon", [("a", E("bytes32")), ("b", E("bytes32")), ("c", E("bytes32")), ("d", E("bytes32"))],
                     [True, True, True, True], True,
                     human="event Anon(bytes32 indexed a, bytes32 indexed b, bytes32 indexed c, bytes32 indexed d) anonymous"),
    ]
    for _ in range(80):
        ins = params(rng.randrange(0, 6))
        anonymous = rng.random() < 0.2
        limit = 4 if anonymous else 3
        indexed = []
        for _n in ins:
            indexed.append(sum(indexed) < limit and rng.random() < 0.4)
        events.append(event_vector(rand_ident(first_upper=True), ins, indexed, anonymous))

    errors = [
        error_vector("InsufficientBalance", [("available", E("uint256")), ("required", E("uint256"))],
                     human="error InsufficientBalance(uint256 available, uint256 required)"),
        error_vector("Error", [("", E("string"))], human="Error(string)"),
        error_vector("Panic", [("code", E("uint256"))], human="error Panic(uint256 code)"),
        error_vector("Unauthorized", [], human="error Unauthorized()"),
    ]
    for _ in range(60):
        errors.append(error_vector(rand_ident(first_upper=True), params(rng.randrange(0, 5))))

    invalid = ["uint7", "uint264", "int0", "int9", "uint08", "bytes0", "bytes33", "bytes01", "uint256[0]",
               "uint256[01]", "uint256[", "uint256]", "uint256[2", "uint256[-1]", "uint256[a]", "()", "(uint256,())",
               "(uint256", "(uint256,)", "(,uint256)", "bytes32x", "uint256 x", "address[]]", "[]",
               "", "uint256[][0]", "((uint256)", "Uint256", "strin", "addr", "uint256[1e2]"]
    for t in invalid:
        try:
            check_type(t)
        except Exception:
            continue
        raise AssertionError(f"eth_abi accepts {t!r}; it cannot be an invalid-type vector")

    return {
        "generator": "vectors/gen_abi_sig.py (eth-utils 6.0.0, eth-abi 6.0.0 grammar)",
        "seed": SEED,
        "functions": functions,
        "events": events,
        "errors": errors,
        "invalidTypes": invalid,
    }


# ----------------------------------------------------------------------------------------------
# EIP-712
# ----------------------------------------------------------------------------------------------

DOMAIN_MAP = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
              ("verifyingContract", "address"), ("salt", "bytes32")]


def typed_vector(name, doc):
    full = copy.deepcopy(doc)
    signable = encode_typed_data(full_message=full)
    header, body = bytes(signable.header), bytes(signable.body)
    digest = keccak(b"\x19" + bytes(signable.version) + header + body)
    msg_types = {k: v for k, v in doc["types"].items() if k != "EIP712Domain"}
    enc = encode_type(doc["primaryType"], msg_types)
    assert bytes(hash_struct(doc["primaryType"], msg_types, doc["message"])) == body
    assert bytes(hash_domain(doc["domain"])) == header
    domain_types = {"EIP712Domain": [{"name": k, "type": t} for k, t in DOMAIN_MAP if k in doc["domain"]]}
    if "EIP712Domain" in doc["types"]:
        assert doc["types"]["EIP712Domain"] == domain_types["EIP712Domain"], "declared domain types must be canonical here"
    domain_enc = encode_type("EIP712Domain", domain_types)
    return {
        "name": name,
        "document": doc,
        "encodeType": enc,
        "typeHash": hx(keccak(text=enc)),
        "domainEncodeType": domain_enc,
        "domainSeparator": hx(header),
        "structHash": hx(body),
        "digest": hx(digest),
    }


def domain_types(domain):
    return [{"name": k, "type": t} for k, t in DOMAIN_MAP if k in domain]


MAIL_TYPES = {
    "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
    "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"}, {"name": "contents", "type": "string"}],
}
MAIL_DOMAIN = {"name": "Ether Mail", "version": "1", "chainId": 1,
               "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"}
MAIL_MESSAGE = {
    "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
    "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
    "contents": "Hello, Bob!",
}


def fixed_712():
    out = []
    mail = {"types": {"EIP712Domain": domain_types(MAIL_DOMAIN), **MAIL_TYPES}, "primaryType": "Mail",
            "domain": MAIL_DOMAIN, "message": MAIL_MESSAGE}
    v = typed_vector("eip712-mail", mail)
    assert v["domainSeparator"] == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"
    assert v["digest"] == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"
    assert v["structHash"] == "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"
    out.append(v)
    out.append(typed_vector("eip712-mail-derived-domain", {"types": copy.deepcopy(MAIL_TYPES), "primaryType": "Mail",
                                                           "domain": MAIL_DOMAIN, "message": MAIL_MESSAGE}))

    # Arrays of structs and of atomic types (the eth_signTypedData_v4 "Group" style example).
    v4_types = {
        "EIP712Domain": domain_types(MAIL_DOMAIN),
        "Person": [{"name": "name", "type": "string"}, {"name": "wallets", "type": "address[]"}],
        "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person[]"},
                 {"name": "contents", "type": "string"}],
        "Group": [{"name": "name", "type": "string"}, {"name": "members", "type": "Person[]"}],
    }
    v4_types_mail = {k: v for k, v in v4_types.items() if k != "Group"}
    v4_message = {
        "from": {"name": "Cow", "wallets": ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",
                                            "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]},
        "to": [{"name": "Bob", "wallets": ["0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB",
                                           "0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57",
                                           "0xB0B0b0b0b0b0B000000000000000000000000000"]}],
        "contents": "Hello, Bob!",
    }
    out.append(typed_vector("arrays-of-structs", {"types": v4_types_mail, "primaryType": "Mail",
                                                  "domain": MAIL_DOMAIN, "message": v4_message}))

    # Nested structs three deep, bytes/string members, negative integers, fixed and nested arrays.
    nested_types = {
        "Order": [{"name": "maker", "type": "Party"}, {"name": "legs", "type": "Leg[2]"},
                  {"name": "memo", "type": "string"}, {"name": "payload", "type": "bytes"},
                  {"name": "tag", "type": "bytes4"}, {"name": "skew", "type": "int256"}],
        "Party": [{"name": "account", "type": "address"}, {"name": "limits", "type": "Limit"}],
        "Limit": [{"name": "low", "type": "int24"}, {"name": "high", "type": "int24"}, {"name": "enabled", "type": "bool"}],
        "Leg": [{"name": "amounts", "type": "uint128[]"}, {"name": "grid", "type": "uint8[][3]"},
                {"name": "ids", "type": "bytes32[]"}],
    }
    nested_message = {
        "maker": {"account": "0x000000000000000000000000000000000000dEaD",
                  "limits": {"low": -887272, "high": "887272", "enabled": True}},
        "legs": [
            {"amounts": ["340282366920938463463374607431768211455", 0, "0x10"],
             "grid": [[1, 2, 3], [], [255]], "ids": ["0x" + "11" * 32, "0x" + "ab" * 32]},
            {"amounts": [], "grid": [[], [], []], "ids": []},
        ],
        "memo": "naïve café ☕ — \"quoted\"\n",
        "payload": "0x" + "00" * 3 + "ff" * 40,
        "tag": "0xa9059cbb",
        "skew": "-57896044618658097711785492504343953926634992332820282019728792003956564819968",
    }
    domain = {"name": "Nested", "version": "7", "chainId": 42161,
              "verifyingContract": "0x1111111111111111111111111111111111111111",
              "salt": "0x" + "5a" * 32}
    out.append(typed_vector("nested-structs", {"types": {"EIP712Domain": domain_types(domain), **nested_types},
                                               "primaryType": "Order", "domain": domain, "message": nested_message}))

    # ERC-2612 Permit (USDC on mainnet).
    permit_domain = {"name": "USD Coin", "version": "2", "chainId": 1,
                     "verifyingContract": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"}
    permit_types = {
        "EIP712Domain": domain_types(permit_domain),
        "Permit": [{"name": "owner", "type": "address"}, {"name": "spender", "type": "address"},
                   {"name": "value", "type": "uint256"}, {"name": "nonce", "type": "uint256"},
                   {"name": "deadline", "type": "uint256"}],
    }
    permit_message = {"owner": "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf",
                      "spender": "0x000000000022D473030F116dDEE9F6B43aC78BA3",
                      "value": "115792089237316195423570985008687907853269984665640564039457584007913129639935",
                      "nonce": 0, "deadline": 1767225600}
    v = typed_vector("erc2612-permit", {"types": permit_types, "primaryType": "Permit",
                                        "domain": permit_domain, "message": permit_message})
    assert v["typeHash"] == "0x6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9"
    out.append(v)

    # Permit2 (no version in its domain).
    p2_domain = {"name": "Permit2", "chainId": 1, "verifyingContract": "0x000000000022D473030F116dDEE9F6B43aC78BA3"}
    details = [{"name": "token", "type": "address"}, {"name": "amount", "type": "uint160"},
               {"name": "expiration", "type": "uint48"}, {"name": "nonce", "type": "uint48"}]
    single_types = {
        "EIP712Domain": domain_types(p2_domain),
        "PermitSingle": [{"name": "details", "type": "PermitDetails"}, {"name": "spender", "type": "address"},
                         {"name": "sigDeadline", "type": "uint256"}],
        "PermitDetails": details,
    }
    single_message = {
        "details": {"token": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
                    "amount": "1461501637330902918203684832716283019655932542975", "expiration": 1767225600, "nonce": 3},
        "spender": "0x66a9893cC07D91D95644AEDD05D03f95e1dBA8Af", "sigDeadline": "1767225600",
    }
    v = typed_vector("permit2-permit-single", {"types": single_types, "primaryType": "PermitSingle",
                                               "domain": p2_domain, "message": single_message})
    assert v["encodeType"] == ("PermitSingle(PermitDetails details,address spender,uint256 sigDeadline)"
                               "PermitDetails(address token,uint160 amount,uint48 expiration,uint48 nonce)")
    out.append(v)
    batch_types = {
        "EIP712Domain": domain_types(p2_domain),
        "PermitBatch": [{"name": "details", "type": "PermitDetails[]"}, {"name": "spender", "type": "address"},
                        {"name": "sigDeadline", "type": "uint256"}],
        "PermitDetails": details,
    }
    batch_message = {
        "details": [
            {"token": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "amount": "0xffffffffffffffffffffffffffffffffffffffff",
             "expiration": "0", "nonce": 0},
            {"token": "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "amount": "1000000000000000000",
             "expiration": "0xffffffffffff", "nonce": 281474976710655},
        ],
        "spender": "0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD", "sigDeadline": 1767225600,
    }
    out.append(typed_vector("permit2-permit-batch", {"types": batch_types, "primaryType": "PermitBatch",
                                                     "domain": p2_domain, "message": batch_message}))
    transfer_types = {
        "PermitTransferFrom": [{"name": "permitted", "type": "TokenPermissions"}, {"name": "spender", "type": "address"},
                               {"name": "nonce", "type": "uint256"}, {"name": "deadline", "type": "uint256"}],
        "TokenPermissions": [{"name": "token", "type": "address"}, {"name": "amount", "type": "uint256"}],
    }
    transfer_message = {"permitted": {"token": "0x6B175474E89094C44Da98b954EedeAC495271d0F", "amount": "5000000000000000000000"},
                        "spender": "0x1111111254EEB25477B68fb85Ed929f73A960582", "nonce": "0x5f", "deadline": 1767225600}
    out.append(typed_vector("permit2-permit-transfer-from", {"types": transfer_types, "primaryType": "PermitTransferFrom",
                                                             "domain": p2_domain, "message": transfer_message}))

    # An empty domain and an empty array.
    out.append(typed_vector("empty-domain", {"types": {"Note": [{"name": "ids", "type": "uint256[]"},
                                                                  {"name": "text", "type": "string"}]},
                                             "primaryType": "Note", "domain": {}, "message": {"ids": [], "text": ""}}))
    return out


def rand_address():
    a = bytes(rng.randrange(256) for _ in range(20))
    return to_checksum_address(a) if rng.random() < 0.6 else "0x" + a.hex()


def rand_int_value(bits, signed):
    c = rng.random()
    if signed:
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        lo, hi = 0, (1 << bits) - 1
    if c < 0.15:
        v = hi
    elif c < 0.25:
        v = lo
    elif c < 0.45:
        v = rng.randrange(0, min(hi, 1000) + 1)
    else:
        v = rng.randrange(lo, hi + 1)
    form = rng.random()
    if form < 0.4:
        return v
    if form < 0.75 or v < 0:
        return str(v)
    return hex(v) if rng.random() < 0.7 else "0x" + ("0" * rng.randrange(1, 4)) + format(v, "x")


def rand_string():
    alphabet = "abcXYZ 019_-\"\\/\n\té€☕𝄞"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))


def rand_value(t, types):
    if t.endswith("]"):
        inner, dim = t[: t.rindex("[")], t[t.rindex("[") + 1: -1]
        n = int(dim) if dim else rng.randrange(0, 4)
        return [rand_value(inner, types) for _ in range(n)]
    if t in types:
        return {f["name"]: rand_value(f["type"], types) for f in types[t]}
    if t.startswith("uint"):
        return rand_int_value(int(t[4:]), False)
    if t.startswith("int"):
        return rand_int_value(int(t[3:]), True)
    if t == "bool":
        return rng.random() < 0.5
    if t == "address":
        return rand_address()
    if t == "string":
        return rand_string()
    if t == "bytes":
        return hx(bytes(rng.randrange(256) for _ in range(rng.randrange(0, 70))))
    n = int(t[5:])
    return hx(bytes(rng.randrange(256) for _ in range(n)))


def rand_field_type(struct_names):
    c = rng.random()
    if struct_names and c < 0.25:
        base = rng.choice(struct_names)
    else:
        base = rand_elementary()
    dims = rand_dims(0.3)
    return base + dims_str(dims)


def random_doc():
    count = rng.randrange(1, 5)
    names = []
    while len(names) < count:
        n = rand_ident(first_upper=True, lo=1, hi=10)
        if n not in names and n != "EIP712Domain":
            names.append(n)
    types = {}
    for i, n in enumerate(names):
        later = names[i + 1:]
        fields = []
        used = set()
        for _ in range(rng.randrange(1, 6)):
            fname = rand_ident(lo=0, hi=8)
            if fname in used:
                continue
            used.add(fname)
            fields.append({"name": fname, "type": rand_field_type(later)})
        types[n] = fields
    # Every type after the first must be referenced by an earlier one (a unique primary type).
    for i in range(1, count):
        referenced = any(f["type"].split("[")[0] == names[i] for j in range(i) for f in types[names[j]])
        if not referenced:
            j = rng.randrange(0, i)
            fname = rand_ident(lo=0, hi=8)
            while any(f["name"] == fname for f in types[names[j]]):
                fname = rand_ident(lo=0, hi=8)
            types[names[j]].append({"name": fname, "type": names[i] + dims_str(rand_dims(0.3))})
    domain = {}
    for k, t in DOMAIN_MAP:
        if rng.random() < 0.6:
            domain[k] = rand_value(t, {}) if k != "name" else rand_string()
    if "chainId" in domain and isinstance(domain["chainId"], str) and rng.random() < 0.5:
        domain["chainId"] = rng.randrange(1, 100000)
    doc_types = dict(rng.sample(list(types.items()), len(types)))
    if rng.random() < 0.5:
        doc_types = {"EIP712Domain": domain_types(domain), **doc_types}
    message = rand_value(names[0], types)
    return {"types": doc_types, "primaryType": names[0], "domain": domain, "message": message}


def declared_domain_vector(name, doc):
    """A document whose types declare EIP712Domain in a non-standard form (another field order, or
    an extra field). encode_typed_data would hash the domain in its own fixed order (or refuse the
    extra field), so the domain separator is hash_struct over the declared EIP712Domain, as the EIP
    defines it and as MetaMask does."""
    types = doc["types"]
    msg_types = {k: v for k, v in types.items() if k != "EIP712Domain"}
    ds = bytes(hash_struct("EIP712Domain", {"EIP712Domain": types["EIP712Domain"]}, doc["domain"]))
    sh = bytes(hash_struct(doc["primaryType"], msg_types, doc["message"]))
    return {
        "name": name,
        "document": doc,
        "domainEncodeType": encode_type("EIP712Domain", {"EIP712Domain": types["EIP712Domain"]}),
        "domainSeparator": hx(ds),
        "structHash": hx(sh),
        "digest": hx(keccak(b"\x19\x01" + ds + sh)),
    }


def declared_domains():
    reordered = {
        "types": {"EIP712Domain": [{"name": "version", "type": "string"}, {"name": "name", "type": "string"},
                                   {"name": "chainId", "type": "uint256"}], **copy.deepcopy(MAIL_TYPES)},
        "primaryType": "Mail", "domain": {"name": "Ether Mail", "version": "1", "chainId": 1}, "message": MAIL_MESSAGE,
    }
    extra = {
        "types": {"EIP712Domain": [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint64"},
                                   {"name": "deployment", "type": "bytes"}], **copy.deepcopy(MAIL_TYPES)},
        "primaryType": "Mail", "domain": {"name": "Custom", "chainId": "0x2105", "deployment": "0x0102"},
        "message": MAIL_MESSAGE,
    }
    out = [declared_domain_vector("declared-domain-reordered", reordered),
           declared_domain_vector("declared-domain-extra-field", extra)]
    # The reordered domain differs from what encode_typed_data computes (it re-orders the fields).
    assert out[0]["domainSeparator"] != hx(bytes(hash_domain(reordered["domain"])))
    return out


def build_712():
    vectors = fixed_712()
    for i in range(50):
        vectors.append(typed_vector(f"random-{i}", random_doc()))
    return {
        "generator": "vectors/gen_abi_sig.py (eth-account 0.14.0 encode_typed_data, encode_type, hash_domain, hash_struct)",
        "seed": SEED,
        "vectors": vectors,
        "declaredDomains": declared_domains(),
    }


def dump(doc):
    out = ["{"]
    keys = list(doc)
    for i, k in enumerate(keys):
        tail = "," if i < len(keys) - 1 else ""
        v = doc[k]
        if isinstance(v, list):
            out.append(f"  {json.dumps(k)}: [")
            for j, row in enumerate(v):
                out.append("    " + json.dumps(row, ensure_ascii=False, separators=(",", ":")) + ("," if j < len(v) - 1 else ""))
            out.append("  ]" + tail)
        else:
            out.append(f"  {json.dumps(k)}: {json.dumps(v)}{tail}")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    sig = build_sig()
    typed = build_712()
    with open(OUT_SIG, "w", encoding="utf-8") as f:
        f.write(dump(sig))
    with open(OUT_712, "w", encoding="utf-8") as f:
        f.write(dump(typed))
    print(f"wrote {os.path.relpath(OUT_SIG, os.path.dirname(HERE))}: {len(sig['functions'])} functions, "
          f"{len(sig['events'])} events, {len(sig['errors'])} errors, {len(sig['invalidTypes'])} invalid types")
    print(f"wrote {os.path.relpath(OUT_712, os.path.dirname(HERE))}: {len(typed['vectors'])} typed-data documents")


if __name__ == "__main__":
    main()
