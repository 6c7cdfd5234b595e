import CPrefetch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a `pthread_mutex_t`, with `Mutex`'s `withLock` shape.
///
/// Why not `Synchronization.Mutex`: on Linux its lock is a futex driven from the uninstrumented
/// standard library, so ThreadSanitizer cannot see the happens-before edges it creates and
/// reports every access it protects as a race (observed here: hundreds of reports on
/// Mutex-protected dictionaries). pthread mutexes are intercepted by TSan, and uncontended
/// they cost about the same (a CAS in and out; glibc spins briefly before sleeping).
/// `Atomic` from `Synchronization` compiles to instrumented LLVM atomics and is used as is.
final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Out of line so that access is not dynamically exclusivity-checked (the lock is the check).
    private let value: UnsafeMutablePointer<Value>

    init(_ value: Value) {
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
        // A cache line of its own: neighbouring locks are taken by different workers.
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(64, MemoryLayout<pthread_mutex_t>.size), alignment: 64)
        mutex = raw.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
        pthread_mutex_destroy(mutex)
        UnsafeMutableRawPointer(mutex).deallocate()
    }

    @inline(__always)
    func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}

/// `count` values, each behind its own small lock, in one flat allocation: per-transaction
/// state of a 10,000-transaction block without 10,000 lock objects to allocate and free for
/// every block.
///
/// The lock is a word driven by `Atomic` (acquire on lock, release on unlock), not a
/// `pthread_mutex_t`. Why: these locks guard a few loads and stores (a transaction's status, a
/// shard of the multi-version memory), are taken about a dozen times per transaction, and are
/// almost never contended — there a pthread mutex costs two locked instructions and glibc's
/// bookkeeping (in profiles of Block-STM on one thread, a tenth of its time), while this costs
/// one compare-and-swap to lock and a plain store to unlock. A waiter spins briefly, then yields
/// its core, so a holder preempted by oversubscription (8 workers on 2 cores) gets to run.
/// ThreadSanitizer sees the acquire/release pairs of `Atomic` (instrumented LLVM atomics), so
/// the happens-before edges stay visible to it (see `Locked` for why `Mutex` would not).
///
/// Each element's lock and value are adjacent (one cache miss reaches both); with
/// `cacheLinePadded` every element starts on its own 64-byte line, for elements that
/// different workers lock at the same time (the shards of the multi-version memory).
final class LockedArray<Value>: @unchecked Sendable {
    private(set) var count: Int
    private var base: UnsafeMutableRawPointer
    private let stride: Int
    private let valueOffset: Int

    init(repeating value: Value, count: Int, cacheLinePadded: Bool = false) {
        self.count = count
        let lockSize = MemoryLayout<Atomic<UInt32>>.size
        let align = max(MemoryLayout<Value>.alignment, MemoryLayout<Atomic<UInt32>>.alignment)
        valueOffset = (lockSize + MemoryLayout<Value>.alignment - 1) / MemoryLayout<Value>.alignment * MemoryLayout<Value>.alignment
        var stride = valueOffset + max(MemoryLayout<Value>.size, 1)
        let unit = cacheLinePadded ? 64 : align
        stride = (stride + unit - 1) / unit * unit
        self.stride = stride
        base = Self.allocate(count: count, stride: stride, valueOffset: valueOffset, repeating: value)
    }

    private static func allocate(count: Int, stride: Int, valueOffset: Int, repeating value: Value) -> UnsafeMutableRawPointer {
        let base = UnsafeMutableRawPointer.allocate(byteCount: stride * max(1, count), alignment: 64)
        for i in 0..<count {
            (base + i * stride).bindMemory(to: Atomic<UInt32>.self, capacity: 1).initialize(to: Atomic(0))
            (base + i * stride + valueOffset).bindMemory(to: Value.self, capacity: 1).initialize(to: value)
        }
        return base
    }

