import ArgumentParser
import Foundation
import Bench

/// `ledgerbench report FILE.csv...`: the summary and speedup breakdown of sweeps already run.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the summary table and the execution-speedup breakdown of sweep CSV files (from run or sweep).")

    @Argument(help: "CSV files written by `ledgerbench run` or `ledgerbench sweep --csv`.")
    var files: [String]

    func run() throws {
        // Every file is read before anything is printed: one bad file among several costs no
        // half-printed report.
        var reports: [(String, String)] = []
        for file in files {
            do { reports.append((file, SweepReport.summary(of: try SweepRow.read(csvAt: file)))) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        for (i, (file, text)) in reports.enumerated() {
            if files.count > 1 { print((i > 0 ? "\n" : "") + "== \(file)") }
            print(text)
        }
    }
}
