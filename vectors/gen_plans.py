#!/usr/bin/env python3
"""Expected compilation of every plan in examples/, and invalid plans with their expected errors.

An independent reading of docs/plan-compilation.md (and of the plan format and the protocol
reference, vectors/reference/protocols.md): every expected call, calldata byte and transaction below is built
here with eth-abi 6.0.0 / eth-utils 6.0.0 and signed with eth-account 0.14.0 — never by running
Ballast. Deterministic: no clock, no randomness; signatures are RFC 6979 deterministic.

Writes:
  vectors/plans/<example>.expected.json   one per examples/<example>.json: the transactions
      (type, chainId, nonce, to, value, gas, fee fields, data, authorizations, raw, hash, from)
      and, per transaction, the tree of intended calls (target, canonical signature, args in the
      CLI's JSON value format, nested call lists); for `safe` mode the expected batch instead.
  vectors/plans/invalid/<name>.json        invalid plans, each derived from an example by one change;
  vectors/plans/invalid-plans.json         the error each must give: code and JSON path.
  vectors/plans/cases/<name>.expected.json the same as for an example, for each plan kept in
      vectors/plans/cases/ (forms no example shows: Morpho shares, a Balancer fee, Aave's
      half-up premium in eip7702 mode).
  vectors/plans/fees.json                  Aave and Balancer flash-loan fees on edge amounts.

Every example is also run through the checks written here (amount precision, flash-loan
coverage, guards); the generator stops if an example fails them or if an invalid plan does not
fail with exactly its expected code and path.

Where the docs leave something open, the choice taken is listed in vectors/plans/README.md
("Decisions"); the comments below name them D1, D2, ...

Run: .venv/bin/python vectors/gen_plans.py
"""
import copy
import json
import os
import re
import sys
from fractions import Fraction

import eth_abi
from eth_abi.grammar import parse as parse_abi_type
from eth_account import Account
from eth_utils import keccak, to_checksum_address, is_checksum_address

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
ABI_DIR = os.path.join(ROOT, "abi")
OUT = os.path.join(ROOT, "vectors", "plans")
INVALID = os.path.join(OUT, "invalid")
CASES = os.path.join(OUT, "cases")  # plans kept with the vectors (not examples), compiled the same way

# The widely published development key (Anvil/Hardhat account #0). Public: for tests only.
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
DEV_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"

UINT256_MAX = 2**256 - 1
GENERATOR = ("vectors/gen_plans.py (from docs/plan-compilation.md; eth-abi 6.0.0 encoding, "
             "eth-utils 6.0.0 keccak, eth-account 0.14.0 signing)")

# ---------------------------------------------------------------------------------------------
# Built-in books for chain 1 (vectors/reference/protocols.md §2.1). Only what the examples rely on.
# ---------------------------------------------------------------------------------------------
BOOK_TOKENS = {
    1: {
        "WETH": ("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", 18),
        "USDC": ("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", 6),
        "USDT": ("0xdAC17F958D2ee523a2206206994597C13D831ec7", 6),
        "DAI": ("0x6B175474E89094C44Da98b954EedeAC495271d0F", 18),
        "WBTC": ("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", 8),
    }
}
BOOK_PROTOCOLS = {
    1: {
        "aave-v3": {"pool": "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2"},
        "balancer-v2": {"vault": "0xBA12222222228d8Ba445958a75a0704d566BF2C8"},
        "morpho-blue": {"morpho": "0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb"},
        "uniswap-v3": {"router": "0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45"},
        "uniswap-v2": {"router": "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D"},
        "multicall3": {"address": "0xcA11bde05977b3631167028862bE2a173976CA11"},
        "permit2": {"address": "0x000000000022D473030F116dDEE9F6B43aC78BA3"},
        "safe": {"multiSend": "0x9641d764fc13c8B624c04430C7356C1C7C8102e2"},
    }
}
# The address field of each protocol entry, and the abi/ file a bare function name is looked up in.
PROTOCOL_FIELD = {"aave-v3": "pool", "balancer-v2": "vault", "morpho-blue": "morpho", "uniswap-v3": "router",
                  "uniswap-v2": "router", "multicall3": "address", "permit2": "address", "safe": "multiSend"}
PROTOCOL_ABI = {"aave-v3": "aave-v3-pool.json", "balancer-v2": "balancer-v2-vault.json",
                "morpho-blue": "morpho-blue.json", "uniswap-v3": "uniswap-v3-swaprouter02.json",
                "uniswap-v2": "uniswap-v2-router02.json", "multicall3": "multicall3.json",
                "permit2": "permit2.json", "weth": "weth9.json"}
HARVEST = {"yearn-v2": "harvest()", "yearn-v3": "report()", "beefy": "harvest()",
           "curve-gauge": "claim_rewards()", "convex": "getReward()"}
PROVIDERS = ("aave-v3", "balancer-v2", "morpho-blue")
MARKET = "(address,address,address,address,uint256)"
CALL_LIST = "(address,uint256,bytes)[]"
EXECUTE = f"execute({CALL_LIST})"



