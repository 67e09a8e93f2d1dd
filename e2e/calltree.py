"""Reads a signed plan transaction's calldata with eth-abi alone (never with Ballast's decoder) into
the flat list of calls the actor makes, in execution order, each with its decoded arguments, and
derives from it the token flows the plan means for the actor (the executor, or the account in
`eoa` / `eip7702` mode).
"""
import eth_abi
from eth_utils import keccak, to_checksum_address

from conftest import split_top

CALLS = "(address,uint256,bytes)[]"
MP = "(address,address,address,address,uint256)"
SIGS = [
    "execute((address,uint256,bytes)[])",
    "approve(address,uint256)", "transfer(address,uint256)", "deposit()", "withdraw(uint256)",
    "supply(address,uint256,address,uint16)", "withdraw(address,uint256,address)",
    "borrow(address,uint256,uint256,uint16,address)", "repay(address,uint256,uint256,address)",
    "flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)",
    "flashLoan(address,address[],uint256[],bytes)", "flashLoan(address,uint256,bytes)",
    f"supplyCollateral({MP},uint256,address,bytes)", f"withdrawCollateral({MP},uint256,address,address)",
    f"borrow({MP},uint256,uint256,address,address)", f"repay({MP},uint256,uint256,address,bytes)",
    "exactInputSingle((address,address,uint24,address,uint256,uint256,uint160))",
    "exactInput((bytes,address,uint256,uint256))",
    "exactOutputSingle((address,address,uint24,address,uint256,uint256,uint160))",
    "exactOutput((bytes,address,uint256,uint256))",
    "deposit(uint256,address)", "redeem(uint256,address,address)",
    "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)",
    "report()", "harvest()", "getReward()", "claim_rewards()", "mint(address)",
]
BY_SELECTOR = {keccak(text=s)[:4]: s for s in SIGS}
# Which argument of a lender call holds the callback's call list.
CALLBACK_ARG = {"flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)": 5,
                "flashLoan(address,address[],uint256[],bytes)": 3, "flashLoan(address,uint256,bytes)": 2}


class Call:
    def __init__(self, target, value, sig, args, depth):
        self.target, self.value, self.sig, self.args, self.depth = to_checksum_address(target), value, sig, args, depth
        self.name = sig.split("(")[0] if sig else None
        self.inner = []

    def __repr__(self):
        return f"{'  ' * self.depth}{self.target} {self.sig}"


def types_of(sig):
    inner = sig[sig.index("(") + 1: sig.rindex(")")]
    return split_top(inner) if inner else []


def decode_call(target, value, data, depth=0):
    sel = bytes(data[:4])
    sig = BY_SELECTOR.get(sel)
    if sig is None:
        return Call(target, value, None, None, depth)
    types = types_of(sig)
    args = list(eth_abi.decode(types, bytes(data[4:])))
    assert eth_abi.encode(types, args) == bytes(data[4:]), f"{sig}: non-canonical encoding"
    c = Call(target, value, sig, args, depth)
    if sig.startswith("execute("):
        c.inner = [decode_call(t, v, d, depth + 1) for t, v, d in args[0]]
    elif sig in CALLBACK_ARG:
        (lst,) = eth_abi.decode([CALLS], args[CALLBACK_ARG[sig]])
        c.inner = [decode_call(t, v, d, depth + 1) for t, v, d in lst]
    return c


def flatten(calls):
    for c in calls:
        yield c
        yield from flatten(c.inner)


def tx_calls(to, value, data, mode):
    """The actor's calls of one transaction: the execute list (executor / eip7702), or the call itself."""
    root = decode_call(to, value, data)
    if mode in ("executor", "eip7702"):
        assert root.sig == "execute((address,uint256,bytes)[])", f"not an execute call: {root.sig}"
        return root.inner
    return [root]


def path_tokens(path):
    path = bytes(path)
    toks = [to_checksum_address(path[i:i + 20]) for i in range(0, len(path), 23)]
    return toks
