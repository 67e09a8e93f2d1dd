"""End-to-end checks of `ballast audit --json` against eth-account / eth-abi readings.

For every signing example: `plan build --format jsonl` with the development key, then
`audit --json` of those lines (and `--against` the plan). Each reported transaction must carry
the hash (keccak of the raw bytes), sender (eth-account recovery), nonce, chain id and type that
the reference libraries read from the same raw transaction, and its top-level call the selector
and arguments eth-abi decodes from the calldata. The untouched build has no finding of severity
high or above, so the exit status is 0. A transaction whose calldata was changed (one byte of
the last call's arguments) is a critical `against_mismatch`, exit status 1.
"""
import glob
import json
import os
import subprocess

import eth_abi
import pytest
import rlp
from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_utils import keccak, to_checksum_address
from hexbytes import HexBytes

from conftest import BIN, DEV_KEY, ROOT, split_top

EXAMPLES = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(ROOT, "examples", "*.json")))
EXPECTED_DIR = os.path.join(ROOT, "vectors", "plans")


def signed_examples():
    out = []
    for n in EXAMPLES:
        with open(os.path.join(EXPECTED_DIR, n + ".expected.json"), encoding="utf-8") as f:
            if json.load(f)["mode"] != "safe":
                out.append(n)
    return out


def read_raw(raw_hex):
    """(type, chainId, nonce, to, data) read by rlp / eth-account from a raw transaction."""
    raw = bytes.fromhex(raw_hex[2:])
    if raw[0] >= 0xC0:
        f = rlp.decode(raw)
        v = int.from_bytes(f[6], "big")
        chain = (v - 35) // 2 if v >= 35 else None
        return 0, chain, int.from_bytes(f[0], "big"), to_checksum_address(f[3]), bytes(f[5])
    d = TypedTransaction.from_bytes(HexBytes(raw)).as_dict()
    return raw[0], d["chainId"], d["nonce"], to_checksum_address(d["to"]), bytes(d["data"])


def abi_json(value, typ):
    """An eth-abi value in the CLI's JSON value format."""
    if typ.endswith("]"):
        inner = typ[: typ.rindex("[")]
        return [abi_json(v, inner) for v in value]
    if typ.startswith("("):
        parts = split_top(typ[1:-1])
        return [abi_json(v, t) for v, t in zip(value, parts)]
    if typ == "address":
        return to_checksum_address(value)
    if typ.startswith("uint") or typ.startswith("int"):
        return str(value)
    if typ == "bool":
        return value
    if typ.startswith("bytes"):
        return "0x" + bytes(value).hex()
    return value


def split_signature(sig):
    return split_top(sig[sig.index("(") + 1 : -1])


@pytest.fixture(scope="module")
def builds(ballast, dev_key_file, tmp_path_factory):
    """name -> path of the example's `plan build --format jsonl` output."""
    d = tmp_path_factory.mktemp("audit")
    out = {}
    for name in signed_examples():
        r = ballast(["plan", "build", os.path.join("examples", name + ".json"), "--private-key-file", dev_key_file, "--format", "jsonl"])
        assert r.returncode == 0, r.stderr
        path = d / (name + ".jsonl")
        path.write_text(r.stdout)
        out[name] = str(path)
    return out


@pytest.mark.parametrize("name", signed_examples())
def test_audit_json_matches_reference_libraries(name, ballast, builds):
    lines = [json.loads(l) for l in open(builds[name], encoding="utf-8") if l.strip()]
    r = ballast(["audit", builds[name], "--json", "--against", os.path.join("examples", name + ".json")])
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["version"] == 1
    txs = report["transactions"]
    assert len(txs) == len(lines)
    for k, (tx, line) in enumerate(zip(txs, lines)):
        raw = line["raw"]
        typ, chain, nonce, to, data = read_raw(raw)
        assert tx["index"] == k
        assert tx["hash"] == "0x" + keccak(bytes.fromhex(raw[2:])).hex()
        assert tx["from"] == Account.recover_transaction(raw)
        assert tx["nonce"] == str(nonce)
        assert tx["chainId"] == str(chain)
        assert tx["type"] == typ
        assert tx["to"] == to
        assert tx["id"] == line["id"]
        top = tx["calls"][0]
        assert top["path"] == f"tx[{k}].calls[0]"
        assert top["to"] == to
        assert top["selector"] == "0x" + data[:4].hex()
        sig = top["function"]
        assert sig is not None
        assert "0x" + keccak(text=sig)[:4].hex() == top["selector"]
        types = split_signature(sig)
        values = eth_abi.decode(types, data[4:])
        assert top["args"] == [abi_json(v, t) for v, t in zip(values, types)]
    for f in report["findings"]:
        assert set(f) == {"code", "severity", "path", "message"}
        assert f["severity"] in ("info", "medium"), f
        assert not f["code"].startswith("against_"), f


