"""An eth-tester (py-evm, Prague) chain with the real protocols, for the protocol e2e tests.

Real bytecode, from the compiled artifacts of PyPI wheels (requirements-nodeps.txt):
  - Aave V3 (aave-v3-origin v3.2 line): web3-ethereum-defi `eth_defi/abi/aave_v3/`;
  - Uniswap V3 factory, pools, NonfungiblePositionManager: `eth_defi/abi/uniswap_v3/`;
    SwapRouter02: `eth_defi/abi/uniswap-swap-contracts/SwapRouter02.json`;
  - WETH (Aave's WETH9Mock, WETH9 plus an owner mint) and ERC-20 tokens (ERC20MockDecimals);
  - Safe v1.4.1 (Safe, SafeProxyFactory, MultiSend, MultiSendCallOnly): safe-eth-py
    `safe_eth/eth/contracts/abis/`.
Our own Vyper sources (contracts/): the executor, and stand-ins where no artifact is available
offline (contracts/standins/: price aggregator, Balancer V2 Vault, Morpho Blue, Yearn V3 strategy,
ERC-4626 vault, harvest reward source).
Libraries are linked by writing their addresses at the artifacts' `linkReferences` byte offsets.
Vyper output is cached under .venv/ballast-vyper-cache (keyed by source hash and compiler version).
"""
import hashlib
import json
import os
import site

import eth_abi
from eth_account import Account
from eth_tester import EthereumTester, PyEVMBackend
from eth_utils import keccak, to_checksum_address

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTRACTS = os.path.join(ROOT, "contracts")
CACHE = os.path.join(ROOT, ".venv", "ballast-vyper-cache")
CHAIN_ID = 131277322940537


def _site_file(rel):
    for d in site.getsitepackages():
        p = os.path.join(d, rel)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f"{rel} not found in the venv (run scripts/bootstrap.sh: requirements-nodeps.txt)")


def artifact(rel):
    """(abi, creation bytecode hex without 0x, linkReferences) of a wheel artifact."""
    with open(_site_file(rel), encoding="utf-8") as f:
        j = json.load(f)
    bc = j["bytecode"]
    if isinstance(bc, dict):
        code, links = bc["object"], bc.get("linkReferences") or {}
    else:
        code, links = bc, j.get("linkReferences") or {}
    return j["abi"], code[2:] if code.startswith("0x") else code, links


def link(code_hex, links, addresses):
    """Writes each library's address at its link offsets (bytes); every reference must be resolved."""
    refs = sum(len(r) for libs in links.values() for r in libs.values())
    assert code_hex.count("__$") == refs, "an unlinked library placeholder has no linkReferences entry"
    code = bytearray.fromhex(_placeholder_free(code_hex))
    for _file, libs in links.items():
        for name, refs in libs.items():
            addr = bytes.fromhex(addresses[name][2:])
            for r in refs:
                assert r["length"] == 20
                code[r["start"]:r["start"] + 20] = addr
    return bytes(code)


def _placeholder_free(code_hex):
    # Unlinked solc output holds `__$…$__` placeholders (not hex): zero them before parsing;
    # link() then overwrites exactly those 20-byte slots.
    out, i = [], 0
    while i < len(code_hex):
        if code_hex[i] == "_":
            out.append("0" * 40)
            i += 40
        else:
            out.append(code_hex[i])
            i += 1
    return "".join(out)


def vyper_compile(rel):
    """{abi, bytecode, bytecode_runtime} of contracts/REL, cached by source hash."""
    import vyper
    path = os.path.join(CONTRACTS, rel)
    with open(path, "rb") as f:
        src = f.read()
    key = hashlib.sha256(src + vyper.__version__.encode()).hexdigest()
    cached = os.path.join(CACHE, key + ".json")
    if os.path.exists(cached):
        with open(cached, encoding="utf-8") as f:
            return json.load(f)
    out = vyper.compile_code(src.decode(), contract_path=path, output_formats=["abi", "bytecode", "bytecode_runtime"])
    res = {"abi": out["abi"], "bytecode": out["bytecode"], "bytecode_runtime": out["bytecode_runtime"]}
    os.makedirs(CACHE, exist_ok=True)
    tmp = cached + ".%d.tmp" % os.getpid()
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(res, f)
    os.replace(tmp, cached)
    return res


def selector(sig):
    return keccak(text=sig)[:4]


def types_of(sig):
    from conftest import split_top
    inner = sig[sig.index("(") + 1: sig.rindex(")")]
    return split_top(inner) if inner else []


def calldata(sig, *args):
    return selector(sig) + eth_abi.encode(types_of(sig), list(args))


class Reverted(Exception):
    def __init__(self, receipt, data=b""):
        super().__init__(f"reverted: 0x{bytes(data).hex()}")
        self.receipt = receipt
        self.data = bytes(data)


