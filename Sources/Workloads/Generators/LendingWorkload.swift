import Primitives

/// `lending`: the DeFi leverage case. A pool lends a 6-decimal stablecoin against ETH collateral
/// at a 150% collateral ratio; the block runs in two phases around a price drop:
///
/// 1. First half: deposits, each followed later by the depositor's borrow (75% of borrowers
///    lever up to 80–99% of their limit, the rest borrow 5–50%).
/// 2. At the halfway point the owner cuts the price by `priceDrop` (30% by default): one write
///    to the price slot every borrow and liquidation reads.
/// 3. Second half: liquidations of the positions the drop pushed under water, chosen exactly
///    with the contract's own integer arithmetic, so they succeed. When none are left, depositors
///    keep depositing.
///
/// The genesis already holds about one position per two expected transactions (75% leveraged),
/// so the wave is there even in a short block. Reverting transactions liquidate healthy positions
/// (before the drop every position is healthy). Hot transactions liquidate the hot position
/// (account 0, always leveraged): a liquidation race the first liquidator wins and the rest
/// lose with "healthy". Every borrow and liquidation also moves the pool's own stablecoin
/// balance, so the pool is hot by construction.
struct LendingWorkload: WorkloadComponent {
    static let depositGas: UInt64 = 70_000
    static let borrowGas: UInt64 = 120_000
    static let liquidateGas: UInt64 = 100_000
    static let setPriceGas: UInt64 = 60_000
    /// Stablecoin units (6 decimals) per 1e18 wei of collateral: ETH at $2,000.
    static let initialPrice: UInt128 = 2_000_000_000
    static let ratioPercent: UInt128 = 150

    struct Position { var collateral: UInt128 = 0; var debt: UInt128 = 0 }

    let pool = BlockBuilder.contractAddress(.lendingPool)
    let usd = BlockBuilder.contractAddress(.usd)
    let owner: Int
    private(set) var price = Self.initialPrice
    private let newPrice: UInt128
    private var dropped = false
    private var positions: [Int: Position] = [:]
    /// Accounts with a position, in creation order (dictionaries iterate in a per-process order;
    /// anything that chooses among positions walks this array instead).
    private var positionOrder: [Int] = []
    private var pendingBorrowers: [Int] = []
    private var pendingHead = 0
    private var liquidatable: [Int] = []
    private var healthy: [Int] = []
    private var liquidatorsFunded = Set<Int>()
    /// The stablecoin's total supply: pool cash plus every genesis balance.
    private var supply: UInt128 = 0

    init(_ b: inout BlockBuilder, expectedTxs: Int) {
        owner = b.addSpecialAccount(Address(hi: 0x0E0E_0000_0000_0000, mid: 0, lo: 0x0E0E), balance: Amounts.accountBalance)
        newPrice = Self.initialPrice * UInt128(((1 - b.parameters.priceDrop) * 1_000_000).rounded()) / 1_000_000
        // Half a position per expected transaction covers the liquidation half of the block
        // (75% are leveraged, and the first half's borrowers add more).
        let count = Swift.min(b.parameters.accounts, Swift.max(1, expectedTxs / 2 + 1))
        b.deploy(usd, code: ContractCode.token, slots: count + Swift.min(b.parameters.accounts, expectedTxs) + 2)
        b.deploy(pool, code: ContractCode.lending, slots: 2 * (count + Swift.min(b.parameters.accounts, expectedTxs)) + 3)
        b.store(pool, .slot(0), U256(b.accounts[owner]))
        b.store(pool, .slot(1), U256(usd))
        b.store(pool, .slot(2), U256(Self.initialPrice))
        let poolCash = Amounts.tokenBalance
        b.store(usd, StorageSlot.map(0, pool), U256(poolCash))
        var supply = poolCash  // (the stored property is set after the loop)
        // Genesis positions: account 0 (the hot one) first, always leveraged.
        var collateralTotal: UInt128 = Amounts.ether
        for i in 0..<count {
            let c = UInt128(b.rng.inRange(100, 10_000)) * 10_000_000_000_000_000  // 1–100 ETH
            let levered = i == 0 || b.rng.chance(0.75)
            let permille = UInt128(levered ? b.rng.inRange(800, 990) : b.rng.inRange(50, 500))
            let d = Self.maxDebt(c, Self.initialPrice) * permille / 1_000
            positions[i] = Position(collateral: c, debt: d)
            positionOrder.append(i)
            b.store(pool, StorageSlot.map(3, b.accounts[i]), U256(c))
            b.store(pool, StorageSlot.map(4, b.accounts[i]), U256(d))
            b.store(usd, StorageSlot.map(0, b.accounts[i]), U256(d))  // what they borrowed
            supply += d
            collateralTotal += c
        }
        self.supply = supply
        b.addBalance(pool, collateralTotal)  // the pool holds the collateral it pays out
    }