def test_changed_calldata_is_critical(ballast, builds, tmp_path):
    line = json.loads(open(builds["demo"], encoding="utf-8").readline())
    t = TypedTransaction.from_bytes(HexBytes(line["raw"])).as_dict()
    data = bytearray(t["data"])
    data[-40] ^= 0x01  # inside the last call's arguments
    fields = {k: t[k] for k in ("chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to", "value")}
    fields.update(type=2, data=bytes(data), accessList=[])
    signed = Account.sign_transaction(fields, DEV_KEY)
    raw = "0x" + bytes(signed.raw_transaction).hex()
    r = ballast(["audit", raw, "--json", "--against", os.path.join("examples", "demo.json")])
    assert r.returncode == 1, r.stdout + r.stderr
    report = json.loads(r.stdout)
    hits = [f for f in report["findings"] if f["code"] == "against_mismatch" and "data differ" in f["message"]]
    assert len(hits) == 1 and hits[0]["severity"] == "critical"
    assert hits[0]["path"].startswith("tx[0].calls[0].calls[0]")
    # The plan's second transaction is missing from this one-transaction input.
    assert any(f["code"] == "against_missing_transaction" for f in report["findings"])


def test_long_input_streams_in_order(ballast, builds, tmp_path):
    """A long input read in small chunks (the chunk knob of `tx sign`'s reader): the same report
    as in one chunk, every transaction in input order with the hash and sender the reference
    libraries read, and the batch findings of the whole input."""
    jsonl = [l for l in open(builds["demo"], encoding="utf-8").read().splitlines() if l]
    raws = [json.loads(l)["raw"] for l in jsonl]
    senders = [Account.recover_transaction(r) for r in raws]
    repeats = 300
    items = []
    with open(tmp_path / "long.txt", "w", encoding="utf-8") as f:
        for _ in range(repeats):
            for k, (line, raw) in enumerate(zip(jsonl, raws)):
                f.write((line if k % 2 == 0 else raw) + "\n")
                items.append(k)
            f.write("   \n")
    path = str(tmp_path / "long.txt")
    whole = ballast(["audit", path, "--json"])
    env = dict(os.environ, BALLAST_TX_SIGN_CHUNK_BYTES="4096")
    chunked = ballast(["audit", path, "--json"], env=env)
    assert chunked.returncode == whole.returncode == 0, chunked.stderr + whole.stderr
    assert chunked.stdout == whole.stdout
    report = json.loads(whole.stdout)
    assert len(report["transactions"]) == len(items)
    for index, (tx, k) in enumerate(zip(report["transactions"], items)):
        assert tx["index"] == index
        assert tx["hash"] == "0x" + keccak(bytes.fromhex(raws[k][2:])).hex()
        assert tx["from"] == senders[k]
    codes = [f["code"] for f in report["findings"]]
    # Every repetition of a transaction is a duplicate of its first appearance.
    assert codes.count("duplicate_transaction") == len(items) - len(raws)
    batch = {"duplicate_transaction", "nonce_out_of_order", "nonce_reused", "nonce_gap"}
    first_batch = next(i for i, c in enumerate(codes) if c in batch)
    assert all(c in batch for c in codes[first_batch:])
    text_whole = ballast(["audit", path])
    text_chunked = ballast(["audit", path], env=env)
    assert text_whole.stdout == text_chunked.stdout and text_whole.stdout.endswith("(fail on high and above)\n")


