import Testing
import Primitives
import StateAccess
@testable import Execution

/// The pieces under the multi-version memory: the per-location version list, the per-shard
/// table, the per-transaction credits of lazy accounts, `hasStorage`, and reuse between blocks.
@Suite struct MVStructuresTests {
    let empty = InMemoryState()
    let a = Address(low: 0xA)
    let coinbase = Address(low: 0xC0)

    func entry(_ tx: Int32, _ v: UInt64) -> MVEntry {
        MVEntry(tx: tx, incarnation: 0, isEstimate: false, value: .storage(U256(v)))
    }

    func writes(_ pairs: [(Address, AccountWrite)]) -> WriteSet {
        WriteSet(accounts: AccountWrites(uniqueKeysWithValues: pairs))
    }

    @Test func versionListStaysSortedThroughOutOfOrderInsertsAndRemovals() {
        var v = MVVersions()
        let created = [v.upsert(entry(5, 50)),
                       v.upsert(entry(2, 20)),   // before the inline head
                       v.upsert(entry(9, 90)),
                       v.upsert(entry(7, 70)),
                       v.upsert(entry(7, 71))]   // same transaction: replaced
        #expect(created == [true, false, false, false, false])
        #expect((0..<v.count).map { v[$0].tx } == [2, 5, 7, 9])
        #expect(v.latest(before: 7)?.tx == 5)
        #expect(v.latest(before: 2) == nil)
        #expect(v.latest(before: 100)?.value == .storage(U256(90)))
        v.remove(tx: 2)                     // the head
        v.remove(tx: 8)                     // absent: nothing
        #expect((0..<v.count).map { v[$0].tx } == [5, 7, 9])
        v.markEstimate(tx: 7)
        #expect(v[1].isEstimate && !v[0].isEstimate)
        for t: Int32 in [5, 7, 9] { v.remove(tx: t) }
        #expect(v.count == 0 && v.latest(before: 100) == nil)
        let again = v.upsert(entry(3, 30))
        #expect(again)                      // empty again: "created"
        // Emptied for the next block, whether one version or several.
        _ = v.upsert(entry(4, 40))
        v.removeAll()
        #expect(v.count == 0 && v.latest(before: 100) == nil)
        let createdAfterEmptying = v.upsert(entry(6, 60))
        #expect(createdAfterEmptying)
        #expect((0..<v.count).map { v[$0].tx } == [6])
        v.removeAll()
        let createdAgain = v.upsert(entry(1, 10))
        #expect(v.count == 1 && createdAgain && v.latest(before: 2)?.value == .storage(U256(10)))
    }

    @Test func tableGrowsAndFindsEveryKeyAndEmptiesForReuse() {
        var t = MVTable(capacity: 2)
        var keys: [MVKey] = []
        for i in 0..<5_000 {
            let n = UInt64(i)
            keys.append(i % 2 == 0 ? MVKey.account(Address(low: UInt32(i))) : MVKey.storage(Address(low: 7), U256(n)))
        }
        for (i, k) in keys.enumerated() {
            let e = entry(Int32(i), UInt64(i))
            t.update(k, hash: k.mixedHash) { (v: inout MVVersions) -> Void in v.upsert(e) }
        }
        #expect(t.count == keys.count)
        // Whole lines, from a line boundary (the layout `MVTable.Bucket` is padded for).
        #expect(MemoryLayout<MVTable.Bucket>.stride % 64 == 0)
        #expect(t.bucketsAddress % 64 == 0)
        for (i, k) in keys.enumerated() {
            let found: Int32? = t.versions(k, hash: k.mixedHash)?.latest(before: Int32.max)?.tx
            #expect(found == Int32(i))
        }
        #expect(t.versions(.storageClear(Address(low: 7)), hash: MVKey.storageClear(Address(low: 7)).mixedHash) == nil)
        t.removeAll()
        #expect(t.count == 0)
        #expect(t.versions(keys[10], hash: keys[10].mixedHash) == nil)
        let e = entry(1, 1)
        t.update(keys[10], hash: keys[10].mixedHash) { (v: inout MVVersions) -> Void in v.upsert(e) }
        #expect(t.count == 1)
        #expect((t.versions(keys[10], hash: keys[10].mixedHash)?.count) == 1)   // the last block's version is gone
        #expect(t.versions(keys[11], hash: keys[11].mixedHash) == nil)

        // Emptied by epoch: through the epochs' wrap (65,535 blocks), each block finds only
        // its own keys, and a key of an earlier block that lay in another's probe path is gone.
        for round in 0..<70_000 {
            t.removeAll()
            let k = keys[round % 3], other = keys[(round + 1) % 3]
            #expect(t.versions(k, hash: k.mixedHash) == nil)
            let r = entry(Int32(round % 1000), 5)
            t.update(k, hash: k.mixedHash) { (v: inout MVVersions) -> Void in v.upsert(r) }
            #expect(t.count == 1 && t.versions(k, hash: k.mixedHash)?.count == 1)
            #expect(t.versions(other, hash: other.mixedHash) == nil)
        }
    }

