import Primitives

/// One entry of a batch update: a key and its new value (empty = remove).
@frozen
public struct TrieUpdate {
    public var key: TrieKey
    public var value: [UInt8]

    @inlinable
    public init(key: TrieKey, value: [UInt8]) { self.key = key; self.value = value }
}

extension TrieKey {
    /// Nibble order, a key before the keys it prefixes: the order in which a batch walks a trie.
    @inlinable
    static func nibbleOrder(_ a: TrieKey, _ b: TrieKey) -> Bool {
        let x = a.bytes, y = b.bytes
        if x.w0 != y.w0 { return x.w0 < y.w0 }
        if x.w1 != y.w1 { return x.w1 < y.w1 }
        if x.w2 != y.w2 { return x.w2 < y.w2 }
        if x.w3 != y.w3 { return x.w3 < y.w3 }
        return a.count < b.count
    }
}

extension MerkleTrie {
    /// Applies many updates at once and re-hashes the changed paths, in one walk of the trie.
    ///
    /// Why: applying updates one by one and then hashing walks every changed path twice, in random
    /// order, and in a large trie almost every node below the top levels is a cache miss each time.
    /// Here the keys are sorted, the walk descends once per subtree with the run of keys that
    /// falls into it, and each branch is re-encoded on the way back up while its children are
    /// still in cache. The result (structure and root) is exactly that of sequential updates.
    ///
    /// Removals (empty values) are applied first, one by one: they are rare, and doing them
    /// separately means the batch never collapses a branch, so a node hashed during the walk
    /// keeps its depth. Later duplicates of a key win, as in sequential updates.
    public mutating func update(batch updates: [TrieUpdate], _ context: inout HashContext) {
        if updates.isEmpty { return }
        root = Self.apply(batch: updates, to: root, depth: rootDepth, cachesChildReferences, &context)
    }

    /// `update(batch:)` for the subtree `node` at `depth`: the new subtree. `SplitBatch` applies
    /// each of its parts with it, to one child of a root branch.
    static func apply(batch updates: [TrieUpdate], to node: Node, depth: Int, _ cache: Bool,
                      _ context: inout HashContext) -> Node {
        let writes = lastWrites(updates)
        var node = node
        for key in writes.removals {
            var changed = false
            node = delete(node, key, depth, &changed)
        }
        if writes.values.isEmpty { return node }
        return writes.values.withUnsafeBufferPointer { buf in
            insertSorted(node, buf, 0, buf.count, depth, cache, &context)
        }
    }

    /// The last write of each key of `updates`, in nibble order: the keys to remove (empty
    /// values) and the entries to insert.
    static func lastWrites(_ updates: [TrieUpdate]) -> (removals: [TrieKey], values: [TrieUpdate]) {
        // Indices, not entries, are sorted: ties broken by position keep the last write of a key.
        let order = updates.indices.sorted { i, j in
            let a = updates[i].key, b = updates[j].key
            if a == b { return i < j }
            return TrieKey.nibbleOrder(a, b)
        }
        var removals: [TrieKey] = []
        var values: [TrieUpdate] = []
        values.reserveCapacity(order.count)
        var k = 0
        while k < order.count {
            var last = order[k]
            while k + 1 < order.count && updates[order[k + 1]].key == updates[last].key { k += 1; last = order[k] }
            let u = updates[last]
            if u.value.isEmpty { removals.append(u.key) } else { values.append(u) }
            k += 1
        }
        return (removals, values)
    }

    /// Inserts `entries[lo..<hi]` (sorted, distinct keys, non-empty values) below `node` at
    /// `depth`; a branch reached here is re-encoded before returning, its children being hot.
    @usableFromInline
    static func insertSorted(_ node: Node, _ entries: UnsafeBufferPointer<TrieUpdate>, _ lo: Int, _ hi: Int,
                             _ depth: Int, _ cache: Bool, _ context: inout HashContext) -> Node {
        var node = node
        var i = lo
        while i < hi {
            switch node {
            case .branch(let b):
                b.ref = .invalid
                while i < hi {
                    let key = entries[i].key
                    if key.count == depth { b.value = entries[i].value; i += 1; continue }
                    let n = key.nibble(depth)
                    var j = i + 1
                    while j < hi && entries[j].key.nibble(depth) == n { j += 1 }
                    b.dirtyMask |= 1 << UInt16(n)
                    b.children[n] = insertSorted(b.children[n], entries, i, j, depth + 1, cache, &context)
                    i = j
                }
                _ = reference(node, depth, cache, &context)
                return node
            case .ext(let e) where entries[i].key.count >= e.end && entries[hi - 1].key.count >= e.end
                && e.key.firstDifference(entries[i].key) >= e.end && e.key.firstDifference(entries[hi - 1].key) >= e.end:
                // Sorted keys: when the first and the last share the extension's path, all do.
                e.ref = .invalid
                e.child = insertSorted(e.child, entries, i, hi, e.end, cache, &context)
                return node
            case .leaf(let l) where l.key == entries[i].key:
                // The common case of a block's writes: an existing key gets a new value.
                l.value = entries[i].value
                l.ref = .invalid
                i += 1
            default:
                // Empty, a leaf, or an extension the keys leave: one insert reshapes the node
                // (usually into a branch), then the loop continues with the rest.
                node = insert(node, entries[i].key, entries[i].value, depth)
                i += 1
            }
        }
        return node
    }
}
