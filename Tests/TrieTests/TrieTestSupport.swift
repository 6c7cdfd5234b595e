import Primitives
import Testing
@testable import Trie

/// What the randomized trie tests share: a deterministic generator, random writes with keys of
/// every length (small alphabets make shared prefixes and prefix keys common), and the check
/// that tries built incrementally equal a trie built from the final contents.
struct TrieRng {
    var s: UInt64
    mutating func next() -> UInt64 {
        s &+= 0x9e3779b97f4a7c15
        var z = s
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }

    /// A random key of up to `maxLen` bytes and either a 1–40 byte value or, one time in
    /// `deleteOneIn`, the empty value (a deletion).
    mutating func write(maxLen: Int, seed: UInt64, deleteOneIn: UInt64) -> (key: [UInt8], value: [UInt8]) {
        let len = Int(next() % UInt64(maxLen + 1))
        let key = (0..<len).map { _ in UInt8(next() % (seed % 3 == 0 ? 3 : 256)) }
        let del = next() % deleteOneIn == 0
        let value: [UInt8] = del ? [] : (0..<Int(1 + next() % 40)).map { _ in UInt8(truncatingIfNeeded: next()) }
        return (key, value)
    }
}

/// Both tries have the root of a trie built from `model`, and the cached one reads its values
/// back. Returns that root.
@discardableResult
func expectMatchesRebuild(_ plain: MerkleTrie, _ cached: MerkleTrie, model: [[UInt8]: [UInt8]], _ label: String) -> Bytes32 {
    var fresh = MerkleTrie()
    for (k, v) in model { fresh.update(TrieKey(bytes: k), v) }
    let expected = fresh.rootHash()
    #expect(plain.rootHash() == expected, "\(label)")
    #expect(cached.rootHash() == expected, "\(label) cached")
    for (k, v) in model.prefix(20) { #expect(cached.get(TrieKey(bytes: k)) == v) }
    return expected
}
