import Testing
@testable import Bench

/// The execution-speedup breakdown printed after a sweep's summary (`SpeedupBreakdown`).
@Suite struct SpeedupBreakdownTests {
    /// A measured run of configuration "block" with only what the breakdown reads.
    func run(_ strategy: String, threads: Int, execMs: Double, ideal: Double = 1, cores: Int = 2, key: String = "block") -> SweepRow {
        SweepRow(workload: "transfers", strategy: strategy, threads: threads, shards: 16, txs: 100, accounts: 1000,
                 zipf: 0, hotFraction: 0, seed: 1, repeatIndex: 0, gasUsed: 2_100_000, execMs: execMs, commitMs: 1, rootMs: 2,
                 executions: 100, aborts: 0, validations: 100, idealSpeedup: ideal, stateRoot: "", allocator: "system",
                 allocatedMB: nil, peakRssMB: nil, cores: cores, version: "test", configurationKey: key)
    }

    /// Engine-bound: one thread costs 1.5× sequential, so two threads could give at most
    /// 2 ÷ 1.5; 1.25 of that 1.33 is reached. The three factors multiply to linear ÷ measured.
    @Test func engineCostBoundsTheSpeedup() throws {
        let b = SpeedupBreakdown([
            run("sequential", threads: 1, execMs: 9), run("sequential", threads: 1, execMs: 10), run("sequential", threads: 1, execMs: 11),
            run("blockstm", threads: 1, execMs: 15), run("blockstm", threads: 2, execMs: 8, ideal: 2),
        ])
        #expect(b.rows.map(\.threads) == [1, 2], "no row for the sequential executor")
        let two = try #require(b.rows.last)
        #expect(two.sequentialExecMs == 10 && two.execMs == 8 && two.execSpeedup == 1.25)
        #expect(two.linear == 2 && two.ideal == 2 && two.oneThreadCost == 1.5)
        #expect(abs(try #require(two.bound) - 2 / 1.5) < 1e-12)
        #expect(abs(try #require(two.efficiency) - 0.9375) < 1e-12)
        #expect(abs(two.dependencyLoss * 1.5 * (try #require(two.scalingLoss)) - two.linear / two.execSpeedup) < 1e-12)
        #expect(two.mainLimit == "engine cost")
        #expect(abs(try #require(b.rows[0].efficiency) - 1) < 1e-12 && b.rows[0].mainLimit == "engine cost")
    }

    /// Dependency-bound: a chain-like block (ideal 1.04) on a cheap engine.
    @Test func aChainIsLimitedByItsDependencies() throws {
        let b = SpeedupBreakdown([
            run("sequential", threads: 1, execMs: 10), run("blockstm", threads: 1, execMs: 10.2),
            run("blockstm", threads: 2, execMs: 10.1, ideal: 1.04),
        ])
        let two = try #require(b.rows.last)
        #expect(abs(two.dependencyLoss - 2 / 1.04) < 1e-12)
        #expect(two.mainLimit == "dependencies")
    }

    /// Threads beyond the cores add no compute: linear is the core count, and the ideal bound
    /// at 8 workers (8) does not raise the reachable speedup above it. Here the engine is
    /// cheap, so what is lost at 8 threads is scaling.
    @Test func oversubscriptionIsCappedAtTheCores() throws {
        let b = SpeedupBreakdown([
            run("sequential", threads: 1, execMs: 10), run("blockstm", threads: 1, execMs: 10.5),
            run("blockstm", threads: 8, execMs: 8, ideal: 8),
        ])
        let eight = try #require(b.rows.last)
        #expect(eight.linear == 2 && eight.dependencyLoss == 1)
        #expect(abs(try #require(eight.bound) - 2 / 1.05) < 1e-12)
        #expect(eight.mainLimit == "scaling")
    }

    /// Without a one-thread pass the engine cost cannot be told from scaling: those columns
    /// stay empty and the table says why. Configurations never mix.
    @Test func withoutAOneThreadPassTheEngineCostIsUnknown() throws {
        let b = SpeedupBreakdown([
            run("sequential", threads: 1, execMs: 10), run("blockstm", threads: 2, execMs: 6, ideal: 2),
            run("sequential", threads: 1, execMs: 20, key: "other"), run("blockstm", threads: 1, execMs: 30, key: "other"),
        ])
        let two = try #require(b.rows.first)
        #expect(two.oneThreadCost == nil && two.bound == nil && two.efficiency == nil)
        #expect(two.mainLimit.hasPrefix("unknown"))
        #expect(b.table.contains("-"))
        #expect(two.sequentialExecMs == 10)
        #expect(b.rows.count == 2 && b.rows[1].sequentialExecMs == 20 && b.rows[1].oneThreadCost == 1.5,
                "each block against its own sequential time")
    }

    /// A real tiny sweep: one line per parallel strategy and thread count, each with its engine cost.
    @Test func aSweepGetsOneLinePerParallelRun() throws {
        var c = SweepRunnerTests().tiny()
        c.workloads = [.transfers]
        c.warmup = 0
        c.repeats = 1
        let b = SpeedupBreakdown(try SweepRunner(c).run())
        #expect(b.rows.count == 2 * 2)
        #expect(b.rows.allSatisfy { $0.oneThreadCost != nil && $0.execSpeedup > 0 && $0.ideal >= 1 })
        #expect(b.table.contains("blockstm") && b.table.contains("sharded") && b.table.contains("main limit"))
    }
}
