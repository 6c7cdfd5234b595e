import ArgumentParser
import Bench

/// `--max-drift`, shared by `sweep` and `run`: given in percent, held by the configuration as a
/// fraction (`SweepConfiguration.maxDrift`, which `validate` bounds).
struct DriftOption: ParsableArguments {
    @Option(help: "Measure a run again (up to 5 times) when the machine was slowed: its probe, a fixed computation timed before and after it, more than this percentage above the sweep's fastest. Off by default.")
    var maxDrift: Double?

    func apply(to configuration: inout SweepConfiguration) {
        if let maxDrift { configuration.maxDrift = maxDrift / 100 }
    }
}
