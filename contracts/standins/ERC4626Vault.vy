# pragma version 0.4.3
"""
@title ERC-4626 vault (test stand-in)
@notice deposit / mint / withdraw / redeem with EIP-4626's rounding (in the vault's favour:
        deposit and redeem round shares / assets down, mint and withdraw round up), with
        OpenZeppelin's virtual share and asset of 1 (offset 0). The share is an ERC-20.
"""
from ethereum.ercs import IERC20

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

event Deposit:
    sender: indexed(address)
    owner: indexed(address)
    assets: uint256
    shares: uint256

event Withdraw:
    sender: indexed(address)
    receiver: indexed(address)
    owner: indexed(address)
    assets: uint256
    shares: uint256

asset: public(immutable(address))
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
totalSupply: public(uint256)


@deploy
def __init__(underlying: address):
    asset = underlying


@view
@external
def totalAssets() -> uint256:
    return staticcall IERC20(asset).balanceOf(self)


@view
@internal
def _to_shares(assets: uint256, up: bool) -> uint256:
    num: uint256 = assets * (self.totalSupply + 1)
    den: uint256 = staticcall IERC20(asset).balanceOf(self) + 1
    if up:
        return (num + den - 1) // den
    return num // den


@view
@internal
def _to_assets(shares: uint256, up: bool) -> uint256:
    num: uint256 = shares * (staticcall IERC20(asset).balanceOf(self) + 1)
    den: uint256 = self.totalSupply + 1
    if up:
        return (num + den - 1) // den
    return num // den


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def transfer(receiver: address, amount: uint256) -> bool:
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=msg.sender, receiver=receiver, value=amount)
    return True


@internal
def _deposit(assets: uint256, shares: uint256, receiver: address):
    assert extcall IERC20(asset).transferFrom(msg.sender, self, assets)
    self.totalSupply += shares
    self.balanceOf[receiver] += shares
    log Transfer(sender=empty(address), receiver=receiver, value=shares)
    log Deposit(sender=msg.sender, owner=receiver, assets=assets, shares=shares)


@internal
def _withdraw(assets: uint256, shares: uint256, receiver: address, owner: address):
    if msg.sender != owner:
        self.allowance[owner][msg.sender] -= shares
    self.balanceOf[owner] -= shares
    self.totalSupply -= shares
    log Transfer(sender=owner, receiver=empty(address), value=shares)
    assert extcall IERC20(asset).transfer(receiver, assets)
    log Withdraw(sender=msg.sender, receiver=receiver, owner=owner, assets=assets, shares=shares)


@external
def deposit(assets: uint256, receiver: address) -> uint256:
    shares: uint256 = self._to_shares(assets, False)
    self._deposit(assets, shares, receiver)
    return shares


@external
def mint(shares: uint256, receiver: address) -> uint256:
    assets: uint256 = self._to_assets(shares, True)
    self._deposit(assets, shares, receiver)
    return assets


@external
def withdraw(assets: uint256, receiver: address, owner: address) -> uint256:
    shares: uint256 = self._to_shares(assets, True)
    self._withdraw(assets, shares, receiver, owner)
    return shares


@external
def redeem(shares: uint256, receiver: address, owner: address) -> uint256:
    assets: uint256 = self._to_assets(shares, False)
    self._withdraw(assets, shares, receiver, owner)
    return assets
