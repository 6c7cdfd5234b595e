import Primitives

/// The "secure" trie: every key is replaced by its keccak before insertion, so paths are
/// uniformly 64 nibbles and cannot be chosen by an attacker. Ethereum's state and storage tries.
public struct SecureTrie {
    public var trie = MerkleTrie()
    public init() {}

    public mutating func update<C: Collection>(_ key: C, _ value: [UInt8]) where C.Element == UInt8 {
        trie.update(TrieKey(Keccak256.hash(key)), value)
    }

    public func get<C: Collection>(_ key: C) -> [UInt8]? where C.Element == UInt8 {
        trie.get(TrieKey(Keccak256.hash(key)))
    }

    public func rootHash() -> Bytes32 { trie.rootHash() }
}
