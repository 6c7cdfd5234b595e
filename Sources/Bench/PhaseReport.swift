/// Where each parallel run's execution time went, by phase (`ParallelPhases`: start, setup,
/// scheduler loop, settle; medians of the passes), and how the loop alone scaled.
///
/// Why beside `SpeedupBreakdown`: its "scaling" factor lumps together the scheduler loop and
/// the parts around it. On 10,000 transfers at two threads here the loop scaled 1.9× from one
/// thread while the parts around it took a tenth of the time and scaled 1.4×; the remedies
/// differ (a better scheduler, or less serial work at the edges), so the table shows both.
public struct PhaseReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var panel: String
        public var strategy: String
        public var threads: Int
        public var startMs: Double
        public var setupMs: Double
        public var loopMs: Double
        public var settleMs: Double
        /// The same strategy's median loop on one thread ÷ this one; nil without a one-thread
        /// pass, and for a run that halted (`halted`).
        public var loopScaling: Double?
        /// The run stopped its workers and re-executed the rest of the block sequentially (the
        /// contention fallback, or the block gas limit), which the settle phase includes: its
        /// loop ran part of the block, so its scaling would read as 35–200×. Told by the
        /// settle taking longer than the loop (a settle alone is a few percent of the loop).
        public var halted: Bool { settleMs > loopMs }
        /// start + setup + settle: the parts around the loop.
        public var edgesMs: Double { startMs + setupMs + settleMs }
    }

    public let rows: [Row]

    public init(_ measurements: [SweepRow]) {
        let groups = SweepRow.groupedByRun(measurements).filter { g in g.contains { $0.phasesMs != nil } }
        var loops: [String: Double] = [:]
        func median(_ g: [SweepRow], _ part: ((start: Double, setup: Double, loop: Double, settle: Double)) -> Double) -> Double {
            Statistics.median(g.compactMap { $0.phasesMs.map(part) })
        }
        for g in groups { loops[g[0].runKey] = median(g) { $0.loop } }
        rows = groups.map { g in
            let m = g[0], loop = loops[m.runKey]!
            let one = loops[SweepRow.runKey(configuration: m.configurationKey, strategy: m.strategy, threads: 1)]
            var row = Row(panel: SweepReport.panelName(m), strategy: m.strategy, threads: m.threads,
                          startMs: median(g) { $0.start }, setupMs: median(g) { $0.setup }, loopMs: loop,
                          settleMs: median(g) { $0.settle }, loopScaling: one.flatMap { loop > 0 ? $0 / loop : nil })
            if row.halted { row.loopScaling = nil }
            return row
        }
    }

    /// A fixed-width table, one line per parallel configuration that reported phases.
    public var table: String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "-" }
        let header = ["configuration", "strategy", "threads", "start ms", "setup ms", "loop ms", "settle ms", "edges ms",
                      "loop scaling"]
        let body = rows.map { r in
            [r.panel, r.strategy, String(r.threads), f(r.startMs), f(r.setupMs), f(r.loopMs), f(r.settleMs), f(r.edgesMs),
             r.halted ? "halted" : f(r.loopScaling)]
        }
        return TextTable.render(header: header, rows: body)
    }
}
