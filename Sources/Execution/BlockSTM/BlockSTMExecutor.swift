import Foundation
import Synchronization
import Primitives
import StateAccess
import Blocks
import EVM

/// Block-STM: optimistic parallel execution of a block that yields exactly the sequential
/// outcome (Gelashvili et al., "Block-STM", PPoPP 2023; Aptos' block executor and pevm).
///
/// The algorithm, and the file behind each step:
/// 1. Every worker of the pool (`Workers/WorkerPool.swift`) asks the collaborative scheduler
///    (`Scheduler.swift`) for a task: execute the next ready transaction, or validate the next
///    executed one, lowest index first.
/// 2. Execution runs one incarnation of transaction `i` on the worker's own EVM through a
///    `VersionedView` (`VersionedView.swift`): each read resolves in the multi-version memory
///    (`MVMemory.swift`) to the highest version written below `i` (or the pre-block state) and
///    is recorded in the incarnation's read set. Lazy credits are balance deltas, summed only
///    when an account is really read; fees to the coinbase, and payments to the block's hot
///    payees, are kept per transaction and summed only by a transaction that reads that
///    account's balance (lazy beneficiary, `Credit` in MVMemory.swift, `LazyAccounts`).
///    The memory and the read/write-location sets live in a `BlockSTMWorkspace` the executor
///    keeps between blocks.
/// 3. A read that meets an ESTIMATE of transaction `b` stops the incarnation
///    (`StateViewError.blocked`); the scheduler parks `i` on `b`'s dependency list and `b`'s
///    next execution makes `i` ready again (`Scheduler.addDependency`, `finishExecution`).
/// 4. A finished incarnation records its write set as versions (`MVMemory.record`); if it wrote
///    a location the previous incarnation did not, every later transaction is validated again.
/// 5. Validation re-reads the read set and compares values (`VersionedView.validate`); on a
///    difference the incarnation is aborted, its versions become ESTIMATEs
///    (`MVMemory.markEstimates`) and the transaction runs again with the next incarnation.
/// 6. When the scheduler reports done, every transaction's last incarnation is valid: the
///    results are settled with the sequential executor's rules (cumulative gas, receipts and
///    logs, rejections, the block gas limit) by the workers as they leave the scheduler, in
///    chunks (`settleInParallel`, `ParallelSettle.swift`). A block where some transaction no
///    longer fits the block gas limit is settled in block order on the calling thread
///    (`settle` below): a transaction the sequential executor would reject for the block gas
///    limit but that ran as included here invalidates everything after it, and from there on
///    the block is re-executed sequentially on top of the settled prefix (counted in
///    `ExecutionStats.sequentialReexecutions`).
///
/// 7. Contention fallback (`ContentionPolicy`): when conflicts (aborts and dependency waits)
///    exceed a share of the executions, the block is essentially a chain and optimism only
///    adds re-executions. The workers stop; the longest prefix whose last incarnations are
///    executed and still validate is kept, and the rest runs sequentially on top of it (the
///    same path as the gas-limit case; reported in `sequentialFallback`).
///
/// The shard-affine strategy (`ShardAffine/ShardAffineExecutor.swift`) is this same machine
/// with one execution queue per worker instead of one shared queue.
enum BlockSTMExecutor {
    /// Runs `program` on all workers of `pool`. `queues` are the scheduler's execution queues
    /// and `queueOfWorker[w]` the queue worker `w` executes from. `executionChunk`: positions
    /// per claim (`WorkerClaim`), nil to size it from the block (`Run.executionChunk`).
    static func execute<P: BlockProgram>(_ program: P, base: any StateView, pool: WorkerPool,
                                         queues: [[Int32]], queueOfWorker: [Int], lookahead: Int = Int.max,
                                         contention: ContentionPolicy? = .default, executionChunk: Int? = nil,
                                         workspace: BlockSTMWorkspace = BlockSTMWorkspace(),
                                         footprints: Bool = true,
                                         reordersExecutedStatus: Bool = false,
                                         settleChunk: Int = ParallelSettle.chunkSize) throws(ExecutionInterrupt) -> BlockOutcome {
        let clock = ContinuousClock.now
        workspace.prepare(transactionCount: program.transactionCount, beneficiary: program.beneficiary,
                          hotPayees: program.hotPayees(limit: LazyAccounts.capacity - 1), workers: pool.count,
                          footprints: footprints)
        let chunk = executionChunk ?? Run<P>.executionChunk(transactions: program.transactionCount, workers: queueOfWorker.count)
        let run = Run(program: program, base: SharedBase(view: base), queues: queues, queueOfWorker: queueOfWorker,
                      lookahead: lookahead, contention: contention, executionChunk: chunk, workspace: workspace,
                      reordersExecutedStatus: reordersExecutedStatus, settleChunk: settleChunk)
        // The receipts and write sets the workers settle into (`ParallelSettle`), with room for
        // every transaction; they keep what was settled, nothing when the block was left to
        // the serial paths below.
        let settle = run.parallelSettle, n = program.transactionCount
        var writeSets: [WriteSet] = []
        let receipts = [Receipt](unsafeUninitializedCapacity: n) { receiptBuffer, receiptCount in
            writeSets = [WriteSet](unsafeUninitializedCapacity: n) { writeSetBuffer, writeSetCount in
                settle.receipts = receiptBuffer.baseAddress
                settle.writeSets = writeSetBuffer.baseAddress
                pool.run { worker in run.work(worker: worker) }
                writeSetCount = settle.verdict == .settles ? settle.includedCount : 0
            }
            receiptCount = writeSets.count
        }
        if settle.verdict == .settles {
            var outcome = BlockOutcome()
            outcome.stats = run.stats.withLock { $0 }
            outcome.receipts = receipts
            outcome.writeSets = writeSets
            outcome.rejected = settle.rejections.withLock { $0 }.sorted { $0.index < $1.index }
            outcome.gasUsed = settle.totalGas
            let end = ContinuousClock.now
            outcome.stats.executionNanoseconds = nanoseconds(from: clock, to: end)
            outcome.stats.phases = run.phaseClock.withLock { $0 }.phases(called: clock, ended: end)
            return outcome
        }
        if run.failure.withLock({ $0 }) != nil {
            // Something other than a dependency stopped an incarnation (an unsupported feature):
            // the sequential run reports it exactly as the sequential executor would, or, if it
            // came from an inconsistent speculative state, produces the right outcome anyway.
            run.results.clear(0..<program.transactionCount, to: nil)
            var outcome = try GenericSequential.execute(program, base: base, memory: workspace.overlayMemory)
            outcome.stats.sequentialFallback = "parallel execution interrupted; re-executed sequentially"
            return outcome
        }
        if run.footprintEscape.load(ordering: .acquiring) {
            // A transaction touched an account it did not declare: what the run skipped may
            // have been read. Its results go, and the block runs again with full versioning;
            // the time and executions of both runs are reported.
            run.results.clear(0..<program.transactionCount, to: nil)
            let wasted = run.stats.withLock { $0.executions }
            var outcome = try execute(program, base: base, pool: pool, queues: queues, queueOfWorker: queueOfWorker,
                                      lookahead: lookahead, contention: contention, executionChunk: executionChunk,
                                      workspace: workspace, footprints: false, reordersExecutedStatus: reordersExecutedStatus,
                                      settleChunk: settleChunk)
            outcome.stats.executions += wasted
            outcome.stats.footprintFallback = "a transaction touched an account outside its declared sender and recipient; "
                + "\(wasted) executions dropped and the block run again without footprints"
            outcome.stats.executionNanoseconds = nanoseconds(since: clock)
            outcome.stats.phases = nil   // two runs: the second one's phases would not add up to the time
            return outcome
        }
        var outcome: BlockOutcome
        if run.contentionHalt.load(ordering: .acquiring) {
            let prefix = run.validPrefix()
            outcome = try run.settle(validUpTo: prefix)
            outcome.stats.sequentialFallback = "contention: \(run.conflicts.value.load(ordering: .relaxed)) conflicts in \(run.attempts.value.load(ordering: .relaxed)) executions; transactions \(prefix)..< run sequentially"
        } else {
            outcome = try run.settle(validUpTo: program.transactionCount)
        }
        let end = ContinuousClock.now
        outcome.stats.executionNanoseconds = nanoseconds(from: clock, to: end)
        outcome.stats.phases = run.phaseClock.withLock { $0 }.phases(called: clock, ended: end)
        return outcome
    }

