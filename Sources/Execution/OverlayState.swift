import Primitives
import StateAccess

/// A `StateView` that layers the writes of the transactions executed so far in this block over
/// a base view (the ledger as of the block's start). The sequential executor reads through it,
/// so transaction i sees exactly the effects of transactions 0..<i, and nothing is committed to
/// the ledger until the block is done.
///
/// Layout, for speed (every read of a sequential block passes through here): accounts and
/// storage slots live in two flat hash tables sized from the block up front, so applying a
/// transaction's writes never rehashes and an account's layer holds no dictionary of its own
/// (copying or growing one per write was most of `apply`'s cost). Clearing an account's
/// storage bumps the account's `epoch`: slot entries of an older epoch are dead and read as
/// absent, so clearing never has to find the account's slots.
final class OverlayState: StateView {
    /// What this block did to one account.
    struct AccountLayer {
        /// The account's fields when `resolved` and `exists`.
        var info: AccountInfo
        /// Balance credits to add to the base account while not `resolved` (coinbase fees).
        var pendingDelta: U256
        /// Whether `info`/`exists` are authoritative; false = read the base account and add `pendingDelta`.
        var resolved: Bool
        /// false when the account was deleted (or never existed and only deltas were added).
        var exists: Bool
        /// The base storage is ignored (account deleted or re-created in this block).
        var storageCleared: Bool
        /// Slot entries carry the epoch they were written in; only the current one is live.
        var epoch: UInt32
        /// Live slot entries with a non-zero value, so `hasStorage` needs no enumeration.
        var nonZeroSlots: Int

        static let untouched = AccountLayer(info: AccountInfo(), pendingDelta: .zero, resolved: false, exists: false,
                                            storageCleared: false, epoch: 0, nonZeroSlots: 0)
    }

    /// A slot's value in this block and the epoch of its account's storage it belongs to.
    struct SlotEntry {
        var value: U256
        var epoch: UInt32
    }

    let base: any StateView
    // One thread uses an overlay: no dynamic exclusivity checks on the tables, in debug
    // builds too (release builds of this module have none at all, see Package.swift).
    @exclusivity(unchecked) private var accounts: OverlayAccountTable
    @exclusivity(unchecked) private var slots: [SlotLocation: SlotEntry] = [:]
    @exclusivity(unchecked) private var codes: [Bytes32: [UInt8]] = [:]
    /// Slot-table capacity reserved on the first storage write (a block of plain transfers
    /// never pays for it).
    private let expectedSlots: Int
    /// Where the tables go when the overlay is dropped, for the next overlay (`OverlayMemory`).
    private let memory: OverlayMemory?

    /// `expectedAccounts`: roughly how many accounts the block touches (0 = grow on demand).
    /// Both tables are sized from it, so applying writes never rehashes with every entry
    /// moved; the slot table takes the same figure (token transfers write two slots each).
    /// `memory`: tables an earlier overlay left there are emptied and used, and this one's are
    /// left there when it is dropped.
    init(base: any StateView, expectedAccounts: Int = 0, memory: OverlayMemory? = nil) {
        self.base = base
        self.memory = memory
        if let memory {
            accounts = memory.takeAccounts(capacity: expectedAccounts)
            slots = memory.takeSlots()
        } else {
            accounts = OverlayAccountTable(capacity: expectedAccounts)
        }
        expectedSlots = expectedAccounts
    }

    deinit {
        if let memory { memory.keep(accounts: accounts, slots: slots) } else { accounts.deallocate() }
    }

    func account(_ address: Address) throws(StateViewError) -> AccountInfo? {
        guard let e = accounts.find(address)?.pointee else { return try base.account(address) }
        if e.resolved { return e.exists ? e.info : nil }
        var info = try base.account(address) ?? AccountInfo()
        info.balance = info.balance &+ e.pendingDelta
        return info
    }

    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 {
        if let e = accounts.find(address)?.pointee {
            if let s = slots[SlotLocation(address: address, slot: slot)], s.epoch == e.epoch { return s.value }
            if e.storageCleared { return .zero }
        }
        return try base.storage(address, slot: slot)
    }

    /// Whether the account has a non-zero slot. When this block zeroed some base slots the base
    /// may have others, which a view cannot enumerate: the base's answer is kept then. That
    /// errs only for an account whose every base slot was zeroed in this block and that is then
    /// the target of a CREATE, which needs code or a nonce there already (a collision anyway).
    func hasStorage(_ address: Address) throws(StateViewError) -> Bool {
        if let e = accounts.find(address)?.pointee {
            if e.nonZeroSlots > 0 { return true }
            if e.storageCleared { return false }
        }
        return try base.hasStorage(address)
    }

    func code(hash: Bytes32) -> [UInt8] { codes.isEmpty ? base.code(hash: hash) : codes[hash] ?? base.code(hash: hash) }
    func blockHash(_ number: UInt64) -> Bytes32 { base.blockHash(number) }
    /// Announces `address` to the base and, one step ahead of its use, loads its bucket here.
    func prefetch(_ address: Address, _ step: PrefetchStep) {
        base.prefetch(address, step)
        if step == .load { accounts.prefetch(address) }
    }

