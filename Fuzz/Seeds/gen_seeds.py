"""Writes the seed corpora of the fuzz targets in Fuzz/Seeds/<target>/ (run from anywhere).

Seeds are inputs, not expected values: the raw transactions, RLP, calldata, numbers and plans
come from the committed vectors and examples (vectors/*.json, vectors/plans/, examples/), the
nested batches and ABI argument lists are encoded here with eth-abi. FuzzAuditInput's first byte
picks the mode (see FuzzChecks.auditInput in Fuzz/Checks): 0x00 text lines, 0x01 text calldata
with --to, 0x02 binary calldata with --to, 0x03 a binary raw transaction, +0x04 against
examples/demo.json, +0x08 no --from. FuzzABI's first byte picks the argument list
(FuzzChecks.abi). FuzzPolicy's seeds are policy files, FuzzPlan's plan files.
"""
import json
import os
import re
import shutil

from eth_abi import encode
from eth_utils import keccak

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Fuzz", "Seeds")


def load(path):
    with open(os.path.join(ROOT, path)) as f:
        return json.load(f)


def unhex(s):
    return bytes.fromhex(s[2:] if s.startswith("0x") else s)


def sel(sig):
    return keccak(text=sig)[:4]


def call(sig, types, args):
    return sel(sig) + encode(types, args)


def addr(s):
    return s.lower()


