import Primitives
import Testing
@testable import Trie

/// Random inserts, overwrites and deletes on plain tries with keys of every length (so keys that
/// are prefixes of others put values in branches): the incrementally updated root, with and
/// without cached child references, equals the root of a trie built from the final contents.
@Suite struct RandomTrieTests {
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 {
            s &+= 0x9e3779b97f4a7c15
            var z = s
            z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
            z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func incrementalEqualsRebuild(seed: UInt64) {
        var rng = Rng(s: seed)
        var model: [[UInt8]: [UInt8]] = [:]
        var plain = MerkleTrie()
        var cached = MerkleTrie(cachesChildReferences: true)
        // Small alphabets make shared prefixes and prefix keys common.
        let maxLen = seed % 2 == 0 ? 4 : 32
        for round in 0..<30 {
            for _ in 0..<Int(rng.next() % 40) {
                let len = Int(rng.next() % UInt64(maxLen + 1))
                let key = (0..<len).map { _ in UInt8(rng.next() % (seed % 3 == 0 ? 3 : 256)) }
                let del = rng.next() % 3 == 0
                let value: [UInt8] = del ? [] : (0..<Int(1 + rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                model[key] = del ? nil : value
                plain.update(TrieKey(bytes: key), value)
                cached.update(TrieKey(bytes: key), value)
            }
            var fresh = MerkleTrie()
            for (k, v) in model { fresh.update(TrieKey(bytes: k), v) }
            let expected = fresh.rootHash()
            #expect(plain.rootHash() == expected, "seed \(seed) round \(round)")
            #expect(cached.rootHash() == expected, "seed \(seed) round \(round) cached")
            for (k, v) in model.prefix(20) { #expect(cached.get(TrieKey(bytes: k)) == v) }
            let copy = cached.clone()
            #expect(copy.rootHash() == expected)
        }
    }
}
