@testable import Ledger
import Primitives
import Testing

/// The ledger's read index against a `Dictionary` model: random inserts, replacements and
/// removals (backward-shift deletion must keep every other record findable), through growth.
@Suite struct AccountIndexTests {
    /// A small address space so that probe runs collide and removals shift entries.
    private func address(_ n: UInt64) -> Address { Address(hi: n % 7, mid: n &* 0x9E37_79B9_7F4A_7C15, lo: UInt32(n % 13)) }

    @Test(arguments: [1, 2, 3])
    func matchesADictionary(seed: UInt64) {
        var rng = SplitMix(state: seed)  // RandomizedStateTests.swift
        let index = AccountIndex(minimumCapacity: 4)
        var model: [Address: AccountRecord] = [:]
        for step in 0..<20_000 {
            let a = address(rng.next() % 3_000)
            switch rng.next() % 3 {
            case 0, 1:
                let r = AccountRecord(address: a, hashedKey: .zero, shard: step)
                index.insert(r)
                model[a] = r
            default:
                index.remove(a)
                model[a] = nil
            }
            if step % 1_000 == 999 {
                #expect(index.count == model.count)
                for n in 0..<3_000 as Range<UInt64> {
                    let a = address(n)
                    #expect(index[a] === model[a], "address \(n) after step \(step)")
                }
                var seen = 0
                index.forEach { r in seen += 1; #expect(model[r.address] === r) }
                #expect(seen == model.count)
            }
        }
    }

    @Test func ownsItsRecords() {
        weak var weakRecord: AccountRecord?
        let index = AccountIndex()
        do {
            let r = AccountRecord(address: address(1), hashedKey: .zero, shard: 0)
            weakRecord = r
            index.insert(r)
        }
        #expect(weakRecord != nil)
        index.prefetchEntry(address(1))
        index.prefetchRecord(address(1))
        index.prefetchRecord(address(2))
        index.remove(address(1))
        #expect(weakRecord == nil)
        #expect(index.count == 0)
    }
}