    /// Tables start small and grow with what blocks write (`MVMemory.init`): a location with a
    /// list of versions keeps it through the growth of its table, and each later block, also
    /// across the epochs' wrap, sees only its own version.
    @Test func versionListsSurviveGrowthAndEveryBlockSeesItsOwn() {
        var t = MVTable(capacity: 1)
        let hot = MVKey.storage(Address(low: 9), U256(1))
        for tx in 0..<4 as Range<Int32> {
            let e = entry(tx, UInt64(tx) + 100)
            t.update(hot, hash: hot.mixedHash) { (v: inout MVVersions) -> Void in v.upsert(e) }
        }
        let before = t.bucketsAddress
        for i in 0..<300 {
            let k = MVKey.account(Address(low: UInt32(i + 1)))
            let e = entry(Int32(i), 1)
            t.update(k, hash: k.mixedHash) { (v: inout MVVersions) -> Void in v.upsert(e) }
        }
        #expect(t.bucketsAddress != before, "the table should have grown")
        #expect(t.bucketsAddress % 64 == 0)
        let list = t.versions(hot, hash: hot.mixedHash)
        #expect(list?.count == 4)
        #expect(list?.latest(before: 3)?.value == .storage(U256(102)))
        for _ in 0..<65_536 {
            t.removeAll()
            let e = entry(0, 7)
            t.update(hot, hash: hot.mixedHash) { (v: inout MVVersions) -> Void in v.upsert(e) }
            #expect(t.count == 1)
        }
        #expect(t.versions(hot, hash: hot.mixedHash)?.count == 1)
        #expect(t.versions(MVKey.account(Address(low: 5)), hash: MVKey.account(Address(low: 5)).mixedHash) == nil)
    }

    @Test func beneficiaryFeesAreSummedPerTransactionAndBlockOnEstimates() {
        let m = MVMemory(shardCount: 4, transactionCount: 6, beneficiary: coinbase)
        let fee = { (v: UInt64) in self.writes([(self.coinbase, AccountWrite(balanceDelta: U256(v)))]) }
        var keys: [MVKey] = []
        #expect(m.record(tx: 0, incarnation: 0, writes: fee(3), previous: [], base: empty, keys: &keys))
        #expect(keys.isEmpty)              // a fee is not a version of the coinbase account
        _ = m.record(tx: 2, incarnation: 0, writes: fee(4), previous: [], base: empty, keys: &keys)
        // Transaction 1 has not run: optimistically no fee.
        #expect(m.readAccount(coinbase, tx: 3) == .base(delta: U256(7)))
        #expect(m.readAccount(coinbase, tx: 1) == .base(delta: U256(3)))
        #expect(m.readAccount(coinbase, tx: 0) == .base(delta: nil))
        // A full value of the coinbase (tx 3 read it) hides the fees below it.
        _ = m.record(tx: 3, incarnation: 0, writes: writes([(coinbase, AccountWrite(info: AccountInfo(balance: U256(100))))]),
                     previous: [], base: empty, keys: &keys)
        _ = m.record(tx: 4, incarnation: 0, writes: fee(1), previous: [], base: empty, keys: &keys)
        #expect(m.readAccount(coinbase, tx: 5) == .value(AccountInfo(balance: U256(101))))
        // An aborted fee payer blocks readers above it until it runs again.
        m.markEstimates(tx: 4, keys: [])
        #expect(m.readAccount(coinbase, tx: 5) == .blocked(4))
        #expect(!m.record(tx: 4, incarnation: 1, writes: fee(2), previous: [], base: empty, keys: &keys))
        #expect(m.readAccount(coinbase, tx: 5) == .value(AccountInfo(balance: U256(102))))
        // A re-execution that newly pays a fee is a new location (later readers revalidate).
        #expect(m.record(tx: 1, incarnation: 0, writes: WriteSet(), previous: [], base: empty, keys: &keys) == false)
        #expect(m.record(tx: 1, incarnation: 1, writes: fee(5), previous: [], base: empty, keys: &keys))
        #expect(m.readAccount(coinbase, tx: 3) == .base(delta: U256(12)))
    }

