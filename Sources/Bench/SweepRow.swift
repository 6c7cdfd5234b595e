import Foundation

/// One measured run: one CSV row. Column names are the README's, exactly.
public struct SweepRow: Sendable {
    public var workload: String
    public var strategy: String
    public var threads: Int
    public var shards: Int
    public var txs: Int
    public var accounts: Int
    /// nil for imported block files (no generator knobs).
    public var zipf: Double?
    public var hotFraction: Double?
    public var seed: UInt64?
    public var repeatIndex: Int
    public var gasUsed: UInt64
    public var execMs: Double
    public var commitMs: Double
    public var rootMs: Double
    public var totalMs: Double { execMs + commitMs + rootMs }
    public var txPerSecond: Double { totalMs > 0 ? Double(txs) / (totalMs / 1000) : 0 }
    public var mgasPerSecond: Double { totalMs > 0 ? Double(gasUsed) / 1e6 / (totalMs / 1000) : 0 }
    /// Median sequential total_ms of the same configuration ÷ this run's total_ms.
    public var speedup: Double = 0
    public var executions: Int
    public var aborts: Int
    public var validations: Int
    public var idealSpeedup: Double
    public var stateRoot: String
    public var allocator: String
    /// nil under the system allocator.
    public var allocatedMB: Double?
    public var peakRssMB: Double?
    public var cores: Int
    public var version: String
    /// "cold" when the caches were emptied before the pass (`SweepConfiguration.coldCaches`), else "warm".
    public var cache: String = "warm"
    /// Page faults of the process during execution and during the whole run (`TimedRun`).
    public var execFaults: UInt64 = 0
    public var faults: UInt64 = 0
    /// Block-STM's declared footprints (`ExecutionStats`): account reads and writes that skipped
    /// the multi-version memory, and whether the run dropped them and ran the block again.
    public var unloggedReads = 0
    public var unversionedWrites = 0
    public var footprintFallback = false
    /// The machine probe timed just before this run (`MachineProbe`), in microseconds: nil in
    /// files from before the column.
    public var probeUs: Double?
    /// Attempts of this run dropped because the machine was slowed (`SweepConfiguration.maxDrift`).
    public var driftRetries = 0
    /// A parallel run's execution time by phase (`ParallelPhases`), in milliseconds: start,
    /// setup, scheduler loop, settle. nil for the sequential executor, a block below the
    /// parallel threshold, and files from before the columns.
    public var phasesMs: (start: Double, setup: Double, loop: Double, settle: Double)?
    /// Identifies the configuration the speedup is computed within (block × shards).
    public var configurationKey: String

    /// The key of a block × shard count within one sweep, built from the columns that name it:
    /// the sweep keys its rows with it (`SweepRunner.measure`), and a CSV read back rebuilds it.
    static func configurationKey(workload: String, txs: Int, accounts: Int, zipf: Double?, hotFraction: Double?,
                                 seed: UInt64?, shards: Int) -> String {
        "\(workload)|\(txs)|\(accounts)|\(zipf ?? -1)|\(hotFraction ?? -1)|\(seed ?? 0)|\(shards)"
    }

    /// The key of one run (configuration, strategy, threads): what `groupedByRun` groups by and
    /// the breakdown looks medians up by.
    static func runKey(configuration: String, strategy: String, threads: Int) -> String {
        "\(configuration)|\(strategy)|\(threads)"
    }

    var runKey: String { Self.runKey(configuration: configurationKey, strategy: strategy, threads: threads) }

    /// The runs of each (configuration, strategy, threads), in the order each first appears:
    /// what the summary and the breakdown take medians over.
    static func groupedByRun(_ rows: [SweepRow]) -> [[SweepRow]] {
        var groups: [String: [SweepRow]] = [:]
        var order: [String] = []
        for m in rows {
            let k = m.runKey
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(m)
        }
        return order.map { groups[$0]! }
    }

    public static let columns = ["workload", "strategy", "threads", "shards", "txs", "accounts", "zipf", "hot_fraction",
                                 "seed", "repeat", "gas_used", "exec_ms", "commit_ms", "root_ms", "total_ms", "tx_per_s",
                                 "mgas_per_s", "speedup", "executions", "aborts", "validations", "ideal_speedup",
                                 "state_root", "allocator", "allocated_mb", "peak_rss_mb", "cores", "version", "cache",
                                 "exec_faults", "faults", "unlogged_reads", "unversioned_writes", "footprint_fallback", "probe_us",
                                 "drift_retries", "start_ms", "setup_ms", "loop_ms", "settle_ms"]

    public var fields: [String] {
        func f(_ d: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", d) }
        return [workload, strategy, String(threads), String(shards), String(txs), String(accounts),
                zipf.map { f($0, 2) } ?? "", hotFraction.map { f($0, 2) } ?? "", seed.map(String.init) ?? "",
                String(repeatIndex), String(gasUsed), f(execMs), f(commitMs), f(rootMs), f(totalMs), f(txPerSecond, 0),
                f(mgasPerSecond, 1), f(speedup), String(executions), String(aborts), String(validations), f(idealSpeedup),
                stateRoot, allocator, allocatedMB.map { f($0, 2) } ?? "", peakRssMB.map { f($0, 1) } ?? "",
                String(cores), version, cache, String(execFaults), String(faults),
                String(unloggedReads), String(unversionedWrites), footprintFallback ? "1" : "0",
                probeUs.map { f($0, 2) } ?? "", String(driftRetries),
                phasesMs.map { f($0.start) } ?? "", phasesMs.map { f($0.setup) } ?? "",
                phasesMs.map { f($0.loop) } ?? "", phasesMs.map { f($0.settle) } ?? ""]
    }
}
