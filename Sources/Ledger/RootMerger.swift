import Primitives
import Trie

/// Builds the top of the state trie from the shard subtrees. With 16^d shards the full trie's
/// nodes above depth d depend only on which prefixes are non-empty: a branch where two or more
/// are, and where only one is, that subtree's root moves up (a leaf or extension gets a longer
/// path, a branch gets an extension over it). This reproduces the single-trie root exactly,
/// including states with accounts in one shard or none.
struct RootMerger {
    let shards: [Shard]
    let depth: Int

    /// What sits below a prefix: nothing, one shard's subtree, or a branch built here (possibly
    /// under an extension of `lift` nibbles, when only one child prefix is non-empty).
    private enum Subtree {
        case empty
        case shard(Int)
        case branch(children: [NodeRef], path: [UInt8], lift: Int)
    }

    func root(_ context: inout HashContext) -> Bytes32 {
        let top = subtree(level: 0, prefix: 0, path: [], &context)
        let ref = reference(top, atDepth: 0, &context)
        if ref.isEmpty { return MerkleTrie.emptyRoot }
        return ref.rootHash(&context)
    }

    /// The subtree below the `level`-nibble prefix `prefix`, whose nibbles are `path`.
    private func subtree(level: Int, prefix: Int, path: [UInt8], _ context: inout HashContext) -> Subtree {
        if level == depth { return shards[prefix].trie.isEmpty ? .empty : .shard(prefix) }
        var kids: [(Int, Subtree)] = []
        for c in 0..<16 {
            let s = subtree(level: level + 1, prefix: prefix * 16 + c, path: path + [UInt8(c)], &context)
            if case .empty = s { continue }
            kids.append((c, s))
        }
        if kids.isEmpty { return .empty }
        if kids.count == 1 {
            switch kids[0].1 {
            case .branch(let children, let p, let lift): return .branch(children: children, path: p, lift: lift + 1)
            default: return kids[0].1
            }
        }
        var refs = [NodeRef](repeating: .empty, count: 16)
        for (c, s) in kids { refs[c] = reference(s, atDepth: level + 1, &context) }
        return .branch(children: refs, path: path, lift: 0)
    }

    private func reference(_ s: Subtree, atDepth d: Int, _ context: inout HashContext) -> NodeRef {
        switch s {
        case .empty: return .empty
        case .shard(let i): return shards[i].trie.rootReference(atDepth: d, &context)
        case .branch(let children, let path, let lift):
            let b = NodeEncoding.branch(children, &context)
            if lift == 0 { return b }
            return NodeEncoding.extensionNode(TrieKey(nibbles: path), from: d, to: d + lift, child: b, &context)
        }
    }
}
