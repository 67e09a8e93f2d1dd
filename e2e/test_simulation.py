"""Simulate online, audit offline, on a real EVM (eth-tester 0.14.0b1 + py-evm 0.12.1b1).

Stand-in contracts (e2e/contracts/*.vy, compiled here with the pinned Vyper): ERC-20 tokens, a
SwapRouter02 `exactInputSingle` stand-in that pays a fixed rate, a harvest target and an executor
(`execute` with `CallFailed`). A plan harvests and swaps, in `eoa` mode or through the executor;
`ballast plan build --format simulate` gives the eth_simulateV1 request, the chain executes the
signed transactions, and this file writes the node's response in the exact eth_simulateV1 shape
from that execution (status, returnData from eth_call, gasUsed and logs from the receipts).
`ballast audit --simulation` must pass the good plans and catch each bad one with its finding: a
swap recipient changed, a minimum out unmet, an approval left, a revert (decoded).
"""
import ast
import json
import os

import pytest
from eth_abi import encode
from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_utils import to_checksum_address
from hexbytes import HexBytes

import evm_support as evm
from evm_support import CHAIN_ID

ok, reason = evm.tx_support()
pytestmark = pytest.mark.skipif(not ok, reason=reason)

eth_tester = pytest.importorskip("eth_tester")
vyper = pytest.importorskip("vyper")

HERE = os.path.dirname(os.path.abspath(__file__))
E18 = 10**18
RATE_BPS = 9900  # the router pays 99 out for 100 in
ATTACKER = "0x000000000000000000000000000000000000dEaD"


def compile_contract(name):
    with open(os.path.join(HERE, "contracts", name)) as f:
        out = vyper.compile_code(f.read(), output_formats=["bytecode", "abi"])
    return out["bytecode"], out["abi"]


def hexstr(v):
    if isinstance(v, (bytes, bytearray)):
        return "0x" + bytes(v).hex()
    return v if v.startswith("0x") else "0x" + v


def quantity(n):
    return hex(n)


def revert_data(error):
    """The revert data of a failed eth_call, from eth-tester's TransactionFailed: it decodes an
    Error(string) reason (encoded back here with eth-abi) and gives other revert data as the repr
    of py-evm's Revert(bytes)."""
    reason = error.args[0] if error.args else ""
    if isinstance(reason, (bytes, bytearray)):
        return hexstr(reason)
    if reason.startswith("b'") or reason.startswith('b"'):
        return hexstr(ast.literal_eval(reason))
    return "0x08c379a0" + encode(["string"], [reason]).hex()


