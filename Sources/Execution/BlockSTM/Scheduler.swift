import Foundation
import Synchronization

/// What a worker does next.
enum SchedulerTask: Equatable, Sendable {
    case execute(tx: Int, incarnation: Int)
    case validate(tx: Int, incarnation: Int)
}

/// The collaborative scheduler of Block-STM (Gelashvili et al., PPoPP 2023, Algorithms 4–5),
/// generalised to several execution queues for the shard-affine strategy.
///
/// - A shared validation index and, per execution queue, an execution cursor, all atomic:
///   workers take the lowest-index work first (validation when the validation index trails
///   the next transaction they would execute by more than `validationLag`), several steps at a
///   time (`WorkerClaim`).
/// - Per transaction, under its own lock: incarnation number, status (ready → executing →
///   executed; executed → aborting → ready for the next incarnation) and the transactions
///   waiting for it (dependency list).
/// - A transaction that read an ESTIMATE of `b` parks itself on `b`'s list (`addDependency`);
///   `b` finishing its execution makes it ready again and lowers its queue's cursor.
/// - An execution that wrote a location the previous incarnation did not lowers the
///   validation index to itself (all higher transactions are validated again); a failed
///   validation lowers it to the next transaction.
/// - Termination: done once every cursor and the validation index are past the block, no task
///   is in flight (`activeTasks`, which also counts claimed positions and the spare tokens of
///   busy workers), and no index was lowered while this was being checked (`decreaseCount`,
///   read before and after).
///
/// Block-STM has one queue holding the whole block, shared by all workers. The shard-affine
/// strategy has one queue per worker holding, in block order, the transactions whose sender's
/// shard that worker owns; a re-execution goes back to the owner's queue.
final class Scheduler: Sendable {
    enum Status: UInt8, Sendable { case ready, executing, executed, aborting }

    /// Plain data, so that a block's states are made and dropped without a retain or release
    /// each (an array of dependents per transaction was 0.1 ms of each 10,000-transaction
    /// block, freed on the calling thread).
    struct TxState: Sendable {
        var incarnation: Int32 = 0
        var status: Status = .ready
        /// The last transaction to park itself on this one (`addDependency`), -1 for none; the
        /// others follow in `nextDependent`.
        var firstDependent: Int32 = -1
    }

    let count: Int
    let txs: LockedArray<TxState>
    /// Each transaction's incarnation and status as of its last change (`snapshot`), stored
    /// under its lock (`updateState`) and read without it.
    ///
    /// Why: deciding what to validate read the status of every transaction of a claim under
    /// its lock, then again before each validation — two locked instructions per transaction,
    /// each waiting for every store before it to reach its line (a worker's stores go to a
    /// dozen cold lines per transaction). These reads only pick work: a status that changes
    /// right after it is read is as stale as one read under the lock a moment earlier, and
    /// what they pick is checked again where it matters (`tryValidationAbort` compares the
    /// incarnation under the lock).
    ///
    /// One answer is not trusted: "not executed" after a validation claim
    /// (`nextClaimedValidation`). Skipping such a transaction relies on its execution seeing
    /// the claim when it finishes (`finishExecution` reads the validation index after storing
    /// `executed`) and validating itself. Read without the lock, both sides can miss each other:
    /// a store followed by a load of another location is the one reordering x86 allows, and the
    /// store of `executed` waits in the store buffer for its line (other workers read it)
    /// while the load of the index goes ahead. The transaction's last incarnation was then
    /// never validated, and a stale read it made reached the block's result (two stress
    /// differences in several hundred thousand parallel runs). Under the lock, the claim and
    /// the status change are ordered one way or the other.
    ///
    /// "Executed" is trusted without the lock: a stale "executed" would be an older
    /// incarnation's, and the next incarnation's start (a store under the lock) reaches the
    /// other cores long before its end reads the index, behind the many locked instructions
    /// of its execution — on x86, where every locked instruction drains the store buffer. A
    /// port to a weaker memory model would read the status under the lock here too.
    nonisolated(unsafe) private let snapshots: UnsafeMutablePointer<Atomic<UInt64>>
    /// The dependency lists, linked: `nextDependent[d]` follows `d` in the list of the
    /// transaction `d` waits for. A waiting transaction is in one list at a time; its link is
    /// written and read under that transaction's lock (`addDependency`, `finishExecution`).
    nonisolated(unsafe) private let nextDependent: UnsafeMutablePointer<Int32>
    /// The queues' transactions back to back: queue `q` is `queueTxs[queueStart[q]..<queueStart[q + 1]]`.
    private let queueTxs: [Int32]
    private let queueStart: [Int]
    let queueCount: Int
    /// Queue and position of each transaction.
    private let queueOf: [Int32]
    private let positionOf: [Int32]