    /// One block's execution state, shared by the workers.
    final class Run<P: BlockProgram>: Sendable {
        let program: P
        let base: SharedBase
        let memory: MVMemory
        let scheduler: Scheduler
        /// Per transaction: its last incarnation's reads and written locations and its result,
        /// both kept between blocks (`BlockSTMWorkspace`). Every result is moved out by
        /// `settleInParallel` or `settle`, or dropped by `reexecute` (or by the failure path), so
        /// the next block finds the slots empty.
        let workspace: BlockSTMWorkspace
        let records: LockedArray<BlockSTMWorkspace.TxRecord>
        let results: OrderedSlots<TxResult<P.Runner.Output>?>
        let queueOfWorker: [Int]
        let stats = Locked(ExecutionStats())
        let failure = Locked<ExecutionInterrupt?>(nil)
        let contention: ContentionPolicy?
        /// Execution attempts and conflicts (aborts + dependency waits), for the contention policy.
        /// Workers add their attempts in batches (`AttemptBatch`).
        let attempts = PaddedAtomic(0)
        let conflicts = PaddedAtomic(0)
        let contentionHalt = Atomic<Bool>(false)
        /// Set when an incarnation touched an account outside its declared footprint.
        let footprintEscape = Atomic<Bool>(false)
        let footprints: DeclaredFootprints
        /// The settle the workers share when the block ends without a halt.
        let parallelSettle: ParallelSettle
        /// When worker 0 started, ended its setup and left the scheduler loop (`ParallelPhases`).
        /// Written by worker 0, which is the calling thread, and read by it after the run.
        let phaseClock = Locked(PhaseClock())

