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

/// `count` values, each behind its own `pthread_mutex_t`, in two flat allocations: per-
/// transaction state of a 10,000-transaction block without 10,000 lock objects to allocate
/// and free for every block.
final class LockedArray<Value>: @unchecked Sendable {
    let count: Int
    private let mutexes: UnsafeMutablePointer<pthread_mutex_t>
    private let values: UnsafeMutablePointer<Value>

    init(repeating value: Value, count: Int) {
        self.count = count
        mutexes = .allocate(capacity: max(1, count))
        values = .allocate(capacity: max(1, count))
        for i in 0..<count {
            (mutexes + i).initialize(to: pthread_mutex_t())
            pthread_mutex_init(mutexes + i, nil)
        }
        values.initialize(repeating: value, count: count)
    }

    deinit {
        for i in 0..<count { pthread_mutex_destroy(mutexes + i) }
        values.deinitialize(count: count)
        values.deallocate()
        mutexes.deallocate()
    }

    @inline(__always)
    func withLock<R, E: Error>(_ index: Int, _ body: (inout Value) throws(E) -> R) throws(E) -> R {
        precondition(index >= 0 && index < count)
        pthread_mutex_lock(mutexes + index)
        defer { pthread_mutex_unlock(mutexes + index) }
        return try body(&values[index])
    }
}
