import Foundation
import Testing
import Primitives
import StateAccess
import Blocks
import EVM
import Workloads
@testable import Execution

/// Executor timings on generated 10,000-transaction workload blocks with the real EVM, plus
/// the dependency graph's ideal speedup. Off by default; run in release:
///   EXECUTION_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter WorkloadBenchmark
/// (EXECUTION_BENCH_TXS, EXECUTION_BENCH_REPEATS: best of that many runs.)
@Suite struct WorkloadBenchmarkTests {
    static var enabled: Bool { ProcessInfo.processInfo.environment["EXECUTION_BENCH"] != nil }

    static func base(_ block: Block) -> InMemoryState {
        let s = InMemoryState()
        for (a, g) in block.pre {
            s.insert(a, nonce: g.nonce, balance: g.balance, code: g.code,
                     codeHash: g.code.isEmpty ? AccountInfo.emptyCodeHash : Keccak256.hash(g.code), storage: g.storage)
        }
        return s
    }

    @Test(.enabled(if: WorkloadBenchmarkTests.enabled)) func workloadTimings() throws {
        let env = ProcessInfo.processInfo.environment
        let n = Int(env["EXECUTION_BENCH_TXS"] ?? "") ?? 10_000
        let repeats = Int(env["EXECUTION_BENCH_REPEATS"] ?? "") ?? 5
        func time(_ body: () throws -> BlockOutcome) rethrows -> (Double, BlockOutcome) {
            var t = Double.infinity
            var last: BlockOutcome? = nil
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                let o = try body()
                let d = ContinuousClock.now - start
                t = min(t, Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15)
                last = o
            }
            return (t, last!)
        }
        let cases: [(String, WorkloadParameters)] = [
            ("erc20 low contention", WorkloadParameters(workload: .erc20, txs: n, accounts: 100_000, zipf: 0, hotFraction: 0, seed: 7, contracts: 16)),
            ("transfers low contention", WorkloadParameters(workload: .transfers, txs: n, accounts: 100_000, zipf: 0, seed: 7)),
            ("erc20 full contention", WorkloadParameters(workload: .erc20, txs: n, accounts: 100_000, zipf: 0, hotFraction: 1.0, seed: 7, contracts: 1)),
            ("amm one pair", WorkloadParameters(workload: .amm, txs: n, accounts: 100_000, seed: 7, contracts: 1)),
        ]
        for (name, p) in cases {
            let block = try WorkloadGenerator.generate(p)
            let base = Self.base(block)
            let (seq, expected) = try time { try SequentialExecutor.execute(block, base: base) }
            let report = try DependencyAnalysis.analyze(block, base: base)
            print(String(format: "%@: %d txs, sequential %.1f ms (%d included); ideal speedup T=2 %.2f, T=8 %.2f, unbounded %.2f, longest chain %d",
                         name, n, seq, expected.receipts.count, report.idealSpeedup(threads: 2), report.idealSpeedup(threads: 8),
                         report.unboundedSpeedup, report.longestChain))
            for threads in [1, 2, 4, 8, 16] {
                let ex = try ParallelExecutor(threads: threads, shardCount: 16, sequentialThreshold: 0)
                for strategy in [ExecutionStrategy.blockstm, .sharded] {
                    let (t, o) = try time { try ex.execute(block, base: base, strategy: strategy) }
                    let same = o.receipts == expected.receipts && o.writeSets == expected.writeSets && o.rejected == expected.rejected
                    #expect(same, "\(name) \(strategy) T=\(threads)")
                    print(String(format: "  %@ T=%2d: %8.1f ms  speedup %.2f  (exec %d, aborts %d, validations %d, waits %d%@)",
                                 strategy.rawValue, threads, t, seq / t, o.stats.executions, o.stats.aborts,
                                 o.stats.validations, o.stats.dependencyWaits, o.stats.sequentialFallback.map { ", " + $0 } ?? ""))
                }
            }
        }
    }
}
