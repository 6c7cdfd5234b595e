import ArgumentParser
import Foundation
import Blocks
import Execution

/// `ledgerbench execute BLOCK.json`: run one block and write its result in the oracle's format.
struct Execute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Execute a block file and write the result (state root, receipts, post-state) as JSON.")

    @Argument(help: "A block file in the oracle's format (../shared/tools/oracle/README.md).")
    var block: String

    @Option(name: .shortAndLong, help: "Write the result JSON here (default: standard output).")
    var output: String?

    @Option(help: "Shards of the ledger: 1, 16 or 256.")
    var shards: Int = 16

    @Flag(help: "Leave the full post-state out of the result (for blocks with huge states).")
    var noPost = false

    @Flag(help: "Print a one-line summary (and phase timings) on standard error.")
    var summary = false

    func run() throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: block)) } catch {
            throw ValidationError("cannot read \(block): \((error as NSError).localizedDescription)")
        }
        let parsed: Block
        do { parsed = try BlockFile.decode(data) } catch { throw ValidationError("\(block): \(error)") }
        let run = try BlockPipeline.runSequential(parsed, shards: shards, includePost: !noPost)
        if let output {
            try AtomicFile.write(run.result.json(), to: output)
        } else {
            FileHandle.standardOutput.write(run.result.json())
        }
        if summary {
            let t = run.timings
            FileHandle.standardError.write(Data((run.result.summary + String(format: " execute=%.2fms commit=%.2fms root=%.2fms\n", t.executeMs, t.commitMs, t.rootMs)).utf8))
        }
    }
}