class Chain:
    """A thin layer over EthereumTester: deploy, transact (eth-tester's unlocked accounts), call."""

    def __init__(self):
        _install_recorder()
        self.t = EthereumTester(PyEVMBackend())
        self.accounts = self.t.get_accounts()
        self.deployer = self.accounts[0]

    # -- low level
    def send(self, frm, to, data, value=0, gas=15_000_000):
        tx = {"from": frm, "data": "0x" + bytes(data).hex(), "gas": gas, "value": value}
        if to is not None:
            tx["to"] = to
        try:
            h = self.t.send_transaction(tx)
        except Exception as e:  # eth-tester raises TransactionFailed on revert (with the data)
            raise Reverted(None, _revert_data(e)) from e
        r = self.t.get_transaction_receipt(h)
        if r["status"] != 1:
            raise Reverted(r)
        return r

    def deploy_code(self, code, ctor_types=(), args=(), frm=None, gas=15_000_000):
        data = bytes(code) + (eth_abi.encode(list(ctor_types), list(args)) if ctor_types else b"")
        r = self.send(frm or self.deployer, None, data, gas=gas)
        return to_checksum_address(r["contract_address"])

    def deploy_artifact(self, rel, args=(), libs=None, frm=None):
        abi, code, links = artifact(rel)
        ctor = [e for e in abi if e["type"] == "constructor"]
        types = [_abi_type(i) for i in ctor[0]["inputs"]] if ctor else []
        return self.deploy_code(link(code, links, libs or {}), types, args, frm)

    def deploy_vyper(self, rel, args=(), frm=None):
        out = vyper_compile(rel)
        ctor = [e for e in out["abi"] if e["type"] == "constructor"]
        types = [_abi_type(i) for i in ctor[0]["inputs"]] if ctor else []
        return self.deploy_code(bytes.fromhex(out["bytecode"][2:]), types, args, frm)

    def tx(self, frm, to, sig, *args, value=0, gas=15_000_000):
        return self.send(frm, to, calldata(sig, *args), value=value, gas=gas)

    def call(self, to, sig, *args, out="uint256", frm=None):
        data = calldata(sig, *args)
        raw = self.t.call({"from": frm or self.deployer, "to": to, "data": "0x" + data.hex()})
        res = eth_abi.decode([out] if isinstance(out, str) else list(out), _bytes(raw))
        return res[0] if isinstance(out, str) else res

    def try_call(self, to, data, frm=None, value=0):
        """eth_call: (True, return data) or (False, revert data)."""
        try:
            raw = self.t.call({"from": frm or self.deployer, "to": to, "data": "0x" + bytes(data).hex(), "value": value})
            return True, _bytes(raw)
        except Exception as e:
            return False, _revert_data(e)

    def balance(self, token, who):
        return self.call(token, "balanceOf(address)", who)

    def allowance(self, token, owner, spender):
        return self.call(token, "allowance(address,address)", owner, spender)

    def snapshot(self):
        return self.t.take_snapshot()

    def revert(self, snap):
        self.t.revert_to_snapshot(snap)


def _bytes(x):
    if isinstance(x, str):
        return bytes.fromhex(x[2:] if x.startswith("0x") else x)
    return bytes(x)


def _abi_type(inp):
    t = inp["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(_abi_type(c) for c in inp["components"]) + ")" + t[5:]
    return t


def _revert_data(e):
    # eth-tester's TransactionFailed carries the revert data as repr(bytes).
    for a in getattr(e, "args", ()):
        if isinstance(a, (bytes, bytearray)):
            return bytes(a)
        if isinstance(a, str) and a[:2] in ("b'", 'b"'):
            import ast
            return bytes(ast.literal_eval(a))
        if isinstance(a, str) and a.startswith("0x"):
            try:
                return bytes.fromhex(a[2:])
            except ValueError:
                pass
    return b""


# ---------------------------------------------------------------------------- state export
# py-evm keys storage by keccak(slot) and keeps no preimages, so its state cannot be listed as a
# t8n `alloc`. The recorder notes every (address, slot) py-evm's account database writes, from the
# chain's creation on, so that the state can be exported for the executable specs' t8n.
_WRITTEN = {}


def _install_recorder():
    from eth.db.account import AccountDB
    if getattr(AccountDB, "_ballast_recorder", False):
        return
    orig_storage, orig_code, orig_balance, orig_nonce = (AccountDB.set_storage, AccountDB.set_code,
                                                         AccountDB.set_balance, AccountDB.set_nonce)

    def set_storage(self, address, slot, value):
        _WRITTEN.setdefault(bytes(address), set()).add(slot)
        return orig_storage(self, address, slot, value)

    def touch(orig):
        def f(self, address, v):
            _WRITTEN.setdefault(bytes(address), set())
            return orig(self, address, v)
        return f

    AccountDB.set_storage = set_storage
    AccountDB.set_code = touch(orig_code)
    AccountDB.set_balance = touch(orig_balance)
    AccountDB.set_nonce = touch(orig_nonce)
    AccountDB._ballast_recorder = True


def export_alloc(chain):
    """The current state of every account the chain wrote, as a t8n alloc (zero slots left out)."""
    state = chain.t.backend.chain.get_vm().state
    alloc = {}
    for addr, slots in _WRITTEN.items():
        code = state.get_code(addr)
        nonce, balance = state.get_nonce(addr), state.get_balance(addr)
        storage = {}
        for s in slots:
            v = state.get_storage(addr, s)
            if v:
                storage[hex(s)] = hex(v)
        if code or nonce or balance or storage:
            alloc["0x" + addr.hex()] = {"code": "0x" + bytes(code).hex(), "nonce": hex(nonce), "balance": hex(balance),
                                        "storage": storage}
    return alloc
