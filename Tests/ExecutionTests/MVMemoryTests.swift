import Testing
import Primitives
import StateAccess
@testable import Execution

@Suite struct MVMemoryTests {
    let empty = InMemoryState()
    let a = Address(low: 0xA)
    let b = Address(low: 0xB)

    func writes(_ pairs: [(Address, AccountWrite)]) -> WriteSet {
        WriteSet(accounts: AccountWrites(uniqueKeysWithValues: pairs))
    }

    @Test func readsHighestVersionBelow() {
        let m = MVMemory(shardCount: 4)
        #expect(m.readStorage(a, slot: .one, tx: 5) == .base)
        _ = m.record(tx: 2, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(20)]))]), previous: [], base: empty)
        _ = m.record(tx: 4, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(40)]))]), previous: [], base: empty)
        #expect(m.readStorage(a, slot: .one, tx: 2) == .base)
        #expect(m.readStorage(a, slot: .one, tx: 3) == .found(U256(20)))
        #expect(m.readStorage(a, slot: .one, tx: 4) == .found(U256(20)))
        #expect(m.readStorage(a, slot: .one, tx: 9) == .found(U256(40)))
    }

    /// The lowest-writer filter: a bucket holds the lowest transaction that wrote there, only
    /// goes down, and a reader at or below it is told there is nothing to find; a new block
    /// forgets it, also one that outlasts the values' range (the buckets are then cleared).
    @Test func lowestWriterFilterKeepsTheMinimum() {
        let f = LowestWriterFilter()
        let h = MVKey.storage(a, .one).mixedHash
        #expect(!f.mayHaveVersion(hash: h, below: 1_000_000))
        f.noteWrite(hash: h, tx: 7)
        f.noteWrite(hash: h, tx: 9)
        #expect(!f.mayHaveVersion(hash: h, below: 7))
        #expect(f.mayHaveVersion(hash: h, below: 8))
        f.noteWrite(hash: h, tx: 3)
        #expect(f.mayHaveVersion(hash: h, below: 4) && !f.mayHaveVersion(hash: h, below: 3))
        f.startBlock(transactionCount: 1_000_000)
        #expect(!f.mayHaveVersion(hash: h, below: 1_000_000))
        // Every bucket's value from a block, read in the next blocks: never a writer, also
        // across the wraps of the values (one every 2,147 blocks of a million transactions).
        f.noteWrite(hash: h, tx: 0)
        for _ in 0..<5_000 {
            #expect(f.mayHaveVersion(hash: h, below: 1))
            f.startBlock(transactionCount: 1_000_000)
            #expect(!f.mayHaveVersion(hash: h, below: 1_000_000))
            f.noteWrite(hash: h, tx: 999_999)
            #expect(!f.mayHaveVersion(hash: h, below: 999_999) && f.mayHaveVersion(hash: h, below: 1_000_000))
            f.noteWrite(hash: h, tx: 0)
        }

        // Lowered under shard locks: the same minimum, and a bucket never mixes shards, so
        // that the shard's lock covers all of its writers. Two hashes equal but for the shard
        // bits (4 shards: the low two) land in different buckets.
        let g = LowestWriterFilter(shards: 4)
        g.noteWriteUnderShardLock(hash: h, tx: 9)
        g.noteWriteUnderShardLock(hash: h, tx: 5)
        g.noteWriteUnderShardLock(hash: h, tx: 6)
        #expect(g.mayHaveVersion(hash: h, below: 6) && !g.mayHaveVersion(hash: h, below: 5))
        for other in 1..<4 as Range<UInt64> {
            #expect(!g.mayHaveVersion(hash: h ^ other, below: 1_000_000))
        }
    }

    /// Reads that the filter answers without the tables: locations written only at or above the
    /// reader, a slot of a contract other transactions wrote elsewhere, and `hasStorage` of an
    /// account whose storage only a later transaction touched. A wipe below the reader still
    /// reaches every slot of its account.
    @Test func readsBelowEveryWriterSkipTheTables() {
        let m = MVMemory(shardCount: 4)
        _ = m.record(tx: 5, incarnation: 0, writes: writes([(a, AccountWrite(info: AccountInfo(nonce: 1), storage: [.one: U256(1)]))]),
                     previous: [], base: empty)
        #expect(m.readAccount(a, tx: 5) == .base(delta: nil))
        #expect(m.readAccount(a, tx: 6) == .value(AccountInfo(nonce: 1)))
        #expect(m.readStorage(a, slot: .one, tx: 5) == .base)
        #expect(m.readStorage(a, slot: U256(2), tx: 9) == .base)
        #expect(m.hasStorage(a, tx: 5) == .base)
        #expect(m.hasStorage(a, tx: 6) == .found(true))
        _ = m.record(tx: 2, incarnation: 0, writes: writes([(b, AccountWrite(storageCleared: true))]), previous: [], base: empty)
        #expect(m.readStorage(b, slot: U256(77), tx: 3) == .found(.zero))
        #expect(m.readStorage(b, slot: U256(77), tx: 2) == .base)
    }

    @Test func estimatesBlockReadersAbove() {
        let m = MVMemory(shardCount: 4)
        let (keys, new) = m.record(tx: 3, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(1)]))]), previous: [], base: empty)
        #expect(new)
        m.markEstimates(tx: 3, keys: keys)
        #expect(m.readStorage(a, slot: .one, tx: 7) == .blocked(3))
        #expect(m.readStorage(a, slot: .one, tx: 3) == .base)
        // The next incarnation writes the same location: not new; the estimate is replaced.
        let (_, new2) = m.record(tx: 3, incarnation: 1, writes: writes([(a, AccountWrite(storage: [.one: U256(2)]))]), previous: keys, base: empty)
        #expect(!new2)
        #expect(m.readStorage(a, slot: .one, tx: 7) == .found(U256(2)))
    }

    @Test func staleLocationsAreRemovedAndNewOnesReported() {
        let m = MVMemory(shardCount: 4)
        let (k0, _) = m.record(tx: 1, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(1)]))]), previous: [], base: empty)
        let (k1, new) = m.record(tx: 1, incarnation: 1, writes: writes([(a, AccountWrite(storage: [U256(2): U256(1)]))]), previous: k0, base: empty)
        #expect(new)
        #expect(m.readStorage(a, slot: .one, tx: 5) == .base)
        #expect(m.readStorage(a, slot: U256(2), tx: 5) == .found(.one))
        let (_, new2) = m.record(tx: 1, incarnation: 2, writes: WriteSet(), previous: k1, base: empty)
        #expect(!new2)
        #expect(m.readStorage(a, slot: U256(2), tx: 5) == .base)
    }

    @Test func balanceDeltasResolveLazily() {
        let m = MVMemory(shardCount: 4)
        _ = m.record(tx: 0, incarnation: 0, writes: writes([(a, AccountWrite(balanceDelta: U256(5)))]), previous: [], base: empty)
        _ = m.record(tx: 1, incarnation: 0, writes: writes([(a, AccountWrite(balanceDelta: U256(7)))]), previous: [], base: empty)
        #expect(m.readAccount(a, tx: 2) == .base(delta: U256(12)))
        _ = m.record(tx: 2, incarnation: 0, writes: writes([(a, AccountWrite(info: AccountInfo(nonce: 1, balance: U256(100))))]), previous: [], base: empty)
        _ = m.record(tx: 3, incarnation: 0, writes: writes([(a, AccountWrite(balanceDelta: U256(1)))]), previous: [], base: empty)
        #expect(m.readAccount(a, tx: 3) == .value(AccountInfo(nonce: 1, balance: U256(100))))
        #expect(m.readAccount(a, tx: 4) == .value(AccountInfo(nonce: 1, balance: U256(101))))
        // An estimate among the deltas blocks only readers of the account.
        let (k1, _) = m.record(tx: 1, incarnation: 0, writes: writes([(a, AccountWrite(balanceDelta: U256(7)))]), previous: [.account(a)], base: empty)
        m.markEstimates(tx: 1, keys: k1)
        #expect(m.readAccount(a, tx: 2) == .blocked(1))
        #expect(m.readAccount(a, tx: 4) == .value(AccountInfo(nonce: 1, balance: U256(101))))
    }

    @Test func deltasOnDeletedAccountsMirrorTheOverlay() {
        let m = MVMemory(shardCount: 4)
        _ = m.record(tx: 0, incarnation: 0, writes: writes([(a, AccountWrite(deleted: true))]), previous: [], base: empty)
        _ = m.record(tx: 1, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: .zero]))]), previous: [], base: empty)
        #expect(m.readAccount(a, tx: 2) == .value(nil))   // a zero delta does not recreate it
        _ = m.record(tx: 2, incarnation: 0, writes: writes([(a, AccountWrite(balanceDelta: U256(3)))]), previous: [], base: empty)
        #expect(m.readAccount(a, tx: 3) == .value(AccountInfo(balance: U256(3))))
        // Touching an account not in this block's versions: read the base and add (zero).
        _ = m.record(tx: 0, incarnation: 0, writes: writes([(b, AccountWrite(storage: [.one: .one]))]), previous: [], base: empty)
        #expect(m.readAccount(b, tx: 1) == .base(delta: .zero))
    }

    @Test func storageWipesHideOlderSlots() {
        let m = MVMemory(shardCount: 4)
        _ = m.record(tx: 1, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(9), U256(2): U256(8)]))]), previous: [], base: empty)
        let (k, _) = m.record(tx: 3, incarnation: 0, writes: writes([(a, AccountWrite(info: AccountInfo(nonce: 1), storageCleared: true, storage: [U256(2): U256(5)]))]), previous: [], base: empty)
        #expect(m.readStorage(a, slot: .one, tx: 3) == .found(U256(9)))
        #expect(m.readStorage(a, slot: .one, tx: 4) == .found(.zero))
        #expect(m.readStorage(a, slot: U256(2), tx: 4) == .found(U256(5)))   // written after the wipe, same tx
        #expect(m.readStorage(a, slot: U256(7), tx: 4) == .found(.zero))
        #expect(m.hasStorage(a, tx: 2) == .found(true))
        #expect(m.hasStorage(a, tx: 4) == .found(true))
        #expect(m.hasStorage(b, tx: 4) == .base)
        m.markEstimates(tx: 3, keys: k)
        #expect(m.readStorage(a, slot: .one, tx: 4) == .blocked(3))
        #expect(m.hasStorage(a, tx: 4) == .blocked(3))
        #expect(m.readStorage(a, slot: .one, tx: 3) == .found(U256(9)))
    }

    @Test func deletionWipesAndHasStorageTurnsFalse() {
        let m = MVMemory(shardCount: 4)
        _ = m.record(tx: 0, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(9)]))]), previous: [], base: empty)
        _ = m.record(tx: 1, incarnation: 0, writes: writes([(a, AccountWrite(deleted: true))]), previous: [], base: empty)
        #expect(m.hasStorage(a, tx: 1) == .found(true))
        #expect(m.hasStorage(a, tx: 2) == .found(false))
        #expect(m.readAccount(a, tx: 2) == .value(nil))
    }

    @Test func validationIsValueBased() throws {
        let m = MVMemory(shardCount: 4)
        let base = InMemoryState()
        base.insert(a, nonce: 0, balance: U256(10), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [.one: U256(3)])
        let view = VersionedView(memory: m, base: base)
        view.begin(tx: 5)
        #expect(try view.storage(a, slot: .one) == U256(3))
        #expect(try view.account(a)?.balance == U256(10))
        let reads = Array(view.reads)
        #expect(VersionedView.validate(reads, tx: 5, memory: m, base: base))
        // Tx 2 writes the same value: still valid. A different value: invalid.
        let (k, _) = m.record(tx: 2, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(3)]))]), previous: [], base: empty)
        #expect(VersionedView.validate(reads, tx: 5, memory: m, base: base))
        _ = m.record(tx: 2, incarnation: 1, writes: writes([(a, AccountWrite(storage: [.one: U256(4)]))]), previous: k, base: empty)
        #expect(!VersionedView.validate(reads, tx: 5, memory: m, base: base))
        // A delta to the account changes the balance read.
        let m2 = MVMemory(shardCount: 4)
        _ = m2.record(tx: 1, incarnation: 0, writes: writes([(a, AccountWrite(balanceDelta: .one))]), previous: [], base: empty)
        #expect(!VersionedView.validate([.account(a, AccountInfo(balance: U256(10)), fromBase: true)], tx: 5, memory: m2, base: base))
        #expect(VersionedView.validate([.account(a, AccountInfo(balance: U256(11)), fromBase: false)], tx: 5, memory: m2, base: base))
        // An estimate on the way fails validation.
        m2.markEstimates(tx: 1, keys: [.account(a)])
        #expect(!VersionedView.validate([.account(a, AccountInfo(balance: U256(11)), fromBase: false)], tx: 5, memory: m2, base: base))
        // The view throws .blocked on it.
        let v2 = VersionedView(memory: m2, base: base)
        v2.begin(tx: 5)
        #expect(throws: StateViewError.blocked(onTransaction: 1)) { try v2.account(a) }
    }

    /// Under declared footprints, a first incarnation that writes only unversioned declared
    /// accounts and a coinbase credit records the credit alone (`recordsOnlyCredits`); one more
    /// write that needs a version (a slot of an unversioned account) takes the general path.
    @Test func paymentsOutsideEveryVersionRecordOnlyTheirCredit() {
        let coinbase = Address(low: 0xC0)
        let m = MVMemory(shardCount: 4, transactionCount: 8, beneficiary: coinbase)
        var plan = FootprintPlan()
        plan.active = true
        plan.footprint = Footprint(from: a, to: b)
        plan.readsFromBase = (true, true)
        plan.unversioned = (true, true)
        let payment = writes([(a, AccountWrite(info: AccountInfo(nonce: 1, balance: U256(90)))),
                              (b, AccountWrite(balanceDelta: U256(10))),
                              (coinbase, AccountWrite(balanceDelta: U256(3)))])
        let (keys, new) = m.record(tx: 2, incarnation: 0, writes: payment, previous: [], base: empty, plan: plan)
        #expect(keys.isEmpty)
        #expect(new)   // the credit is new for the readers above
        #expect(m.versions(.account(a)).isEmpty && m.versions(.account(b)).isEmpty)
        #expect(m.readAccount(coinbase, tx: 5) == .base(delta: U256(3)))
        #expect(m.readAccount(coinbase, tx: 2) == .base(delta: nil))

        let withSlot = writes([(a, AccountWrite(info: AccountInfo(nonce: 2), storage: [.one: U256(7)])),
                               (coinbase, AccountWrite(balanceDelta: U256(4)))])
        let (keys2, _) = m.record(tx: 3, incarnation: 0, writes: withSlot, previous: [], base: empty, plan: plan)
        #expect(keys2 == [.storage(a, .one)])
        #expect(m.versions(.account(a)).isEmpty)
        #expect(m.readAccount(coinbase, tx: 5) == .base(delta: U256(7)))
    }
}