    private func release() {
        for i in 0..<count {
            _ = lock(i).move()
            value(i).deinitialize(count: 1)
        }
        base.deallocate()
    }

    deinit { release() }

    /// Replaces every element by `count` copies of `value`. Only while no other thread uses the
    /// array. Why not a new array: an owner that can replace its array must hold it in a `var`,
    /// and every access through a `var` retains and releases the array object — a locked add
    /// on a line all workers write.
    func reset(count: Int, repeating value: Value) {
        release()
        self.count = count
        base = Self.allocate(count: count, stride: stride, valueOffset: valueOffset, repeating: value)
    }

    @inline(__always)
    private func lock(_ i: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
        (base + i * stride).assumingMemoryBound(to: Atomic<UInt32>.self)
    }

    @inline(__always)
    private func value(_ i: Int) -> UnsafeMutablePointer<Value> {
        (base + i * stride + valueOffset).assumingMemoryBound(to: Value.self)
    }

    @inline(__always)
    func withLock<R, E: Error>(_ index: Int, _ body: (inout Value) throws(E) -> R) throws(E) -> R {
        precondition(index >= 0 && index < count)
        let l = lock(index)
        if !l.pointee.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
            Self.acquireContended(l)
        }
        defer { l.pointee.store(0, ordering: .releasing) }
        return try body(&value(index).pointee)
    }

    /// Starts loading element `index` and its lock, owned (see `BlockSTMExecutor.Run.announce`).
    @inline(__always)
    func prefetch(_ index: Int) {
        guard index >= 0 && index < count else { return }
        let p = base + index * stride
        cprefetch_write(p)
        if stride > 64 { cprefetch_write(p + stride - 1) }
    }

    @inline(never)
    private static func acquireContended(_ l: UnsafeMutablePointer<Atomic<UInt32>>) {
        var spins = 0
        while true {
            if l.pointee.load(ordering: .relaxed) == 0,
               l.pointee.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { return }
            spins += 1
            if spins >= 64 { sched_yield() }
        }
    }
}

/// `count` values without locks, for per-transaction slots whose accesses the scheduler
/// already orders: a transaction's result is written only by the worker running its current
/// incarnation (the scheduler's per-transaction mutex orders successive incarnations) and read
/// only after the pool has finished. A lock per access would add nothing but its cost.
final class OrderedSlots<Value>: @unchecked Sendable {
    let count: Int
    private let values: UnsafeMutablePointer<Value>

    init(repeating value: Value, count: Int) {
        self.count = count
        values = .allocate(capacity: max(1, count))
        values.initialize(repeating: value, count: count)
    }

    deinit {
        values.deinitialize(count: count)
        values.deallocate()
    }

    @inline(__always)
    func set(_ index: Int, _ value: consuming Value) {
        precondition(index >= 0 && index < count)
        values[index] = value
    }

    /// Stores `value` in slot `index`, which must hold a value with nothing to release (the
    /// `empty` the slots were cleared to): that value is overwritten, not read and destroyed.
    /// Why: `set` reads the old value to release it, a load that waits for the slot's line,
    /// where a store alone can retire while the line is still on its way.
    @inline(__always)
    func fill(_ index: Int, _ value: consuming Value) {
        precondition(index >= 0 && index < count)
        (values + index).initialize(to: value)
    }

    /// Starts loading slot `index`, owned.
    @inline(__always)
    func prefetch(_ index: Int) {
        guard index >= 0 && index < count else { return }
        cprefetch_write(values + index)
    }

    /// Moves the value out, leaving `empty`.
    @inline(__always)
    func take(_ index: Int, leaving empty: Value) -> Value {
        precondition(index >= 0 && index < count)
        let value = (values + index).move()
        (values + index).initialize(to: empty)
        return value
    }

    /// Sets the slots of `range` to `empty`, releasing what they held.
    func clear(_ range: Range<Int>, to empty: Value) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        for i in range { values[i] = empty }
    }
}
