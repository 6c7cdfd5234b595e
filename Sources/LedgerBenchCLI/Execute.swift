import ArgumentParser
import Foundation
import Blocks
import Execution

/// `ledgerbench execute BLOCK.json`: run one block and write its result in the oracle's format.
struct Execute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Execute a block file and write the result (state root, receipts, post-state) as JSON.",
        discussion: "Every strategy gives the same result file. --verify re-executes sequentially and exits non-zero with a diff when the results differ.")

    @Argument(help: "A block file in the oracle's format (../shared/tools/oracle/README.md).")
    var block: String
    @Option(name: .shortAndLong, help: "Write the result JSON here (default: standard output).")
    var output: String?
    @Option(help: "sequential, blockstm or sharded.")
    var strategy: String = "sequential"
    @Option(help: "Worker threads of the parallel strategies (1…1024).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Shards of the ledger: 1, 16 or 256.")
    var shards: Int = 16
    @Flag(help: "Also execute sequentially and fail with a diff if the results differ.")
    var verify = false
    @Flag(help: "Print execution statistics (incarnations, aborts, validations, phase times of this one cold run) on standard error.")
    var stats = false
    @Flag(help: "Leave the full post-state out of the result (for blocks with huge states).")
    var noPost = false
    @Flag(help: "Print a one-line summary on standard error.")
    var summary = false

    func run() throws {
        guard let strategy = ExecutionStrategy(rawValue: strategy) else {
            throw ValidationError("unknown strategy '\(self.strategy)' (sequential, blockstm, sharded)")
        }
        if let output { try OutputPath.checkFolder(of: output) }
        let parsed = try BlockLoading.load(block)
        let executor: ParallelExecutor
        do { executor = try ParallelExecutor(threads: threads, shardCount: shards) } catch { throw ValidationError("\(error)") }
        let run = try BlockPipeline.run(parsed, shards: shards, includePost: !noPost) { b, ledger in
            try executor.execute(b, base: ledger, strategy: strategy)
        }
        let json = run.result.json()
        if let output {
            do { try AtomicFile.write(json, to: output) } catch { throw ValidationError(error.description) }
        } else { FileHandle.standardOutput.write(json) }
        if summary { FileHandle.standardError.write(Data((run.result.summary + "\n").utf8)) }
        if stats {
            let s = run.stats, t = run.timings
            var lines = [String(format: "strategy=%@ threads=%d shards=%d execute=%.2fms commit=%.2fms root=%.2fms",
                                strategy.rawValue, threads, shards, t.executeMs, t.commitMs, t.rootMs),
                         "executions=\(s.executions) aborts=\(s.aborts) validations=\(s.validations) validation_failures=\(s.validationFailures) dependency_waits=\(s.dependencyWaits)"]
            if s.unloggedReads + s.unversionedWrites > 0 {
                lines.append("declared footprints: unlogged_reads=\(s.unloggedReads) unversioned_writes=\(s.unversionedWrites)")
            }
            if let p = s.phases?.milliseconds {
                lines.append(String(format: "execution phases: start=%.2fms setup=%.2fms loop=%.2fms settle=%.2fms",
                                    p.start, p.setup, p.loop, p.settle))
            }
            if let why = s.footprintFallback { lines.append("footprint fallback: \(why)") }
            if let why = s.sequentialFallback { lines.append("sequential fallback: \(why)") }
            // A one-shot run pays every table's first allocation and page faults on its clock
            // (a 10,000-transfer block at two threads: Block-STM about 1.4 times its warm time,
            // sequential about 1.15 times), so its times are not a strategy comparison.
            lines.append("times: one cold run in a fresh process; for warm runs and medians use `ledgerbench sweep --block \(block)`")
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        if verify {
            let reference = try BlockPipeline.runSequential(parsed, shards: shards, includePost: !noPost)
            let differences = ResultDiff.lines(run.result, reference.result)
            if !differences.isEmpty {
                FileHandle.standardError.write(Data(("verify: \(strategy.rawValue) differs from sequential:\n" + differences.prefix(40).joined(separator: "\n") + "\n").utf8))
                throw ExitCode(1)
            }
            FileHandle.standardError.write(Data("verify: identical to sequential execution (state root \(reference.result.stateRoot.hex))\n".utf8))
        }
    }
}

/// Reading a block file with a clear error.
enum BlockLoading {
    static func load(_ path: String) throws -> Block {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("cannot read \(path): \((error as NSError).localizedDescription)")
        }
        do { return try BlockFile.decode(data) } catch { throw ValidationError("\(path): \(error)") }
    }
}

/// Line diff of two results' canonical JSON.
enum ResultDiff {
    static func lines(_ a: BlockResult, _ b: BlockResult) -> [String] {
        let x = String(decoding: a.json(), as: UTF8.self).split(separator: "\n")
        let y = String(decoding: b.json(), as: UTF8.self).split(separator: "\n")
        var out: [String] = []
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? String(x[i]) : "<end>", r = i < y.count ? String(y[i]) : "<end>"
            if l != r { out.append("line \(i + 1): got \(l.trimmingCharacters(in: .whitespaces)) | sequential \(r.trimmingCharacters(in: .whitespaces))") }
        }
        return out
    }
}