    /// A hot payee's pure credits are kept per transaction in its own lane, like the coinbase's
    /// fees: not versions, summed by a reader down to the payee's last full value, blocking on
    /// an aborted payer; a re-execution that no longer pays clears its credit, and one that
    /// newly pays is a new location.
    @Test func hotPayeeCreditsAreKeptPerTransaction() {
        let payee = Address(hi: 0xEE, mid: 0, lo: 1)
        let m = MVMemory(shardCount: 4, transactionCount: 6, beneficiary: coinbase, hotPayees: [payee, coinbase])
        let pay = { (v: UInt64) in self.writes([(payee, AccountWrite(balanceDelta: U256(v))), (self.coinbase, AccountWrite(balanceDelta: U256(1)))]) }
        var keys: [MVKey] = []
        #expect(m.record(tx: 0, incarnation: 0, writes: pay(10), previous: [], base: empty, keys: &keys))
        #expect(keys.isEmpty)
        _ = m.record(tx: 2, incarnation: 0, writes: pay(20), previous: [], base: empty, keys: &keys)
        #expect(m.readAccount(payee, tx: 3) == .base(delta: U256(30)))
        #expect(m.readAccount(coinbase, tx: 3) == .base(delta: U256(2)))    // lanes apart
        #expect(m.readAccountIgnoringDeltas(payee, tx: 3) == .base(delta: nil))
        // The payee's own transaction writes a full value; credits above it add to it.
        _ = m.record(tx: 3, incarnation: 0, writes: writes([(payee, AccountWrite(info: AccountInfo(nonce: 1, balance: U256(5))))]),
                     previous: [], base: empty, keys: &keys)
        #expect(keys == [.account(payee)])
        _ = m.record(tx: 4, incarnation: 0, writes: pay(7), previous: [], base: empty, keys: &keys)
        #expect(m.readAccount(payee, tx: 5) == .value(AccountInfo(nonce: 1, balance: U256(12))))
        m.markEstimates(tx: 4, keys: [])
        #expect(m.readAccount(payee, tx: 5) == .blocked(4))
        // Incarnation 1 of tx 4 pays the coinbase only: its credit to the payee is gone.
        _ = m.record(tx: 4, incarnation: 1, writes: writes([(coinbase, AccountWrite(balanceDelta: U256(1)))]),
                     previous: [], base: empty, keys: &keys)
        #expect(m.readAccount(payee, tx: 5) == .value(AccountInfo(nonce: 1, balance: U256(5))))
        #expect(m.readAccount(coinbase, tx: 5) == .base(delta: U256(3)))
        // Tx 1 newly pays the payee: a new location.
        #expect(m.record(tx: 1, incarnation: 0, writes: WriteSet(), previous: [], base: empty, keys: &keys) == false)
        #expect(m.record(tx: 1, incarnation: 1, writes: pay(100), previous: [], base: empty, keys: &keys))
        #expect(m.readAccount(payee, tx: 3) == .base(delta: U256(130)))
        // Not pure credits (a value with storage) stay versions.
        var w = AccountWrite(balanceDelta: U256(1)); w.storage[U256(1)] = U256(2)
        _ = m.record(tx: 5, incarnation: 0, writes: writes([(payee, w)]), previous: [], base: empty, keys: &keys)
        #expect(keys.contains(.account(payee)))
    }

