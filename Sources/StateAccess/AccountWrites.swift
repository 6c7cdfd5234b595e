import CPrefetch
import Primitives

/// A write set's accounts: address → `AccountWrite`, with a dictionary's meaning (one write per
/// address, no order) and most of its interface, stored as one flat array of pairs.
///
/// Why not `[Address: AccountWrite]`: every transaction builds one of these and keeps it until
/// the block is committed. A transfer writes two or three accounts; a dictionary for them is
/// about 1.3 KB of hash buckets (one allocation of fresh memory per transaction, ten megabytes
/// of cold lines per 10,000-transaction block), hashes every address and copied each write out
/// when iterated. The array is a third of the size, a lookup scans two or three addresses, and
/// the hot loops (`forEachInPlace`) read the writes where they lie. Sets of more than
/// `indexThreshold` accounts (a genesis, `rootbench`'s synthetic state) also keep a position index.
public struct AccountWrites: RandomAccessCollection, ExpressibleByDictionaryLiteral, Equatable, Sendable {
    public typealias Element = (key: Address, value: AccountWrite)
    public typealias Index = Int

    @usableFromInline var elements: [Element]
    /// Address → position in `elements`, kept only above `indexThreshold` accounts.
    @usableFromInline var positions: [Address: Int]?

    @usableFromInline static var indexThreshold: Int { 16 }

    @inlinable
    public init() { elements = []; positions = nil }

    public init(minimumCapacity: Int) {
        elements = []
        elements.reserveCapacity(minimumCapacity)
        positions = nil
    }

