import ArgumentParser
import Bench
import Execution
import Workloads

/// Flags shared by `sweep` and `model`: every axis takes a comma-separated list.
struct SweepOptions: ParsableArguments {
    @Option(help: "Workloads: \(WorkloadKind.allCases.map(\.rawValue).joined(separator: ",")).")
    var workload: String = WorkloadKind.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Block files to sweep instead of generated workloads (comma-separated).")
    var block: String?
    @Option(help: "Strategies: sequential,blockstm,sharded (sequential always runs as the baseline).")
    var strategy: String = "sequential,blockstm,sharded"
    @Option(help: "Thread counts (default 1,2,4,… up to 2 × cores).")
    var threads: String?
    @Option(help: "Shard counts: 1, 16 or 256.")
    var shards: String = "16"
    @Option(help: "Transactions per block.")
    var txs: String = "2000"
    @Option(help: "Accounts per block.")
    var accounts: String = "10000"
    @Option(help: "Zipf exponents of the hot-spot skew (with --hot-fraction, a product axis).")
    var zipf: String?
    @Option(help: "Fractions of transactions touching one hot account or contract.")
    var hotFraction: String?
    @Option(help: "Contention presets instead of --zipf/--hot-fraction: low (zipf 0, hot 0), high (zipf 1.2, hot 0.6).")
    var contention: String?
    @Option(help: "Workload seeds.")
    var seed: String = "1"
    @Option(help: "Warm-up passes (not recorded).")
    var warmup: Int = 1
    @Option(help: "Measured passes (medians are reported).")
    var repeats: Int = 3
    @Option(help: "CPU caches at the start of each measured pass: warm (as the pass before left them) or cold (emptied on every core first).")
    var cache: String = "warm"
    @OptionGroup var drift: DriftOption

    func configuration(base: SweepConfiguration = SweepConfiguration()) throws -> SweepConfiguration {
        var c = base
        if let block { c.blockFiles = Self.list(block) } else {
            c.workloads = try Self.list(workload).map { name in
                guard let w = WorkloadKind(rawValue: name) else {
                    throw ValidationError("unknown workload '\(name)' (known: \(WorkloadKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return w
            }
        }
        c.strategies = try Self.list(strategy).map { name in
            guard let s = ExecutionStrategy(rawValue: name) else { throw ValidationError("unknown strategy '\(name)' (known: sequential, blockstm, sharded)") }
            return s
        }
        if let threads { c.threads = try Self.ints(threads, "--threads") }
        c.shards = try Self.ints(shards, "--shards")
        c.txs = try Self.ints(txs, "--txs")
        c.accounts = try Self.ints(accounts, "--accounts")
        if let contention {
            c.contention = try Self.list(contention).map { name in
                guard let k = SweepConfiguration.Contention.named(name) else { throw ValidationError("unknown contention '\(name)' (low, high)") }
                return k
            }
        } else if zipf != nil || hotFraction != nil {
            c.contention = SweepConfiguration.contention(zipf: try Self.doubles(zipf ?? "0", "--zipf"),
                                                         hotFraction: try Self.doubles(hotFraction ?? "0", "--hot-fraction"))
        }
        c.seeds = try Self.list(seed).map { s in
            guard let v = UInt64(s) else { throw ValidationError("invalid --seed '\(s)': expected a non-negative integer") }
            return v
        }
        c.warmup = warmup
        c.repeats = repeats
        switch cache {
        case "warm": c.coldCaches = false
        case "cold": c.coldCaches = true
        default: throw ValidationError("unknown --cache '\(cache)' (warm, cold)")
        }
        drift.apply(to: &c)
        do { try c.validate() } catch { throw ValidationError("\(error)") }
        return c
    }

    static func list(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func ints(_ s: String, _ flag: String) throws -> [Int] {
        try list(s).map { v in
            guard let i = Int(v) else { throw ValidationError("invalid \(flag) '\(v)': expected whole numbers") }
            return i
        }
    }

    static func doubles(_ s: String, _ flag: String) throws -> [Double] {
        try list(s).map { v in
            guard let d = Double(v), d.isFinite else { throw ValidationError("invalid \(flag) '\(v)': expected numbers") }
            return d
        }
    }
}
