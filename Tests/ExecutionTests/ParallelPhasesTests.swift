import Testing
import Primitives
import StateAccess
import Blocks
import Workloads
@testable import Execution

/// A parallel run reports where its execution time went (`ParallelPhases`); the sequential
/// executor and blocks below the parallel threshold report no phases. What is checked is the
/// accounting, never a duration: the four phases are stamped on one clock and must add up to
/// the execution time (each is truncated to whole nanoseconds on its own).
@Suite struct ParallelPhasesTests {
    static func block(txs: Int) throws -> Block {
        try WorkloadGenerator.generate(WorkloadParameters(workload: .transfers, txs: txs, accounts: 200, zipf: 0, seed: 3))
    }

    @Test(arguments: [ExecutionStrategy.blockstm, .sharded], [1, 2, 3])
    func parallelRunsReportPhasesThatAddUpToTheExecutionTime(strategy: ExecutionStrategy, threads: Int) throws {
        let block = try Self.block(txs: 120)
        let base = WorkloadBenchmarkTests.base(block)
        let executor = try ParallelExecutor(threads: threads, shardCount: 16, sequentialThreshold: 8)
        for _ in 0..<3 {   // a kept workspace reports as a fresh one does
            let outcome = try executor.execute(block, base: base, strategy: strategy)
            let p = try #require(outcome.stats.phases)
            let sum = p.startNanoseconds + p.setupNanoseconds + p.loopNanoseconds + p.settleNanoseconds
            let total = outcome.stats.executionNanoseconds
            #expect(total > 0 && sum <= total && total - sum <= 4, "phases \(p) against \(total) ns")
            #expect(p.loopNanoseconds > 0)
        }
    }

    @Test func sequentialRunsAndSmallBlocksReportNone() throws {
        let block = try Self.block(txs: 5)
        let base = WorkloadBenchmarkTests.base(block)
        let executor = try ParallelExecutor(threads: 2, shardCount: 16, sequentialThreshold: 8)
        #expect(try executor.execute(block, base: base, strategy: .sequential).stats.phases == nil)
        let small = try executor.execute(block, base: base, strategy: .blockstm)
        #expect(small.stats.sequentialFallback != nil && small.stats.phases == nil)
    }
}
