import Primitives
import Testing
@testable import Trie

/// `MerkleTrie.update(batch:)` (sorted single-walk insert and re-hash) against the one-by-one
/// updates it replaces: random batches with overwrites, deletions, repeated keys and keys that
/// prefix others give the same root as a trie built from the final contents, round after round,
/// with and without cached child references, at the top of the trie and in a shard subtree.
@Suite struct BatchUpdateTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func batchEqualsRebuild(seed: UInt64) {
        var rng = TrieRng(s: seed &* 77)
        var model: [[UInt8]: [UInt8]] = [:]
        var plain = MerkleTrie()
        var cached = MerkleTrie(cachesChildReferences: true)
        let maxLen = seed % 2 == 0 ? 4 : 32
        for round in 0..<25 {
            var batch: [TrieUpdate] = []
            for _ in 0..<Int(rng.next() % (round == 0 ? 300 : 60)) {
                let (key, value) = rng.write(maxLen: maxLen, seed: seed, deleteOneIn: 4)
                model[key] = value.isEmpty ? nil : value
                batch.append(TrieUpdate(key: TrieKey(bytes: key), value: value))
            }
            var hc = HashContext()
            plain.update(batch: batch, &hc)
            cached.update(batch: batch, &hc)
            expectMatchesRebuild(plain, cached, model: model, "seed \(seed) round \(round)")
        }
    }

    /// Secure-trie shaped keys in a subtree below a one-nibble prefix, as a ledger shard holds them.
    @Test func subtreeBatchEqualsSequential() {
        var rng = TrieRng(s: 99)
        var batched = MerkleTrie(rootDepth: 1, cachesChildReferences: true)
        var sequential = MerkleTrie(rootDepth: 1, cachesChildReferences: true)
        var live: [TrieKey] = []
        for round in 0..<10 {
            var batch: [TrieUpdate] = []
            for _ in 0..<(round == 0 ? 2000 : 200) {
                let del = !live.isEmpty && rng.next() % 5 == 0
                let key: TrieKey
                if del || (!live.isEmpty && rng.next() % 3 == 0) {
                    key = live[Int(rng.next() % UInt64(live.count))]
                } else {
                    key = TrieKey(Bytes32(w0: (rng.next() >> 4) | (0x7 << 60), w1: rng.next(), w2: rng.next(), w3: rng.next()))
                    live.append(key)
                }
                let value: [UInt8] = del ? [] : (0..<Int(1 + rng.next() % 100)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                batch.append(TrieUpdate(key: key, value: value))
                sequential.update(key, value)
            }
            var hc = HashContext()
            batched.update(batch: batch, &hc)
            #expect(batched.rootReference(atDepth: 0, &hc) == sequential.rootReference(atDepth: 0, &hc), "round \(round)")
            #expect(batched.rootHash() == sequential.rootHash(), "round \(round)")
        }
    }
}
