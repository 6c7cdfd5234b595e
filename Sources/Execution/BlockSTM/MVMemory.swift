import Synchronization
import Primitives
import StateAccess

/// A location of the multi-version memory. An account's nonce, balance and code hash are one
/// location (the EVM reads them together through `StateView.account`); every storage slot is
/// one; and `storageClear` records that a transaction wiped an account's storage (deletion or
/// creation), so that a later read of any slot of that account that was not written after the
/// wipe reads zero instead of the pre-block value.
enum MVKey: Hashable, Sendable {
    case account(Address)
    case storage(Address, U256)
    case storageClear(Address)

    /// One pre-mixed word instead of seven: the hasher's per-word rounds dominated lookups.
    @inline(__always)
    func hash(into hasher: inout Hasher) {
        switch self {
        case .account(let a): hasher.combine(MVKey.mix(a))
        case .storageClear(let a): hasher.combine(MVKey.mix(a) &+ 0x5555)
        case .storage(let a, let s):
            var h = MVKey.mix(a) ^ 0x2545_F491_4F6C_DD1D
            h = (h ^ s.w0) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w1) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w2) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ s.w3) &* 0x9E37_79B9_7F4A_7C15
            hasher.combine(h ^ (h >> 32))
        }
    }

    @inline(__always)
    static func mix(_ a: Address) -> UInt64 {
        var h = (a.hi ^ 0x243F_6A88_85A3_08D3) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ a.mid) &* 0xC2B2_AE3D_27D4_EB4F
        h = (h ^ UInt64(a.lo)) &* 0x1656_67B1_9E37_79F9
        return h ^ (h >> 29)
    }
}

/// What one transaction wrote at one location.
enum MVValue: Sendable, Equatable {
    /// A full account value: the account after this transaction, `nil` when it was deleted.
    case account(AccountInfo?)
    /// A lazy balance credit (fee to the coinbase, value to a recipient that was not read):
    /// added to whatever the account holds below it. A zero delta still marks the account as
    /// touched, mirroring the sequential overlay (see `MVMemory.readAccount`).
    case delta(U256)
    case storage(U256)
    case cleared
}

/// One version of a location: written by incarnation `incarnation` of transaction `tx`, or an
/// ESTIMATE left by an aborted incarnation (the next incarnation will probably write here too,
/// so readers wait for it instead of reading what lies below).
struct MVEntry: Sendable {
    var tx: Int32
    var incarnation: Int32
    var isEstimate: Bool
    var value: MVValue
}

/// The multi-version memory of Block-STM: for every location, the versions written by the
/// transactions of the block, ordered by transaction index. A read by transaction `j` sees the
/// highest version below `j`, or the block's pre-state when there is none.
///
/// Layout: locations are spread over `shardCount` independently locked dictionaries
/// (location → version list sorted by transaction index), each lock on its own cache line
/// (`Locked`). A read takes one lock, hashes once and binary-searches a short array (checking
/// the end first); a write of a transaction appends in the common in-order case, in place. Code is content-addressed and immutable,
/// so it lives in one hash → bytes map that is never versioned.
final class MVMemory: Sendable {
    private final class Shard: Sendable {
        let map = Locked<[MVKey: [MVEntry]]>([:])
            }
    private final class SlotIndexShard: Sendable {
        let map = Locked<[Address: [U256]]>([:])
    }

    private let shards: [Shard]
    private let mask: Int
    /// Address → slots that have (or had) a version in this block: what `hasStorage` must inspect.
    private let slotIndex: [SlotIndexShard]
    /// Set once any transaction wiped storage; until then storage reads skip the wipe lookup.
    private let anyClears = Atomic<Bool>(false)
    private let codes = Locked<[Bytes32: [UInt8]]>([:])

    init(shardCount: Int = 256) {
        var n = 1
        while n < shardCount { n <<= 1 }
        shards = (0..<n).map { _ in Shard() }
        mask = n - 1
        slotIndex = (0..<16).map { _ in SlotIndexShard() }
    }

    @inline(__always)
    private static func mix(_ a: Address) -> Int {
        Int(truncatingIfNeeded: a.hi &* 0x9E37_79B9_7F4A_7C15 ^ a.mid ^ UInt64(a.lo) &* 0xC2B2_AE3D_27D4_EB4F)
    }

    @inline(__always)
    private func shard(_ key: MVKey) -> Shard {
        let h: Int
        switch key {
        case .account(let a): h = Self.mix(a)
        case .storageClear(let a): h = Self.mix(a) &+ 1
        case .storage(let a, let s):
            h = Self.mix(a) ^ Int(truncatingIfNeeded: (s.w0 ^ s.w1 ^ s.w2 ^ s.w3) &* 0x9E37_79B9_7F4A_7C15)
        }
        return shards[(h ^ (h >> 29)) & mask]
    }

