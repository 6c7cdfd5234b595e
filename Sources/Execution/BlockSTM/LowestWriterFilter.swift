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
/// Keyed by location and holding the lowest writer, it answers both. 2^17 buckets of 4 bytes
/// (512 KiB); besides the locations themselves, each address with storage versions has a
/// bucket of its own (`storageMarker`) for `MVMemory.hasStorage`.
///
/// Races are benign: a reader that checks just before a writer lowers a bucket reads the
/// pre-block state, exactly as if it had looked the table up just before the version was
/// inserted; the writer's execution then reports a new location and the reader is validated
/// again. A re-execution that writes a location again finds its bucket already at or below it.
/// Buckets only go down during a block (removing a version leaves them), and are reset between
/// blocks.
final class LowestWriterFilter: @unchecked Sendable {
    private static let bucketCount = 1 << 17
    private static let none = Int32.max
    private let buckets: UnsafeMutablePointer<Atomic<Int32>>

    init() {
        buckets = .allocate(capacity: Self.bucketCount)
        for i in 0..<Self.bucketCount { (buckets + i).initialize(to: Atomic(Self.none)) }
    }

    deinit {
        buckets.deinitialize(count: Self.bucketCount)
        buckets.deallocate()
    }

    /// The bucket of a location hash (`MVKey.mixedHash`): its high bits, where the shard and the
    /// table bucket use the low ones.
    @inline(__always)
    private static func bucket(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> 40) & (bucketCount - 1)
    }

    /// The hash standing for "some slot of `address` or its wipe".
    @inline(__always)
    static func storageMarker(_ address: Address) -> UInt64 {
        MVKey.storageClear(address).mixedHash ^ 0x9E37_79B9_7F4A_7C15
    }

    /// Called before transaction `tx` inserts a version at a location with this hash.
    @inline(__always)
    func noteWrite(hash: UInt64, tx: Int) {
        let b = buckets + Self.bucket(hash)
        var current = b.pointee.load(ordering: .relaxed)
        let t = Int32(truncatingIfNeeded: tx)
        while t < current {
            let (exchanged, seen) = b.pointee.compareExchange(expected: current, desired: t, ordering: .releasing)
            if exchanged { return }
            current = seen
        }
    }

    /// False only when no transaction below `tx` had recorded a version at a location of this
    /// hash's bucket before this call.
    @inline(__always)
    func mayHaveVersion(hash: UInt64, below tx: Int) -> Bool {
        Int(buckets[Self.bucket(hash)].load(ordering: .acquiring)) < tx
    }

    /// Starts loading the bucket of `hash`, owned: a coming transaction reads it at its first
    /// read of the location and lowers it when it records a version there.
    @inline(__always)
    func prefetch(hash: UInt64) {
        cprefetch_write(buckets + Self.bucket(hash))
    }

    /// Resets part `part` of `parts` (between blocks, no reader running).
    func clear(part: Int, of parts: Int) {
        var i = part
        while i < Self.bucketCount {
            buckets[i].store(Self.none, ordering: .relaxed)
            i += parts
        }
    }
}
