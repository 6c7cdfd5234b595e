import Foundation
import Primitives

/// Fixed work, timed before and after every measured run, so that a sweep says how much the
/// machine itself changed speed while it ran.
///
/// Why: on a shared or virtual machine the same binary's time moves by more than most effects
/// users measure. On the 2-core guest this tool is developed on, the sequential executor took
/// 35 ms for a 10,000-transaction ERC-20 block at one moment and 44–46 ms minutes later, and
/// two copies of one binary, alternated over six rounds, came out up to 8.5% apart. A run whose probe is
/// slow ran on a slowed machine: users can set it aside, see that a difference between
/// strategies is smaller than the machine's own drift, or have it measured again (`--max-drift`).
///
/// Compute only (Keccak-f permutations, as the EVM hashes): a neighbour that slows the core
/// shows, one that only takes memory bandwidth or the shared cache may not. (A second part, a
/// chase of dependent loads through 8 MiB, was tried: coming mostly from memory after each run,
/// its own time varied by a quarter from probe to probe, and a sweep measured every run again.)
public enum MachineProbe {
    /// Permutations per timing: about 36 µs on this guest's cores.
    static let permutations = 128
    /// Timings per probe; the probe is the fastest (an interrupt lengthens one, never shortens it).
    static let timings = 3

    /// The probe's time in microseconds.
    public static func measure() -> Double {
        var state = KeccakState()
        var best = UInt64.max
        for _ in 0..<timings {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<permutations { KeccakF1600.permute(&state) }
            best = min(best, DispatchTime.now().uptimeNanoseconds &- start)
        }
        sink = state.a00   // the permutations must happen: their result is kept
        return Double(best) / 1000
    }

    /// The last probe's first lane. Written, never read: it keeps the work observable.
    nonisolated(unsafe) private static var sink: UInt64 = 0

    /// One line for a sweep's summary: the probe's median over the runs, how far the slowest
    /// run's probe lay above it, and how many attempts `--max-drift` dropped. nil when no run
    /// has a probe (CSV files from before the column was added).
    public static func summary(_ probes: [Double], retries: Int = 0) -> String? {
        guard let low = probes.min(), let high = probes.max(), low > 0 else { return nil }
        let median = Statistics.median(probes)
        var line = String(format: "machine speed, timed around each run (probe_us): median %.1f µs, range %.1f–%.1f; "
                            + "the slowest run's probe took %.0f%% longer than the median", median, low, high,
                          (high / median - 1) * 100)
        if retries > 0 { line += "; \(retries) attempts on a slowed machine measured again (drift_retries)" }
        return line
    }
}
