import Testing
import Foundation
import Synchronization
import CThreads
import Primitives
import StateAccess
@testable import Execution

/// A task, trying a few times: an attempt can come back empty (it skipped a transaction that
/// was not ready to validate), as it does for the workers, who simply ask again.
func next(_ s: Scheduler, _ q: Int) -> SchedulerTask? {
    for _ in 0..<8 { if let t = s.nextTask(queue: q) { return t } }
    return nil
}

/// One-shot reports for tests that drive the scheduler by hand, as a worker with no claim
/// would make them: the task's token goes straight back to the shared count.
extension Scheduler {
    func finishExecution(_ tx: Int, incarnation: Int, wroteNewLocation: Bool) -> SchedulerTask? {
        var claim = WorkerClaim()
        defer { releaseTokens(&claim) }
        return finishExecution(tx, incarnation: incarnation, wroteNewLocation: wroteNewLocation, claim: &claim)
    }

    func finishValidation(_ tx: Int, aborted: Bool, queue q: Int) -> SchedulerTask? {
        var claim = WorkerClaim()
        defer { releaseTokens(&claim) }
        return finishValidation(tx, aborted: aborted, queue: q, claim: &claim)
    }

    func addDependency(_ tx: Int, on blocking: Int) -> Bool {
        var claim = WorkerClaim()
        defer { releaseTokens(&claim) }
        return addDependency(tx, on: blocking, claim: &claim)
    }
}

@Suite struct SchedulerTests {
    @Test func executesInOrderThenValidates() {
        let s = Scheduler(count: 3)
        #expect(next(s, 0) == .execute(tx: 0, incarnation: 0))
        // Tx 0 executed with a new location while nothing was validated yet: nothing to hand back.
        #expect(s.finishExecution(0, incarnation: 0, wroteNewLocation: true) == nil)
        #expect(next(s, 0) == .validate(tx: 0, incarnation: 0))
        #expect(s.finishValidation(0, aborted: false, queue: 0) == nil)
        #expect(next(s, 0) == .execute(tx: 1, incarnation: 0))
        #expect(next(s, 0) == .execute(tx: 2, incarnation: 0))
        #expect(!s.isDone)
    }

    /// Validation waits at a first incarnation still running instead of passing it (whose end
    /// would pull it back and make every validation beyond it be done again); a re-execution
    /// it passes, and that transaction then validates itself when it finishes.
    @Test func validationWaitsForFirstIncarnations() {
        let s = Scheduler(count: 4)
        #expect(next(s, 0) == .execute(tx: 0, incarnation: 0))
        #expect(next(s, 0) == .execute(tx: 1, incarnation: 0))
        #expect(s.finishExecution(1, incarnation: 0, wroteNewLocation: true) == nil)
        // Tx 0 still runs: no validation of tx 1 yet, the next execution instead.
        #expect(next(s, 0) == .execute(tx: 2, incarnation: 0))
        #expect(s.finishExecution(0, incarnation: 0, wroteNewLocation: true) == nil)
        #expect(next(s, 0) == .validate(tx: 0, incarnation: 0))
        #expect(next(s, 0) == .validate(tx: 1, incarnation: 0))
        #expect(s.tryValidationAbort(1, incarnation: 0))
        // Re-executed at once by the aborting worker.
        #expect(s.finishValidation(1, aborted: true, queue: 0) == .execute(tx: 1, incarnation: 1))
        #expect(s.finishExecution(2, incarnation: 0, wroteNewLocation: true) == nil)
        // Tx 1's re-execution is passed: tx 2 is validated meanwhile.
        #expect(next(s, 0) == .validate(tx: 2, incarnation: 0))
        // Tx 1 finishes behind the validation index and validates itself.
        #expect(s.finishExecution(1, incarnation: 1, wroteNewLocation: false) == .validate(tx: 1, incarnation: 1))
    }

    @Test func dependencyParksAndResumes() {
        let s = Scheduler(count: 2)
        #expect(next(s, 0) == .execute(tx: 0, incarnation: 0))
        #expect(next(s, 0) == .execute(tx: 1, incarnation: 0))
        // Tx 1 read an ESTIMATE of tx 0, which is still executing: it waits.
        #expect(s.addDependency(1, on: 0))
        #expect(s.status(1).status == .aborting)
        #expect(next(s, 0) == nil)   // tx 0 is still executing: nothing to do
    }

