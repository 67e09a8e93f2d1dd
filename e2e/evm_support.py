"""Helpers for test_tx_evm.py: the ballast binary, eth-tester's funded keys in 0600 files, a tiny
hand-written contract, and independent readings of raw transactions (pyrlp, eth-account).
"""
import json
import os
import subprocess
import tempfile

import rlp
from eth_account import Account
from eth_utils import keccak, to_checksum_address

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BALLAST_BIN") or os.path.join(ROOT, ".build", "debug", "ballast")
TIMEOUT = 60

# eth-tester's chain: PyEVMBackend's chain id, and its funded accounts' keys are 1..10.
CHAIN_ID = 131277322940537
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

# The contract, hand-written EVM bytecode (no compiler). Its runtime stores parts of the calldata
# of any call:
#   60 04 35       PUSH1 4, CALLDATALOAD      word at calldata[4:36]   (first argument)
#   5f 55          PUSH0, SSTORE              -> slot 0
#   60 24 35       PUSH1 36, CALLDATALOAD     word at calldata[36:68]  (second argument)
#   60 01 55       PUSH1 1, SSTORE            -> slot 1
#   5f 35          PUSH0, CALLDATALOAD        word at calldata[0:32]
#   60 e0 1c       PUSH1 224, SHR             its first 4 bytes: the selector
#   60 02 55       PUSH1 2, SSTORE            -> slot 2
#   00             STOP
RUNTIME = bytes.fromhex("600435" "5f55" "602435" "600155" "5f35" "60e01c" "600255" "00")
# The initcode copies the runtime (which follows it) to memory and returns it:
#   60 14          PUSH1 20          runtime length
#   60 0a          PUSH1 10          runtime offset in the code (= initcode length)
#   5f             PUSH0             memory offset
#   39             CODECOPY
#   60 14 5f f3    PUSH1 20, PUSH0, RETURN
INITCODE = bytes.fromhex("6014" "600a" "5f" "39" "6014" "5f" "f3") + RUNTIME
assert len(RUNTIME) == 0x14 and len(INITCODE) - len(RUNTIME) == 0x0A


def run(args, stdin=None):
    """Runs `ballast ARGS` (text mode); returns the CompletedProcess."""
    return subprocess.run(
        [BIN] + [str(a) for a in args], input=stdin, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
        env={k: v for k, v in os.environ.items() if k != "BALLAST_PRIVATE_KEY"})


def tx_support():
    """(available, reason): whether the binary exists and has the tx commands."""
    if not os.path.isfile(BIN) or not os.access(BIN, os.X_OK):
        return False, f"no ballast binary at {BIN} (run `swift build`, or set BALLAST_BIN)"
    r = run(["tx", "decode", "--help"])
    if r.returncode != 0:
        return False, f"`ballast tx` is not available in {BIN} (exit {r.returncode})"
    return True, ""


class KeyFiles:
    """eth-tester's funded keys 1..10, each in a 0600 file in a private temporary folder."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="ballast-evm-")
        self.paths = {}
        for i in range(1, 11):
            path = os.path.join(self.dir, f"key{i}")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write("0x%064x\n" % i)
            self.paths[i] = path

    @staticmethod
    def address(i):
        return Account.from_key(i.to_bytes(32, "big")).address

    def close(self):
        for p in self.paths.values():
            os.remove(p)
        os.rmdir(self.dir)


def sign(key_file, lines, extra=()):
    """`ballast tx sign` over transaction dicts (one JSON line each); returns the raw transactions."""
    text = "".join(json.dumps(line) + "\n" for line in lines)
    r = run(["tx", "sign", "--private-key-file", key_file, *extra], stdin=text)
    assert r.returncode == 0, r.stderr
    raws = r.stdout.split()
    assert len(raws) == len(lines) and r.stdout.endswith("\n")
    return raws


def decode(raw):
    """`ballast tx decode --json RAW` as a dict."""
    r = run(["tx", "decode", raw, "--json"])
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def chain_id_of(raw):
    """The chain id of a raw transaction read with pyrlp alone (legacy: from v; None before EIP-155)."""
    b = bytes.fromhex(raw[2:])
    if b[0] >= 0xC0:
        v = int.from_bytes(rlp.decode(b)[6], "big")
        return None if v in (27, 28) else (v - 35) // 2
    return int.from_bytes(rlp.decode(b[1:])[0], "big")


def created_address(sender, nonce):
    """keccak256(rlp([sender, nonce]))[12:], checksummed."""
    return to_checksum_address(keccak(rlp.encode([bytes.fromhex(sender[2:]), nonce]))[12:])


def with_high_s(raw):
    """The typed raw transaction with s replaced by n - s and yParity flipped: the same signature
    point, in the form EIP-2 forbids."""
    b = bytes.fromhex(raw[2:])
    assert b[0] < 0x80
    fields = rlp.decode(b[1:])
    s = int.from_bytes(fields[-1], "big")
    y = int.from_bytes(fields[-3], "big")
    fields[-1] = (SECP256K1_N - s).to_bytes(32, "big").lstrip(b"\x00")
    fields[-3] = b"" if y == 1 else b"\x01"
    return "0x" + (b[:1] + rlp.encode(fields)).hex()
