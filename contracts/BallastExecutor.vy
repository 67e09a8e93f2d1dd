# pragma version 0.4.3
# pragma evm-version prague
"""
@title BallastExecutor
@notice Reference executor for Ballast plans in `executor` and `eip7702` modes.
        Interface: abi/BallastExecutor.json. No external audit.
@dev    - `execute(calls)` runs the calls in order, atomically. Only the owner may call it; deployed
          with owner = empty(address) the contract is an EIP-7702 delegate and only the delegating
          account itself (msg.sender == self) may call it. One bytecode serves both modes.
        - A call whose selector is a flash-loan entry point that Ballast emits (Aave V3 multi-asset
          `flashLoan`, Balancer V2 `flashLoan`, Morpho Blue `flashLoan`) arms exactly one callback of
          the matching kind, from that call's target, for the duration of that call (transient
          storage). The callback decodes its bytes argument as abi.encode((address,uint256,bytes)[])
          and runs that call list. Any other callback reverts, so a stranger calling a callback with
          crafted data can never move a token. Aave's `initiator` must be this contract.
        - A failing call reverts everything with CallFailed(index, revert data of the call).
        - `execute` is not re-entrant. No delegatecall, no selfdestruct, no upgrade, no storage
          (only transient storage and one immutable), so an EIP-7702 account's storage is untouched.
"""

# Limits (the EVM needs bounded types). Vyper copies an argument to memory at its full maximum size
# on first use, and memory costs gas quadratically, so the bounds are kept as small as Ballast's
# plans allow: at the top level up to 8 calls of up to 14336 bytes of data each (a lender call
# carries the whole callback call list); inside a callback up to 16 calls of up to 576 bytes each.
# Revert data kept in CallFailed: up to 1024 bytes (longer data is cut).
MAX_CALLS: constant(uint256) = 8
MAX_DATA: constant(uint256) = 14336
MAX_INNER_CALLS: constant(uint256) = 16
MAX_INNER_DATA: constant(uint256) = 576
MAX_PARAMS: constant(uint256) = 11840
MAX_ASSETS: constant(uint256) = 16
MAX_REASON: constant(uint256) = 1024

struct Call:
    target: address
    value: uint256
    data: Bytes[MAX_DATA]

struct InnerCall:
    target: address
    value: uint256
    data: Bytes[MAX_INNER_DATA]

# Kinds of loan (0: none).
LOAN_AAVE: constant(uint8) = 1
LOAN_BALANCER: constant(uint8) = 2
LOAN_MORPHO: constant(uint8) = 3

# Selectors of the lender entry points.
AAVE_FLASH_LOAN: constant(bytes4) = 0xab9c4b5d      # flashLoan(address,address[],uint256[],uint256[],address,bytes,uint16)
BALANCER_FLASH_LOAN: constant(bytes4) = 0x5c38449e  # flashLoan(address,address[],uint256[],bytes)
MORPHO_FLASH_LOAN: constant(bytes4) = 0xe0232b42    # flashLoan(address,uint256,bytes)

# Custom errors of abi/BallastExecutor.json (Vyper 0.4 has no error declarations: raised with raw_revert).
NOT_OWNER: constant(bytes4) = 0x245aecd3                  # NotOwner(address)
UNEXPECTED_LENDER: constant(bytes4) = 0xc5912327          # UnexpectedLender(address)
UNEXPECTED_INITIATOR: constant(bytes4) = 0x9dadff9a       # UnexpectedInitiator(address)
NO_FLASH_LOAN_IN_PROGRESS: constant(bytes4) = 0x52f3830b  # NoFlashLoanInProgress()
CALL_FAILED: constant(bytes4) = 0x5c0dee5d                # CallFailed(uint256,bytes)

OWNER: immutable(address)

# Transient state (EIP-1153): cleared at the end of every transaction.
_executing: transient(bool)
_lender: transient(address)   # target of the lender call in progress, until its callback starts
_loan_kind: transient(uint8)  # kind of that loan


@deploy
def __init__(owner: address):
    OWNER = owner


@view
@external
def owner() -> address:
    # The controlling account; empty(address) in the EIP-7702 delegate (the account itself).
    return OWNER


@payable
@external
def __default__():
    # The ABI's receive(): plain ETH (e.g. a WETH unwrap). Unknown calldata reverts.
    assert len(msg.data) == 0, "unknown function"


