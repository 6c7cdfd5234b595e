import Foundation
import Primitives
import StateAccess
import Blocks
import Ledger
import Execution
import Workloads
import Allocator

/// Runs a sweep. For every block (generated workload or file) and shard count it builds the
/// genesis ledger once, analyses the block's dependency graph once, then runs warm-up and
/// measured passes; within a pass the sequential baseline and every parallel configuration run
/// one after another, so machine drift hits them alike. Each run starts from a fresh copy of
/// the genesis ledger (copied outside the timed region), between two machine probes
/// (`MachineProbe`; with `maxDrift`, a run on a slowed machine is measured again). Every run's
/// state root must equal the sequential root, or the sweep stops with an error.
public final class SweepRunner {
    public let configuration: SweepConfiguration
    /// Called after each run with (runs done, runs total).
    public var progress: (@Sendable (Int, Int) -> Void)?
    public static let version = "0.1.0"

    private var executors: [Int: [Int: ParallelExecutor]] = [:]
    /// Each block's dependency analysis, per shard count, in the order measured: what
    /// `ideal_speedup` was computed from, kept for the scaling model.
    private(set) var analyses: [(subject: Subject, shards: Int, report: DependencyReport)] = []
    /// Tests only: report a wrong root for the first parallel run, to prove the check stops the sweep.
    var corruptRootForTesting = false

    public init(_ configuration: SweepConfiguration) { self.configuration = configuration }

    /// Made on the first cold pass (`SweepConfiguration.coldCaches`) and kept for the sweep.
    private var eviction: CacheEviction?

    /// One block to measure, with the knobs that made it.
    struct Subject {
        var name: String
        var block: Block
        var accounts: Int
        var zipf: Double?
        var hotFraction: Double?
        var seed: UInt64?
    }

    /// The (strategy, threads) runs of one pass: the sequential baseline first.
    var runPlan: [(ExecutionStrategy, Int)] {
        var plan: [(ExecutionStrategy, Int)] = [(.sequential, 1)]
        for s in configuration.strategies where s != .sequential {
            for t in configuration.threads { plan.append((s, t)) }
        }
        return plan
    }

    var subjectCount: Int {
        let c = configuration
        if !c.blockFiles.isEmpty { return c.blockFiles.count }
        return c.workloads.count * c.txs.count * c.accounts.count * c.contention.count * c.seeds.count
    }

    public var totalRuns: Int { subjectCount * configuration.shards.count * (configuration.warmup + configuration.repeats) * runPlan.count }

    /// Runs everything and returns one measurement per measured (non-warm-up) run.
    public func run() throws -> [SweepRow] {
        try configuration.validate()
        if configuration.maxDrift != nil {
            for _ in 0..<32 { probeReference = min(probeReference, probe()) }
        }
        var rows: [SweepRow] = []
        var done = 0
        for subject in try subjects() {
            for shards in configuration.shards {
                rows += try measure(subject, shards: shards, done: &done)
            }
        }
        Self.fillSpeedups(&rows)
        return rows
    }

