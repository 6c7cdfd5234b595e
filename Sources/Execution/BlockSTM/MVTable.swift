import Synchronization
import CPrefetch
import Primitives

/// One shard's map from location to versions: open addressing with linear probing over one
/// array of buckets (hash, key and versions side by side), keyed by a hash the caller computes
/// once (`MVKey.mixedHash`), used under the shard's lock.
///
/// Why not `Dictionary`: every lookup seeded and finalised a SipHash (the standard library's
/// per-process random hashing) over the key — in profiles of low-contention blocks a tenth of
/// the time Block-STM spends in its multi-version memory. Keys here are addresses and slots
/// that are already uniformly spread, so a multiply-xorshift mix is enough, and the stored
/// hashes make most probes a single integer comparison.
///
/// Why one buffer of buckets behind a raw pointer, not three Swift arrays (hashes, keys,
/// versions): inserting a location wrote all three, each write checked its array's uniqueness
/// (its header, another line) and assigning the new versions first loaded and released the
/// bucket's old ones — recording versions was a quarter of Block-STM's time on one thread.
/// Here a bucket is three consecutive lines that one prefetch run covers, and an empty bucket
/// always holds empty versions, so inserting only stores.
///
/// Ownership: the buffer is allocated on the first insertion, so the copies `LockedArray`
/// makes of an empty table each get their own; `storage` keeps it alive and frees it, and the
/// hot paths use only the raw pointer.
///
/// Emptied by epoch: a bucket belongs to the current block only when its tag carries the
/// table's epoch, so moving to the next block (`removeAll`) is one increment instead of a
/// visit to every location the last block wrote. Why: that visit was a cache miss per
/// location at the start of every block, on the clock of the block's execution — with the
/// filters' reset, 1.2–1.8 ms of a 10,000-transfer block's 11–16 ms. A stale bucket keeps its
/// versions (and their list, when it had several) until a key of a later block takes it.
struct MVTable {
    struct Bucket {
        /// The key's hash with its low 16 bits replaced by the epoch that wrote it; 0 = never used.
        /// Empty unless the epoch is the table's: stale versions are dropped when it is taken.
        var hash: UInt64
        var key: MVKey
        var versions: MVVersions
        /// Pads the bucket to three whole lines (192 bytes from 184) in a buffer aligned to a
        /// line: at 184 bytes seven buckets in eight straddled four lines, the prefetch
        /// covered three of them, and the one it missed held the version's value.
        private var padding: UInt64 = 0

        init(hash: UInt64, key: MVKey, versions: MVVersions) {
            self.hash = hash; self.key = key; self.versions = versions
        }

        static let empty = Bucket(hash: 0, key: .account(.zero), versions: MVVersions())
    }

    private var storage: MVBucketStorage?
    private var buckets: UnsafeMutablePointer<Bucket>?
    /// The indices of the occupied buckets, `count` of them, in insertion order: emptying the
    /// table visits these instead of scanning every bucket (a block's tables are sized for
    /// all its locations, megabytes that a scan would read at every block's start).
    private var occupied: UnsafeMutablePointer<Int32>?
    private var mask: Int
    /// Buckets to allocate on the first insertion.
    private var initialBuckets: Int
    /// The current block's epoch, 1...0xFFFF, in the low bits of its buckets' tags.
    private var epoch: UInt64 = 1
    private(set) var count = 0

    init(capacity: Int = 0) {
        var n = 8
        while n < capacity * 2 { n <<= 1 }
        initialBuckets = n
        mask = n - 1
    }

    private static let epochBits: UInt64 = 0xFFFF

    /// A table grows when it would be more than a quarter full. Why so sparse: a read of a
    /// location no transaction wrote (most reads at low contention) probes until an empty
    /// bucket, three lines each. Tables sized up front for three locations per transaction,
    /// as they were, ended 15% full after an ERC-20 block's two slots per transaction; tables
    /// that started small and grew only at three quarters full ran ERC-20 blocks 3–5% slower
    /// (an A/B of an earlier session). Starting small and growing at a quarter measured the
    /// same as sizing up front on warm blocks.
    private static let inverseMaximumLoad = 4

    @inline(__always)
    private func tag(_ hash: UInt64) -> UInt64 { hash & ~Self.epochBits | epoch }