        init(program: P, base: SharedBase, queues: [[Int32]], queueOfWorker: [Int], lookahead: Int, contention: ContentionPolicy?,
             executionChunk: Int, workspace: BlockSTMWorkspace, reordersExecutedStatus: Bool, settleChunk: Int) {
            let n = program.transactionCount
            self.program = program
            self.base = base
            self.contention = contention
            self.memory = workspace.memory
            self.records = workspace.records
            self.workspace = workspace
            self.footprints = workspace.footprints
            // Validation trails execution by a chunk and is claimed up to two chunks at a time
            // (`WorkerClaim`): one step of the shared validation index per transaction was
            // most of what a second worker added on low-contention blocks. A chunk is
            // validated by the worker that executed it (`Scheduler.validationPrefersOwner`).
            self.scheduler = Scheduler(count: n, queues: queues, lookahead: lookahead, executionChunk: executionChunk,
                                       validationBatch: 2 * executionChunk, validationLag: executionChunk,
                                       validationPrefersOwner: true, reordersExecutedStatus: reordersExecutedStatus)
            self.results = workspace.resultSlots(count: n, empty: nil)
            self.queueOfWorker = queueOfWorker
            self.parallelSettle = ParallelSettle(transactionCount: n, chunkSize: settleChunk)
        }

        /// Up to 16 positions per claim (`WorkerClaim`), fewer when the block is small for its
        /// workers: every worker should get at least 16 claims, or one claim holds back the
        /// rest of a short block.
        static func executionChunk(transactions n: Int, workers: Int) -> Int {
            max(1, min(16, n / (16 * max(1, workers))))
        }

