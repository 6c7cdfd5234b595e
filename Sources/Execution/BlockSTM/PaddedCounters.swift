import Synchronization

/// An `Atomic<Int>` alone on its cache line: the contention counters of a Block-STM run.
final class PaddedAtomic: Sendable {
    private let before: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)
    let value: Atomic<Int>
    private let after: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)
    init(_ v: Int) { value = Atomic(v) }
}

/// `count` `Atomic<Int>` counters, each alone on a 64-byte line, in one allocation reached
/// through a raw pointer. Why not an array of `PaddedAtomic` objects: loading a reference out
/// of an array (or a `var`) retains and releases the object, and that is a locked add on the
/// object's header, a line every worker writes. The scheduler's counters are hit by every
/// task, so that was four more contended read-modify-writes per task.
/// Not an owner: whoever creates it calls `deallocate`.
struct PaddedCounters: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(byteCount: 64 * max(1, count), alignment: 64)
        for i in 0..<count { (base + 64 * i).bindMemory(to: Atomic<Int>.self, capacity: 1).initialize(to: Atomic(0)) }
    }

    @inline(__always)
    subscript(i: Int) -> UnsafeMutablePointer<Atomic<Int>> {
        (base + 64 * i).assumingMemoryBound(to: Atomic<Int>.self)
    }

    func deallocate() {
        for i in 0..<count { _ = self[i].move() }
        base.deallocate()
    }
}
