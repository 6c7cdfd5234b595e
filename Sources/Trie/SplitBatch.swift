import Primitives

/// A batch update of one large trie cut into sixteen parts, one per child of the trie's root
/// branch, that may be applied concurrently (`apply(part:)`), then finished on one thread
/// (`finish`).
///
/// Why: the ledger updates each account's storage trie on its shard's thread. A contract that
/// every transaction writes (a token, a pool) brings one storage batch as large as the rest of
/// the block's root work together, and that batch ran on one worker while the others idled:
/// the root phase of a block of ERC-20 transfers barely got faster with a second worker.
///
/// The result is the trie that `MerkleTrie.update(batch:)` would make. A Merkle-Patricia
/// trie's shape depends only on its keys and values, and the parts touch disjoint subtrees
/// (different children of the root), so the order of the parts' work cannot matter; only the
/// root branch itself, which a part never touches, may need collapsing afterwards (`finish`).
public final class SplitBatch: @unchecked Sendable {
    /// The root branch; parts write only their own child slot of it.
    private let root: BranchNode
    private let depth: Int
    private let cachesChildReferences: Bool
    /// A key below the root, for `collapsed` (taken before the parts may remove every key).
    private let path: TrieKey

    /// A split of `trie`'s next batch, or nil when its root is not a branch (small or empty
    /// tries: update those with `update(batch:)`). Until `finish`, the trie must not be used.
    public init?(_ trie: MerkleTrie) {
        guard case .branch(let b) = trie.root else { return nil }
        root = b
        depth = trie.rootDepth
        cachesChildReferences = trie.cachesChildReferences
        path = trie.root.anyKey() ?? TrieKey(rawBytes: .zero, count: 0)
        b.dirtyMask = 0xffff   // any child may change
        b.ref = .invalid
    }

    /// Applies part `n`, `updates` of keys whose nibble at the root's depth is `n` in the order
    /// they were made (the last of a key wins), to child `n` of the root, and hashes that
    /// subtree. Every key must be longer than the root's depth (true of secure tries). Parts
    /// may run concurrently with each other (each on its own `context`), never with `finish`.
    public func apply(part n: Int, _ updates: [TrieUpdate], _ context: inout HashContext) {
        if updates.isEmpty { return }
        let child = MerkleTrie.apply(batch: updates, to: root.children[n], depth: depth + 1, cachesChildReferences, &context)
        _ = MerkleTrie.reference(child, depth + 1, cachesChildReferences, &context)
        root.children[n] = child
    }

    /// After every part: the trie's root, collapsed if removals left the branch with one child
    /// or none.
    public func finish(_ trie: inout MerkleTrie) {
        trie.root = MerkleTrie.collapsed(.branch(root), root, depth, path: path)
    }
}
