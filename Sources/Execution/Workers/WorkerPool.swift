import Foundation
import Synchronization
import CThreads
import Primitives

/// A fixed set of worker threads, created once and reused for every block.
///
/// Exactly `count` threads run a job, also above the core count: worker 0 is the calling
/// thread, and each other worker a dedicated `Thread` parked on its own semaphore (Dispatch's
/// concurrent helpers cap the width at the core count, which would make a sweep to 8 or 16
/// workers silently measure fewer). `run` hands the same job to every worker with its index
/// and returns when all have finished.
///
/// Why the caller is worker 0: it is already running, and a woken thread sometimes started
/// 0.8–2 ms late (two woken at once could both land on one core until the kernel moved one),
/// while the caller only waited. Deep EVM call chains are safe on any thread (`StackGuard`).
///
/// Placement (Linux): before each run, worker `w` is pinned to the `w`-th CPU after the one the
/// caller is on, round the CPUs the process may use (`CPUPlacement`). Why: Linux wakes a thread
/// on its waker's CPU when it can ("wake affine"), so the woken worker often queued behind the
/// caller, which had just started its own share, until the load balancer moved it — 1.2 to
/// 4.5 ms later, on blocks of 3 to 6 ms. Measured by stamping each wake: every late start was
/// on the caller's CPU. Pinned round-robin, workers above the core count share the cores
/// evenly, caller included.
///
/// Timer slack (Linux): every worker, the caller included, asks the kernel to end its sleeps
/// at most a microsecond late (`workerTimerSlack`; the calling thread keeps that setting after
/// the run). Why: a worker that waits long enough
/// sleeps 20 µs at a time (`Backoff`), and with the default slack of 50 µs each such sleep
/// lasted about 80 µs; at the barrier after the footprint build the waiting worker started
/// executing 75–95 µs after the work it waited for was done (stamped with uprobes, two-thread
/// transfers, of blocks of about 10 ms).
public final class WorkerPool: Sendable {
    public let count: Int
    private let workers: [Worker]
    /// One `run` at a time: the workers are a single crew.
    private let runLock = Locked<Int>(0)   // (not Void: TSan mistakes a zero-sized value's access for the object header)
    /// The CPUs this process may run on, lowest first (empty where unknown: nothing is pinned).
    private let cpus: [Int32]

    private final class Worker: Sendable {
        let wake = DispatchSemaphore(value: 0)
        let job = Locked<(@Sendable (Int) -> Void)?>(nil)
        let stop = Atomic<Bool>(false)
        /// The thread's kernel id once it runs (0 before, -1 where unknown).
        let threadID = Atomic<Int32>(0)
    }

    public init(count: Int) {
        precondition(count >= 1, "a worker pool needs at least one worker")
        self.count = count
        self.workers = (0..<count).map { _ in Worker() }
        self.cpus = CPUPlacement.allowedCPUs()
        for (index, worker) in workers.enumerated() where index > 0 {
            let thread = Thread {
                worker.threadID.store(Int32(cthreads_thread_id()), ordering: .releasing)
                _ = cthreads_set_timer_slack(Self.workerTimerSlack)
                while true {
                    worker.wake.wait()
                    if worker.stop.load(ordering: .acquiring) { return }
                    let job = worker.job.withLock { j -> (@Sendable (Int) -> Void)? in let x = j; j = nil; return x }
                    job?(index)
                }
            }
            thread.name = "ledger-worker-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body(workerIndex)` on every worker at once and waits for all of them.
    public func run(_ body: @escaping @Sendable (Int) -> Void) {
        runLock.withLock { runs in
            runs += 1
            let group = DispatchGroup()
            let placement = CPUPlacement.placementFromHere(workers: count, cpus: cpus)
            for (index, worker) in workers.enumerated().dropFirst() {
                // Before the wake, so that the kernel places it there (see the type's notes).
                let tid = worker.threadID.load(ordering: .acquiring)
                if let placement, tid > 0 { _ = cthreads_pin(tid, placement[index]) }
                group.enter()
                worker.job.withLock { $0 = { index in body(index); group.leave() } }
                worker.wake.signal()
            }
            _ = cthreads_set_timer_slack(Self.workerTimerSlack)   // the caller is worker 0
            body(0)
            group.wait()
        }
    }

    /// How late, in nanoseconds, the kernel may end a worker's sleep (see the type's notes).
    static let workerTimerSlack: UInt = 1_000

    deinit {
        for worker in workers {
            worker.stop.store(true, ordering: .releasing)
            worker.wake.signal()
        }
    }
}
