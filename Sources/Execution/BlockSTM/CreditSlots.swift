import CPrefetch
import Synchronization
import Primitives

/// Per lazy account and transaction, what the transaction credited the account (`Credit`),
/// without locks. Lane 0 is the block's beneficiary (every transaction's fee) when there is
/// one; the other lanes are the block's hot payees (see `LazyAccounts`).
///
/// Why no lock: every transaction records its credits once per incarnation, and the lock's
/// compare-and-swap waited each time for the transaction's earlier stores to drain. A lock is
/// not needed for the writers: a slot has one writer at a time, ordered by the scheduler (the
/// incarnation that records it finished before a validator can abort it and turn its credit
/// into an ESTIMATE, and that happens before the next incarnation starts). Readers — a
/// transaction that reads a lazy account — may race with a re-execution rewriting the amount
/// and see a torn amount; validation re-reads and compares values, so a torn read fails
/// validation like any other stale read and is never kept.
///
/// Layout: per slot a state word and the amount's four words, all `Atomic` (so
/// ThreadSanitizer sees every access), in one flat allocation, lane after lane (a reader
/// walks one lane's transactions in order).
final class CreditSlots: @unchecked Sendable {
    private enum State: UInt64 { case none = 0, paid = 1, estimate = 2 }
    private static let words = 5
    /// Transactions per lane.
    private(set) var count: Int
    private(set) var lanes: Int
    private var base: UnsafeMutablePointer<Atomic<UInt64>>

    init(count: Int, lanes: Int = 1) {
        self.count = count
        self.lanes = lanes
        base = Self.allocate(count * lanes)
    }

    deinit { release() }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        let p = UnsafeMutablePointer<Atomic<UInt64>>.allocate(capacity: max(1, count * words))
        for i in 0..<count * words { (p + i).initialize(to: Atomic(0)) }
        return p
    }

    private func release() {
        base.deinitialize(count: count * lanes * Self.words)
        base.deallocate()
    }

    /// `count` empty slots per lane. Only while no other thread uses them.
    func reset(count: Int, lanes: Int = 1) {
        release()
        self.count = count
        self.lanes = lanes
        base = Self.allocate(count * lanes)
    }

    @inline(__always)
    private func slot(_ lane: Int, _ t: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        precondition(t >= 0 && t < count && lane >= 0 && lane < lanes)
        return base + (lane * count + t) * Self.words
    }

    /// Empties the slots of transactions `range` in every lane (between blocks, no other
    /// thread using them).
    func clear(_ range: Range<Int>) {
        for lane in 0..<lanes {
            for t in range { slot(lane, t).pointee.store(State.none.rawValue, ordering: .relaxed) }
        }
    }

    @inline(__always)
    func prefetch(_ lane: Int, _ t: Int) {
        guard t >= 0 && t < count && lane < lanes else { return }
        cprefetch_write(base + (lane * count + t) * Self.words)
    }

    func get(_ lane: Int, _ t: Int) -> Credit {
        let s = slot(lane, t)
        switch State(rawValue: s.pointee.load(ordering: .acquiring)) {
        case .paid?:
            return .paid(U256(w0: s[1].load(ordering: .relaxed), w1: s[2].load(ordering: .relaxed),
                              w2: s[3].load(ordering: .relaxed), w3: s[4].load(ordering: .relaxed)))
        case .estimate?: return .estimate
        default: return .none
        }
    }

    /// Records the credit of transaction `t`'s incarnation (its only writer right now); whether
    /// it paid one where the slot held none (a new location for the scheduler).
    func record(_ lane: Int, _ t: Int, _ credit: Credit) -> Bool {
        let s = slot(lane, t)
        let wasNone = s.pointee.load(ordering: .relaxed) == State.none.rawValue
        switch credit {
        case .none:
            if !wasNone { s.pointee.store(State.none.rawValue, ordering: .releasing) }
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

    /// An aborted incarnation's credit becomes an ESTIMATE (the aborting validator is its only writer).
    func markEstimate(_ lane: Int, _ t: Int) {
        let s = slot(lane, t)
        if s.pointee.load(ordering: .relaxed) == State.paid.rawValue {
            s.pointee.store(State.estimate.rawValue, ordering: .releasing)
        }
    }
}

/// The accounts whose pure credits Block-STM keeps per transaction (`CreditSlots`) rather than
/// as versions: the beneficiary, which every transaction pays, and up to three hot payees,
/// accounts that many plain payments of the block go to (`BlockProgram.hotPayees`). Inline
/// (no array to retain) because every account read and write asks `lane(of:)`.
struct LazyAccounts {
    static let capacity = 4
    private var a0 = Address.zero, a1 = Address.zero, a2 = Address.zero, a3 = Address.zero
    private(set) var count = 0

    init() {}

    /// `beneficiary` first, then the distinct `payees` that fit.
    init(beneficiary: Address?, payees: [Address]) {
        if let beneficiary { append(beneficiary) }
        for p in payees where count < Self.capacity && lane(of: p) == nil { append(p) }
    }

    private mutating func append(_ a: Address) {
        switch count {
        case 0: a0 = a
        case 1: a1 = a
        case 2: a2 = a
        default: a3 = a
        }
        count += 1
    }

    /// The account's lane, or nil when it is not lazy.
    @inline(__always)
    func lane(of a: Address) -> Int? {
        if count > 0 && a == a0 { return 0 }
        if count > 1 && a == a1 { return 1 }
        if count > 2 && a == a2 { return 2 }
        if count > 3 && a == a3 { return 3 }
        return nil
    }
}
