import CPrefetch
import Primitives

/// The ledger's read path: every account record by address, in one open-addressing table whose
/// entries hold the address and the record side by side.
///
/// Why not a `Dictionary<Address, AccountRecord>`: a read of a cold account there costs three
/// cache misses (the key array, the value array, the record) plus a retain and a release of the
/// record, and a sequential block of transfers over 100,000 accounts spent about a fifth of
/// its time on them. Here a read is one miss for the entry and one for the record, takes no
/// reference, and can be announced ahead (`prefetch`) so that both misses overlap earlier work.
///
/// The table owns one reference to each record. Reads are safe from any number of threads
/// while nothing inserts or removes (the ledger's contract: no reads during `apply`/`stateRoot`).
final class AccountIndex: @unchecked Sendable {
    struct Entry {
        var address: Address
        /// The record's shard, kept here (in what was padding) so that routing a write needs
        /// no visit to the record itself (`WriteRouter`).
        var shard: UInt16
        /// nil: the entry is free.
        var record: Unmanaged<AccountRecord>?
    }

    private var entries: UnsafeMutablePointer<Entry>
    /// Capacity − 1; the capacity is a power of two.
    private var mask: Int
    private(set) var count = 0
    /// Per table, so that chosen addresses cannot be made to collide across runs.
    private let seed = UInt64.random(in: 1...UInt64.max)

    init(minimumCapacity: Int = 16) {
        let capacity = AccountIndex.capacity(for: minimumCapacity)
        entries = AccountIndex.allocate(capacity)
        mask = capacity - 1
    }

    deinit {
        for i in 0...mask { entries[i].record?.release() }
        entries.deinitialize(count: mask + 1)
        entries.deallocate()
    }

    /// At most half full: linear probes stay short.
    private static func capacity(for count: Int) -> Int {
        var c = 16
        while c < 2 * count { c <<= 1 }
        return c
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Entry> {
        let p = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        p.initialize(repeating: Entry(address: .zero, shard: 0, record: nil), count: capacity)
        return p
    }

    @inline(__always)
    private func home(_ address: Address) -> Int {
        Int(truncatingIfNeeded: address.mixedHash(seed: seed)) & mask
    }

    /// The record of `address`, unretained: valid while it stays in the table.
    @inline(__always)
    func find(_ address: Address) -> Unmanaged<AccountRecord>? {
        guard let i = position(address) else { return nil }
        return entries[i].record
    }

    /// The bucket holding `address`, if the table has it.
    @inline(__always)
    private func position(_ address: Address) -> Int? {
        var i = home(address)
        while true {
            guard entries[i].record != nil else { return nil }
            if entries[i].address == address { return i }
            i = (i + 1) & mask
        }
    }

    subscript(address: Address) -> AccountRecord? { find(address)?.takeUnretainedValue() }

    /// The record of `address`, unretained, and its shard.
    @inline(__always)
    func findWithShard(_ address: Address) -> (record: Unmanaged<AccountRecord>, shard: Int)? {
        guard let i = position(address), let r = entries[i].record else { return nil }
        return (r, Int(entries[i].shard))
    }

    /// Adds `record` under its address, replacing any record there.
    func insert(_ record: AccountRecord) {
        if 2 * (count + 1) > mask + 1 { resize(to: AccountIndex.capacity(for: count + 1)) }
        let new = Unmanaged.passRetained(record)
        var i = home(record.address)
        while let old = entries[i].record {
            if entries[i].address == record.address {
                entries[i].record = new
                entries[i].shard = UInt16(record.shard)
                old.release()
                return
            }
            i = (i + 1) & mask
        }
        entries[i] = Entry(address: record.address, shard: UInt16(record.shard), record: new)
        count += 1
    }

    /// Removes the record of `address`, if any. Backward-shift deletion: later entries of the
    /// same probe run move up, so no tombstones accumulate.
    func remove(_ address: Address) {
        guard let i = position(address) else { return }
        entries[i].record?.release()
        var hole = i
        var j = i
        while true {
            j = (j + 1) & mask
            guard entries[j].record != nil else { break }
            let h = home(entries[j].address)
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            let stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
            if !stays {
                entries[hole] = entries[j]
                hole = j
            }
        }
        entries[hole].record = nil
        count -= 1
    }

    func reserveCapacity(_ n: Int) {
        let c = AccountIndex.capacity(for: n)
        if c > mask + 1 { resize(to: c) }
    }

    private func resize(to capacity: Int) {
        let old = entries, oldCapacity = mask + 1
        entries = AccountIndex.allocate(capacity)
        mask = capacity - 1
        for k in 0..<oldCapacity {
            guard old[k].record != nil else { continue }
            var i = home(old[k].address)
            while entries[i].record != nil { i = (i + 1) & mask }
            entries[i] = old[k]
        }
        old.deinitialize(count: oldCapacity)
        old.deallocate()
    }

    /// Every record, in table order.
    func forEach(_ body: (AccountRecord) throws -> Void) rethrows {
        for i in 0...mask {
            if let r = entries[i].record { try body(r.takeUnretainedValue()) }
        }
    }

    // MARK: Prefetch

    /// Starts loading the entry `address` would be found in.
    @inline(__always)
    func prefetchEntry(_ address: Address) {
        cprefetch_read(UnsafeRawPointer(entries + home(address)))
    }

    /// Starts loading the record of `address` (its flags and account fields), if the table
    /// holds one. Reads the entry: announce it with `prefetchEntry` a little earlier.
    @inline(__always)
    func prefetchRecord(_ address: Address) {
        guard let r = find(address) else { return }
        AccountRecord.announce(r, forWriting: false)
    }
}