    /// Whether a bucket with this tag holds a key of the current block.
    @inline(__always)
    private func isCurrent(_ tag: UInt64) -> Bool { tag & Self.epochBits == epoch }

    /// Where probing for a key with `hash` starts (the shard took the lowest bits, the epoch
    /// replaces the low 16 in the tag, from which `grow` recomputes it).
    @inline(__always)
    private func home(_ hash: UInt64) -> Int { Self.home(hash, mask: mask) }

    @inline(__always)
    private static func home(_ hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash >> 16) & mask }

    /// The bucket holding `key`, if present.
    @inline(__always)
    private func find(_ key: MVKey, hash: UInt64) -> UnsafeMutablePointer<Bucket>? {
        guard let b = buckets else { return nil }
        let t = tag(hash)
        var i = home(hash)
        while true {
            let h = b[i].hash
            if h == t && b[i].key == key { return b + i }
            if !isCurrent(h) { return nil }
            i = (i + 1) & mask
        }
    }

    /// The versions of `key`, if it has an entry.
    @inline(__always)
    func versions(_ key: MVKey, hash: UInt64) -> MVVersions? {
        find(key, hash: hash)?.pointee.versions
    }

    /// Applies `body` to the versions of `key`, creating an empty entry first if needed.
    @inline(__always)
    mutating func update<R>(_ key: MVKey, hash: UInt64, _ body: (inout MVVersions) -> R) -> R {
        if let p = find(key, hash: hash) { return body(&p.pointee.versions) }
        if buckets == nil || (count + 1) * Self.inverseMaximumLoad > mask + 1 { grow() }
        let b = buckets!
        var i = home(hash)
        while isCurrent(b[i].hash) { i = (i + 1) & mask }
        // A stale bucket's versions go (a store, or a release when it had a list).
        b[i].hash = tag(hash)
        b[i].key = key
        b[i].versions.removeAll()
        occupied.unsafelyUnwrapped[count] = Int32(truncatingIfNeeded: i)
        count += 1
        return body(&b[i].versions)
    }

    /// Starts loading, owned, the home bucket of a key with `hash`: where a version of it will
    /// be looked up or inserted (see `MVMemory.announceAccount`).
    @inline(__always)
    func prefetch(hash: UInt64) {
        Self.prefetch(hash: hash, bucketsAddress: bucketsAddress, mask: mask)
    }

    /// The buckets' address and mask, for `MVBucketHints` (0 before the first insertion).
    var bucketsAddress: Int { buckets.map { Int(bitPattern: $0) } ?? 0 }
    var bucketMask: Int { mask }

    /// `prefetch(hash:)` for a table whose buckets are at `address` with `mask`, as published
    /// in `MVBucketHints`.
    @inline(__always)
    static func prefetch(hash: UInt64, bucketsAddress address: Int, mask: Int) {
        guard let b = UnsafeMutablePointer<Bucket>(bitPattern: address) else { return }
        prefetch(b + home(hash, mask: mask))
    }

    /// Starts loading, owned, every line of one bucket.
    @inline(__always)
    private static func prefetch(_ bucket: UnsafeMutablePointer<Bucket>) {
        cprefetch_write_lines(UnsafeRawPointer(bucket), MemoryLayout<Bucket>.size)
    }

    /// Calls `body` with every key that has an entry and its versions (in insertion order).
    func forEachEntry(_ body: (MVKey, MVVersions) -> Void) {
        guard let b = buckets, let occupied else { return }
        for k in 0..<count {
            let i = Int(occupied[k])
            body(b[i].key, b[i].versions)
        }
    }

    /// Applies `body` to the versions of `key` when it has an entry.
    @inline(__always)
    mutating func updateIfPresent(_ key: MVKey, hash: UInt64, _ body: (inout MVVersions) -> Void) {
        if let p = find(key, hash: hash) { body(&p.pointee.versions) }
    }

    /// A first buffer, or one twice as large with every entry moved over.
    private mutating func grow() {
        let n = buckets == nil ? initialBuckets : 2 * (mask + 1)
        let newStorage = MVBucketStorage(count: n)
        let old = buckets, oldOccupied = occupied
        buckets = newStorage.buckets
        occupied = newStorage.occupied
        mask = n - 1
        if let old, let oldOccupied {
            let b = newStorage.buckets
            for k in 0..<count {
                let j = Int(oldOccupied[k])
                var i = home(old[j].hash)   // the tag keeps the bits above the epoch's
                while b[i].hash != 0 { i = (i + 1) & mask }
                b[i] = old[j]
                newStorage.occupied[k] = Int32(truncatingIfNeeded: i)
            }
        }
        storage = newStorage   // frees the old buffer
    }

    /// Empties the table, keeping its buffer (the next block reuses it): a new epoch makes
    /// every bucket stale. Once in 65,535 blocks the epoch wraps and the buckets are really
    /// emptied, so that no stale tag can match the new epoch.
    mutating func removeAll() {
        guard count > 0 else { return }
        count = 0
        epoch += 1
        guard epoch > Self.epochBits, let b = buckets else { return }
        epoch = 1
        for i in 0...mask {
            b[i].hash = 0
            b[i].versions.removeAll()
        }
    }
}

