/// A trie node. An enum over three final classes: one pointer wide, no existential, and the
/// classes are mutated in place so an update touches only the nodes on its path.
///
/// Leaves and extensions keep their *whole* key and not just their own path segment: the segment
/// starts at the node's depth, which is known while walking, so a node that moves up or down (a
/// branch collapsing, a path splitting) needs no path rewrite, only its cached reference dropped.
@usableFromInline
enum Node {
    case empty
    case leaf(LeafNode)
    case ext(ExtensionNode)
    case branch(BranchNode)

    /// The cached reference, or `.invalid` when the node must be re-encoded.
    @inlinable
    var cachedRef: NodeRef {
        switch self {
        case .empty: return .empty
        case .leaf(let l): return l.ref
        case .ext(let e): return e.ref
        case .branch(let b): return b.ref
        }
    }

    @inlinable
    var isEmpty: Bool { if case .empty = self { return true } else { return false } }

    /// A deep copy: ledgers are copied for benchmarks and must not share mutable nodes.
    func clone() -> Node {
        switch self {
        case .empty: return .empty
        case .leaf(let l):
            let n = LeafNode(key: l.key, value: l.value); n.ref = l.ref
            return .leaf(n)
        case .ext(let e):
            let n = ExtensionNode(key: e.key, end: e.end, child: e.child.clone()); n.ref = e.ref
            return .ext(n)
        case .branch(let b):
            let n = BranchNode.make()
            for i in 0..<16 { n.children[i] = b.children[i].clone() }
            n.value = b.value; n.ref = b.ref; n.childRefs = b.childRefs; n.dirtyMask = b.dirtyMask
            return .branch(n)
        }
    }

    /// Some key stored below this node (a path to the node is a prefix of it).
    func anyKey() -> TrieKey? {
        switch self {
        case .empty: return nil
        case .leaf(let l): return l.key
        case .ext(let e): return e.key
        case .branch(let b):
            for c in b.children { if let k = c.anyKey() { return k } }
            return nil
        }
    }
}

/// A leaf: the rest of its key (from its depth) and the value.
@usableFromInline
final class LeafNode {
    @usableFromInline var key: TrieKey
    @usableFromInline var value: [UInt8]
    @usableFromInline var ref: NodeRef = .invalid
    @inlinable init(key: TrieKey, value: [UInt8]) { self.key = key; self.value = value }
}

/// An extension: the shared path `key[depth..<end]` above a branch.
@usableFromInline
final class ExtensionNode {
    /// Any key of the subtree; only nibbles before `end` matter.
    @usableFromInline var key: TrieKey
    @usableFromInline var end: Int
    @usableFromInline var child: Node
    @usableFromInline var ref: NodeRef = .invalid
    @inlinable init(key: TrieKey, end: Int, child: Node) { self.key = key; self.end = end; self.child = child }
}

/// The fields of a branch other than its children, kept in the branch object's header.
@usableFromInline
struct BranchHeader {
    @usableFromInline var value: [UInt8] = []
    @usableFromInline var ref: NodeRef = .invalid
    @usableFromInline var childRefs: [NodeRef] = []
    @usableFromInline var dirtyMask: UInt16 = 0xffff
    @inlinable init() {}
}

/// A branch: sixteen children and the value of a key that ends here (never used by secure tries,
/// whose keys all have 64 nibbles).
///
/// The sixteen children are tail-allocated in the object itself (a `ManagedBuffer`), not in a
/// separate array: walking a path then costs one cache miss per branch instead of two (object,
/// then array buffer), a branch is one allocation instead of two, and neither the children nor
/// the header fields pay dynamic exclusivity checks (they are reached through addresses, not
/// stored `var` properties).
@usableFromInline
final class BranchNode: ManagedBuffer<BranchHeader, Node> {
    /// A branch with no children and no value.
    @inlinable
    static func make() -> BranchNode {
        let b = unsafeDowncast(BranchNode.create(minimumCapacity: 16) { _ in BranchHeader() }, to: BranchNode.self)
        b.withUnsafeMutablePointerToElements { $0.initialize(repeating: .empty, count: 16) }
        return b
    }

    deinit { _ = withUnsafeMutablePointerToElements { $0.deinitialize(count: 16) } }

    /// The children, indexed by nibble.
    @inlinable
    var children: BranchChildren { BranchChildren(base: withUnsafeMutablePointerToElements { $0 }) }

    @inlinable var value: [UInt8] {
        get { header.value }
        set { header.value = newValue }
    }
    @inlinable var ref: NodeRef {
        get { header.ref }
        set { header.ref = newValue }
    }
    /// The children's references as of the last encoding (only in tries that cache them), so that
    /// re-encoding a branch touches only its changed children, not all sixteen objects.
    @inlinable var childRefs: [NodeRef] {
        get { header.childRefs }
        _modify { yield &header.childRefs }
    }
    /// Children changed since `childRefs` was filled (bit i = child i).
    @inlinable var dirtyMask: UInt16 {
        get { header.dirtyMask }
        set { header.dirtyMask = newValue }
    }

    @inlinable var childCount: Int {
        var n = 0
        for c in children where !c.isEmpty { n += 1 }
        return n
    }
}

/// A view of a branch's sixteen tail-allocated children. Valid while the caller holds the branch
/// (every use is `b.children[i]` with `b` in hand).
@frozen @usableFromInline
struct BranchChildren: RandomAccessCollection {
    @usableFromInline let base: UnsafeMutablePointer<Node>
    @inlinable init(base: UnsafeMutablePointer<Node>) { self.base = base }
    @inlinable var startIndex: Int { 0 }
    @inlinable var endIndex: Int { 16 }
    @inlinable subscript(i: Int) -> Node {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}
