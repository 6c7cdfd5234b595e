# pragma version ~=0.4.3
# pragma evm-version cancun
"""
@title Token: a lean ERC-20 for the ParallelLedger workloads
@notice transfer / transferFrom / approve with Transfer and Approval events, and nothing else, so a
        transfer stays a couple of hundred opcodes. An allowance of max_value(uint256) is never
        decremented (the Uniswap/OpenZeppelin convention), which keeps the AMM and lending pool
        from writing an allowance slot on every call.
@dev Storage layout (cancun: the reentrancy lock is transient, so user variables start at slot 0).
     Generators write genesis storage directly, so this layout is part of the contract's API:
       slot 0  balanceOf  HashMap[address, uint256]        -> keccak256(pad32(0) ++ pad32(owner))
       slot 1  allowance  HashMap[address, HashMap[...]]  -> keccak256(pad32(keccak256(pad32(1) ++ pad32(owner))) ++ pad32(spender))
       slot 2  totalSupply
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
totalSupply: public(uint256)


@external
def transfer(_to: address, _value: uint256) -> bool:
    # Underflow reverts: this is how the workloads make a transfer fail on purpose.
    self.balanceOf[msg.sender] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=msg.sender, receiver=_to, value=_value)
    return True


@external
def transferFrom(_from: address, _to: address, _value: uint256) -> bool:
    allowed: uint256 = self.allowance[_from][msg.sender]
    if allowed != max_value(uint256):
        self.allowance[_from][msg.sender] = allowed - _value
    self.balanceOf[_from] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=_from, receiver=_to, value=_value)
    return True


@external
def approve(_spender: address, _value: uint256) -> bool:
    self.allowance[msg.sender][_spender] = _value
    log Approval(owner=msg.sender, spender=_spender, value=_value)
    return True