/// Where each shard's buckets are, readable without the shard's lock, so that the buckets of
/// locations about to be written can be announced together (`MVMemory.record`).
///
/// Why: without it, finding a bucket's address meant reading the table's header under the
/// shard's lock, and the lock's compare-and-swap waited for its line — the miss the
/// announcement was meant to overlap. The hints are published when a table gets a new buffer
/// and otherwise only read, so their lines stay in every core's cache. A stale hint costs a
/// useless prefetch (a prefetch never faults), never a wrong read.
struct MVBucketHints: @unchecked Sendable {
    /// Per shard: its buckets' address and its mask.
    private let slots: UnsafeMutablePointer<Atomic<Int>>
    let count: Int

    init(shards: Int) {
        count = shards
        slots = .allocate(capacity: 2 * shards)
        for i in 0..<(2 * shards) { (slots + i).initialize(to: Atomic(0)) }
    }

    /// Records where shard `shard`'s table (read under its lock) keeps its buckets, if that moved.
    @inline(__always)
    func publish(shard: Int, bucketsAddress address: Int, mask: Int) {
        if slots[2 * shard].load(ordering: .relaxed) != address {
            slots[2 * shard + 1].store(mask, ordering: .relaxed)
            slots[2 * shard].store(address, ordering: .relaxed)
        }
    }

    /// Starts loading the home bucket of a key with `hash` in shard `shard`.
    @inline(__always)
    func prefetch(shard: Int, hash: UInt64) {
        MVTable.prefetch(hash: hash, bucketsAddress: slots[2 * shard].load(ordering: .relaxed),
                         mask: slots[2 * shard + 1].load(ordering: .relaxed))
    }

    func deallocate() {
        for i in 0..<(2 * count) { _ = (slots + i).move() }
        slots.deallocate()
    }
}

/// Owns an `MVTable`'s buckets (allocated all empty) and its list of occupied ones; freed
/// with the table's last copy.
final class MVBucketStorage {
    let buckets: UnsafeMutablePointer<MVTable.Bucket>
    let occupied: UnsafeMutablePointer<Int32>
    let count: Int

    init(count: Int) {
        self.count = count
        // Line-aligned, so that each bucket covers as few lines as its size allows (`Bucket`).
        buckets = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<MVTable.Bucket>.stride, alignment: 64)
            .bindMemory(to: MVTable.Bucket.self, capacity: count)
        buckets.initialize(repeating: .empty, count: count)
        occupied = .allocate(capacity: count)
    }

    deinit {
        buckets.deinitialize(count: count)
        UnsafeMutableRawPointer(buckets).deallocate()   // allocated raw, line-aligned (`init`)
        occupied.deallocate()
    }
}

extension MVKey {
    /// A well-mixed 64-bit hash of the location: the shard comes from its low bits, the
    /// bucket within the shard's table from higher ones.
    @inline(__always)
    var mixedHash: UInt64 {
        var h: UInt64
        switch self {
        case .account(let a): h = MVKey.mix(a)
        case .storageClear(let a): h = MVKey.mix(a) &+ 0x5555_5555_5555_5555
        case .storage(let a, let s):
            h = MVKey.mix(a) ^ 0x2545_F491_4F6C_DD1D
            h = (h ^ s.w0) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w1) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w2) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w3) &* 0x9E37_79B9_7F4A_7C15
        }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
