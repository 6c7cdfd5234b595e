import CPrefetch

/// Append-only storage for the read sets (or written-location lists) one worker produces in a
/// block: each incarnation's list is copied in contiguously and referred to by a buffer
/// pointer. Chunks are never moved or freed during a block, so other workers may read a
/// published list while this worker appends; `reset` rewinds between blocks and keeps them.
///
/// Why: a Swift array per transaction meant, for every execution, touching the header of an
/// array last used a block ago (a cache miss for the uniqueness check, another for the count)
/// and writing into scattered cold memory — 7% of Block-STM's execution time in an ERC-20
/// block. Here a worker writes sequentially into memory it wrote a moment ago.
///
/// `T` must be a trivial type (no references): lists are copied bitwise and never destroyed.
///
/// The memory is a block old when it is written again, long gone from the core's caches, and
/// each store had to wait for its lines (in profiles, at the next locked instruction: the
/// record's lock). So every store also asks for the lines the next one will write
/// (`prefetchAhead`), which then arrive during that transaction's execution.
final class RecordArena<T>: @unchecked Sendable {
    private static var chunkCapacity: Int { 8_192 }
    private var chunks: [(base: UnsafeMutablePointer<T>, capacity: Int)] = []
    private var chunk = -1
    private var used = 0

    init() {
        precondition(_isPOD(T.self), "RecordArena holds trivial types only")
    }

    deinit {
        for c in chunks { c.base.deallocate() }
    }

    /// Copies `items` into the arena and returns where they now live (valid until `reset`).
    func store(_ items: [T]) -> UnsafeBufferPointer<T> {
        items.withUnsafeBufferPointer { store($0) }
    }

    /// The same from a buffer (a view's `ReadLog`).
    func store(_ items: UnsafeBufferPointer<T>) -> UnsafeBufferPointer<T> {
        let n = items.count
        if n == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
        if chunk < 0 || used + n > chunks[chunk].capacity { advance(atLeast: n) }
        let start = chunks[chunk].base + used
        start.initialize(from: items.baseAddress!, count: n)
        used += n
        prefetchAhead()
        return UnsafeBufferPointer(start: start, count: n)
    }

    /// Bytes past the end asked for, owned, after each store: about what one transaction
    /// stores in the larger arena (three reads).
    private static var lookaheadBytes: Int { 320 }

    @inline(__always)
    private func prefetchAhead() {
        let c = chunks[chunk]
        let end = UnsafeRawPointer(c.base + used)
        let limit = UnsafeRawPointer(c.base + c.capacity)
        var offset = 0
        while offset < Self.lookaheadBytes && end + offset < limit {
            cprefetch_write(end + offset)
            offset += 64
        }
    }

    /// The next chunk with room for `n` items: a kept one, or a new one.
    private func advance(atLeast n: Int) {
        var next = chunk + 1
        while next < chunks.count && chunks[next].capacity < n { next += 1 }
        if next >= chunks.count {
            let capacity = Swift.max(Self.chunkCapacity, n)
            chunks.append((UnsafeMutablePointer<T>.allocate(capacity: capacity), capacity))
            next = chunks.count - 1
        }
        chunk = next
        used = 0
    }

    /// Forgets every stored list (between blocks, while no one reads them).
    func reset() {
        chunk = -1
        used = 0
    }
}
