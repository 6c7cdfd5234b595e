import CThreads
import Dispatch
import Foundation
import Primitives
import Synchronization

/// One step of a parallel ledger operation: tasks `0..<count`, each claimed by one worker.
/// `prepare` runs once, on whichever worker finished the step before, after every task of that
/// step and before any task of this one (for the first step: on the calling thread first). A
/// step without tasks is skipped, its `prepare` too.
struct TaskPhase: Sendable {
    var count: Int
    var prepare: (@Sendable () -> Void)? = nil
    var body: @Sendable (_ task: Int, _ worker: Int) -> Void
}

/// A value that one phase's `prepare` sets and the tasks of later phases, then the caller, read.
final class PhaseValue<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// The ledger's workers: one serial Dispatch queue each, created once per ledger, and the one
/// way every parallel ledger operation runs on them (`run`).
///
/// One job per queue for a whole operation, whatever its number of phases; the workers pass
/// from one phase to the next by themselves. Why: each phase used to be its own job on every
/// queue, and Dispatch woke the second queue's thread 20–80 µs after the request, in some
/// phases 1–4 ms (the documented wake below). A commit paid that twice (routing, then the
/// shards), an ERC-20 block's root three times.
///
/// The caller does not wait for a queue whose job has not started: a worker that wakes after
/// the last phase finds nothing to claim and leaves. Before, the caller waited for every
/// queue's job, so a late wake held a phase up for as long as it was late even when the
/// caller had already done every task.
///
/// Placement (Linux): the job of queue `q`, for `q` below the number of CPUs, runs on the
/// `q`-th CPU after the caller's (`CPUPlacement`, as Block-STM's workers do): a job that
/// starts on another CPU pins its thread there, which moves it, and lets it go again when it
/// ends (the thread returns to Dispatch's pool). Why: Linux often woke the thread on the
/// caller's CPU, behind the caller, which then did the phase alone. In three sweeps at 1, 2
/// and 8 threads, 12 of 24 two-worker commits of 10,000 transfers took 3.9–5.6 ms instead of
/// 2.7–3.4; with the placement 6 of 24 (median 3.21 ms against 3.60). Queues beyond the CPUs
/// are left where the kernel puts them: pinned round the CPUs, eight of them put every other
/// one behind the caller (the eight-queue commit's median 3.82 ms against 3.54). Block-STM's
/// pool pins a worker before waking it; here the thread is whichever of the pool's takes the
/// job, so it can only move once it runs.
final class ShardQueues: Sendable {
    private let queues: [DispatchQueue]
    /// The CPUs the process may use, for the placement; read only where there is something to
    /// place (the benchmark makes a ledger, and so its queues, for every measured run).
    private let cpus: [Int32]

    init(count: Int) {
        queues = (0..<count).map { DispatchQueue(label: "ledger.shard-worker.\($0)") }
        cpus = count > 1 ? CPUPlacement.allowedCPUs() : []
    }

    var count: Int { queues.count }

