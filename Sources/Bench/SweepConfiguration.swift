import Foundation
import Blocks
import Execution
import Workloads

/// What a sweep measures: every combination of its axes. Each list is one axis.
public struct SweepConfiguration: Sendable {
    /// A named contention preset: a (zipf, hot fraction) pair.
    public struct Contention: Sendable, Hashable {
        public var name: String, zipf: Double, hotFraction: Double
        public static let low = Contention(name: "low", zipf: 0, hotFraction: 0)
        public static let high = Contention(name: "high", zipf: 1.2, hotFraction: 0.6)
        public static func named(_ s: String) -> Contention? { s == "low" ? .low : s == "high" ? .high : nil }
    }

    public var workloads: [WorkloadKind] = WorkloadKind.allCases
    /// Block files swept instead of generated workloads (when non-empty).
    public var blockFiles: [String] = []
    public var strategies: [ExecutionStrategy] = ExecutionStrategy.allCases
    public var threads: [Int] = SweepConfiguration.defaultThreads
    public var shards: [Int] = [16]
    public var txs: [Int] = [2_000]
    public var accounts: [Int] = [10_000]
    /// (zipf, hot fraction) points: the product of the `zipf` and `hotFraction` lists, or presets.
    public var contention: [Contention] = [.low]
    public var seeds: [UInt64] = [1]
    public var warmup = 1
    public var repeats = 3
    public var revertFraction = 0.05
    /// Whether every measured pass starts with the CPU caches emptied on every core
    /// (`CacheEviction`): cold. Warm (false, the default) leaves them as the pass before left them.
    public var coldCaches = false
    /// When set, a measured run whose machine probe (`MachineProbe`, timed before and after
    /// it) lies more than this fraction above the fastest probe of the sweep is measured again,
    /// up to `driftAttempts` times in all; the row keeps its last attempt and says how many
    /// were dropped (`drift_retries`). nil (the default): every run is kept as measured.
    public var maxDrift: Double?
    /// Attempts per run under `maxDrift`: a machine slowed for longer than that keeps the sweep
    /// going, and its rows show it.
    public static let driftAttempts = 5

    public init() {}

    /// 1, 2, 4, … up to twice the core count.
    public static var defaultThreads: [Int] {
        let limit = 2 * ProcessInfo.processInfo.activeProcessorCount
        var out: [Int] = [], t = 1
        while t <= limit { out.append(t); t *= 2 }
        return out
    }

    /// The contention axis as the product of zipf exponents and hot fractions.
    public static func contention(zipf: [Double], hotFraction: [Double]) -> [Contention] {
        zipf.flatMap { z in hotFraction.map { h in Contention(name: "z\(z)-h\(h)", zipf: z, hotFraction: h) } }
    }

    /// The main job: every workload at low and high contention, a few thread counts, about two
    /// minutes on a 2-core machine.
    public static var defaultJob: SweepConfiguration {
        var c = SweepConfiguration()
        c.contention = [.low, .high]
        c.txs = [5_000]
        c.accounts = [20_000]
        c.threads = [1, 2, 4]
        c.warmup = 1
        c.repeats = 5
        return c
    }

    /// Checks every axis, so a bad value is reported before minutes of work.
    public func validate() throws(SweepError) {
        if threads.isEmpty || threads.contains(where: { $0 < 1 || $0 > 1024 }) {
            throw .invalid("--threads", "every thread count must be between 1 and 1024 (got \(threads.map(String.init).joined(separator: ",")))")
        }
        if shards.isEmpty || shards.contains(where: { ![1, 16, 256].contains($0) }) {
            throw .invalid("--shards", "shard counts must be 1, 16 or 256 (got \(shards.map(String.init).joined(separator: ",")))")
        }
        if strategies.isEmpty { throw .invalid("--strategy", "no strategy given") }
        if blockFiles.isEmpty {
            if workloads.isEmpty { throw .invalid("--workload", "no workload given") }
            if txs.contains(where: { $0 < 1 }) { throw .invalid("--txs", "must be at least 1") }
            if accounts.contains(where: { $0 < 2 }) { throw .invalid("--accounts", "must be at least 2") }
        }
        if warmup < 0 { throw .invalid("--warmup", "must be 0 or more") }
        if repeats < 1 { throw .invalid("--repeats", "must be at least 1") }
        if let d = maxDrift, !(d > 0 && d <= 1) { throw .invalid("--max-drift", "must be a percentage above 0 and at most 100") }
    }
}

public enum SweepError: Error, CustomStringConvertible, Equatable {
    case invalid(String, String)
    case rootMismatch(String)
    case failed(String)

    public var description: String {
        switch self {
        case .invalid(let flag, let why): return "invalid \(flag): \(why)"
        case .rootMismatch(let what): return "state root mismatch — the parallel result differs from sequential: \(what)"
        case .failed(let why): return why
        }
    }
}
