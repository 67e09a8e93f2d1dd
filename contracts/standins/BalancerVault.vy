# pragma version 0.4.3
"""
@title Balancer V2 Vault flash loans (test stand-in)
@notice Keeps the interface of IVault.flashLoan (abi/balancer-v2-vault.json) and the semantics of
        balancer-v2-monorepo pkg/vault/contracts/FlashLoans.sol: tokens strictly ascending
        (BAL#101), enough balance (BAL#528), fee = amount * feePercentage rounded up (mulUp),
        tokens sent to the recipient, `receiveFlashLoan(tokens, amounts, feeAmounts, userData)`
        called, then the Vault's balance must be back (BAL#515) and the fee received (BAL#602).
        The recipient repays by transfer. Errors are Error(string) "BAL#NNN" as the Vault's
        `_require` gives them. Swaps and pools are not part of the stand-in.
"""
from ethereum.ercs import IERC20

interface IFlashLoanRecipient:
    def receiveFlashLoan(tokens: DynArray[address, 16], amounts: DynArray[uint256, 16],
                         feeAmounts: DynArray[uint256, 16], userData: Bytes[16384]): nonpayable

event FlashLoan:
    recipient: indexed(address)
    token: indexed(address)
    amount: uint256
    feeAmount: uint256

ONE: constant(uint256) = 10 ** 18
admin: immutable(address)
flashLoanFeePercentage: public(uint256)


@deploy
def __init__():
    admin = msg.sender


@external
def setFlashLoanFeePercentage(fee: uint256):
    assert msg.sender == admin, "BAL#401"
    assert fee <= 10 ** 16, "BAL#601"  # at most 1%, as ProtocolFeesCollector
    self.flashLoanFeePercentage = fee


@external
def flashLoan(recipient: address, tokens: DynArray[address, 16], amounts: DynArray[uint256, 16],
              userData: Bytes[16384]):
    assert len(tokens) == len(amounts), "BAL#103"
    fees: DynArray[uint256, 16] = []
    pre: DynArray[uint256, 16] = []
    previous: address = empty(address)
    for i: uint256 in range(len(tokens), bound=16):
        token: address = tokens[i]
        assert convert(token, uint256) > convert(previous, uint256), "BAL#101"
        previous = token
        balance: uint256 = staticcall IERC20(token).balanceOf(self)
        assert balance >= amounts[i], "BAL#528"
        pre.append(balance)
        fee: uint256 = 0
        if amounts[i] * self.flashLoanFeePercentage != 0:
            fee = (amounts[i] * self.flashLoanFeePercentage - 1) // ONE + 1
        fees.append(fee)
        assert extcall IERC20(token).transfer(recipient, amounts[i])
    extcall IFlashLoanRecipient(recipient).receiveFlashLoan(tokens, amounts, fees, userData)
    for i: uint256 in range(len(tokens), bound=16):
        post: uint256 = staticcall IERC20(tokens[i]).balanceOf(self)
        assert post >= pre[i], "BAL#515"
        received: uint256 = post - pre[i]
        assert received >= fees[i], "BAL#602"
        log FlashLoan(recipient=recipient, token=tokens[i], amount=amounts[i], feeAmount=received)