EXECUTOR = addr("0xB873ac2C343579C1B5F85704B5C2f359aB961953")
ACCOUNT = addr("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
USDC = addr("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
WETH = addr("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")
POOL = addr("0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2")
MULTICALL3 = addr("0xca11bde05977b3631167028862be2a173976ca11")
MULTISEND = addr("0x9641d764fc13c8b624c04430c7356c1c7c8102e2")
STRANGER = addr("0x5555555555555555555555555555555555555555")
MAX = 2**256 - 1


def approve(spender, amount):
    return call("approve(address,uint256)", ["address", "uint256"], [spender, amount])


def transfer(to, amount):
    return call("transfer(address,uint256)", ["address", "uint256"], [to, amount])


def execute(calls):
    return call("execute((address,uint256,bytes)[])", ["(address,uint256,bytes)[]"], [calls])


def aggregate3(calls):
    return call("aggregate3((address,bool,bytes)[])", ["(address,bool,bytes)[]"], [calls])


def aggregate3_value(calls):
    return call("aggregate3Value((address,bool,uint256,bytes)[])", ["(address,bool,uint256,bytes)[]"], [calls])


def aggregate(calls):
    return call("aggregate((address,bytes)[])", ["(address,bytes)[]"], [calls])


def try_aggregate(calls):
    return call("tryAggregate(bool,(address,bytes)[])", ["bool", "(address,bytes)[]"], [False, calls])


def multicall(datas):
    return call("multicall(bytes[])", ["bytes[]"], [datas])


def multicall_deadline(datas):
    return call("multicall(uint256,bytes[])", ["uint256", "bytes[]"], [2**40, datas])


def packed(entries):
    out = b""
    for op, to, value, data in entries:
        out += bytes([op]) + unhex(to) + value.to_bytes(32, "big") + len(data).to_bytes(32, "big") + data
    return out


def multi_send(entries):
    return call("multiSend(bytes)", ["bytes"], [packed(entries)])


def exec_transaction(to, value, data, op):
    return call(
        "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)",
        ["address", "uint256", "bytes", "uint8", "uint256", "uint256", "uint256", "address", "address", "bytes"],
        [to, value, data, op, 0, 0, 0, "0x" + "00" * 20, "0x" + "00" * 20, b"\x01" * 65],
    )


def flash_loan_simple(calls):
    params = encode(["(address,uint256,bytes)[]"], [calls])
    return call(
        "flashLoanSimple(address,address,uint256,bytes,uint16)",
        ["address", "address", "uint256", "bytes", "uint16"],
        [EXECUTOR, USDC, 10**9, params, 0],
    )


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def audit_seeds():
    t = "FuzzAuditInput"
    shutil.rmtree(os.path.join(OUT, t), ignore_errors=True)
    plans = {}
    for name in ["demo", "eip7702-batch", "eoa-simple", "aave-collateral-swap", "balancer-refinance-aave-to-morpho",
                 "morpho-deleverage", "safe-batch"]:
        plans[name] = load(f"vectors/plans/{name}.expected.json")

    # Text: raw lines, jsonl lines (as `plan build --format jsonl` prints them), both mixed.
    for name in ["demo", "eip7702-batch", "eoa-simple"]:
        txs = plans[name]["transactions"]
        raw = "\n".join(x["raw"] for x in txs) + "\n"
        write(t, f"text-raw-{name}", b"\x00" + raw.encode())
        lines = []
        for x in txs:
            line = {"id": x.get("id"), "nonce": str(x["nonce"]), "hash": x["hash"], "from": x["from"],
                    "to": x["to"], "type": x["type"], "raw": x["raw"]}
            lines.append(json.dumps(line, separators=(",", ":")))
        write(t, f"text-jsonl-{name}", b"\x00" + ("\n".join(lines) + "\n").encode())
    # One raw transaction of each type from vectors/tx.json (the shortest), as text and as binary.
    by_type = {}
    for x in load("vectors/tx.json")["transactions"]:
        if x["type"] not in by_type or len(x["raw"]) < len(by_type[x["type"]]["raw"]):
            by_type[x["type"]] = x
    for ty, x in sorted(by_type.items()):
        write(t, f"text-tx-type{ty}", b"\x00" + x["raw"].encode() + b"\n")
        write(t, f"bin-tx-type{ty}", b"\x03" + unhex(x["raw"]))
    for name in ["demo", "eip7702-batch"]:
        write(t, f"bin-tx-{name}", b"\x03" + unhex(plans[name]["transactions"][0]["raw"]))

    # Calldata of the examples: execute with flash loans and their callbacks, a Safe multiSend.
    for name in ["demo", "aave-collateral-swap", "balancer-refinance-aave-to-morpho", "morpho-deleverage"]:
        data = unhex(plans[name]["transactions"][0]["data"])
        write(t, f"bin-calldata-{name}", b"\x02" + data)
        write(t, f"text-calldata-{name}", b"\x01" + plans[name]["transactions"][0]["data"].encode() + b"\n")
    write(t, "bin-calldata-demo-against", b"\x06" + unhex(plans["demo"]["transactions"][0]["data"]))
    safe_multisend = unhex(plans["safe-batch"]["multiSend"]["data"])
    write(t, "bin-calldata-safe-multisend", b"\x02" + safe_multisend)

    # Batches, each nesting the others.
    inner = execute([(USDC, 0, approve(POOL, 10**6)), (WETH, 5, transfer(ACCOUNT, 1))])
    m3 = aggregate3([(EXECUTOR, False, inner), (USDC, True, approve(STRANGER, MAX))])
    write(t, "bin-aggregate3", b"\x02" + m3)
    write(t, "bin-aggregate3value", b"\x0a" + aggregate3_value([(EXECUTOR, False, 7, inner), (USDC, True, 0, transfer(STRANGER, 1))]))
    write(t, "bin-aggregate", b"\x02" + aggregate([(USDC, approve(POOL, 1)), (MULTICALL3, m3)]))
    write(t, "bin-tryaggregate", b"\x02" + try_aggregate([(WETH, transfer(STRANGER, 2))]))
    write(t, "bin-multicall", b"\x02" + multicall([approve(POOL, 3), multicall_deadline([transfer(ACCOUNT, 4)])]))
    ms = multi_send([(0, USDC, 0, approve(POOL, MAX)), (1, MULTICALL3, 0, m3), (0, EXECUTOR, 9, b"")])
    write(t, "bin-multisend", b"\x02" + ms)
    write(t, "bin-exectransaction", b"\x02" + exec_transaction(MULTISEND, 0, ms, 1))
    write(t, "bin-flashloansimple", b"\x02" + flash_loan_simple([(USDC, 0, approve(POOL, 10**9 + 5)), (EXECUTOR, 0, inner)]))
    # Deep: each level wraps the previous one (past the decoder's depth limit).
    deep = approve(STRANGER, MAX)
    for k in range(10):
        kind = k % 4
        if kind == 0:
            deep = execute([(USDC, 0, deep)])
        elif kind == 1:
            deep = aggregate3([(EXECUTOR, False, deep)])
        elif kind == 2:
            deep = multi_send([(0, MULTICALL3, 0, deep)])
        else:
            deep = exec_transaction(MULTISEND, 0, deep, 1)
    write(t, "bin-deep", b"\x02" + deep)
    # A multiSend whose last entry claims more data than there is.
    bad = packed([(0, USDC, 0, approve(POOL, 1))]) + bytes([0]) + unhex(WETH) + (0).to_bytes(32, "big") + (1000).to_bytes(32, "big") + b"\x12\x34"
    write(t, "bin-multisend-truncated", b"\x02" + call("multiSend(bytes)", ["bytes"], [bad]))


def policy_seeds():
    t = "FuzzPolicy"
    shutil.rmtree(os.path.join(OUT, t), ignore_errors=True)
    for name in sorted(os.listdir(os.path.join(ROOT, "examples", "policy"))):
        with open(os.path.join(ROOT, "examples", "policy", name), "rb") as f:
            write(t, "example-" + name, f.read())
    with open(os.path.join(ROOT, "docs", "policy.md")) as f:
        doc = f.read()
    for k, block in enumerate(re.findall(r"```json\n(.*?)```", doc, re.S)):
        try:
            json.loads(block)
        except ValueError:
            continue
        if isinstance(json.loads(block), dict):
            write(t, f"doc-{k}.json", block.encode())


POLICY_KEYS = [
    "version", "description", "chainIds", "accounts", "maxTransactions", "maxValue", "maxTotalValue", "maxGas",
    "maxFeePerGas", "maxPriorityFeePerGas", "maxGasPrice", "targets", "deniedTargets", "functions",
    "deniedFunctions", "unknownCalls", "approvals", "recipients", "delegates", "allowAnyChainAuthorization",
    "contractCreation", "spenders", "maxAmount", "unlimited",
]
POLICY_WORDS = [
    '"allow"', '"deny"', "true", "false", "null", '"0x"', '"0x095ea7b3"', '"approve(address,uint256)"',
    '"transfer(address,uint256)"', '"execute((address,uint256,bytes)[])"', '"multiSend(bytes)"',
    '"0xB873ac2C343579C1B5F85704B5C2f359aB961953"', '"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"',
    '"0x0000000000000000000000000000000000000000"', '"1 ether"', '"gwei"', '"ether"', '"1.5ether"',
    '"%d"' % MAX, '"unlimited"', '"uint256"', '"tuple"', '"bytes"', '"address[]"', '"(uint256,bytes)[]"',
    '"18446744073709551615"', '"18446744073709551616"',
    # Fragments of function signatures (`functions`, `deniedFunctions`).
    '"function ', "tuple(", "[]", "[3]", "uint8", "int256", "bytes32", "string", "bool", " payable", " returns (",
    " calldata", " memory", "(address,uint256)", "((address,uint256,bytes)[])",
]


def policy_dict():
    """The libFuzzer dictionary of FuzzPolicy: the policy's keys and typical values."""
    words = ['"%s"' % k for k in POLICY_KEYS] + POLICY_WORDS
    with open(os.path.join(OUT, "FuzzPolicy.dict"), "w") as f:
        f.write("# Policy keys and values (scripts/fuzz.sh passes this to FuzzPolicy as -dict).\n")
        for k, w in enumerate(words):
            esc = w.replace("\\", "\\\\").replace('"', '\\"')
            f.write(f'w{k}="{esc}"\n')


def known_signatures():
    """The function signatures the audit rules, the policy rules and the call-tree decoder name."""
    sigs = set()
    for path in ["Sources/Audit/AuditorRules.swift", "Sources/Audit/PolicyFunctions.swift", "Sources/Plan/CallTree.swift",
                 "Sources/Plan/Functions.swift"]:
        with open(os.path.join(ROOT, path)) as f:
            text = f.read()
        market = "(address,address,address,address,uint256)"
        text = text.replace("\\(market)", market)
        sigs.update(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*\([A-Za-z0-9_,()\[\]]*\))"', text))
    # Declared in human-readable form in Functions.swift.
    sigs.add("execute((address,uint256,bytes)[])")
    return sorted(sigs)


def audit_dict():
    """The libFuzzer dictionary of FuzzAuditInput: the known selectors, binary and as hex text."""
    with open(os.path.join(OUT, "FuzzAuditInput.dict"), "w") as f:
        f.write("# Selectors of the functions the audit knows, binary and hex (scripts/fuzz.sh passes this as -dict).\n")
        for k, sig in enumerate(known_signatures()):
            s = sel(sig)
            f.write(f"# {sig}\n")
            f.write(f's{k}="' + "".join("\\x%02x" % b for b in s) + '"\n')
            f.write(f'h{k}="{s.hex()}"\n')
        for k, word in enumerate(['"raw"', '"nonce"', '"hash"', '"from"', '"to"', '"type"', '"id"', "null", "0x"]):
            esc = word.replace('"', '\\"')
            f.write(f'j{k}="{esc}"\n')


def fresh(target):
    shutil.rmtree(os.path.join(OUT, target), ignore_errors=True)


def rlp_seeds():
    """FuzzRLP: every fifth valid encoding of vectors/rlp.json, every eighth invalid one, and
    the non-canonical integers."""
    t = "FuzzRLP"
    fresh(t)
    v = load("vectors/rlp.json")
    for k, x in enumerate(v["valid"][::5]):
        write(t, f"valid-{k:03d}", unhex(x["rlp"]))
    for k, x in enumerate(v["invalid"][::8]):
        write(t, f"invalid-{x['kind']}-{k:03d}", unhex(x["rlp"]))
    for k, x in enumerate(v["bad_integers"][::4]):
        write(t, f"bad-integer-{k:03d}", unhex(x["rlp"]))


def tx_seeds():
    """FuzzTx: raw transactions of vectors/tx.json (every type) and every tenth refused one of
    vectors/tx_bad.json. (The blob network forms of vectors/tx_network.json, 130 KiB each, would
    make every mutation that large.)"""
    t = "FuzzTx"
    fresh(t)
    for x in load("vectors/tx.json")["transactions"][::4]:
        write(t, "tx-" + x["name"], unhex(x["raw"]))
    for x in load("vectors/tx_bad.json")["cases"][::10]:
        write(t, "bad-" + x["name"], unhex(x["raw"]))


ABI_LISTS = [
    ["address", "address[]", "uint256[]", "uint256[]", "address", "bytes", "uint16"],
    ["bytes", "string", "uint256[]"],
    ["(address,uint256,bytes)[]"],
    ["int8", "bool", "bytes4", "uint256[2]", "string[]", "(uint24,bytes)[2]"],
    ["bytes[][]", "(string,int256[])[]"],
]


def abi_seeds():
    """FuzzABI: the first byte picks the argument list (Fuzz/Checks/Codecs.swift); values encoded
    with eth-abi, each also with a trailing byte (lenient only)."""
    t = "FuzzABI"
    fresh(t)
    values = [
        [(0, EXECUTOR, [USDC, WETH], [10**6, 2 * 10**18], [0, 0], EXECUTOR, b"\x01\x02\x03", 0),
         (0, STRANGER, [], [], [], ACCOUNT, b"", 65535)],
        [(1, b"\x01\x02", "h\u00e9llo \U0001f600", [1, 2, 3]), (1, b"", "", [])],
        [(2, [(POOL, 5, approve(POOL, 7)), (USDC, 0, b"")]), (2, [])],
        [(3, -5, True, b"abcd", [1, MAX], ["a", "bc"], [(1, b"x"), (2**24 - 1, b"")]),
         (3, -128, False, b"\x00" * 4, [0, 0], [], [(0, b""), (0, b"y" * 40)])],
        [(4, [[b"a"], []], [("s", [-1, 2**255 - 1])]), (4, [], [])],
    ]
    for group in values:
        for k, (i, *args) in enumerate(group):
            data = encode(ABI_LISTS[i], args)
            write(t, f"list{i}-{k}", bytes([i]) + data)
            write(t, f"list{i}-{k}-trailing", bytes([i]) + data + b"\x00")
    call = load("vectors/abi.json")["calls"][0]
    if call["types"] == ABI_LISTS[0]:
        write(t, "list0-vector", b"\x00" + unhex(call["hex"])[4:])


def json_seeds():
    """FuzzJSON: the example plans and policies, some transaction lines, and numbers and strings
    at the edges (exponents, negative zero, escapes, surrogate pairs)."""
    t = "FuzzJSON"
    fresh(t)
    for name in sorted(os.listdir(os.path.join(ROOT, "examples"))):
        if name.endswith(".json"):
            with open(os.path.join(ROOT, "examples", name), "rb") as f:
                write(t, "example-" + name, f.read())
    for k, line in enumerate(load("vectors/tx_batch.json")["text"].splitlines()[:8]):
        write(t, f"txline-{k}", line.encode())
    edges = ['1e400', '-0', '1.0', '-1.5E-7', '[]', '{}', '""', '"\\u00e9\\ud83d\\ude00\\n\\"\\\\"',
             '{"a":[1,{"b":null,"c":true}],"d":false}', '[[[[[[[[[[0]]]]]]]]]]', '123456789012345678901234567890']
    for k, e in enumerate(edges):
        write(t, f"edge-{k}", e.encode())


def primitives_seeds():
    """FuzzPrimitives: addresses of vectors/primitives.json, decimal and hex integers, amounts."""
    t = "FuzzPrimitives"
    fresh(t)
    p = load("vectors/primitives.json")
    for k, (lower, checksummed) in enumerate(p["eip55"]["spec"][:4]):
        write(t, f"address-{k}", checksummed.encode())
        write(t, f"address-lower-{k}", lower.encode())
    for k, (text, _) in enumerate(p["units"]["values"][:6]):
        write(t, f"units-{k}", text.encode())
    for k, x in enumerate(p["uint256"][:6]):
        write(t, f"uint-{k}", x["a"].encode())
        write(t, f"uinthex-{k}", x["ah"].encode())
    for k, x in enumerate(p["int256"][::60]):
        write(t, f"int-{k}", x["a"].encode())
    for k, s in enumerate(["1.5ether", "30gwei", "0.000000000000000001", "1e18", "-1", "0x", "0X00ff"]):
        write(t, f"text-{k}", s.encode())


def plan_seeds():
    """FuzzPlan: every example plan, and the refused plans of vectors/plans/invalid."""
    t = "FuzzPlan"
    fresh(t)
    for name in sorted(os.listdir(os.path.join(ROOT, "examples"))):
        if name.endswith(".json"):
            with open(os.path.join(ROOT, "examples", name), "rb") as f:
                write(t, "example-" + name, f.read())
    folder = os.path.join(ROOT, "vectors", "plans", "invalid")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            write(t, "invalid-" + name, f.read())


audit_seeds()
policy_seeds()
policy_dict()
audit_dict()
rlp_seeds()
tx_seeds()
abi_seeds()
json_seeds()
primitives_seeds()
plan_seeds()
