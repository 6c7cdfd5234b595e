import Blocks
import Foundation
import Primitives
import StateAccess
import Trie

/// Why a ledger could not be made.
public enum LedgerError: Error, Equatable, CustomStringConvertible {
    case invalidShardCount(Int)
    case invalidWorkerCount(Int)

    public var description: String {
        switch self {
        case .invalidShardCount(let n): return "shard count must be 1, 16 or 256, got \(n)"
        case .invalidWorkerCount(let n): return "worker count must be at least 1, got \(n)"
        }
    }
}

/// The world state, partitioned into shards by the leading nibbles of keccak(address).
///
/// Each shard owns its accounts, their storage and its subtree of the state trie. `apply` routes
/// writes to shards and the shards apply them concurrently; `stateRoot` lets every shard update
/// and hash its subtree concurrently (only along changed paths) and then merges the shard
/// references into the root with at most 17 extra node encodings.
///
/// Concurrency: shards run on `workers` dedicated serial queues, created once per ledger
/// (`ShardQueues`); in each phase every queue claims the next unprocessed shard until none is
/// left, so a shard is worked on by one thread at a time and needs no locks. Reads
/// (`StateView`) are lookups in the read index (`AccountIndex`) and are safe from any number
/// of threads while no `apply` or `stateRoot` runs.
public final class ShardedLedger: StateView, @unchecked Sendable {
    public let shardCount: Int
    let shards: [Shard]
    /// Every record (including ones deleted since the last root) by address: the read path.
    let index = AccountIndex()
    /// Code by hash; content-addressed, so shards only ever add to it.
    var codes: [Bytes32: [UInt8]] = [:]
    /// BLOCKHASH answers; zero when absent.
    public var blockHashes: [UInt64: Bytes32] = [:]
    private var queues: ShardQueues
    private var mergeContext = HashContext()
    private var cachedRoot: Bytes32?

    /// The number of serial queues the shards are spread over (1...shardCount).
    public var workers: Int {
        get { queues.count }
        set {
            let n = Swift.max(1, Swift.min(newValue, shardCount))
            if n != queues.count { queues = ShardQueues(count: n) }
        }
    }

    public init(shardCount: Int = 16, workers: Int? = nil) throws {
        guard ShardRouting.validShardCounts.contains(shardCount) else { throw LedgerError.invalidShardCount(shardCount) }
        if let w = workers, w < 1 { throw LedgerError.invalidWorkerCount(w) }
        self.shardCount = shardCount
        let depth = ShardRouting.depth(shardCount: shardCount)
        shards = (0..<shardCount).map { Shard(index: $0, depth: depth) }
        let w = workers ?? ProcessInfo.processInfo.activeProcessorCount
        queues = ShardQueues(count: Swift.max(1, Swift.min(w, shardCount)))
    }

    /// A ledger holding a genesis (`pre`) allocation.
    public convenience init(genesis: [Address: GenesisAccount], shardCount: Int = 16, workers: Int? = nil) throws {
        try self.init(shardCount: shardCount, workers: workers)
        load(genesis)
    }

    /// Runs `body(shard)` for every shard, each worker taking the next unclaimed shard until none
    /// is left, and waits. A worker that the OS deschedules (another process on the machine) or
    /// that drew heavier shards does not hold the phase up while the other worker idles, as a
    /// fixed shard-to-queue assignment would. Each shard still runs on one thread at a time.
    func forEachShard(_ body: @escaping @Sendable (Shard) -> Void) {
        let shards = self.shards
        lastWorkerCPUSeconds = queues.run([TaskPhase(count: shards.count) { i, _ in body(shards[i]) }])
    }

    /// CPU time each worker spent in the last parallel operation: `apply` (routing and the
    /// shards' part), or `stateRoot` (all its phases, summed, when storage was split). On a
    /// shared machine wall time includes waiting for a core; the slowest worker's CPU time is
    /// the phase's critical path, which is what the worker count can shorten.
    public private(set) var lastWorkerCPUSeconds: [Double] = []

    // MARK: Writes

    /// Loads genesis accounts (as writes that set info, code and storage).
    func load(_ genesis: [Address: GenesisAccount]) {
        var ws = WriteSet()
        ws.accounts.reserveCapacity(genesis.count)
        for (a, g) in genesis {
            ws.accounts[a] = AccountWrite(info: AccountInfo(nonce: g.nonce, balance: g.balance),
                                          code: g.code.isEmpty ? nil : g.code, storage: g.storage)
        }
        apply([ws])
    }

