import CPrefetch
import Synchronization
import Primitives

/// The accounts a transaction declares before it runs: its sender and its recipient (`to`,
/// which may equal `from`). A plain payment touches exactly these (and lazily credits the
/// coinbase); a contract call touches at least these.
struct Footprint: Sendable, Equatable {
    var from: Address
    var to: Address
}

/// Block-STM with pre-declared footprints: per bucket of account addresses, the first and last
/// transaction of the block that declares an account of the bucket (`Footprint`).
///
/// Why: on a block of payments among many accounts, most accounts are touched by one
/// transaction only. Block-STM still versions every write, logs every read and validates it,
/// and on one thread that machinery made Block-STM cost 1.7–2 times what the sequential
/// executor pays for a transfer (recording versions, `MVMemory.record`, about a third of the
/// difference). When every transaction of a block keeps to its declared accounts, a read of an
/// account by its first declaring transaction has no earlier writer to find and can never be
/// invalidated, and a write by its last declaring transaction has no later reader: the first
/// reads the pre-block state unlogged, the last records no version (its write set, which the
/// commit applies, still holds the write). Polygon's Block-STM schedules by dependency
/// metadata the block producer computes; here the footprints come from the transactions
/// themselves, and they are checked, not trusted.
///
/// The check: a transaction that reads or writes an account outside its footprint (a contract
/// that calls another, a balance lookup) sets the run's escape flag; the workers stop, every
/// result of the run is dropped and the block runs again without footprints
/// (`BlockSTMExecutor`, `ExecutionStats.footprintFallback`), so nothing rests on the broken
/// declaration. Storage is always versioned: only account locations are skipped.
/// Lazy accounts (the coinbase, hot payees) are never skipped: their credits are per
/// transaction, outside any footprint (`LazyAccounts`).
///
/// Exactness: buckets are shared by addresses whose hashes collide, so a bucket's first is at
/// most the first of each of its accounts, and its last at least their last. `isFirst` and
/// `isLast` can only answer "no" too often, never "yes" wrongly.
///
/// Layout: one `UInt64` per bucket: this block's epoch (16 bits), first (24), last (24). A
/// bucket of an older epoch is empty, so moving to the next block stores nothing.
///
/// Built by the workers before they execute, in two rounds. `locate` splits the
/// transactions: each range's footprints are read and hashed into their buckets, a pair per
/// transaction in `located`. `note` splits the buckets: each part walks all pairs in order and
/// updates only its own buckets, with plain stores. Why not one round: parts by transaction
/// updated shared buckets by compare-and-swap, and a locked instruction on a missed line
/// cannot overlap the next miss (0.9 ms of a 10,000-transfer block on one thread); parts by
/// bucket that each read and hashed every transaction did that walk once per worker, so two
/// workers took longer than one (about 0.6 ms against 0.5). `note` can split the buckets
/// into parts, but the workspace notes in one: two parts on two cores each took longer than
/// one part alone (`BlockSTMWorkspace.Clearing.footprintParts`).
final class DeclaredFootprints: @unchecked Sendable {
    /// Blocks with more transactions than a bucket's 24-bit fields hold run without footprints.
    static let maximumTransactions = 1 << 24 - 1
    private var buckets: UnsafeMutablePointer<Atomic<UInt64>>
    private var bucketCount: Int
    private var epoch: UInt64 = 0
    private var transactionCount = 0
    /// Per transaction, the buckets of its sender and recipient (-1: the recipient is the
    /// sender), written by `locate`, read by `note`.
    private var located: UnsafeMutablePointer<Int32>
    private var locatedCapacity = 0
    /// Set by `locate` when a transaction declares no footprint (a creation).
    private let undeclared = Atomic<Bool>(false)

    init() {
        bucketCount = 0
        buckets = .allocate(capacity: 0)
        located = .allocate(capacity: 0)
    }

    deinit {
        buckets.deinitialize(count: bucketCount)
        buckets.deallocate()
        located.deallocate()
    }

    /// Readies the table for a block of `transactionCount` transactions, from one thread while
    /// no worker uses it. False when the block is too large for the fields.
    func startBlock(transactionCount n: Int) -> Bool {
        transactionCount = n
        undeclared.store(false, ordering: .relaxed)
        guard n <= Self.maximumTransactions else { return false }
        // About eight buckets per declared account: a tenth of the accounts share a bucket.
        var wanted = 4096
        while wanted < 16 * n && wanted < 1 << 22 { wanted <<= 1 }
        if wanted > bucketCount {
            buckets.deinitialize(count: bucketCount)
            buckets.deallocate()
            buckets = .allocate(capacity: wanted)
            for i in 0..<wanted { (buckets + i).initialize(to: Atomic(0)) }
            bucketCount = wanted
            epoch = 0
        }
        epoch += 1
        if epoch > 0xFFFF {
            for i in 0..<bucketCount { buckets[i].store(0, ordering: .relaxed) }
            epoch = 1
        }
        if 2 * n > locatedCapacity {
            located.deallocate()
            located = .allocate(capacity: 2 * n)
            locatedCapacity = 2 * n
        }
        return true
    }