@payable
@external
def execute(calls: DynArray[Call, MAX_CALLS]):
    allowed: address = OWNER
    if allowed == empty(address):
        allowed = self
    if msg.sender != allowed:
        raw_revert(concat(NOT_OWNER, abi_encode(msg.sender)))
    assert not self._executing, "reentrant execute"
    self._executing = True
    for i: uint256 in range(len(calls), bound=MAX_CALLS):
        target: address = calls[i].target
        data: Bytes[MAX_DATA] = calls[i].data
        selector: bytes4 = empty(bytes4)
        if len(data) >= 4:
            selector = convert(slice(data, 0, 4), bytes4)
        kind: uint8 = self._arm(target, selector)
        ok: bool = False
        reason: Bytes[MAX_REASON] = b""
        ok, reason = raw_call(target, data, max_outsize=MAX_REASON, value=calls[i].value, revert_on_failure=False)
        self._settle(kind, i, ok, reason)
    self._executing = False
    self._lender = empty(address)
    self._loan_kind = 0


@external
def executeOperation(
    assets: DynArray[address, MAX_ASSETS],
    amounts: DynArray[uint256, MAX_ASSETS],
    premiums: DynArray[uint256, MAX_ASSETS],
    initiator: address,
    params: Bytes[MAX_PARAMS],
) -> bool:
    self._accept_callback(LOAN_AAVE)
    if initiator != self:
        raw_revert(concat(UNEXPECTED_INITIATOR, abi_encode(initiator)))
    self._run(params)
    return True


@external
def receiveFlashLoan(
    tokens: DynArray[address, MAX_ASSETS],
    amounts: DynArray[uint256, MAX_ASSETS],
    feeAmounts: DynArray[uint256, MAX_ASSETS],
    userData: Bytes[MAX_PARAMS],
):
    self._accept_callback(LOAN_BALANCER)
    self._run(userData)


@external
def onMorphoFlashLoan(assets: uint256, data: Bytes[MAX_PARAMS]):
    self._accept_callback(LOAN_MORPHO)
    self._run(data)


@internal
def _accept_callback(kind: uint8):
    # Only inside this contract's own execute, only for a loan it started with a lender call of
    # this kind, only once per lender call, only from that call's target.
    if not self._executing or self._loan_kind != kind:
        raw_revert(concat(NO_FLASH_LOAN_IN_PROGRESS, b""))
    if msg.sender != self._lender:
        raw_revert(concat(UNEXPECTED_LENDER, abi_encode(msg.sender)))
    self._lender = empty(address)
    self._loan_kind = 0


@internal
def _run(encoded: Bytes[MAX_PARAMS]):
    calls: DynArray[InnerCall, MAX_INNER_CALLS] = abi_decode(encoded, DynArray[InnerCall, MAX_INNER_CALLS])
    for i: uint256 in range(len(calls), bound=MAX_INNER_CALLS):
        selector: bytes4 = empty(bytes4)
        if len(calls[i].data) >= 4:
            selector = convert(slice(calls[i].data, 0, 4), bytes4)
        kind: uint8 = self._arm(calls[i].target, selector)
        ok: bool = False
        reason: Bytes[MAX_REASON] = b""
        ok, reason = raw_call(calls[i].target, calls[i].data, max_outsize=MAX_REASON, value=calls[i].value, revert_on_failure=False)
        self._settle(kind, i, ok, reason)


@internal
def _arm(target: address, selector: bytes4) -> uint8:
    # A lender call arms one callback of its kind from its target, for this call only.
    kind: uint8 = 0
    if selector == AAVE_FLASH_LOAN:
        kind = LOAN_AAVE
    elif selector == BALANCER_FLASH_LOAN:
        kind = LOAN_BALANCER
    elif selector == MORPHO_FLASH_LOAN:
        kind = LOAN_MORPHO
    if kind != 0:
        self._lender = target
        self._loan_kind = kind
    return kind


@internal
def _settle(kind: uint8, index: uint256, ok: bool, reason: Bytes[MAX_REASON]):
    if kind != 0:
        self._lender = empty(address)
        self._loan_kind = 0
    if not ok:
        raw_revert(concat(CALL_FAILED, abi_encode(index, reason)))