    /// A set of `count` writes to distinct addresses (at most `indexThreshold`), built where they
    /// will lie: `body` initialises every element of the buffer it is given. The memory after
    /// the new set's is prefetched as by `prefetchFollowingAllocation`, for the next
    /// transaction's set; calling that method on a set held in a variable copied the set (a
    /// retain and a release of its storage). (The compiler still copies each write into its
    /// slot rather than building it there.)
    ///
    /// Why `reserveCapacity` and `append(contentsOf:)` rather than
    /// `Array(unsafeUninitializedCapacity:)`: that initializer reaches an unspecialised part of
    /// the standard library that asks the runtime for the storage class's metadata on every
    /// call (`swift_getGenericMetadata`, a locked hash-map lookup; counted with a uprobe, one
    /// per array). The path here looks it up once per process. In one-thread transfer
    /// profiles the lookup was about 5% of both executors' time.
    public init(count: Int, initializingWith body: (UnsafeMutableBufferPointer<Element>) -> Void) {
        precondition(count <= Self.indexThreshold, "a set built in place has no position index")
        var elements: [Element] = []
        elements.reserveCapacity(count)
        withoutActuallyEscaping(body) { body in
            elements.append(contentsOf: InPlaceElements(count: count, initialize: body))
        }
        elements.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { Self.prefetchAfter(base, capacity: elements.capacity) }
        }
        self.elements = elements
        positions = nil
    }

    /// `count` elements that `initialize` writes straight into the array's storage when the
    /// array appends them (`_copyContents`, the standard library's hook for that); iterated,
    /// it is empty.
    private struct InPlaceElements: Sequence {
        let count: Int
        let initialize: (UnsafeMutableBufferPointer<Element>) -> Void

        var underestimatedCount: Int { count }
        func makeIterator() -> EmptyCollection<Element>.Iterator { EmptyCollection<Element>.Iterator() }

        func _copyContents(initializing buffer: UnsafeMutableBufferPointer<Element>)
            -> (EmptyCollection<Element>.Iterator, UnsafeMutableBufferPointer<Element>.Index) {
            precondition(buffer.count >= count, "the array reserved less than it was asked for")
            initialize(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            return (makeIterator(), count)
        }
    }

    /// Like `Dictionary(uniqueKeysWithValues:)`: a repeated address is a programming error.
    public init<S: Sequence>(uniqueKeysWithValues pairs: S) where S.Element == (Address, AccountWrite) {
        self.init(minimumCapacity: pairs.underestimatedCount)
        for (a, w) in pairs {
            precondition(index(forKey: a) == nil, "duplicate address \(a) in a write set")
            append(a, w)
        }
    }

    public init(dictionaryLiteral pairs: (Address, AccountWrite)...) {
        self.init(minimumCapacity: pairs.count)
        for (a, w) in pairs { self[a] = w }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { elements.count }
    @inlinable public subscript(position: Int) -> Element { elements[position] }

    public var keys: [Address] { elements.map(\.key) }
    public var values: [AccountWrite] { elements.map(\.value) }

    /// The position of `address`, if it has a write.
    @inlinable
    public func index(forKey address: Address) -> Int? {
        if let positions { return positions[address] }
        for i in elements.indices where elements[i].key == address { return i }
        return nil
    }

    @inlinable
    public subscript(address: Address) -> AccountWrite? {
        get { index(forKey: address).map { elements[$0].value } }
        set {
            if let i = index(forKey: address) {
                if let newValue { elements[i].value = newValue } else { remove(at: i) }
            } else if let newValue {
                append(address, newValue)
            }
        }
    }

    @inlinable
    public subscript(address: Address, default defaultValue: @autoclosure () -> AccountWrite) -> AccountWrite {
        get { self[address] ?? defaultValue() }
        _modify {
            let i: Int
            if let found = index(forKey: address) { i = found } else { append(address, defaultValue()); i = elements.count - 1 }
            yield &elements[i].value
        }
    }

    /// Adds a write for an address that has none (the caller knows; no lookup). Consumes
    /// `write`: built by the caller and appended once, it is moved into the set, not copied (a
    /// copy is a retain of its storage and code and a release of the original's).
    @inlinable
    public mutating func append(_ address: Address, _ write: consuming AccountWrite) {
        elements.append((key: address, value: consume write))
        if positions != nil {
            positions![address] = elements.count - 1
        } else if elements.count > Self.indexThreshold {
            buildIndex()
        }
    }

    @usableFromInline
    mutating func buildIndex() {
        var p = [Address: Int](minimumCapacity: elements.count)
        for i in elements.indices { p[elements[i].key] = i }
        positions = p
    }

    @discardableResult
    public mutating func removeValue(forKey address: Address) -> AccountWrite? {
        guard let i = index(forKey: address) else { return nil }
        let w = elements[i].value
        remove(at: i)
        return w
    }

    /// Removes position `i`, moving the last write into its place (order carries no meaning).
    @usableFromInline
    mutating func remove(at i: Int) {
        let removed = elements[i].key
        let last = elements.count - 1
        if i != last { elements.swapAt(i, last) }
        elements.removeLast()
        if positions != nil {
            positions![removed] = nil
            if i != last { positions![elements[i].key] = i }
        }
    }

    public mutating func reserveCapacity(_ n: Int) { elements.reserveCapacity(n) }

    /// Asks for the memory right after this set's storage, owned: the executors allocate one
    /// set of the same size per transaction, and jemalloc hands out the regions of a size class
    /// in address order within a slab, so the next transaction's set most likely lies there.
    /// That memory is cold (freed a block ago); its lines then arrive while this transaction
    /// finishes instead of stalling the next one's stores. A wrong guess costs a few prefetches.
    public func prefetchFollowingAllocation() {
        elements.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            Self.prefetchAfter(base, capacity: elements.capacity)
        }
    }

    /// Prefetches, owned, an allocation the size of this one right after the storage at `base`.
    private static func prefetchAfter(_ base: UnsafePointer<Element>, capacity: Int) {
        let end = UnsafeRawPointer(base + capacity)
        let arrayHeader = 32   // an array's storage: count and capacity after the object header
        cprefetch_write_lines(end, MemoryLayout<Element>.stride * capacity + arrayHeader)
    }

    /// Visits the writes in place, each as a pointer into the set: iterating the collection (or
    /// passing `elements[i].value` along) copies each `AccountWrite` out, two retains and two
    /// releases per write, which the executors' per-transaction loops avoid. The pointer is
    /// valid only during `body`.
    @inlinable
    public func forEachInPlace(_ body: (Address, UnsafePointer<AccountWrite>) throws -> Void) rethrows {
        try elements.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // A tuple's elements are bound where the tuple is: a pointer to `.value` is legal.
            let valueOffset = MemoryLayout<Element>.offset(of: \Element.value)!
            for i in 0..<buffer.count {
                let p = UnsafeRawPointer(base + i)
                try body(base[i].key, (p + valueOffset).assumingMemoryBound(to: AccountWrite.self))
            }
        }
    }

    /// Equal when both hold the same write for the same addresses, in any order.
    public static func == (a: AccountWrites, b: AccountWrites) -> Bool {
        guard a.count == b.count else { return false }
        for (address, w) in a.elements {
            guard let i = b.index(forKey: address), b.elements[i].value == w else { return false }
        }
        return true
    }
}

extension AccountWrites: CustomStringConvertible {
    public var description: String {
        "[" + elements.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
