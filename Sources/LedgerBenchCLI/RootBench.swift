import Allocator
import ArgumentParser
import Ledger

/// `ledgerbench rootbench`: full and incremental state-root timings, Keccak counts and memory per
/// account for a synthetic state. Only parses arguments; the work is `Ledger.RootBench`.
struct RootBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rootbench",
        abstract: "Time the full state root with 1 and 2 workers, the incremental root after updates, and memory per account.")

    @Option(help: "Accounts in the synthetic state.") var accounts = 1_000_000
    @Option(help: "Accounts updated for the incremental root.") var updates = 10_000
    @Option(help: "Worker counts to compare, comma-separated.") var workers = "1,2"
    @Option(help: "Shard count: 1, 16 or 256.") var shards = 16
    @Option(help: "Storage slots per account.") var slots = 3
    @Option(help: "Incremental rounds of each kind (min and median are printed).") var rounds = 1

    func run() throws {
        var c = RootBench.Config()
        c.accounts = accounts; c.updates = updates; c.shards = shards; c.slotsPerAccount = slots; c.rounds = rounds
        c.workers = try workers.split(separator: ",").map {
            guard let n = Int($0.trimmingCharacters(in: .whitespaces)), n >= 1 else { throw ValidationError("bad worker count '\($0)'") }
            return n
        }
        try RootBench.run(c, allocator: AllocatorInfo.name, allocatedBytes: { AllocatorInfo.allocatedBytes }) { print($0) }
    }
}
