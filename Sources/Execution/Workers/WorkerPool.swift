import Foundation
import Synchronization

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
public final class WorkerPool: Sendable {
    public let count: Int
    private let workers: [Worker]
    /// One `run` at a time: the workers are a single crew.
    private let runLock = Locked<Int>(0)   // (not Void: TSan mistakes a zero-sized value's access for the object header)

    private final class Worker: Sendable {
        let wake = DispatchSemaphore(value: 0)
        let job = Locked<(@Sendable (Int) -> Void)?>(nil)
        let stop = Atomic<Bool>(false)
    }

    public init(count: Int) {
        precondition(count >= 1, "a worker pool needs at least one worker")
        self.count = count
        self.workers = (0..<count).map { _ in Worker() }
        for (index, worker) in workers.enumerated() where index > 0 {
            let thread = Thread {
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
            for worker in workers.dropFirst() {
                group.enter()
                worker.job.withLock { $0 = { index in body(index); group.leave() } }
                worker.wake.signal()
            }
            body(0)
            group.wait()
        }
    }

    deinit {
        for worker in workers {
            worker.stop.store(true, ordering: .releasing)
            worker.wake.signal()
        }
    }
}
