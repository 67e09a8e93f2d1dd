# pragma version ~=0.4.3
# A stand-in for the plan executor (abi/BallastExecutor.json): `execute((address,uint256,bytes)[])`
# runs the calls in order for its owner, and a failing call reverts the whole list with
# `CallFailed(uint256 index, bytes data)`, the call's own revert data inside.

struct Call:
    target: address
    value: uint256
    data: Bytes[4096]

owner: public(address)


@deploy
def __init__(owner: address):
    self.owner = owner


@external
@payable
def execute(calls: DynArray[Call, 32]):
    assert msg.sender == self.owner
    for i: uint256 in range(32):
        if i >= len(calls):
            break
        ok: bool = False
        out: Bytes[1024] = b""
        ok, out = raw_call(calls[i].target, calls[i].data, max_outsize=1024, value=calls[i].value, revert_on_failure=False)
        if not ok:
            raw_revert(concat(method_id("CallFailed(uint256,bytes)"), abi_encode(i, out)))