def test_long_input_bad_last_line_prints_nothing(ballast, builds, tmp_path):
    raw = json.loads(open(builds["demo"], encoding="utf-8").readline())["raw"]
    path = tmp_path / "bad.txt"
    path.write_text((raw + "\n") * 40 + raw[:-2] + "zz\n", encoding="utf-8")
    env = dict(os.environ, BALLAST_TX_SIGN_CHUNK_BYTES="4096")
    for extra in ([], ["--json"]):
        r = ballast(["audit", str(path)] + extra, env=env)
        assert r.returncode == 1
        if extra:
            assert json.loads(r.stdout)["error"]["at"].startswith(f"{path} line 41")
        else:
            assert r.stdout == "" and "line 41" in r.stderr, r.stderr


def test_report_to_a_file_equals_the_piped_report(ballast, builds, tmp_path):
    """A report past the spill buffer's 4 MiB (kept in a temporary file until every line is
    checked) is copied to stdout by the kernel when stdout is a regular file, and through memory
    when it cannot be (a file opened for appending): the bytes are those written to a pipe."""
    raws = [json.loads(l)["raw"] for l in open(builds["demo"], encoding="utf-8") if l.strip()]
    path = tmp_path / "many.txt"
    path.write_text("".join(r + "\n" for r in raws) * 1300, encoding="utf-8")
    for extra in ([], ["--json"]):
        piped = ballast(["audit", str(path)] + extra)
        assert piped.returncode == 0, piped.stderr
        assert len(piped.stdout.encode()) > 4 << 20
        out = tmp_path / "report.out"
        with open(out, "wb") as f:
            r = subprocess.run([BIN, "audit", str(path)] + extra, stdout=f, stderr=subprocess.PIPE)
        assert r.returncode == 0, r.stderr
        assert out.read_text(encoding="utf-8") == piped.stdout
        appended = tmp_path / "appended.out"
        appended.write_text("before\n", encoding="utf-8")
        with open(appended, "ab") as f:
            r = subprocess.run([BIN, "audit", str(path)] + extra, stdout=f, stderr=subprocess.PIPE)
        assert r.returncode == 0, r.stderr
        assert appended.read_text(encoding="utf-8") == "before\n" + piped.stdout


def test_first_bad_line_wins_with_groups_in_flight(ballast, builds, tmp_path):
    """Lines are checked a group of 256 at a time with several groups in flight: with bad lines
    in two later groups, the first one in input order is reported, and nothing is printed."""
    raw = json.loads(open(builds["demo"], encoding="utf-8").readline())["raw"]
    lines = [raw] * 2000
    lines[1300] = raw[:-2] + "zz"
    lines[1900] = "0x02"
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for extra in ([], ["--json"]):
        r = ballast(["audit", str(path)] + extra)
        assert r.returncode == 1
        if extra:
            assert json.loads(r.stdout)["error"]["at"].startswith(f"{path} line 1301")
        else:
            assert r.stdout == "" and "line 1301" in r.stderr, r.stderr


def test_audit_input_above_16_mib_is_read(ballast, builds, tmp_path):
    """Audit input streams: no 16 MiB ceiling (here 17 MiB of blank lines around two lines)."""
    raws = [json.loads(l)["raw"] for l in open(builds["demo"], encoding="utf-8") if l.strip()]
    path = tmp_path / "padded.txt"
    with open(path, "w", encoding="utf-8") as f:
        f.write(raws[0] + "\n")
        for _ in range(17 * 1024):
            f.write(" " * 1023 + "\n")
        f.write(raws[1] + "\n")
    assert os.path.getsize(path) > 16 << 20
    r = ballast(["audit", str(path), "--json"])
    assert r.returncode == 0, r.stderr
    assert [t["index"] for t in json.loads(r.stdout)["transactions"]] == [0, 1]


# `--json-nested ref`: each nested call's bytes appear once, at its own node; the references
# still name exactly the calls eth-abi decodes from the parent's argument.

SAFE = "0x488967789C7D18397049133DE682f745Ed81EF93"
MULTISEND = "0x9641d764fc13c8b624c04430c7356c1c7c8102e2"
EXEC_TRANSACTION = "execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)"


def calldata(signature, values):
    return keccak(text=signature)[:4] + eth_abi.encode(split_signature(signature), values)


