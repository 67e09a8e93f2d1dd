# pragma version 0.4.3
"""
@title MockAggregator (test stand-in)
@notice A Chainlink-style price source for Aave's AaveOracle, which reads `latestAnswer()`
        (8 decimals, USD). The deployer may set the answer (tests move prices).
"""

latestAnswer: public(int256)
decimals: public(constant(uint8)) = 8
admin: immutable(address)


@deploy
def __init__(answer: int256):
    admin = msg.sender
    self.latestAnswer = answer


@external
def setAnswer(answer: int256):
    assert msg.sender == admin, "!admin"
    self.latestAnswer = answer
