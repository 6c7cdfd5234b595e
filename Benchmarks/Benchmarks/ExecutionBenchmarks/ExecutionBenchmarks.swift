import Benchmark
import Execution
import Ledger
import Workloads

/// The parallel execution issue's speed goals as package benchmarks: 10,000-transaction blocks
/// of native transfers and ERC-20 transfers among 100,000 accounts, executed by the sequential
/// executor and by Block-STM at 1, 2 and 8 threads, for execution alone and end to end (commit
/// and root with as many ledger workers as threads), and the full-contention blocks where every
/// transaction touches one account or one contract slot.
///
/// Each iteration is one block, through the same `ParallelExecutor` calls `ledgerbench sweep`
/// makes (the sequential strategy included, so both keep their structures between blocks
/// alike). What is compared is the ratio of two benchmarks of one run: on a shared 2-core
/// machine absolute times drift from run to run; `ledgerbench sweep` reports the same ratios
/// with the ideal bound beside them.
let benchmarks: @Sendable () -> Void = {
    // Wall clock only: the process CPU time is counted in 10 ms ticks here, as long as a block.
    let configuration = Benchmark.Configuration(metrics: [.wallClock], timeUnits: .microseconds,
                                                maxDuration: .seconds(4), maxIterations: 25)

    struct Case {
        var label: String
        var parameters: WorkloadParameters
    }
    var cases: [Case] = []
    for kind in [WorkloadKind.transfers, .erc20] {
        cases.append(Case(label: "10k \(kind.rawValue), low contention",
                          parameters: WorkloadParameters(workload: kind, txs: 10_000, accounts: 100_000, seed: 1)))
        cases.append(Case(label: "10k \(kind.rawValue), full contention",
                          parameters: WorkloadParameters(workload: kind, txs: 10_000, accounts: 100_000, hotFraction: 1, seed: 1)))
    }

    for c in cases {
        let block = try! WorkloadGenerator.generate(c.parameters)
        let template = try! ShardedLedger(genesis: block.pre, shardCount: 16, workers: 1)
        template.blockHashes = block.env.blockHashes
        _ = template.stateRoot()
        let fullContention = c.parameters.hotFraction == 1
        // Full contention: the sequential baseline and two threads (the goal is "at most 1.1×
        // the sequential time"); low contention: the thread sweep.
        let runs: [(ExecutionStrategy, Int)] = fullContention
            ? [(.sequential, 1), (.blockstm, 2)]
            : [(.sequential, 1), (.blockstm, 1), (.blockstm, 2), (.blockstm, 8)]
        for (strategy, threads) in runs {
            let executor = try! ParallelExecutor(threads: threads, shardCount: 16)
            let who = strategy == .sequential ? "sequential" : "blockstm \(threads) thread\(threads == 1 ? "" : "s")"
            Benchmark("Execution, \(c.label): \(who)", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try executor.execute(block, base: template, strategy: strategy))
                }
            }
            guard !fullContention, threads != 1 || strategy == .sequential else { continue }
            // End to end: the commit mutates its ledger, so each iteration gets a fresh copy of
            // the pre-block ledger, made before the measurement starts.
            Benchmark("End to end, \(c.label): \(who)", configuration: configuration) { benchmark in
                let ledger = template.copy()
                ledger.workers = strategy == .sequential ? 1 : threads
                benchmark.startMeasurement()
                let outcome = try executor.execute(block, base: ledger, strategy: strategy)
                ledger.apply(outcome.writeSets)
                blackHole(ledger.stateRoot())
                benchmark.stopMeasurement()
            }
        }
    }
}
