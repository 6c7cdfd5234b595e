import ArgumentParser

/// `ledgerbench`: the command line of ParallelLedger. Each subcommand is its own file and only
/// parses arguments and calls library code.
@main
struct LedgerBench: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ledgerbench",
        abstract: "Execute Ethereum blocks sequentially and in parallel over a sharded ledger, and measure the scaling.",
        version: version,
        subcommands: [Run.self, Sweep.self, Report.self, Execute.self, Inspect.self, Model.self, StressCommand.self, Generate.self, StateTestCommand.self, StateRoot.self, RootBenchCommand.self, Info.self],
        defaultSubcommand: Run.self
    )
}
