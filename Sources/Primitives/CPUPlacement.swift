import CThreads

/// Where a crew of worker threads should run (Linux): worker `w` on the `w`-th CPU after the
/// one the caller (worker 0) is on, round the CPUs the process may use. Used by Block-STM's
/// worker pool and the ledger's shard queues.
///
/// Why: Linux wakes a thread on its waker's CPU when it can ("wake affine"), so a woken worker
/// often queued behind the caller, which had just started its own share, until the load
/// balancer moved it 1–4.5 ms later. Pinned round-robin, workers above the core count share the
/// cores evenly, caller included.
public enum CPUPlacement {
    /// The CPU of each worker when the caller runs on CPU `caller`: the `w`-th of `cpus` after
    /// the caller's, round them. Nil when there is nothing to place: one CPU, or the caller's
    /// CPU unknown (or not one the process may use).
    public static func placement(workers: Int, caller: Int32, cpus: [Int32]) -> [Int32]? {
        guard cpus.count > 1, let c = cpus.firstIndex(of: caller) else { return nil }
        return (0..<workers).map { cpus[(c + $0) % cpus.count] }
    }

    /// `placement` from the CPU the calling thread is on now.
    public static func placementFromHere(workers: Int, cpus: [Int32]) -> [Int32]? {
        placement(workers: workers, caller: Int32(cthreads_current_cpu()), cpus: cpus)
    }

    /// The CPUs the process may run on (its affinity mask), lowest first; empty where unknown.
    public static func allowedCPUs() -> [Int32] {
        var buffer = [Int32](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBufferPointer { cthreads_allowed_cpus($0.baseAddress, Int32($0.count)) }
        return n > 0 ? Array(buffer.prefix(Int(min(n, 4096)))) : []
    }
}
