"""What `ballast safe hash|sign|exec` accept and refuse in a SafeTx file, pinned: for each input of
safe_reader_cases.py, safe_reader_expected.json holds the exit status and either the safeTxHash
(accepted) or the error code and its location (the JSON path, `byte N`, `data offset N`). The
table was recorded from the SafeTx reader as it was before it read with the shared JSON field
reader (commit b7b98a6), and the codes and locations are a published interface: a change here
is a change of the interface. Every input is read through `safe hash FILE --json` (the error
object) and `safe hash -` (standard input, text: nothing on stdout, the location and code on
stderr); `sign` and `exec` read the file with the same function (SafeFile.read).
"""
import json
import os
import subprocess

import pytest

import evm_support as evm
import safe_reader_cases

ROOT = evm.ROOT
with open(os.path.join(ROOT, "e2e", "safe_reader_expected.json")) as f:
    EXPECTED = json.load(f)
CASES = safe_reader_cases.cases()


def test_table_covers_every_case():
    assert sorted(CASES) == sorted(EXPECTED)


@pytest.fixture(scope="module")
def binary():
    ok, why = evm.tx_support()
    if not ok:
        pytest.skip(why)
    return evm.BIN


def run(args, stdin=None):
    """`ballast ARGS` with bytes on standard input; stdout and stderr as bytes."""
    return subprocess.run([evm.BIN] + list(args), input=stdin, capture_output=True, timeout=evm.TIMEOUT,
                          env={k: v for k, v in os.environ.items() if k != "BALLAST_PRIVATE_KEY"})


@pytest.mark.parametrize("name", sorted(CASES))
def test_safe_hash_reads_as_pinned(name, tmp_path, binary):
    path = tmp_path / "tx.json"
    path.write_bytes(CASES[name])
    want = EXPECTED[name]
    r = run(["safe", "hash", str(path), "--json"])
    assert r.returncode == want[0], r.stdout + r.stderr
    out = json.loads(r.stdout)
    if want[0] == 0:
        assert out == {"safeTxHash": want[1], "domainSeparator": out["domainSeparator"]}
        assert r.stderr == b""
    else:
        at = str(path) if want[2] == "FILE" else want[2]
        assert (out["error"]["code"], out["error"].get("at")) == (want[1], at)
    r = run(["safe", "hash", "-"], stdin=CASES[name])
    assert r.returncode == want[0], r.stderr
    if want[0] == 0:
        assert (r.stdout, r.stderr) == ((want[1] + "\n").encode(), b"")
    else:
        at = "stdin" if want[2] == "FILE" else want[2]
        assert r.stdout == b""
        err = r.stderr.decode()
        assert err.startswith("error: ") and err.endswith(f" (at {at}) [{want[1]}]\n"), err
