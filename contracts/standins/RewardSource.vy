# pragma version 0.4.3
"""
@title Harvest target (test stand-in)
@notice Stands in for the harvest targets that have no offline artifact (Convex BaseRewardPool
        `getReward()`, Curve gauge `claim_rewards()`, Curve Minter `mint(gauge)`, Beefy and Yearn V2
        strategies `harvest()`): each call pays the caller a fixed reward of one token (set by the
        deployer, funded by transfer), as those contracts pay the claimer its accrued rewards.
"""
from ethereum.ercs import IERC20

event RewardPaid:
    user: indexed(address)
    reward: uint256

token: public(immutable(address))
reward: public(immutable(uint256))


@deploy
def __init__(reward_token: address, reward_amount: uint256):
    token = reward_token
    reward = reward_amount


@internal
def _pay():
    assert extcall IERC20(token).transfer(msg.sender, reward)
    log RewardPaid(user=msg.sender, reward=reward)


@external
def getReward() -> bool:
    self._pay()
    return True


@external
def claim_rewards():
    self._pay()


@external
def mint(gauge_addr: address):
    self._pay()


@external
def harvest():
    self._pay()
