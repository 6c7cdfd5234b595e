import Foundation
import Primitives
import StateAccess
import Blocks
import EVM

/// The reference strategy: transactions one after another on one thread, each reading the
/// effects of all earlier ones through an overlay on the block's pre-state. Every parallel
/// strategy is tested against it and falls back to it.
public enum SequentialExecutor {
    /// Executes `block`'s transactions on `base` (the state before the block). Nothing is
    /// written to `base`: the outcome's write sets are committed by the caller.
    public static func execute(_ block: Block, base: any StateView) throws(ExecutionInterrupt) -> BlockOutcome {
        let overlay = OverlayState(base: base, expectedAccounts: 2 * block.transactions.count + 2)
        let executor = TransactionExecutor(fork: block.fork, env: block.env)
        var outcome = BlockOutcome()
        outcome.receipts.reserveCapacity(block.transactions.count)
        outcome.writeSets.reserveCapacity(block.transactions.count)
        let start = DispatchTime.now().uptimeNanoseconds
        let transactions = block.transactions
        let program = EVMProgram(block: block)
        for index in transactions.indices {
            program.announce(after: index, distance: 1, to: base)
            let tx = transactions[index]
            // Block-level rule: the transaction's gas limit must fit in what the block has left.
            if tx.gasLimit > block.env.gasLimit - outcome.gasUsed {
                outcome.rejected.append(Rejection(index: index, reason: "gas limit \(tx.gasLimit) exceeds the block's remaining gas \(block.env.gasLimit - outcome.gasUsed)"))
                continue
            }
            outcome.stats.executions += 1
            switch try executor.execute(tx, view: overlay) {
            case .rejected(let reason):
                outcome.rejected.append(Rejection(index: index, reason: reason))
            case .included(let r):
                overlay.apply(r.writeSet)
                outcome.gasUsed += r.gasUsed
                outcome.receipts.append(Receipt(index: index, kind: tx.kind, success: r.success, gasUsed: r.gasUsed,
                                                cumulativeGasUsed: outcome.gasUsed, contractAddress: r.contractAddress,
                                                logs: r.logs, error: r.error))
                outcome.writeSets.append(r.writeSet)
            }
        }
        outcome.stats.executionNanoseconds = DispatchTime.now().uptimeNanoseconds - start
        return outcome
    }
}
