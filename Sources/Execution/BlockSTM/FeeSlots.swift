import CPrefetch
import Synchronization
import Primitives

/// Per transaction, what it paid the block's beneficiary (`Fee`), without locks.
///
/// Why no lock: every transaction records its fee once per incarnation, and the lock's
/// compare-and-swap waited each time for the transaction's earlier stores to drain. A lock is
/// not needed for the writers: a slot has one writer at a time, ordered by the scheduler (the
/// incarnation that records it finished before a validator can abort it and turn its fee into
/// an ESTIMATE, and that happens before the next incarnation starts). Readers — a transaction
/// that reads the coinbase — may race with a re-execution rewriting the amount and see a torn
/// amount; validation re-reads and compares values, so a torn read fails validation like any
/// other stale read and is never kept.
///
/// Layout: per slot a state word and the amount's four words, all `Atomic` (so
/// ThreadSanitizer sees every access), in one flat allocation.
final class FeeSlots: @unchecked Sendable {
    private enum State: UInt64 { case none = 0, paid = 1, estimate = 2 }
    private static let words = 5
    private(set) var count: Int
    private var base: UnsafeMutablePointer<Atomic<UInt64>>

    init(count: Int) {
        self.count = count
        base = Self.allocate(count)
    }

    deinit { release() }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        let p = UnsafeMutablePointer<Atomic<UInt64>>.allocate(capacity: max(1, count * words))
        for i in 0..<count * words { (p + i).initialize(to: Atomic(0)) }
        return p
    }

    private func release() {
        base.deinitialize(count: count * Self.words)
        base.deallocate()
    }

    /// `count` empty slots. Only while no other thread uses them.
    func reset(count: Int) {
        release()
        self.count = count
        base = Self.allocate(count)
    }

    @inline(__always)
    private func slot(_ t: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        precondition(t >= 0 && t < count)
        return base + t * Self.words
    }

    /// Empties slots `range` (between blocks, no other thread using them).
    func clear(_ range: Range<Int>) {
        for t in range { slot(t).pointee.store(State.none.rawValue, ordering: .relaxed) }
    }

    @inline(__always)
    func prefetch(_ t: Int) {
        guard t >= 0 && t < count else { return }
        cprefetch_write(base + t * Self.words)
    }

    func get(_ t: Int) -> Fee {
        let s = slot(t)
        switch State(rawValue: s.pointee.load(ordering: .acquiring)) {
        case .paid?:
            return .paid(U256(w0: s[1].load(ordering: .relaxed), w1: s[2].load(ordering: .relaxed),
                              w2: s[3].load(ordering: .relaxed), w3: s[4].load(ordering: .relaxed)))
        case .estimate?: return .estimate
        default: return .none
        }
    }

    /// Records the fee of transaction `t`'s incarnation (its only writer right now); whether it
    /// paid one where the slot held none (a new location for the scheduler).
    func record(_ t: Int, _ fee: Fee) -> Bool {
        let s = slot(t)
        let wasNone = s.pointee.load(ordering: .relaxed) == State.none.rawValue
        switch fee {
        case .none:
            s.pointee.store(State.none.rawValue, ordering: .releasing)
            return false
        case .estimate:
            s.pointee.store(State.estimate.rawValue, ordering: .releasing)
            return false
        case .paid(let amount):
            s[1].store(amount.w0, ordering: .relaxed)
            s[2].store(amount.w1, ordering: .relaxed)
            s[3].store(amount.w2, ordering: .relaxed)
            s[4].store(amount.w3, ordering: .relaxed)
            s.pointee.store(State.paid.rawValue, ordering: .releasing)
            return wasNone
        }
    }

    /// An aborted incarnation's fee becomes an ESTIMATE (the aborting validator is its only writer).
    func markEstimate(_ t: Int) {
        let s = slot(t)
        if s.pointee.load(ordering: .relaxed) == State.paid.rawValue {
            s.pointee.store(State.estimate.rawValue, ordering: .releasing)
        }
    }
}
