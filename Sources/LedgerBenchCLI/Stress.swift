import ArgumentParser
import Foundation
import Bench

/// `ledgerbench stress`: random blocks through every strategy, thread and shard count until the
/// first difference from sequential execution, which is printed with a reproducible seed.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Run random blocks through all strategies, thread and shard counts; stop at the first difference from sequential.")

    @Option(help: "Blocks to check (default 100; with --minutes alone, as many as fit).")
    var blocks: Int?
    @Option(help: "Stop after this many minutes (0 = no limit).")
    var minutes: Double = 0
    @Option(help: "First seed; block i uses seed + i.")
    var seed: UInt64 = 1
    @Flag(help: "Only the final line.")
    var quiet = false

    func run() throws {
        // `--minutes 30` alone means "for 30 minutes", not "for 100 blocks or 30 minutes".
        let blocks = self.blocks ?? (minutes > 0 ? 0 : 100)
        guard blocks >= 0, minutes >= 0, blocks > 0 || minutes > 0 else { throw ValidationError("give --blocks > 0 or --minutes > 0") }
        let result = try StressTest.run(blocks: blocks, minutes: minutes, seed: seed) { line in
            if !quiet { print(line) }
        }
        print(result.summary)
        if result.failure != nil { throw ExitCode(1) }
    }
}