    /// The shared indices and counts: validation index, decrease count, active tasks, done
    /// flag, then one execution cursor per queue (a position in the queue).
    private let counters: PaddedCounters
    @inline(__always) private var validationIndex: UnsafeMutablePointer<Atomic<Int>> { counters[0] }
    @inline(__always) private var decreaseCount: UnsafeMutablePointer<Atomic<Int>> { counters[1] }
    @inline(__always) private var activeTasks: UnsafeMutablePointer<Atomic<Int>> { counters[2] }
    @inline(__always) private var doneFlag: UnsafeMutablePointer<Atomic<Int>> { counters[3] }
    @inline(__always) private func cursor(_ q: Int) -> UnsafeMutablePointer<Atomic<Int>> { counters[4 + q] }
    @inline(__always) private func queueLength(_ q: Int) -> Int { queueStart[q + 1] - queueStart[q] }
    /// The transaction at position `p` of queue `q`, or Int.max past its end.
    @inline(__always) private func transaction(queue q: Int, at p: Int) -> Int {
        p < queueLength(q) ? Int(queueTxs[queueStart[q] + p]) : Int.max
    }

    /// With several queues: how far (in transaction indices) a queue may execute ahead of the
    /// lowest transaction some other queue has yet to start. Without it one worker runs
    /// hundreds of transactions ahead of another, everything it runs past a conflict is
    /// re-executed, and every first execution behind it re-validates all of it.
    let lookahead: Int

    /// How many consecutive positions of its queue a worker claims at once (`WorkerClaim`).
    let executionChunk: Int

    /// How many transactions a worker may claim to validate at once (`WorkerClaim`).
    let validationBatch: Int

    /// Whether validation goes to the worker that executed a chunk (`chunkOwners`).
    ///
    /// Why: on two cores a validation of a transaction the other worker ran reads lines that
    /// worker has just written — the transaction's scheduler status (a lock, so a locked
    /// instruction on a line held by the other core), its record, its read set in the other
    /// worker's arena, the filter buckets its writes raised — a transfer of each line between
    /// the cores. Claimed two chunks at a time, half of all validations were of the other
    /// worker's chunk: both workers ran the whole block (no idle time), and their CPU time
    /// together was 1.4–1.7 times one worker's alone.
    ///
    /// The rule: a worker that finds the validation index at a chunk another worker claimed
    /// executes instead, as long as it has something to execute and the index trails its next
    /// execution by at most `foreignValidationLag`; past that (an owner descheduled, or
    /// stalled) anyone validates, so validation cannot wait long on one worker. A claim of
    /// validations stops at the start of another worker's chunk. Owners are hints: any worker
    /// may validate any transaction, and a wrong hint only moves work between workers.
    let validationPrefersOwner: Bool
    /// How far the validation index may trail a worker's next execution while it leaves
    /// another worker's chunk to its owner.
    let foreignValidationLag: Int
    /// The worker that last claimed each chunk of `executionChunk` positions from its first
    /// position, -1 when none did (or a claim from elsewhere covered part of it). One queue only.
    nonisolated(unsafe) private let chunkOwners: UnsafeMutablePointer<Atomic<Int>>?
    private let chunkOwnerCount: Int

