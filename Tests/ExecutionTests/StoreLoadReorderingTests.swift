import Foundation
import Testing
import Primitives
import StateAccess
import Blocks
@testable import Execution

/// Block-STM when the store of a transaction's `executed` status reaches the other cores only
/// after its own read of the validation index: the one reordering x86 allows (a store waits
/// in the store buffer, a later load of another line goes ahead), widened by the scheduler's
/// test knob (`Scheduler.reordersExecutedStatus`) from nanoseconds to microseconds.
///
/// Why: a validation claim that skipped a re-execution still in flight, while that
/// re-execution read the index from before the claim, left the transaction's last
/// incarnation unvalidated, and a stale read reached the block's result. `ledgerbench stress`
/// met it twice in several hundred thousand runs; with the window widened, the same blocks
/// went wrong within the first few (before `nextClaimedValidation` read "not executed" again
/// under the transaction's lock).
@Suite struct StoreLoadReorderingTests {
    @Test func noValidationIsLostToALateExecutedStatus() throws {
        var reexecutions = 0
        for b in 0..<40 {
            let c = SyntheticCase.generate(seed: UInt64(b) &* 6_700_417 &+ 11, transactions: 30 + (b * 7) % 31,
                                           contention: [0.5, 0.95][b % 2])
            let base = c.makeBase()
            let expected = try GenericSequential.execute(c.program, base: base)
            let n = c.program.transactionCount
            for threads in [2, 3, 4, 8] {
                let got = try runBlockSTM(c.program, base: base, threads: threads, reordersExecutedStatus: true)
                assertSameOutcome(got, expected, "toy block \(b) blockstm T=\(threads), late executed status")
                reexecutions += got.stats.executions - n
                let sharded = try runSharded(c.program, base: base, threads: threads, shards: 16, reordersExecutedStatus: true)
                assertSameOutcome(sharded, expected, "toy block \(b) sharded T=\(threads), late executed status")
            }
        }
        for b in 0..<16 {
            let c = EVMDifferentialTests.generate(seed: UInt64(b) &* 15_485_863 &+ 5, transactions: 24 + (b * 5) % 31)
            let base = c.makeBase()
            let program = EVMProgram(block: c.block)
            let expected = try GenericSequential.execute(program, base: base)
            let n = program.transactionCount
            for threads in [2, 4, 8] {
                let got = try runBlockSTM(program, base: base, threads: threads, reordersExecutedStatus: true)
                assertSameOutcome(got, expected, "EVM block \(b) blockstm T=\(threads), late executed status")
                reexecutions += got.stats.executions - n
            }
        }
        // The blocks must re-execute transactions: only a re-execution can be skipped by a claim.
        #expect(reexecutions > 100, "only \(reexecutions) re-executions")
    }
}
