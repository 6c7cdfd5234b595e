import Blocks
import Primitives
@testable import Workloads

/// Small readers of generated transactions for the knob tests.
extension Transaction {
    var selector: UInt32? {
        data.count >= 4 ? data[0..<4].reduce(0) { $0 << 8 | UInt32($1) } : nil
    }
    /// ABI word `i` after the selector.
    func word(_ i: Int) -> U256 {
        let start = 4 + 32 * i
        return U256(Bytes32(bytes: data[start..<start + 32])!)
    }
    func addressArgument(_ i: Int) -> Address { Address(word(i)) }
}

func params(_ kind: WorkloadKind, txs: Int = 500, accounts: Int = 200, zipf: Double = 0, hot: Double = 0,
            eip1559: Double = 0.5, revert: Double = 0, seed: UInt64 = 7, contracts: Int = 1) -> WorkloadParameters {
    WorkloadParameters(workload: kind, txs: txs, accounts: accounts, zipf: zipf, hotFraction: hot,
                       eip1559Fraction: eip1559, revertFraction: revert, seed: seed, contracts: contracts)
}
