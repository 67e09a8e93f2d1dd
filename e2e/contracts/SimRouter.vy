# pragma version ~=0.4.3
# A stand-in for Uniswap's SwapRouter02 `exactInputSingle`: it is its own pool, holds the output
# token and pays a fixed rate (basis points of the input), refusing less than the minimum.

interface IERC20:
    def transferFrom(owner: address, to: address, amount: uint256) -> bool: nonpayable
    def transfer(to: address, amount: uint256) -> bool: nonpayable

struct ExactInputSingleParams:
    tokenIn: address
    tokenOut: address
    fee: uint24
    recipient: address
    amountIn: uint256
    amountOutMinimum: uint256
    sqrtPriceLimitX96: uint160

event Swap:
    sender: indexed(address)
    recipient: indexed(address)
    amountIn: uint256
    amountOut: uint256

rateBps: public(uint256)


@deploy
def __init__(rate_bps: uint256):
    self.rateBps = rate_bps


@external
def exactInputSingle(params: ExactInputSingleParams) -> uint256:
    out: uint256 = params.amountIn * self.rateBps // 10000
    assert out >= params.amountOutMinimum, "Too little received"
    extcall IERC20(params.tokenIn).transferFrom(msg.sender, self, params.amountIn)
    extcall IERC20(params.tokenOut).transfer(params.recipient, out)
    log Swap(sender=msg.sender, recipient=params.recipient, amountIn=params.amountIn, amountOut=out)
    return out
