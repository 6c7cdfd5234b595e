import Primitives

/// `transfers`: native ETH payments, the cheapest transaction (21,000 gas, no code).
///
/// Sender uniform, recipient by Zipf rank, or account 0 (an exchange deposit address, say) for
/// hot transactions: every payment to it writes its balance. A plain payment cannot revert, so
/// reverting transactions send ETH to a contract without a fallback (a token), which rejects it.
struct TransfersWorkload: WorkloadComponent {
    static let gas: UInt64 = 21_000
    static let revertGas: UInt64 = 30_000
    let sink = BlockBuilder.contractAddress(.sink)

    init(_ b: inout BlockBuilder, expectedTxs: Int) {
        b.deploy(sink, code: ContractCode.token)
    }

    mutating func next(_ b: inout BlockBuilder, hot: Bool, revert: Bool) {
        let from = b.sender()
        let to = b.recipient(hot: hot)
        let value = UInt128(b.rng.inRange(1_000, 10_000_000)) * 1_000_000_000  // 1e12…1e16 wei
        if revert {
            b.emit(from: from, to: sink, gas: Self.revertGas, value: value)
        } else {
            b.emit(from: from, to: b.accounts[to], gas: Self.gas, value: value)
        }
    }
}