    /// How far the validation index may trail the next transaction a worker would execute
    /// before validation takes priority. At 0 (the paper) a worker validates each transaction
    /// as soon as it is executed, one index step each; trailing by a chunk lets a validation
    /// claim cover a chunk. The price is that a conflict is found up to that many transactions
    /// later, so more speculative work may be thrown away.
    let validationLag: Int

    /// Tests only: `finishExecution` reads the validation index before it stores `executed`,
    /// and sometimes sleeps in between — the order x86 may make the two appear in to other
    /// cores (see `snapshots`), with its window widened from nanoseconds to microseconds so
    /// that a test meets it in most blocks rather than a few times in a million runs.
    let reordersExecutedStatus: Bool

    /// `queues[q]` lists the transactions of queue `q` in block order; every transaction is in
    /// exactly one queue. `executionChunk`, `validationBatch`, `validationLag`: see those.
    init(count: Int, queues queueLists: [[Int32]], lookahead: Int = Int.max, executionChunk: Int = 1,
         validationBatch: Int = 1, validationLag: Int = 0, validationPrefersOwner: Bool = false,
         reordersExecutedStatus: Bool = false) {
        precondition(executionChunk >= 1 && validationBatch >= 1 && validationLag >= 0)
        self.count = count
        self.reordersExecutedStatus = reordersExecutedStatus
        // One queue: its positions are transaction indices, so a chunk of positions is a range
        // of the validation index.
        self.validationPrefersOwner = validationPrefersOwner && queueLists.count == 1 && executionChunk > 1
        self.foreignValidationLag = 4 * executionChunk
        if self.validationPrefersOwner {
            chunkOwnerCount = count / executionChunk + 1
            let owners = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: chunkOwnerCount)
            for i in 0..<chunkOwnerCount { (owners + i).initialize(to: Atomic(-1)) }
            chunkOwners = owners
        } else {
            chunkOwnerCount = 0
            chunkOwners = nil
        }
        self.executionChunk = executionChunk
        self.validationBatch = validationBatch
        self.validationLag = validationLag
        self.lookahead = queueLists.count > 1 ? lookahead : Int.max
        txs = LockedArray(repeating: TxState(), count: count)
        nextDependent = .allocate(capacity: max(1, count))
        nextDependent.initialize(repeating: -1, count: max(1, count))
        snapshots = .allocate(capacity: max(1, count))
        for i in 0..<count { (snapshots + i).initialize(to: Atomic(Self.snapshot(TxState()))) }
        queueTxs = queueLists.flatMap { $0 }
        queueStart = queueLists.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        queueCount = queueLists.count
        counters = PaddedCounters(count: 4 + queueLists.count)
        var queueOf = [Int32](repeating: -1, count: count)
        var positionOf = [Int32](repeating: -1, count: count)
        for (q, list) in queueLists.enumerated() {
            for (p, tx) in list.enumerated() { queueOf[Int(tx)] = Int32(q); positionOf[Int(tx)] = Int32(p) }
        }
        precondition(!queueOf.contains(-1), "every transaction must be in a queue")
        self.queueOf = queueOf
        self.positionOf = positionOf
    }

    deinit {
        for i in 0..<count { _ = (snapshots + i).move() }
        snapshots.deallocate()
        nextDependent.deallocate()
        counters.deallocate()
        if let chunkOwners {
            for i in 0..<chunkOwnerCount { _ = (chunkOwners + i).move() }
            chunkOwners.deallocate()
        }
    }

    /// The worker that claimed the chunk holding transaction `tx`, or -1.
    @inline(__always)
    private func owner(ofChunkAt tx: Int) -> Int {
        guard let chunkOwners else { return -1 }
        return chunkOwners[tx / executionChunk].load(ordering: .relaxed)
    }

    /// Whether `claim`'s worker should leave the validation at `index` to the worker that
    /// executed its chunk (`validationPrefersOwner`), executing `nextExecution` meanwhile.
    @inline(__always)
    private func leavesToOwner(_ index: Int, nextExecution: Int, _ claim: WorkerClaim) -> Bool {
        guard chunkOwners != nil, claim.worker >= 0, nextExecution < count,
              nextExecution - index <= foreignValidationLag else { return false }
        let owner = owner(ofChunkAt: index)
        return owner >= 0 && owner != claim.worker
    }

    /// One queue with the whole block: classic Block-STM.
    convenience init(count: Int) {
        self.init(count: count, queues: [(0..<count).map { Int32($0) }])
    }

    var isDone: Bool { doneFlag.pointee.load(ordering: .acquiring) != 0 }

    /// Stops every worker (used when execution must be abandoned).
    func halt() { doneFlag.pointee.store(1, ordering: .releasing) }

    /// The incarnation and status of `tx` as of its last change (`snapshots`).
    func status(_ tx: Int) -> (incarnation: Int, status: Status) {
        let v = snapshots[tx].load(ordering: .acquiring)
        return (Int(Int32(truncatingIfNeeded: v >> 8)), Status(rawValue: UInt8(truncatingIfNeeded: v)).unsafelyUnwrapped)
    }

    @inline(__always)
    private static func snapshot(_ s: TxState) -> UInt64 {
        UInt64(UInt32(bitPattern: s.incarnation)) << 8 | UInt64(s.status.rawValue)
    }

    /// Runs `body` on the state of `tx` under its lock and publishes the result (`snapshots`):
    /// every change of a status or an incarnation goes through here.
    @inline(__always)
    private func updateState<R>(_ tx: Int, _ body: (inout TxState) -> R) -> R {
        txs.withLock(tx) { s in
            let result = body(&s)
            snapshots[tx].store(Self.snapshot(s), ordering: .releasing)
            return result
        }
    }

    // MARK: Active-task tokens

    /// A token for a task the worker starts: a spare one, else a new one on the shared count.
    @inline(__always)
    private func takeToken(_ w: inout WorkerClaim) {
        if w.spareTokens > 0 { w.spareTokens -= 1 } else { activeTasks.pointee.add(1, ordering: .acquiringAndReleasing) }
    }

    /// Makes sure the worker holds a spare token, so that the active-task count covers what it
    /// is about to claim.
    @inline(__always)
    private func reserveToken(_ w: inout WorkerClaim) {
        if w.spareTokens == 0 {
            activeTasks.pointee.add(1, ordering: .acquiringAndReleasing)
            w.spareTokens = 1
        }
    }

    /// The worker finished a task (or gave up a claimed position): it keeps the token.
    @inline(__always)
    private func returnToken(_ w: inout WorkerClaim) { w.spareTokens += 1 }

    /// Hands the worker's spare tokens back to the shared count: before it looks whether the
    /// block is done, and whenever it has nothing to do.
    @inline(__always)
    func releaseTokens(_ w: inout WorkerClaim) {
        if w.spareTokens > 0 {
            activeTasks.pointee.subtract(w.spareTokens, ordering: .acquiringAndReleasing)
            w.spareTokens = 0
        }
    }

    // MARK: Getting work

    /// One attempt to get a task for a worker that executes from queue `q` and holds `claim`;
    /// nil when there is nothing to do right now (the caller backs off and retries until
    /// `isDone`). Claimed validations come first; then a new validation claim when the
    /// validation index trails the next transaction this worker would execute by more than
    /// `validationLag`; then execution.
    func nextTask(queue q: Int, claim: inout WorkerClaim) -> SchedulerTask? {
        if let task = nextClaimedValidation(&claim) { return task }
        let nextExecution = transaction(queue: q, at: claim.isEmpty ? cursor(q).pointee.load(ordering: .acquiring) : claim.next)
        let index = validationIndex.pointee.load(ordering: .acquiring)
        if index < min(nextExecution, count) && (nextExecution == Int.max || nextExecution - index > validationLag)
            && !leavesToOwner(index, nextExecution: nextExecution, claim) {
            if let task = claimValidations(&claim) { return task }
            // Validation waits for a transaction still executing: execute meanwhile.
        }
        if claim.isEmpty {
            if lookahead != Int.max && nextExecution != Int.max && nextExecution > frontier() &+ lookahead {
                releaseTokens(&claim)
                return nil   // let the other queues catch up
            }
            claimExecutions(queue: q, into: &claim)
        }
        if let task = nextVersionToExecute(queue: q, claim: &claim) { return task }
        releaseTokens(&claim)
        return nil
    }

    /// `nextTask` for a scheduler that claims one position at a time and validates one
    /// transaction at a time (tests): nothing stays claimed, no token stays spare.
    func nextTask(queue q: Int) -> SchedulerTask? {
        precondition(executionChunk == 1 && validationBatch == 1, "a batching scheduler needs the worker's claim")
        var claim = WorkerClaim()
        let task = nextTask(queue: q, claim: &claim)
        releaseTokens(&claim)
        return task
    }

    /// The transaction this worker will probably run `offset` after its current one: from its
    /// claim, else from the chunk it will probably claim next — the one at queue `q`'s cursor
    /// now. A guess for announcing (`BlockSTMExecutor.Run.announce`): another worker may take
    /// that chunk first, or the cursor may be lowered.
    ///
    /// Why past the claim: without it, the last transactions of every claim announced
    /// nothing, and the first ones of the next claim started with every miss their
    /// announcement would have overlapped.
    @inline(__always)
    func upcoming(_ claim: WorkerClaim, queue q: Int, offset: Int) -> Int? {
        let p = claim.next + offset
        if p < claim.end { return transaction(queue: q, at: p) }
        let guess = cursor(q).pointee.load(ordering: .relaxed) + (p - claim.end)
        return guess < queueLength(q) ? transaction(queue: q, at: guess) : nil
    }

    /// Starts loading transaction `tx`'s status and its lock, owned (see
    /// `BlockSTMExecutor.Run.announce`). A method here, not `scheduler.txs.prefetch` at the
    /// caller: reaching the array through another object retained and released it, two
    /// locked instructions per transaction on the array's header line, which every worker
    /// reads and so pulled from core to core (in profiles of the same blocks, those two took
    /// three times the samples at two threads that they took at one).
    @inline(__always)
    func prefetchStatus(_ tx: Int) {
        txs.prefetch(tx)
    }

    /// The lowest transaction index some queue has not started yet.
    private func frontier() -> Int {
        var low = Int.max
        for q in 0..<queueCount { low = min(low, transaction(queue: q, at: cursor(q).pointee.load(ordering: .relaxed))) }
        return low
    }

    /// Marks the block done if it is. Call only without spare tokens (`releaseTokens`): the
    /// caller's own would keep the active-task count above zero.
    private func checkDone() {
        let observed = decreaseCount.pointee.load(ordering: .acquiring)
        for q in 0..<queueCount where cursor(q).pointee.load(ordering: .acquiring) < queueLength(q) { return }
        guard validationIndex.pointee.load(ordering: .acquiring) >= count,
              activeTasks.pointee.load(ordering: .acquiring) == 0,
              decreaseCount.pointee.load(ordering: .acquiring) == observed else { return }
        doneFlag.pointee.store(1, ordering: .releasing)
    }

    private func tryIncarnate(_ tx: Int) -> Int? {
        updateState(tx) { s -> Int? in
            guard s.status == .ready else { return nil }
            s.status = .executing
            return Int(s.incarnation)
        }
    }

    /// Claims the next `executionChunk` positions of queue `q` (fewer at its end), each
    /// covered by an active-task token until it is started or found not ready.
    private func claimExecutions(queue q: Int, into claim: inout WorkerClaim) {
        let length = queueLength(q)
        if cursor(q).pointee.load(ordering: .acquiring) >= length {
            releaseTokens(&claim)
            checkDone()
            return
        }
        let k = executionChunk
        let fromSpares = min(claim.spareTokens, k)
        claim.spareTokens -= fromSpares
        if k > fromSpares { activeTasks.pointee.add(k - fromSpares, ordering: .acquiringAndReleasing) }
        let p = cursor(q).pointee.add(k, ordering: .acquiringAndReleasing).oldValue
        let taken = max(0, min(p + k, length) - p)
        if let chunkOwners, taken > 0 {
            // A claim from a chunk's first position owns it; one from the middle (the cursor
            // was lowered) leaves both chunks it touches to anyone.
            if p % k == 0 {
                chunkOwners[p / k].store(claim.worker, ordering: .relaxed)
            } else {
                chunkOwners[p / k].store(-1, ordering: .relaxed)
                if (p + taken - 1) / k != p / k { chunkOwners[(p + taken - 1) / k].store(-1, ordering: .relaxed) }
            }
        }
        claim.spareTokens += k - taken
        claim.next = p
        claim.end = p + taken
    }

    /// The first claimed transaction that is ready to run. A claimed transaction may have been
    /// started meanwhile by another worker (the cursor was lowered below it and the position
    /// claimed again): it is skipped.
    private func nextVersionToExecute(queue q: Int, claim: inout WorkerClaim) -> SchedulerTask? {
        while !claim.isEmpty {
            let tx = Int(queueTxs[queueStart[q] + claim.next])
            claim.next += 1
            if let incarnation = tryIncarnate(tx) { return .execute(tx: tx, incarnation: incarnation) }
            returnToken(&claim)
        }
        return nil
    }

    /// Moves the validation index past up to `validationBatch` transactions with one
    /// compare-and-swap and returns the first validation of that claim.
    ///
    /// The validation index stops at a transaction whose first incarnation is still running
    /// instead of passing it (the paper's fetch-and-increment skips every unexecuted one).
    /// Passing it bought nothing: a first incarnation writes only new locations, so its end
    /// pulled the index back and every validation done beyond it was done again; with 8
    /// workers on 2 cores a block of 10,000 transfers was validated three times over, ERC-20
    /// six times. A re-execution is passed as before: it usually rewrites the same locations
    /// (no pull-back), and validating beyond it finds the next conflicts early under contention.
    private func claimValidations(_ claim: inout WorkerClaim) -> SchedulerTask? {
        var tx = validationIndex.pointee.load(ordering: .acquiring)
        if tx >= count {
            releaseTokens(&claim)
            checkDone()
            return nil
        }
        reserveToken(&claim)   // covers the claim from its compare-and-swap until a validation starts
        while tx < count {
            var end = tx
            var limit = min(count, tx + validationBatch)
            if chunkOwners != nil && claim.worker >= 0 {
                // Stop at the next chunk another worker owns (`validationPrefersOwner`).
                var boundary = (tx / executionChunk + 1) * executionChunk
                while boundary < limit {
                    let o = owner(ofChunkAt: boundary)
                    if o >= 0 && o != claim.worker { limit = boundary; break }
                    boundary += executionChunk
                }
            }
            while end < limit {
                let (incarnation, status) = status(end)
                if status != .executed && incarnation == 0 { break }
                end += 1
            }
            if end == tx { break }
            let (claimed, current) = validationIndex.pointee.compareExchange(
                expected: tx, desired: end, ordering: .acquiringAndReleasing)
            if claimed {
                claim.validateNext = tx
                claim.validateEnd = end
                if let task = nextClaimedValidation(&claim) { return task }
                tx = end   // every transaction of the claim is being re-executed: claim further
            } else {
                tx = current
            }
        }
        return nil
    }

    /// The next claimed validation whose transaction is executed; the others are skipped (a
    /// re-execution validates itself when it finishes behind the validation index).
    ///
    /// "Not executed" is read again under the transaction's lock before it is skipped
    /// (`snapshots` says why). Only re-executions in flight take this path, so it stays rare.
    private func nextClaimedValidation(_ claim: inout WorkerClaim) -> SchedulerTask? {
        while claim.hasValidations {
            let tx = claim.validateNext
            claim.validateNext += 1
            var (incarnation, status) = status(tx)
            if status != .executed {
                (incarnation, status) = txs.withLock(tx) { s in (Int(s.incarnation), s.status) }
            }
            if status == .executed {
                takeToken(&claim)
                return .validate(tx: tx, incarnation: incarnation)
            }
        }
        return nil
    }

    // MARK: Index decreases

    private func decreaseExecution(to tx: Int) {
        cursor(Int(queueOf[tx])).pointee.min(Int(positionOf[tx]), ordering: .acquiringAndReleasing)
        decreaseCount.pointee.add(1, ordering: .acquiringAndReleasing)
    }

    private func decreaseValidation(to tx: Int) {
        validationIndex.pointee.min(tx, ordering: .acquiringAndReleasing)
        decreaseCount.pointee.add(1, ordering: .acquiringAndReleasing)
    }

    // MARK: Reporting back

    /// Incarnation of `tx` read an ESTIMATE of `blocking` (< `tx`). Returns true when `tx` now
    /// waits on `blocking` (its task is over), false when `blocking` has meanwhile finished
    /// executing and `tx` should simply run again.
    func addDependency(_ tx: Int, on blocking: Int, claim: inout WorkerClaim) -> Bool {
        precondition(blocking < tx, "a transaction can only depend on an earlier one")
        let added = txs.withLock(blocking) { b -> Bool in
            if b.status == .executed { return false }
            // Lock order: lower transaction first, everywhere.
            updateState(tx) { $0.status = .aborting }
            nextDependent[tx] = b.firstDependent
            b.firstDependent = Int32(tx)
            return true
        }
        if added { returnToken(&claim) }
        return added
    }

    private func setReady(_ tx: Int) {
        updateState(tx) { s in
            s.incarnation += 1
            s.status = .ready
        }
    }

    /// Incarnation `incarnation` of `tx` has recorded its writes. Returns the validation of
    /// `tx` itself when it can be done right away.
    func finishExecution(_ tx: Int, incarnation: Int, wroteNewLocation: Bool, claim: inout WorkerClaim) -> SchedulerTask? {
        var indexSeenEarly = 0
        var d = updateState(tx) { s -> Int32 in
            if reordersExecutedStatus {
                indexSeenEarly = validationIndex.pointee.load(ordering: .acquiring)
                if Int.random(in: 0..<8) == 0 { usleep(UInt32.random(in: 1...40)) }
            }
            s.status = .executed
            let first = s.firstDependent
            s.firstDependent = -1
            return first
        }
        while d >= 0 {
            // The link first: once ready, `d` may run and park itself on another list.
            let next = nextDependent[Int(d)]
            setReady(Int(d))
            decreaseExecution(to: Int(d))   // after `setReady`: whoever claims it finds it ready
            d = next
        }
        let index = reordersExecutedStatus ? indexSeenEarly : validationIndex.pointee.load(ordering: .acquiring)
        if index > tx {
            if wroteNewLocation {
                decreaseValidation(to: tx)
            } else {
                return .validate(tx: tx, incarnation: incarnation)
            }
        }
        returnToken(&claim)
        return nil
    }

    /// A validation of `tx` failed: abort incarnation `incarnation` unless it already was.
    /// Only the first validator to get here aborts it (and turns its writes into ESTIMATEs).
    func tryValidationAbort(_ tx: Int, incarnation: Int) -> Bool {
        updateState(tx) { s -> Bool in
            guard s.incarnation == incarnation && s.status == .executed else { return false }
            s.status = .aborting
            return true
        }
    }

    /// A validation of `tx` is over. When it aborted the incarnation, every later transaction
    /// is validated again (the rest of the worker's validation claim is dropped: the index is
    /// back below it) and `tx` is re-executed: right away by this worker when it executes
    /// from `tx`'s queue and that queue's cursor has passed `tx`, else by the queue's owner.
    func finishValidation(_ tx: Int, aborted: Bool, queue q: Int, claim: inout WorkerClaim) -> SchedulerTask? {
        if aborted {
            claim.validateNext = claim.validateEnd
            setReady(tx)
            decreaseValidation(to: tx + 1)
            let owner = Int(queueOf[tx])
            if cursor(owner).pointee.load(ordering: .acquiring) > Int(positionOf[tx]) {
                if owner == q {
                    if let incarnation = tryIncarnate(tx) { return .execute(tx: tx, incarnation: incarnation) }
                } else {
                    decreaseExecution(to: tx)
                }
            }
        }
        returnToken(&claim)
        return nil
    }
}
