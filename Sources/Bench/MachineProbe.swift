import Foundation
import Primitives

/// Fixed work, timed before and after every measured run, so that a sweep says how much the
/// machine itself changed speed while it ran.
///
/// Why: on a shared or virtual machine the same binary's time moves by more than most effects
/// users measure. On the 2-core guest this tool is developed on, the sequential executor took
/// 35 ms for a 10,000-transaction ERC-20 block in one hour and 46 ms in the next, and two
/// copies of one binary, alternated over six rounds, differed by 8.5%. A run whose probe is
/// slow ran on a slowed machine: users can set it aside, see that a difference between
/// strategies is smaller than the machine's own drift, or have it measured again (`--max-drift`).
///
/// Two parts, because a neighbour can slow either: compute (Keccak-f permutations, as the EVM
/// hashes) and memory (a chase of dependent loads through 8 MiB, most of them from the shared
/// last-level cache, which a neighbour's traffic evicts). The probe is their sum.
public enum MachineProbe {
    /// Permutations per timing: about 36 µs on this guest's cores.
    static let permutations = 128
    /// Dependent loads per timing, each from a random line of `ring`.
    static let chaseSteps = 256
    /// Timings per part; each part counts its fastest (an interrupt lengthens one, never
    /// shortens it).
    static let timings = 3

    /// The probe's time in microseconds.
    public static func measure() -> Double {
        var state = KeccakState()
        var compute = UInt64.max, memory = UInt64.max
        var line: Int32 = 0
        for _ in 0..<timings {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<permutations { KeccakF1600.permute(&state) }
            let middle = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<chaseSteps { line = ring[Int(line) &* lineInts] }
            let end = DispatchTime.now().uptimeNanoseconds
            compute = min(compute, middle &- start)
            memory = min(memory, end &- middle)
        }
        sink = state.a00 ^ UInt64(UInt32(bitPattern: line))   // the work must happen: its result is kept
        return Double(compute + memory) / 1000
    }

    /// The last probe's result. Written, never read: it keeps the work observable.
    nonisolated(unsafe) private static var sink: UInt64 = 0

    /// `Int32`s per 64-byte line.
    private static let lineInts = 16
    /// 8 MiB of lines, each holding (in its first `Int32`) the index of the next line of one
    /// random cycle through all of them (Sattolo's shuffle, fixed seed): no two steps of a
    /// chase hit one line, and no prefetcher can guess the next. Built on the first probe.
    nonisolated(unsafe) private static let ring: UnsafeMutablePointer<Int32> = {
        let lines = 8 << 20 / 64
        let ring = UnsafeMutablePointer<Int32>.allocate(capacity: lines * lineInts)
        ring.initialize(repeating: 0, count: lines * lineInts)
        var order = Array(0..<Int32(lines))
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in stride(from: lines - 1, to: 0, by: -1) {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            order.swapAt(i, Int((x >> 33) % UInt64(i)))
        }
        for i in 0..<lines { ring[Int(order[i]) * lineInts] = order[(i + 1) % lines] }
        return ring
    }()

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
