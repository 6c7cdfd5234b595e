import CPrefetch
import Primitives

/// The overlay's map from address to account layer: open addressing with linear probing over
/// one buffer of buckets (hash, address and layer side by side), growing at 3/4 load. Entries
/// are never removed one by one: the table is emptied as a whole between blocks (`removeAll`).
///
/// Why not `Dictionary`: the sequential executor looks an account up or inserts it four or five
/// times per transaction, each time seeding and finalising the standard library's hasher and
/// then missing the cache on a random bucket of a table sized for the whole block (megabytes).
/// Here the hash is one multiply-xorshift (`Address.mixedHash`), and a bucket can be prefetched
/// when the executor announces the next transaction's accounts (`OverlayState.prefetch`),
/// which `Dictionary`'s API gives no way to do. Applying write sets to the overlay was 18% of
/// the sequential executor's samples on native transfers.
///
/// Not thread-safe (one overlay, one thread). `deallocate` frees the buffer; the owner calls it.
struct OverlayAccountTable {
    struct Entry {
        var address: Address
        var layer: OverlayState.AccountLayer
    }

    /// Per bucket: 0 = empty, otherwise the address's hash with the low bit set. Apart from
    /// the entries so that a fresh table only zeroes these (a few hundred kilobytes), not the
    /// megabytes of entries, which are first touched when written.
    private var hashes: UnsafeMutablePointer<UInt64>
    private var entries: UnsafeMutablePointer<Entry>
    private var mask: Int
    private(set) var count = 0

    /// Room for `capacity` entries before the first growth.
    init(capacity: Int) {
        let n = Self.bucketCount(for: capacity)
        hashes = .allocate(capacity: n)
        hashes.initialize(repeating: 0, count: n)
        entries = .allocate(capacity: n)
        mask = n - 1
    }

    /// Buckets for `capacity` entries at most 3/4 full.
    private static func bucketCount(for capacity: Int) -> Int {
        var n = 16
        while n * 3 < capacity * 4 { n <<= 1 }
        return n
    }

    /// Empties the table for the next block, with room for `capacity` entries: the buffers
    /// are kept when they are large enough, so the entries' pages, already faulted in, are
    /// written again instead of fresh ones (see `OverlayMemory`). Only the hashes are
    /// zeroed (8 bytes a bucket); an entry is rewritten when its bucket is taken.
    mutating func removeAll(keepingRoomFor capacity: Int) {
        let n = Self.bucketCount(for: capacity)
        if n > mask + 1 {
            deallocate()
            self = OverlayAccountTable(capacity: capacity)
            return
        }
        hashes.update(repeating: 0, count: mask + 1)
        count = 0
    }

    /// Frees the buffers. Entries are plain values (nothing to deinitialise).
    func deallocate() {
        hashes.deallocate()
        entries.deallocate()
    }

    @inline(__always)
    private static func hash(_ address: Address) -> UInt64 { address.mixedHash(seed: 0x0E71_A7) | 1 }

    @inline(__always)
    private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 17) & mask }

    /// The layer of `address`, if it has one.
    @inline(__always)
    func find(_ address: Address) -> UnsafeMutablePointer<OverlayState.AccountLayer>? {
        let t = Self.hash(address)
        var i = home(t)
        while true {
            let h = hashes[i]
            if h == 0 { return nil }
            if h == t && entries[i].address == address { return (entries + i).pointer(to: \.layer) }
            i = (i + 1) & mask
        }
    }

    /// The layer of `address`, inserted as `.untouched` if it has none. Valid until the next
    /// insertion.
    @inline(__always)
    mutating func findOrInsert(_ address: Address) -> UnsafeMutablePointer<OverlayState.AccountLayer> {
        if let p = find(address) { return p }
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        let t = Self.hash(address)
        let i = freeBucket(t)
        hashes[i] = t
        (entries + i).initialize(to: Entry(address: address, layer: .untouched))
        count += 1
        return (entries + i).pointer(to: \.layer)!
    }

    /// The first empty bucket from the home of `hash` on (the table is never full).
    @inline(__always)
    private func freeBucket(_ hash: UInt64) -> Int {
        var i = home(hash)
        while hashes[i] != 0 { i = (i + 1) & mask }
        return i
    }

    /// Starts loading, owned, the home bucket of `address`: its hash and its entry.
    @inline(__always)
    func prefetch(_ address: Address) {
        let i = home(Self.hash(address))
        cprefetch_write(hashes + i)
        // Every line of the entry (about 150 bytes: three lines, four when it straddles).
        cprefetch_write_lines(entries + i, MemoryLayout<Entry>.size)
    }

    /// Twice as many buckets, every entry moved over.
    private mutating func grow() {
        let oldHashes = hashes, oldEntries = entries, oldCount = mask + 1
        let n = 2 * oldCount
        hashes = .allocate(capacity: n)
        hashes.initialize(repeating: 0, count: n)
        entries = .allocate(capacity: n)
        mask = n - 1
        for j in 0..<oldCount where oldHashes[j] != 0 {
            let i = freeBucket(oldHashes[j])
            hashes[i] = oldHashes[j]
            (entries + i).moveInitialize(from: oldEntries + j, count: 1)
        }
        oldHashes.deallocate()
        oldEntries.deallocate()
    }
}
