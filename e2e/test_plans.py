"""End-to-end checks of `ballast plan` against the independent expectations in vectors/plans/.

For every examples/<name>.json (and every plan kept in vectors/plans/cases/, checked the same way):
  - it validates against docs/plan.schema.json and against `ballast plan schema` (jsonschema);
  - `plan check --json` succeeds, and the transactions it reports carry the expected data;
  - `plan build --format jsonl` (dev key in a 0600 file) gives, line for line, the expected
    transactions: every raw transaction is decoded with eth-account / rlp and its chain id, nonce,
    type, fees, gas, to, value, data, authorizations and recovered sender are checked, its calldata
    is decoded with eth-abi down the intended call tree (execute → lender call → callback call
    list), and the raw bytes and hash equal the expected ones (signing is RFC 6979 deterministic);
  - `plan build` (raw, the default format) prints the same raw transactions;
  - in safe mode, `plan build --format safe` gives the expected Safe Transaction Builder batch,
    with a checksum that verifies.
For every vectors/plans/invalid/<name>.json: exit status 1, and `--json` names the expected code
and JSON path (and, for a guard, the guard and the action id); nothing is printed on stdout
without `--json`.
"""
import glob
import json
import os
import re

import eth_abi
import pytest
import rlp
from eth_abi.grammar import parse as parse_abi_type
from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_keys import keys as eth_keys
from eth_utils import keccak, to_checksum_address
from hexbytes import HexBytes

from conftest import ROOT, split_top

EXAMPLES = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(ROOT, "examples", "*.json")))
EXPECTED_DIR = os.path.join(ROOT, "vectors", "plans")
# Plans kept with the vectors (forms no example shows), named "cases/<name>", checked like examples.
CASES = sorted("cases/" + os.path.basename(p)[:-5] for p in glob.glob(os.path.join(EXPECTED_DIR, "cases", "*.json"))
               if not p.endswith(".expected.json"))
PLANS = EXAMPLES + CASES
SCHEMA_FILE = os.path.join(ROOT, "docs", "plan.schema.json")
CALL_LIST = "(address,uint256,bytes)[]"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def example_path(name):
    if name.startswith("cases/"):
        return os.path.join("vectors", "plans", name + ".json")
    return os.path.join("examples", name + ".json")


def expected(name):
    return load(os.path.join(EXPECTED_DIR, name + ".expected.json"))


def signed_examples():
    return [n for n in PLANS if expected(n)["mode"] != "safe"]


def safe_examples():
    return [n for n in EXAMPLES if expected(n)["mode"] == "safe"]


INVALID = load(os.path.join(EXPECTED_DIR, "invalid-plans.json"))["plans"]


# ------------------------------------------------------------------------------- ABI helpers
def sig_types(signature):
    inner = signature[signature.index("(") + 1: -1]
    return split_top(inner)


def json_value(t, v):
    """eth-abi value → the CLI's JSON value format (as in the expected files)."""
    typ = parse_abi_type(t)
    if typ.is_array:
        inner = t[: t.rindex("[")]
        return [json_value(inner, x) for x in v]
    if t.startswith("("):
        return [json_value(c, x) for c, x in zip(split_top(t[1:-1]), v)]
    if t == "address":
        return to_checksum_address(v)
    if t == "bool":
        return bool(v)
    if t.startswith(("uint", "int")):
        return str(v)
    if t.startswith("bytes"):
        return "0x" + bytes(v).hex()
    return v


def decode_strict(types, data, where):
    """eth-abi decode, then re-encode: the bytes must be the canonical encoding."""
    values = eth_abi.decode(types, data)
    assert eth_abi.encode(types, values) == data, f"{where}: non-canonical ABI encoding"
    return values


def check_call(node, to, value, data, where):
    """Decodes `data` (sent to `to` with `value`) along the expected call tree `node`."""
    assert to_checksum_address(to) == node["to"], f"{where}: target {to} != {node['to']}"
    assert int(value) == int(node["value"]), f"{where}: value {value} != {node['value']}"
    sel = keccak(text=node["function"])[:4]
    assert data[:4] == sel, f"{where}: selector 0x{data[:4].hex()} != {node['selector']} ({node['function']})"
    types = sig_types(node["function"])
    values = decode_strict(types, data[4:], where)
    got = [json_value(t, v) for t, v in zip(types, values)]
    assert got == node["args"], f"{where}: {node['function']} args\n got      {got}\n expected {node['args']}"
    if "nested" in node:
        arg, form = node["nested"]["arg"], node["nested"]["form"]
        if form == "calls":
            inner = values[arg]
        else:
            (inner,) = decode_strict([CALL_LIST], values[arg], f"{where}.arg{arg}")
        assert len(inner) == len(node["calls"]), (
            f"{where}: {len(inner)} nested calls, expected {len(node['calls'])}: "
            + ", ".join(c["function"].split("(")[0] for c in node["calls"]))
        for k, ((t, v, d), child) in enumerate(zip(inner, node["calls"])):
            check_call(child, t, v, bytes(d), f"{where}.calls[{k}]")


