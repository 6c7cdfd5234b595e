import Testing
@testable import Bench

/// The table of execution phases printed after a sweep's breakdown (`PhaseReport`).
@Suite struct PhaseReportTests {
    func run(_ strategy: String, threads: Int, phases: (Double, Double, Double, Double)?) -> SweepRow {
        var r = SpeedupBreakdownTests().run(strategy, threads: threads, execMs: phases.map { $0.0 + $0.1 + $0.2 + $0.3 } ?? 10)
        r.phasesMs = phases.map { (start: $0.0, setup: $0.1, loop: $0.2, settle: $0.3) }
        return r
    }

    /// Medians per phase over the passes; the loop's scaling against the same strategy's one-thread
    /// loop; no row for runs without phases (the sequential executor).
    @Test func mediansAndTheLoopsScaling() throws {
        let report = PhaseReport([
            run("sequential", threads: 1, phases: nil),
            run("blockstm", threads: 1, phases: (0.1, 0.6, 17, 0.8)), run("blockstm", threads: 1, phases: (0.2, 0.8, 19, 1.0)),
            run("blockstm", threads: 1, phases: (0.1, 0.7, 18, 0.9)),
            run("blockstm", threads: 2, phases: (0.2, 0.5, 9, 0.5)), run("blockstm", threads: 2, phases: (0.1, 0.4, 10, 0.6)),
            run("blockstm", threads: 2, phases: (0.1, 0.5, 9.5, 0.5)),
        ])
        #expect(report.rows.map(\.threads) == [1, 2])
        let one = report.rows[0], two = report.rows[1]
        #expect(one.startMs == 0.1 && one.setupMs == 0.7 && one.loopMs == 18 && one.settleMs == 0.9 && one.loopScaling == 1)
        #expect(two.loopMs == 9.5 && two.settleMs == 0.5 && abs(two.edgesMs - 1.1) < 1e-12)
        #expect(abs(try #require(two.loopScaling) - 18 / 9.5) < 1e-12)
        #expect(report.table.contains("loop scaling") && report.table.contains("1.89"))
    }

    /// A run that halted and re-executed the rest sequentially (its settle longer than its
    /// loop: the contention fallback) shows no loop scaling, which would read as 70× here.
    @Test func haltedRunsHaveNoLoopScaling() {
        let report = PhaseReport([
            run("blockstm", threads: 1, phases: (0.1, 0.3, 36, 0.4)),
            run("blockstm", threads: 2, phases: (0.1, 0.3, 0.5, 30)),
        ])
        #expect(report.rows.map(\.halted) == [false, true])
        #expect(report.rows[0].loopScaling == 1 && report.rows[1].loopScaling == nil)
        #expect(report.table.contains("halted") && !report.table.contains("72.00"))
    }

    /// Without a one-thread pass the scaling is unknown; a sweep of the sequential executor alone
    /// (or a file from before the columns) has no phase table at all.
    @Test func withoutOneThreadOrPhases() {
        let report = PhaseReport([run("sequential", threads: 1, phases: nil), run("blockstm", threads: 2, phases: (0.1, 0.5, 9, 0.5))])
        #expect(report.rows.count == 1 && report.rows[0].loopScaling == nil)
        #expect(PhaseReport([run("sequential", threads: 1, phases: nil)]).rows.isEmpty)
        #expect(!SweepReport.summary(of: [run("sequential", threads: 1, phases: nil)]).contains("execution phases"))
    }
}
