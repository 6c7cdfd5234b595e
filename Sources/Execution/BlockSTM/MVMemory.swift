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

    var address: Address {
        switch self {
        case .account(let a), .storageClear(let a), .storage(let a, _): return a
        }
    }

    /// One pre-mixed word instead of seven: the hasher's per-word rounds dominated lookups.
    @inline(__always)
    func hash(into hasher: inout Hasher) { hasher.combine(mixedHash) }

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

    /// A balance delta still valid (not an ESTIMATE): all a code-hash read may skip.
    @inline(__always)
    var isPlainDelta: Bool {
        if isEstimate { return false }
        if case .delta = value { return true }
        return false
    }
}

/// The multi-version memory of Block-STM: for every location, the versions written by the
/// transactions of the block, ordered by transaction index. A read by transaction `j` sees the
/// highest version below `j`, or the block's pre-state when there is none.
///
/// Layout: locations are spread over `shardCount` independently locked dictionaries
/// (location → version list sorted by transaction index), each mutex and dictionary on a
/// cache line of its own (`LockedArray`, padded). A read takes one lock, hashes once and
/// binary-searches a short list (checking the end first); a write of a transaction appends in
/// the common in-order case, in place. Code is content-addressed and immutable, so it lives in
/// one hash → bytes map that is never versioned.
///
/// Reuse: the executor keeps one memory between blocks (`reset`), so the dictionaries keep
/// their capacity — a fresh memory per block paid for allocating, page-faulting and freeing
/// a few megabytes of hash tables every block, which showed up as a tenth of the execution
/// time of a 10,000-transfer block.
final class MVMemory: @unchecked Sendable {
    private let shards: LockedArray<MVTable>
    /// Where each shard's buckets are, for announcing writes without the lock (`MVBucketHints`).
    private let bucketHints: MVBucketHints
    private let mask: Int
    /// Set once any transaction wiped storage; until then storage reads skip the wipe lookup.
    private let anyClears = Atomic<Bool>(false)
    /// The lowest writer of each bucket of locations (`LowestWriterFilter`): reads of locations
    /// no earlier transaction wrote skip the tables. A bucket's locations share a shard, whose
    /// lock its writers hold.
    private let writers: LowestWriterFilter
    /// The same for versions that are not plain balance deltas (`MVVersions.solidCount`):
    /// a code-hash read of an account that only receives payments skips the tables.
    private let solidWriters: LowestWriterFilter
    /// The same per address with storage versions (`LowestWriterFilter.storageMarker`), for
    /// `hasStorage`. Apart from `writers` because a marker's shard is not its slots' shard.
    private let storageWriters = LowestWriterFilter(bucketBits: 12)
    /// One lock for all code (a `LockedArray` of one: its lock is the cheap one, and every contract call reads here).
    private let codes = LockedArray<[Bytes32: [UInt8]]>(repeating: [:], count: 1, cacheLinePadded: true)
    /// The block's lazy accounts (its beneficiary and hot payees) and, per transaction, what
    /// it credited each (see `Credit`). Only `prepare` (between blocks, no worker running)
    /// changes them.
    private var lazy: LazyAccounts
    private let credits: CreditSlots

    let shardCount: Int

    /// `beneficiary` and `hotPayees` (with `transactionCount`): the coinbase and the accounts
    /// many payments go to, whose pure credits are kept per transaction instead of as versions
    /// (see `Credit`).
    ///
    /// Each shard's table starts at 16 buckets and grows with what the blocks write
    /// (`MVTable.update`), keeping its buffer for the next block. Why not sized up front for
    /// the block, as it was (three locations per transaction): that was 25 MB of buckets for
    /// 10,000 transactions, all written when each table was first used — 30% of the CPU time
    /// of a first 10,000-transfer block (`ledgerbench execute` runs one block, cold) — while
    /// under declared footprints such a block versions a few locations per shard.
    init(shardCount: Int = 256, transactionCount: Int = 0, beneficiary: Address? = nil, hotPayees: [Address] = []) {
        var n = 1
        while n < shardCount { n <<= 1 }
        self.shardCount = n
        // Each shard gets its own storage on its first write (copy on write of `empty`).
        let empty = MVTable(capacity: 8)
        shards = LockedArray(repeating: empty, count: n, cacheLinePadded: true)
        bucketHints = MVBucketHints(shards: n)
        mask = n - 1
        writers = LowestWriterFilter(shards: n)
        solidWriters = LowestWriterFilter(shards: n)
        lazy = transactionCount > 0 ? LazyAccounts(beneficiary: beneficiary, payees: hotPayees) : LazyAccounts()
        credits = CreditSlots(count: lazy.count == 0 ? 0 : transactionCount, lanes: lazy.count)
    }

