import Primitives
import StateAccess

/// A `StateView` that layers the writes of the transactions executed so far in this block over
/// a base view (the ledger as of the block's start). The sequential executor reads through it,
/// so transaction i sees exactly the effects of transactions 0..<i, and nothing is committed to
/// the ledger until the block is done.
final class OverlayState: StateView {
    private struct Entry {
        /// nil when the account does not exist (deleted, or never existed and only deltas added).
        var info: AccountInfo?
        /// Whether `info` is authoritative; false = still read the base account and add `pendingDelta`.
        var resolved: Bool
        var pendingDelta: U256
        /// The base storage is ignored (account deleted or re-created in this block).
        var storageCleared: Bool
        var storage: [U256: U256]
    }

    let base: any StateView
    // One thread uses an overlay: the dynamic exclusivity check on every access was 3% of
    // sequential execution.
    @exclusivity(unchecked) private var entries: [Address: Entry] = [:]
    @exclusivity(unchecked) private var codes: [Bytes32: [UInt8]] = [:]

    /// `expectedAccounts`: roughly how many accounts the block touches; sizing the map up front
    /// avoids rehashing it (with every entry moved) as the block goes on.
    init(base: any StateView, expectedAccounts: Int = 0) {
        self.base = base
        entries.reserveCapacity(expectedAccounts)
    }

    func account(_ address: Address) throws(StateViewError) -> AccountInfo? {
        guard let e = entries[address] else { return try base.account(address) }
        if e.resolved { return e.info }
        var info = try base.account(address) ?? AccountInfo()
        info.balance = info.balance &+ e.pendingDelta
        return info
    }

    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 {
        if let e = entries[address] {
            if let v = e.storage[slot] { return v }
            if e.storageCleared { return .zero }
        }
        return try base.storage(address, slot: slot)
    }

    /// Whether the account has a non-zero slot. When this block zeroed some base slots the base
    /// may have others, which a view cannot enumerate: the base's answer is kept then. That
    /// errs only for an account whose every base slot was zeroed in this block and that is then
    /// the target of a CREATE, which needs code or a nonce there already (a collision anyway).
    func hasStorage(_ address: Address) throws(StateViewError) -> Bool {
        if let e = entries[address] {
            if e.storage.values.contains(where: { !$0.isZero }) { return true }
            if e.storageCleared { return false }
        }
        return try base.hasStorage(address)
    }

    func code(hash: Bytes32) -> [UInt8] { codes[hash] ?? base.code(hash: hash) }
    func blockHash(_ number: UInt64) -> Bytes32 { base.blockHash(number) }

    /// Layers one transaction's writes on top.
    func apply(_ writes: WriteSet) {
        for (address, w) in writes.accounts {
            // In place: a copy of the entry would copy its storage dictionary on every write,
            // quadratic in the slots a hot contract accumulates over the block.
            Self.apply(w, to: &entries[address, default: Entry(info: nil, resolved: false, pendingDelta: .zero, storageCleared: false, storage: [:])],
                       codes: &codes)
        }
    }

    private static func apply(_ w: AccountWrite, to e: inout Entry, codes: inout [Bytes32: [UInt8]]) {
        if w.deleted {
            e = Entry(info: nil, resolved: true, pendingDelta: .zero, storageCleared: true, storage: [:])
        }
        if w.storageCleared { e.storageCleared = true; e.storage = [:] }
        if let info = w.info {
            e.info = info; e.resolved = true; e.pendingDelta = .zero
        } else if !w.balanceDelta.isZero {
            if e.resolved {
                var info = e.info ?? AccountInfo()
                info.balance = info.balance &+ w.balanceDelta
                e.info = info
            } else {
                e.pendingDelta = e.pendingDelta &+ w.balanceDelta
            }
        }
        if let code = w.code, let info = e.info { codes[info.codeHash] = code }
        for (slot, value) in w.storage { e.storage[slot] = value }
    }
}
