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
    /// buckets[run * shardCount + shard]. A buffer, not an array property: runs store their
    /// buckets concurrently, and mutating one array from two threads is a race even when
    /// the elements differ (ThreadSanitizer reported it).
    private let buckets: UnsafeMutableBufferPointer<[ShardWrite]>
    let runs: Int
    let shardCount: Int

    init(runs: Int, shardCount: Int) {
        self.runs = runs
        self.shardCount = shardCount
        buckets = .allocate(capacity: runs * shardCount)
        buckets.initialize(repeating: [])
    }

    deinit {
        buckets.baseAddress!.deinitialize(count: buckets.count)
        buckets.deallocate()
    }

    /// Routes write sets `range` as run `run`. Runs touch disjoint buckets, so they may
    /// proceed concurrently; `index` is only read.
    func route(_ writeSets: [WriteSet], _ range: Range<Int>, run: Int, index: AccountIndex) {
        var local = [[ShardWrite]](repeating: [], count: shardCount)
        // Sized for an even spread and a little more: grown by doubling, the buckets were
        // copied several times and page-faulted fresh memory, which the kernel serialises
        // between the runs.
        let expected = range.count * 3 / shardCount + 16
        for s in 0..<shardCount { local[s].reserveCapacity(expected) }
        // The last pure credit routed per address, in a small direct-mapped table: a following
        // pure credit to the same address, with no other write to it in between, is added to
        // it instead of routed (see `PendingCredit`).
        var credits = [PendingCredit?](repeating: nil, count: Self.creditSlots)
        // Each write's index entry is a cache miss (the index spans megabytes): the entries
        // of the write sets `lookahead` ahead are announced as each write set is routed.
        let lookahead = 8
        // Through a buffer: taking a write set out of the array retained and released it.
        writeSets.withUnsafeBufferPointer { sets in
            for i in range.lowerBound ..< min(range.upperBound, range.lowerBound + lookahead) {
                sets[i].accounts.forEachInPlace { a, _ in index.prefetchEntry(a) }
            }
            for i in range {
                if i + lookahead < range.upperBound {
                    sets[i + lookahead].accounts.forEachInPlace { a, _ in index.prefetchEntry(a) }
                }
                sets[i].accounts.forEachInPlace { a, w in
                    let slot = Int(truncatingIfNeeded: a.mid ^ UInt64(a.lo)) & (Self.creditSlots - 1)
                    let pure = w.pointee.isPureCredit
                    if pure, let c = credits[slot], c.address == a {
                        local[c.shard][c.position].balanceDelta =
                            LedgerWord.add(local[c.shard][c.position].balanceDelta, w.pointee.balanceDelta)
                        return
                    }
                    // `w` outlives this closure: it points into the write set, which the
                    // caller keeps unchanged until the shards have applied it (`ShardWrite`).
                    let shard: Int
                    if let found = index.findWithShard(a) {
                        shard = found.shard
                        local[shard].append(ShardWrite(address: a, write: w, record: found.record))
                    } else {
                        let key = ShardRouting.hashedKey(of: a)
                        shard = ShardRouting.shard(ofHashedKey: key, shardCount: shardCount)
                        local[shard].append(ShardWrite(address: a, hashedKey: key, write: w))
                    }
                    if pure {
                        credits[slot] = PendingCredit(address: a, shard: shard, position: local[shard].count - 1)
                    } else if credits[slot]?.address == a {
                        credits[slot] = nil
                    }
                }
            }
        }
        for s in 0..<shardCount { buckets[run * shardCount + s] = local[s] }
    }

    /// Coalescing: every transaction credits the coinbase with its fee, so a block of N
    /// transactions routed N writes to the coinbase's shard, a third of all writes of a block of
    /// transfers, applied one by one on one queue while the other queues idled. Consecutive
    /// pure credits to one account sum exactly (the shard adds balances modulo 2^256, and its
    /// "remove if empty" check depends only on the state after the last of them), so the
    /// shard applies one. Only credits with no other write to the account between them are
    /// summed, which keeps block order for everything else.
    private struct PendingCredit {
        var address: Address
        var shard: Int
        var position: Int
    }

    private static let creditSlots = 64

    /// The shards, those with the most routed writes first: the order in which the workers
    /// should claim them. Why: one account that most transactions write (an ERC-20 token's
    /// storage) makes its shard several times the work of any other; claimed in index order,
    /// that shard could start last and run alone while the other workers idled.
    func shardsHeaviestFirst() -> [Int] {
        var counts = [Int](repeating: 0, count: shardCount)
        for run in 0..<runs { for s in 0..<shardCount { counts[s] += buckets[run * shardCount + s].count } }
        return (0..<shardCount).sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
    }

    /// The writes for `shard` from run `run`, moved out (the bucket is left empty). Each bucket
    /// is taken by one worker.
    func takeBucket(run: Int, shard: Int) -> [ShardWrite] {
        let i = run * shardCount + shard
        let writes = (buckets.baseAddress! + i).move()
        (buckets.baseAddress! + i).initialize(to: [])
        return writes
    }
}