    deinit { bucketHints.deallocate() }

    /// Readies the memory for the next block, with `clear(part:of:)` run for every part
    /// (the workers share the clearing). Call only while no worker reads or writes it.
    func prepare(transactionCount: Int, beneficiary: Address?, hotPayees: [Address] = []) {
        codes.withLock(0) { $0.removeAll() }
        anyClears.store(false, ordering: .releasing)
        lazy = transactionCount > 0 ? LazyAccounts(beneficiary: beneficiary, payees: hotPayees) : LazyAccounts()
        let count = lazy.count == 0 ? 0 : transactionCount
        if credits.count != count || credits.lanes != lazy.count { credits.reset(count: count, lanes: lazy.count) }
        for filter in [writers, solidWriters, storageWriters] { filter.startBlock(transactionCount: transactionCount) }
    }

    /// Empties part `part` of `parts` of the memory, keeping the tables' capacity (the filters
    /// were reset by `prepare`).
    func clear(part: Int, of parts: Int) {
        var i = part
        while i < shards.count {
            shards.withLock(i) { $0.removeAll() }
            i += parts
        }
        // A contiguous range per part: interleaved slots put two workers' stores on each line.
        credits.clear(credits.count * part / parts ..< credits.count * (part + 1) / parts)
    }

    /// Runs `body` on the table of `key`'s shard, under its lock. `hash` is `key.mixedHash`,
    /// passed by callers that already computed it for the filter.
    @inline(__always)
    private func withShard<R>(_ key: MVKey, hash: UInt64? = nil, _ body: (inout MVTable, UInt64) -> R) -> R {
        let h = hash ?? key.mixedHash
        return shards.withLock(Int(truncatingIfNeeded: h) & mask) { body(&$0, h) }
    }

    /// The highest version below `tx`, if any.
    private func latest(_ key: MVKey, hash: UInt64? = nil, before tx: Int) -> MVEntry? {
        withShard(key, hash: hash) { map, h -> MVEntry? in
            map.versions(key, hash: h)?.latest(before: Int32(tx))
        }
    }

    /// Whether `address` is one of the block's lazy accounts (the coinbase, hot payees).
    @inline(__always)
    func isLazy(_ address: Address) -> Bool { lazy.lane(of: address) != nil }

    /// Announces the credit slots transaction `tx` will write (see `BlockSTMExecutor.Run.announce`).
    @inline(__always)
    func announce(tx: Int) {
        for lane in 0..<lazy.count { credits.prefetch(lane, tx) }
    }

    /// Announces the account of `address`, which a coming transaction will surely read and
    /// probably write: its shard's lock and table header now (`.locate`); later (`.load`, which
    /// reads the header under the lock) its home bucket and its filter bucket, which the read
    /// checks and the write lowers. A version's insertion touched four cold lines (lock, hash,
    /// key, versions), most of what recording a transfer's writes cost.
    @inline(__always)
    func announceAccount(_ address: Address, _ step: PrefetchStep) {
        let h = MVKey.account(address).mixedHash
        let shard = Int(truncatingIfNeeded: h) & mask
        switch step {
        case .locate: shards.prefetch(shard)
        case .load:
            writers.prefetch(hash: h)
            solidWriters.prefetch(hash: h)   // a payment's recipient is read through it
            shards.withLock(shard) { $0.prefetch(hash: h) }
        }
    }

