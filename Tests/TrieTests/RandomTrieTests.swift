import Primitives
import Testing
@testable import Trie

/// Random inserts, overwrites and deletes on plain tries with keys of every length (so keys that
/// are prefixes of others put values in branches): the incrementally updated root, with and
/// without cached child references, equals the root of a trie built from the final contents.
@Suite struct RandomTrieTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func incrementalEqualsRebuild(seed: UInt64) {
        var rng = TrieRng(s: seed)
        var model: [[UInt8]: [UInt8]] = [:]
        var plain = MerkleTrie()
        var cached = MerkleTrie(cachesChildReferences: true)
        // Small alphabets make shared prefixes and prefix keys common.
        let maxLen = seed % 2 == 0 ? 4 : 32
        for round in 0..<30 {
            for _ in 0..<Int(rng.next() % 40) {
                let (key, value) = rng.write(maxLen: maxLen, seed: seed, deleteOneIn: 3)
                model[key] = value.isEmpty ? nil : value
                plain.update(TrieKey(bytes: key), value)
                cached.update(TrieKey(bytes: key), value)
            }
            let expected = expectMatchesRebuild(plain, cached, model: model, "seed \(seed) round \(round)")
            let copy = cached.clone()
            #expect(copy.rootHash() == expected)
        }
    }
}
