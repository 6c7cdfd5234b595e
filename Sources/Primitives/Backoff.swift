#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an idle worker waits for work or for the others: spin briefly, then yield the core
/// (there may be more workers than cores), then sleep a little. Shared by Block-STM's workers
/// and the ledger's shard queues, which wait the same way between the phases of one job.
public enum Backoff {
    @inlinable @inline(__always)
    public static func pause(_ idle: inout Int) {
        idle += 1
        if idle < 32 { return }
        if idle < 256 { sched_yield(); return }
        usleep(20)
    }
}