    func subjects() throws -> [Subject] {
        let c = configuration
        if !c.blockFiles.isEmpty {
            return try c.blockFiles.map { path in
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                    throw SweepError.failed("cannot read \(path): \((error as NSError).localizedDescription)")
                }
                let block: Block
                do { block = try BlockFile.decode(data) } catch { throw SweepError.failed("\(path): \(error)") }
                let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                return Subject(name: name, block: block, accounts: block.pre.count, zipf: nil, hotFraction: nil, seed: nil)
            }
        }
        var out: [Subject] = []
        for w in c.workloads { for n in c.txs { for a in c.accounts { for k in c.contention { for seed in c.seeds {
            let p = WorkloadParameters(workload: w, txs: n, accounts: a, zipf: k.zipf, hotFraction: k.hotFraction,
                                       revertFraction: c.revertFraction, seed: seed)
            let block: Block
            do { block = try WorkloadGenerator.generate(p) } catch { throw SweepError.invalid("workload knobs", "\(error)") }
            out.append(Subject(name: w.rawValue, block: block, accounts: a, zipf: k.zipf, hotFraction: k.hotFraction, seed: seed))
        } } } } }
        return out
    }

    func executor(threads: Int, shards: Int) throws -> ParallelExecutor {
        if let e = executors[threads]?[shards] { return e }
        let e = try ParallelExecutor(threads: threads, shardCount: shards)
        executors[threads, default: [:]][shards] = e
        return e
    }

    /// Sequential passes whose per-transaction median times weigh the dependency graph behind
    /// `ideal_speedup` and the scaling model (`DependencyAnalysis.analyze`).
    public static let timingPasses = 3

    func measure(_ s: Subject, shards: Int, done: inout Int) throws -> [SweepRow] {
        let template = try ShardedLedger(genesis: s.block.pre, shardCount: shards, workers: 1)
        template.blockHashes = s.block.env.blockHashes
        _ = template.stateRoot()
        let analysis = try DependencyAnalysis.analyze(s.block, base: template, timingPasses: Self.timingPasses)
        analyses.append((s, shards, analysis))
        let key = SweepRow.configurationKey(workload: s.name, txs: s.block.transactions.count, accounts: s.accounts,
                                            zipf: s.zipf, hotFraction: s.hotFraction, seed: s.seed, shards: shards)
        var rows: [SweepRow] = []
        var sequentialRoot: Bytes32? = nil
        for pass in 0..<(configuration.warmup + configuration.repeats) {
            for (strategy, threads) in runPlan {
                let exec = try executor(threads: threads, shards: shards)
                var retries = 0
                var attempt = try timedRun(s, strategy: strategy, threads: threads, shards: shards, template: template, executor: exec)
                // A measured run timed on a slowed machine is measured again (`maxDrift`).
                while pass >= configuration.warmup, let drift = configuration.maxDrift,
                      attempt.probe > probeReference * (1 + drift), retries < SweepConfiguration.driftAttempts - 1 {
                    // At once: a pause would leave the caches and the core's clock colder than
                    // the pass before left them.
                    retries += 1
                    attempt = try timedRun(s, strategy: strategy, threads: threads, shards: shards, template: template, executor: exec)
                }
                let timed = attempt.timed, probe = attempt.probe, allocatedMB = attempt.allocatedMB
                let outcome = timed.outcome
                var root = timed.root
                if corruptRootForTesting && strategy != .sequential { root.w3 ^= 1 }
                if strategy == .sequential {
                    if let r = sequentialRoot, r != root {
                        throw SweepError.rootMismatch("\(s.name) sequential runs disagree: \(r.hex) vs \(root.hex)")
                    }
                    sequentialRoot = root
                } else if let r = sequentialRoot, r != root {
                    throw SweepError.rootMismatch("\(s.name) \(strategy.rawValue) threads=\(threads) shards=\(shards): \(root.hex), sequential \(r.hex)")
                }
                done += 1
                progress?(done, totalRuns)
                guard pass >= configuration.warmup else { continue }
                var m = SweepRow(
                    workload: s.name, strategy: strategy.rawValue, threads: threads, shards: shards,
                    txs: s.block.transactions.count, accounts: s.accounts, zipf: s.zipf, hotFraction: s.hotFraction,
                    seed: s.seed, repeatIndex: pass - configuration.warmup, gasUsed: outcome.gasUsed,
                    execMs: Double(timed.execNs) / 1e6, commitMs: Double(timed.commitNs) / 1e6, rootMs: Double(timed.rootNs) / 1e6,
                    executions: outcome.stats.executions, aborts: outcome.stats.aborts, validations: outcome.stats.validations,
                    idealSpeedup: strategy == .sequential ? 1 : analysis.idealSpeedup(threads: threads),
                    stateRoot: root.hex, allocator: AllocatorInfo.name, allocatedMB: nil,
                    peakRssMB: ProcessMemory.peakResidentBytes.map { Double($0) / 1_048_576 },
                    cores: MachineInfo.cores, version: Self.version, configurationKey: key)
                m.cache = configuration.coldCaches ? "cold" : "warm"
                m.execFaults = timed.execFaults
                m.faults = timed.faults
                m.unloggedReads = outcome.stats.unloggedReads
                m.unversionedWrites = outcome.stats.unversionedWrites
                m.footprintFallback = outcome.stats.footprintFallback != nil
                m.probeUs = probe
                m.allocatedMB = allocatedMB
                m.driftRetries = retries
                m.phasesMs = outcome.stats.phases?.milliseconds
                rows.append(m)
            }
        }
        return rows
    }

    /// The machine probe's fastest time so far (`MachineProbe`): the machine unslowed, as far
    /// as the sweep has seen. A run is timed on a slowed machine when its probe lies more than
    /// `SweepConfiguration.maxDrift` above it.
    private(set) var probeReference = Double.infinity
    /// Times the machine probe (`MachineProbe.measure`); tests substitute a scripted machine.
    var probe: () -> Double = MachineProbe.measure

    /// One timed run from a fresh copy of the genesis ledger, between two machine probes:
    /// `probe` is the slower of the two (the machine may slow down during the run).
    private func timedRun(_ s: Subject, strategy: ExecutionStrategy, threads: Int, shards: Int, template: ShardedLedger,
                          executor exec: ParallelExecutor) throws -> (timed: TimedRun<BlockOutcome>, probe: Double, allocatedMB: Double?) {
        let ledger = template.copy()
        ledger.workers = strategy == .sequential ? 1 : min(threads, shards)
        let before = probe()
        ProcessMemory.resetPeak()
        let allocatedBefore = AllocatorInfo.cumulativeAllocatedBytes
        if configuration.coldCaches {
            if eviction == nil { eviction = CacheEviction() }
            eviction?.evict()
        }
        let timed = try TimedRun.measure(execute: { try exec.execute(s.block, base: ledger, strategy: strategy) },
                                         commit: { ledger.apply($0.writeSets) },
                                         root: { ledger.stateRoot() })
        let allocatedAfter = AllocatorInfo.cumulativeAllocatedBytes
        let after = probe()
        probeReference = min(probeReference, before, after)
        var allocatedMB: Double? = nil
        if let a = allocatedBefore, let b = allocatedAfter { allocatedMB = Double(b &- a) / 1_048_576 }
        return (timed, max(before, after), allocatedMB)
    }

    /// speedup = median sequential total_ms of the same configuration ÷ the run's total_ms.
    static func fillSpeedups(_ rows: inout [SweepRow]) {
        var baseline: [String: Double] = [:]
        for key in Set(rows.map(\.configurationKey)) {
            baseline[key] = Statistics.median(rows.filter { $0.configurationKey == key && $0.strategy == "sequential" }.map(\.totalMs))
        }
        for i in rows.indices {
            if let b = baseline[rows[i].configurationKey], rows[i].totalMs > 0 { rows[i].speedup = b / rows[i].totalMs }
        }
    }
}
