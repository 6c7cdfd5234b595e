import Foundation
import Primitives
import Allocator

/// The timed region of one run, shared by the sweep and by the probe that measures the
/// harness itself: clock reads around execute, commit and root, and nothing else. Copying the
/// genesis state, resetting the peak-RSS counter and building the CSV row all happen outside.
///
/// Page faults are counted too (`ProcessMemory.pageFaults`), during execution and during the
/// whole run: a pass that touches pages the allocator had given back to the system pays about
/// a microsecond per page, and which pass and which phase pays depends on the allocator's purge
/// timers more than on the code measured. The count after execution is read inside the commit's
/// interval (one `getrusage`, part of the harness overhead `HarnessOverhead` reports).
struct TimedRun<Outcome> {
    var outcome: Outcome
    var root: Bytes32
    var execNs: UInt64, commitNs: UInt64, rootNs: UInt64
    var execFaults: UInt64, faults: UInt64
    var totalNs: UInt64 { execNs + commitNs + rootNs }

    @inline(never)
    static func measure(execute: () throws -> Outcome, commit: (Outcome) -> Void, root: () -> Bytes32) rethrows -> TimedRun {
        let f0 = ProcessMemory.pageFaults
        let t0 = DispatchTime.now().uptimeNanoseconds
        let outcome = try execute()
        let t1 = DispatchTime.now().uptimeNanoseconds
        let f1 = ProcessMemory.pageFaults
        commit(outcome)
        let t2 = DispatchTime.now().uptimeNanoseconds
        let r = root()
        let t3 = DispatchTime.now().uptimeNanoseconds
        let f3 = ProcessMemory.pageFaults
        return TimedRun(outcome: outcome, root: r, execNs: t1 - t0, commitNs: t2 - t1, rootNs: t3 - t2,
                        execFaults: f1 &- f0, faults: f3 &- f0)
    }
}

/// What the harness adds to a measured run: the timed region run around an executor, commit
/// and root that do nothing. The bar is under 1% of a 10,000-transaction block's
/// time; this is typically a fraction of a microsecond, against tens of milliseconds.
public enum HarnessOverhead {
    /// Median nanoseconds of `samples` empty timed runs.
    public static func measure(samples: Int = 2_000) -> Double {
        var totals: [Double] = []
        totals.reserveCapacity(samples)
        let empty: [Int] = []
        for _ in 0..<samples {
            let run = TimedRun.measure(execute: { empty }, commit: { _ in }, root: { Bytes32.zero })
            totals.append(Double(run.totalNs))
        }
        return Statistics.median(totals)
    }
}
