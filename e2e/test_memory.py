"""Memory of the commands that read a whole document, against the size of their input (README,
"Input sizes": at most 4× in a release build, measured by scripts/bench_memory.py).

This test guards it loosely, on whatever binary the suite runs (a debug build by default): the
peak resident memory of `plan check` of a plan just under the 4 MiB ceiling, of its `--json`
report, and of `rlp decode` of 16 MiB of hex, less the peak of the same command on a tiny input,
stays under GENEROUS × the input — far above the target, far below what a tree of the whole
document and a report built whole took (16× for the plan). It is a bound, not a timing.

Peaks are read with wait4 in a small intermediate Python process: on Linux a child's ru_maxrss
starts at the resident size of the process that spawned it, and this test runner is large.
"""
import json
import os
import subprocess
import sys
import tempfile

import pytest

from conftest import BIN

GENEROUS = 8.0
DOCUMENT = 4 * 1024 * 1024
HEX_TEXT = 16 * 1024 * 1024

MEASURE = r"""
import os, subprocess, sys
with open(os.devnull, "wb") as sink:
    proc = subprocess.Popen(sys.argv[1:], stdout=sink, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
err = proc.stderr.read().decode(errors="replace")
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024, err.replace("\n", " ")[:300])
"""


def peak(args):
    done = subprocess.run([sys.executable, "-c", MEASURE, BIN] + args, capture_output=True, text=True, timeout=600)
    status, rss, err = done.stdout.split(" ", 2)
    assert status == "0", f"{args}: {err}"
    return int(rss)


def plan_text(actions):
    items = [{
        "id": f"approve-{i:06d}", "kind": "call", "to": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
        "function": "function approve(address spender, uint256 value) returns (bool)",
        "args": ["0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2", str(1_000_000 + i)],
    } for i in range(actions)]
    return json.dumps({
        "version": 1, "chainId": 1, "account": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        "execution": {"mode": "eoa"}, "nonce": 0,
        "fees": {"maxFeePerGas": "40gwei", "maxPriorityFeePerGas": "1gwei"}, "actions": items,
    }, separators=(",", ":"))


@pytest.fixture(scope="module")
def inputs():
    if not os.access(BIN, os.X_OK):
        pytest.skip(f"no ballast binary at {BIN}")
    with tempfile.TemporaryDirectory() as tmp:
        one = len(plan_text(2)) - len(plan_text(1))
        actions = (DOCUMENT - len(plan_text(0))) // one
        while len(plan_text(actions)) > DOCUMENT:
            actions -= 1
        files = {}
        for name, text in [("plan", plan_text(actions)), ("small-plan", plan_text(1))]:
            files[name] = os.path.join(tmp, name + ".json")
            with open(files[name], "w") as f:
                f.write(text)
        count = (HEX_TEXT - 2 - 1 - 2 * 5) // 2
        header = count.to_bytes((count.bit_length() + 7) // 8, "big")
        files["rlp"] = os.path.join(tmp, "rlp.hex")
        with open(files["rlp"], "w") as f:
            f.write("0x" + (bytes([0xF7 + len(header)]) + header).hex() + "01" * count + "\n")
        files["small-rlp"] = os.path.join(tmp, "small-rlp.hex")
        with open(files["small-rlp"], "w") as f:
            f.write("0xc101\n")
        yield files


@pytest.mark.parametrize("command", [
    ["plan", "check", "{plan}"],
    ["plan", "check", "{plan}", "--json"],
    ["rlp", "decode", "--file", "{rlp}"],
])
def test_peak_memory_stays_within_a_small_multiple_of_the_input(inputs, command):
    kind = "plan" if "{plan}" in command else "rlp"
    big = [a.replace("{" + kind + "}", inputs[kind]) for a in command]
    small = [a.replace("{" + kind + "}", inputs["small-" + kind]) for a in command]
    size = os.path.getsize(inputs[kind])
    assert size > (DOCUMENT if kind == "plan" else HEX_TEXT) * 0.99
    base = peak(small)
    top = peak(big)
    ratio = (top - base) / size
    assert ratio < GENEROUS, f"{' '.join(command)}: peak {top / 1e6:.1f} MB, base {base / 1e6:.1f} MB: {ratio:.1f}× the input"