        /// The loop of one worker until the scheduler is done.
        func work(worker: Int) {
            let started = worker == 0 ? ContinuousClock.now : nil
            // The footprint build reads every transaction's first line in order, a miss each:
            // each transaction is announced eight ahead, whole (its execution copies all of it
            // later, from the last-level cache then). Two-thread transfers took 0.93–0.94 of
            // the time (10,000 transactions; 5,000: 0.96).
            workspace.finishClearing(footprint: { [program] in
                program.announceTransaction($0 + 8)
                return program.footprint($0)
            })
            let usesFootprints = workspace.usesFootprints
            let setUp = worker == 0 ? ContinuousClock.now : nil
            let queue = queueOfWorker[worker]
            let runner = program.makeRunner()
            let view = VersionedView(memory: memory, base: base.view)
            let readArena = workspace.readArenas[worker], keyArena = workspace.keyArenas[worker]
            var keys: [MVKey] = []
            var local = ExecutionStats()
            var batch = AttemptBatch()
            var claim = WorkerClaim(worker: worker)
            var task: SchedulerTask? = nil
            // The plan of the transaction announced next (`announce`), for its execution.
            var announced = (tx: -1, plan: FootprintPlan.inactive)
            var idle = 0
            while !scheduler.isDone {
                if task == nil { task = scheduler.nextTask(queue: queue, claim: &claim) }
                guard let current = task else {
                    Backoff.pause(&idle)
                    continue
                }
                idle = 0
                switch current {
                case .execute(let tx, let incarnation):
                    let plan = !usesFootprints ? .inactive : announced.tx == tx ? announced.plan : plan(tx)
                    if incarnation == 0 {
                        announce(near: scheduler.upcoming(claim, queue: queue, offset: 0),
                                 far: scheduler.upcoming(claim, queue: queue, offset: 1), footprints: usesFootprints,
                                 plan: &announced)
                    }
                    task = execute(tx, incarnation: incarnation, plan: plan,
                                   runner: runner, view: view, keys: &keys,
                                   arenas: (readArena, keyArena), stats: &local, batch: &batch, claim: &claim)
                case .validate(let tx, let incarnation):
                    task = validate(tx, incarnation: incarnation, queue: queue, stats: &local, batch: &batch, claim: &claim)
                }
            }
            attempts.value.add(batch.pending, ordering: .relaxed)   // for the fallback's report
            if let started, let setUp {
                let looped = ContinuousClock.now
                phaseClock.withLock { $0 = PhaseClock(started: started, setUp: setUp, looped: looped) }
            }
            settleInParallel()
            stats.withLock { s in
                s.executions += local.executions
                s.aborts += local.aborts
                s.validations += local.validations
                s.validationFailures += local.validationFailures
                s.dependencyWaits += local.dependencyWaits
                s.unloggedReads += local.unloggedReads
                s.unversionedWrites += local.unversionedWrites
            }
        }

        /// What transaction `tx` may skip under declared footprints (`DeclaredFootprints`): the
        /// same for each of its incarnations.
        @inline(__always)
        private func plan(_ tx: Int) -> FootprintPlan {
            guard let f = program.footprint(tx) else { return .inactive }   // (every one declares one)
            let fromLazy = memory.isLazy(f.from), toLazy = memory.isLazy(f.to)
            var p = FootprintPlan()
            p.active = true
            p.footprint = f
            p.readsFromBase = (!fromLazy && footprints.isFirst(f.from, tx: tx), !toLazy && footprints.isFirst(f.to, tx: tx))
            p.unversioned = (!fromLazy && footprints.isLast(f.from, tx: tx), !toLazy && footprints.isLast(f.to, tx: tx))
            return p
        }

        /// Stops the run: an incarnation left its footprint (see `execute(_:base:…)`).
        private func escapeFootprints() -> SchedulerTask? {
            footprintEscape.store(true, ordering: .releasing)
            scheduler.halt()
            return nil
        }

        private func execute(_ tx: Int, incarnation: Int, plan: FootprintPlan, runner: P.Runner, view: VersionedView,
                             keys: inout [MVKey], arenas: (reads: RecordArena<ReadRecord>, keys: RecordArena<MVKey>),
                             stats: inout ExecutionStats, batch: inout AttemptBatch, claim: inout WorkerClaim) -> SchedulerTask? {
            while true {
                stats.executions += 1
                batch.pending += 1
                if batch.pending == AttemptBatch.size { publish(&batch) }
                view.begin(tx: tx, plan: plan)
                stats.unloggedReads += plan.unloggedReadCount
                stats.unversionedWrites += plan.unversionedWriteCount
                let result: TxResult<P.Runner.Output>
                do {
                    result = try runner.execute(tx, view: view)
                } catch .blocked(let blocking) {
                    if view.escaped { return escapeFootprints() }
                    stats.aborts += 1
                    conflicts.value.add(1, ordering: .relaxed)
                    publish(&batch)
                    if scheduler.addDependency(tx, on: blocking, claim: &claim) {
                        stats.dependencyWaits += 1
                        return nil
                    }
                    continue // the blocking transaction finished meanwhile: run again at once
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    scheduler.halt()
                    return nil
                }
                // Taken apart and put back together by moving: reading the write set out of a
                // borrowed result copied the whole result.
                // The store stays in each branch: building the result in a variable first and
                // storing it once was 4% slower on one thread (transfers).
                // An escape from the footprint is checked after the result is stored (the
                // escape path drops every result): checked inside the switch, the early exit
                // made the compiler copy each result before storing it.
                let wroteNew: Bool
                var wroteOutside = false
                switch consume result {
                case .included(let output, let gasUsed, let writes):
                    wroteNew = record(tx, incarnation: incarnation, writes: writes, view: view, keys: &keys, arenas: arenas,
                                      wroteOutside: &wroteOutside)
                    parallelSettle.gas[tx] = .init(used: gasUsed, limit: program.gasLimit(tx))
                    store(.included(output, gasUsed: gasUsed, writeSet: writes), tx: tx, incarnation: incarnation)
                case .rejected(let reason):
                    wroteNew = record(tx, incarnation: incarnation, writes: WriteSet(), view: view, keys: &keys, arenas: arenas,
                                      wroteOutside: &wroteOutside)
                    parallelSettle.gas[tx] = .init(used: ParallelSettle.rejected, limit: program.gasLimit(tx))
                    store(.rejected(reason: reason), tx: tx, incarnation: incarnation)
                }
                if view.escaped || wroteOutside { return escapeFootprints() }
                return scheduler.finishExecution(tx, incarnation: incarnation, wroteNewLocation: wroteNew, claim: &claim)
            }
        }