    /// Runs `phases` in order on every queue and returns when all their tasks are done, with each
    /// worker's CPU seconds from its job's start to the end of its last task (a wait between
    /// phases spins, so it counts too; before one job per operation, such waits blocked and did
    /// not). Queue 0's part runs on the calling thread (`sync`, still serialised with that
    /// queue's other work); the others are dispatched and not waited for.
    ///
    /// Why not `async` on every queue: Dispatch often woke only one thread for two requests
    /// made together, so the second queue's part started 1–4 ms late — after the first worker
    /// had claimed every shard of a 3 ms commit phase alone (its CPU times read 2.9 ms and 0),
    /// and in the root phase, the runs that were no faster on two workers than on one.
    /// Measured: the second queue started 20–80 µs after the request in most phases and 1.2,
    /// 2.8 and 4.4 ms late in three of twelve. The calling thread only waited anyway.
    ///
    /// With one queue there is no second wake, and its part stays off the calling thread (and
    /// is waited for): run there, a sequential run's commit and root phases moved onto the
    /// core that executes the next block, and the sequential executor's passes in a sweep
    /// slowed from 8.7 to 10.6–10.9 ms (median; the fastest unchanged) — a change in the
    /// benchmark's conditions, not in the executor.
    func run(_ phases: [TaskPhase]) -> [Double] {
        let phases = phases.filter { $0.count > 0 }
        let times = WorkerTimes(count: queues.count)
        guard !phases.isEmpty else { return times.seconds }
        phases[0].prepare?()
        let progress = PhaseProgress(phases: phases, times: times)
        if queues.count == 1 {
            let group = DispatchGroup()
            queues[0].async(group: group) { progress.work(worker: 0) }
            group.wait()
        } else {
            let cpus = self.cpus
            let placement = CPUPlacement.placementFromHere(workers: queues.count, cpus: cpus)
            for q in 1..<queues.count {
                let cpu = q < cpus.count ? placement?[q] : nil
                queues[q].async {
                    guard let cpu, cthreads_current_cpu() != cpu else { return progress.work(worker: q) }
                    let tid = Int32(cthreads_thread_id())
                    let pinned = cthreads_pin(tid, cpu) == 0
                    progress.work(worker: q)
                    if pinned { _ = cpus.withUnsafeBufferPointer { cthreads_pin_set(tid, $0.baseAddress, Int32($0.count)) } }
                }
            }
            queues[0].sync { progress.work(worker: 0) }
        }
        return times.seconds
    }

    /// Runs `body` on queue `q` after the jobs it holds now (tests: to keep a queue busy).
    func enqueue(_ q: Int, _ body: @escaping @Sendable () -> Void) {
        queues[q].async(execute: body)
    }
}

/// The shared state of one `ShardQueues.run`: the current phase, and per phase the next task
/// to claim and the tasks finished.
private final class PhaseProgress: Sendable {
    let phases: [TaskPhase]
    let times: WorkerTimes
    /// Index of the phase being worked on; `phases.count` once everything is done.
    let current = Atomic<Int>(0)
    let counters: [PhaseCounters]

    init(phases: [TaskPhase], times: WorkerTimes) {
        self.phases = phases
        self.times = times
        counters = phases.map { _ in PhaseCounters() }
    }

    /// One worker's part: claims tasks of the current phase until none is left, then waits for
    /// the tasks others still run; the worker that finishes a phase's last task prepares the
    /// next one and moves everyone on. A worker's CPU time is stored after each of its tasks,
    /// before the task counts as finished, so the caller reads it after the last phase
    /// without waiting for the worker to leave (a worker that ran no task stores nothing).
    func work(worker: Int) {
        let start = WorkerTimes.threadCPUSeconds()
        var p = current.load(ordering: .acquiring)
        while p < phases.count {
            let phase = phases[p], counter = counters[p]
            let task = counter.next.wrappingAdd(1, ordering: .relaxed).oldValue
            if task < phase.count {
                phase.body(task, worker)
                times[worker] = WorkerTimes.threadCPUSeconds() - start
                if counter.finished.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == phase.count {
                    if p + 1 < phases.count { phases[p + 1].prepare?() }
                    current.store(p + 1, ordering: .releasing)
                }
            } else {
                var idle = 0
                while current.load(ordering: .acquiring) == p { Backoff.pause(&idle) }
            }
            p = current.load(ordering: .acquiring)
        }
    }
}

private final class PhaseCounters: Sendable {
    let next = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
}

/// Per-worker CPU times, each slot written by one worker (`PhaseProgress.work`). The slots
/// live in a raw buffer: writing elements of a Swift array property from several threads goes
/// through the property's modify accessor, which is a data race even for distinct elements.
final class WorkerTimes: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Double>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0)
    }
    deinit { slots.deallocate() }

    subscript(worker: Int) -> Double {
        get { slots[worker] }
        set { slots[worker] = newValue }
    }

    /// Every slot, read after the workers finished.
    var seconds: [Double] { Array(slots) }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
