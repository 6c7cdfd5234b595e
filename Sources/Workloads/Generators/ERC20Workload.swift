import Primitives

/// `erc20`: token transfers over `contracts` ERC-20 tokens.
///
/// Token and recipient by Zipf rank; a hot transaction sends token 0 to account 0, so all hot
/// transfers write one balance slot. Senders get a genesis balance the first time they send a
/// token, so the genesis only holds slots the block uses. A reverting transfer moves 2^255
/// tokens, more than anyone holds, and fails on the balance underflow check.
struct ERC20Workload: WorkloadComponent {
    static let gas: UInt64 = 65_000
    private let tokens: [Address]
    /// (token, account) pairs whose genesis balance is written.
    private var funded = Set<UInt64>()
    private var fundedPerToken: [Int]

    init(_ b: inout BlockBuilder, expectedTxs: Int) {
        tokens = (0..<b.parameters.contracts).map { BlockBuilder.contractAddress(.token, $0) }
        fundedPerToken = [Int](repeating: 0, count: tokens.count)
        let slots = Swift.min(b.parameters.accounts, expectedTxs) * 2 / tokens.count + 1
        for t in tokens { b.deploy(t, code: ContractCode.token, slots: slots) }
    }

    mutating func next(_ b: inout BlockBuilder, hot: Bool, revert: Bool) {
        let from = b.sender()
        let t = b.contractInstance(hot: hot)
        let to = b.recipient(hot: hot)
        if funded.insert(UInt64(t) << 40 | UInt64(from)).inserted {
            b.store(tokens[t], StorageSlot.map(0, b.accounts[from]), U256(Amounts.tokenBalance))
            fundedPerToken[t] += 1
        }
        let amount = revert ? U256.half : U256(UInt128(b.rng.inRange(1, 100_000)) * 1_000_000_000_000_000)
        var data = Calldata(TokenContract.transfer, words: 2)
        data.address(b.accounts[to])
        data.word(amount)
        b.emit(from: from, to: tokens[t], gas: Self.gas, data: data.bytes)
    }

    /// totalSupply = the sum of genesis balances, so the tokens are self-consistent.
    mutating func finish(_ b: inout BlockBuilder) {
        for (t, n) in fundedPerToken.enumerated() {
            b.store(tokens[t], .slot(2), U256(UInt128(n) * Amounts.tokenBalance))
        }
    }
}