class Chain:
    """The chain with the stand-ins deployed, and a snapshot to return to before each scenario."""

    def __init__(self):
        self.t = eth_tester.EthereumTester(eth_tester.PyEVMBackend())
        assert self.t.backend.chain.chain_id == CHAIN_ID
        self.account = evm.KeyFiles.address(1)
        self.deployer = evm.KeyFiles.address(2)
        self.tka = self.deploy("SimToken.vy", ["address", "uint256"], [self.account, 1000 * E18])
        self.tkb = self.deploy("SimToken.vy", ["address", "uint256"], [self.deployer, 1000 * E18])
        self.router = self.deploy("SimRouter.vy", ["uint256"], [RATE_BPS])
        self.strategy = self.deploy("SimStrategy.vy", [], [])
        # The executor mode: the account's executor, holding its own input token.
        self.executor = self.deploy("SimExecutor.vy", ["address"], [self.account])
        self.tkc = self.deploy("SimToken.vy", ["address", "uint256"], [self.executor, 1000 * E18])
        # The router holds the output token.
        data = "0xa9059cbb" + self.router[2:].lower().rjust(64, "0") + hex(500 * E18)[2:].rjust(64, "0")
        h = self.t.send_transaction({"from": self.deployer, "to": self.tkb, "data": data, "gas": 100_000, "value": 0})
        assert self.t.get_transaction_receipt(h)["status"] == 1
        self.nonce = self.t.get_nonce(self.account)  # the plans start here, after each reset
        self.snapshot = self.t.take_snapshot()

    def deploy(self, name, types, args):
        bytecode, _ = compile_contract(name)
        data = hexstr(bytecode) + encode(types, args).hex()
        h = self.t.send_transaction({"from": self.deployer, "data": data, "gas": 3_000_000, "value": 0})
        receipt = self.t.get_transaction_receipt(h)
        assert receipt["status"] == 1, name
        return to_checksum_address(receipt["contract_address"])

    def reset(self):
        self.t.revert_to_snapshot(self.snapshot)

    def simulate(self, raws):
        """Executes the raw transactions in order; returns the eth_simulateV1 response their
        execution gives: one block, one call result per transaction."""
        calls = []
        block = None
        for raw in raws:
            tx = TypedTransaction.from_bytes(HexBytes(raw)).as_dict()
            params = {"from": Account.recover_transaction(raw), "to": to_checksum_address(tx["to"]),
                      "data": hexstr(tx["data"]), "gas": tx["gas"], "value": tx["value"]}
            try:
                return_data = hexstr(self.t.call(params, "latest"))
                failed = False
            except eth_tester.exceptions.TransactionFailed as e:
                return_data, failed = revert_data(e), True
            h = self.t.send_raw_transaction(raw)
            receipt = self.t.get_transaction_receipt(h)
            block = receipt["block_number"]
            assert (receipt["status"] == 0) == failed
            logs = []
            for log in receipt["logs"]:
                logs.append({
                    "address": to_checksum_address(log["address"]).lower(),
                    "topics": [hexstr(t) for t in log["topics"]],
                    "data": hexstr(log["data"]),
                    "blockNumber": quantity(block),
                    "transactionHash": hexstr(h),
                    "transactionIndex": quantity(receipt["transaction_index"]),
                    "logIndex": quantity(log["log_index"]),
                    "removed": False,
                })
            call = {"returnData": return_data, "logs": logs, "gasUsed": quantity(receipt["gas_used"]),
                    "status": quantity(receipt["status"])}
            if failed:
                call["error"] = {"code": 3, "message": "execution reverted", "data": return_data}
            calls.append(call)
        # Block fields the audit does not read are left out but these (eth-tester mines a block
        # per transaction; a node simulates them in one).
        base_fee = self.t.get_block_by_number(block)["base_fee_per_gas"]
        return {"jsonrpc": "2.0", "id": 1, "result": [{
            "number": quantity(block), "baseFeePerGas": quantity(base_fee),
            "gasUsed": quantity(sum(int(c["gasUsed"], 16) for c in calls)), "calls": calls}]}


@pytest.fixture(scope="module")
def chain():
    return Chain()


@pytest.fixture(scope="module")
def keys():
    k = evm.KeyFiles()
    yield k
    k.close()


def plan(chain, *, recipient=None, min_out="98", extra_steps=(), executor=False):
    """The harvest-and-swap plan: harvest the strategy, swap 100 TKA for at least MIN_OUT TKB
    (with EXECUTOR, in one transaction through the executor, which swaps its TKC)."""
    token_in = "TKC" if executor else "TKA"
    swap = {"op": "swap", "venue": "uniswap-v3", "path": [token_in, 3000, "TKB"], "amountIn": "100", "minAmountOut": min_out}
    if recipient:
        swap["recipient"] = recipient
    return {
        "version": 1,
        "chainId": CHAIN_ID,
        "account": chain.account,
        "execution": {"mode": "executor", "executor": chain.executor} if executor else {"mode": "eoa"},
        "nonce": chain.nonce,
        "fees": {"maxFeePerGas": "10gwei", "maxPriorityFeePerGas": "1gwei"},
        "tokens": {token_in: {"address": chain.tkc if executor else chain.tka, "decimals": 18}, "TKB": {"address": chain.tkb, "decimals": 18}},
        "protocols": {"uniswap-v3": {"router": chain.router}},
        "actions": [{
            "id": "harvest-swap", "kind": "harvest", "protocol": "yearn-v2", "target": chain.strategy,
            "compound": [swap] + list(extra_steps),
        }],
    }


def write(tmp_path, name, obj):
    p = tmp_path / name
    p.write_text(json.dumps(obj) if not isinstance(obj, str) else obj)
    return str(p)


def run_ok(args):
    r = evm.run(args)
    assert r.returncode == 0, r.stderr
    return r.stdout


def scenario(chain, keys, tmp_path, signed_plan, audited_plan):
    """Signs SIGNED_PLAN, checks its simulate request, executes it on the chain, and audits the
    response against AUDITED_PLAN; returns (audit exit status, report)."""
    chain.reset()
    signed_file = write(tmp_path, "signed-plan.json", signed_plan)
    audited_file = write(tmp_path, "plan.json", audited_plan)
    key = ["--private-key-file", keys.paths[1]]
    jsonl = run_ok(["plan", "build", signed_file, *key, "--format", "jsonl"])
    raws = [json.loads(line)["raw"] for line in jsonl.splitlines()]
    request = json.loads(run_ok(["plan", "build", signed_file, *key, "--format", "simulate"]))
    check_request(request, raws)
    # The same request from the other two sources.
    assert json.loads(run_ok(["audit", write(tmp_path, "txs.jsonl", jsonl), "--emit-simulate"])) == request
    validate("simulate-request.schema.json", request)
    response = chain.simulate(raws)
    validate("simulate-response.schema.json", response)
    response_file = write(tmp_path, "response.json", response)
    r = evm.run(["audit", str(tmp_path / "txs.jsonl"), "--simulation", response_file, "--against", audited_file, "--json"])
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, json.loads(r.stdout)


