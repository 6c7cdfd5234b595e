import CThreads
import Dispatch
import Foundation
import Primitives
import Testing
@testable import Ledger

/// The one-job-per-operation runner of the ledger's queues (`ShardQueues`): phases in order,
/// every task once, `prepare` between phases, and no wait for a queue that has not started.
@Suite struct ShardQueuesTests {
    /// What ran, in the order it finished: tasks as (phase, task, worker), and each `prepare`
    /// with the number of tasks finished before it. Checked after the run (an expectation on
    /// a queue's thread would not reach the test). Behind an `NSLock`, whose pthread mutex
    /// ThreadSanitizer sees (it does not see `Synchronization.Mutex` on Linux: `Locked`).
    final class Journal: @unchecked Sendable {
        private let lock = NSLock()
        private var tasks: [(phase: Int, task: Int, worker: Int)] = []
        private var prepares: [(phase: Int, tasksBefore: Int)] = []
        func task(_ phase: Int, _ task: Int, _ worker: Int) { lock.withLock { tasks.append((phase, task, worker)) } }
        func prepare(_ phase: Int) { lock.withLock { prepares.append((phase, tasks.count)) } }
        var ran: [(phase: Int, task: Int, worker: Int)] { lock.withLock { tasks } }
        var prepared: [(phase: Int, tasksBefore: Int)] { lock.withLock { prepares } }
    }

    func phases(_ counts: [Int], _ journal: Journal) -> [TaskPhase] {
        counts.enumerated().map { p, n in
            TaskPhase(count: n, prepare: { journal.prepare(p) }) { task, worker in journal.task(p, task, worker) }
        }
    }

    @Test(arguments: [1, 2, 3, 8])
    func phasesRunInOrderWithEveryTaskOnce(queues count: Int) {
        let queues = ShardQueues(count: count)
        let counts = [5, 0, 17, 1, 40]
        for round in 0..<20 {
            let journal = Journal()
            let cpu = queues.run(phases(counts, journal))
            #expect(cpu.count == count && cpu.allSatisfy { $0 >= 0 })
            let ran = journal.ran
            #expect(ran.map(\.phase) == ran.map(\.phase).sorted(), "round \(round): phases overlapped")
            #expect(ran.allSatisfy { $0.worker >= 0 && $0.worker < count })
            for (p, n) in counts.enumerated() {
                #expect(ran.filter { $0.phase == p }.map(\.task).sorted() == Array(0..<n), "round \(round), phase \(p)")
            }
            // Each non-empty phase is prepared once, after every task of the phases before;
            // the empty one is skipped, its `prepare` too.
            #expect(journal.prepared.map(\.phase) == [0, 2, 3, 4], "round \(round)")
            #expect(journal.prepared.map(\.tasksBefore) == [0, 5, 22, 23], "round \(round)")
        }
    }

    /// A queue's job runs on another CPU than the caller's (`CPUPlacement`): without the
    /// placement Linux often woke its thread on the caller's CPU, where it ran only after the
    /// caller had done every task. Tolerant of a caller the kernel moves meanwhile (rare).
    @Test func theSecondQueueRunsBesideTheCaller() throws {
        guard CPUPlacement.allowedCPUs().count > 1 else { return }   // one CPU: nothing to place
        let queues = ShardQueues(count: 2)
        var apart = 0, both = 0
        for _ in 0..<20 {
            let cpus = Journal()
            _ = queues.run([TaskPhase(count: 200) { task, worker in
                cpus.task(Int(cthreads_current_cpu()), task, worker)
                let until = DispatchTime.now().uptimeNanoseconds + 20_000
                while DispatchTime.now().uptimeNanoseconds < until {}   // long enough for both to take tasks
            }])
            let caller = Set(cpus.ran.filter { $0.worker == 0 }.map(\.phase))
            let other = Set(cpus.ran.filter { $0.worker == 1 }.map(\.phase))
            guard !other.isEmpty else { continue }
            both += 1
            if caller.isDisjoint(with: other) { apart += 1 }
        }
        #expect(both >= 10, "the second queue took tasks in only \(both) of 20 runs")
        #expect(apart >= both * 3 / 4, "the second queue ran beside the caller in \(apart) of \(both) runs")
    }

    /// A queue whose job has not started (held by an earlier job) does not hold the operation
    /// up: the calling thread claims every task. The held queue's job, once it runs, finds
    /// nothing left; the next operation uses the queue again.
    @Test func aQueueThatHasNotStartedIsNotWaitedFor() {
        let queues = ShardQueues(count: 2)
        let hold = DispatchSemaphore(value: 0), holding = DispatchSemaphore(value: 0)
        queues.enqueue(1) { holding.signal(); hold.wait() }
        holding.wait()
        let journal = Journal()
        let cpu = queues.run(phases([4, 3], journal))
        #expect(journal.ran.map(\.phase) == [0, 0, 0, 0, 1, 1, 1])
        #expect(journal.ran.allSatisfy { $0.worker == 0 })
        #expect(cpu[1] == 0, "the held queue ran no task")
        hold.signal()
        let again = Journal()
        _ = queues.run(phases([64], again))
        #expect(again.ran.map(\.task).sorted() == Array(0..<64))
        let drained = DispatchSemaphore(value: 0)
        queues.enqueue(1) { drained.signal() }
        drained.wait()
    }
}