    @Test func dependencyOnExecutedTransactionIsRefused() {
        let s = Scheduler(count: 2)
        #expect(next(s, 0) == .execute(tx: 0, incarnation: 0))
        #expect(next(s, 0) == .execute(tx: 1, incarnation: 0))
        _ = s.finishExecution(0, incarnation: 0, wroteNewLocation: true)
        #expect(!s.addDependency(1, on: 0))
        #expect(s.status(1).status == .executing)
    }

    @Test func resumedDependentGetsNextIncarnation() {
        let s = Scheduler(count: 2)
        _ = next(s, 0); _ = next(s, 0)
        #expect(s.addDependency(1, on: 0))
        _ = s.finishExecution(0, incarnation: 0, wroteNewLocation: true)
        #expect(s.status(1) == (1, .ready))
        // The execution cursor went back to tx 1; validation of tx 0 comes first (lower index).
        #expect(next(s, 0) == .validate(tx: 0, incarnation: 0))
        #expect(next(s, 0) == .execute(tx: 1, incarnation: 1))
    }

    @Test func abortingAnAbortedIncarnationFails() {
        let s = Scheduler(count: 1)
        _ = next(s, 0)
        _ = s.finishExecution(0, incarnation: 0, wroteNewLocation: true)
        #expect(s.tryValidationAbort(0, incarnation: 0))
        #expect(!s.tryValidationAbort(0, incarnation: 0))   // a second validator of the same incarnation
        // Re-executed at once by the aborting worker (the cursor has passed tx 0).
        #expect(s.finishValidation(0, aborted: true, queue: 0) == .execute(tx: 0, incarnation: 1))
        #expect(!s.tryValidationAbort(0, incarnation: 0))   // stale incarnation
        _ = s.finishExecution(0, incarnation: 1, wroteNewLocation: false)
        #expect(!s.tryValidationAbort(0, incarnation: 0))
        #expect(s.tryValidationAbort(0, incarnation: 1))
    }

    @Test func terminatesOnlyWhenEverythingIsDone() {
        let s = Scheduler(count: 2)
        var tasks: [SchedulerTask] = []
        // Drive it single-threaded to the end, with every validation passing.
        var guardCount = 0
        while !s.isDone && guardCount < 100 {
            guardCount += 1
            guard var t = s.nextTask(queue: 0) else { continue }
            while true {
                tasks.append(t)
                let next: SchedulerTask?
                switch t {
                case .execute(let tx, let inc): next = s.finishExecution(tx, incarnation: inc, wroteNewLocation: inc == 0)
                case .validate(let tx, _): next = s.finishValidation(tx, aborted: false, queue: 0)
                }
                guard let n = next else { break }
                t = n
            }
        }
        #expect(s.isDone)
        #expect(tasks.filter { if case .execute = $0 { return true } else { return false } }.count == 2)
        #expect(tasks.contains(.validate(tx: 0, incarnation: 0)) && tasks.contains(.validate(tx: 1, incarnation: 0)))
    }

