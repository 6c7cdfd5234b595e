import Foundation
import Execution

/// Predicted speedup for worker counts this machine does not have: list scheduling of each
/// block's dependency graph, weighted by measured sequential transaction times — beside the
/// speedups actually measured at the thread counts that were run.
public enum ScalingModel {
    public struct Row: Sendable {
        public var configuration: String
        /// Modelled speedup per worker count.
        public var modelled: [Int: Double]
        /// Median measured Block-STM speedup per thread count.
        public var measured: [Int: Double]
    }

    /// Runs the sweep of `c` and models each of its blocks from the dependency analysis the
    /// sweep made (the one behind its `ideal_speedup`), so model and CSV agree.
    public static func run(_ c: SweepConfiguration, workers: [Int]) throws -> [Row] {
        let runner = SweepRunner(c)
        let report = SweepReport(try runner.run())
        return runner.analyses.map { a in
            var modelled: [Int: Double] = [:]
            for w in workers { modelled[w] = a.report.idealSpeedup(threads: w) }
            let name = SweepReport.panelName(SweepRow.describe(a.subject, shards: a.shards))
            var measured: [Int: Double] = [:]
            for r in report.rows where r.panel == name && r.strategy == "blockstm" { measured[r.threads] = r.medianSpeedup }
            return Row(configuration: name, modelled: modelled, measured: measured)
        }
    }

    public static func table(_ rows: [Row], workers: [Int]) -> String {
        var out = "configuration".padding(toLength: 44, withPad: " ", startingAt: 0)
        // Right-aligned by hand: `%9@` pads nothing on Linux, and the headers ran together.
        for w in workers {
            let title = "model@\(w)"
            out += String(repeating: " ", count: max(1, 9 - title.count)) + title
        }
        out += "   measured (blockstm)\n"
        for r in rows {
            out += r.configuration.padding(toLength: 44, withPad: " ", startingAt: 0)
            for w in workers { out += String(format: "%9.2f", r.modelled[w] ?? 0) }
            out += "   " + r.measured.keys.sorted().map { String(format: "%d:%.2f", $0, r.measured[$0]!) }.joined(separator: " ") + "\n"
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
