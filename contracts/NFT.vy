# pragma version ~=0.4.3
# pragma evm-version cancun
"""
@title NFT: an ERC-721-style collection with a global mint counter
@notice mint() hands out the next token id from totalSupply, one slot every mint reads and
        writes, so concurrent mints always conflict (the "mint day" contention). Transfers of
        distinct tokens between distinct owners touch disjoint slots. transferFrom by someone
        who is neither the owner nor approved, or with the wrong _from, reverts (how the
        workloads make NFT transactions fail on purpose).
@dev Storage layout (cancun): slot 0 ownerOf HashMap[uint256, address],
     slot 1 balanceOf HashMap[address, uint256], slot 2 getApproved HashMap[uint256, address],
     slot 3 totalSupply (= next token id).
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    tokenId: indexed(uint256)

event Approval:
    owner: indexed(address)
    approved: indexed(address)
    tokenId: indexed(uint256)

ownerOf: public(HashMap[uint256, address])
balanceOf: public(HashMap[address, uint256])
getApproved: public(HashMap[uint256, address])
totalSupply: public(uint256)


@external
def mint() -> uint256:
    id: uint256 = self.totalSupply
    self.totalSupply = id + 1
    self.ownerOf[id] = msg.sender
    self.balanceOf[msg.sender] += 1
    log Transfer(sender=empty(address), receiver=msg.sender, tokenId=id)
    return id


@external
def transferFrom(_from: address, _to: address, _tokenId: uint256):
    owner: address = self.ownerOf[_tokenId]
    assert owner == _from and _to != empty(address), "not owner"
    approved: address = self.getApproved[_tokenId]
    assert msg.sender == owner or msg.sender == approved, "not allowed"
    if approved != empty(address):
        self.getApproved[_tokenId] = empty(address)
    self.ownerOf[_tokenId] = _to
    self.balanceOf[_from] -= 1
    self.balanceOf[_to] += 1
    log Transfer(sender=_from, receiver=_to, tokenId=_tokenId)


@external
def approve(_approved: address, _tokenId: uint256):
    assert msg.sender == self.ownerOf[_tokenId], "not owner"
    self.getApproved[_tokenId] = _approved
    log Approval(owner=msg.sender, approved=_approved, tokenId=_tokenId)
