# pragma version 0.4.3
"""
@title Yearn V3 TokenizedStrategy report() (test stand-in)
@notice `report()` is restricted to the keeper or management, as in yearn/tokenized-strategy
        (`onlyKeepers`), and returns (profit, loss). The stand-in has no assets: it counts its
        reports and returns (0, 0).
"""

event Reported:
    profit: uint256
    loss: uint256

keeper: public(address)
management: public(immutable(address))
reports: public(uint256)


@deploy
def __init__(keeper: address):
    management = msg.sender
    self.keeper = keeper


@external
def setKeeper(keeper: address):
    assert msg.sender == management, "!management"
    self.keeper = keeper


@external
def report() -> (uint256, uint256):
    assert msg.sender == self.keeper or msg.sender == management, "!keeper"
    self.reports += 1
    log Reported(profit=0, loss=0)
    return 0, 0
