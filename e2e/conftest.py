"""Shared fixtures for the end-to-end plan tests.

The binary is `$BALLAST_BIN`, else `.build/debug/ballast` (run `swift build` first). Tests that
need the binary fail, saying why, when it is missing or cannot answer `plan schema`: a suite that
skips for a missing piece proves nothing.
"""
import json
import os
import subprocess
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BALLAST_BIN") or os.path.join(ROOT, ".build", "debug", "ballast")
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"  # public test key
TIMEOUT = 120

_probe = None


def run(args, **kw):
    """Runs the binary with ARGS (from the repository root); returns the CompletedProcess."""
    return subprocess.run([BIN] + list(args), cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, **kw)


def plan_support():
    """(available, reason, schema-or-None): whether the binary answers `plan schema` with JSON."""
    global _probe
    if _probe is not None:
        return _probe
    if not os.path.isfile(BIN) or not os.access(BIN, os.X_OK):
        _probe = (False, f"no ballast binary at {BIN} (run `swift build`, or set BALLAST_BIN)", None)
        return _probe
    try:
        r = run(["plan", "schema"])
    except (OSError, subprocess.TimeoutExpired) as e:
        _probe = (False, f"`{BIN} plan schema` could not run: {e}", None)
        return _probe
    if r.returncode != 0:
        first = (r.stderr.strip().splitlines() or ["(no message)"])[0]
        _probe = (False, f"`ballast plan` not available in {BIN} yet (plan schema exit {r.returncode}: {first})", None)
        return _probe
    try:
        schema = json.loads(r.stdout)
    except ValueError as e:
        _probe = (False, f"`ballast plan schema` did not print JSON ({e})", None)
        return _probe
    _probe = (True, "", schema)
    return _probe


def pytest_report_header(config):
    ok, reason, _ = plan_support()
    return f"ballast binary: {BIN} — plan command: {'available' if ok else 'NOT AVAILABLE: ' + reason}"


@pytest.fixture(scope="session")
def ballast():
    ok, reason, _ = plan_support()
    if not ok:
        pytest.fail(reason)
    return run


@pytest.fixture(scope="session")
def cli_schema():
    ok, reason, schema = plan_support()
    if not ok:
        pytest.fail(reason)
    return schema


@pytest.fixture(scope="session")
def dev_key_file():
    """The public development key in a 0600 file (signing refuses group/world-readable key files)."""
    d = tempfile.mkdtemp(prefix="ballast-e2e-")
    path = os.path.join(d, "dev.key")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(DEV_KEY + "\n")
    os.chmod(path, 0o600)
    yield path
    os.remove(path)
    os.rmdir(d)


def split_top(s):
    """Splits a comma-separated ABI type list at its top level (not inside parentheses)."""
    out, depth, cur = [], 0, ""
    for ch in s:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


@pytest.fixture(scope="session")
def world():
    """The chain with the real protocols and the stand-ins (e2e/world.py), built once per session;
    tests that change it revert to a snapshot."""
    from world import World
    return World()
