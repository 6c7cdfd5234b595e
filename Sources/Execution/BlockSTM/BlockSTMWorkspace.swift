import Synchronization
import Primitives

/// What Block-STM keeps from one block to the next: the multi-version memory, the
/// per-transaction records and the workers' arenas of read sets and write locations. All are
/// emptied, not freed, between blocks.
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
    /// The lists live in the arenas of the worker that ran the incarnation (`RecordArena`).
    struct TxRecord {
        var reads = UnsafeBufferPointer<ReadRecord>(start: nil, count: 0)
        var keys = UnsafeBufferPointer<MVKey>(start: nil, count: 0)
    }

    /// The multi-version memory, made by the first `prepare`: a workspace that only ever
    /// serves the sequential paths (`ParallelExecutor` with the sequential strategy) holds none
    /// (its lowest-writer filters alone are a megabyte).
    private var storedMemory: MVMemory?
    var memory: MVMemory {
        guard let storedMemory else { preconditionFailure("BlockSTMWorkspace.memory before prepare") }
        return storedMemory
    }
    private(set) var records: LockedArray<TxRecord>
    /// Per worker: where its incarnations' read sets and written locations are kept.
    private(set) var readArenas: [RecordArena<ReadRecord>] = []
    private(set) var keyArenas: [RecordArena<MVKey>] = []
    /// Per transaction, the result of its last incarnation: an `OrderedSlots<V>` of the
    /// executor's result type `V`, all `empty` between blocks (`resultSlots`).
    private var results: AnyObject?
    /// The overlay tables of the sequential paths: the sequential strategy, blocks below the
    /// parallel threshold and the fallbacks (`OverlayMemory` says why they are kept). Used by
    /// the calling thread only, one block at a time.
    let overlayMemory = OverlayMemory()
    /// The block's declared footprints (`DeclaredFootprints`), built by the workers as they start.
    let footprints = DeclaredFootprints()

    init() {
        records = LockedArray(repeating: TxRecord(), count: 0)
    }

    /// At least `count` result slots, all `empty`: the last block's, when they are of type `V`
    /// and enough. Why kept: initialising a fresh 10,000 slots (a megabyte, through the generic
    /// value witnesses) was 0.3 ms of a 10,000-transfer block's execution, on the calling
    /// thread. The executor leaves every slot `empty` again (`BlockSTMExecutor.Run`).
    func resultSlots<V>(count: Int, empty: V) -> OrderedSlots<V> {
        if let slots = results as? OrderedSlots<V>, slots.count >= count { return slots }
        let slots = OrderedSlots(repeating: empty, count: count)
        results = slots
        return slots
    }

    /// Readies the workspace for a block of `n` transactions run by `workers` workers: the
    /// serial part here, on the calling thread; the clearing is left to the workers, which
    /// each call `finishClearing` as they start (`BlockSTMExecutor.Run.work`).
    ///
    /// Why inside the workers' job and not a pool run of its own: each pool run wakes every
    /// worker, and a woken worker sometimes started 0.8–2 ms late; a second run per block
    /// paid that wake twice, and its clearing waited for the slowest worker to arrive.
    /// `footprints`: whether the workers also build the block's declared footprints.
    func prepare(transactionCount n: Int, beneficiary: Address, hotPayees: [Address] = [], workers: Int,
                 footprints wantsFootprints: Bool = false) {
        // Larger blocks spread their locations over more locks.
        let shards = n >= 4096 ? 1024 : 256
        let fresh = storedMemory?.shardCount != shards
        if fresh {
            storedMemory = MVMemory(shardCount: shards, transactionCount: n, beneficiary: beneficiary,
                                    hotPayees: hotPayees)
        } else {
            memory.prepare(transactionCount: n, beneficiary: beneficiary, hotPayees: hotPayees)
        }
        if records.count < n { records = LockedArray(repeating: TxRecord(), count: n) }
        while readArenas.count < workers {
            readArenas.append(RecordArena())
            keyArenas.append(RecordArena())
        }
        let buildsFootprints = wantsFootprints && footprints.startBlock(transactionCount: n)
        clearing = Clearing(parts: workers, transactions: n, clearsMemory: !fresh,
                            footprintParts: buildsFootprints ? 1 : 0)
        for i in 0..<clearingCounters.count { clearingCounters[i].pointee.store(0, ordering: .relaxed) }
    }

    /// This block's clearing, in `parts` parts (one per worker: part `p` also rewinds worker
    /// `p`'s arenas) that any worker may claim.
    private var clearing = Clearing(parts: 0, transactions: 0, clearsMemory: false, footprintParts: 0)
    /// The next clearing part to claim and the clearing parts done; the same for the
    /// footprint-noting parts.
    private let clearingCounters = PaddedCounters(count: 4)

    private struct Clearing {
        let parts: Int
        let transactions: Int
        let clearsMemory: Bool
        /// How many parts note the declared footprints (`DeclaredFootprints.note`): 1, or 0
        /// when the block runs without them. Why one: every noting part walks every
        /// transaction's buckets and skips those outside its share, and two parts on two cores
        /// each took 220–290 µs of a 10,000-transfer block where one part alone took 150 µs
        /// (timed at both thread counts). The other workers wait at the barrier either way.
        let footprintParts: Int
    }

    /// Whether this block runs with declared footprints: asked for, and every transaction
    /// declared one. Valid once `finishClearing` returned.
    var usesFootprints: Bool { clearing.footprintParts > 0 && footprints.isComplete }

    deinit { clearingCounters.deallocate() }

    /// Claims and does clearing parts until none is left, then waits until every part is done
    /// (a worker that starts late finds the work done and goes straight on). Called by every
    /// worker before it touches the workspace. When the block wants declared footprints, each
    /// clearing part also locates its share of the transactions' footprints
    /// (`DeclaredFootprints.locate`, from `footprint`: `BlockProgram.footprint`), and a second
    /// round of claimed parts notes them into the table (`DeclaredFootprints.note`).
    func finishClearing(footprint: (Int) -> Footprint?) {
        // `records` once, in a constant: read through the `var` in the loop, every element
        // retained and released the array object, and with every worker clearing at once
        // those locked instructions pulled its header line from core to core (at two threads,
        // 4% of a transfers block's CPU time).
        let c = clearing, counters = clearingCounters, records = records
        let cleared = min(c.transactions, records.count)
        while true {
            let part = counters[0].pointee.wrappingAdd(1, ordering: .relaxed).oldValue
            if part >= c.parts { break }
            if c.clearsMemory { memory.clear(part: part, of: c.parts) }
            readArenas[part].reset()
            keyArenas[part].reset()
            // A contiguous share: parts that took every `parts`-th record wrote the same lines.
            for i in cleared * part / c.parts ..< cleared * (part + 1) / c.parts {
                records.withLock(i) { $0 = TxRecord() }
            }
            if c.footprintParts > 0 {
                footprints.locate(c.transactions * part / c.parts ..< c.transactions * (part + 1) / c.parts,
                                  footprint: footprint)
            }
            counters[1].pointee.wrappingAdd(1, ordering: .releasing)
        }
        var idle = 0
        while counters[1].pointee.load(ordering: .acquiring) < c.parts { Backoff.pause(&idle) }
        guard c.footprintParts > 0 && footprints.isComplete else { return }
        while true {
            let part = counters[2].pointee.wrappingAdd(1, ordering: .relaxed).oldValue
            if part >= c.footprintParts { break }
            footprints.note(part: part, of: c.footprintParts)
            counters[3].pointee.wrappingAdd(1, ordering: .releasing)
        }
        idle = 0
        while counters[3].pointee.load(ordering: .acquiring) < c.footprintParts { Backoff.pause(&idle) }
    }
}