    /// `hasStorage` finds an address's slots by scanning the tables: a non-zero slot below the
    /// reader answers true (even beside an ESTIMATE on another slot), an ESTIMATE alone blocks,
    /// slots written only to zero leave the pre-block answer, a wipe hides the slots below it,
    /// and another address's slots (in any shard) do not count.
    @Test func hasStorageScansTheTablesForTheAddressSlots() {
        let m = MVMemory(shardCount: 4, transactionCount: 8)
        let b = Address(low: 0xB)
        let store = { (addr: Address, slot: UInt64, v: UInt64) in
            var w = AccountWrite(); w.storage[U256(slot)] = U256(v)
            return self.writes([(addr, w)])
        }
        var keys: [MVKey] = []
        #expect(m.hasStorage(a, tx: 5) == .base)
        _ = m.record(tx: 0, incarnation: 0, writes: store(b, 9, 1), previous: [], base: empty, keys: &keys)
        #expect(m.hasStorage(a, tx: 5) == .base)                 // only b has slots
        _ = m.record(tx: 2, incarnation: 0, writes: store(a, 1, 0), previous: [], base: empty, keys: &keys)
        #expect(m.hasStorage(a, tx: 3) == .base)                 // zeroed only: the pre-block answer
        #expect(m.hasStorage(a, tx: 2) == .base)                 // nothing below tx 2
        m.markEstimates(tx: 2, keys: keys)
        #expect(m.hasStorage(a, tx: 3) == .blocked(2))
        var many = AccountWrite()                                // 30 slots, spread over the shards
        for slot in UInt64(10)..<40 { many.storage[U256(slot)] = U256(slot == 33 ? 7 : 0) }
        _ = m.record(tx: 1, incarnation: 0, writes: writes([(a, many)]), previous: [], base: empty, keys: &keys)
        #expect(Set(keys.map { MVKey.mix($0.address) == MVKey.mix(a) ? Int(truncatingIfNeeded: $0.mixedHash) & 3 : -1 }).count == 4)
        #expect(m.hasStorage(a, tx: 3) == .found(true))          // slot 33 is non-zero below tx 3
        #expect(m.hasStorage(a, tx: 1) == .base)
        var wipe = AccountWrite(); wipe.storageCleared = true
        _ = m.record(tx: 4, incarnation: 0, writes: writes([(a, wipe)]), previous: [], base: empty, keys: &keys)
        #expect(m.hasStorage(a, tx: 5) == .found(false))         // the wipe hides every slot below it
        _ = m.record(tx: 6, incarnation: 0, writes: store(a, 2, 3), previous: [], base: empty, keys: &keys)
        #expect(m.hasStorage(a, tx: 7) == .found(true))
    }

    /// The view's read log through growth (from 2 records to 200) and reuse: every record
    /// kept in order, nothing left over after `removeAll`.
    @Test func readLogKeepsEveryRecordThroughGrowthAndReuse() {
        var log = ReadLog(capacity: 2)
        defer { log.free() }
        for round in 0..<2 {
            for i in 0..<200 {
                log.append(.storage(Address(low: UInt32(i)), U256(UInt64(i)), U256(UInt64(round)), fromBase: i % 2 == 0))
            }
            #expect(log.count == 200)
            for (i, r) in log.records.enumerated() {
                guard case .storage(let a, let slot, let v, let fromBase) = r else { Issue.record("\(r)"); return }
                #expect(a == Address(low: UInt32(i)) && slot == U256(UInt64(i)) && v == U256(UInt64(round)) && fromBase == (i % 2 == 0))
            }
            log.removeAll()
            #expect(log.records.isEmpty)
        }
    }

    /// The lock-free credit slots keep all four words of an amount, report a first payment as
    /// new, turn only a paid credit into an ESTIMATE, empty on `clear` and `reset`, and keep
    /// their lanes apart.
    @Test func creditSlotsRecordReadAndClear() {
        let f = CreditSlots(count: 3)
        let big = U256(w0: 1, w1: 2, w2: 3, w3: 0xFFFF_0000_0000_0001)
        #expect(f.record(0, 1, .paid(big)))
        #expect(!f.record(0, 1, .paid(U256(5))))   // not new: the slot was paid already
        #expect(f.record(0, 1, .paid(big)) == false)
        guard case .paid(let got) = f.get(0, 1) else { Issue.record("no fee"); return }
        #expect(got == big)
        f.markEstimate(0, 0)                        // nothing paid: stays none
        guard case .none = f.get(0, 0) else { Issue.record("an unpaid slot became an estimate"); return }
        f.markEstimate(0, 1)
        guard case .estimate = f.get(0, 1) else { Issue.record("no estimate"); return }
        #expect(f.record(0, 1, .paid(U256(9))) == false)   // an estimate replaced is not new
        f.clear(0..<3)
        guard case .none = f.get(0, 1) else { Issue.record("not cleared"); return }
        f.reset(count: 5, lanes: 2)
        #expect(f.count == 5 && f.lanes == 2)
        guard case .none = f.get(1, 4) else { Issue.record("not empty after reset"); return }
        // Lanes are apart: a credit in one is not seen in the other.
        #expect(f.record(1, 2, .paid(U256(3))))
        guard case .none = f.get(0, 2) else { Issue.record("lanes overlap"); return }
    }

