import Primitives

/// A Merkle-Patricia trie (Yellow Paper appendix D) with cached node references: after updates,
/// `rootHash` re-encodes only nodes on changed paths, so its cost follows the number of changed
/// keys, not the size of the trie.
///
/// A trie can hold a subtree: with `rootDepth` d, all its keys share their first d nibbles and the
/// root node sits at depth d of the full trie (a ledger shard). An empty value deletes.
public struct MerkleTrie {
    @usableFromInline var root: Node = .empty
    /// Depth of the root node in the full trie; keys agree on the nibbles before it.
    public let rootDepth: Int
    /// Branches keep their children's references (16 × 40 bytes each) so that an update re-reads
    /// only changed children. Worth it for large tries with few changes per root (the state
    /// trie); not for small storage tries, where it would multiply memory.
    public let cachesChildReferences: Bool

    public init(rootDepth: Int = 0, cachesChildReferences: Bool = false) {
        self.rootDepth = rootDepth; self.cachesChildReferences = cachesChildReferences
    }

    /// keccak(rlp("")): the root of an empty trie.
    public static let emptyRoot = Bytes32(w0: 0x56e81f171bcc55a6, w1: 0xff8345e692c0f86e, w2: 0x5b48e01b996cadc0, w3: 0x01622fb5e363b421)

    public var isEmpty: Bool { root.isEmpty }

    /// Sets `key` to `value`; an empty value removes the key.
    @inlinable
    public mutating func update(_ key: TrieKey, _ value: [UInt8]) {
        if value.isEmpty { remove(key); return }
        root = Self.insert(root, key, value, rootDepth)
    }

    /// Removes `key`; no effect when absent.
    @inlinable
    public mutating func remove(_ key: TrieKey) {
        var changed = false
        root = Self.delete(root, key, rootDepth, &changed)
    }

    /// The value at `key`, or nil.
    public func get(_ key: TrieKey) -> [UInt8]? {
        var node = root
        var depth = rootDepth
        while true {
            switch node {
            case .empty: return nil
            case .leaf(let l): return l.key == key ? l.value : nil
            case .ext(let e):
                guard key.count >= e.end, e.key.firstDifference(key) >= e.end else { return nil }
                depth = e.end; node = e.child
            case .branch(let b):
                if key.count == depth { return b.value.isEmpty ? nil : b.value }
                node = b.children[key.nibble(depth)]; depth += 1
            }
        }
    }

    /// A deep copy sharing no nodes.
    public func clone() -> MerkleTrie {
        var t = MerkleTrie(rootDepth: rootDepth, cachesChildReferences: cachesChildReferences)
        t.root = root.clone()
        return t
    }

    @usableFromInline
    static func insert(_ node: Node, _ key: TrieKey, _ value: [UInt8], _ depth: Int) -> Node {
        switch node {
        case .empty:
            return .leaf(LeafNode(key: key, value: value))
        case .leaf(let l):
            if l.key == key { l.value = value; l.ref = .invalid; return node }
            let d = l.key.firstDifference(key)
            let b = BranchNode.make()
            if l.key.count == d { b.value = l.value } else { l.ref = .invalid; b.children[l.key.nibble(d)] = node }
            if key.count == d { b.value = value } else { b.children[key.nibble(d)] = .leaf(LeafNode(key: key, value: value)) }
            return d > depth ? .ext(ExtensionNode(key: key, end: d, child: .branch(b))) : .branch(b)
        case .ext(let e):
            let d = Swift.min(e.key.firstDifference(key), e.end)
            e.ref = .invalid
            if d == e.end {
                e.child = insert(e.child, key, value, e.end)
                return node
            }
            // Split the extension at d: a branch there, the old remainder below it.
            let b = BranchNode.make()
            let en = e.key.nibble(d)
            b.children[en] = d + 1 == e.end ? e.child : node
            if key.count == d { b.value = value } else { b.children[key.nibble(d)] = .leaf(LeafNode(key: key, value: value)) }
            return d > depth ? .ext(ExtensionNode(key: key, end: d, child: .branch(b))) : .branch(b)
        case .branch(let b):
            b.ref = .invalid
            if key.count == depth { b.value = value } else {
                let n = key.nibble(depth)
                b.dirtyMask |= 1 << UInt16(n)
                b.children[n] = insert(b.children[n], key, value, depth + 1)
            }
            return node
        }
    }

    @usableFromInline
    static func delete(_ node: Node, _ key: TrieKey, _ depth: Int, _ changed: inout Bool) -> Node {
        switch node {
        case .empty:
            return node
        case .leaf(let l):
            if l.key == key { changed = true; return .empty }
            return node
        case .ext(let e):
            guard key.count >= e.end, e.key.firstDifference(key) >= e.end else { return node }
            let c = delete(e.child, key, e.end, &changed)
            guard changed else { return node }
            e.ref = .invalid
            switch c {
            case .empty: return .empty
            case .leaf(let l): l.ref = .invalid; return c        // the leaf's path now starts at `depth`
            case .ext(let ce): ce.ref = .invalid; return c       // two extensions merge: same key, deeper end
            case .branch: e.child = c; return node
            }
        case .branch(let b):
            if key.count == depth {
                if b.value.isEmpty { return node }
                b.value = []; changed = true
            } else {
                let n = key.nibble(depth)
                let c = delete(b.children[n], key, depth + 1, &changed)
                guard changed else { return node }
                b.dirtyMask |= 1 << UInt16(n)
                b.children[n] = c
            }
            b.ref = .invalid
            return collapsed(node, b, depth, path: key)
        }
    }

    /// `node` (the branch `b` at `depth`) as the trie must hold it once it may have lost
    /// children: itself while it keeps two children (or a child and a value), else the one
    /// thing left, moved up. `path`: any key whose first `depth` nibbles lead to the branch.
    @usableFromInline
    static func collapsed(_ node: Node, _ b: BranchNode, _ depth: Int, path key: TrieKey) -> Node {
        var count = 0, only = 0
        for i in 0..<16 where !b.children[i].isEmpty { count += 1; only = i; if count > 1 { break } }
        if count + (b.value.isEmpty ? 0 : 1) >= 2 { return node }
        if count == 0 {
            return b.value.isEmpty ? .empty : .leaf(LeafNode(key: key.prefix(depth), value: b.value))
        }
        let c = b.children[only]
        switch c {
        case .empty: return .empty
        case .leaf(let l): l.ref = .invalid; return c
        case .ext(let ce): ce.ref = .invalid; return c
        case .branch: return .ext(ExtensionNode(key: key.prefix(depth, appending: only), end: depth + 1, child: c))
        }
    }
}