def validate(schema_name, instance):
    jsonschema = pytest.importorskip("jsonschema")
    with open(os.path.join(os.path.dirname(HERE), "docs", schema_name)) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator(schema).validate(instance)


def check_request(request, raws):
    """The request is the eth_simulateV1 shape, its calls the signed transactions read by
    eth-account, in nonce order, quantities as 0x hex."""
    assert list(request) == ["jsonrpc", "id", "method", "params"]
    assert request["method"] == "eth_simulateV1" and request["id"] == 1 and request["jsonrpc"] == "2.0"
    payload, tag = request["params"]
    assert tag == "latest"
    assert payload["validation"] is True and payload["traceTransfers"] is True
    assert len(payload["blockStateCalls"]) == 1
    calls = payload["blockStateCalls"][0]["calls"]
    assert len(calls) == len(raws)
    for call, raw in zip(calls, raws):
        tx = TypedTransaction.from_bytes(HexBytes(raw)).as_dict()
        assert list(call) == ["from", "to", "value", "input", "gas", "nonce", "maxFeePerGas", "maxPriorityFeePerGas"]
        assert call["from"] == Account.recover_transaction(raw)
        assert call["to"] == to_checksum_address(tx["to"])
        assert call["input"] == hexstr(tx["data"])
        assert call["value"] == hex(tx["value"])
        assert call["gas"] == hex(tx["gas"])
        assert call["nonce"] == hex(tx["nonce"])
        assert call["maxFeePerGas"] == hex(tx["maxFeePerGas"])
        assert call["maxPriorityFeePerGas"] == hex(tx["maxPriorityFeePerGas"])
    nonces = [int(c["nonce"], 16) for c in calls]
    assert nonces == sorted(nonces)


def codes(report, at_least=("high", "critical")):
    return sorted({f["code"] for f in report["findings"] if f["severity"] in at_least})


def test_good_plan_audits_clean(chain, keys, tmp_path):
    good = plan(chain)
    status, report = scenario(chain, keys, tmp_path, good, good)
    assert status == 0, report["findings"]
    assert [f for f in report["findings"] if f["code"].startswith("simulation_")] == []
    sim = report["simulation"]
    assert [c["status"] for c in sim["calls"]] == ["success"] * 3
    changes = {(n["holder"], n["token"]): n["change"] for n in sim["netChanges"]}
    assert changes == {(chain.account, chain.tka): str(-100 * E18), (chain.account, chain.tkb): str(99 * E18)}


def test_changed_recipient_is_caught(chain, keys, tmp_path):
    status, report = scenario(chain, keys, tmp_path, plan(chain, recipient=ATTACKER), plan(chain))
    assert status == 1
    found = codes(report)
    assert "simulation_unexpected_recipient" in found and "simulation_swap_below_minimum" in found
    f = next(f for f in report["findings"] if f["code"] == "simulation_unexpected_recipient")
    assert f["severity"] == "critical" and ATTACKER in f["message"]
    changes = {(n["holder"], n["token"]): n["change"] for n in report["simulation"]["netChanges"]}
    assert changes == {(chain.account, chain.tka): str(-100 * E18)}