# ------------------------------------------------------------------------------- tx decoding
def decode_raw(raw_hex):
    raw = bytes.fromhex(raw_hex[2:] if raw_hex.startswith("0x") else raw_hex)
    if raw[0] >= 0xC0:  # legacy: rlp([nonce, gasPrice, gas, to, value, data, v, r, s])
        f = rlp.decode(raw)
        assert len(f) == 9, "legacy transaction: 9 fields"
        v = int.from_bytes(f[6], "big")
        assert v >= 35, "legacy transaction without EIP-155 replay protection"
        return {"type": 0, "chainId": (v - 35) // 2, "nonce": int.from_bytes(f[0], "big"),
                "gasPrice": int.from_bytes(f[1], "big"), "gas": int.from_bytes(f[2], "big"),
                "to": to_checksum_address(f[3]), "value": int.from_bytes(f[4], "big"), "data": bytes(f[5])}
    t = TypedTransaction.from_bytes(HexBytes(raw))
    d = t.as_dict()
    out = {"type": raw[0], "chainId": d["chainId"], "nonce": d["nonce"], "gas": d["gas"],
           "to": to_checksum_address(d["to"]), "value": d["value"], "data": bytes(d["data"]),
           "accessList": list(d.get("accessList", ()))}
    for k in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"):
        if k in d:
            out[k] = d[k]
    if "authorizationList" in d:
        out["authorizationList"] = list(d["authorizationList"])
    return out


def authority(auth):
    """EIP-7702: the signer of keccak(0x05 ‖ rlp([chainId, address, nonce]))."""
    msg = keccak(b"\x05" + rlp.encode([auth["chainId"], bytes(auth["address"]), auth["nonce"]]))
    sig = eth_keys.Signature(vrs=(auth["yParity"], auth["r"], auth["s"]))
    return sig.recover_public_key_from_msg_hash(msg).to_checksum_address()


def check_transaction(got_raw, exp, where):
    tx = decode_raw(got_raw)
    assert tx["type"] == exp["type"], f"{where}: type {tx['type']} != {exp['type']}"
    assert tx["chainId"] == exp["chainId"], f"{where}: chainId"
    assert tx["nonce"] == exp["nonce"], f"{where}: nonce {tx['nonce']} != {exp['nonce']}"
    assert tx["to"] == exp["to"], f"{where}: to {tx['to']} != {exp['to']}"
    assert tx["value"] == int(exp["value"]), f"{where}: value"
    assert tx["gas"] == exp["gas"], f"{where}: gas {tx['gas']} != {exp['gas']}"
    for k in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"):
        assert (k in tx) == (k in exp), f"{where}: fee field {k}"
        if k in exp:
            assert tx[k] == int(exp[k]), f"{where}: {k} {tx[k]} != {exp[k]}"
    if exp["type"] != 0:
        assert tx["accessList"] == [], f"{where}: unexpected access list"
    data_hex = "0x" + tx["data"].hex()
    assert data_hex == exp["data"], f"{where}: calldata differs at byte {first_diff(data_hex, exp['data'])}"
    check_call(exp["calls"][0], tx["to"], tx["value"], tx["data"], f"{where}.calls[0]")
    if "authorizationList" in exp:
        assert len(tx.get("authorizationList", [])) == len(exp["authorizationList"]), f"{where}: authorizations"
        for k, (a, e) in enumerate(zip(tx["authorizationList"], exp["authorizationList"])):
            assert a["chainId"] == int(e["chainId"]), f"{where}: authorization {k} chainId"
            assert to_checksum_address(a["address"]) == e["address"], f"{where}: authorization {k} address"
            assert a["nonce"] == int(e["nonce"]), f"{where}: authorization {k} nonce {a['nonce']} != {e['nonce']}"
            assert authority(a) == e["authority"], f"{where}: authorization {k} not signed by the account"
    else:
        assert "authorizationList" not in tx, f"{where}: unexpected authorization list"
    assert Account.recover_transaction(got_raw) == exp["from"], f"{where}: sender is not the plan's account"
    # Signing is deterministic (RFC 6979), so the bytes themselves must match.
    assert got_raw.lower() == exp["raw"], f"{where}: raw transaction differs (fields agree: signature?)"


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a[2:], b[2:])):
        if x != y:
            return i // 2
    return min(len(a), len(b)) // 2 - 1