    /// Announces a storage slot a running transaction is about to read and will probably
    /// write (`StateView.prefetchStorage`: the EVM computed it as a mapping entry): the filter
    /// buckets its read checks and its version lowers, and its shard's lock and table bucket.
    /// Why: nothing announces a slot before the transaction computes it, and an ERC-20
    /// transfer's two balance reads each waited for a filter bucket, one cold line in a
    /// megabyte (5% of Block-STM's one-thread samples), then again for the lock and bucket of
    /// its two versions. The waits left the profiles; in wall time the change was neutral
    /// (0.995 and 0.994 at one and two threads, 24 alternating rounds). The lines are those
    /// `record` announces before it writes a version (`announceWrite`).
    @inline(__always)
    func announceStorage(_ address: Address, slot: U256) {
        announceWrite(.storage(address, slot))
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
        let hash = key.mixedHash
        let lane = lazy.lane(of: address)
        if lane == nil && !writers.mayHaveVersion(hash: hash, below: tx) { return .base(delta: nil) }
        var sums = DeltaSum()
        // The nearest full value below `tx` and its transaction (-1: the pre-block state).
        var value: AccountInfo?? = nil
        var below = -1
        let blocked = withShard(key, hash: hash) { map, h -> Int? in
            guard let list = map.versions(key, hash: h) else { return nil }
            var i = list.lowerBound(Int32(tx))
            while i > 0 {
                i -= 1
                let e = list[i]
                if e.isEstimate { return Int(e.tx) }
                switch e.value {
                case .delta(let d): sums.add(d)
                case .account(let v): value = .some(v); below = Int(e.tx); return nil
                default: preconditionFailure("non-account value at an account location")
                }
            }
            return nil
        }
        if let blocked { return .blocked(blocked) }
        if let lane {
            // Credits by the transactions between that value and `tx`.
            for t in (below + 1)..<tx {
                switch credits.get(lane, t) {
                case .none: continue
                case .estimate: return .blocked(t)
                case .paid(let d): sums.add(d)
                }
            }
        }
        guard let value else { return .base(delta: sums.saw ? sums.total : nil) }
        guard sums.saw else { return .value(value) }
        if var v = value { v.balance = v.balance &+ sums.total; return .value(v) }
        return .value(sums.sawNonZero ? AccountInfo(balance: sums.total) : nil)
    }

    /// The nearest full account value below `tx`, skipping balance deltas (`.base(delta: nil)`
    /// when there is none): what the account's code hash, which deltas never change, resolves
    /// to. An ESTIMATE on the way blocks, whatever it was: the next incarnation may write a
    /// full value there. Reading an account's code hash used to sum every delta below the
    /// reader; with payments to one account in every transaction that walk was quadratic.
    func readAccountIgnoringDeltas(_ address: Address, tx: Int) -> AccountLookup {
        let key = MVKey.account(address)
        let hash = key.mixedHash
        // (No exception for lazy accounts, unlike `readAccount`: their credits are not versions
        // and never change a code hash.)
        if !solidWriters.mayHaveVersion(hash: hash, below: tx) { return .base(delta: nil) }
        return withShard(key, hash: hash) { map, h -> AccountLookup in
            guard let list = map.versions(key, hash: h), list.solidCount > 0 else { return .base(delta: nil) }
            var i = list.lowerBound(Int32(tx))
            while i > 0 {
                i -= 1
                let e = list[i]
                if e.isEstimate { return .blocked(Int(e.tx)) }
                if case .account(let v) = e.value { return .value(v) }
            }
            return .base(delta: nil)
        }
    }

