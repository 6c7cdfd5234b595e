import Primitives

extension MerkleTrie {
    /// The root hash, re-encoding only nodes whose cached reference was dropped by an update.
    public func rootHash(_ context: inout HashContext) -> Bytes32 {
        if root.isEmpty { return MerkleTrie.emptyRoot }
        return Self.reference(root, rootDepth, cachesChildReferences, &context).rootHash(&context)
    }

    /// The root hash with a throw-away context.
    public func rootHash() -> Bytes32 {
        var c = HashContext()
        return rootHash(&c)
    }

    /// The reference of this trie's root node as if it sat at `depth` (≤ `rootDepth`) in the full
    /// trie: how a shard's subtree is referenced by the merged top of the state trie. Above the
    /// root depth a leaf or extension just has a longer path, and a branch gets an extension over
    /// it; those few encodings are not cached because they are not nodes of this trie.
    public func rootReference(atDepth depth: Int, _ context: inout HashContext) -> NodeRef {
        precondition(depth <= rootDepth)
        switch root {
        case .empty: return .empty
        case _ where depth == rootDepth: return Self.reference(root, rootDepth, cachesChildReferences, &context)
        case .leaf(let l): return NodeEncoding.leaf(l.key, from: depth, value: l.value, &context)
        case .ext(let e):
            let c = Self.reference(e.child, e.end, cachesChildReferences, &context)
            return NodeEncoding.extensionNode(e.key, from: depth, to: e.end, child: c, &context)
        case .branch:
            let c = Self.reference(root, rootDepth, cachesChildReferences, &context)
            return NodeEncoding.extensionNode(root.anyKey()!, from: depth, to: rootDepth, child: c, &context)
        }
    }

    /// The (cached or freshly computed) reference of `node` at `depth`.
    @usableFromInline
    static func reference(_ node: Node, _ depth: Int, _ cacheChildren: Bool, _ context: inout HashContext) -> NodeRef {
        switch node {
        case .empty:
            return .empty
        case .leaf(let l):
            if l.ref.isValid { return l.ref }
            l.ref = NodeEncoding.leaf(l.key, from: depth, value: l.value, &context)
            return l.ref
        case .ext(let e):
            if e.ref.isValid { return e.ref }
            let c = reference(e.child, e.end, cacheChildren, &context)
            e.ref = NodeEncoding.extensionNode(e.key, from: depth, to: e.end, child: c, &context)
            return e.ref
        case .branch(let b):
            if b.ref.isValid { return b.ref }
            // Only wide branches cache (the top levels of a large trie, where most children are
            // unchanged); narrow ones, the majority, would pay 680 bytes to save a few reads.
            if cacheChildren && (!b.childRefs.isEmpty || b.childCount >= 6) {
                if b.childRefs.isEmpty { b.childRefs = Array(repeating: .empty, count: 16); b.dirtyMask = 0xffff }
                let kids = b.children
                var m = b.dirtyMask
                b.dirtyMask = 0
                let value = b.value
                // One uniqueness check for the whole encoding, not one per child reference.
                b.ref = b.header.childRefs.withUnsafeMutableBufferPointer { refs in
                    while m != 0 {
                        let i = m.trailingZeroBitCount
                        m &= m - 1
                        refs[i] = reference(kids[i], depth + 1, true, &context)
                    }
                    return context.branchReference(refs.baseAddress!, value: value)
                }
                return b.ref
            }
            let kids = b.children
            b.ref = withUnsafeTemporaryAllocation(of: NodeRef.self, capacity: 16) { refs in
                for i in 0..<16 { refs.initializeElement(at: i, to: reference(kids[i], depth + 1, cacheChildren, &context)) }
                return context.branchReference(refs.baseAddress!, value: b.value)
            }
            return b.ref
        }
    }
}

/// Node RLP encodings, public so that a ledger can build the few nodes above its shard subtrees.
public enum NodeEncoding {
    /// A leaf holding `key[from...]` and `value`.
    public static func leaf(_ key: TrieKey, from depth: Int, value: [UInt8], _ context: inout HashContext) -> NodeRef {
        let n = key.count - depth
        let pathLength = n < 2 ? 1 : 1 + HexPrefix.encodedLength(n)
        let payload = pathLength + RLPHeader.stringLength(value.count, first: value.first ?? 0)
        context.buffer.removeAll(keepingCapacity: true)
        RLPHeader.append(payload, base: 0xc0, to: &context.buffer)
        if n >= 2 { context.buffer.append(0x80 + UInt8(HexPrefix.encodedLength(n))) }
        HexPrefix.append(key, from: depth, to: key.count, isLeaf: true, to: &context.buffer)
        RLPHeader.appendString(value, to: &context.buffer)
        return context.referenceFromBuffer()
    }

    /// An extension with path `key[from..<to]` (at least one nibble) over `child`.
    public static func extensionNode(_ key: TrieKey, from depth: Int, to end: Int, child: NodeRef,
                                     _ context: inout HashContext) -> NodeRef {
        let n = end - depth
        precondition(n >= 1)
        let pathLength = n < 2 ? 1 : 1 + HexPrefix.encodedLength(n)
        let payload = pathLength + child.encodedLength
        context.buffer.removeAll(keepingCapacity: true)
        RLPHeader.append(payload, base: 0xc0, to: &context.buffer)
        if n >= 2 { context.buffer.append(0x80 + UInt8(HexPrefix.encodedLength(n))) }
        HexPrefix.append(key, from: depth, to: end, isLeaf: false, to: &context.buffer)
        child.append(to: &context.buffer)
        return context.referenceFromBuffer()
    }

    /// A branch with these sixteen children and no value.
    public static func branch(_ children: [NodeRef], _ context: inout HashContext) -> NodeRef {
        precondition(children.count == 16)
        return children.withUnsafeBufferPointer { context.branchReference($0.baseAddress!, value: []) }
    }
}
