import ArgumentParser
import Foundation
import Bench

/// `ledgerbench` / `ledgerbench run`: the main job — every workload at low and high contention,
/// sequential vs Block-STM vs shard-affine at 1, 2 and 4 threads; CSV, plots and a table.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The default sweep (about two minutes on 2 cores): writes results/<name>.csv and plots.")

    @Option(help: "Name of the result files in the output folder.")
    var name: String = "default"
    @Option(help: "Output folder.")
    var output: String = "results"
    @Flag(help: "No progress bar and no table.")
    var quiet = false
    @OptionGroup var drift: DriftOption

    func run() throws {
        do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
            throw ValidationError("cannot create the output folder \(output): \((error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription)")
        }
        var job = SweepConfiguration.defaultJob
        drift.apply(to: &job)
        do { try job.validate() } catch { throw ValidationError("\(error)") }
        try SweepJob.run(job, csv: "\(output)/\(name).csv",
                         plot: "\(output)/\(name)-speedup.svg", quiet: quiet)
    }
}
