import Primitives

/// `amm`: swaps on `contracts` constant-product pairs, each trading a shared WETH-like token
/// against its own token (like most Uniswap pools).
///
/// Every swap on a pair reads and writes both of its reserve slots and its balance in both
/// tokens, so swaps on one pair are a chain of conflicts: one pair is the fully contended case,
/// more pairs (and a flatter Zipf) spread the load. A hot swap goes to pair 0. Traders get token
/// balances and max allowances for the pair in the genesis the first time they trade on it.
/// A reverting swap asks for an impossible minimum output and fails the slippage check.
struct AMMWorkload: WorkloadComponent {
    static let gas: UInt64 = 130_000
    /// Initial reserves: a million WETH against two billion tokens (a price of 2,000).
    static let reserveWETH: UInt128 = 1_000_000 * Amounts.ether
    static let reserveToken: UInt128 = 2_000_000_000 * Amounts.ether

    private let weth = BlockBuilder.contractAddress(.weth)
    private let tokens: [Address]
    private let pairs: [Address]
    private var wethFunded = Set<Int>()
    /// (pair, account) pairs with a genesis token balance and allowances.
    private var approved = Set<UInt64>()

    init(_ b: inout BlockBuilder, expectedTxs: Int) {
        let n = b.parameters.contracts
        tokens = (0..<n).map { BlockBuilder.contractAddress(.pairToken, $0) }
        pairs = (0..<n).map { BlockBuilder.contractAddress(.pair, $0) }
        let traders = Swift.min(b.parameters.accounts, expectedTxs)
        b.deploy(weth, code: ContractCode.token, slots: traders * 2 + n)
        for i in 0..<n {
            b.deploy(tokens[i], code: ContractCode.token, slots: traders * 2 / n + 1)
            b.deploy(pairs[i], code: ContractCode.pair)
            b.store(pairs[i], .slot(0), U256(weth))
            b.store(pairs[i], .slot(1), U256(tokens[i]))
            b.store(pairs[i], .slot(2), U256(Self.reserveWETH))
            b.store(pairs[i], .slot(3), U256(Self.reserveToken))
            // The pair holds its reserves in the token contracts.
            b.store(weth, StorageSlot.map(0, pairs[i]), U256(Self.reserveWETH))
            b.store(tokens[i], StorageSlot.map(0, pairs[i]), U256(Self.reserveToken))
        }
    }

    mutating func next(_ b: inout BlockBuilder, hot: Bool, revert: Bool) {
        let from = b.sender()
        let p = b.contractInstance(hot: hot)
        let trader = b.accounts[from]
        if wethFunded.insert(from).inserted {
            b.store(weth, StorageSlot.map(0, trader), U256(Amounts.tokenBalance))
        }
        if approved.insert(UInt64(p) << 40 | UInt64(from)).inserted {
            b.store(tokens[p], StorageSlot.map(0, trader), U256(Amounts.tokenBalance))
            b.store(weth, StorageSlot.map(1, trader, pairs[p]), .max)
            b.store(tokens[p], StorageSlot.map(1, trader, pairs[p]), .max)
        }
        let wethIn = b.rng.chance(0.5)
        // 0.001–10 WETH in, or the same value in tokens.
        let units = UInt128(b.rng.inRange(1, 10_000)) * 1_000_000_000_000_000
        let amountIn = wethIn ? units : units * 2_000
        var data = Calldata(PairContract.swap, words: 3)
        data.uint(amountIn)
        data.bool(wethIn)
        data.word(revert ? .max : .zero)
        b.emit(from: from, to: pairs[p], gas: Self.gas, data: data.bytes)
    }
}
