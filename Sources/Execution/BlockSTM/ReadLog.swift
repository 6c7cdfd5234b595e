/// The reads of one incarnation (`VersionedView`), in a buffer the view owns and reuses.
///
/// Why not `[ReadRecord]`: the worker lends these reads to its record arena right after
/// publishing the incarnation's versions, and an array property of a class is retained for that
/// (and released after). That atomic retain waited for the versions' stores to drain, about 5%
/// of Block-STM's samples on transfers. The records are plain values (`_isPOD`), so the buffer
/// needs no reference counting and no deinitialisation.
struct ReadLog {
    private var base: UnsafeMutablePointer<ReadRecord>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        precondition(_isPOD(ReadRecord.self), "ReadLog keeps plain records only")
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// Frees the buffer; the owner calls it once, from its `deinit`.
    func free() { base.deallocate() }

    @inline(__always)
    mutating func append(_ record: ReadRecord) {
        if count == capacity { grow() }
        (base + count).initialize(to: record)
        count &+= 1
    }

    /// Empties the log, keeping its memory.
    mutating func removeAll() { count = 0 }

    /// The records, valid until the next `append` or `removeAll`.
    var records: UnsafeBufferPointer<ReadRecord> { UnsafeBufferPointer(start: base, count: count) }

    @inline(never)
    private mutating func grow() {
        let bigger = UnsafeMutablePointer<ReadRecord>.allocate(capacity: 2 * capacity)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
