# pragma version 0.4.3
"""
@title Morpho Blue (test stand-in)
@notice Keeps the interface of IMorpho (abi/morpho-blue.json) for flashLoan, supplyCollateral,
        borrow, repay, withdrawCollateral and setAuthorization, with the semantics of
        morpho-org/morpho-blue src/Morpho.sol that the example plans rely on:
        - flashLoan: transfer to the caller, `onMorphoFlashLoan(assets, data)` on the caller, then
          pull the assets back with transferFrom (no fee);
        - a market is keccak256(abi.encode(MarketParams)); positions per market and account;
        - borrow / withdrawCollateral act for `onBehalf` only if the caller is onBehalf or authorized;
        - borrow shares as Morpho's SharesMathLib with VIRTUAL_SHARES = 1e6, VIRTUAL_ASSETS = 1
          (no interest accrues in the stand-in: the IRM is never called);
        - repay takes exactly one of assets / shares (rounding as Morpho: shares down from assets,
          assets up from shares).
        Not modelled: the health check against the oracle, supply of the loan token, liquidation.
        The stand-in lends from its own balance (funded by the deployer).
"""
from ethereum.ercs import IERC20

interface IMorphoFlashLoanCallback:
    def onMorphoFlashLoan(assets: uint256, data: Bytes[16384]): nonpayable

struct MarketParams:
    loanToken: address
    collateralToken: address
    oracle: address
    irm: address
    lltv: uint256

event FlashLoan:
    caller: indexed(address)
    token: indexed(address)
    assets: uint256

VIRTUAL_SHARES: constant(uint256) = 10 ** 6
VIRTUAL_ASSETS: constant(uint256) = 1

collateral: public(HashMap[bytes32, HashMap[address, uint256]])
borrowShares: public(HashMap[bytes32, HashMap[address, uint256]])
totalBorrowAssets: public(HashMap[bytes32, uint256])
totalBorrowShares: public(HashMap[bytes32, uint256])
isAuthorized: public(HashMap[address, HashMap[address, bool]])


@internal
@pure
def _id(mp: MarketParams) -> bytes32:
    return keccak256(abi_encode(mp))


@external
@pure
def marketId(mp: MarketParams) -> bytes32:
    return keccak256(abi_encode(mp))


@internal
@view
def _authorized(on_behalf: address):
    assert msg.sender == on_behalf or self.isAuthorized[on_behalf][msg.sender], "unauthorized"


@external
def setAuthorization(authorized: address, newIsAuthorized: bool):
    self.isAuthorized[msg.sender][authorized] = newIsAuthorized


@external
def flashLoan(token: address, assets: uint256, data: Bytes[16384]):
    assert assets != 0, "zero assets"
    log FlashLoan(caller=msg.sender, token=token, assets=assets)
    assert extcall IERC20(token).transfer(msg.sender, assets)
    extcall IMorphoFlashLoanCallback(msg.sender).onMorphoFlashLoan(assets, data)
    assert extcall IERC20(token).transferFrom(msg.sender, self, assets)


@external
def supplyCollateral(marketParams: MarketParams, assets: uint256, onBehalf: address, data: Bytes[1024]):
    assert assets != 0, "zero assets"
    assert len(data) == 0, "callback not modelled"
    self.collateral[self._id(marketParams)][onBehalf] += assets
    assert extcall IERC20(marketParams.collateralToken).transferFrom(msg.sender, self, assets)


@external
def withdrawCollateral(marketParams: MarketParams, assets: uint256, onBehalf: address, receiver: address):
    assert assets != 0, "zero assets"
    self._authorized(onBehalf)
    self.collateral[self._id(marketParams)][onBehalf] -= assets
    assert extcall IERC20(marketParams.collateralToken).transfer(receiver, assets)


@external
def borrow(marketParams: MarketParams, assets: uint256, shares: uint256, onBehalf: address,
           receiver: address) -> (uint256, uint256):
    assert (assets == 0) != (shares == 0), "inconsistent input"
    self._authorized(onBehalf)
    mid: bytes32 = self._id(marketParams)
    ta: uint256 = self.totalBorrowAssets[mid] + VIRTUAL_ASSETS
    ts: uint256 = self.totalBorrowShares[mid] + VIRTUAL_SHARES
    a: uint256 = assets
    s: uint256 = shares
    if a != 0:
        s = (a * ts + ta - 1) // ta        # toSharesUp
    else:
        a = s * ta // ts                   # toAssetsDown
    self.borrowShares[mid][onBehalf] += s
    self.totalBorrowShares[mid] += s
    self.totalBorrowAssets[mid] += a
    assert extcall IERC20(marketParams.loanToken).transfer(receiver, a)
    return a, s


@external
def repay(marketParams: MarketParams, assets: uint256, shares: uint256, onBehalf: address,
          data: Bytes[1024]) -> (uint256, uint256):
    assert (assets == 0) != (shares == 0), "inconsistent input"
    assert len(data) == 0, "callback not modelled"
    mid: bytes32 = self._id(marketParams)
    ta: uint256 = self.totalBorrowAssets[mid] + VIRTUAL_ASSETS
    ts: uint256 = self.totalBorrowShares[mid] + VIRTUAL_SHARES
    a: uint256 = assets
    s: uint256 = shares
    if a != 0:
        s = a * ts // ta                   # toSharesDown
    else:
        a = (s * ta + ts - 1) // ts        # toAssetsUp
    self.borrowShares[mid][onBehalf] -= s
    self.totalBorrowShares[mid] -= s
    self.totalBorrowAssets[mid] -= min(a, self.totalBorrowAssets[mid])
    assert extcall IERC20(marketParams.loanToken).transferFrom(msg.sender, self, a)
    return a, s
