"""docs/safe-tx.schema.json describes the SafeTx files Ballast writes and reads: every file of
vectors/safe.json and a `plan build --format safe-tx` output (signed by `safe sign`) validate
(jsonschema, draft 2020-12), and files the schema refuses for their shape are refused by
`ballast safe hash` too (exit 1, nothing on stdout, the JSON path named).
"""
import copy
import json
import os
import tempfile

import pytest

import evm_support as evm

jsonschema = pytest.importorskip("jsonschema")

ROOT = evm.ROOT
SCHEMA_PATH = os.path.join(ROOT, "docs", "safe-tx.schema.json")


def validator():
    with open(SCHEMA_PATH) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def vector_files():
    with open(os.path.join(ROOT, "vectors", "safe.json")) as f:
        doc = json.load(f)
    files = [v["file"] for v in doc["hashes"] + doc["signing"] + doc["packed"]]
    files.append(doc["plan"]["file"])
    return files


def test_vector_files_validate():
    v = validator()
    for f in vector_files():
        v.validate(f)


def test_written_files_validate(tmp_path):
    ok, why = evm.tx_support()
    if not ok:
        pytest.skip(why)
    plan = os.path.join(ROOT, "examples", "safe-batch.json")
    out = tmp_path / "tx.json"
    r = evm.run(["plan", "build", plan, "--format", "safe-tx", "--out", str(out)])
    assert r.returncode == 0, r.stderr
    key = tmp_path / "k"
    key.write_text("0x" + "11" * 32 + "\n")
    os.chmod(key, 0o600)
    r = evm.run(["safe", "sign", str(out), "--private-key-file", str(key)])
    assert r.returncode == 0, r.stderr
    signed = json.loads(r.stdout)
    validator().validate(json.load(open(out)))
    validator().validate(signed)
    assert len(signed["signatures"]) == 1


BAD = [
    ("nonce", lambda f: f.update(nonce="-1")),
    ("operation", lambda f: f.update(operation=2)),
    ("to", lambda f: f.update(to="0x1234")),
    ("extra", lambda f: f.update(extra=1)),
    ("value", lambda f: f.pop("value")),
    ("signatures[0].signature", lambda f: f.update(signatures=[{"owner": f["safe"], "signature": "0x00"}])),
    ("version", lambda f: f.update(version="1.4")),
    ("data", lambda f: f.update(data="0x123")),
]


@pytest.mark.parametrize("where,mutate", BAD, ids=[b[0] for b in BAD])
def test_schema_and_binary_refuse_alike(where, mutate):
    ok, why = evm.tx_support()
    if not ok:
        pytest.skip(why)
    f = copy.deepcopy(vector_files()[0])
    mutate(f)
    assert not validator().is_valid(f)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(f, fh)
    try:
        r = evm.run(["safe", "hash", fh.name, "--json"])
        assert r.returncode == 1
        err = json.loads(r.stdout)["error"]
        assert err["at"].startswith(where.split("[")[0]), err
    finally:
        os.remove(fh.name)
