import Primitives

/// Which shard owns an account: the leading nibble(s) of keccak(address). With S = 16^d shards
/// each shard is exactly the subtree of the secure state trie below a d-nibble prefix, so shard
/// roots merge into the state root with a few top nodes.
public enum ShardRouting {
    /// The shard counts a ledger accepts.
    public static let validShardCounts = [1, 16, 256]

    /// The shard of `address` among `shardCount` (1, 16 or 256).
    public static func shard(of address: Address, shardCount: Int) -> Int {
        shard(ofHashedKey: hashedKey(of: address), shardCount: shardCount)
    }

    /// The shard of an already hashed account key.
    @inlinable
    public static func shard(ofHashedKey key: Bytes32, shardCount: Int) -> Int {
        switch shardCount {
        case 256: return Int(key.w0 >> 56)
        case 16: return Int(key.w0 >> 60)
        default: return 0
        }
    }

    /// keccak(address): the account's key in the state trie.
    @inlinable
    public static func hashedKey(of address: Address) -> Bytes32 {
        withUnsafeBytes(of: (address.hi.bigEndian, address.mid.bigEndian, address.lo.bigEndian)) {
            Keccak256.hash(UnsafeRawBufferPointer(rebasing: $0[0..<20]))
        }
    }

    /// The number of prefix nibbles that select a shard: 0, 1 or 2.
    static func depth(shardCount: Int) -> Int { shardCount == 256 ? 2 : shardCount == 16 ? 1 : 0 }
}
