import Foundation
import Execution

/// Predicted speedup for worker counts this machine does not have: list scheduling of each
/// block's dependency graph, weighted by measured sequential transaction times — beside the
/// execution speedups actually measured at the thread counts that were run.
///
/// The graph knows nothing of the engine: at one worker it says 1.00 where Block-STM measures
/// its one-thread cost (`SpeedupBreakdown`). Each row therefore also gives the model divided by
/// that cost, measured in the same run: what the graph allows once every transaction costs what
/// it costs Block-STM on one thread — still an upper bound (no waits, no memory contention), but
/// one the engine could in principle reach.
public enum ScalingModel {
    public struct Row: Sendable {
        public var configuration: String
        /// Modelled speedup per worker count.
        public var modelled: [Int: Double]
        /// Median measured Block-STM execution speedup per thread count.
        public var measured: [Int: Double]
        /// Block-STM's execution time on one thread ÷ the sequential executor's; nil when the
        /// sweep ran no one-thread pass.
        public var oneThreadCost: Double? = nil
    }

    /// Runs the sweep of `c` and models each of its blocks from the dependency analysis the
    /// sweep made (the one behind its `ideal_speedup`), so model and CSV agree.
    public static func run(_ c: SweepConfiguration, workers: [Int]) throws -> [Row] {
        let runner = SweepRunner(c)
        let breakdown = SpeedupBreakdown(try runner.run())
        return runner.analyses.map { a in
            var modelled: [Int: Double] = [:]
            for w in workers { modelled[w] = a.report.idealSpeedup(threads: w) }
            let name = SweepReport.panelName(SweepRow.describe(a.subject, shards: a.shards))
            var measured: [Int: Double] = [:]
            var cost: Double? = nil
            for r in breakdown.rows where r.panel == name && r.strategy == "blockstm" {
                measured[r.threads] = r.execSpeedup
                cost = r.oneThreadCost
            }
            return Row(configuration: name, modelled: modelled, measured: measured, oneThreadCost: cost)
        }
    }

    public static func table(_ rows: [Row], workers: [Int]) -> String {
        // Right-aligned by hand: `%9@` pads nothing on Linux, and the headers ran together.
        func column(_ text: String, width: Int = 9) -> String { String(repeating: " ", count: max(1, width - text.count)) + text }
        var out = "configuration".padding(toLength: 44, withPad: " ", startingAt: 0)
        for w in workers { out += column("model@\(w)") }
        out += column("1-thread cost", width: 15) + "   measured (blockstm, execution)\n"
        for r in rows {
            out += r.configuration.padding(toLength: 44, withPad: " ", startingAt: 0)
            for w in workers { out += String(format: "%9.2f", r.modelled[w] ?? 0) }
            out += column(r.oneThreadCost.map { String(format: "%.2f", $0) } ?? "-", width: 15)
            out += "   " + r.measured.keys.sorted().map { String(format: "%d:%.2f", $0, r.measured[$0]!) }.joined(separator: " ") + "\n"
            if let cost = r.oneThreadCost, cost > 0 {
                out += "  ÷ 1-thread cost".padding(toLength: 44, withPad: " ", startingAt: 0)
                for w in workers { out += String(format: "%9.2f", (r.modelled[w] ?? 0) / cost) }
                out += "\n"
            }
        }
        return out
    }
}

extension SweepRow {
    /// A measurement stub carrying only what names a configuration.
    static func describe(_ s: SweepRunner.Subject, shards: Int) -> SweepRow {
        SweepRow(workload: s.name, strategy: "", threads: 0, shards: shards, txs: s.block.transactions.count,
                    accounts: s.accounts, zipf: s.zipf, hotFraction: s.hotFraction, seed: s.seed, repeatIndex: 0,
                    gasUsed: 0, execMs: 0, commitMs: 0, rootMs: 0, executions: 0, aborts: 0, validations: 0,
                    idealSpeedup: 0, stateRoot: "", allocator: "", allocatedMB: nil, peakRssMB: nil, cores: 0,
                    version: "", configurationKey: "")
    }
}