    /// A worker claims several consecutive positions at once and runs them in order; another
    /// worker's claim starts after them; a claimed transaction already started elsewhere (the
    /// cursor was lowered below it) is skipped; and the block still terminates.
    @Test func chunkedClaims() {
        let s = Scheduler(count: 7, queues: [(0..<7).map { Int32($0) }], executionChunk: 3)
        var a = WorkerClaim(), b = WorkerClaim()
        #expect(s.nextTask(queue: 0, claim: &a) == .execute(tx: 0, incarnation: 0))
        #expect(s.upcoming(a, queue: 0, offset: 0) == 1 && s.upcoming(a, queue: 0, offset: 1) == 2)
        // Past its claim, a worker guesses the chunk at the cursor (a's guess is now b's).
        #expect(s.upcoming(a, queue: 0, offset: 2) == 3)
        #expect(s.nextTask(queue: 0, claim: &b) == .execute(tx: 3, incarnation: 0))
        #expect(s.upcoming(b, queue: 0, offset: 1) == 5 && s.upcoming(b, queue: 0, offset: 2) == 6)
        #expect(s.upcoming(b, queue: 0, offset: 3) == nil)   // past the block
        // Tx 3 depends on tx 0, still running, and waits; tx 0's end makes it ready again and
        // lowers the cursor to it: the next fresh claim starts there.
        #expect(s.addDependency(3, on: 0))
        #expect(s.finishExecution(0, incarnation: 0, wroteNewLocation: true) == nil)
        var c = WorkerClaim()
        #expect(s.nextTask(queue: 0, claim: &c) == .validate(tx: 0, incarnation: 0))
        #expect(s.finishValidation(0, aborted: false, queue: 0) == nil)
        // Worker a goes on with its own claim in order.
        #expect(s.nextTask(queue: 0, claim: &a) == .execute(tx: 1, incarnation: 0))
        #expect(s.finishExecution(1, incarnation: 0, wroteNewLocation: true) == nil)
        #expect(s.nextTask(queue: 0, claim: &a) == .validate(tx: 1, incarnation: 0))
        #expect(s.finishValidation(1, aborted: false, queue: 0) == nil)
        #expect(s.nextTask(queue: 0, claim: &a) == .execute(tx: 2, incarnation: 0))
        #expect(s.finishExecution(2, incarnation: 0, wroteNewLocation: true) == nil)
        #expect(a.isEmpty)
        // Worker c claims from the lowered cursor: tx 3's second incarnation, then 4 and 5.
        #expect(s.nextTask(queue: 0, claim: &c) == .validate(tx: 2, incarnation: 0))
        #expect(s.finishValidation(2, aborted: false, queue: 0) == nil)
        #expect(s.nextTask(queue: 0, claim: &c) == .execute(tx: 3, incarnation: 1))
        #expect(s.upcoming(c, queue: 0, offset: 0) == 4)
        // Worker b's claim still lists 4 and 5: it runs 4 (the validation index passes tx 3's
        // re-execution and waits at 4); worker c will find 4 started and skip it.
        #expect(s.nextTask(queue: 0, claim: &b) == .execute(tx: 4, incarnation: 0))
        // Drive everything to the end single-threaded: every claim is drained.
        var claims = [a, b, c]
        var pending: [SchedulerTask] = [.execute(tx: 3, incarnation: 1), .execute(tx: 4, incarnation: 0)]
        var executed = Set<Int>([0, 1, 2])
        var rounds = 0
        while !s.isDone && rounds < 1000 {
            rounds += 1
            var task: SchedulerTask? = pending.popLast()
            if task == nil {
                for w in 0..<3 {
                    task = s.nextTask(queue: 0, claim: &claims[w])
                    if task != nil { break }
                }
            }
            while let t = task {
                switch t {
                case .execute(let tx, let inc):
                    executed.insert(tx)
                    task = s.finishExecution(tx, incarnation: inc, wroteNewLocation: inc == 0)
                case .validate(let tx, _):
                    task = s.finishValidation(tx, aborted: false, queue: 0)
                }
            }
        }
        #expect(s.isDone)
        #expect(executed == Set(0..<7))
        #expect(claims.allSatisfy { $0.isEmpty })
    }

    @Test func shardQueuesRouteReexecutionToOwner() {
        // Queue 0 holds tx 0 and 2, queue 1 holds tx 1.
        let s = Scheduler(count: 3, queues: [[0, 2], [1]])
        #expect(next(s, 1) == .execute(tx: 1, incarnation: 0))
        #expect(next(s, 0) == .execute(tx: 0, incarnation: 0))
        _ = s.finishExecution(0, incarnation: 0, wroteNewLocation: true)
        _ = s.finishExecution(1, incarnation: 0, wroteNewLocation: true)
        // Worker 0 validates tx 1 and aborts it: the re-execution goes back to queue 1.
        #expect(next(s, 0) == .validate(tx: 0, incarnation: 0))
        _ = s.finishValidation(0, aborted: false, queue: 0)
        #expect(next(s, 0) == .validate(tx: 1, incarnation: 0))
        #expect(s.tryValidationAbort(1, incarnation: 0))
        #expect(s.finishValidation(1, aborted: true, queue: 0) == nil)
        #expect(next(s, 1) == .execute(tx: 1, incarnation: 1))
    }
}