    /// Applies write sets in order: routed to shards in parallel (`WriteRouter`), then each
    /// shard applies its writes on its queue; both steps in one job per queue (`ShardQueues`).
    /// The routed writes point into `writeSets` (`ShardWrite`), which this call holds
    /// unchanged until the shards are done.
    public func apply(_ writeSets: [WriteSet]) {
        let w = queues.count
        // Enough writes to route in parallel? Counted only up to the threshold: each write set's
        // count is a cache miss, and summing all of them was a serial pass over the block.
        var total = 0
        for ws in writeSets {
            if total >= 2048 { break }
            total += ws.accounts.count
        }
        let runs = (w > 1 && total >= 2048) ? w : 1
        let router = WriteRouter(runs: runs, shardCount: shardCount)
        let n = writeSets.count
        let sets = UncheckedSendable(writeSets)
        let index = self.index
        let largeFrom = w > 1 ? splitStorageFrom : nil
        let order = PhaseValue<[Int]>([])
        let shardCount = self.shardCount, shards = self.shards
        lastWorkerCPUSeconds = queues.run([
            TaskPhase(count: runs) { run, _ in
                router.route(sets.value, (n * run / runs)..<(n * (run + 1) / runs), run: run, index: index)
            },
            TaskPhase(count: shardCount, prepare: {
                order.value = w > 1 ? router.shardsHeaviestFirst() : Array(0..<shardCount)
            }) { i, _ in
                let s = shards[order.value[i]]
                for run in 0..<router.runs {
                    let writes = router.takeBucket(run: run, shard: s.index)
                    if !writes.isEmpty { s.apply(writes, largeFrom: largeFrom) }
                    // (`writes` is freed here, on the shard's worker, not by the router's deinit
                    // on the calling thread after the phase.)
                }
            },
        ])
        shardOrder = order.value
        for s in shards {
            for r in s.created { index.insert(r) }
            for (h, c) in s.newCode { codes[h] = c }
            s.created = []; s.newCode = []
        }
        cachedRoot = nil
    }

    /// The order in which the workers last claimed the shards to apply writes; the root phase
    /// claims them in the same order. Why: claimed in the same order, a shard tends to go to
    /// the worker that just applied its writes and holds its records in its cache; claimed in
    /// index order after a heaviest-first commit, more of them moved between cores, and the
    /// root phase of a 2-thread block took 18 or 22–26 ms from one pass to the next.
    private var shardOrder: [Int] = []

    // MARK: Root

    /// The state root. Shards update and hash their subtrees concurrently (only dirty paths);
    /// the shard references are then merged here.
    ///
    /// With more than one worker, an account with at least `splitStorageFrom` dirty slots (a
    /// token or a pool that most transactions write) has its storage batch spread over the
    /// workers (`StorageSplit`) instead of running on its shard's thread alone.
    public func stateRoot() -> Bytes32 {
        if let r = cachedRoot { return r }
        if queues.count == 1 {
            forEachShard { s in s.updateTrie() }
        } else {
            updateTriesSplittingStorage()
        }
        for s in shards {
            for a in s.removed { index.remove(a) }
            s.removed = []
        }
        let root = RootMerger(shards: shards, depth: ShardRouting.depth(shardCount: shardCount)).root(&mergeContext)
        cachedRoot = root
        return root
    }

    /// Dirty slots from which an account's storage batch is split over the workers.
    public var splitStorageFrom = 2 * StorageSplit.chunkSize
    /// Storage batches split so far.
    public private(set) var storageSplits = 0

    /// `updateTrie` for every shard, with large storage batches spread over all workers:
    /// 1. the records that `apply` listed as large become `StorageSplit`s (here, serially: a
    ///    few records);
    /// 2. each shard updates its other storage tries and its subtree (hashing it unless it
    ///    holds a split), and, as tasks of the same phase, the splits' slots are hashed a chunk
    ///    per task;
    /// 3. the splits' sixteen subtrees are updated, one per task;
    /// 4. the shards that hold splits add their storage roots and leaves and hash their subtrees.
    /// Steps 2–4 are the phases of one job per queue (`ShardQueues`).
    private func updateTriesSplittingStorage() {
        let threshold = splitStorageFrom
        var found: [StorageSplit] = []
        for s in shards {
            for r in s.takeLargeStorage() where r.exists && r.dirtySlots.count >= threshold {
                guard let split = StorageSplit(record: r) else { continue }
                r.splitPending = true
                s.pendingSplits.append(split)
                found.append(split)
            }
        }
        let splits = found
        storageSplits += splits.count
        let contexts = TaskContexts(count: queues.count)
        // Shards first: they are the larger tasks, and the chunks then fill the gaps.
        var chunks: [(split: Int, chunk: Int)] = []
        for (i, split) in splits.enumerated() { for c in 0..<split.chunkCount { chunks.append((i, c)) } }
        let chunkList = UncheckedSendable(chunks)
        let shardCount = shards.count
        let order = shardOrder.count == shardCount ? shardOrder : Array(0..<shardCount)
        let owners = shards.filter { !$0.pendingSplits.isEmpty }
        lastWorkerCPUSeconds = queues.run([
            TaskPhase(count: shardCount + chunks.count) { [shards] t, w in
                if t < shardCount { shards[order[t]].updateStorageAndSubtree(); return }
                let (i, c) = chunkList.value[t - shardCount]
                splits[i].hash(chunk: c, &contexts[w])
            },
            TaskPhase(count: 16 * splits.count) { t, w in splits[t >> 4].apply(part: t & 15, &contexts[w]) },
            TaskPhase(count: owners.count) { i, _ in owners[i].finishSplits() },
        ])
        contexts.addCounts(to: &mergeContext)
    }