    /// The contract's limit, with its exact integer rounding: c * price / 1e18 * 100 / 150.
    static func maxDebt(_ c: UInt128, _ price: UInt128) -> UInt128 {
        c * price / Amounts.ether * 100 / ratioPercent
    }

    mutating func next(_ b: inout BlockBuilder, hot: Bool, revert: Bool) {
        if b.progress >= 0.5 && !dropped {
            dropPrice(&b)
        } else if !dropped {
            if revert { liquidate(&b, target: healthyTarget(&b)) }
            else if pendingHead < pendingBorrowers.count { borrow(&b) }
            else { deposit(&b) }
        } else if hot {
            liquidate(&b, target: 0)
        } else if revert {
            liquidate(&b, target: healthyTarget(&b))
        } else if let target = nextLiquidatable(&b) {
            liquidate(&b, target: target)
        } else {
            deposit(&b)
        }
    }

    private mutating func deposit(_ b: inout BlockBuilder) {
        let from = b.sender()
        let amount = UInt128(b.rng.inRange(100, 10_000)) * 10_000_000_000_000_000
        if positions[from] == nil { positionOrder.append(from) }
        positions[from, default: Position()].collateral += amount
        pendingBorrowers.append(from)
        b.emit(from: from, to: pool, gas: Self.depositGas, value: amount,
               data: Calldata(LendingContract.deposit, words: 0).bytes)
    }

    private mutating func borrow(_ b: inout BlockBuilder) {
        let from = pendingBorrowers[pendingHead]
        pendingHead += 1
        let position = positions[from]!
        let permille = UInt128(b.rng.chance(0.75) ? b.rng.inRange(800, 990) : b.rng.inRange(50, 500))
        let target = Self.maxDebt(position.collateral, price) * permille / 1_000
        let amount = target > position.debt ? target - position.debt : 0
        positions[from]!.debt += amount
        b.emit(from: from, to: pool, gas: Self.borrowGas,
               data: Calldata.call(LendingContract.borrow, [.uint(amount)]))
    }

    private mutating func dropPrice(_ b: inout BlockBuilder) {
        dropped = true
        price = newPrice
        for a in positionOrder {
            let p = positions[a]!
            if p.debt > Self.maxDebt(p.collateral, price) { liquidatable.append(a) } else { healthy.append(a) }
        }
        b.emit(from: owner, to: pool, gas: Self.setPriceGas,
               data: Calldata.call(LendingContract.set_price, [.uint(price)]))
    }

    /// A random under-water position not yet liquidated, removed from the candidates.
    private mutating func nextLiquidatable(_ b: inout BlockBuilder) -> Int? {
        while !liquidatable.isEmpty {
            let i = b.rng.below(liquidatable.count)
            let a = liquidatable[i]
            liquidatable.swapAt(i, liquidatable.count - 1)
            liquidatable.removeLast()
            if let p = positions[a], p.debt > Self.maxDebt(p.collateral, price) { return a }
        }
        return nil
    }

    /// A position whose liquidation reverts: a healthy one, or the pool itself (no debt).
    private mutating func healthyTarget(_ b: inout BlockBuilder) -> Int? {
        if !dropped {
            return positionOrder.isEmpty ? nil : positionOrder[b.rng.below(positionOrder.count)]
        }
        return healthy.isEmpty ? nil : healthy[b.rng.below(healthy.count)]
    }

    /// Liquidates `target` (an account index; nil means the pool's own address, never a borrower).
    private mutating func liquidate(_ b: inout BlockBuilder, target: Int?) {
        let from = b.sender()
        if liquidatorsFunded.insert(from).inserted {
            // On top of what a genesis borrower already holds.
            let slot = StorageSlot.map(0, b.accounts[from])
            let held = b.stored(usd, slot)
            b.store(usd, slot, U256((UInt128(held.w1) << 64 | UInt128(held.w0)) + Amounts.tokenBalance))
            supply += Amounts.tokenBalance
            b.store(usd, StorageSlot.map(1, b.accounts[from], pool), .max)
        }
        let victim = target.map { b.accounts[$0] } ?? pool
        if let t = target, let p = positions[t], p.debt > Self.maxDebt(p.collateral, price) {
            positions[t] = Position()   // liquidated: the liquidator takes it all
        }
        b.emit(from: from, to: pool, gas: Self.liquidateGas,
               data: Calldata.call(LendingContract.liquidate, [.address(victim)]))
    }

    mutating func finish(_ b: inout BlockBuilder) {
        b.store(usd, .slot(2), U256(supply))
    }
}