def test_unmet_minimum_is_caught(chain, keys, tmp_path):
    # Signed with the minimum lowered to 90; the plan asks for 99.5 and the router pays 99.
    status, report = scenario(chain, keys, tmp_path, plan(chain, min_out="90"), plan(chain, min_out="99.5"))
    assert status == 1
    f = next(f for f in report["findings"] if f["code"] == "simulation_swap_below_minimum")
    assert f["severity"] == "critical"
    assert str(99 * E18) in f["message"] and str(995 * E18 // 10) in f["message"]
    assert "simulation_unexpected_recipient" not in codes(report)


def test_approval_not_reset_is_caught(chain, keys, tmp_path):
    extra = [{"op": "approve", "token": "TKB", "spender": chain.router, "amount": "5"}]
    bad = plan(chain, extra_steps=extra)
    status, report = scenario(chain, keys, tmp_path, bad, bad)
    assert status == 1
    assert codes(report) == ["simulation_allowance_left"]
    f = next(f for f in report["findings"] if f["code"] == "simulation_allowance_left")
    assert str(5 * E18) in f["message"] and chain.router in f["message"]


def test_reverted_swap_is_critical_with_its_reason(chain, keys, tmp_path):
    # The router pays 99 per 100: a minimum of 99.5 makes it revert with its reason.
    tight = plan(chain, min_out="99.5")
    status, report = scenario(chain, keys, tmp_path, tight, tight)
    assert status == 1
    f = next(f for f in report["findings"] if f["code"] == "simulation_reverted")
    assert f["severity"] == "critical"
    assert [c["status"] for c in report["simulation"]["calls"]] == ["success", "success", "reverted"]
    assert 'Error("Too little received")' in f["message"]
    assert report["simulation"]["calls"][2]["revert"] == 'Error("Too little received")'


# ----------------------------------------------------------------- the README's walk-through files
EXAMPLES = os.path.join(os.path.dirname(HERE), "examples", "simulate")


def example_files(chain, keys, folder):
    """{file name: text} of the walk-through: the good plan, the same plan with the swap's recipient
    changed, and the responses this chain gives for the transactions each signs (key 1)."""
    files = {}
    for name, p in (("harvest-swap", plan(chain)), ("harvest-swap-attacker", plan(chain, recipient=ATTACKER))):
        chain.reset()
        files[name + ".json"] = json.dumps(p, indent=2) + "\n"
        path = os.path.join(folder, name + ".json")
        with open(path, "w") as f:
            f.write(files[name + ".json"])
        raws = run_ok(["plan", "build", path, "--private-key-file", keys.paths[1]]).split()
        files[name + ".response.json"] = json.dumps(chain.simulate(raws), indent=2) + "\n"
    return files


def test_executor_good_plan_audits_clean(chain, keys, tmp_path):
    good = plan(chain, executor=True)
    status, report = scenario(chain, keys, tmp_path, good, good)
    assert status == 0, report["findings"]
    assert [f for f in report["findings"] if f["code"].startswith("simulation_")] == []
    changes = {(n["holder"], n["token"]): n["change"] for n in report["simulation"]["netChanges"]}
    assert changes == {(chain.executor, chain.tkc): str(-100 * E18), (chain.executor, chain.tkb): str(99 * E18)}


def test_executor_revert_is_decoded_through_call_failed(chain, keys, tmp_path):
    # The router refuses (it pays 99 for 100, the minimum is 99.5): the executor reverts with
    # CallFailed(2, Error("Too little received")), decoded down to the router's reason.
    tight = plan(chain, executor=True, min_out="99.5")
    status, report = scenario(chain, keys, tmp_path, tight, tight)
    assert status == 1
    f = next(f for f in report["findings"] if f["code"] == "simulation_reverted")
    assert f["severity"] == "critical" and f["path"] == "tx[0]"
    assert 'CallFailed("2", Error("Too little received"))' in f["message"], f["message"]


def test_executor_changed_recipient_is_caught_without_the_plan(chain, keys, tmp_path):
    # Without --against: the swap's output, paid for by the executor, goes to a stranger.
    chain.reset()
    signed_file = write(tmp_path, "signed-plan.json", plan(chain, executor=True, recipient=ATTACKER))
    jsonl = run_ok(["plan", "build", signed_file, "--private-key-file", keys.paths[1], "--format", "jsonl"])
    raws = [json.loads(line)["raw"] for line in jsonl.splitlines()]
    response = write(tmp_path, "response.json", chain.simulate(raws))
    r = evm.run(["audit", write(tmp_path, "txs.jsonl", jsonl), "--simulation", response, "--json"])
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    f = next(f for f in report["findings"] if f["code"] == "simulation_unexpected_recipient")
    assert ATTACKER in f["message"] and chain.executor in f["message"]


def test_walkthrough_files_are_this_chains(chain, keys, tmp_path):
    """The plans and responses under examples/simulate/ (used by the README) are exactly what this
    chain deploys and executes (BALLAST_WRITE_EXAMPLES=1 writes them)."""
    files = example_files(chain, keys, str(tmp_path))
    if os.environ.get("BALLAST_WRITE_EXAMPLES") == "1":
        os.makedirs(EXAMPLES, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(EXAMPLES, name), "w") as f:
                f.write(text)
    for name, text in files.items():
        with open(os.path.join(EXAMPLES, name)) as f:
            assert f.read() == text, name