        /// Stores an incarnation's result in its slot. A first incarnation's slot still holds the
        /// `nil` every slot is left with between blocks (only a finished incarnation stores a
        /// result): filled without reading it (`OrderedSlots.fill`).
        @inline(__always)
        private func store(_ result: consuming TxResult<P.Runner.Output>, tx: Int, incarnation: Int) {
            if incarnation == 0 { results.fill(tx, result) } else { results.set(tx, result) }
        }

        /// Records an incarnation's writes as versions and its reads and written locations as the
        /// transaction's record; whether it wrote a location the previous incarnation did not.
        @inline(__always)
        private func record(_ tx: Int, incarnation: Int, writes: WriteSet, view: VersionedView, keys: inout [MVKey],
                            arenas: (reads: RecordArena<ReadRecord>, keys: RecordArena<MVKey>), wroteOutside: inout Bool) -> Bool {
            // A first incarnation has no previous locations (the workspace cleared them).
            let wroteNew = memory.record(tx: tx, incarnation: incarnation, writes: writes,
                                         previous: incarnation == 0 ? BlockSTMWorkspace.TxRecord().keys : records.withLock(tx) { $0.keys },
                                         base: base.view, keys: &keys, plan: view.plan, wroteOutside: &wroteOutside)
            let record = BlockSTMWorkspace.TxRecord(reads: arenas.reads.store(view.reads), keys: arenas.keys.store(keys))
            records.withLock(tx) { $0 = record }
            return wroteNew
        }

        /// Block-STM's per-transaction state is spread over several arrays (scheduler status,
        /// read/write record, result, fee) and its per-account state over the filter, the
        /// multi-version tables and the ledger; for a transaction not seen yet in this block each
        /// is a cache miss. As a worker starts transaction `tx` it announces them for `near`, the
        /// transaction it runs next (from its claim, `WorkerClaim`, or at its end the chunk it
        /// will probably claim next, `Scheduler.upcoming`), and locates those of `far`, the one
        /// after, so the misses overlap this execution. Each transaction's sure reads are
        /// walked once, for the memory and the ledger together. `near` itself is announced
        /// whole: its execution starts by copying it (transfers and ERC-20 took 0.97–0.98 of
        /// the time at one and two threads, eight alternating rounds).
        ///
        /// Under declared footprints, `far`'s footprint buckets too, and `near`'s plan is made
        /// here (into `plan`, for its execution): an account it reads from the pre-block state
        /// and versions no write of is not announced to the multi-version memory. Why: those
        /// announcements (a table bucket of three lines per account) were a third of what the
        /// worker loop itself cost, for accounts the transaction never looks up there.
        @inline(__always)
        private func announce(near: Int?, far: Int?, footprints usesFootprints: Bool,
                              plan announced: inout (tx: Int, plan: FootprintPlan)) {
            if let next = near {
                program.announceTransaction(next)
                scheduler.prefetchStatus(next)
                records.prefetch(next)
                results.prefetch(next)
                memory.announce(tx: next)
                let p = usesFootprints ? plan(next) : .inactive
                if usesFootprints { announced = (next, p) }
                program.forEachSureRead(next) {
                    if !(p.readsFromBase($0) && p.isUnversioned($0)) { memory.announceAccount($0, .load) }
                    base.view.prefetch($0, .load)
                }
            }
            if let far {
                program.forEachSureRead(far) {
                    if usesFootprints { footprints.prefetch($0) }
                    memory.announceAccount($0, .locate); base.view.prefetch($0, .locate)
                }
            }
        }