def multisend_entries(batch):
    """(to, value, data) of Safe MultiSend packed transactions (operation ‖ to ‖ value ‖ length ‖ data)."""
    out, i = [], 0
    while i < len(batch):
        to = to_checksum_address(batch[i + 1 : i + 21])
        value = int.from_bytes(batch[i + 21 : i + 53], "big")
        n = int.from_bytes(batch[i + 53 : i + 85], "big")
        out.append((to, value, batch[i + 85 : i + 85 + n]))
        i += 85 + n
    return out


def safe_multisend_calldata(inner_to, inner_data):
    """A Safe's execTransaction → MultiSend (DELEGATECALL) → a call of `inner_data` and an approval."""
    approve = calldata("approve(address,uint256)", ["0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2", 5])
    batch = b""
    for to, data in ((inner_to, inner_data), ("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", approve)):
        batch += b"\x00" + bytes.fromhex(to[2:]) + (0).to_bytes(32, "big") + len(data).to_bytes(32, "big") + data
    multisend = calldata("multiSend(bytes)", [batch])
    zero = "0x" + "00" * 20
    return calldata(EXEC_TRANSACTION, [MULTISEND, 0, multisend, 1, 0, 0, 0, zero, zero, b""])


def check_referenced_calls(node, data):
    """The node's arguments are eth-abi's decode of `data`, but for references to the nested calls,
    which name (in order) the node's calls, each with the target, value and calldata eth-abi decodes."""
    assert node["selector"] == "0x" + data[:4].hex()
    sig = node["function"]
    types = split_signature(sig)
    values = eth_abi.decode(types, data[4:])
    referenced = 0
    for arg, value, typ in zip(node["args"], values, types):
        if isinstance(arg, dict) and "calls" in arg:  # bytes encoding the whole list
            if sig == "multiSend(bytes)":
                inner = multisend_entries(value)
            else:
                inner = [(to_checksum_address(t), v, d) for t, v, d in eth_abi.decode(["(address,uint256,bytes)[]"], value)[0]]
            paths = arg["calls"]
        elif isinstance(arg, dict) and "call" in arg:  # execTransaction's data
            inner = [(to_checksum_address(values[0]), values[1], value)]
            paths = [arg["call"]]
        elif typ == "(address,uint256,bytes)[]" and any(isinstance(e[2], dict) for e in arg):
            inner = [(to_checksum_address(t), v, d) for t, v, d in value]
            assert [e[:2] for e in arg] == [[t, str(v)] for t, v, _ in inner]
            paths = [e[2]["call"] for e in arg]
        else:
            assert arg == abi_json(value, typ)
            continue
        referenced += 1
        assert paths == [c["path"] for c in node["calls"]]
        for child, (to, value_sent, child_data) in zip(node["calls"], inner):
            assert child["to"] == to and child["value"] == str(value_sent)
            if child["function"] is None:
                assert child["data"] == "0x" + child_data.hex()
            else:
                check_referenced_calls(child, child_data)
    assert referenced == (1 if node["calls"] else 0), node["path"]


def test_json_nested_ref_matches_eth_abi(ballast, builds, dev_key_file):
    line = json.loads(open(builds["demo"], encoding="utf-8").readline())
    _, _, _, to, data = read_raw(line["raw"])
    safe_data = safe_multisend_calldata(to, data)
    cases = [
        (["audit", line["raw"]], to, data),
        (["audit", "--to", SAFE, "--from", Account.from_key(DEV_KEY).address, "0x" + safe_data.hex()], SAFE, safe_data),
    ]
    for args, target, top_data in cases:
        plain = ballast(args + ["--json"])
        refs = ballast(args + ["--json", "--json-nested", "ref"])
        # 1: findings at --fail-on (the Safe's unsigned execTransaction); the report is printed.
        assert plain.returncode == refs.returncode and plain.returncode in (0, 1) and plain.stdout, plain.stderr + refs.stderr
        p, r = json.loads(plain.stdout), json.loads(refs.stdout)
        assert p["findings"] == r["findings"]
        top = r["transactions"][0]["calls"][0]
        assert top["to"] == target
        check_referenced_calls(top, top_data)
        # The default output repeats nested bytes at every level; the references do not.
        assert len(refs.stdout) < 2 * len(top_data) < len(plain.stdout)
    text = ballast(["audit", line["raw"], "--json-nested", "ref"])
    assert text.returncode == 2 and "only to --json" in text.stderr and text.stdout == ""