    /// A storage slot as transaction `tx` sees it: the highest version of the slot, unless the
    /// account's storage was wiped by a later transaction (still below `tx`), which reads zero.
    /// A version and a wipe by the same transaction: the wipe came first.
    func readStorage(_ address: Address, slot: U256, tx: Int) -> MVLookupResult<U256> {
        let key = MVKey.storage(address, slot)
        let hash = key.mixedHash
        let clears = anyClears.load(ordering: .acquiring)
        let clearHash = clears ? MVKey.storageClear(address).mixedHash : 0
        guard writers.mayHaveVersion(hash: hash, below: tx)
                || clears && writers.mayHaveVersion(hash: clearHash, below: tx) else { return .base }
        let written = latest(key, hash: hash, before: tx)
        let clear = clears ? latest(.storageClear(address), hash: clearHash, before: tx) : nil
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
    /// a wipe → false; else the pre-block answer. A slot whose latest version below `tx` is an
    /// ESTIMATE blocks, unless another slot already answers true.
    ///
    /// The slots are found by scanning every table for the address's storage keys. Why not an
    /// index of each address's slots: keeping it was a lock and a dictionary append per new
    /// slot, all on one lock and one array for a token that every transaction writes, and
    /// recording an ERC-20 block's versions paid for it on every transfer (Block-STM at 2 threads
    /// took 0.82 and 0.93 of the time without it, in two A/Bs). This question is rare: the EVM
    /// asks it of an address it is about to create a contract at, and the filter answers
    /// "pre-block" unless some earlier transaction wrote storage of that very address.
    func hasStorage(_ address: Address, tx: Int) -> MVLookupResult<Bool> {
        guard storageWriters.mayHaveVersion(hash: LowestWriterFilter.storageMarker(address), below: tx) else { return .base }
        let clear = anyClears.load(ordering: .acquiring) ? latest(.storageClear(address), before: tx) : nil
        var nonZero = false
        var blocked: Int? = nil
        for shard in 0..<shardCount where !nonZero {
            shards.withLock(shard) { map in
                map.forEachEntry { key, versions in
                    guard !nonZero, case .storage(let a, _) = key, a == address,
                          let e = versions.latest(before: Int32(tx)) else { return }
                    if let c = clear, e.tx < c.tx { return }
                    if e.isEstimate { blocked = min(blocked ?? Int(e.tx), Int(e.tx)); return }
                    guard case .storage(let v) = e.value else { preconditionFailure("non-storage value at a slot") }
                    if !v.isZero { nonZero = true }
                }
            }
        }
        if nonZero { return .found(true) }
        if let blocked { return .blocked(blocked) }
        if let c = clear {
            if c.isEstimate { return .blocked(Int(c.tx)) }
            return .found(false)
        }
        return .base
    }

    /// Code written in this block, by hash.
    func code(hash: Bytes32) -> [UInt8]? {
        codes.withLock(0) { $0[hash] }
    }

    // MARK: Writes

    /// Records the writes of incarnation `incarnation` of transaction `tx`, replacing those of
    /// its previous incarnation (`previous` = the locations it wrote): stale locations are
    /// removed, the others overwritten; `keys` receives the locations written. Returns whether any
    /// of them was not written by the previous incarnation (then every later transaction must
    /// be validated again).
    ///
    /// A write with neither account value nor delta (storage or code only) marks the account
    /// as touched: the sequential overlay then reads an absent account as empty. That zero
    /// delta is a no-op in every resolution except on top of an absent pre-block account, so it
    /// is recorded only then — otherwise every call to a hot contract would add a version to
    /// its account and every read of it would walk them all.
    ///
    /// `plan`: under declared footprints, the accounts no later transaction reads get no
    /// version (`FootprintPlan.isUnversioned`; their storage still does), and `wroteOutside`
    /// is set when the transaction wrote an account it did not declare (not a lazy one).
    func record(tx: Int, incarnation: Int, writes: WriteSet, previous: some Collection<MVKey>, base: any StateView,
                keys: inout [MVKey], plan: FootprintPlan, wroteOutside: inout Bool) -> Bool {
        keys.removeAll(keepingCapacity: true)
        var newCredit = false
        var paidLanes = 0
        if plan.active && incarnation == 0 && previous.isEmpty && recordsOnlyCredits(writes, plan: plan) {
            writes.accounts.forEachInPlace { address, w in
                if let lane = lazy.lane(of: address), credits.record(lane, tx, .paid(w.pointee.balanceDelta)) { newCredit = true }
            }
            return newCredit
        }
        // Code first: a reader that sees the new code hash in an account version must find the
        // code (code reads are not in the read set: content-addressed, they never conflict).
        writes.accounts.forEachInPlace { _, w in
            if let code = w.pointee.code {
                let hash = w.pointee.info?.codeHash ?? Keccak256.hash(code)
                codes.withLock(0) { $0[hash] = code }
            }
        }
        // Every location's lock, bucket and filter lines first, so that their misses overlap
        // instead of each insertion waiting for its own.
        writes.accounts.forEachInPlace { address, w in
            // (Not the accounts that get no version: unversioned ones, and lazy credits.)
            if !plan.isUnversioned(address) && !(w.pointee.isPureCredit && lazy.lane(of: address) != nil) {
                announceWrite(.account(address))
            }
            for slot in w.pointee.storage.keys { announceWrite(.storage(address, slot)) }
        }
        writes.accounts.forEachInPlace { address, w in
            if plan.active && !plan.declares(address) && lazy.lane(of: address) == nil { wroteOutside = true }
            let accountValue: MVValue?
            if plan.isUnversioned(address) {
                accountValue = nil   // never a lazy account (`FootprintPlan`)
            } else if let lane = lazy.lane(of: address), w.pointee.isPureCredit {
                // A credit to a lazy account (a fee to the coinbase, a payment to a hot payee):
                // kept per transaction, not as a version.
                if credits.record(lane, tx, .paid(w.pointee.balanceDelta)) { newCredit = true }
                paidLanes |= 1 << lane
                accountValue = nil
            } else if let info = w.pointee.info {
                accountValue = .account(info)
            } else if w.pointee.deleted {
                accountValue = .account(w.pointee.balanceDelta.isZero ? nil : AccountInfo(balance: w.pointee.balanceDelta))
            } else if !w.pointee.balanceDelta.isZero || Self.absentFromBase(address, base) {
                accountValue = .delta(w.pointee.balanceDelta)
            } else {
                accountValue = nil
            }
            if let accountValue {
                put(.account(address), accountValue, tx: tx, incarnation: incarnation)
                keys.append(.account(address))
            }
            if w.pointee.deleted || w.pointee.storageCleared {
                anyClears.store(true, ordering: .releasing)
                put(.storageClear(address), .cleared, tx: tx, incarnation: incarnation)
                keys.append(.storageClear(address))
            }
            for (slot, value) in w.pointee.storage {
                let key = MVKey.storage(address, slot)
                put(key, .storage(value), tx: tx, incarnation: incarnation)
                keys.append(key)
            }
        }
        // A first incarnation finds every slot empty (`clear`); a later one clears what its
        // predecessor paid and this one did not.
        if incarnation > 0 {
            for lane in 0..<lazy.count where paidLanes & (1 << lane) == 0 { _ = credits.record(lane, tx, .none) }
        }
        if previous.isEmpty { return !keys.isEmpty || newCredit }
        let before = Set(previous)
        let now = Set(keys)
        for key in previous where !now.contains(key) { remove(key, tx: tx) }
        return newCredit || keys.contains { !before.contains($0) }
    }

    /// Whether every write of a first incarnation is one that gets no version: to a declared
    /// account no later transaction reads (`FootprintPlan.isUnversioned`), of its balance and
    /// nonce only, or a credit to a lazy account. Then recording is its credits alone. Why:
    /// that is most payments of a block among many accounts, and for them the three walks of
    /// the general path below (code, announcements, versions) decided, write by write, to do
    /// nothing: about 5% of Block-STM's time on a one-thread transfers block.
    private func recordsOnlyCredits(_ writes: WriteSet, plan: FootprintPlan) -> Bool {
        var only = true
        writes.accounts.forEachInPlace { address, w in
            if plan.isUnversioned(address) {
                if !w.pointee.changesFieldsOnly { only = false }
            } else if !(w.pointee.isPureCredit && lazy.lane(of: address) != nil) {
                only = false
            }
        }
        return only
    }

    /// `record` without footprints (tests).
    func record(tx: Int, incarnation: Int, writes: WriteSet, previous: some Collection<MVKey>, base: any StateView,
                keys: inout [MVKey]) -> Bool {
        var wroteOutside = false
        return record(tx: tx, incarnation: incarnation, writes: writes, previous: previous, base: base, keys: &keys,
                      plan: .inactive, wroteOutside: &wroteOutside)
    }

    /// `record` returning a fresh array of the locations written (tests).
    func record(tx: Int, incarnation: Int, writes: WriteSet, previous: [MVKey], base: any StateView,
                plan: FootprintPlan = .inactive) -> (keys: [MVKey], wroteNewLocation: Bool) {
        var keys: [MVKey] = []
        var wroteOutside = false
        let new = record(tx: tx, incarnation: incarnation, writes: writes, previous: previous, base: base, keys: &keys,
                         plan: plan, wroteOutside: &wroteOutside)
        return (keys, new)
    }

    private static func absentFromBase(_ address: Address, _ base: any StateView) -> Bool {
        do { return try base.account(address) == nil } catch { return true }
    }

    /// Turns the versions of an aborted incarnation into ESTIMATE markers.
    func markEstimates(tx: Int, keys: some Sequence<MVKey>) {
        let t = Int32(tx)
        for key in keys {
            withShard(key) { map, h in
                solidWriters.noteWriteUnderShardLock(hash: h, tx: tx)   // an ESTIMATE is solid
                map.updateIfPresent(key, hash: h) { $0.markEstimate(tx: t) }
            }
        }
        for lane in 0..<lazy.count { credits.markEstimate(lane, tx) }
    }

    /// Starts loading, owned, what `put` of `key` writes: its shard's lock, its home bucket and
    /// its filter buckets.
    @inline(__always)
    private func announceWrite(_ key: MVKey) {
        let h = key.mixedHash
        let shard = Int(truncatingIfNeeded: h) & mask
        shards.prefetch(shard)
        bucketHints.prefetch(shard: shard, hash: h)
        writers.prefetch(hash: h)
        solidWriters.prefetch(hash: h)
    }

    /// Writes one version.
    private func put(_ key: MVKey, _ value: MVValue, tx: Int, incarnation: Int) {
        let entry = MVEntry(tx: Int32(tx), incarnation: Int32(incarnation), isEstimate: false, value: value)
        let hash = key.mixedHash
        if case .account = key {} else { storageWriters.noteWrite(hash: LowestWriterFilter.storageMarker(key.address), tx: tx) }
        withShard(key, hash: hash) { map, h in
            writers.noteWriteUnderShardLock(hash: h, tx: tx)
            if !entry.isPlainDelta { solidWriters.noteWriteUnderShardLock(hash: h, tx: tx) }
            // In place: one probe, no copy of the version list.
            _ = map.update(key, hash: h) { $0.upsert(entry) }
            bucketHints.publish(shard: Int(truncatingIfNeeded: h) & mask, bucketsAddress: map.bucketsAddress, mask: map.bucketMask)
        }
    }

    private func remove(_ key: MVKey, tx: Int) {
        withShard(key) { map, h in
            map.updateIfPresent(key, hash: h) { $0.remove(tx: Int32(tx)) }
        }
    }

    /// Every version of a location (tests).
    func versions(_ key: MVKey) -> [MVEntry] {
        withShard(key) { map, h in
            guard let list = map.versions(key, hash: h) else { return [] }
            return (0..<list.count).map { list[$0] }
        }
    }
}

/// What one transaction credited a lazy account: the block's beneficiary (pevm's lazy
/// beneficiary) or a hot payee (`LazyAccounts`).
///
/// Every transaction credits the coinbase. As versions of the coinbase account those credits
/// made one location that every transaction writes: one lock all workers fight over and one
/// version list as long as the block; a payee that most transactions pay is the same. Kept
/// per transaction instead, they cost a reader of the account a walk over the transactions
/// since its last full value, which only a transaction that really reads its balance pays. `.none` also stands for "not executed yet": a reader
/// then optimistically counts nothing, and the credit, once recorded, is a new location for
/// the scheduler (every later transaction is validated again).
enum Credit: Sendable {
    case none
    case paid(U256)
    /// Paid by an aborted incarnation: a reader waits for the next one.
    case estimate
}

/// Balance deltas summed the way the sequential overlay sums them.
struct DeltaSum {
    var total = U256.zero
    var saw = false
    var sawNonZero = false
    @inline(__always)
    mutating func add(_ d: U256) {
        total = total &+ d; saw = true
        if !d.isZero { sawNonZero = true }
    }
}

/// The answer of a multi-version lookup: a value written in this block, "read the pre-block
/// state", or "an ESTIMATE of transaction n is in the way".
enum MVLookupResult<T: Equatable>: Equatable {
    case found(T)
    case base
    case blocked(Int)
}