        /// Adds a worker's pending attempts to the shared count and applies the contention policy.
        /// Called every `AttemptBatch.size` executions and at every conflict, so a block whose
        /// conflicts pile up is caught at the conflict that tips the ratio.
        private func publish(_ batch: inout AttemptBatch) {
            let attempt = attempts.value.add(batch.pending, ordering: .relaxed).newValue
            batch.pending = 0
            if let policy = contention, attempt >= policy.minimumExecutions,
               Double(conflicts.value.load(ordering: .relaxed)) > policy.maximumConflictRatio * Double(attempt) {
                contentionHalt.store(true, ordering: .releasing)
                scheduler.halt()
            }
        }

        private func validate(_ tx: Int, incarnation: Int, queue: Int, stats: inout ExecutionStats,
                              batch: inout AttemptBatch, claim: inout WorkerClaim) -> SchedulerTask? {
            stats.validations += 1
            let reads = records.withLock(tx) { $0.reads }
            let valid = VersionedView.validate(reads, tx: tx, memory: memory, base: base.view)
            var aborted = false
            if !valid {
                stats.validationFailures += 1
                aborted = scheduler.tryValidationAbort(tx, incarnation: incarnation)
                if aborted {
                    stats.aborts += 1
                    conflicts.value.add(1, ordering: .relaxed)
                    publish(&batch)
                    memory.markEstimates(tx: tx, keys: records.withLock(tx) { $0.keys })
                }
            }
            return scheduler.finishValidation(tx, aborted: aborted, queue: queue, claim: &claim)
        }

        /// After a halt (all workers stopped): how many leading transactions have a final result.
        /// Transaction `i` qualifies when all before it do, its last incarnation has finished
        /// (status executed) and its reads still validate: its versions below it are then all
        /// final, so validation is exact.
        func validPrefix() -> Int {
            for i in 0..<program.transactionCount {
                guard scheduler.status(i).status == .executed else { return i }
                let reads = records.withLock(i) { $0.reads }
                guard VersionedView.validate(reads, tx: i, memory: memory, base: base.view) else { return i }
            }
            return program.transactionCount
        }

        /// A worker's share of the settle (`ParallelSettle`), once the scheduler is done: nothing
        /// when the run was halted (a failure, an escape from the footprints, contention: the
        /// calling thread takes over) or when pass 1 leaves the block to the serial `settle`.
        /// Each included transaction's receipt and write set go to the position pass 1 gave
        /// them, with the sequential executor's cumulative gas.
        private func settleInParallel() {
            guard !footprintEscape.load(ordering: .acquiring), !contentionHalt.load(ordering: .acquiring),
                  failure.withLock({ $0 }) == nil else { return }
            let settle = parallelSettle
            let verdict = settle.sumChunks(blockGasLimit: program.blockGasLimit)
            guard verdict == .settles, let receipts = settle.receipts, let writeSets = settle.writeSets else { return }
            while let chunk = settle.claimChunk() {
                var position = chunk.firstReceipt
                var gas = chunk.gasBefore
                for index in chunk.transactions {
                    results.prefetch(index + 8)
                    program.announceTransaction(index + 8)
                    guard let result = results.take(index, leaving: nil) else {
                        preconditionFailure("Block-STM finished without a result for transaction \(index)")
                    }
                    switch consume result {
                    case .rejected(let reason):
                        settle.rejections.withLock { $0.append(Rejection(index: index, reason: reason)) }
                    case .included(let output, let gasUsed, let writeSet):
                        gas += gasUsed
                        (receipts + position).initialize(to: program.receipt(index: index, output: consume output,
                                                                             gasUsed: gasUsed, cumulativeGasUsed: gas))
                        (writeSets + position).initialize(to: writeSet)
                        position += 1
                    }
                }
            }
        }

