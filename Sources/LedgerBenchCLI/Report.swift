import ArgumentParser
import Foundation
import Bench

/// `ledgerbench report FILE.csv... [--plot F.svg]`: the summary and speedup breakdown of sweeps
/// already run, and their plots drawn again (from a CSV merged or edited by hand, say).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the summary table and the execution-speedup breakdown of sweep CSV files (from run or sweep).")

    @Argument(help: "CSV files written by `ledgerbench run` or `ledgerbench sweep --csv`.")
    var files: [String]
    @Option(help: "Also draw the speedup plot (and its -throughput twin) of the one CSV file given.")
    var plot: String?

    func validate() throws {
        if plot != nil && files.count != 1 { throw ValidationError("--plot draws one file's sweep: give exactly one CSV file") }
        if let plot { try OutputPath.checkFolder(of: plot) }
    }

    func run() throws {
        // Every file is read before anything is printed: one bad file among several costs no
        // half-printed report.
        var sweeps: [(file: String, rows: [SweepRow])] = []
        for file in files {
            do { sweeps.append((file, try SweepRow.read(csvAt: file))) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        if let plot { try SweepReport(sweeps[0].rows).writePlots(to: plot) }
        for (i, sweep) in sweeps.enumerated() {
            if sweeps.count > 1 { print((i > 0 ? "\n" : "") + "== \(sweep.file)") }
            print(SweepReport.summary(of: sweep.rows))
        }
    }
}