def build(ballast, name, key, fmt):
    args = ["plan", "build", example_path(name), "--private-key-file", key]
    if fmt:
        args += ["--format", fmt]
    r = ballast(args)
    assert r.returncode == 0, f"plan build {name} --format {fmt}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r.stdout


# ------------------------------------------------------------------------------- tests: files
def test_every_example_has_an_expectation():
    exp = sorted(os.path.basename(p)[: -len(".expected.json")] for p in glob.glob(os.path.join(EXPECTED_DIR, "*.expected.json")))
    assert EXAMPLES and exp == EXAMPLES, "examples/ and vectors/plans/*.expected.json disagree: run vectors/gen_plans.py"
    cases = sorted("cases/" + os.path.basename(p)[: -len(".expected.json")]
                   for p in glob.glob(os.path.join(EXPECTED_DIR, "cases", "*.expected.json")))
    assert cases == CASES, "vectors/plans/cases/ plans and expectations disagree: run vectors/gen_plans.py"


def test_invalid_plans_exist():
    for entry in INVALID:
        assert os.path.isfile(os.path.join(EXPECTED_DIR, entry["file"])), entry["file"]


def validate(schema, instance, where):
    import jsonschema
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in errors[:5])


@pytest.mark.parametrize("name", PLANS)
def test_example_matches_schema_file(name):
    validate(load(SCHEMA_FILE), load(os.path.join(ROOT, example_path(name))), name)


@pytest.mark.parametrize("name", PLANS)
def test_example_matches_cli_schema(name, cli_schema):
    validate(cli_schema, load(os.path.join(ROOT, example_path(name))), name)


def test_cli_schema_is_the_published_file(cli_schema):
    assert cli_schema == load(SCHEMA_FILE), "`ballast plan schema` differs from docs/plan.schema.json"


# ------------------------------------------------------------------------------- tests: check
def reported_transactions(obj):
    if isinstance(obj, dict):
        for key in ("transactions", "txs"):
            if isinstance(obj.get(key), list):
                return obj[key]
    if isinstance(obj, list):
        return obj
    return None


@pytest.mark.parametrize("name", PLANS)
def test_plan_check(name, ballast):
    r = ballast(["plan", "check", example_path(name), "--json"])
    assert r.returncode == 0, f"plan check {name}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    out = json.loads(r.stdout)
    exp = expected(name)
    if exp["mode"] == "safe":
        return
    txs = reported_transactions(out)
    assert txs is not None, "plan check --json reports no `transactions` list"
    assert len(txs) == len(exp["transactions"]), f"{len(txs)} transactions, expected {len(exp['transactions'])}"
    for k, (t, e) in enumerate(zip(txs, exp["transactions"])):
        data = t.get("data", t.get("input"))
        if data is not None:
            assert data.lower() == e["data"], f"tx {k}: data differs at byte {first_diff(data.lower(), e['data'])}"
        if "to" in t:
            assert t["to"].lower() == e["to"].lower(), f"tx {k}: to"
        for key in ("nonce", "gas"):
            if key in t:
                assert int(str(t[key]), 0) == e[key], f"tx {k}: {key} {t[key]} != {e[key]}"
        if "value" in t:
            assert int(str(t["value"]), 0) == int(e["value"]), f"tx {k}: value"


# ------------------------------------------------------------------------------- tests: build
@pytest.mark.parametrize("name", signed_examples())
def test_plan_build_jsonl(name, ballast, dev_key_file):
    exp = expected(name)
    lines = [l for l in build(ballast, name, dev_key_file, "jsonl").splitlines() if l.strip()]
    assert len(lines) == len(exp["transactions"]), f"{len(lines)} lines, expected {len(exp['transactions'])}"
    for k, (line, e) in enumerate(zip(lines, exp["transactions"])):
        where = f"{name} tx {k} ({e['id']})"
        obj = json.loads(line)
        for key in ("id", "nonce", "hash", "from", "to", "type", "raw"):
            assert key in obj, f"{where}: jsonl line lacks `{key}`"
        assert obj["id"] == e["id"], f"{where}: id {obj['id']}"
        assert int(str(obj["nonce"]), 0) == e["nonce"], f"{where}: nonce {obj['nonce']}"
        assert int(str(obj["type"]), 0) == e["type"], f"{where}: type {obj['type']}"
        assert obj["from"] == e["from"], f"{where}: from {obj['from']} (checksummed)"
        assert obj["to"] == e["to"], f"{where}: to {obj['to']} (checksummed)"
        check_transaction(obj["raw"], e, where)
        assert obj["hash"].lower() == e["hash"] == "0x" + keccak(bytes.fromhex(obj["raw"][2:])).hex(), f"{where}: hash"


