# pragma version ~=0.4.3
# pragma evm-version cancun
"""
@title Pair: a constant-product AMM pair (Uniswap-V2 style), the workloads' hot contract
@notice swap() pulls amount_in of one token from the caller (transferFrom; callers hold a
        max_value allowance for the pair) and pays out
            out = amount_in*997*r_out / (r_in*1000 + amount_in*997)
        of the other, a 0.3% fee that stays in the pool, so reserve0*reserve1 never decreases.
        Every swap reads and writes both reserve slots: all swaps on one pair conflict.
        min_out is the caller's slippage bound; a swap that would pay less reverts (how the
        workloads make swaps fail on purpose). Reserves are tracked in storage, not read from
        the tokens, and every swap logs the new reserves so x*y >= k can be checked per swap.
@dev Storage layout (cancun): slot 0 token0, slot 1 token1, slot 2 reserve0, slot 3 reserve1.
"""

interface ERC20:
    def transfer(_to: address, _value: uint256) -> bool: nonpayable
    def transferFrom(_from: address, _to: address, _value: uint256) -> bool: nonpayable

event Swap:
    sender: indexed(address)
    zeroForOne: bool
    amountIn: uint256
    amountOut: uint256
    reserve0: uint256
    reserve1: uint256

token0: public(address)
token1: public(address)
reserve0: public(uint256)
reserve1: public(uint256)


@external
def swap(amount_in: uint256, zero_for_one: bool, min_out: uint256) -> uint256:
    r0: uint256 = self.reserve0
    r1: uint256 = self.reserve1
    in_fee: uint256 = amount_in * 997
    out: uint256 = 0
    if zero_for_one:
        out = in_fee * r1 // (r0 * 1000 + in_fee)
        assert out > 0 and out >= min_out, "slippage"
        assert extcall ERC20(self.token0).transferFrom(msg.sender, self, amount_in)
        assert extcall ERC20(self.token1).transfer(msg.sender, out)
        r0 += amount_in
        r1 -= out
    else:
        out = in_fee * r0 // (r1 * 1000 + in_fee)
        assert out > 0 and out >= min_out, "slippage"
        assert extcall ERC20(self.token1).transferFrom(msg.sender, self, amount_in)
        assert extcall ERC20(self.token0).transfer(msg.sender, out)
        r1 += amount_in
        r0 -= out
    self.reserve0 = r0
    self.reserve1 = r1
    log Swap(sender=msg.sender, zeroForOne=zero_for_one, amountIn=amount_in, amountOut=out, reserve0=r0, reserve1=r1)
    return out
