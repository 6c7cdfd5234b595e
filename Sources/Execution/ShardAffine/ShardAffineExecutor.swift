import Primitives
import StateAccess
import Blocks
import EVM
import Ledger

/// Which shard an account belongs to: the leading bits of keccak(address), i.e. the leading
/// nibble for 16 shards and the leading byte for 256: the ledger's `ShardRouting` for the shard
/// counts the ledger accepts (1, 16, 256), the same rule extended to other powers of two.
enum ExecutionShardRouting {
    static func shard(of address: Address, shardCount: Int) -> Int {
        if ShardRouting.validShardCounts.contains(shardCount) { return ShardRouting.shard(of: address, shardCount: shardCount) }
        precondition(shardCount >= 1 && shardCount <= 65_536 && shardCount & (shardCount - 1) == 0,
                     "shard count must be a power of two up to 65536")
        if shardCount == 1 { return 0 }
        let bits = shardCount.trailingZeroBitCount
        let top = Keccak256.hash(address.bytes).w0
        return Int(top >> UInt64(64 - bits))
    }
}

/// The shard-affine strategy: shards are dealt to the T workers (worker `w` owns the shards
/// `s` with `s % T == w`); a transaction executes on the worker that owns its sender's shard,
/// in block order within that worker, against the same multi-version memory as Block-STM.
/// Conflicts across shards are caught by the same validation (any worker validates any
/// transaction, lowest index first) and re-execution (back on the owner's queue).
///
/// It exists to measure when locality beats a global scheduler and when skew — one worker
/// owning most of the senders — makes it lose: an idle worker can only validate.
enum ShardAffineExecutor {
    /// The execution queue of every worker: its transactions in block order.
    static func queues<P: BlockProgram>(_ program: P, workers: Int, shardCount: Int) -> [[Int32]] {
        var queues = [[Int32]](repeating: [], count: workers)
        var cache: [Address: Int] = [:]
        for i in 0..<program.transactionCount {
            let sender = program.sender(i)
            let shard: Int
            if let s = cache[sender] { shard = s } else {
                shard = ExecutionShardRouting.shard(of: sender, shardCount: shardCount)
                cache[sender] = shard
            }
            queues[shard % workers].append(Int32(i))
        }
        return queues
    }

    static func execute<P: BlockProgram>(_ program: P, base: any StateView, pool: WorkerPool, shardCount: Int,
                                         contention: ContentionPolicy? = .default,
                                         workspace: BlockSTMWorkspace = BlockSTMWorkspace()) throws(ExecutionInterrupt) -> BlockOutcome {
        let queues = queues(program, workers: pool.count, shardCount: shardCount)
        return try BlockSTMExecutor.execute(program, base: base, pool: pool, queues: queues,
                                            queueOfWorker: Array(0..<pool.count),
                                            lookahead: lookahead(workers: pool.count), contention: contention,
                                            workspace: workspace)
    }

    /// How far a worker may run ahead of the slowest one (transaction indices).
    static func lookahead(workers: Int) -> Int { 4 * workers + 4 }
}