    /// The first round: the buckets of the footprints of `transactions`. Every transaction
    /// must be located, and the locating published to the noting parts (a releasing/acquiring
    /// handshake), before `note`.
    func locate(_ transactions: Range<Int>, footprint: (Int) -> Footprint?) {
        for tx in transactions {
            guard let f = footprint(tx) else {
                undeclared.store(true, ordering: .relaxed)
                return
            }
            located[2 * tx] = Int32(truncatingIfNeeded: bucket(f.from))
            located[2 * tx + 1] = f.to != f.from ? Int32(truncatingIfNeeded: bucket(f.to)) : -1
        }
    }

    /// The second round, part `part` of `parts`: the buckets in that share of the table, from
    /// every located footprint (after every `locate`, and only when `isComplete`). Every part
    /// must be noted, and published to the readers, before the queries.
    ///
    /// Each bucket is announced 96 pairs before its update, so that its miss can overlap the
    /// updates in between. (The loads of the buckets are still most of this round: the table
    /// is megabytes, read at random.)
    func note(part: Int, of parts: Int) {
        let mine = Int32(bucketCount * part / parts) ..< Int32(bucketCount * (part + 1) / parts)
        let count = 2 * transactionCount, ahead = 96
        for k in 0..<count {
            if k + ahead < count {
                let b = located[k + ahead]
                if mine.contains(b) { cprefetch_write(UnsafeRawPointer(buckets + Int(b))) }
            }
            let b = located[k]
            if mine.contains(b) { note(bucket: Int(b), tx: k >> 1) }
        }
    }

    /// Whether every transaction of the block declared a footprint (after every `locate`).
    var isComplete: Bool { !undeclared.load(ordering: .relaxed) }

    @inline(__always)
    private func bucket(_ address: Address) -> Int {
        Int(truncatingIfNeeded: MVKey.mix(address) >> 20) & (bucketCount - 1)
    }

    /// Notes that `tx` declares an account of bucket `b`. Transactions come in order and a
    /// bucket has one builder: the first note of this block sets both ends, later ones move
    /// the last.
    @inline(__always)
    private func note(bucket b: Int, tx: Int) {
        let t = UInt64(tx)
        let old = buckets[b].load(ordering: .relaxed)
        let new = old >> 48 != epoch ? epoch << 48 | t << 24 | t : old & ~0xFF_FFFF | t
        buckets[b].store(new, ordering: .relaxed)
    }

    /// Whether no transaction before `tx` declares `address` (which `tx` declares).
    @inline(__always)
    func isFirst(_ address: Address, tx: Int) -> Bool {
        let v = buckets[bucket(address)].load(ordering: .relaxed)
        return v >> 48 == epoch && v >> 24 & 0xFF_FFFF == UInt64(tx)
    }

    /// Whether no transaction after `tx` declares `address` (which `tx` declares).
    @inline(__always)
    func isLast(_ address: Address, tx: Int) -> Bool {
        let v = buckets[bucket(address)].load(ordering: .relaxed)
        return v >> 48 == epoch && v & 0xFF_FFFF == UInt64(tx)
    }

    /// Starts loading the bucket of `address`.
    @inline(__always)
    func prefetch(_ address: Address) {
        cprefetch_read(UnsafeRawPointer(buckets + bucket(address)))
    }
}

/// What one incarnation may skip under declared footprints (`DeclaredFootprints`), decided as
/// it begins. `active` false: the block runs without footprints and nothing is skipped.
struct FootprintPlan: Sendable {
    var active = false
    var footprint = Footprint(from: .zero, to: .zero)
    /// Reads of the sender / recipient that go to the pre-block state, unlogged.
    var readsFromBase = (from: false, to: false)
    /// Writes of the sender / recipient that record no version.
    var unversioned = (from: false, to: false)

    static let inactive = FootprintPlan()

    /// Whether a read of `address` goes to the pre-block state unlogged.
    @inline(__always)
    func readsFromBase(_ address: Address) -> Bool {
        active && (address == footprint.from ? readsFromBase.from : address == footprint.to && readsFromBase.to)
    }

    /// Whether a write of `address` records no version.
    @inline(__always)
    func isUnversioned(_ address: Address) -> Bool {
        active && (address == footprint.from ? unversioned.from : address == footprint.to && unversioned.to)
    }

    /// How many distinct declared accounts this incarnation reads unlogged and writes without a
    /// version (`ExecutionStats.unloggedReads`, `unversionedWrites`); 0 when inactive.
    var unloggedReadCount: Int { count(readsFromBase) }
    var unversionedWriteCount: Int { count(unversioned) }

    @inline(__always)
    private func count(_ flags: (from: Bool, to: Bool)) -> Int {
        guard active else { return 0 }
        return (flags.from ? 1 : 0) + (footprint.to != footprint.from && flags.to ? 1 : 0)
    }

    /// Whether `address` is one of the declared accounts.
    @inline(__always)
    func declares(_ address: Address) -> Bool {
        address == footprint.from || address == footprint.to
    }
}
