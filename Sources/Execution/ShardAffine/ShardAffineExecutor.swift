import Primitives
import StateAccess
import Blocks
import EVM
import Ledger

/// Which shard an account belongs to: the leading bits of keccak(address), i.e. the leading
/// nibble for 16 shards and the leading byte for 256: the ledger's `ShardRouting` for the shard
/// counts the ledger accepts (1, 16, 256), the same rule extended to other powers of two.
enum ExecutionShardRouting {
    /// The shard of an account whose hashed key starts with `prefix` (its leading 64 bits).
    @inline(__always)
    static func shard(ofKeyPrefix prefix: UInt64, shardCount: Int) -> Int {
        precondition(shardCount >= 1 && shardCount <= 65_536 && shardCount & (shardCount - 1) == 0,
                     "shard count must be a power of two up to 65536")
        if shardCount == 1 { return 0 }
        return Int(prefix >> UInt64(64 - shardCount.trailingZeroBitCount))
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
    /// The execution queue of every worker: its transactions in block order. Each sender's
    /// shard comes from the hashed key the base state keeps (`StateView.hashedKeyPrefix`),
    /// announced a few transactions ahead so that the lookups' misses overlap; a view without
    /// hashed keys (the tests' in-memory state) has each distinct sender hashed once.
    static func queues<P: BlockProgram>(_ program: P, workers: Int, shardCount: Int, base: any StateView) -> [[Int32]] {
        var queues = [[Int32]](repeating: [], count: workers)
        for q in queues.indices { queues[q].reserveCapacity(program.transactionCount / workers + 16) }
        var hashed: [Address: UInt64] = [:]
        let n = program.transactionCount, ahead = 8
        for i in 0..<min(2 * ahead, n) { base.prefetch(program.sender(i), i < ahead ? .load : .locate) }
        for i in 0..<n {
            if i + 2 * ahead < n { base.prefetch(program.sender(i + 2 * ahead), .locate) }
            if i + ahead < n { base.prefetch(program.sender(i + ahead), .load) }
            let sender = program.sender(i)
            let prefix: UInt64
            if let p = base.hashedKeyPrefix(sender) {
                prefix = p
            } else if let p = hashed[sender] {
                prefix = p
            } else {
                prefix = ShardRouting.hashedKey(of: sender).w0
                hashed[sender] = prefix
            }
            queues[ExecutionShardRouting.shard(ofKeyPrefix: prefix, shardCount: shardCount) % workers].append(Int32(i))
        }
        return queues
    }

    static func execute<P: BlockProgram>(_ program: P, base: any StateView, pool: WorkerPool, shardCount: Int,
                                         contention: ContentionPolicy? = .default,
                                         workspace: BlockSTMWorkspace = BlockSTMWorkspace(),
                                         reordersExecutedStatus: Bool = false) throws(ExecutionInterrupt) -> BlockOutcome {
        let queues = queues(program, workers: pool.count, shardCount: shardCount, base: base)
        return try BlockSTMExecutor.execute(program, base: base, pool: pool, queues: queues,
                                            queueOfWorker: Array(0..<pool.count),
                                            lookahead: lookahead(workers: pool.count), contention: contention,
                                            workspace: workspace, reordersExecutedStatus: reordersExecutedStatus)
    }

    /// How far a worker may run ahead of the slowest one (transaction indices).
    static func lookahead(workers: Int) -> Int { 4 * workers + 4 }
}
