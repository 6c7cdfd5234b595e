import Primitives
import Testing
@testable import Trie

/// `SplitBatch` (a batch applied as sixteen independent parts below the root branch, then
/// finished) against the plain batch update of a copy: same root, round after round, including
/// rounds that delete most keys and leave the root branch with one child or none, and parts
/// applied in a scrambled order.
@Suite struct SplitBatchTests {
    @Test(arguments: [1, 2, 3, 4])
    func splitEqualsBatch(seed: UInt64) {
        var rng = TrieRng(s: seed &* 131)
        var split = MerkleTrie()
        var plain = MerkleTrie()
        var live: [TrieKey] = []
        var splitRounds = 0
        for round in 0..<30 {
            var batch: [TrieUpdate] = []
            // Every fifth round deletes nearly everything, down to one key or none.
            let wipe = round % 5 == 4
            let writes = wipe ? live.count : Int(rng.next() % (round == 0 ? 3000 : 400))
            for i in 0..<writes {
                let key: TrieKey
                let value: [UInt8]
                if wipe {
                    key = live[i]
                    value = i == 0 && seed % 2 == 0 ? [1] : []
                } else {
                    if !live.isEmpty && rng.next() % 3 == 0 {
                        key = live[Int(rng.next() % UInt64(live.count))]
                    } else {
                        key = TrieKey(Bytes32(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next()))
                        live.append(key)
                    }
                    value = rng.next() % 6 == 0 ? [] : (0..<Int(1 + rng.next() % 60)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                }
                batch.append(TrieUpdate(key: key, value: value))
            }
            var hc = HashContext()
            plain.update(batch: batch, &hc)
            if let s = SplitBatch(split) {
                splitRounds += 1
                var parts = [[TrieUpdate]](repeating: [], count: 16)
                for u in batch { parts[u.key.nibble(0)].append(u) }
                let order = (0..<16).map { ($0 * 7 + Int(seed)) & 15 }
                for n in order { s.apply(part: n, parts[n], &hc) }
                s.finish(&split)
            } else {
                split.update(batch: batch, &hc)
            }
            live = live.filter { plain.get($0) != nil }
            #expect(split.rootHash() == plain.rootHash(), "seed \(seed) round \(round)")
            for k in live.prefix(20) { #expect(split.get(k) == plain.get(k)) }
        }
        #expect(splitRounds >= 20, "the test must exercise the split")
    }

    @Test func notABranchAtTheRoot() {
        #expect(SplitBatch(MerkleTrie()) == nil)
        var one = MerkleTrie()
        one.update(TrieKey(Bytes32(w0: 1, w1: 2, w2: 3, w3: 4)), [7])
        #expect(SplitBatch(one) == nil)
    }
}