    /// Keccak calls made by this ledger so far (all shards and the merge).
    public var keccakCalls: Int { shards.reduce(mergeContext.keccakCalls) { $0 + $1.context.keccakCalls } }
    /// Trie nodes encoded so far: the nodes on changed paths of every root computation.
    public var nodesEncoded: Int { shards.reduce(mergeContext.nodesEncoded) { $0 + $1.context.nodesEncoded } }

    /// Number of existing accounts.
    public var accountCount: Int {
        var n = 0
        index.forEach { if $0.exists { n += 1 } }
        return n
    }

    // MARK: Copy and dump

    /// An independent deep copy (same shard and worker counts).
    public func copy() -> ShardedLedger {
        let l = try! ShardedLedger(shardCount: shardCount, workers: workers)
        let boxes = (0..<shardCount).map { _ in ShardBox() }
        forEachShard { s in boxes[s.index].shard = s.clone() }
        l.replaceShards(boxes.map { $0.shard! })
        l.codes = codes
        l.blockHashes = blockHashes
        l.cachedRoot = cachedRoot
        return l
    }

    private func replaceShards(_ new: [Shard]) {
        for (i, s) in new.enumerated() {
            shards[i].accounts = s.accounts; shards[i].trie = s.trie; shards[i].dirty = s.dirty
        }
        index.reserveCapacity(new.reduce(0) { $0 + $1.accounts.count })
        for s in shards { for r in s.accounts.values { index.insert(r) } }
    }

    /// Every existing account, sorted by address, for a result's `post` section. Brings roots up
    /// to date first so that storage roots are current.
    public func dump() -> [(address: Address, info: AccountInfo, code: [UInt8], storage: [(slot: U256, value: U256)], storageRoot: Bytes32)] {
        _ = stateRoot()
        var records: [AccountRecord] = []
        index.forEach { if $0.exists { records.append($0) } }
        return records.sorted { $0.address < $1.address }.map { r in
            let slots = r.storage.map { (slot: $0.key, value: $0.value) }.sorted { LedgerWord.less($0.slot, $1.slot) }
            return (r.address, r.info, code(hash: r.info.codeHash), slots, r.storageRoot)
        }
    }

    // MARK: StateView

    public func account(_ address: Address) throws(StateViewError) -> AccountInfo? {
        guard let r = index.find(address) else { return nil }
        return r._withUnsafeGuaranteedRef { $0.exists ? $0.info : nil }
    }

    public func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 {
        guard let r = index.find(address) else { return .zero }
        return r._withUnsafeGuaranteedRef { $0.storage[slot] ?? .zero }
    }

    public func hasStorage(_ address: Address) throws(StateViewError) -> Bool {
        guard let r = index.find(address) else { return false }
        return r._withUnsafeGuaranteedRef { !$0.storage.isEmpty }
    }

    public func code(hash: Bytes32) -> [UInt8] { codes[hash] ?? [] }

    public func blockHash(_ number: UInt64) -> Bytes32 { blockHashes[number] ?? .zero }

    public func hashedKeyPrefix(_ address: Address) -> UInt64? {
        index.find(address)?._withUnsafeGuaranteedRef { $0.hashedKey.w0 }
    }

    public func prefetch(_ address: Address, _ step: PrefetchStep) {
        switch step {
        case .locate: index.prefetchEntry(address)
        case .load: index.prefetchRecord(address)
        }
    }
}

/// One hashing context per worker for tasks that belong to no shard (`StorageSplit`).
final class TaskContexts: @unchecked Sendable {
    private let contexts: UnsafeMutableBufferPointer<HashContext>
    init(count: Int) {
        contexts = .allocate(capacity: count)
        contexts.initialize(repeating: HashContext())
    }
    deinit {
        contexts.baseAddress!.deinitialize(count: contexts.count)
        contexts.deallocate()
    }

    /// Worker `w`'s context; only worker `w` uses it while a phase runs.
    subscript(w: Int) -> HashContext {
        get { contexts[w] }
        _modify { yield &contexts[w] }
    }

    /// Adds the counters to `total` (after the phases).
    func addCounts(to total: inout HashContext) {
        for c in contexts {
            total.keccakCalls += c.keccakCalls
            total.nodesEncoded += c.nodesEncoded
        }
    }
}

/// A slot a worker fills with its shard's copy.
final class ShardBox: @unchecked Sendable { var shard: Shard? }

/// A value handed to the worker queues that only read it while the operation runs (a queue
/// that starts late keeps it until its job runs, without reading it: `ShardQueues`).
struct UncheckedSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
