import Testing
import Primitives
import StateAccess
@testable import Execution

/// The sequential executor's overlay on its own: its account table through growth, and the
/// layering rules that the differential tests otherwise only exercise through the EVM.
@Suite struct OverlayStateTests {
    /// Thousands of addresses inserted from a table sized for a few: every one found again
    /// with its own layer after each growth, none found that was not inserted.
    @Test func accountTableGrowsAndFindsEveryAddress() {
        var t = OverlayAccountTable(capacity: 4)
        defer { t.deallocate() }
        var rng = SplitMix64(seed: 7)
        let addresses = (0..<5_000).map { _ in Address(hi: rng.next() & 0xFFFF_FFFF, mid: rng.next(), lo: UInt32(truncatingIfNeeded: rng.next())) }
        for (i, a) in addresses.enumerated() {
            t.prefetch(a)
            let p = t.findOrInsert(a)
            #expect(p.pointee.nonZeroSlots == 0 && !p.pointee.resolved)
            p.pointee.nonZeroSlots = i
            if i % 997 == 0 {
                for (j, b) in addresses[...i].enumerated() { #expect(t.find(b)?.pointee.nonZeroSlots == j) }
            }
        }
        #expect(t.count == Set(addresses).count)
        #expect(t.findOrInsert(addresses[42]).pointee.nonZeroSlots == 42)   // found, not inserted again
        #expect(t.count == Set(addresses).count)
        #expect(t.find(Address(hi: 1 << 40, mid: 0, lo: 0)) == nil)
    }

    /// Full values replace, deltas add (to the base until a full value is known), deletion
    /// empties the account and its storage, and an absent account credited is created.
    @Test func layersResolveLikeTheSequentialRules() throws {
        let base = InMemoryState()
        let a = Address(low: 0xA), b = Address(low: 0xB)
        base.insert(a, nonce: 1, balance: U256(10), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [U256(1): U256(5)])
        let o = OverlayState(base: base, expectedAccounts: 2)
        o.apply(WriteSet(accounts: [a: AccountWrite(balanceDelta: U256(3)), b: AccountWrite(balanceDelta: U256(4))]))
        #expect(try o.account(a) == AccountInfo(nonce: 1, balance: U256(13)))
        #expect(try o.account(b) == AccountInfo(balance: U256(4)))
        o.apply(WriteSet(accounts: [a: AccountWrite(info: AccountInfo(nonce: 2, balance: U256(1)))]))
        o.apply(WriteSet(accounts: [a: AccountWrite(balanceDelta: U256(2))]))
        #expect(try o.account(a) == AccountInfo(nonce: 2, balance: U256(3)))
        #expect(try o.storage(a, slot: U256(1)) == U256(5))
        o.apply(WriteSet(accounts: [a: AccountWrite(deleted: true)]))
        #expect(try o.account(a) == nil)
        #expect(try o.storage(a, slot: U256(1)) == .zero)
        #expect(try !o.hasStorage(a))
    }

    /// Tables kept in an `OverlayMemory` carry nothing from one overlay to the next: the second
    /// overlay reads its own base for every account and slot the first one wrote, keeps the
    /// buffers when they are large enough and gets larger ones when they are not.
    @Test func keptTablesStartEmpty() throws {
        let memory = OverlayMemory()
        let first = InMemoryState(), second = InMemoryState()
        let a = Address(low: 0xA), b = Address(low: 0xB)
        first.insert(a, nonce: 1, balance: U256(10), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [U256(1): U256(5)])
        second.insert(a, nonce: 7, balance: U256(70), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [U256(1): U256(9)])
        do {
            let o = OverlayState(base: first, expectedAccounts: 4, memory: memory)
            o.apply(WriteSet(accounts: [a: AccountWrite(balanceDelta: U256(3), storage: [U256(1): .zero, U256(2): U256(8)]),
                                        b: AccountWrite(info: AccountInfo(nonce: 1, balance: U256(4)))]))
            #expect(try o.account(a) == AccountInfo(nonce: 1, balance: U256(13)))
            #expect(try o.storage(a, slot: U256(2)) == U256(8))
        }
        for expected in [4, 5_000] {   // the kept buffers, then larger ones
            let o = OverlayState(base: second, expectedAccounts: expected, memory: memory)
            #expect(try o.account(a) == AccountInfo(nonce: 7, balance: U256(70)))
            #expect(try o.account(b) == nil)
            #expect(try o.storage(a, slot: U256(1)) == U256(9))
            #expect(try o.storage(a, slot: U256(2)) == .zero)
            #expect(try o.hasStorage(a))
            o.apply(WriteSet(accounts: [b: AccountWrite(balanceDelta: U256(2))]))
            #expect(try o.account(b) == AccountInfo(balance: U256(2)))
        }
    }
}