@Suite struct WorkerPoolTests {
    /// Every worker runs at once, also far above the core count: a barrier all 16 must reach.
    @Test func allWorkersRunConcurrently() {
        let pool = WorkerPool(count: 16)
        let arrived = Atomic<Int>(0)
        let maxSeen = Atomic<Int>(0)
        pool.run { _ in
            arrived.add(1, ordering: .sequentiallyConsistent)
            let deadline = Date().addingTimeInterval(10)
            while arrived.load(ordering: .sequentiallyConsistent) < 16 && Date() < deadline { sched_yield() }
            maxSeen.max(arrived.load(ordering: .sequentiallyConsistent), ordering: .sequentiallyConsistent)
        }
        #expect(maxSeen.load(ordering: .sequentiallyConsistent) == 16)
        // Reused for the next job.
        let sum = Atomic<Int>(0)
        pool.run { w in sum.add(w, ordering: .relaxed) }
        #expect(sum.load(ordering: .relaxed) == (0..<16).reduce(0, +))
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyWorkerRunsOncePerJob(workers: Int) {
        let pool = WorkerPool(count: workers)
        let runs = LockedArray(repeating: 0, count: workers)
        for job in 1...40 {
            pool.run { w in runs.withLock(w) { $0 += 1 } }
            for w in 0..<workers { #expect(runs.withLock(w) { $0 } == job, "worker \(w) after job \(job)") }
        }
    }

    /// Workers are pinned round the CPUs, starting from the caller's (`CPUPlacement.placement`).
    @Test func workersGoRoundTheCPUsFromTheCallers() {
        #expect(CPUPlacement.placement(workers: 4, caller: 0, cpus: [0, 1]) == [0, 1, 0, 1])
        #expect(CPUPlacement.placement(workers: 2, caller: 1, cpus: [0, 1]) == [1, 0])
        #expect(CPUPlacement.placement(workers: 4, caller: 5, cpus: [2, 5, 7]) == [5, 7, 2, 5])
        // Nothing to place on one CPU, or from a CPU the process may not use (or unknown).
        #expect(CPUPlacement.placement(workers: 2, caller: 0, cpus: [0]) == nil)
        #expect(CPUPlacement.placement(workers: 2, caller: 3, cpus: [0, 1]) == nil)
        #expect(CPUPlacement.placement(workers: 2, caller: -1, cpus: [0, 1]) == nil)
    }

    /// The woken worker runs on another CPU than the caller's: without the placement Linux
    /// often woke it on the caller's and it ran only once the caller waited. Tolerant of a
    /// caller the kernel moves between the placement and its own share (rare).
    @Test func theWokenWorkerRunsBesideTheCaller() throws {
        let allowed = CPUPlacement.allowedCPUs()
        #if os(Linux)
        try #require(!allowed.isEmpty)   // the affinity mask is always readable there
        #endif
        guard allowed.count > 1 else { return }   // one CPU (or unknown): nothing to place
        let pool = WorkerPool(count: 2)
        let cpus = LockedArray(repeating: Int32(-1), count: 2)
        var apart = 0
        for _ in 0..<20 {
            pool.run { w in cpus.withLock(w) { $0 = Int32(cthreads_current_cpu()) } }
            if cpus.withLock(0, { $0 }) != cpus.withLock(1, { $0 }) { apart += 1 }
        }
        #expect(apart >= 15, "the worker ran beside the caller in \(apart) of 20 jobs")
    }

    @Test func rejectsBadThreadCounts() {
        #expect(throws: ParallelExecutorError.invalidThreadCount(0)) { try ParallelExecutor(threads: 0) }
        #expect(throws: ParallelExecutorError.invalidThreadCount(1025)) { try ParallelExecutor(threads: 1025) }
        #expect(throws: ParallelExecutorError.invalidShardCount(3)) { try ParallelExecutor(threads: 2, shardCount: 3) }
    }

    @Test func smallBlocksFallBackToSequential() throws {
        let c = SyntheticCase.generate(seed: 1, transactions: 5)
        let ex = try ParallelExecutor(threads: 2, sequentialThreshold: 10)
        let base = c.makeBase()
        let got = try ex.execute(c.program, base: base, strategy: .blockstm)
        #expect(got.stats.sequentialFallback != nil)
        assertSameOutcome(got, try GenericSequential.execute(c.program, base: base), "fallback")
        let big = SyntheticCase.generate(seed: 2, transactions: 30)
        let got2 = try ex.execute(big.program, base: big.makeBase(), strategy: .sharded)
        #expect(got2.stats.sequentialFallback == nil)
    }
}

@Suite struct DependencyGraphTests {
    @Test func independentAndChainedBlocks() throws {
        let coinbase = Address(hi: 0xCB, mid: 0, lo: 0)
        let contract = Address(hi: 0xC0, mid: 0, lo: 1)
        let senders = (0..<8).map { Address(hi: 0, mid: 0x1000 + UInt64($0), lo: 1) }
        let base = InMemoryState()
        for s in senders { base.insert(s, nonce: 0, balance: U256(1_000_000), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:]) }
        // Independent: fees only (lazy beneficiary), no shared reads.
        let free = SyntheticProgram(txs: senders.map { SyntheticTx(from: $0, nonce: 0, gasLimit: 30_000, fee: U256(1), ops: []) },
                              coinbase: coinbase, blockGasLimit: 30_000_000)
        let r1 = try DependencyAnalysis.analyze(free, base: base)
        #expect(r1.edges == 0)
        #expect(r1.longestChain == 1)
        #expect(r1.idealSpeedup(threads: 1) == 1)
        #expect(r1.idealSpeedup(threads: 8) >= 1)
        // Chained: every transaction reads and writes one slot.
        let chained = SyntheticProgram(txs: senders.map { SyntheticTx(from: $0, nonce: 0, gasLimit: 30_000, fee: U256(1),
                                                          ops: [.readSlot(contract, .zero), .writeSlot(contract, .zero)]) },
                                 coinbase: coinbase, blockGasLimit: 30_000_000)
        let r2 = try DependencyAnalysis.analyze(chained, base: base)
        #expect(r2.longestChain == 8)
        #expect(abs(r2.idealSpeedup(threads: 4) - 1) < 1e-9)
        #expect(abs(r2.unboundedSpeedup - 1) < 1e-9)
        #expect(r2.distinctSlots == 1)

        // Several timing passes: the same graph, weights re-measured (medians), and total work
        // and critical path derived from those weights.
        let r3 = try DependencyAnalysis.analyze(chained, base: base, timingPasses: 3)
        #expect(r3.dependencies == r2.dependencies && r3.edges == r2.edges && r3.longestChain == r2.longestChain)
        #expect(r3.weights.allSatisfy { $0 > 0 })
        #expect(abs(r3.totalWork - r3.weights.reduce(0, +)) < 1e-6)
        #expect(abs(r3.criticalPath - r3.totalWork) < 1e-6, "a single chain: the critical path is all the work")
    }

    /// Reweighing keeps the graph and recomputes the critical path: a diamond 0 → {1, 2} → 3.
    @Test func reweighRecomputesTheCriticalPath() {
        var r = DependencyReport(transactionCount: 4, totalWork: 0, criticalPath: 0, longestChain: 3, distinctAccounts: 0,
                                 distinctSlots: 0, edges: 4, weights: [], dependencies: [[], [0], [0], [1, 2]])
        r.reweigh([1, 5, 2, 1])
        #expect(r.totalWork == 9)
        #expect(r.criticalPath == 7)   // 0 → 1 → 3
        r.reweigh([1, 1, 6, 1])
        #expect(r.criticalPath == 8)   // 0 → 2 → 3
    }

    /// List scheduling on hand-made graphs with equal weights.
    @Test func listSchedulingBound() {
        func report(_ deps: [[Int32]]) -> DependencyReport {
            DependencyReport(transactionCount: deps.count, totalWork: Double(deps.count), criticalPath: 0, longestChain: 0,
                             distinctAccounts: 0, distinctSlots: 0, edges: 0, weights: Array(repeating: 1, count: deps.count),
                             dependencies: deps)
        }
        let independent = report(Array(repeating: [], count: 8))
        #expect(independent.idealSpeedup(threads: 1) == 1)
        #expect(independent.idealSpeedup(threads: 2) == 2)
        #expect(independent.idealSpeedup(threads: 8) == 8)
        #expect(independent.idealSpeedup(threads: 16) == 8)
        // Two chains of four: at most 2.
        let twoChains = report([[], [], [0], [1], [2], [3], [4], [5]])
        #expect(twoChains.idealSpeedup(threads: 2) == 2)
        #expect(twoChains.idealSpeedup(threads: 8) == 2)
        #expect(twoChains.idealSpeedup(threads: 1) == 1)
    }
}
