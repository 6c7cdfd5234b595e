import Blocks
import Primitives
import Testing
@testable import Workloads

/// Every generated transaction must be valid (included by any client): sequential nonces per
/// sender, a fee cap at or above the base fee with a positive tip, enough balance for
/// gas × fee cap + value, and a block gas limit that fits all of them.
@Suite struct ValidityTests {
    @Test(arguments: WorkloadKind.allCases)
    func transactionsAreValid(kind: WorkloadKind) throws {
        try check(WorkloadGenerator.generate(params(kind, txs: 3_000, accounts: 50, zipf: 1, hot: 0.3, revert: 0.2, contracts: 3)))
    }

    /// One account sending everything: the longest nonce chain and the most spent by one sender.
    @Test(arguments: WorkloadKind.allCases)
    func singleSenderStaysFunded(kind: WorkloadKind) throws {
        try check(WorkloadGenerator.generate(params(kind, txs: 20_000, accounts: 1)))
    }

    func check(_ block: Block) throws {
        var nonces: [Address: UInt64] = [:]
        var spent: [Address: UInt128] = [:]
        var gas: UInt64 = 0
        let base = block.env.baseFee.w0
        for tx in block.transactions {
            let expected = nonces[tx.from] ?? block.pre[tx.from]?.nonce ?? 0
            #expect(tx.nonce == expected)
            nonces[tx.from] = expected + 1
            let cap: UInt64
            if let max = tx.maxFeePerGas {
                cap = max.w0
                #expect(tx.maxPriorityFeePerGas!.w0 > 0 && tx.maxPriorityFeePerGas!.w0 <= cap - base)
            } else {
                cap = tx.gasPrice!.w0
                #expect(cap > base)
            }
            #expect(tx.gasLimit >= 21_000 && tx.gasLimit <= 200_000)
            spent[tx.from, default: 0] += UInt128(tx.gasLimit) * UInt128(cap) + (UInt128(tx.value.w1) << 64 | UInt128(tx.value.w0))
            gas += tx.gasLimit
        }
        #expect(gas <= block.env.gasLimit)
        for (sender, total) in spent {
            let bal = block.pre[sender]!.balance
            #expect(UInt128(bal.w1) << 64 | UInt128(bal.w0) >= total)
        }
        // No empty accounts in the genesis (the block format rejects them).
        #expect(block.pre.values.allSatisfy { !$0.balance.isZero || $0.nonce > 0 || !$0.code.isEmpty })
        #expect(block.fork == .cancun)
    }
}
