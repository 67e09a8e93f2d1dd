# pragma version 0.4.3
"""
@title FakeLender (test contract, not a protocol stand-in)
@notice Exposes Aave's multi-asset `flashLoan` signature, so the executor arms an Aave-kind
        callback from it, and then misbehaves on purpose: it calls `executeOperation` back with a
        chosen `initiator`, or has another FakeLender (`relay`) make the callback, to show that the
        executor refuses a callback with a foreign initiator or from a lender it did not call.
"""

interface IReceiver:
    def executeOperation(assets: DynArray[address, 16], amounts: DynArray[uint256, 16],
                         premiums: DynArray[uint256, 16], initiator: address, params: Bytes[8000]) -> bool: nonpayable

interface IRelay:
    def relayCallback(receiver: address, initiator: address, params: Bytes[8000]): nonpayable

initiator_override: public(address)
relay: public(address)


@external
def configure(initiator_override: address, relay: address):
    self.initiator_override = initiator_override
    self.relay = relay


@external
def flashLoan(receiverAddress: address, assets: DynArray[address, 16], amounts: DynArray[uint256, 16],
              interestRateModes: DynArray[uint256, 16], onBehalfOf: address, params: Bytes[8000],
              referralCode: uint16):
    initiator: address = msg.sender
    if self.initiator_override != empty(address):
        initiator = self.initiator_override
    if self.relay != empty(address):
        extcall IRelay(self.relay).relayCallback(receiverAddress, initiator, params)
    else:
        extcall IReceiver(receiverAddress).executeOperation([], [], [], initiator, params)


@external
def relayCallback(receiver: address, initiator: address, params: Bytes[8000]):
    extcall IReceiver(receiver).executeOperation([], [], [], initiator, params)
