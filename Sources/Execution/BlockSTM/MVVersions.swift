/// The versions of one location, sorted by transaction index, with the first one stored inline.
///
/// Why not a plain `[MVEntry]`: at low contention almost every location is written by one
/// transaction of the block, and an array per location was one heap allocation per write
/// (and one free when the block's memory is dropped) — in profiles the largest single cost
/// Block-STM added over sequential execution. Here a single version lives in the dictionary's
/// own storage; only a location written by several transactions allocates `rest`.
struct MVVersions {
    // The counts come first: inserting into a bucket reads the count before anything else
    // (whether the stale list must go), and first in the struct it lies on the bucket's
    // second line, with the key, rather than on its last.
    private(set) var count: Int
    /// How many versions are not plain balance deltas (full values, wipes, slots, ESTIMATEs).
    /// An account that only receives payments has none: what does not depend on its balance
    /// (its code hash, `MVMemory.readAccountIgnoringDeltas`) is answered without walking a
    /// list that grows by one delta per payment.
    private(set) var solidCount: Int
    private var head: MVEntry
    private var rest: [MVEntry]

    /// No version yet.
    init() {
        count = 0
        solidCount = 0
        head = MVEntry(tx: -1, incarnation: 0, isEstimate: false, value: .cleared)
        rest = []
    }

    @inline(__always)
    static func isSolid(_ e: MVEntry) -> Bool { !e.isPlainDelta }

    @inline(__always)
    subscript(i: Int) -> MVEntry {
        get { i == 0 ? head : rest[i - 1] }
        set { if i == 0 { head = newValue } else { rest[i - 1] = newValue } }
    }

    /// Index of the first version whose transaction is `>= tx`.
    @inline(__always)
    func lowerBound(_ tx: Int32) -> Int {
        // Versions usually arrive in block order: check the end first.
        if count == 0 || self[count - 1].tx < tx { return count }
        if head.tx >= tx { return 0 }
        var lo = 1, hi = count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if rest[mid - 1].tx < tx { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Writes `entry`, replacing the version of the same transaction if there is one.
    /// Returns whether the location had no version before.
    @discardableResult
    mutating func upsert(_ entry: MVEntry) -> Bool {
        let created = count == 0
        let i = lowerBound(entry.tx)
        if i < count && self[i].tx == entry.tx {
            if Self.isSolid(self[i]) { solidCount -= 1 }
            if Self.isSolid(entry) { solidCount += 1 }
            self[i] = entry
            return false
        }
        if Self.isSolid(entry) { solidCount += 1 }
        if count == 0 {
            head = entry
        } else if i == 0 {
            rest.insert(head, at: 0)
            head = entry
        } else if i == count {
            rest.append(entry)   // the usual case, in block order (`insert` at the end went through replaceSubrange)
        } else {
            rest.insert(entry, at: i - 1)
        }
        count += 1
        return created
    }

    /// Removes the version of transaction `tx`, if any.
    mutating func remove(tx: Int32) {
        let i = lowerBound(tx)
        guard i < count && self[i].tx == tx else { return }
        if Self.isSolid(self[i]) { solidCount -= 1 }
        if i == 0 {
            if !rest.isEmpty { head = rest.removeFirst() }
        } else {
            rest.remove(at: i - 1)
        }
        count -= 1
    }

    /// Drops every version. Only `count` says what is there (the inline head is plain data), so
    /// a single version costs one store, not a copy of the whole value to destroy it. (Keeping
    /// `rest`'s capacity bought nothing: the table puts a fresh list in a bucket when another
    /// location takes it, so the buffer was freed there instead.)
    @inline(__always)
    mutating func removeAll() {
        if count > 1 { rest = [] }
        count = 0
        solidCount = 0
    }

    /// Marks the version of transaction `tx` as an ESTIMATE, if there is one.
    mutating func markEstimate(tx: Int32) {
        let i = lowerBound(tx)
        if i < count && self[i].tx == tx {
            if !Self.isSolid(self[i]) { solidCount += 1 }
            self[i].isEstimate = true
        }
    }

    /// The highest version below `tx`, if any.
    @inline(__always)
    func latest(before tx: Int32) -> MVEntry? {
        let i = lowerBound(tx)
        return i > 0 ? self[i - 1] : nil
    }
}
