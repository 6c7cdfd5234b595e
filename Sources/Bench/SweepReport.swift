import Foundation
import Blocks

/// Turns measurements into what people read: medians per configuration, a summary table, and
/// the speedup and throughput plots.
public struct SweepReport {
    /// Median figures of one (block, shards, strategy, threads) configuration.
    public struct Row: Sendable {
        public var panel: String
        public var strategy: String
        public var threads: Int
        public var medianTotalMs: Double, minTotalMs: Double, maxTotalMs: Double
        public var medianSpeedup: Double
        public var idealSpeedup: Double
        public var medianTxPerSecond: Double
        public var abortsPerTx: Double
    }

    public let rows: [Row]

    public init(_ measurements: [SweepRow]) {
        rows = SweepRow.groupedByRun(measurements).map { g in
            let m = g[0]
            let totals = g.map(\.totalMs)
            return Row(panel: Self.panelName(m), strategy: m.strategy, threads: m.threads,
                       medianTotalMs: Statistics.median(totals), minTotalMs: totals.min() ?? 0, maxTotalMs: totals.max() ?? 0,
                       medianSpeedup: Statistics.median(g.map(\.speedup)), idealSpeedup: m.idealSpeedup,
                       medianTxPerSecond: Statistics.median(g.map(\.txPerSecond)),
                       abortsPerTx: Statistics.median(g.map { Double($0.aborts) / Double(max($0.txs, 1)) }))
        }
    }

    static func panelName(_ m: SweepRow) -> String {
        var s = m.workload
        if let z = m.zipf, let h = m.hotFraction { s += " zipf=\(String(format: "%g", z)) hot=\(String(format: "%g", h))" }
        return s + " \(m.txs)tx S=\(m.shards)"
    }

    /// A fixed-width table: one line per configuration.
    public var table: String {
        let header = ["configuration", "strategy", "threads", "median ms", "min ms", "max ms", "speedup", "ideal", "tx/s", "aborts/tx"]
        let body = rows.map { r in
            [r.panel, r.strategy, String(r.threads), String(format: "%.2f", r.medianTotalMs), String(format: "%.2f", r.minTotalMs),
             String(format: "%.2f", r.maxTotalMs), String(format: "%.2f", r.medianSpeedup), String(format: "%.2f", r.idealSpeedup),
             String(format: "%.0f", r.medianTxPerSecond), String(format: "%.3f", r.abortsPerTx)]
        }
        return TextTable.render(header: header, rows: body)
    }

    /// What a sweep prints when it ends (and `ledgerbench report` for a CSV): the summary table
    /// and, when the sweep ran a parallel strategy beside the sequential executor, where each
    /// execution speedup went (`SpeedupBreakdown`) and each parallel run's phases (`PhaseReport`).
    public static func summary(of measurements: [SweepRow]) -> String {
        var out = SweepReport(measurements).table
        let breakdown = SpeedupBreakdown(measurements)
        if !breakdown.rows.isEmpty {
            out += "\n\nexecution only: the speedup, and what limits it (linear ÷ measured = dependencies × 1-thread cost × scaling)\n"
            out += breakdown.table
        }
        let phases = PhaseReport(measurements)
        if !phases.rows.isEmpty {
            out += "\n\nexecution phases (medians on worker 0; loop scaling: the 1-thread loop ÷ this one, \"halted\" when the run fell back to sequential; edges: start + setup + settle)\n"
            out += phases.table
        }
        if let machine = MachineProbe.summary(measurements.compactMap(\.probeUs),
                                              retries: measurements.reduce(0) { $0 + $1.driftRetries }) { out += "\n\n" + machine }
        return out
    }

    /// Writes the speedup plot to `path` and the throughput plot beside it
    /// (`throughputPath(forPlot:)`), each atomically.
    public func writePlots(to path: String) throws(AtomicFile.WriteError) {
        try AtomicFile.write(Data(speedupSVG.utf8), to: path)
        try AtomicFile.write(Data(throughputSVG.utf8), to: Self.throughputPath(forPlot: path))
    }

    /// Where the throughput plot of a speedup plot at `path` goes: `x.svg` → `x-throughput.svg`.
    public static func throughputPath(forPlot path: String) -> String {
        path.hasSuffix(".svg") ? String(path.dropLast(4)) + "-throughput.svg" : path + "-throughput.svg"
    }

    /// Speedup vs threads per workload configuration: one line per strategy, the dependency
    /// graph's ideal bound dashed beside it.
    public var speedupSVG: String {
        plot(title: "Speedup over sequential (median)", yLabel: "speedup", value: \.medianSpeedup, withIdeal: true)
    }

    public var throughputSVG: String {
        plot(title: "Throughput (median, execution + commit + root)", yLabel: "transactions / s", value: \.medianTxPerSecond, withIdeal: false)
    }

    func plot(title: String, yLabel: String, value: KeyPath<Row, Double>, withIdeal: Bool) -> String {
        var panelOrder: [String] = []
        for r in rows where !panelOrder.contains(r.panel) { panelOrder.append(r.panel) }
        let panels = panelOrder.map { name -> SVGPlot.Panel in
            let inPanel = rows.filter { $0.panel == name }
            var strategies: [String] = []
            for r in inPanel where r.strategy != "sequential" && !strategies.contains(r.strategy) { strategies.append(r.strategy) }
            var series: [SVGPlot.Series] = []
            for (i, s) in strategies.enumerated() {
                series.append(.init(label: s, points: inPanel.filter { $0.strategy == s }.map { (Double($0.threads), $0[keyPath: value]) },
                                    dashed: false, color: SVGPlot.palette[i % SVGPlot.palette.count]))
            }
            if let seq = inPanel.first(where: { $0.strategy == "sequential" }) {
                let xs = Set(inPanel.map(\.threads)).sorted()
                series.append(.init(label: "sequential", points: xs.map { (Double($0), seq[keyPath: value]) }, dashed: true, color: "#7f7f7f"))
            }
            if withIdeal, let s = strategies.first {
                series.append(.init(label: "ideal bound", points: inPanel.filter { $0.strategy == s }.map { (Double($0.threads), $0.idealSpeedup) },
                                    dashed: true, color: "#000000"))
            }
            return SVGPlot.Panel(title: name, series: series)
        }
        return SVGPlot.render(title: title, xLabel: "threads", yLabel: yLabel, panels: panels)
    }
}