def read_gas_table():
    """Default gas limits from the table of docs/gas.md: name → default. Each row's default must
    be basis × headroom rounded up to a multiple of 10000 (exact when the headroom is 1)."""
    rows = {}
    with open(os.path.join(ROOT, "docs", "gas.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\| `([^`]+)` \| (\d+) \| ([0-9.]+) \| (\d+) \|", line)
            if not m:
                continue
            name, basis, headroom, default = m.group(1), int(m.group(2)), Fraction(m.group(3)), int(m.group(4))
            want = basis * headroom
            want = -(-want // 1)
            if headroom != 1:
                want = -(-want // 10000) * 10000
            if want != default:
                sys.exit(f"docs/gas.md: {name}: {basis} × {headroom} rounded up is {want}, not {default}")
            rows[name] = default
    return rows


# Gas defaults (docs/gas.md, referenced from docs/plan-compilation.md "Modes → transactions").
GAS_TABLE = read_gas_table()
GAS_DEFAULT = {k: GAS_TABLE[k] for k in ("call", "flashLoanRebalance", "harvest", "hedgeAdjust")}
EOA_GAS_APPROVE, EOA_GAS_OTHER = GAS_TABLE["eoa approve"], GAS_TABLE["eoa call"]
AUTH_DEFAULT_GAS = GAS_TABLE["authorization"]
AUTH_GAS = 25000  # EIP-7702 intrinsic cost per authorization (PER_EMPTY_ACCOUNT_COST)


def aave_premium(amount, bps):
    """Aave v3.2 FlashLoanLogic: amount.percentMul(premium) — PercentageMath.percentMul rounds
    half up: (amount × bps + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR, 5000 and 10000;
    reverts (None here) when amount × bps + 5000 does not fit in 256 bits."""
    if bps == 0:
        return 0
    if amount * bps + 5000 > UINT256_MAX:
        return None
    return (amount * bps + 5000) // 10000


def balancer_fee(amount, bps):
    """Balancer V2 Fees._calculateFlashLoanFeeAmount: FixedPoint.mulUp(amount, percentage), the
    percentage 18-decimal fixed point (bps × 1e14): 0 when the product is 0, else
    (product − 1) / 1e18 + 1; reverts (None here) when the product overflows."""
    product = amount * (bps * 10**14)
    if product > UINT256_MAX:
        return None
    return 0 if product == 0 else (product - 1) // 10**18 + 1
APPROVE_SELECTOR = keccak(text="approve(address,uint256)")[:4]


class PlanError(Exception):
    def __init__(self, code, at, message):
        super().__init__(f"{code} at {at}: {message}")
        self.code, self.at, self.message = code, at, message


# ---------------------------------------------------------------------------------------------
# Small parsers
# ---------------------------------------------------------------------------------------------
DEC_RE = re.compile(r"^([0-9]+)(?:\.([0-9]+))?$")
UNIT_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(wei|gwei|ether)?$")
UNITS = {"wei": 0, "gwei": 9, "ether": 18}


def parse_decimal(text, decimals, at):
    """Exact decimal string → base units; more fraction digits than `decimals` is refused."""
    if not isinstance(text, str):
        raise PlanError("invalid_amount", at, "an amount is a decimal string or {\"raw\": …}")
    m = DEC_RE.match(text)
    if not m:
        raise PlanError("invalid_amount", at, f"not a decimal amount: {text!r}")
    whole, frac = m.group(1), m.group(2) or ""
    if len(frac) > decimals:
        raise PlanError("amount_excess_precision", at,
                        f"{text!r} has {len(frac)} fraction digits; the token has {decimals} decimals")
    v = int(whole) * 10**decimals + (int(frac) * 10 ** (decimals - len(frac)) if frac else 0)
    if v > UINT256_MAX:
        raise PlanError("invalid_amount", at, "amount exceeds uint256")
    return v


def parse_wei(v, at):
    """Fees, values and maxValue: JSON integer or digit string = wei; units wei/gwei/ether."""
    if isinstance(v, bool):
        raise PlanError("invalid_amount", at, "not an amount")
    if isinstance(v, int):
        if v < 0 or v > UINT256_MAX:
            raise PlanError("invalid_amount", at, "out of range")
        return v
    if not isinstance(v, str):
        raise PlanError("invalid_amount", at, "not an amount")
    m = UNIT_RE.match(v.strip())
    if not m:
        raise PlanError("invalid_amount", at, f"not an amount: {v!r}")
    num, unit = m.group(1), m.group(2) or "wei"
    q = Fraction(num) * 10 ** UNITS[unit]
    if q.denominator != 1:
        raise PlanError("amount_excess_precision", at, f"{v!r} is not a whole number of wei")
    return int(q)


def parse_uint_json(v, at):
    if isinstance(v, bool):
        raise PlanError("invalid_value", at, "expected an integer")
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        if v.startswith("0x"):
            return int(v, 16)
        if re.fullmatch(r"-?[0-9]+", v):
            return int(v)
    raise PlanError("invalid_value", at, f"expected an integer, got {v!r}")


def addr(v, at):
    if not isinstance(v, str) or not re.fullmatch(r"0x[0-9a-fA-F]{40}", v):
        raise PlanError("invalid_address", at, f"not an address: {v!r}")
    body = v[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(v):
        raise PlanError("invalid_address", at, f"bad EIP-55 checksum: {v}")
    return to_checksum_address(v)


# ---------------------------------------------------------------------------------------------
# ABI helpers
# ---------------------------------------------------------------------------------------------
def split_top(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return out


def canonical_param(p):
    p = p.strip()
    p = re.sub(r"^tuple\(", "(", p)
    if p.startswith("("):
        depth = 0
        for i, ch in enumerate(p):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                inner, rest = p[1:i], p[i + 1:]
                break
        suffix = re.match(r"^((?:\[\d*\])*)", rest.strip()).group(1)
        return "(" + ",".join(canonical_param(x) for x in split_top(inner)) + ")" + suffix
    t = p.split()[0]
    t = re.sub(r"^uint(?=$|\[)", "uint256", t)
    t = re.sub(r"^int(?=$|\[)", "int256", t)
    return t


def parse_human_signature(text):
    """'function supply(address asset, uint256 amount) returns (bool)' → ('supply', [types])."""
    s = text.strip()
    if s.startswith("function "):
        s = s[len("function "):].strip()
    m = re.match(r"^([A-Za-z_$][A-Za-z0-9_$]*)\s*\(", s)
    if not m:
        return None
    name, depth, start = m.group(1), 0, m.end() - 1
    for i in range(start, len(s)):
        depth += s[i] == "("
        depth -= s[i] == ")"
        if depth == 0:
            inner = s[start + 1:i]
            break
    else:
        return None
    return name, [canonical_param(x) for x in split_top(inner)]


def abi_types_of(inputs):
    out = []
    for p in inputs:
        t = p["type"]
        if t.startswith("tuple"):
            out.append("(" + ",".join(abi_types_of(p["components"])) + ")" + t[len("tuple"):])
        else:
            out.append(t)
    return out


def lookup_function(protocol, name, at):
    fname = PROTOCOL_ABI.get(protocol)
    if fname is None:
        raise PlanError("unknown_function", at, f"no ABI for target {protocol!r}")
    with open(os.path.join(ABI_DIR, fname)) as f:
        entries = [e for e in json.load(f) if e.get("type") == "function" and e.get("name") == name]
    if len(entries) != 1:
        raise PlanError("unknown_function" if not entries else "ambiguous_function", at,
                        f"{name!r} in {fname}: {len(entries)} matches")
    return name, abi_types_of(entries[0]["inputs"])


def to_abi_value(t, v, at):
    """JSON value format (cli-contract.md) → eth-abi value for type t."""
    typ = parse_abi_type(t)
    if typ.is_array:
        inner = t[: t.rindex("[")]
        if not isinstance(v, list):
            raise PlanError("invalid_value", at, f"{t} needs an array")
        return [to_abi_value(inner, x, f"{at}[{i}]") for i, x in enumerate(v)]
    if t.startswith("("):
        comps = split_top(t[1:-1])
        if not isinstance(v, list) or len(v) != len(comps):
            raise PlanError("invalid_value", at, f"{t} needs {len(comps)} components")
        return tuple(to_abi_value(c, x, f"{at}[{i}]") for i, (c, x) in enumerate(zip(comps, v)))
    if t == "address":
        return addr(v, at)
    if t == "bool":
        if not isinstance(v, bool):
            raise PlanError("invalid_value", at, "expected true/false")
        return v
    if t.startswith("uint") or t.startswith("int"):
        return parse_uint_json(v, at)
    if t.startswith("bytes"):
        return bytes.fromhex(v[2:])
    if t == "string":
        return v
    raise PlanError("invalid_value", at, f"unsupported type {t}")


def to_json_value(t, v):
    """eth-abi value → JSON value format (decimal strings, checksummed addresses, 0x hex)."""
    typ = parse_abi_type(t)
    if typ.is_array:
        inner = t[: t.rindex("[")]
        return [to_json_value(inner, x) for x in v]
    if t.startswith("("):
        return [to_json_value(c, x) for c, x in zip(split_top(t[1:-1]), v)]
    if t == "address":
        return to_checksum_address(v)
    if t == "bool":
        return bool(v)
    if t.startswith("uint") or t.startswith("int"):
        return str(v)
    if t.startswith("bytes"):
        return "0x" + bytes(v).hex()
    return v


# ---------------------------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------------------------
class Call:
    """One call: target, native value, function (canonical), typed arguments, and for execute /
    flash-loan calls the nested call list (in argument `nested_arg`)."""

    def __init__(self, to, name, types, args, value=0, origin="", nested=None, nested_arg=None, nested_form=None):
        self.to = to_checksum_address(to)
        self.name, self.types, self.args = name, list(types), list(args)
        self.value, self.origin = value, origin
        self.nested, self.nested_arg, self.nested_form = nested, nested_arg, nested_form

    @property
    def signature(self):
        return f"{self.name}({','.join(self.types)})"

    @property
    def selector(self):
        return keccak(text=self.signature)[:4]

    @property
    def data(self):
        return self.selector + eth_abi.encode(self.types, self.args)

    def tree(self):
        node = {"to": self.to, "value": str(self.value), "selector": "0x" + self.selector.hex(),
                "function": self.signature,
                "args": [to_json_value(t, a) for t, a in zip(self.types, self.args)]}
        if self.origin:
            node["origin"] = self.origin
        if self.nested is not None:
            node["nested"] = {"arg": self.nested_arg, "form": self.nested_form}
            node["calls"] = [c.tree() for c in self.nested]
        return node

    def all_calls(self):
        yield self
        for c in self.nested or []:
            yield from c.all_calls()


def call_tuples(calls):
    return [(c.to, c.value, c.data) for c in calls]


def encode_call_list(calls):
    """abi.encode((address,uint256,bytes)[]) — the flash-loan callback data."""
    return eth_abi.encode([CALL_LIST], [call_tuples(calls)])


# ---------------------------------------------------------------------------------------------
# The compiler (an independent reading of docs/plan-compilation.md)
# ---------------------------------------------------------------------------------------------
class Compiler:
    def __init__(self, plan):
        self.p = plan
        self.at = ""
        self.chain = plan.get("chainId")
        if not isinstance(self.chain, int) or isinstance(self.chain, bool) or self.chain <= 0:
            raise PlanError("invalid_value" if "chainId" in plan else "missing_field", "chainId", "chainId")
        if plan.get("version") != 1:
            raise PlanError("unsupported_version" if "version" in plan else "missing_field", "version", "version 1")
        self.account = addr(self.req(plan, "account", "account"), "account")
        ex = self.req(plan, "execution", "execution")
        self.mode = self.req(ex, "mode", "execution.mode")
        if self.mode not in ("eoa", "executor", "eip7702", "safe"):
            raise PlanError("invalid_value", "execution.mode", f"unknown mode {self.mode!r}")
        if self.mode == "executor":
            self.actor = addr(self.req(ex, "executor", "execution.executor"), "execution.executor")
        elif self.mode == "safe":
            self.actor = addr(self.req(ex, "safe", "execution.safe"), "execution.safe")
        else:
            self.actor = self.account
        if self.mode == "eip7702":
            self.delegate = addr(self.req(ex, "delegate", "execution.delegate"), "execution.delegate")
            self.authorize = ex.get("authorize", False) is True
        else:
            self.authorize = False
        self.tokens = {}
        for sym, t in (plan.get("tokens") or {}).items():
            a = addr(t.get("address"), f"tokens.{sym}.address")
            self.tokens[sym] = (a, t.get("decimals"))
        self.protocols = copy.deepcopy(BOOK_PROTOCOLS.get(self.chain, {}))
        for name, entry in (plan.get("protocols") or {}).items():
            self.protocols.setdefault(name, {}).update(entry)
        self.guards = plan.get("guards") or {}

    @staticmethod
    def req(obj, key, at):
        if not isinstance(obj, dict) or key not in obj:
            raise PlanError("missing_field", at, f"{at} is required")
        return obj[key]

    # -- books ----------------------------------------------------------------------------
    def token(self, ref, at):
        """Symbol (plan tokens, then the book; exact case) or address → (address, decimals|None)."""
        if isinstance(ref, str) and ref.startswith("0x"):
            a = addr(ref, at)
            for ta, td in list(self.tokens.values()) + list(BOOK_TOKENS.get(self.chain, {}).values()):
                if ta.lower() == a.lower():
                    return a, td
            return a, None
        if isinstance(ref, str):
            if ref in self.tokens:
                return self.tokens[ref]
            if ref in BOOK_TOKENS.get(self.chain, {}):
                return BOOK_TOKENS[self.chain][ref]
        raise PlanError("unknown_token", at, f"unknown token {ref!r}")

    def weth(self, at):
        return self.token("WETH", at)[0]

    def protocol(self, name, at):
        if name == "weth":
            return self.weth(at)
        field = PROTOCOL_FIELD.get(name)
        entry = self.protocols.get(name)
        if field is None or not entry or field not in entry:
            raise PlanError("unknown_protocol", at, f"unknown protocol {name!r}")
        return addr(entry[field], at)

    def target(self, ref, at):
        """A call target: an address or a protocol name."""
        if isinstance(ref, str) and ref.startswith("0x"):
            return addr(ref, at)
        if isinstance(ref, str) and ref != "weth" and ref not in PROTOCOL_FIELD:
            return self.token(ref, at)[0]  # a token symbol (an extension: call targets, allowedTargets)
        return self.protocol(ref, at)

    def amount(self, v, token_ref, at, decimals=None):
        if isinstance(v, dict):
            if set(v) != {"raw"}:
                raise PlanError("invalid_amount", at, "only {\"raw\": …}")
            r = v["raw"]
            if not isinstance(r, str) or not r.isdigit():
                raise PlanError("invalid_amount", f"{at}.raw", "raw amount is a digit string")
            return int(r)
        if decimals is None:
            decimals = self.token(token_ref, at)[1]
        if decimals is None:
            raise PlanError("unknown_decimals", at, "token decimals unknown: give them in tokens or use {\"raw\": …}")
        return parse_decimal(v, decimals, at)

    # -- steps → calls ---------------------------------------------------------------------
    def approve(self, token, spender, amount, origin):
        return Call(token, "approve", ["address", "uint256"], [spender, amount], origin=origin)

    def market(self, m, at):
        if not isinstance(m, dict):
            raise PlanError("missing_field", at, "market params")
        loan = self.token(self.req(m, "loanToken", f"{at}.loanToken"), f"{at}.loanToken")
        coll = self.token(self.req(m, "collateralToken", f"{at}.collateralToken"), f"{at}.collateralToken")
        oracle = addr(self.req(m, "oracle", f"{at}.oracle"), f"{at}.oracle")
        irm = addr(self.req(m, "irm", f"{at}.irm"), f"{at}.irm")
        lltv = parse_uint_json(self.req(m, "lltv", f"{at}.lltv"), f"{at}.lltv")
        return (loan[0], coll[0], oracle, irm, lltv), loan, coll

    def swap_path(self, step, at):
        path = self.req(step, "path", f"{at}.path")
        venue = step.get("venue")
        if venue == "uniswap-v3":
            if not isinstance(path, list) or len(path) < 3 or len(path) % 2 == 0:
                raise PlanError("invalid_value", f"{at}.path", "token, fee, token, …")
            toks = [self.token(path[i], f"{at}.path[{i}]") for i in range(0, len(path), 2)]
            fees = [path[i] for i in range(1, len(path), 2)]
            for j, f in enumerate(fees):
                if not isinstance(f, int) or isinstance(f, bool) or not (0 <= f < 2**24):
                    raise PlanError("invalid_value", f"{at}.path[{2 * j + 1}]", "fee tier is a uint24")
            return toks, fees
        if venue == "uniswap-v2":
            if not isinstance(path, list) or len(path) < 2:
                raise PlanError("invalid_value", f"{at}.path", "at least two tokens")
            return [self.token(t, f"{at}.path[{i}]") for i, t in enumerate(path)], None
        raise PlanError("unknown_protocol", f"{at}.venue", f"unknown swap venue {venue!r}")

    def swap(self, step, at, flows):
        """flows: dict address → Fraction-free int net (receipts − spends) for the coverage check."""
        venue = step.get("venue")
        toks, fees = self.swap_path(step, at)
        t_in, t_out = toks[0], toks[-1]
        recipient = addr(step["recipient"], f"{at}.recipient") if "recipient" in step else self.actor
        exact_out = "amountOut" in step
        if exact_out:
            amount_out = self.amount(step["amountOut"], None, f"{at}.amountOut", decimals=self.dec(t_out, f"{at}.amountOut"))
            bound = self.amount(self.req(step, "maxAmountIn", f"{at}.maxAmountIn"), None, f"{at}.maxAmountIn",
                                decimals=self.dec(t_in, f"{at}.maxAmountIn"))
            pulled = bound
        else:
            amount_in = self.amount(self.req(step, "amountIn", f"{at}.amountIn"), None, f"{at}.amountIn",
                                    decimals=self.dec(t_in, f"{at}.amountIn"))
            bound = self.amount(self.req(step, "minAmountOut", f"{at}.minAmountOut"), None, f"{at}.minAmountOut",
                                decimals=self.dec(t_out, f"{at}.minAmountOut"))
            pulled = amount_in
        calls = []
        if venue == "uniswap-v3":
            router = self.protocol("uniswap-v3", f"{at}.venue")
            calls.append(self.approve(t_in[0], router, pulled, f"{at}.approve"))
            if len(toks) == 2:
                fee = fees[0]
                if exact_out:
                    calls.append(Call(router, "exactOutputSingle", ["(address,address,uint24,address,uint256,uint256,uint160)"],
                                      [(t_in[0], t_out[0], fee, recipient, amount_out, bound, 0)], origin=at))
                else:
                    calls.append(Call(router, "exactInputSingle", ["(address,address,uint24,address,uint256,uint256,uint160)"],
                                      [(t_in[0], t_out[0], fee, recipient, amount_in, bound, 0)], origin=at))
            else:
                seq = [t[0] for t in toks]
                if exact_out:  # exactOutput takes the path reversed (tokenOut first)
                    seq, fs = seq[::-1], fees[::-1]
                else:
                    fs = fees
                path = bytes.fromhex(seq[0][2:])
                for f, t in zip(fs, seq[1:]):
                    path += f.to_bytes(3, "big") + bytes.fromhex(t[2:])
                if exact_out:
                    calls.append(Call(router, "exactOutput", ["(bytes,address,uint256,uint256)"],
                                      [(path, recipient, amount_out, bound)], origin=at))
                else:
                    calls.append(Call(router, "exactInput", ["(bytes,address,uint256,uint256)"],
                                      [(path, recipient, amount_in, bound)], origin=at))
            if exact_out:
                # The router pulls only what it needs: the rest of maxAmountIn is reset to 0.
                calls.append(self.approve(t_in[0], router, 0, f"{at}.reset"))
        else:  # uniswap-v2
            if exact_out:
                raise PlanError("invalid_value", f"{at}.amountOut", "uniswap-v2 swaps are exact-input")
            router = self.protocol("uniswap-v2", f"{at}.venue")
            deadline = step.get("deadline", self.p.get("deadline", UINT256_MAX))
            deadline = parse_uint_json(deadline, f"{at}.deadline")
            calls.append(self.approve(t_in[0], router, amount_in, f"{at}.approve"))
            calls.append(Call(router, "swapExactTokensForTokens", ["uint256", "uint256", "address[]", "address", "uint256"],
                              [amount_in, bound, [t[0] for t in toks], recipient, deadline], origin=at))
        # Coverage: guaranteed receipt = minAmountOut or exact amountOut; spend = amountIn / maxAmountIn.
        flows[t_in[0]] = flows.get(t_in[0], 0) - pulled
        flows[t_out[0]] = flows.get(t_out[0], 0) + (amount_out if exact_out else bound)
        self.swaps.append({"at": at, "in": t_in[0], "out": t_out[0], "exactOut": exact_out,
                           "amountIn": None if exact_out else amount_in, "minAmountOut": None if exact_out else bound,
                           "amountOut": amount_out if exact_out else None, "maxAmountIn": bound if exact_out else None})
        return calls

    def aave_all(self, op, step, at, pool, tok, rcpt, flows, aave_effects):
        """"amount": "all" (plan-format.md, "Closing a position exactly"): Aave's type(uint256).max."""
        if op == "repay":
            mx = self.amount(self.req(step, "maxAmount", f"{at}.maxAmount"), None, f"{at}.maxAmount",
                             decimals=self.dec(tok, f"{at}.maxAmount"))
            flows[tok[0]] = flows.get(tok[0], 0) - mx           # counts as maxAmount spent
            aave_effects.append(("repay", tok[0], mx))           # the debt falls by at most maxAmount
            return [self.approve(tok[0], pool, mx, f"{at}.approve"),
                    Call(pool, "repay", ["address", "uint256", "uint256", "address"],
                         [tok[0], UINT256_MAX, 2, self.actor], origin=at),
                    self.approve(tok[0], pool, 0, f"{at}.reset")]
        if op == "withdraw":
            mn = self.amount(self.req(step, "minAmount", f"{at}.minAmount"), None, f"{at}.minAmount",
                             decimals=self.dec(tok, f"{at}.minAmount"))
            if rcpt == self.actor:
                flows[tok[0]] = flows.get(tok[0], 0) + mn        # counts as minAmount received
            aave_effects.append(("withdraw", tok[0], mn))        # guards: counts as minAmount received
            return [Call(pool, "withdraw", ["address", "uint256", "address"], [tok[0], UINT256_MAX, rcpt], origin=at)]
        raise PlanError("invalid_amount", f"{at}.amount", f"\"all\" is not an amount for {op}")

    def dec(self, tok, at):
        if tok[1] is None:
            raise PlanError("unknown_decimals", at, "token decimals unknown")
        return tok[1]

    def step(self, step, at, flows, aave_effects):
        op = self.req(step, "op", f"{at}.op")
        rcpt = addr(step["recipient"], f"{at}.recipient") if "recipient" in step else self.actor
        if op == "approve":
            tok = self.token(self.req(step, "token", f"{at}.token"), f"{at}.token")
            spender = self.target(self.req(step, "spender", f"{at}.spender"), f"{at}.spender")
            amt = self.amount(self.req(step, "amount", f"{at}.amount"), None, f"{at}.amount", decimals=self.dec(tok, f"{at}.amount"))
            return [self.approve(tok[0], spender, amt, at)]
        if op == "transfer":
            tok = self.token(self.req(step, "token", f"{at}.token"), f"{at}.token")
            to = addr(self.req(step, "to", f"{at}.to"), f"{at}.to")
            amt = self.amount(self.req(step, "amount", f"{at}.amount"), None, f"{at}.amount", decimals=self.dec(tok, f"{at}.amount"))
            flows[tok[0]] = flows.get(tok[0], 0) - amt
            return [Call(tok[0], "transfer", ["address", "uint256"], [to, amt], origin=at)]
        if op == "wrap":
            amt = self.amount(self.req(step, "amount", f"{at}.amount"), None, f"{at}.amount", decimals=18)
            return [Call(self.weth(at), "deposit", [], [], value=amt, origin=at)]
        if op == "unwrap":
            amt = self.amount(self.req(step, "amount", f"{at}.amount"), None, f"{at}.amount", decimals=18)
            return [Call(self.weth(at), "withdraw", ["uint256"], [amt], origin=at)]
        if op in ("supply", "withdraw", "borrow", "repay"):
            proto = self.req(step, "protocol", f"{at}.protocol")
            if proto == "aave-v3":
                pool = self.protocol("aave-v3", f"{at}.protocol")
                tok = self.token(self.req(step, "token", f"{at}.token"), f"{at}.token")
                if step.get("amount") == "all":
                    return self.aave_all(op, step, at, pool, tok, rcpt, flows, aave_effects)
                for k in ("maxAmount", "minAmount"):
                    if k in step:
                        raise PlanError("field_not_allowed", f"{at}.{k}", f"{k} bounds an \"all\" amount only")
                amt = self.amount(self.req(step, "amount", f"{at}.amount"), None, f"{at}.amount", decimals=self.dec(tok, f"{at}.amount"))
                aave_effects.append((op, tok[0], amt))
                if op == "supply":
                    flows[tok[0]] = flows.get(tok[0], 0) - amt
                    return [self.approve(tok[0], pool, amt, f"{at}.approve"),
                            Call(pool, "supply", ["address", "uint256", "address", "uint16"], [tok[0], amt, self.actor, 0], origin=at)]
                if op == "withdraw":
                    flows[tok[0]] = flows.get(tok[0], 0) + amt
                    return [Call(pool, "withdraw", ["address", "uint256", "address"], [tok[0], amt, rcpt], origin=at)]
                if op == "borrow":
                    flows[tok[0]] = flows.get(tok[0], 0) + amt
                    return [Call(pool, "borrow", ["address", "uint256", "uint256", "uint16", "address"],
                                 [tok[0], amt, 2, 0, self.actor], origin=at)]
                flows[tok[0]] = flows.get(tok[0], 0) - amt
                return [self.approve(tok[0], pool, amt, f"{at}.approve"),
                        Call(pool, "repay", ["address", "uint256", "uint256", "address"], [tok[0], amt, 2, self.actor], origin=at)]
            if proto == "morpho-blue":
                morpho = self.protocol("morpho-blue", f"{at}.protocol")
                mp, loan, coll = self.market(self.req(step, "market", f"{at}.market"), f"{at}.market")
                # D5: supply/withdraw move collateral (collateral-token units); borrow/repay the loan token.
                tok = coll if op in ("supply", "withdraw") else loan
                if op == "repay" and "shares" in step:
                    # Borrow shares repaid in full: approve maxAmount, repay(market, 0, shares, …), reset.
                    shares = step["shares"]
                    if not isinstance(shares, str) or not shares.isdigit():
                        raise PlanError("invalid_amount", f"{at}.shares", "shares are a digit string")
                    mx = self.amount(self.req(step, "maxAmount", f"{at}.maxAmount"), None, f"{at}.maxAmount",
                                     decimals=self.dec(tok, f"{at}.maxAmount"))
                    flows[tok[0]] = flows.get(tok[0], 0) - mx
                    return [self.approve(tok[0], morpho, mx, f"{at}.approve"),
                            Call(morpho, "repay", [MARKET, "uint256", "uint256", "address", "bytes"],
                                 [mp, 0, int(shares), self.actor, b""], origin=at),
                            self.approve(tok[0], morpho, 0, f"{at}.reset")]
                if step.get("amount") == "all":
                    raise PlanError("invalid_amount", f"{at}.amount", "\"all\" is for aave-v3 repay and withdraw only")
                amt = self.amount(self.req(step, "amount", f"{at}.amount"), None, f"{at}.amount", decimals=self.dec(tok, f"{at}.amount"))
                if op == "supply":
                    flows[tok[0]] = flows.get(tok[0], 0) - amt
                    return [self.approve(tok[0], morpho, amt, f"{at}.approve"),
                            Call(morpho, "supplyCollateral", [MARKET, "uint256", "address", "bytes"], [mp, amt, self.actor, b""], origin=at)]
                if op == "withdraw":
                    flows[tok[0]] = flows.get(tok[0], 0) + amt
                    return [Call(morpho, "withdrawCollateral", [MARKET, "uint256", "address", "address"], [mp, amt, self.actor, rcpt], origin=at)]
                if op == "borrow":
                    flows[tok[0]] = flows.get(tok[0], 0) + amt
                    return [Call(morpho, "borrow", [MARKET, "uint256", "uint256", "address", "address"], [mp, amt, 0, self.actor, rcpt], origin=at)]
                flows[tok[0]] = flows.get(tok[0], 0) - amt
                return [self.approve(tok[0], morpho, amt, f"{at}.approve"),
                        Call(morpho, "repay", [MARKET, "uint256", "uint256", "address", "bytes"], [mp, amt, 0, self.actor, b""], origin=at)]
            raise PlanError("unknown_protocol", f"{at}.protocol", f"unknown protocol {proto!r}")
        if op == "deposit":
            vault = addr(self.req(step, "vault", f"{at}.vault"), f"{at}.vault")
            tok = self.token(self.req(step, "token", f"{at}.token"), f"{at}.token")
            amt = self.amount(self.req(step, "amount", f"{at}.amount"), None, f"{at}.amount", decimals=self.dec(tok, f"{at}.amount"))
            flows[tok[0]] = flows.get(tok[0], 0) - amt
            return [self.approve(tok[0], vault, amt, f"{at}.approve"),
                    Call(vault, "deposit", ["uint256", "address"], [amt, rcpt], origin=at)]
        if op == "redeem":
            vault = addr(self.req(step, "vault", f"{at}.vault"), f"{at}.vault")
            shares_v = self.req(step, "shares", f"{at}.shares")
            shares = self.amount(shares_v, vault, f"{at}.shares")  # D6: vault decimals from tokens, else raw
            return [Call(vault, "redeem", ["uint256", "address", "address"], [shares, rcpt, self.actor], origin=at)]
        if op == "swap":
            return self.swap(step, at, flows)
        if op == "call":
            return [self.generic_call(step, at)]
        raise PlanError("invalid_value", f"{at}.op", f"unknown step op {op!r}")

    def generic_call(self, c, at):
        to_ref = self.req(c, "to", f"{at}.to")
        to = self.target(to_ref, f"{at}.to")
        fn = self.req(c, "function", f"{at}.function")
        parsed = parse_human_signature(fn) if "(" in fn else None
        if parsed is None:
            if isinstance(to_ref, str) and to_ref.startswith("0x"):
                raise PlanError("unknown_function", f"{at}.function", "a bare name needs a protocol-name target")
            parsed = lookup_function(to_ref, fn, f"{at}.function")
        name, types = parsed
        args = c.get("args", [])
        if not isinstance(args, list) or len(args) != len(types):
            raise PlanError("invalid_value", f"{at}.args", f"{name} takes {len(types)} arguments")
        vals = [to_abi_value(t, a, f"{at}.args[{i}]") for i, (t, a) in enumerate(zip(types, args))]
        value = parse_wei(c.get("value", "0"), f"{at}.value")
        return Call(to, name, types, vals, value=value, origin=at)

    # -- actions --------------------------------------------------------------------------
    def action(self, i, a):
        at = f"actions[{i}]"
        kind = self.req(a, "kind", f"{at}.kind")
        aave_effects = []
        if kind == "call":
            return [self.generic_call(a, at)], aave_effects
        if kind == "harvest":
            proto = self.req(a, "protocol", f"{at}.protocol")
            if proto not in HARVEST:
                raise PlanError("unknown_protocol", f"{at}.protocol", f"unknown harvest protocol {proto!r}")
            target = addr(self.req(a, "target", f"{at}.target"), f"{at}.target")
            fn = HARVEST[proto]
            calls = [Call(target, fn[:-2], [], [], origin=at)]
            flows = {}
            for j, s in enumerate(a.get("compound") or []):
                calls += self.step(s, f"{at}.compound[{j}]", flows, aave_effects)
            return calls, aave_effects
        if kind == "hedgeAdjust":
            return self.hedge(a, at, aave_effects), aave_effects
        if kind == "flashLoanRebalance":
            return [self.flash(a, at, aave_effects)], aave_effects
        raise PlanError("invalid_value", f"{at}.kind", f"unknown action kind {kind!r}")

    def hedge(self, a, at, aave_effects):
        if a.get("venue") != "aave-v3":
            raise PlanError("unknown_protocol", f"{at}.venue", "hedgeAdjust venue must be aave-v3")
        pool = self.protocol("aave-v3", f"{at}.venue")
        asset = self.token(self.req(a, "asset", f"{at}.asset"), f"{at}.asset")
        quote = self.token(self.req(a, "quote", f"{at}.quote"), f"{at}.quote")
        sw = self.req(a, "swap", f"{at}.swap")
        if sw.get("venue") != "uniswap-v3":
            raise PlanError("unknown_protocol", f"{at}.swap.venue", "hedge swaps use uniswap-v3")
        router = self.protocol("uniswap-v3", f"{at}.swap.venue")
        fee = self.req(sw, "fee", f"{at}.swap.fee")
        change = self.req(a, "change", f"{at}.change")
        if not isinstance(change, str) or not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", change):
            raise PlanError("invalid_amount", f"{at}.change", "signed decimal string")
        neg = change.startswith("-")
        mag = parse_decimal(change.lstrip("+-"), asset[1], f"{at}.change")
        if mag == 0:
            raise PlanError("invalid_amount", f"{at}.change", "change must not be zero")
        S = "(address,address,uint24,address,uint256,uint256,uint160)"
        if neg:
            mino = self.amount(self.req(sw, "minAmountOut", f"{at}.swap.minAmountOut"), None,
                               f"{at}.swap.minAmountOut", decimals=quote[1])
            aave_effects += [("borrow", asset[0], mag), ("supply", quote[0], mino)]
            self.swaps.append({"at": f"{at}.swap", "in": asset[0], "out": quote[0], "exactOut": False,
                               "amountIn": mag, "minAmountOut": mino})
            return [
                Call(pool, "borrow", ["address", "uint256", "uint256", "uint16", "address"], [asset[0], mag, 2, 0, self.actor], origin=f"{at}.borrow"),
                self.approve(asset[0], router, mag, f"{at}.swap.approve"),
                Call(router, "exactInputSingle", [S], [(asset[0], quote[0], fee, self.actor, mag, mino, 0)], origin=f"{at}.swap"),
                self.approve(quote[0], pool, mino, f"{at}.supply.approve"),
                Call(pool, "supply", ["address", "uint256", "address", "uint16"], [quote[0], mino, self.actor, 0], origin=f"{at}.supply"),
            ]
        maxi = self.amount(self.req(sw, "maxAmountIn", f"{at}.swap.maxAmountIn"), None,
                           f"{at}.swap.maxAmountIn", decimals=quote[1])
        aave_effects += [("withdraw", quote[0], maxi), ("repay", asset[0], mag)]
        self.swaps.append({"at": f"{at}.swap", "in": quote[0], "out": asset[0], "exactOut": True,
                           "amountOut": mag, "maxAmountIn": maxi})
        return [
            Call(pool, "withdraw", ["address", "uint256", "address"], [quote[0], maxi, self.actor], origin=f"{at}.withdraw"),
            self.approve(quote[0], router, maxi, f"{at}.swap.approve"),
            Call(router, "exactOutputSingle", [S], [(quote[0], asset[0], fee, self.actor, mag, maxi, 0)], origin=f"{at}.swap"),
            self.approve(quote[0], router, 0, f"{at}.swap.reset"),
            self.approve(asset[0], pool, mag, f"{at}.repay.approve"),
            Call(pool, "repay", ["address", "uint256", "uint256", "address"], [asset[0], mag, 2, self.actor], origin=f"{at}.repay"),
        ]

    def flash(self, a, at, aave_effects):
        if self.mode == "eoa":
            raise PlanError("flash_loan_in_eoa_mode", at, "flash loans need an executor (atomic callback)")
        if self.mode == "safe":
            raise PlanError("flash_loan_in_safe_mode", at, "a Safe batch cannot receive a flash-loan callback")
        provider = self.req(a, "provider", f"{at}.provider")
        if provider not in PROVIDERS:
            raise PlanError("unknown_protocol", f"{at}.provider", f"unknown flash-loan provider {provider!r}")
        lender = self.protocol(provider, f"{at}.provider")
        loans_in = self.req(a, "loans", f"{at}.loans")
        if not isinstance(loans_in, list) or not loans_in:
            raise PlanError("missing_field", f"{at}.loans", "at least one loan")
        loans = []
        for j, l in enumerate(loans_in):
            tok = self.token(self.req(l, "token", f"{at}.loans[{j}].token"), f"{at}.loans[{j}].token")
            amt = self.amount(self.req(l, "amount", f"{at}.loans[{j}].amount"), None, f"{at}.loans[{j}].amount",
                              decimals=self.dec(tok, f"{at}.loans[{j}].amount"))
            loans.append((j, tok[0], amt))
        if "premiumBps" in a and provider != "aave-v3":
            raise PlanError("field_not_allowed", f"{at}.premiumBps", "premiumBps is for aave-v3")
        if "feeBps" in a and provider != "balancer-v2":
            raise PlanError("field_not_allowed", f"{at}.feeBps", "feeBps is for balancer-v2")
        bps = a.get("premiumBps", 5) if provider == "aave-v3" else a.get("feeBps", 0) if provider == "balancer-v2" else 0
        if provider == "balancer-v2" and not (isinstance(bps, int) and 0 <= bps <= 100):
            # ProtocolFeesCollector: _MAX_PROTOCOL_FLASH_LOAN_FEE_PERCENTAGE = 1e16 (1%, 100 bps).
            raise PlanError("out_of_range", f"{at}.feeBps", "the Vault's flash-loan fee is at most 1% (100 bps)")
        fee_of = aave_premium if provider == "aave-v3" else balancer_fee if provider == "balancer-v2" else (lambda m, b: 0)
        flows, calls = {}, []
        for k, s in enumerate(self.req(a, "steps", f"{at}.steps")):
            calls += self.step(s, f"{at}.steps[{k}]", flows, aave_effects)
        # Coverage (per borrowed token): loan + receipts − spends ≥ amount + premium.
        owed = {}
        for j, tok, amt in loans:
            owed.setdefault(tok, [j, 0, 0])
            owed[tok][1] += amt
            owed[tok][2] += amt + fee_of(amt, bps)
        for tok, (j, total, need) in owed.items():
            if total + flows.get(tok, 0) < need:
                raise PlanError("flash_loan_uncovered", f"{at}.loans[{j}]",
                                f"{tok}: loan {total} + steps {flows.get(tok, 0)} < repayment {need}")
        cb = None
        if provider == "aave-v3":
            for j, tok, amt in loans:
                calls.append(self.approve(tok, lender, amt + aave_premium(amt, bps), f"{at}.repayment[{j}]"))
            data_calls = calls
            cb = Call(lender, "flashLoan", ["address", "address[]", "uint256[]", "uint256[]", "address", "bytes", "uint16"],
                      [self.actor, [t for _, t, _ in loans], [m for _, _, m in loans], [0] * len(loans), self.actor,
                       encode_call_list(data_calls), 0], origin=at, nested=data_calls, nested_arg=5, nested_form="bytes")
        elif provider == "balancer-v2":
            srt = sorted(loans, key=lambda x: int(x[1], 16))
            for x, y in zip(srt, srt[1:]):
                if x[1].lower() == y[1].lower():
                    raise PlanError("duplicate_token", f"{at}.loans[{y[0]}].token", "Balancer loans must be distinct tokens")
            # D3: repayment transfers follow the Vault's (sorted) token order; amount + fee (mulUp).
            for j, tok, amt in srt:
                calls.append(Call(tok, "transfer", ["address", "uint256"], [lender, amt + balancer_fee(amt, bps)],
                                  origin=f"{at}.repayment[{j}]"))
            cb = Call(lender, "flashLoan", ["address", "address[]", "uint256[]", "bytes"],
                      [self.actor, [t for _, t, _ in srt], [m for _, _, m in srt], encode_call_list(calls)],
                      origin=at, nested=calls, nested_arg=3, nested_form="bytes")
        else:
            if len(loans) != 1:
                raise PlanError("invalid_value", f"{at}.loans", "morpho-blue lends exactly one token")
            j, tok, amt = loans[0]
            calls.append(self.approve(tok, lender, amt, f"{at}.repayment[0]"))
            cb = Call(lender, "flashLoan", ["address", "uint256", "bytes"], [tok, amt, encode_call_list(calls)],
                      origin=at, nested=calls, nested_arg=2, nested_form="bytes")
        return cb

    # -- guards ----------------------------------------------------------------------------
    def price(self, tok_addr, at):
        for k, v in (self.guards.get("prices") or {}).items():
            if self.token(k, "guards.prices").__getitem__(0).lower() == tok_addr.lower():
                return Fraction(v)
        raise PlanError("guard_failed", at, f"maxSlippageBps: no price for {tok_addr}")

    def check_guards(self, i, a, calls, aave_effects, state):
        at, aid = f"actions[{i}]", a.get("id")
        g = self.guards
        if "maxSlippageBps" in g:
            bps = Fraction(g["maxSlippageBps"])
            if g.get("prices"):
                for s in self.swaps_by_action[i]:
                    pin, pout = self.price(s["in"], at), self.price(s["out"], at)
                    din, dout = self.decimals_of(s["in"]), self.decimals_of(s["out"])
                    if not s["exactOut"]:
                        implied = Fraction(s["amountIn"], 10**din) * pin / pout
                        if Fraction(s["minAmountOut"], 10**dout) < implied * (10000 - bps) / 10000:
                            raise PlanError("guard_failed", at, f"maxSlippageBps: {aid} {s['at']} minAmountOut below bound")
                    else:
                        implied = Fraction(s["amountOut"], 10**dout) * pout / pin
                        if Fraction(s["maxAmountIn"], 10**din) > implied * (10000 + bps) / 10000:
                            raise PlanError("guard_failed", at, f"maxSlippageBps: {aid} {s['at']} maxAmountIn above bound")
        if "maxValue" in g:
            mv = parse_wei(g["maxValue"], "guards.maxValue")
            for c in calls:
                for x in c.all_calls():
                    if x.value > mv:
                        raise PlanError("guard_failed", at, f"maxValue: {aid} sends {x.value} wei")
        if "allowedTargets" in g:
            allowed = {self.target(t, f"guards.allowedTargets[{k}]").lower() for k, t in enumerate(g["allowedTargets"])}
            for c in calls:
                for x in c.all_calls():
                    if x.to.lower() not in allowed:
                        raise PlanError("guard_failed", at, f"allowedTargets: {aid} calls {x.to}")
        if "minHealthFactor" in g and "position" in g:
            coll, debt = state
            for op, tok, amt in aave_effects:
                t = tok.lower()
                if op == "supply":
                    coll[t] = coll.get(t, 0) + amt
                elif op == "withdraw":
                    coll[t] = max(0, coll.get(t, 0) - amt)  # beyond the position leaves zero
                elif op == "borrow":
                    debt[t] = debt.get(t, 0) + amt
                else:
                    debt[t] = max(0, debt.get(t, 0) - amt)  # beyond the position leaves zero
            hf = self.health(coll, debt, at)
            if hf is not None and hf < Fraction(g["minHealthFactor"]):
                raise PlanError("guard_failed", at, f"minHealthFactor: {aid} leaves HF {float(hf):.4f}")

    def decimals_of(self, tok_addr):
        for a, d in list(self.tokens.values()) + list(BOOK_TOKENS.get(self.chain, {}).values()):
            if a.lower() == tok_addr.lower():
                return d
        raise PlanError("unknown_decimals", "guards", tok_addr)

    def health(self, coll, debt, at):
        pos = self.guards["position"]
        lts = {self.token(k, "guards.position").__getitem__(0).lower(): Fraction(v, 10000)
               for k, v in (pos.get("liquidationThresholdBps") or {}).items()}
        num = sum(Fraction(v, 10**self.decimals_of(t)) * self.price(t, at) * lts.get(t, 0)
                  for t, v in coll.items() if v)
        den = sum(Fraction(v, 10**self.decimals_of(t)) * self.price(t, at) for t, v in debt.items() if v)
        return None if den <= 0 else num / den

    def initial_position(self):
        pos = self.guards.get("position") or {}
        coll, debt = {}, {}
        for side, out in (("collateral", coll), ("debt", debt)):
            for k, v in (pos.get(side) or {}).items():
                tok = self.token(k, f"guards.position.{side}.{k}")
                out[tok[0].lower()] = parse_decimal(v, tok[1], f"guards.position.{side}.{k}")
        return coll, debt

    # -- whole plan ------------------------------------------------------------------------
    def compile(self):
        actions = self.req(self.p, "actions", "actions")
        seen = {}
        for i, a in enumerate(actions):
            aid = self.req(a, "id", f"actions[{i}].id")
            if aid in seen:
                raise PlanError("duplicate_id", f"actions[{i}].id", f"id {aid!r} already used by actions[{seen[aid]}]")
            seen[aid] = i
        out = []
        self.swaps_by_action = []
        state = self.initial_position()
        for i, a in enumerate(actions):
            self.swaps = []
            calls, effects = self.action(i, a)
            self.swaps_by_action.append(self.swaps)
            self.check_guards(i, a, calls, effects, state)
            out.append((a, calls))
        return out


# ---------------------------------------------------------------------------------------------
# Transactions
# ---------------------------------------------------------------------------------------------
def intrinsic(data, auths=0):
    z = data.count(0)
    nz = len(data) - z
    gas = 21000 + 4 * z + 16 * nz + AUTH_GAS * auths
    floor = 21000 + 10 * (z + 4 * nz)
    return max(gas, floor)


def fees_of(plan):
    f = Compiler.req(plan, "fees", "fees")
    if "gasPrice" in f:
        return {"type": 0, "gasPrice": parse_wei(f["gasPrice"], "fees.gasPrice")}
    return {"type": 2, "maxFeePerGas": parse_wei(Compiler.req(f, "maxFeePerGas", "fees.maxFeePerGas"), "fees.maxFeePerGas"),
            "maxPriorityFeePerGas": parse_wei(Compiler.req(f, "maxPriorityFeePerGas", "fees.maxPriorityFeePerGas"),
                                              "fees.maxPriorityFeePerGas")}


def build_transactions(c, compiled):
    plan = c.p
    fees = fees_of(plan)
    nonce = plan.get("nonce")
    if not isinstance(nonce, int) or isinstance(nonce, bool) or nonce < 0:
        raise PlanError("missing_field" if nonce is None else "invalid_value", "nonce", "nonce")
    if c.authorize and fees["type"] != 2:
        raise PlanError("invalid_value", "fees", "authorize needs 1559 fees")
    txs = []
    for i, (a, calls) in enumerate(compiled):
        explicit = a.get("gas")
        if c.mode == "eoa":
            units = [(x, [x]) for x in calls]  # every call its own transaction
        else:
            units = [(None, calls)]
        for single, group in units:
            if single is not None:
                to, value, data = single.to, single.value, single.data
                default = EOA_GAS_APPROVE if single.selector == APPROVE_SELECTOR else EOA_GAS_OTHER
                tree = [single.tree()]
            else:
                to = c.actor
                value = sum(x.value for x in group)
                data = keccak(text=EXECUTE)[:4] + eth_abi.encode([CALL_LIST], [call_tuples(group)])
                default = GAS_DEFAULT[a["kind"]]
                tree = [{"to": to_checksum_address(to), "value": str(value), "selector": "0x" + data[:4].hex(),
                         "function": EXECUTE, "args": [[[x.to, str(x.value), "0x" + x.data.hex()] for x in group]],
                         "origin": f"actions[{i}]", "nested": {"arg": 0, "form": "calls"},
                         "calls": [x.tree() for x in group]}]
            tx = {"type": fees["type"], "chainId": c.chain, "to": to_checksum_address(to), "value": value,
                  "data": "0x" + data.hex()}
            auths = 0
            if c.authorize and not txs:
                tx["type"] = 4
                auths = 1
                default += AUTH_DEFAULT_GAS
            if tx["type"] == 0:
                tx["gasPrice"] = fees["gasPrice"]
            else:
                tx["maxFeePerGas"], tx["maxPriorityFeePerGas"] = fees["maxFeePerGas"], fees["maxPriorityFeePerGas"]
            floor = intrinsic(data, auths)
            if explicit is not None:
                if explicit < floor:
                    raise PlanError("gas_below_intrinsic", f"actions[{i}].gas", f"{explicit} < intrinsic {floor}")
                gas = explicit
            else:
                gas = max(default, floor)
            tx["gas"] = gas
            txs.append({"id": a["id"], "action": i, "tx": tx, "tree": tree, "intrinsicGas": floor})
    # Nonces: consecutive; with authorize the type-4 tx uses nonce, its authorization nonce + 1,
    # and the next transaction nonce + 2.
    n = nonce
    for k, t in enumerate(txs):
        t["tx"]["nonce"] = n
        if k == 0 and c.authorize:
            t["authorization"] = {"chainId": c.chain, "address": c.delegate, "nonce": n + 1}
            n += 2
        else:
            n += 1
    return txs


def sign(t):
    tx = dict(t["tx"])
    if tx["type"] == 0:
        del tx["type"]
    else:
        tx["accessList"] = []
    if "authorization" in t:
        signed_auth = Account.sign_authorization(t["authorization"], DEV_KEY)
        tx["authorizationList"] = [signed_auth]
    signed = Account.sign_transaction(tx, DEV_KEY)
    raw = bytes(signed.raw_transaction)
    assert Account.recover_transaction(raw) == DEV_ADDRESS
    out = {"index": None, "id": t["id"], "type": t["tx"]["type"], "chainId": t["tx"]["chainId"],
           "nonce": t["tx"]["nonce"], "from": DEV_ADDRESS, "to": t["tx"]["to"], "value": str(t["tx"]["value"]),
           "gas": t["tx"]["gas"], "intrinsicGas": t["intrinsicGas"]}
    for k in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"):
        if k in t["tx"]:
            out[k] = str(t["tx"][k])
    out["data"] = t["tx"]["data"]
    if "authorization" in t:
        sa = tx["authorizationList"][0]
        out["authorizationList"] = [{"chainId": str(sa.chain_id), "address": to_checksum_address(sa.address),
                                     "nonce": str(sa.nonce), "yParity": sa.y_parity,
                                     "r": hex(sa.r), "s": hex(sa.s), "authority": DEV_ADDRESS}]
    out["raw"] = "0x" + raw.hex()
    out["hash"] = "0x" + keccak(raw).hex()
    out["calls"] = t["tree"]
    return out


def safe_batch(c, compiled):
    txs, trees = [], []
    for i, (a, calls) in enumerate(compiled):
        for x in calls:
            txs.append({"to": x.to, "value": str(x.value), "data": "0x" + x.data.hex()})
            trees.append(x.tree())
    packed = b""
    for x in txs:  # MultiSend packed form (protocols.md §1.12), for reference only
        d = bytes.fromhex(x["data"][2:])
        packed += b"\x00" + bytes.fromhex(x["to"][2:]) + int(x["value"]).to_bytes(32, "big") + len(d).to_bytes(32, "big") + d
    ms = c.protocol("safe", "protocols.safe")
    return {
        "batch": {"version": "1.0", "chainId": str(c.chain),
                  "meta": {"createdFromSafeAddress": c.actor},
                  "transactions": txs},
        "calls": trees,
        "multiSend": {"note": "informational, not checked: the call the Safe makes (DELEGATECALL) to "
                              "MultiSendCallOnly when it executes this batch",
                      "to": ms, "operation": 1,
                      "data": "0x" + (keccak(text="multiSend(bytes)")[:4] + eth_abi.encode(["bytes"], [packed])).hex()},
    }


def expected_for(name, plan, source=None):
    c = Compiler(plan)
    compiled = c.compile()
    out = {"generator": GENERATOR, "example": source or f"examples/{name}.json", "chainId": c.chain,
           "account": c.account, "mode": c.mode}
    if c.mode == "safe":
        out["safe"] = c.actor
        out.update(safe_batch(c, compiled))
        return out
    if c.mode in ("executor",):
        out["executor"] = c.actor
    if c.mode == "eip7702":
        out["delegate"] = c.delegate
        out["authorize"] = c.authorize
    txs = [sign(t) for t in build_transactions(c, compiled)]
    for k, t in enumerate(txs):
        t["index"] = k
    out["transactions"] = txs
    return out


def known_signatures():
    """Every function signature of abi/ with its selector, from vectors/selectors.json (which
    gen_selectors.py checks against protocols.md)."""
    with open(os.path.join(ROOT, "vectors", "selectors.json")) as f:
        doc = json.load(f)
    return {r["signature"]: r["selector"] for recs in doc["files"].values() for r in recs if r["kind"] == "function"}


def check_signatures(node, known, where):
    """Each call of an expected tree must be a function that abi/ declares, with the same selector."""
    sig = node["function"]
    if known.get(sig) != node["selector"]:
        sys.exit(f"{where}: {sig} {node['selector']} is not a function of abi/ (vectors/selectors.json)")
    for c in node.get("calls", []):
        check_signatures(c, known, where)


def check_plan(plan):
    """Runs compile + transaction building; returns the PlanError raised, or None."""
    try:
        c = Compiler(plan)
        compiled = c.compile()
        if c.mode != "safe":
            build_transactions(c, compiled)
    except PlanError as e:
        return e
    return None


# ---------------------------------------------------------------------------------------------
# Invalid plans: one change each to an example; the error each must give.
# ---------------------------------------------------------------------------------------------
def invalid_plans(ex):
    out = []

    def add(name, base, mutate, code, at, what, guard=None):
        p = copy.deepcopy(ex[base])
        mutate(p)
        entry = {"file": f"invalid/{name}.json", "base": f"examples/{base}.json", "code": code, "at": at,
                 "description": what}
        if guard:
            entry["guard"] = guard
            idx = int(re.match(r"actions\[(\d+)\]", at).group(1))
            entry["actionId"] = p["actions"][idx]["id"]
        out.append((name, p, entry))

    add("unknown-token", "demo", lambda p: p["actions"][0]["steps"][1].__setitem__("token", "WETHX"),
        "unknown_token", "actions[0].steps[1].token", "a step names a token that is neither in `tokens` nor in the book")
    add("unknown-token-case", "demo", lambda p: p["actions"][0]["loans"][0].__setitem__("token", "usdc"),
        "unknown_token", "actions[0].loans[0].token", "symbols match exactly (case-sensitive): `usdc` is not `USDC`")
    add("amount-excess-precision", "demo", lambda p: p["actions"][0]["steps"][0].__setitem__("amount", "250000.0000001"),
        "amount_excess_precision", "actions[0].steps[0].amount", "7 fraction digits for USDC (6 decimals)")
    add("amount-excess-precision-zeros", "demo", lambda p: p["actions"][0]["loans"][0].__setitem__("amount", "250000.0000000"),
        "amount_excess_precision", "actions[0].loans[0].amount", "extra fraction digits are refused even when they are zeros")
    add("duplicate-id", "demo", lambda p: p["actions"][1].__setitem__("id", "rebalance-1"),
        "duplicate_id", "actions[1].id", "two actions share the id `rebalance-1`")
    add("missing-executor", "demo", lambda p: p["execution"].pop("executor"),
        "missing_field", "execution.executor", "executor mode without `execution.executor`")
    add("missing-delegate", "eip7702-batch", lambda p: p["execution"].pop("delegate"),
        "missing_field", "execution.delegate", "eip7702 mode without `execution.delegate`")

    def to_eoa(p):
        p["execution"] = {"mode": "eoa"}
        p.pop("guards", None)
    add("flash-loan-in-eoa", "demo", to_eoa, "flash_loan_in_eoa_mode", "actions[0]",
        "a flashLoanRebalance in eoa mode (no contract to receive the callback)")

    def to_safe(p):
        p["execution"] = {"mode": "safe", "safe": "0x488967789C7D18397049133DE682f745Ed81EF93"}
        p.pop("guards", None)
    add("flash-loan-in-safe", "demo", to_safe, "flash_loan_in_safe_mode", "actions[0]",
        "a flashLoanRebalance in safe mode (code proposed here; plan-compilation.md names none)")
    add("unknown-protocol-step", "demo", lambda p: p["actions"][0]["steps"][1].__setitem__("protocol", "compound-v3"),
        "unknown_protocol", "actions[0].steps[1].protocol", "a step on a protocol Ballast does not know")
    add("unknown-protocol-provider", "demo", lambda p: p["actions"][0].__setitem__("provider", "dydx"),
        "unknown_protocol", "actions[0].provider", "a flash-loan provider Ballast does not know")
    add("unknown-protocol-harvest", "demo", lambda p: p["actions"][1].__setitem__("protocol", "harvest-finance"),
        "unknown_protocol", "actions[1].protocol", "a harvest protocol Ballast does not know")
    add("flash-loan-uncovered", "demo",
        lambda p: p["actions"][0]["steps"][2].__setitem__("minAmountOut", "250124.999999"),
        "flash_loan_uncovered", "actions[0].loans[0]",
        "USDC: 250000 + 250124.999999 − 250000 < 250000 + 125 premium (one base unit short)")
    add("flash-loan-uncovered-premium", "aave-collateral-swap",
        lambda p: p["actions"][0]["steps"][2].__setitem__("amountOut", "3.12501842"),
        "flash_loan_uncovered", "actions[0].loans[0]",
        "WBTC: the exact output is one satoshi short of loan + premium (premium 156173, Aave's percentMul)")
    add("flash-loan-uncovered-balancer", "balancer-refinance-aave-to-morpho",
        lambda p: p["actions"][0]["steps"][5].__setitem__("amountOut", "99999.99"),
        "flash_loan_uncovered", "actions[0].loans[1]", "DAI (the plan's second loan) is not covered")
    add("flash-loan-uncovered-morpho", "morpho-deleverage",
        lambda p: p["actions"][0]["steps"][0].__setitem__("amount", "151000.000001"),
        "flash_loan_uncovered", "actions[0].loans[0]",
        "USDC: 150000 + 151000 (swap minimum) − 151000.000001 (repay) < 150000")
    add("guard-max-slippage", "demo", lambda p: p["guards"]["prices"].__setitem__("WETH", "2800"),
        "guard_failed", "actions[0]", "at 2800 USDC/WETH, minAmountOut 250200 < 90 × 2800 × 0.995 = 250740 (maxSlippageBps 50)",
        guard="maxSlippageBps")
    add("guard-max-slippage-exact-out", "hedge-decrease",
        lambda p: p["actions"][0]["swap"].__setitem__("maxAmountIn", "17588"),
        "guard_failed", "actions[0]", "maxAmountIn 17588 > 5 × 3500 × 1.005 = 17587.5", guard="maxSlippageBps")
    add("guard-min-health-factor", "demo", lambda p: p["guards"]["position"]["collateral"].__setitem__("WETH", "280"),
        "guard_failed", "actions[0]", "with 280 WETH of collateral, HF after rebalance-1 = 190 × 2790 × 0.83 / 350000 "
        "= 1.2571… < 1.30", guard="minHealthFactor")
    add("guard-min-health-factor-hedge", "hedge-increase", lambda p: p["guards"].__setitem__("minHealthFactor", "2.40"),
        "guard_failed", "actions[0]", "the short grows: HF 343600 × 0.78 / (32.5 × 3500) = 2.356 < 2.40",
        guard="minHealthFactor")
    add("guard-max-value", "eip7702-batch", lambda p: p["guards"].__setitem__("maxValue", "1.5ether"),
        "guard_failed", "actions[0]", "wrap-eth sends 2 ETH > maxValue 1.5 ether", guard="maxValue")
    add("guard-allowed-targets", "demo", lambda p: p["guards"]["allowedTargets"].remove("uniswap-v3"),
        "guard_failed", "actions[0]", "the swap inside the flash-loan callback calls the router, which is not allowed",
        guard="allowedTargets")
    add("guard-allowed-targets-harvest", "demo",
        lambda p: p["guards"]["allowedTargets"].remove("0x7B591489666d516e0ED2E0f6Ff73A6f6D269A116"),
        "guard_failed", "actions[1]", "harvest-1 deposits into a vault outside allowedTargets", guard="allowedTargets")
    # Closing a position exactly, and lender fees (plan-format.md).
    add("repay-all-without-max-amount", "aave-close-to-morpho", lambda p: p["actions"][0]["steps"][0].pop("maxAmount"),
        "missing_field", "actions[0].steps[0].maxAmount", "a repay of \"all\" without maxAmount (the approval it needs)")
    add("withdraw-all-without-min-amount", "aave-close-to-morpho", lambda p: p["actions"][0]["steps"][1].pop("minAmount"),
        "missing_field", "actions[0].steps[1].minAmount", "a withdraw of \"all\" without minAmount (what coverage may count)")
    add("max-amount-without-all", "demo", lambda p: p["actions"][0]["steps"][0].__setitem__("maxAmount", "250000"),
        "field_not_allowed", "actions[0].steps[0].maxAmount", "maxAmount on a repay of a fixed amount")
    add("amount-all-on-morpho-supply", "aave-close-to-morpho", lambda p: p["actions"][0]["steps"][2].__setitem__("amount", "all"),
        "invalid_amount", "actions[0].steps[2].amount", "\"all\" is for aave-v3 repay and withdraw only")

    def shares_without_max(p):
        st = p["actions"][0]["steps"][0]
        st.pop("amount")
        st["shares"] = "150000000000000"
    add("morpho-repay-shares-without-max-amount", "morpho-deleverage", shares_without_max,
        "missing_field", "actions[0].steps[0].maxAmount", "a Morpho repay of shares without maxAmount")
    add("flash-loan-uncovered-repay-all", "aave-close-to-morpho",
        lambda p: p["actions"][0]["steps"][0].__setitem__("maxAmount", "180250.000001"),
        "flash_loan_uncovered", "actions[0].loans[0]",
        "USDC: a repay of \"all\" counts as maxAmount spent: 180250 + 180250 − 180250.000001 < 180250")
    add("flash-loan-uncovered-balancer-fee", "aave-close-to-morpho", lambda p: p["actions"][0].__setitem__("feeBps", 1),
        "flash_loan_uncovered", "actions[0].loans[0]",
        "USDC: with a 1 bps Vault fee the repayment is 180250 + 18.025 (mulUp), which the steps do not cover")
    add("fee-bps-on-aave", "demo", lambda p: p["actions"][0].__setitem__("feeBps", 1),
        "field_not_allowed", "actions[0].feeBps", "feeBps on an aave-v3 flash loan (its premium is premiumBps)")
    add("fee-bps-out-of-range", "aave-close-to-morpho", lambda p: p["actions"][0].__setitem__("feeBps", 101),
        "out_of_range", "actions[0].feeBps", "a Balancer V2 fee above the Vault's 1% cap")
    add("bad-checksum", "demo", lambda p: p["execution"].__setitem__("executor", "0xb873ac2C343579C1B5F85704B5C2f359aB961953"),
        "invalid_address", "execution.executor", "mixed-case address with a wrong EIP-55 checksum (code proposed here)")
    add("gas-below-intrinsic", "eoa-simple", lambda p: p["actions"][2].__setitem__("gas", 21000),
        "gas_below_intrinsic", "actions[2].gas", "an explicit gas limit below the intrinsic gas (code proposed here)")
    return out


# ---------------------------------------------------------------------------------------------
# Lender fees: Aave v3.2 percentMul (half up) and Balancer V2 mulUp, on edge amounts.
# ---------------------------------------------------------------------------------------------
def fee_vectors():
    cases = []
    amounts = [0, 1, 999, 1000, 1999, 2000, 9999, 10000, 10001, 15000, 19999, 250000_000001, 250000_000000,
               312345670, 10**24 + 1, UINT256_MAX // 10000, UINT256_MAX]
    for bps in (0, 1, 5, 9, 30, 100, 10000):
        limit = (UINT256_MAX - 5000) // bps if bps else UINT256_MAX
        for amt in amounts + [limit, min(limit + 1, UINT256_MAX)]:
            fee = aave_premium(amt, bps)
            cases.append({"provider": "aave-v3", "bps": bps, "amount": str(amt),
                          "fee": None if fee is None else str(fee),
                          "repayment": None if fee is None or amt + fee > UINT256_MAX else str(amt + fee)})
    for bps in (0, 1, 5, 9, 30, 100):
        limit = UINT256_MAX // (bps * 10**14) if bps else UINT256_MAX
        for amt in amounts + [limit, min(limit + 1, UINT256_MAX)]:
            fee = balancer_fee(amt, bps)
            cases.append({"provider": "balancer-v2", "bps": bps, "amount": str(amt),
                          "fee": None if fee is None else str(fee),
                          "repayment": None if fee is None or amt + fee > UINT256_MAX else str(amt + fee)})
    # The case that showed the difference: 250000.000001 USDC at 5 bps.
    assert aave_premium(250000_000001, 5) == 125000000 and balancer_fee(250000_000001, 5) == 125000001
    return {"generator": GENERATOR,
            "rules": {"aave-v3": "PercentageMath.percentMul: (amount*bps + 5000) // 10000; null when amount*bps + 5000 > 2^256-1",
                      "balancer-v2": "FixedPoint.mulUp(amount, bps*1e14): 0 if product == 0 else (product-1) // 1e18 + 1; null when product > 2^256-1"},
            "cases": cases}


# ---------------------------------------------------------------------------------------------
def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def main():
    os.makedirs(INVALID, exist_ok=True)
    names = sorted(f[:-5] for f in os.listdir(EXAMPLES) if f.endswith(".json"))
    ex = {}
    for n in names:
        with open(os.path.join(EXAMPLES, n + ".json")) as f:
            ex[n] = json.load(f)
        assert ex[n]["account"] == DEV_ADDRESS, n
    written = []
    for n in names:
        err = check_plan(ex[n])
        if err:
            sys.exit(f"examples/{n}.json does not pass the checks: {err}")
        exp = expected_for(n, ex[n])
        known = known_signatures()
        for node in exp.get("calls", []) + [c for t in exp.get("transactions", []) for c in t["calls"]]:
            check_signatures(node, known, f"examples/{n}.json")
        path = os.path.join(OUT, f"{n}.expected.json")
        with open(path, "w") as f:
            f.write(dump(exp))
        written.append(path)
    for n in sorted(f[:-5] for f in os.listdir(CASES) if f.endswith(".json") and not f.endswith(".expected.json")):
        with open(os.path.join(CASES, n + ".json")) as f:
            plan = json.load(f)
        assert plan["account"] == DEV_ADDRESS, n
        err = check_plan(plan)
        if err:
            sys.exit(f"vectors/plans/cases/{n}.json does not pass the checks: {err}")
        exp = expected_for(n, plan, source=f"vectors/plans/cases/{n}.json")
        for node in exp.get("calls", []) + [c for t in exp.get("transactions", []) for c in t["calls"]]:
            check_signatures(node, known_signatures(), f"vectors/plans/cases/{n}.json")
        path = os.path.join(CASES, f"{n}.expected.json")
        with open(path, "w") as f:
            f.write(dump(exp))
        written.append(path)
    for old in os.listdir(INVALID):
        if old.endswith(".json"):
            os.remove(os.path.join(INVALID, old))
    index = []
    for name, plan, entry in invalid_plans(ex):
        err = check_plan(plan)
        if err is None:
            sys.exit(f"invalid/{name}: accepted by the checks")
        if (err.code, err.at) != (entry["code"], entry["at"]):
            sys.exit(f"invalid/{name}: expected {entry['code']} at {entry['at']}, got {err.code} at {err.at} ({err.message})")
        if "guard" in entry and entry["guard"] not in err.message:
            sys.exit(f"invalid/{name}: message does not name {entry['guard']}: {err.message}")
        with open(os.path.join(INVALID, name + ".json"), "w") as f:
            f.write(dump(plan))
        index.append(entry)
    with open(os.path.join(OUT, "invalid-plans.json"), "w") as f:
        f.write(dump({"generator": GENERATOR, "plans": index}))
    with open(os.path.join(OUT, "fees.json"), "w") as f:
        f.write(dump(fee_vectors()))
    for p in written:
        print(os.path.relpath(p, ROOT), os.path.getsize(p), "bytes")
    print(f"{len(index)} invalid plans in vectors/plans/invalid/")


if __name__ == "__main__":
    main()
