import Foundation
import Blocks
import Execution
import Workloads

/// Random blocks through every strategy, thread count and shard count, each result compared
/// byte for byte (canonical result JSON: roots, receipts, logs, rejections, post-state) with
/// sequential execution. Stops at the first difference and names the seed that reproduces it.
public enum StressTest {
    public struct Result: Sendable {
        public var blocks = 0
        public var transactions = 0
        public var runs = 0
        public var failure: String?
        public var summary: String {
            (failure.map { "FAILED: \($0)\n" } ?? "") + "stress: \(blocks) blocks, \(transactions) transactions, \(runs) parallel runs checked against sequential" + (failure == nil ? ", no difference" : "")
        }
    }

    public static let threadCounts = [1, 2, 3, 4, 8, 16]
    public static let shardCounts = [1, 16, 256]

    /// The block for one seed: a random workload with random knobs, small enough to run fast.
    public static func block(seed: UInt64) throws -> (Block, String) {
        var rng = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng }
        let kinds = WorkloadKind.allCases
        let p = WorkloadParameters(workload: kinds[Int(next() % UInt64(kinds.count))],
                                   txs: 10 + Int(next() % 150), accounts: 4 + Int(next() % 200),
                                   zipf: [0, 0.8, 1.5][Int(next() % 3)], hotFraction: [0, 0.3, 1][Int(next() % 3)],
                                   eip1559Fraction: 0.5, revertFraction: 0.1, seed: seed, contracts: 1 + Int(next() % 2))
        return (try WorkloadGenerator.generate(p), p.commandLineArguments.joined(separator: " "))
    }

    /// Where two canonical results differ, line by line: the first difference with the lines
    /// before it, then up to `limit` more differing lines. A failure that shows up once in
    /// thousands of runs must say what went wrong in the one run that caught it, and the state
    /// root alone (the first line that differs whenever the state does) does not.
    static func firstDifference(_ got: Data, _ reference: Data, limit: Int = 24) -> String {
        let a = String(decoding: got, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: reference, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var out = ""
        var shown = 0
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : "(end)", y = i < b.count ? String(b[i]) : "(end)"
            guard x != y else { continue }
            if shown == 0 {
                let context = b[max(0, i - 3)..<min(i, b.count)].joined(separator: "\n")
                out = "first difference at line \(i + 1) of the result JSON, after:\n\(context)\n  got:      \(x)\n  expected: \(y)"
            } else if shown <= limit {
                out += "\nline \(i + 1):\n  got:      \(x)\n  expected: \(y)"
            } else {
                out += "\n(more differing lines)"
                break
            }
            shown += 1
        }
        return shown == 0 ? "the results differ" : out
    }

    public static func run(blocks: Int, minutes: Double, seed: UInt64, log: (String) -> Void) throws -> Result {
        var result = Result()
        var executors: [String: ParallelExecutor] = [:]
        let deadline = minutes > 0 ? Date().addingTimeInterval(minutes * 60) : nil
        var i: UInt64 = 0
        while blocks == 0 || result.blocks < blocks {
            if let deadline, Date() > deadline { break }
            let s = seed &+ i
            i += 1
            let (block, knobs) = try block(seed: s)
            for shards in shardCounts {
                let reference = try BlockPipeline.runSequential(block, shards: shards).result.json()
                for strategy in [ExecutionStrategy.blockstm, .sharded] {
                    for threads in threadCounts {
                        let key = "\(threads)/\(shards)"
                        let exec = try executors[key] ?? ParallelExecutor(threads: threads, shardCount: shards)
                        executors[key] = exec
                        func runParallel() throws -> Data {
                            try BlockPipeline.run(block, shards: shards) { b, ledger in
                                try exec.execute(b, base: ledger, strategy: strategy)
                            }.result.json()
                        }
                        let got = try runParallel()
                        result.runs += 1
                        if got != reference {
                            // The same run again, on the same executor: tells a race (usually
                            // right the next time) from a wrong result the block always gets.
                            var again = 0
                            for _ in 0..<5 where try runParallel() == reference { again += 1 }
                            result.failure = "seed \(s) (\(knobs)) \(strategy.rawValue) threads=\(threads) shards=\(shards) differs from sequential (right in \(again) of 5 reruns on the same executor); reproduce with: ledgerbench stress --blocks 1 --seed \(s)\n"
                                + firstDifference(got, reference)
                            return result
                        }
                    }
                }
            }
            result.blocks += 1
            result.transactions += block.transactions.count
            log("block \(result.blocks) seed \(s): \(block.transactions.count) txs, \(knobs) — identical in \(result.runs) runs so far")
        }
        return result
    }
}