        /// Block-level facts in block order, with the sequential executor's exact rules. The
        /// results of transactions `validUpTo...` are not final: from there (or from an earlier
        /// transaction the block gas limit rejects but that ran as included) the rest is
        /// executed sequentially on top of the settled prefix.
        func settle(validUpTo: Int) throws(ExecutionInterrupt) -> BlockOutcome {
            var outcome = BlockOutcome()
            outcome.stats = stats.withLock { $0 }
            let n = program.transactionCount
            outcome.receipts.reserveCapacity(n)
            outcome.writeSets.reserveCapacity(n)
            for index in 0..<n {
                // Each slot was written by whichever worker ran the transaction, and each
                // transaction was last read a block of work ago: start the misses a few
                // transactions ahead.
                results.prefetch(index + 8)
                program.announceTransaction(index + 8)
                if index >= validUpTo {
                    try reexecute(from: index, into: &outcome)
                    return outcome
                }
                guard let result = results.take(index, leaving: nil) else {
                    preconditionFailure("Block-STM finished without a result for transaction \(index)")
                }
                let gasLimit = program.gasLimit(index)
                if !BlockGasRule.fits(gasLimit: gasLimit, blockGasLimit: program.blockGasLimit, used: outcome.gasUsed) {
                    if case .rejected = result {
                        // Rejected either way and without effects: only the reason differs.
                        outcome.rejected.append(BlockGasRule.rejection(index: index, gasLimit: gasLimit,
                                                                       blockGasLimit: program.blockGasLimit, used: outcome.gasUsed))
                        continue
                    }
                    // It ran and its effects were seen by later transactions: redo the rest in order.
                    try reexecute(from: index, into: &outcome)
                    return outcome
                }
                // Consumed: moving the payload out instead of copying it saves a retain and a
                // release of every array in it (cold cache lines, written by other workers).
                switch consume result {
                case .rejected(let reason):
                    outcome.rejected.append(Rejection(index: index, reason: reason))
                case .included(let output, let gasUsed, let writeSet):
                    outcome.gasUsed += gasUsed
                    outcome.receipts.append(program.receipt(index: index, output: consume output, gasUsed: gasUsed,
                                                            cumulativeGasUsed: outcome.gasUsed))
                    outcome.writeSets.append(writeSet)
                }
            }
            return outcome
        }

        /// Runs transactions `start...` sequentially over the pre-state plus the settled prefix.
        private func reexecute(from start: Int, into outcome: inout BlockOutcome) throws(ExecutionInterrupt) {
            results.clear(start..<program.transactionCount, to: nil)   // not final, and the slots are kept
            // Sized like the sequential executor's: grown from empty, its tables rehash again and again
            // while the contention fallback runs most of a block.
            let overlay = OverlayState(base: base.view, expectedAccounts: 2 * program.transactionCount + 2,
                                       memory: workspace.overlayMemory)
            for w in outcome.writeSets { overlay.apply(w) }
            let executionsBefore = outcome.stats.executions
            try GenericSequential.run(program, from: start, overlay: overlay, runner: program.makeRunner(), into: &outcome)
            outcome.stats.sequentialReexecutions = outcome.stats.executions - executionsBefore
        }
    }
}

/// A worker's executions not yet added to `Run.attempts`. One shared add per execution was a
/// contended read-modify-write per transaction at low contention, where the policy never fires;
/// attempts still unpublished by other workers (fewer than `size` each) make the ratio a
/// little higher than exact, which only matters near the threshold.
struct AttemptBatch {
    static let size = 16
    var pending = 0
}

/// When Block-STM gives up on a block: more than `maximumConflictRatio` conflicts (aborts and
/// dependency waits) per execution once at least `minimumExecutions` have run.
struct ContentionPolicy: Sendable {
    var maximumConflictRatio: Double
    var minimumExecutions: Int
    static let `default` = ContentionPolicy(maximumConflictRatio: 0.2, minimumExecutions: 64)
}

/// Worker 0's stamps of a run (`ParallelPhases`): when it started, when its setup ended, when
/// it left the scheduler loop. All nil until the loop ends.
struct PhaseClock {
    var started: ContinuousClock.Instant? = nil
    var setUp: ContinuousClock.Instant? = nil
    var looped: ContinuousClock.Instant? = nil

    /// The phases of a run called at `called` and returned at `ended`; nil when worker 0 never
    /// left the loop (it always does: a halt ends the loop too).
    func phases(called: ContinuousClock.Instant, ended: ContinuousClock.Instant) -> ParallelPhases? {
        guard let started, let setUp, let looped else { return nil }
        var p = ParallelPhases()
        p.startNanoseconds = nanoseconds(from: called, to: started)
        p.setupNanoseconds = nanoseconds(from: started, to: setUp)
        p.loopNanoseconds = nanoseconds(from: setUp, to: looped)
        p.settleNanoseconds = nanoseconds(from: looped, to: ended)
        return p
    }
}
