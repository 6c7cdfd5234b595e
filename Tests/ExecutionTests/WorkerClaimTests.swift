import Testing
@testable import Execution

/// The batching scheduler of the executor (`WorkerClaim`): validations claimed several at a
/// time, trailing execution, and active-task tokens kept by the worker between tasks.
@Suite struct WorkerClaimTests {
    @Test func validationTrailsExecutionAndIsClaimedInBatches() {
        let s = Scheduler(count: 8, queues: [(0..<8).map { Int32($0) }], executionChunk: 2,
                          validationBatch: 4, validationLag: 2)
        var w = WorkerClaim()
        // Transactions 0–2 run before any validation: the index trails by at most 2.
        for tx in 0..<3 {
            #expect(s.nextTask(queue: 0, claim: &w) == .execute(tx: tx, incarnation: 0))
            #expect(s.finishExecution(tx, incarnation: 0, wroteNewLocation: true, claim: &w) == nil)
        }
        // Now 3 is next, 3 ahead of the index: one claim covers 0–2 (3 is claimed, not started).
        #expect(s.nextTask(queue: 0, claim: &w) == .validate(tx: 0, incarnation: 0))
        #expect(w.validateNext == 1 && w.validateEnd == 3)
        #expect(s.finishValidation(0, aborted: false, queue: 0, claim: &w) == nil)
        #expect(s.nextTask(queue: 0, claim: &w) == .validate(tx: 1, incarnation: 0))
        // A failed validation drops the rest of the claim: the index goes back below it.
        #expect(s.tryValidationAbort(1, incarnation: 0))
        #expect(s.finishValidation(1, aborted: true, queue: 0, claim: &w) == .execute(tx: 1, incarnation: 1))
        #expect(!w.hasValidations)
        // Finishing behind the index (the abort lowered it to 2), it validates itself.
        #expect(s.finishExecution(1, incarnation: 1, wroteNewLocation: false, claim: &w) == .validate(tx: 1, incarnation: 1))
        #expect(s.finishValidation(1, aborted: false, queue: 0, claim: &w) == nil)
        // The index is at 2, next execution is 3: within the lag, so execution goes on.
        #expect(s.nextTask(queue: 0, claim: &w) == .execute(tx: 3, incarnation: 0))
        #expect(s.finishExecution(3, incarnation: 0, wroteNewLocation: true, claim: &w) == nil)
        #expect(s.nextTask(queue: 0, claim: &w) == .execute(tx: 4, incarnation: 0))
        #expect(s.finishExecution(4, incarnation: 0, wroteNewLocation: true, claim: &w) == nil)
        // Next is 5, the index 2: one claim of 2–4.
        #expect(s.nextTask(queue: 0, claim: &w) == .validate(tx: 2, incarnation: 0))
        #expect(w.validateEnd == 5)
    }

    /// A claimed validation whose transaction is re-executing when its turn comes is skipped;
    /// the re-execution, finishing behind the index, validates itself.
    @Test func claimedValidationOfAReexecutionIsSkipped() {
        let s = Scheduler(count: 4, queues: [(0..<4).map { Int32($0) }], executionChunk: 4,
                          validationBatch: 4, validationLag: 8)
        var a = WorkerClaim(), b = WorkerClaim()
        for tx in 0..<3 {
            #expect(s.nextTask(queue: 0, claim: &a) == .execute(tx: tx, incarnation: 0))
            #expect(s.finishExecution(tx, incarnation: 0, wroteNewLocation: true, claim: &a) == nil)
        }
        // Worker b has nothing to execute (a claimed all four): it claims the validation of
        // 0–2 (3 is claimed but not started) and validates 0.
        #expect(s.nextTask(queue: 0, claim: &b) == .validate(tx: 0, incarnation: 0))
        #expect(b.validateEnd == 3)
        // Meanwhile tx 1 is aborted elsewhere (a validation after an earlier pull-back) and restarted.
        #expect(s.tryValidationAbort(1, incarnation: 0))
        #expect(s.finishValidation(1, aborted: true, queue: 0, claim: &a) == .execute(tx: 1, incarnation: 1))
        // b's claim was not dropped (its own validation passed), but it skips tx 1.
        #expect(s.finishValidation(0, aborted: false, queue: 0, claim: &b) == nil)
        #expect(s.nextTask(queue: 0, claim: &b) == .validate(tx: 2, incarnation: 0))
        // The re-execution finishes behind the index and validates itself.
        #expect(s.finishExecution(1, incarnation: 1, wroteNewLocation: false, claim: &a) == .validate(tx: 1, incarnation: 1))
    }

