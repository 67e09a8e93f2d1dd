"""The Vyper stand-ins keep the real interfaces: every function of abi/ that a stand-in models is in
its compiled ABI with the same canonical signature, mutability aside (stand-ins are never payable
where the protocol is not), and the same outputs."""
import json
import os

import pytest

from chain import vyper_compile
from conftest import ROOT

# stand-in → (abi file, the functions it models)
MODELS = {
    "standins/BalancerVault.vy": ("balancer-v2-vault.json", ["flashLoan"]),
    "standins/MorphoBlue.vy": ("morpho-blue.json", ["flashLoan", "supplyCollateral", "withdrawCollateral", "borrow",
                                                     "repay", "setAuthorization"]),
    "standins/ERC4626Vault.vy": ("erc4626.json", ["deposit", "mint", "withdraw", "redeem"]),
    "standins/YearnV3Strategy.vy": ("yearn-v3-tokenized-strategy.json", ["report"]),
    "standins/RewardSource.vy": ("convex-base-reward-pool.json", ["getReward()"]),  # the form Ballast calls
}


def canon(inp):
    t = inp["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(canon(c) for c in inp["components"]) + ")" + t[5:]
    return t


def sigs(abi):
    return {e["name"] + "(" + ",".join(canon(i) for i in e["inputs"]) + ")": [canon(o) for o in e.get("outputs", [])]
            for e in abi if e.get("type") == "function"}


@pytest.mark.parametrize("standin", sorted(MODELS))
def test_standin_keeps_the_real_interface(standin):
    abi_file, names = MODELS[standin]
    with open(os.path.join(ROOT, "abi", abi_file), encoding="utf-8") as f:
        real = {s: o for s, o in sigs(json.load(f)).items() if s.split("(")[0] in names or s in names}
    ours = sigs(vyper_compile(standin)["abi"])
    assert real, f"{abi_file} has none of {names}"
    for sig, outputs in real.items():
        assert sig in ours, f"{standin} lacks {sig}"
        assert ours[sig] == outputs, f"{standin} {sig} returns {ours[sig]}, the protocol {outputs}"
