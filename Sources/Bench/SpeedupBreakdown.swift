/// Where a parallel strategy's execution speedup went: for every configuration, strategy and
/// thread count, the gap between the measured execution speedup and linear speedup, split
/// into three factors that multiply to it.
///
/// Why: "Block-STM gives 1.05× on two threads" does not say whether the block's dependencies,
/// the engine's own cost or poor scaling is to blame, and each calls for a different remedy
/// (another workload, a cheaper engine, a better scheduler). The sweep already measures the
/// three things that tell them apart, in the same run:
///
/// - **dependencies**: `linear ÷ min(ideal, linear)`, where `linear` is min(threads, cores) and
///   `ideal` the dependency graph's bound at this thread count (`ideal_speedup`);
/// - **engine cost**: the strategy's execution time on one thread ÷ the sequential
///   executor's (`1-thread cost`): what optimism costs before any parallelism;
/// - **scaling**: `bound ÷ measured`, where `bound = min(ideal, linear) ÷ engine cost` is the
///   most the strategy could give if it scaled perfectly from its one-thread speed; what is
///   lost here is lost to waiting, serial phases, re-executions and shared caches.
///
/// `linear ÷ measured = dependencies × engine cost × scaling`; the largest factor is the
/// "main limit". Execution time only (no commit or root), medians of the passes. The engine
/// cost needs a one-thread pass of the strategy in the same sweep (`--threads 1,…`); without
/// it those columns are empty.
public struct SpeedupBreakdown: Sendable {
    public struct Row: Sendable, Equatable {
        public var panel: String
        public var strategy: String
        public var threads: Int
        public var sequentialExecMs: Double
        public var execMs: Double
        /// Sequential ÷ this, execution only.
        public var execSpeedup: Double
        /// min(threads, cores): the speedup of perfect parallelism on this machine.
        public var linear: Double
        /// The dependency graph's bound at this thread count.
        public var ideal: Double
        /// The strategy on one thread ÷ sequential; nil without a one-thread pass.
        public var oneThreadCost: Double?

        /// min(ideal, linear) ÷ the one-thread cost.
        public var bound: Double? { oneThreadCost.map { min(ideal, linear) / $0 } }
        /// Measured ÷ bound: the share of the reachable speedup that was reached.
        public var efficiency: Double? { bound.map { execSpeedup / $0 } }
        /// The three factors of `linear ÷ measured`.
        public var dependencyLoss: Double { linear / max(min(ideal, linear), .leastNonzeroMagnitude) }
        public var scalingLoss: Double? { efficiency.map { 1 / $0 } }

        /// The largest of the three factors, or "none" when all are within 5%.
        public var mainLimit: String {
            guard let cost = oneThreadCost, let scaling = scalingLoss else {
                return dependencyLoss > 1.05 ? "dependencies (no 1-thread pass for the rest)" : "unknown (no 1-thread pass)"
            }
            let factors = [("dependencies", dependencyLoss), ("engine cost", cost), ("scaling", scaling)]
            let top = factors.max { $0.1 < $1.1 }!
            return top.1 > 1.05 ? top.0 : "none"
        }
    }

    public let rows: [Row]

    public init(_ measurements: [SweepRow]) {
        let groups = SweepRow.groupedByRun(measurements)
        var medianExec: [String: Double] = [:]
        for g in groups { medianExec[g[0].runKey] = Statistics.median(g.map(\.execMs)) }
        rows = groups.compactMap { g in
            let m = g[0]
            guard m.strategy != "sequential",
                  let sequential = medianExec[SweepRow.runKey(configuration: m.configurationKey, strategy: "sequential", threads: 1)],
                  sequential > 0 else { return nil }
            let exec = medianExec[m.runKey]!
            let one = medianExec[SweepRow.runKey(configuration: m.configurationKey, strategy: m.strategy, threads: 1)]
            return Row(panel: SweepReport.panelName(m), strategy: m.strategy, threads: m.threads,
                       sequentialExecMs: sequential, execMs: exec, execSpeedup: exec > 0 ? sequential / exec : 0,
                       linear: Double(max(1, min(m.threads, m.cores))), ideal: m.idealSpeedup,
                       oneThreadCost: one.map { $0 / sequential })
        }
    }

    /// A fixed-width table, one line per parallel configuration.
    public var table: String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "-" }
        let header = ["configuration", "strategy", "threads", "seq exec ms", "exec ms", "exec speedup", "linear", "ideal",
                      "1-thread cost", "bound", "efficiency", "main limit"]
        let body = rows.map { r in
            [r.panel, r.strategy, String(r.threads), f(r.sequentialExecMs), f(r.execMs), f(r.execSpeedup), f(r.linear),
             f(r.ideal), f(r.oneThreadCost), f(r.bound), f(r.efficiency), r.mainLimit]
        }
        return TextTable.render(header: header, rows: body)
    }
}