@pytest.mark.parametrize("name", signed_examples())
def test_plan_build_raw(name, ballast, dev_key_file):
    exp = expected(name)
    lines = [l.strip() for l in build(ballast, name, dev_key_file, None).splitlines() if l.strip()]
    assert lines == [t["raw"] for t in exp["transactions"]], "raw output differs from the expected transactions"


# ------------------------------------------------------------------------------- tests: safe
def js_string(s):
    return json.dumps(s, ensure_ascii=False)


def serialize(v):
    """The Safe Transaction Builder's checksum serializer (protocols.md §3.1): keys sorted, the key
    list first as a JSON array, then every value followed by a comma; undefined → null."""
    if isinstance(v, list):
        return "[" + ",".join(serialize(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v)
        return "{" + "[" + ",".join(js_string(k) for k in keys) + "]" + "".join(serialize(v[k]) + "," for k in keys) + "}"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return js_string(v)
    raise AssertionError(f"unexpected JSON value {v!r} in a batch file")


def batch_checksum(batch):
    b = json.loads(json.dumps(batch))
    b["meta"].pop("checksum", None)
    b["meta"]["name"] = None
    return "0x" + keccak(serialize(b).encode("utf-8")).hex()


def test_safe_checksum_serializer_on_a_real_export():
    """The checksum code of this test, on a file exported by the Transaction Builder app itself."""
    golden = load(os.path.join(EXPECTED_DIR, "safe-checksum-golden.json"))
    b = json.loads(json.dumps(golden["batch"]))
    b["meta"].pop("checksum")
    b["meta"]["name"] = None
    assert serialize(b) == golden["serialized"]
    assert batch_checksum(golden["batch"]) == golden["batch"]["meta"]["checksum"]


@pytest.mark.parametrize("name", safe_examples())
def test_plan_build_safe(name, ballast, dev_key_file):
    exp = expected(name)
    batch = json.loads(build(ballast, name, dev_key_file, "safe"))
    want = exp["batch"]
    assert batch.get("version") == want["version"]
    assert batch.get("chainId") == want["chainId"], "chainId is a decimal string"
    assert isinstance(batch.get("createdAt"), int), "createdAt is a number (ms since epoch)"
    meta = batch.get("meta") or {}
    assert meta.get("createdFromSafeAddress") == want["meta"]["createdFromSafeAddress"]
    txs = batch.get("transactions")
    assert isinstance(txs, list) and len(txs) == len(want["transactions"]), "batch transactions count"
    for k, (t, e, node) in enumerate(zip(txs, want["transactions"], exp["calls"])):
        assert t.get("to") == e["to"], f"tx {k}: to {t.get('to')}"
        assert t.get("value") == e["value"], f"tx {k}: value {t.get('value')} (decimal string)"
        assert isinstance(t.get("data"), str) and t["data"] == e["data"], f"tx {k}: data"
        assert t.get("contractMethod") is None, f"tx {k}: data is set, so no contractMethod"
        check_call(node, t["to"], int(t["value"]), bytes.fromhex(t["data"][2:]), f"tx {k}")
    assert meta.get("checksum") == batch_checksum(batch), "meta.checksum does not verify"


# ------------------------------------------------------------------------------- tests: invalid
@pytest.mark.parametrize("entry", INVALID, ids=[e["file"][len("invalid/"):-5] for e in INVALID])
def test_invalid_plan(entry, ballast, dev_key_file):
    path = os.path.join("vectors", "plans", entry["file"])
    r = ballast(["plan", "check", path, "--json"])
    assert r.returncode == 1, f"exit {r.returncode} (expected 1)\n{r.stdout}\n{r.stderr}"
    err = json.loads(r.stdout).get("error")
    assert isinstance(err, dict), f"no error object: {r.stdout}"
    assert err.get("code") == entry["code"], f"code {err.get('code')!r}, expected {entry['code']!r}: {err.get('message')}"
    at = err.get("at") or ""
    want = entry["at"]
    assert at == want or at.startswith(want + ".") or at.startswith(want + "["), (
        f"error at {at!r}, expected {want!r} (or under it): {err.get('message')}")
    if "guard" in entry:
        msg = err.get("message", "")
        assert entry["guard"] in msg, f"message does not name the guard {entry['guard']}: {msg}"
        assert entry["actionId"] in msg, f"message does not name the action {entry['actionId']}: {msg}"
    # Signing refuses it too, and prints nothing on stdout.
    r = ballast(["plan", "build", path, "--private-key-file", dev_key_file])
    assert r.returncode == 1, f"plan build: exit {r.returncode}"
    assert r.stdout == "", "plan build printed output for an invalid plan"
    assert r.stderr.strip(), "plan build gave no error message"
