import Foundation
import Testing
import Primitives
import StateAccess
@testable import Execution

/// Executor timings on synthetic 10,000-transaction blocks. Off by default; run in release:
///   EXECUTION_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter SyntheticBenchmark
/// EXECUTION_BENCH_WORK sets the busy work per transaction (Keccak permutations, default 30).
@Suite struct SyntheticBenchmarkTests {
    static var enabled: Bool { ProcessInfo.processInfo.environment["EXECUTION_BENCH"] != nil }

    @Test(.enabled(if: SyntheticBenchmarkTests.enabled)) func executorTimings() throws {
        let env = ProcessInfo.processInfo.environment
        let work = Int(env["EXECUTION_BENCH_WORK"] ?? "") ?? 30
        let n = Int(env["EXECUTION_BENCH_TXS"] ?? "") ?? 10_000
        let repeats = 3
        func best(_ body: () throws -> BlockOutcome) rethrows -> (Double, BlockOutcome) {
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
        for rate in [0.0, 0.01, 0.1, 1.0] {
            let c = SyntheticCase.benchmark(transactions: n, conflictRate: rate, work: work)
            let base = c.makeBase()
            let (seq, expected) = try best { try GenericSequential.execute(c.program, base: base) }
            print(String(format: "conflict %.2f, %d txs, work %d: sequential %.1f ms", rate, n, work, seq))
            for threads in [1, 2, 4, 8, 16] {
                let ex = try ParallelExecutor(threads: threads, shardCount: 16, sequentialThreshold: 0)
                for strategy in [ExecutionStrategy.blockstm, .sharded] {
                    let (t, o) = try best { try ex.execute(c.program, base: base, strategy: strategy) }
                    let same = o.receipts == expected.receipts && o.writeSets == expected.writeSets
                    #expect(same)
                    print(String(format: "  %@ T=%2d: %8.1f ms  speedup %.2f  (exec %d, aborts %d, validations %d, waits %d)",
                                 strategy.rawValue, threads, t, seq / t, o.stats.executions, o.stats.aborts,
                                 o.stats.validations, o.stats.dependencyWaits))
                }
            }
        }
    }
}