    /// Index of the first entry whose transaction is `>= tx` (entries are sorted by `tx`).
    @inline(__always)
    private static func lowerBound(_ list: [MVEntry], _ tx: Int32) -> Int {
        var lo = 0, hi = list.count
        // Versions usually arrive in block order: check the end first.
        if hi > 0 && list[hi - 1].tx < tx { return hi }
        while lo < hi {
            let mid = (lo + hi) >> 1
            if list[mid].tx < tx { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The highest version below `tx`, if any.
    private func latest(_ key: MVKey, before tx: Int) -> MVEntry? {
        shard(key).map.withLock { map -> MVEntry? in
            guard let list = map[key] else { return nil }
            let i = Self.lowerBound(list, Int32(tx))
            return i > 0 ? list[i - 1] : nil
        }
    }

    // MARK: Reads

    enum AccountLookup: Equatable {
        /// Resolved from versions of this block alone.
        case value(AccountInfo?)
        /// Read the pre-block account; when `delta` is non-nil, add it to the account's balance
        /// (an absent account counts as empty).
        case base(delta: U256?)
        case blocked(Int)
    }

    /// The account as transaction `tx` sees it. Balance deltas are summed downwards to the
    /// nearest full value (or to the pre-block state), so only a transaction that really reads
    /// an account depends on earlier lazy credits to it. The arithmetic mirrors the sequential
    /// overlay exactly: a delta on a deleted account recreates it only when non-zero; any
    /// version on top of the pre-block state turns an absent account into an empty one.
    func readAccount(_ address: Address, tx: Int) -> AccountLookup {
        let key = MVKey.account(address)
        return shard(key).map.withLock { map -> AccountLookup in
            guard let list = map[key] else { return .base(delta: nil) }
            var i = Self.lowerBound(list, Int32(tx))
            var sum = U256.zero
            var sawDelta = false, sawNonZeroDelta = false
            while i > 0 {
                i -= 1
                let e = list[i]
                if e.isEstimate { return .blocked(Int(e.tx)) }
                switch e.value {
                case .delta(let d):
                    sum = sum &+ d; sawDelta = true
                    if !d.isZero { sawNonZeroDelta = true }
                case .account(let v):
                    guard sawDelta else { return .value(v) }
                    if var v { v.balance = v.balance &+ sum; return .value(v) }
                    return .value(sawNonZeroDelta ? AccountInfo(balance: sum) : nil)
                default:
                    preconditionFailure("non-account value at an account location")
                }
            }
            return sawDelta ? .base(delta: sum) : .base(delta: nil)
        }
    }

    /// A storage slot as transaction `tx` sees it: the highest version of the slot, unless the
    /// account's storage was wiped by a later transaction (still below `tx`), which reads zero.
    /// A version and a wipe by the same transaction: the wipe came first.
    func readStorage(_ address: Address, slot: U256, tx: Int) -> MVLookupResult<U256> {
        let written = latest(.storage(address, slot), before: tx)
        let clear = anyClears.load(ordering: .acquiring) ? latest(.storageClear(address), before: tx) : nil
        if let e = written, clear == nil || e.tx >= clear!.tx {
            if e.isEstimate { return .blocked(Int(e.tx)) }
            guard case .storage(let v) = e.value else { preconditionFailure("non-storage value at a slot") }
            return .found(v)
        }
        if let c = clear {
            if c.isEstimate { return .blocked(Int(c.tx)) }
            return .found(.zero)
        }
        return .base
    }

    /// Whether the account has a non-zero slot as transaction `tx` sees it, with the overlay's
    /// rule: any slot written in this block (after the last wipe) that is non-zero → true; else
    /// a wipe → false; else the pre-block answer.
    func hasStorage(_ address: Address, tx: Int) -> MVLookupResult<Bool> {
        let slots = slotIndex[Self.mix(address) & 15].map.withLock { $0[address] ?? [] }
        let clear = anyClears.load(ordering: .acquiring) ? latest(.storageClear(address), before: tx) : nil
        for slot in slots {
            guard let e = latest(.storage(address, slot), before: tx) else { continue }
            if let c = clear, e.tx < c.tx { continue }
            if e.isEstimate { return .blocked(Int(e.tx)) }
            guard case .storage(let v) = e.value else { preconditionFailure("non-storage value at a slot") }
            if !v.isZero { return .found(true) }
        }
        if let c = clear {
            if c.isEstimate { return .blocked(Int(c.tx)) }
            return .found(false)
        }
        return .base
    }

    /// Code written in this block, by hash.
    func code(hash: Bytes32) -> [UInt8]? {
        codes.withLock { $0[hash] }
    }

    // MARK: Writes

    /// Records the writes of incarnation `incarnation` of transaction `tx`, replacing those of
    /// its previous incarnation (`previous` = the locations it wrote): stale locations are
    /// removed, the others overwritten. Returns the locations written and whether any of them
    /// was not written by the previous incarnation (then every later transaction must be
    /// validated again).
    ///
    /// A write with neither account value nor delta (storage or code only) marks the account
    /// as touched: the sequential overlay then reads an absent account as empty. That zero
    /// delta is a no-op in every resolution except on top of an absent pre-block account, so it
    /// is recorded only then — otherwise every call to a hot contract would add a version to
    /// its account and every read of it would walk them all.
    func record(tx: Int, incarnation: Int, writes: WriteSet, previous: [MVKey], base: any StateView) -> (keys: [MVKey], wroteNewLocation: Bool) {
        var keys: [MVKey] = []
        keys.reserveCapacity(writes.accounts.count + 2)
        // Code first: a reader that sees the new code hash in an account version must find the
        // code (code reads are not in the read set: content-addressed, they never conflict).
        for (_, w) in writes.accounts {
            if let code = w.code {
                let hash = w.info?.codeHash ?? Keccak256.hash(code)
                codes.withLock { $0[hash] = code }
            }
        }
        for (address, w) in writes.accounts {
            let accountValue: MVValue?
            if let info = w.info {
                accountValue = .account(info)
            } else if w.deleted {
                accountValue = .account(w.balanceDelta.isZero ? nil : AccountInfo(balance: w.balanceDelta))
            } else if !w.balanceDelta.isZero || Self.absentFromBase(address, base) {
                accountValue = .delta(w.balanceDelta)
            } else {
                accountValue = nil
            }
            if let accountValue {
                put(.account(address), accountValue, tx: tx, incarnation: incarnation)
                keys.append(.account(address))
            }
            if w.deleted || w.storageCleared {
                anyClears.store(true, ordering: .releasing)
                put(.storageClear(address), .cleared, tx: tx, incarnation: incarnation)
                keys.append(.storageClear(address))
            }
            for (slot, value) in w.storage {
                let key = MVKey.storage(address, slot)
                if put(key, .storage(value), tx: tx, incarnation: incarnation) {
                    slotIndex[Self.mix(address) & 15].map.withLock { $0[address, default: []].append(slot) }
                }
                keys.append(key)
            }
        }
        if previous.isEmpty { return (keys, !keys.isEmpty) }
        let before = Set(previous)
        let now = Set(keys)
        for key in previous where !now.contains(key) { remove(key, tx: tx) }
        return (keys, keys.contains { !before.contains($0) })
    }

    private static func absentFromBase(_ address: Address, _ base: any StateView) -> Bool {
        do { return try base.account(address) == nil } catch { return true }
    }

    /// Turns the versions of an aborted incarnation into ESTIMATE markers.
    func markEstimates(tx: Int, keys: [MVKey]) {
        let t = Int32(tx)
        for key in keys {
            shard(key).map.withLock { map in
                guard map[key] != nil else { return }
                Self.markEstimate(&map[key, default: []], t)
            }
        }
    }

    private static func markEstimate(_ list: inout [MVEntry], _ t: Int32) {
        let i = lowerBound(list, t)
        if i < list.count && list[i].tx == t { list[i].isEstimate = true }
    }

    /// Writes one version; returns true when the location had no version before.
    @discardableResult
    private func put(_ key: MVKey, _ value: MVValue, tx: Int, incarnation: Int) -> Bool {
        let entry = MVEntry(tx: Int32(tx), incarnation: Int32(incarnation), isEstimate: false, value: value)
        return shard(key).map.withLock { map -> Bool in
            // In place through the dictionary's modify accessor: no copy of the version list.
            Self.insert(&map[key, default: []], entry)
        }
    }

    private static func insert(_ list: inout [MVEntry], _ entry: MVEntry) -> Bool {
        let created = list.isEmpty
        let i = lowerBound(list, entry.tx)
        if i < list.count && list[i].tx == entry.tx { list[i] = entry } else { list.insert(entry, at: i) }
        return created
    }

    private func remove(_ key: MVKey, tx: Int) {
        let t = Int32(tx)
        shard(key).map.withLock { map in
            guard map[key] != nil else { return }
            Self.removeEntry(&map[key, default: []], t)
        }
    }

    private static func removeEntry(_ list: inout [MVEntry], _ t: Int32) {
        let i = lowerBound(list, t)
        if i < list.count && list[i].tx == t { list.remove(at: i) }
    }

    /// Every version of a location (tests).
    func versions(_ key: MVKey) -> [MVEntry] {
        shard(key).map.withLock { $0[key] ?? [] }
    }
}

/// The answer of a multi-version lookup: a value written in this block, "read the pre-block
/// state", or "an ESTIMATE of transaction n is in the way".
enum MVLookupResult<T: Equatable>: Equatable {
    case found(T)
    case base
    case blocked(Int)
}
