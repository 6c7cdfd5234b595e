import ArgumentParser
import Foundation
import Ledger
import Execution
import Bench

/// `ledgerbench inspect BLOCK.json`: what a block offers before anyone sweeps it.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a block's distinct accounts and slots, its longest dependency chain and its ideal speedup bound.")

    @Argument(help: "A block file.")
    var block: String

    func run() throws {
        let b = try BlockLoading.load(block)
        let ledger = try ShardedLedger(genesis: b.pre, shardCount: 16)
        ledger.blockHashes = b.env.blockHashes
        let r = try DependencyAnalysis.analyze(b, base: ledger, timingPasses: SweepRunner.timingPasses)
        print("transactions:        \(r.transactionCount)")
        print("distinct accounts:   \(r.distinctAccounts)")
        print("distinct slots:      \(r.distinctSlots)")
        print("dependency edges:    \(r.edges)")
        print("longest chain:       \(r.longestChain) transactions")
        print(String(format: "total work:          %.3f ms (sequential execution time, per-transaction medians of %d passes)", r.totalWork / 1e6, SweepRunner.timingPasses))
        print(String(format: "critical path:       %.3f ms", r.criticalPath / 1e6))
        print(String(format: "ideal speedup:       %.2f with unlimited workers", r.unboundedSpeedup))
        for t in [2, 4, 8, 16, 32, 64] {
            print(String(format: "  bound at %2d workers: %.2f", t, r.idealSpeedup(threads: t)))
        }
        let f = r.footprints
        if f.declaring < f.transactions {
            print("declared footprints: not used (\(f.transactions - f.declaring) transactions declare none: creations)")
        } else if let escape = f.firstEscape {
            print("declared footprints: dropped (transaction \(escape) touches an account it does not declare; Block-STM runs the block again without)")
        } else if f.declaredAccounts > 0 {
            print(String(format: "declared footprints: used; of %d declared accounts (transaction, account), %.1f%% read without the multi-version memory, %.1f%% written without a version",
                         f.declaredAccounts, 100 * Double(f.firstDeclarers) / Double(f.declaredAccounts),
                         100 * Double(f.lastDeclarers) / Double(f.declaredAccounts)))
        }
    }
}
