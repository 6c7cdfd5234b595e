import Primitives
import StateAccess
import Testing

/// The write set's flat account table against a `Dictionary` model: random sets, overwrites
/// and removals on both sides of the size where it starts keeping a position index.
@Suite struct AccountWritesTests {
    private func write(_ n: UInt64) -> AccountWrite { AccountWrite(balanceDelta: U256(n)) }

    @Test(arguments: [4, 40, 400])
    func matchesADictionary(addresses: Int) {
        var rng = SplitMix(state: UInt64(addresses))  // RandomizedStateTests.swift
        var writes = AccountWrites()
        var model: [Address: AccountWrite] = [:]
        for step in 0..<5_000 {
            let a = Address(low: UInt32(rng.next() % UInt64(addresses)))
            switch rng.next() % 5 {
            case 0: writes[a] = nil; model[a] = nil
            case 1: #expect(writes.removeValue(forKey: a) == model.removeValue(forKey: a))
            case 2: writes[a, default: AccountWrite()].balanceDelta = U256(UInt64(step))
                    model[a, default: AccountWrite()].balanceDelta = U256(UInt64(step))
            default: let w = write(UInt64(step)); writes[a] = w; model[a] = w
            }
            #expect(writes.count == model.count)
        }
        for n in 0..<UInt32(addresses) { #expect(writes[Address(low: n)] == model[Address(low: n)]) }
        var visited: [Address: AccountWrite] = [:]
        writes.forEachInPlace { a, w in
            #expect(visited[a] == nil)
            visited[a] = w.pointee
        }
        #expect(visited == model)
        #expect(Dictionary(uniqueKeysWithValues: writes.map { ($0.key, $0.value) }) == model)
    }

    /// A set built in place holds what appending the same writes gives, in the same order,
    /// and stays usable as any other set (lookups, a later append, in-place visits).
    @Test func builtInPlaceEqualsAppended() {
        let a = Address(low: 1), b = Address(low: 2), c = Address(low: 3)
        var appended = AccountWrites()
        appended.append(a, AccountWrite(info: AccountInfo(nonce: 1, balance: 9)))
        appended.append(b, write(2))
        var built = AccountWrites(count: 2) { slots in
            #expect(slots.count == 2)   // exactly the slots asked for, though the array may reserve more
            slots.initializeElement(at: 0, to: (key: a, value: AccountWrite(info: AccountInfo(nonce: 1, balance: 9))))
            slots.initializeElement(at: 1, to: (key: b, value: write(2)))
        }
        #expect(built == appended && built.keys == [a, b] && built.count == 2)
        #expect(built[b] == write(2) && built[c] == nil)
        built.append(c, write(3))
        appended.append(c, write(3))
        #expect(built == appended && built.keys == [a, b, c])
        #expect(AccountWrites(count: 0) { _ in }.isEmpty)
    }

    @Test func equalityIgnoresOrder() {
        let a = Address(low: 1), b = Address(low: 2)
        let ab = AccountWrites(uniqueKeysWithValues: [(a, write(1)), (b, write(2))])
        let ba = AccountWrites(uniqueKeysWithValues: [(b, write(2)), (a, write(1))])
        #expect(ab == ba)
        #expect(ab != AccountWrites(uniqueKeysWithValues: [(a, write(1)), (b, write(3))]))
        #expect(ab != AccountWrites(uniqueKeysWithValues: [(a, write(1))]))
        #expect(WriteSet(accounts: ab) == WriteSet(accounts: ba))
    }
}