    /// Validation goes to the worker that executed a chunk while the other has execution to do
    /// and the index trails it by at most `foreignValidationLag`; a claim stops at another
    /// worker's chunk; past the lag anyone validates.
    @Test func validationIsLeftToTheChunksOwner() {
        let s = Scheduler(count: 64, queues: [(0..<64).map { Int32($0) }], executionChunk: 2,
                          validationBatch: 4, validationLag: 2, validationPrefersOwner: true)
        #expect(s.foreignValidationLag == 8)
        var a = WorkerClaim(worker: 0), b = WorkerClaim(worker: 1)
        // a runs chunk 0 (transactions 0–1), b chunk 1 (2–3).
        #expect(s.nextTask(queue: 0, claim: &a) == .execute(tx: 0, incarnation: 0))
        #expect(s.nextTask(queue: 0, claim: &b) == .execute(tx: 2, incarnation: 0))
        for (tx, w) in [(0, 0), (2, 1)] {
            if w == 0 { _ = s.finishExecution(tx, incarnation: 0, wroteNewLocation: true, claim: &a) }
            else { _ = s.finishExecution(tx, incarnation: 0, wroteNewLocation: true, claim: &b) }
        }
        #expect(s.nextTask(queue: 0, claim: &a) == .execute(tx: 1, incarnation: 0))
        #expect(s.nextTask(queue: 0, claim: &b) == .execute(tx: 3, incarnation: 0))
        _ = s.finishExecution(1, incarnation: 0, wroteNewLocation: true, claim: &a)
        _ = s.finishExecution(3, incarnation: 0, wroteNewLocation: true, claim: &b)
        // The index (0) is in a's chunk: b executes on (chunk 2), a validates its own chunk only.
        #expect(s.nextTask(queue: 0, claim: &b) == .execute(tx: 4, incarnation: 0))
        #expect(s.nextTask(queue: 0, claim: &a) == .validate(tx: 0, incarnation: 0))
        #expect(a.validateEnd == 2, "the claim stops where b's chunk starts")
        _ = s.finishValidation(0, aborted: false, queue: 0, claim: &a)
        #expect(s.nextTask(queue: 0, claim: &a) == .validate(tx: 1, incarnation: 0))
        _ = s.finishValidation(1, aborted: false, queue: 0, claim: &a)
        // Now the index (2) is in b's chunk: a executes on, claiming chunk 3 (6–7) and beyond.
        var started: [Int] = []
        while true {
            guard let task = s.nextTask(queue: 0, claim: &a) else { Issue.record("a found nothing to do"); return }
            guard case .execute(let tx, _) = task else {
                // Past the lag a validates b's chunk itself.
                #expect(task == .validate(tx: 2, incarnation: 0))
                break
            }
            started.append(tx)
            _ = s.finishExecution(tx, incarnation: 0, wroteNewLocation: true, claim: &a)
        }
        // With 11 next, the index (2) trails by 9.
        #expect(started == [6, 7, 8, 9, 10], "a leaves b's chunk to b while the index trails its next execution by at most 8")
    }

    /// Several workers' claims driven in a random interleaving, with random aborts,
    /// dependencies and new locations, on one thread so that every step is reproducible. Checks
    /// what Block-STM's correctness rests on: the block terminates only when every transaction
    /// is executed, and after every abort of `j` and every execution of `j` that wrote a new
    /// location, every transaction above `j` (and `j` itself, for an execution) is handed out
    /// for validation again, or executed again, later.
    /// With `validationPrefersOwner` too: leaving chunks to their owners must not break it.
    @Test(arguments: [(1, 1, 0, false), (4, 4, 2, false), (3, 8, 3, false), (16, 32, 16, false), (5, 2, 7, false),
                      (4, 8, 4, true), (3, 6, 3, true), (2, 4, 0, true), (16, 32, 16, true)])
    func randomInterleavingsKeepTheRevalidationGuarantee(chunk: Int, batch: Int, lag: Int, owners: Bool) {
        for seed in 1...40 {
            var rng = SplitMix64(seed: UInt64(seed * 7919 + chunk * 31 + batch))
            let n = 6 + Int(rng.next() % 40)
            let workers = 1 + Int(rng.next() % 4)
            let s = Scheduler(count: n, queues: [(0..<n).map { Int32($0) }], executionChunk: chunk,
                              validationBatch: batch, validationLag: lag, validationPrefersOwner: owners)
            var claims = (0..<workers).map { WorkerClaim(worker: owners ? $0 : -1) }
            var tasks = Array<SchedulerTask?>(repeating: nil, count: workers)
            var abortBudget = n
            // Step of the last obligation per transaction, and of its last validation or execution start.
            var owed = Array(repeating: -1, count: n)
            var served = Array(repeating: -1, count: n)
            var step = 0
            while !s.isDone && step < 200_000 {
                step += 1
                let w = Int(rng.next() % UInt64(workers))
                guard let task = tasks[w] ?? s.nextTask(queue: 0, claim: &claims[w]) else { continue }
                switch task {
                case .execute(let tx, let inc):
                    served[tx] = step
                    let blockers = (0..<tx).filter { s.status($0).status != .executed }
                    if !blockers.isEmpty && rng.next() % 8 == 0 {
                        let b = blockers[Int(rng.next() % UInt64(blockers.count))]
                        if s.addDependency(tx, on: b, claim: &claims[w]) { tasks[w] = nil; continue }
                    }
                    let wroteNew = inc == 0 || rng.next() % 4 == 0
                    if wroteNew { for k in tx..<n { owed[k] = step } }
                    tasks[w] = s.finishExecution(tx, incarnation: inc, wroteNewLocation: wroteNew, claim: &claims[w])
                case .validate(let tx, let inc):
                    served[tx] = step
                    var aborted = false
                    if abortBudget > 0 && rng.next() % 5 == 0 && s.tryValidationAbort(tx, incarnation: inc) {
                        abortBudget -= 1
                        aborted = true
                        for k in (tx + 1)..<max(tx + 1, n) { owed[k] = step }
                    }
                    tasks[w] = s.finishValidation(tx, aborted: aborted, queue: 0, claim: &claims[w])
                }
            }
            #expect(s.isDone, "seed \(seed): no termination (chunk \(chunk), batch \(batch), lag \(lag))")
            for tx in 0..<n {
                #expect(s.status(tx).status == .executed, "seed \(seed): tx \(tx) not executed")
                #expect(served[tx] > owed[tx], "seed \(seed): tx \(tx) owed a validation since step \(owed[tx]), last served at \(served[tx])")
            }
        }
    }
}
