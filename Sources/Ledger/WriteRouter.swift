import Dispatch
import Primitives
import StateAccess

/// Routes a block's write sets to shards, in parallel: each worker takes a contiguous run of
/// write sets and sorts its writes into per-shard buckets, hashing the addresses the ledger
/// does not know yet. A shard then applies the buckets of run 0, run 1, … in turn, which is
/// block order.
///
/// Why: routing was a serial loop over every account write (two read-index lookups each, plus
/// a keccak for new accounts) before the shards could start; for a 10,000-transaction block it
/// was most of the commit phase, so commit did not get faster with more workers.
final class WriteRouter: @unchecked Sendable {
    /// buckets[run * shardCount + shard]
    private var buckets: [[ShardWrite]]
    let runs: Int
    let shardCount: Int

    init(runs: Int, shardCount: Int) {
        self.runs = runs
        self.shardCount = shardCount
        buckets = Array(repeating: [], count: runs * shardCount)
    }

    /// Routes write sets `range` as run `run`. Runs touch disjoint buckets, so they may
    /// proceed concurrently; `index` is only read.
    func route(_ writeSets: [WriteSet], _ range: Range<Int>, run: Int, index: AccountIndex) {
        var local = [[ShardWrite]](repeating: [], count: shardCount)
        for i in range {
            for (a, w) in writeSets[i].accounts {
                let key: Bytes32, shard: Int
                if let r = index.find(a) {
                    (key, shard) = r._withUnsafeGuaranteedRef { ($0.hashedKey, $0.shard) }
                } else {
                    key = ShardRouting.hashedKey(of: a)
                    shard = ShardRouting.shard(ofHashedKey: key, shardCount: shardCount)
                }
                local[shard].append(ShardWrite(address: a, hashedKey: key, write: w))
            }
        }
        buckets.withUnsafeMutableBufferPointer { b in
            for s in 0..<shardCount { b[run * shardCount + s] = local[s] }
        }
    }

    /// The writes for `shard` from run `run`.
    func bucket(run: Int, shard: Int) -> [ShardWrite] { buckets[run * shardCount + shard] }
}
