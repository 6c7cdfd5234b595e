import ArgumentParser
import Foundation
import Bench

/// `ledgerbench sweep`: workloads × strategies × threads × shards × knobs, with CSV and plots.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure workloads across strategies, thread and shard counts; write CSV and SVG plots.")

    @OptionGroup var options: SweepOptions
    @Option(help: "Write one CSV row per measured run here.")
    var csv: String?
    @Option(help: "Write the speedup plot here (SVG); the throughput plot goes beside it (-throughput.svg).")
    var plot: String?
    @Flag(help: "No progress bar and no table: for scripts.")
    var quiet = false

    func run() throws {
        try SweepJob.run(try options.configuration(), csv: csv, plot: plot, quiet: quiet)
    }
}

/// The shared body of `sweep` and the default job.
enum SweepJob {
    static func run(_ configuration: SweepConfiguration, csv: String?, plot: String?, quiet: Bool) throws {
        // Check the output folders before minutes of work, so a typo costs nothing.
        for path in [csv, plot].compactMap({ $0 }) { try OutputPath.checkFolder(of: path) }
        let runner = SweepRunner(configuration)
        let bar = ProgressBar(quiet: quiet)
        runner.progress = { done, total in bar.update(done, total) }
        let rows: [SweepRow]
        do { rows = try runner.run() } catch {
            FileHandle.standardError.write(Data("\nerror: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let report = SweepReport(rows)
        if let csv { try CSVWriter.write(rows, to: csv) }
        if let plot { try report.writePlots(to: plot) }
        if !quiet {
            print(SweepReport.summary(of: rows))
            if let csv { print("\nwrote \(csv) (\(rows.count) rows)") }
            if let plot { print("wrote \(plot) and \(SweepReport.throughputPath(forPlot: plot))") }
            // The harness's own share of a run, so readers can see it does not distort.
            let overheadNs = HarnessOverhead.measure()
            if let fastest = rows.map(\.totalMs).min(), fastest > 0 {
                print(String(format: "harness overhead per run: %.2f µs (%.4f%% of the fastest run, %.2f ms)",
                             overheadNs / 1e3, overheadNs / 1e4 / fastest, fastest))
            }
        }
    }
}
