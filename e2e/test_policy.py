"""Signing policies (docs/policy.md) end to end.

  - every committed policy example (examples/policy/*.json, and every JSON policy in
    docs/policy.md) validates against docs/policy.schema.json (jsonschema), and the binary reads
    it (it is never refused as `policy_invalid`);
  - documents the schema refuses are refused by the binary too;
  - `plan build --policy` signs the demo under examples/policy/treasury.json exactly as without a
    policy, and refuses it under examples/policy/harvest-only.json with nothing on stdout.
"""
import glob
import json
import os
import re
import tempfile

import pytest

from conftest import ROOT

SCHEMA_FILE = os.path.join(ROOT, "docs", "policy.schema.json")
DOC_FILE = os.path.join(ROOT, "docs", "policy.md")
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "policy", "*.json")))
DEMO = os.path.join("examples", "demo.json")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def doc_policies():
    """The JSON code blocks of docs/policy.md that are whole policies (they have "version")."""
    with open(DOC_FILE, encoding="utf-8") as f:
        text = f.read()
    out = []
    for i, block in enumerate(re.findall(r"```json\n(.*?)```", text, re.S)):
        obj = json.loads(block)
        if isinstance(obj, dict) and "version" in obj:
            out.append((f"docs/policy.md block {i}", obj))
    return out


def validator():
    import jsonschema
    schema = load(SCHEMA_FILE)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def committed():
    return [(os.path.relpath(p, ROOT), load(p)) for p in EXAMPLES] + doc_policies()


def test_there_are_examples():
    assert len(EXAMPLES) >= 2
    assert len(doc_policies()) >= 2


@pytest.mark.parametrize("name,policy", committed(), ids=lambda v: v if isinstance(v, str) else "")
def test_example_matches_schema(name, policy):
    errors = sorted(validator().iter_errors(policy), key=lambda e: list(e.absolute_path))
    assert not errors, f"{name}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in errors[:5])


def check_with(ballast, policy_obj):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(policy_obj, f)
        path = f.name
    try:
        return ballast(["plan", "check", DEMO, "--policy", path, "--json"])
    finally:
        os.remove(path)


@pytest.mark.parametrize("name,policy", committed(), ids=lambda v: v if isinstance(v, str) else "")
def test_example_is_read_by_the_binary(ballast, name, policy):
    r = check_with(ballast, policy)
    if r.returncode == 0:
        return
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["error"]["code"] == "policy_violation", f"{name}: {r.stdout}"


REFUSED = [
    {},
    {"version": 2},
    {"version": 1, "colour": "red"},
    {"version": 1, "targets": ["0x12"]},
    {"version": 1, "unknownCalls": "warn"},
    {"version": 1, "approvals": {"spender": []}},
    {"version": 1, "maxGas": "30gwei"},
    {"version": 1, "chainIds": [0]},
    {"version": 1, "contractCreation": "no"},
]


@pytest.mark.parametrize("policy", REFUSED, ids=lambda p: json.dumps(p))
def test_schema_and_binary_refuse_alike(ballast, policy):
    assert list(validator().iter_errors(policy)), "the schema accepts it"
    r = check_with(ballast, policy)
    assert r.returncode == 1
    assert json.loads(r.stdout)["error"]["code"] == "policy_invalid"


def test_build_under_policies(ballast, dev_key_file):
    plain = ballast(["plan", "build", DEMO, "--private-key-file", dev_key_file])
    ok = ballast(["plan", "build", DEMO, "--private-key-file", dev_key_file, "--policy", "examples/policy/treasury.json"])
    assert plain.returncode == 0 and ok.returncode == 0
    assert ok.stdout == plain.stdout
    refused = ballast(["plan", "build", DEMO, "--private-key-file", dev_key_file, "--policy", "examples/policy/harvest-only.json"])
    assert refused.returncode == 1 and refused.stdout == ""
    assert "[policy_violation]" in refused.stderr and 'action "rebalance-1"' in refused.stderr