    /// A version list counts what is not a plain delta; the code-hash resolution skips
    /// deltas (and answers the pre-block state when nothing else is there) but not ESTIMATEs.
    @Test func deltasAreSkippedByCodeHashReadsButEstimatesAreNot() {
        var v = MVVersions()
        let delta = { (tx: Int32) in MVEntry(tx: tx, incarnation: 0, isEstimate: false, value: .delta(U256(1))) }
        for t in 0..<5 as Range<Int32> { v.upsert(delta(t)) }
        #expect(v.count == 5 && v.solidCount == 0)
        v.markEstimate(tx: 2)
        #expect(v.solidCount == 1)
        v.upsert(MVEntry(tx: 2, incarnation: 1, isEstimate: false, value: .account(AccountInfo(balance: U256(3)))))
        #expect(v.solidCount == 1)
        v.upsert(delta(2))
        #expect(v.solidCount == 0)
        v.upsert(MVEntry(tx: 9, incarnation: 0, isEstimate: false, value: .account(nil)))
        v.remove(tx: 9)
        #expect(v.solidCount == 0 && v.count == 5)
        v.removeAll()
        #expect(v.count == 0 && v.solidCount == 0)

        let m = MVMemory(shardCount: 4)
        let credit = writes([(a, AccountWrite(balanceDelta: U256(5)))])
        var keys: [MVKey] = []
        for t in 0..<4 { _ = m.record(tx: t, incarnation: 0, writes: credit, previous: [], base: empty, keys: &keys) }
        #expect(m.readAccountIgnoringDeltas(a, tx: 4) == .base(delta: nil))
        #expect(m.readAccount(a, tx: 4) == .base(delta: U256(20)))
        m.markEstimates(tx: 1, keys: [.account(a)])
        #expect(m.readAccountIgnoringDeltas(a, tx: 4) == .blocked(1))
        #expect(m.readAccountIgnoringDeltas(a, tx: 1) == .base(delta: nil))
        let code = AccountInfo(nonce: 1, balance: .zero, codeHash: Keccak256.hash([0x00]))
        _ = m.record(tx: 1, incarnation: 1, writes: writes([(a, AccountWrite(info: code))]), previous: [MVKey.account(a)],
                     base: empty, keys: &keys)
        #expect(m.readAccountIgnoringDeltas(a, tx: 4) == .value(code))
        #expect(m.readAccount(a, tx: 4) == .value(AccountInfo(nonce: 1, balance: U256(10), codeHash: code.codeHash)))
    }

    @Test func aResetMemoryForgetsTheLastBlock() {
        let m = MVMemory(shardCount: 4, transactionCount: 3, beneficiary: coinbase)
        var keys: [MVKey] = []
        _ = m.record(tx: 0, incarnation: 0, writes: writes([(a, AccountWrite(storage: [.one: U256(9)])),
                                                           (coinbase, AccountWrite(balanceDelta: U256(1)))]),
                     previous: [], base: empty, keys: &keys)
        #expect(m.readStorage(a, slot: .one, tx: 1) == .found(U256(9)))
        m.prepare(transactionCount: 2, beneficiary: coinbase)
        m.clear(part: 0, of: 2)
        m.clear(part: 1, of: 2)
        #expect(m.readStorage(a, slot: .one, tx: 1) == .base)
        #expect(m.hasStorage(a, tx: 1) == .base)
        #expect(m.readAccount(coinbase, tx: 1) == .base(delta: nil))
    }
}
