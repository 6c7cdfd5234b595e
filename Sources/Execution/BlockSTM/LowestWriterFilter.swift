import CPrefetch
import Synchronization
import Primitives

/// Per bucket of location hashes, the lowest transaction that recorded a version in one of
/// them this block. A read by transaction `tx` of a location whose bucket holds `tx` or more
/// has no version below it to find: it goes straight to the pre-block state without taking a
/// shard lock or probing a table.
///
/// Why: at low contention almost every read is of a location no earlier transaction wrote.
/// That failed lookup (a lock, whose line the other workers also write, and a cache miss into
/// megabytes of tables) was the largest part of what a Block-STM read cost over a sequential
/// one. An earlier filter kept one bit per address ("some transaction wrote it"); it could not
/// help validation, which runs after the transaction recorded its own writes and so always
/// found the bit set, nor reads of a contract's slots once any transaction had written one.
/// Keyed by location and holding the lowest writer, it answers both. `MVMemory` keeps three:
/// one of 2^17 buckets of 4 bytes (512 KiB) for every version, lowered under the shard locks;
/// one as large for versions other than balance deltas (code-hash reads skip deltas); and a
/// small one for `MVMemory.hasStorage`, where each address with storage versions has a bucket
/// (`storageMarker`) lowered by compare-and-swap.
///
/// Races are benign: a reader that checks just before a writer lowers a bucket reads the
/// pre-block state, exactly as if it had looked the table up just before the version was
/// inserted; the writer's execution then reports a new location and the reader is validated
/// again. A re-execution that writes a location again finds its bucket already at or below it.
/// Buckets only go down during a block (removing a version leaves them).
///
/// Reset without a store: a bucket holds `base - tx` for its lowest writer `tx` (higher
/// means lower), and every block starts with a `base` above anything the last block stored
/// (`startBlock`), so last block's values read as "no writer". Why: clearing the filters
/// (a megabyte) and the tables at every block's start was 1.2–1.8 ms of a 10,000-transfer
/// block's execution. Once `base` would overflow, the buckets are really cleared.
final class LowestWriterFilter: @unchecked Sendable {
    private let bucketCount: Int
    private let buckets: UnsafeMutablePointer<Atomic<UInt32>>
    /// This block's value for transaction 0 (`value(_:)`). Until the first `startBlock`, any
    /// transaction below 2^31 may write.
    private var base = UInt32(Int32.max)
    /// The low hash bits that pick a location's multi-version shard (`MVMemory`); they are also
    /// a bucket's low bits, so every location of a bucket lives in one shard.
    private let shardMask: UInt64
    private let shardBits: Int

    /// `bucketBits`: 2^bucketBits buckets. `shards`: the multi-version memory's shard count
    /// (a power of two) when writers lower buckets holding their shard's lock
    /// (`noteWriteUnderShardLock`); 1 when they use `noteWrite(hash:tx:)`.
    init(bucketBits: Int = 17, shards: Int = 1) {
        precondition(shards > 0 && shards & (shards - 1) == 0 && shards <= 1 << bucketBits)
        bucketCount = 1 << bucketBits
        shardMask = UInt64(shards - 1)
        shardBits = shards.trailingZeroBitCount
        buckets = .allocate(capacity: bucketCount)
        for i in 0..<bucketCount { (buckets + i).initialize(to: Atomic(0)) }
    }

    /// Readies the filter for a block of `transactionCount` transactions (writers and
    /// readers below `transactionCount + 2`), from one thread while no other uses it: what
    /// earlier blocks stored now reads as "no writer".
    func startBlock(transactionCount n: Int) {
        let span = UInt32(clamping: n + 2)
        if base > UInt32.max - span {
            for i in 0..<bucketCount { buckets[i].store(0, ordering: .relaxed) }
            base = UInt32(Int32.max)
        }
        // Every value stored so far is at most the old base; this block's are above it.
        base += span
    }

    /// A transaction's value: higher for lower transactions, above every earlier block's.
    @inline(__always)
    private func value(_ tx: Int) -> UInt32 { base &- UInt32(truncatingIfNeeded: tx) }

    deinit {
        buckets.deinitialize(count: bucketCount)
        buckets.deallocate()
    }

    /// The bucket of a location hash (`MVKey.mixedHash`): its shard bits, then high bits (the
    /// table bucket uses the ones in between).
    @inline(__always)
    private func bucket(_ hash: UInt64) -> UnsafeMutablePointer<Atomic<UInt32>> {
        let i = Int(truncatingIfNeeded: hash & shardMask) | Int(truncatingIfNeeded: hash >> 40) << shardBits
        return buckets + (i & (bucketCount - 1))
    }

    /// The hash standing for "some slot of `address` or its wipe".
    @inline(__always)
    static func storageMarker(_ address: Address) -> UInt64 {
        MVKey.storageClear(address).mixedHash ^ 0x9E37_79B9_7F4A_7C15
    }

    /// Called before transaction `tx` inserts a version at a location with this hash, from
    /// any thread: a compare-and-swap loop.
    @inline(__always)
    func noteWrite(hash: UInt64, tx: Int) {
        let b = bucket(hash)
        var current = b.pointee.load(ordering: .relaxed)
        let t = value(tx)
        while t > current {
            let (exchanged, seen) = b.pointee.compareExchange(expected: current, desired: t, ordering: .releasing)
            if exchanged { return }
            current = seen
        }
    }

    /// Called by transaction `tx` as it inserts a version at a location with this hash,
    /// holding the lock of the location's shard, which is the lock of every writer of this
    /// bucket: a plain store suffices. Why: the compare-and-swap, the only locked instruction
    /// of a version's insertion besides the shard lock itself, waited each time for the
    /// transaction's earlier stores to drain (a third of recording a transfer's versions).
    /// A reader that sees the lowered bucket and takes the shard lock finds the version, since
    /// the writer inserts it before releasing the lock.
    @inline(__always)
    func noteWriteUnderShardLock(hash: UInt64, tx: Int) {
        let b = bucket(hash)
        let t = value(tx)
        if t > b.pointee.load(ordering: .relaxed) { b.pointee.store(t, ordering: .relaxed) }
    }

    /// False only when no transaction below `tx` had recorded a version at a location of this
    /// hash's bucket before this call.
    @inline(__always)
    func mayHaveVersion(hash: UInt64, below tx: Int) -> Bool {
        bucket(hash).pointee.load(ordering: .acquiring) > value(tx)
    }

    /// Starts loading the bucket of `hash`, owned: a coming transaction reads it at its first
    /// read of the location and lowers it when it records a version there.
    @inline(__always)
    func prefetch(hash: UInt64) {
        cprefetch_write(bucket(hash))
    }

}
