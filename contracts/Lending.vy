# pragma version ~=0.4.3
# pragma evm-version cancun
"""
@title Lending: an over-collateralised lending pool with an owner-set price
@notice Users deposit ETH as collateral and borrow the pool's ERC-20 against it while
            debt <= collateral * price / 1e18 * 100 / 150     (a 150% collateral ratio).
        The owner sets the price (token units per 1e18 wei). After a price drop, anyone may
        liquidate an under-collateralised position: the liquidator repays the whole debt
        (transferFrom; liquidators hold a max_value allowance for the pool) and receives all of
        the position's collateral. Liquidating a healthy position reverts ("healthy"), and so
        does a second liquidation of the same position (its debt is then 0).
        Every borrow and liquidation moves the pool's own token balance (one hot slot), and
        every one of them reads the price slot the price drop writes mid-block: the DeFi
        leverage case where a single write invalidates a wave of readers.
@dev Storage layout (cancun): slot 0 owner, slot 1 token, slot 2 price,
     slot 3 collateral HashMap[address, uint256], slot 4 debt HashMap[address, uint256].
"""

interface ERC20:
    def transfer(_to: address, _value: uint256) -> bool: nonpayable
    def transferFrom(_from: address, _to: address, _value: uint256) -> bool: nonpayable

event Deposit:
    user: indexed(address)
    amount: uint256

event Borrow:
    user: indexed(address)
    amount: uint256

event Liquidate:
    user: indexed(address)
    liquidator: indexed(address)
    debt: uint256
    collateral: uint256

event PriceSet:
    price: uint256

RATIO_PCT: constant(uint256) = 150

owner: public(address)
token: public(address)
price: public(uint256)
collateral: public(HashMap[address, uint256])
debt: public(HashMap[address, uint256])


@internal
@view
def _max_debt(c: uint256) -> uint256:
    return c * self.price // 10**18 * 100 // RATIO_PCT


@external
@payable
def deposit():
    self.collateral[msg.sender] += msg.value
    log Deposit(user=msg.sender, amount=msg.value)


@external
def borrow(amount: uint256):
    d: uint256 = self.debt[msg.sender] + amount
    assert d <= self._max_debt(self.collateral[msg.sender]), "undercollateralised"
    self.debt[msg.sender] = d
    assert extcall ERC20(self.token).transfer(msg.sender, amount)
    log Borrow(user=msg.sender, amount=amount)


@external
def set_price(p: uint256):
    assert msg.sender == self.owner, "owner"
    self.price = p
    log PriceSet(price=p)


@external
def liquidate(user: address):
    d: uint256 = self.debt[user]
    c: uint256 = self.collateral[user]
    assert d > self._max_debt(c), "healthy"
    self.debt[user] = 0
    self.collateral[user] = 0
    assert extcall ERC20(self.token).transferFrom(msg.sender, self, d)
    send(msg.sender, c)
    log Liquidate(user=user, liquidator=msg.sender, debt=d, collateral=c)
