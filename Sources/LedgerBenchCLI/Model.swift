import ArgumentParser
import Foundation
import Bench

/// `ledgerbench model`: predicted speedup beyond this machine's cores, from each block's measured
/// per-transaction costs and dependency graph, beside the measured speedup where threads fit.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Model the speedup for 1…64 workers from the dependency graph and measured costs (a model, not a measurement).")

    @OptionGroup var options: SweepOptions
    @Option(help: "Worker counts to model.")
    var workers: String = "1,2,4,8,16,32,64"

    func run() throws {
        var c = try options.configuration()
        c.strategies = [.sequential, .blockstm]
        if options.threads == nil { c.threads = [1, 2] }
        let modelled = try SweepOptions.ints(workers, "--workers")
        let rows = try ScalingModel.run(c, workers: modelled)
        print(ScalingModel.table(rows, workers: modelled), terminator: "")
        print("\nA model, not a measurement: list scheduling of each block's dependency graph, each transaction")
        print("weighed by its median time over \(SweepRunner.timingPasses) sequential passes; it ignores Block-STM's own work")
        print("(multi-version memory, validation, scheduling) and memory effects. \"÷ 1-thread cost\": the model divided by")
        print("Block-STM's one-thread execution time over the sequential executor's, measured in this run. Measured: median")
        print("execution speedups of this run (no commit or root).")
    }
}