    /// Layers one transaction's writes on top, in `AccountWrite`'s documented order.
    func apply(_ writes: WriteSet) {
        writes.accounts.forEachInPlace { address, write in
            // In place, one hash lookup: the layer is modified through the dictionary's accessor.
            Self.apply(write, address: address, to: &accounts.findOrInsert(address).pointee,
                       slots: &slots, reserve: expectedSlots, codes: &codes)
        }
    }

    /// Reads the write's fields where they lie in the write set (`forEachInPlace`) instead of
    /// copying the `AccountWrite` out (two retains, two releases).
    @inline(__always)
    private static func apply(_ write: UnsafePointer<AccountWrite>, address: Address, to e: inout AccountLayer,
                              slots: inout [SlotLocation: SlotEntry], reserve: Int, codes: inout [Bytes32: [UInt8]]) {
        if write.pointee.deleted {
            e = AccountLayer(info: AccountInfo(), pendingDelta: .zero, resolved: true, exists: false,
                             storageCleared: true, epoch: e.epoch &+ 1, nonZeroSlots: 0)
        } else if write.pointee.storageCleared {
            e.storageCleared = true
            e.epoch &+= 1
            e.nonZeroSlots = 0
        }
        if let info = write.pointee.info {
            e.info = info; e.exists = true; e.resolved = true; e.pendingDelta = .zero
        } else if !write.pointee.balanceDelta.isZero {
            if e.resolved {
                if !e.exists { e.info = AccountInfo(); e.exists = true }
                e.info.balance = e.info.balance &+ write.pointee.balanceDelta
            } else {
                e.pendingDelta = e.pendingDelta &+ write.pointee.balanceDelta
            }
        }
        if write.pointee.code != nil, e.resolved && e.exists { codes[e.info.codeHash] = write.pointee.code }
        if write.pointee.storage.isEmpty { return }
        if slots.capacity < reserve { slots.reserveCapacity(reserve) }
        for (slot, value) in write.pointee.storage {
            let new = SlotEntry(value: value, epoch: e.epoch)
            if let old = slots.updateValue(new, forKey: SlotLocation(address: address, slot: slot)),
               old.epoch == e.epoch, !old.value.isZero {
                e.nonZeroSlots -= 1
            }
            if !value.isZero { e.nonZeroSlots += 1 }
        }
    }
}

/// The tables of an overlay that is gone, kept for the next one.
///
/// Why: a fresh overlay allocated its tables (megabytes for a 10,000-transaction block) at
/// every block, and whether the allocator handed back pages still mapped or pages it had
/// returned to the system depended on its purge timers: in a sweep that interleaves
/// strategies, about half of the sequential runs of a 10,000-transfer block page-faulted
/// 2–2.5 ms more than the others (9.8 against 7.4 ms), a baseline that moved with the
/// allocator rather than with the executor. Block-STM keeps its structures between blocks
/// (`BlockSTMWorkspace`), which holds one of these for its sequential paths.
///
/// One overlay at a time may use it; the account table's buffers are freed with it.
final class OverlayMemory {
    private var accounts: OverlayAccountTable?
    private var slots: [SlotLocation: OverlayState.SlotEntry] = [:]

    init() {}

    deinit { accounts?.deallocate() }

    /// The kept account table, emptied with room for `capacity` entries, or a new one.
    func takeAccounts(capacity: Int) -> OverlayAccountTable {
        guard var kept = accounts else { return OverlayAccountTable(capacity: capacity) }
        accounts = nil
        kept.removeAll(keepingRoomFor: capacity)
        return kept
    }

    /// The kept slot table, emptied with its capacity (taken out first, so that emptying it
    /// does not copy it).
    func takeSlots() -> [SlotLocation: OverlayState.SlotEntry] {
        var kept: [SlotLocation: OverlayState.SlotEntry] = [:]
        swap(&kept, &slots)
        kept.removeAll(keepingCapacity: true)
        return kept
    }

    /// Keeps a dropped overlay's tables for the next one.
    func keep(accounts: OverlayAccountTable, slots: [SlotLocation: OverlayState.SlotEntry]) {
        precondition(self.accounts == nil, "one overlay at a time per OverlayMemory")
        self.accounts = accounts
        self.slots = slots
    }
}

/// A storage location: the overlay's slot-table key. Hashed like `Address` (a seeded folded
/// multiply per pair of words) rather than by `Hasher` over six words.
struct SlotLocation: Hashable {
    var address: Address
    var slot: U256

    @inline(__always)
    static func == (a: SlotLocation, b: SlotLocation) -> Bool {
        a.slot.w0 == b.slot.w0 && a.slot.w1 == b.slot.w1 && a.slot.w2 == b.slot.w2 && a.slot.w3 == b.slot.w3
            && a.address == b.address
    }

    @inline(__always)
    private static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = a.multipliedFullWidth(by: b)
        return p.high ^ p.low
    }

    func _rawHashValue(seed: Int) -> Int {
        let s = UInt64(bitPattern: Int64(seed))
        var h = address.mixedHash(seed: s)
        h = Self.mum(h ^ slot.w0 ^ 0x2d35_8dcc_aa6c_78a5, slot.w1 ^ s ^ 0x8bb8_4b93_962e_acc9)
        h = Self.mum(h ^ slot.w2 ^ 0x4b33_a62e_d433_d4a3, slot.w3 ^ s ^ 0x4d5a_2da5_1de1_aa47)
        return Int(truncatingIfNeeded: h)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(slot)
    }
}
