import Primitives

/// What Block-STM keeps from one block to the next: the multi-version memory and the
/// per-transaction read and write-location sets. Both are emptied, not freed, between blocks.
///
/// Why: building these afresh for every block meant allocating, page-faulting and freeing a
/// few megabytes of hash tables and tens of thousands of small arrays per 10,000-transaction
/// block — together more than a tenth of the execution time of a low-contention block, spent
/// by the calling thread while the other workers idle. Kept, the steady state allocates
/// nothing for them. Memory stays bounded by the largest block run so far.
///
/// One block at a time: `prepare` runs before the workers start, on the calling thread.
final class BlockSTMWorkspace: @unchecked Sendable {
    /// One transaction's last incarnation: what it read (for validation) and the locations it
    /// wrote (to turn into ESTIMATEs on abort and to diff against the next incarnation).
    struct TxRecord {
        var reads: [ReadRecord] = []
        var keys: [MVKey] = []
    }

    private(set) var memory: MVMemory
    private(set) var records: LockedArray<TxRecord>

    init() {
        memory = MVMemory(shardCount: 256)
        records = LockedArray(repeating: TxRecord(), count: 0)
    }

    /// Readies the workspace for a block of `n` transactions; the clearing is spread over the
    /// pool's workers, which are idle at that point anyway.
    func prepare(transactionCount n: Int, beneficiary: Address, pool: WorkerPool) {
        // Larger blocks spread their locations over more locks.
        let shards = n >= 4096 ? 1024 : 256
        let fresh = memory.shardCount != shards
        if fresh {
            memory = MVMemory(shardCount: shards, expectedLocations: 3 * n, transactionCount: n, beneficiary: beneficiary)
        } else {
            memory.prepare(transactionCount: n, beneficiary: beneficiary)
        }
        if records.count < n { records = LockedArray(repeating: TxRecord(), count: n) }
        let memory = self.memory, records = self.records, workers = pool.count
        pool.run { w in
            if !fresh { memory.clear(part: w, of: workers) }
            var i = w
            while i < min(n, records.count) {
                records.withLock(i) { r in
                    r.reads.removeAll(keepingCapacity: true)
                    r.keys.removeAll(keepingCapacity: true)
                }
                i += workers
            }
        }
    }
}
