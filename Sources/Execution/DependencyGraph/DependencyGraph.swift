import Foundation
import Primitives
import StateAccess
import Blocks
import EVM

/// How parallel a block can be at best: its transactions' dependency graph from a sequential
/// run (transaction `j` depends on the latest `i < j` that wrote a location `j` read), each
/// transaction weighed by its measured sequential execution time.
public struct DependencyReport: Sendable {
    public var transactionCount: Int
    /// Sum of all transactions' execution times, nanoseconds.
    public var totalWork: Double
    /// Heaviest path through the graph, nanoseconds: no schedule finishes sooner.
    public var criticalPath: Double
    /// Most transactions on one dependency chain.
    public var longestChain: Int
    /// Accounts and storage slots the block read or wrote.
    public var distinctAccounts: Int
    public var distinctSlots: Int
    /// Dependency edges (deduplicated per transaction).
    public var edges: Int
    /// Per transaction: weight (ns) and the transactions it depends on.
    public var weights: [Double]
    public var dependencies: [[Int32]]
    /// What declared footprints would skip in this block (`FootprintSummary`).
    public var footprints = FootprintSummary()

    /// Sets the weights (the graph stays) and derives total work and critical path from them.
    mutating func reweigh(_ newWeights: [Double]) {
        precondition(newWeights.count == transactionCount)
        weights = newWeights
        var finish = [Double](repeating: 0, count: transactionCount)
        for j in 0..<transactionCount {
            var f = 0.0
            for d in dependencies[j] { f = max(f, finish[Int(d)]) }
            finish[j] = f + weights[j]
        }
        totalWork = weights.reduce(0, +)
        criticalPath = finish.max() ?? 0
    }

    /// totalWork ÷ criticalPath: the speedup with unlimited workers.
    public var unboundedSpeedup: Double { criticalPath > 0 ? totalWork / criticalPath : 1 }

    /// The speedup bound for `threads` workers: total work ÷ the makespan of list-scheduling the
    /// graph on that many workers (transactions in block order, each on the earliest free
    /// worker, not before its dependencies finish). Ignores all scheduling overhead.
    public func idealSpeedup(threads: Int) -> Double {
        guard threads >= 1, totalWork > 0 else { return 1 }
        var free = [Double](repeating: 0, count: threads)
        var finish = [Double](repeating: 0, count: transactionCount)
        var makespan = 0.0
        for j in 0..<transactionCount {
            var ready = 0.0
            for d in dependencies[j] { ready = max(ready, finish[Int(d)]) }
            var w = 0
            for k in 1..<threads where free[k] < free[w] { w = k }
            let end = max(ready, free[w]) + weights[j]
            free[w] = end
            finish[j] = end
            makespan = max(makespan, end)
        }
        return makespan > 0 ? totalWork / makespan : 1
    }
}

/// What Block-STM's declared footprints (`DeclaredFootprints`) make of a block: each call
/// declares its sender and recipient; an account's first declaring transaction reads it
/// without the multi-version memory, its last writes it without a version. Counted exactly
/// (the executor's table can only skip less), with the executor's exceptions: the coinbase
/// and the block's hot payees are never skipped.
public struct FootprintSummary: Sendable, Equatable {
    /// Transactions, and how many declare a footprint (a creation does not; then none is used).
    public var transactions = 0
    public var declaring = 0
    /// The first transaction of the sequential run that read or wrote an account outside its
    /// footprint and the lazy accounts: the executor would drop its run and start again
    /// without footprints.
    public var firstEscape: Int? = nil
    /// Declared (transaction, account) pairs, not counting lazy accounts, and those where the
    /// transaction is the account's first and last declarer.
    public var declaredAccounts = 0
    public var firstDeclarers = 0
    public var lastDeclarers = 0

    public init() {}

    /// Whether Block-STM would run the block with footprints to the end.
    public var applies: Bool { transactions > 0 && declaring == transactions && firstEscape == nil }

    /// The accounts no footprint needs to declare and none skips: the executor's `LazyAccounts`.
    static func lazyAccounts<P: BlockProgram>(_ program: P) -> Set<Address> {
        Set([program.beneficiary] + program.hotPayees(limit: LazyAccounts.capacity - 1))
    }

    static func count<P: BlockProgram>(_ program: P) -> FootprintSummary {
        var summary = FootprintSummary()
        let n = program.transactionCount
        summary.transactions = n
        let lazy = lazyAccounts(program)
        var first: [Address: Int] = [:], last: [Address: Int] = [:]
        var pairs: [(Int, Address)] = []
        for tx in 0..<n {
            guard let f = program.footprint(tx) else { continue }
            summary.declaring += 1
            for a in f.from == f.to ? [f.from] : [f.from, f.to] where !lazy.contains(a) {
                if first[a] == nil { first[a] = tx }
                last[a] = tx
                pairs.append((tx, a))
            }
        }
        summary.declaredAccounts = pairs.count
        for (tx, a) in pairs {
            if first[a] == tx { summary.firstDeclarers += 1 }
            if last[a] == tx { summary.lastDeclarers += 1 }
        }
        return summary
    }
}

public enum DependencyAnalysis {
    /// Executes `block` sequentially on `base`, recording every transaction's reads, writes and
    /// time, and builds its dependency report.
    ///
    /// `timingPasses` > 1 executes the block that many times (each on a fresh overlay of `base`)
    /// and weighs each transaction by its median time. Why: one pass times each transaction
    /// once, and a single preempted or cache-cold transaction of 100 µs among 2-µs transfers
    /// caps the bound at 64 workers below 30 — a property of that one measurement, not of the
    /// block. Two workers hardly notice (the bound is total work ÷ makespan), many do.
    public static func analyze(_ block: Block, base: any StateView, timingPasses: Int = 1) throws(ExecutionInterrupt) -> DependencyReport {
        try analyze(EVMProgram(block: block), base: base, timingPasses: timingPasses)
    }

    static func analyze<P: BlockProgram>(_ program: P, base: any StateView, timingPasses: Int = 1) throws(ExecutionInterrupt) -> DependencyReport {
        var report = try analyzeOnce(program, base: base)
        let escape = report.footprints.firstEscape
        report.footprints = FootprintSummary.count(program)
        report.footprints.firstEscape = escape
        guard timingPasses > 1 else { return report }
        var samples = report.weights.map { [$0] }
        for _ in 1..<timingPasses {
            let weights = try analyzeOnce(program, base: base).weights
            for j in weights.indices { samples[j].append(weights[j]) }
        }
        report.reweigh(samples.map { Self.median($0) })
        return report
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
    }

    private static func analyzeOnce<P: BlockProgram>(_ program: P, base: any StateView) throws(ExecutionInterrupt) -> DependencyReport {
        let n = program.transactionCount
        let overlay = OverlayState(base: base, expectedAccounts: 2 * n + 2)   // as sized by the sequential executor: no rehash inside a timed transaction
        let recorder = RecordingView(inner: overlay)
        let runner = program.makeRunner()
        var weights = [Double](repeating: 0, count: n)
        var dependencies = [[Int32]](repeating: [], count: n)
        var lastWriter: [DependencyLocation: Int] = [:]
        /// Latest transaction that wrote any slot of (or wiped) an account: what `hasStorage` depends on.
        var lastStorageWriter: [Address: Int] = [:]
        var accounts = Set<Address>(), slots = Set<DependencyLocation>()
        var used: UInt64 = 0
        let lazy = FootprintSummary.lazyAccounts(program)
        var firstEscape: Int? = nil
        for j in 0..<n {
            guard BlockGasRule.fits(gasLimit: program.gasLimit(j), blockGasLimit: program.blockGasLimit, used: used) else { continue }
            recorder.reads.removeAll(keepingCapacity: true)
            let start = ContinuousClock.now
            let result = try runner.execute(j, view: recorder)
            weights[j] = Double(nanoseconds(since: start))
            var deps = Set<Int>()
            for read in recorder.reads {
                switch read {
                case .account(let a):
                    accounts.insert(a)
                    if let i = lastWriter[read] { deps.insert(i) }
                case .storage(let a, _):
                    accounts.insert(a); slots.insert(read)
                    if let i = lastWriter[read] { deps.insert(i) }
                    if let i = lastWriter[.storageClear(a)] { deps.insert(i) }
                case .hasStorage(let a), .storageClear(let a):
                    accounts.insert(a)
                    if let i = lastStorageWriter[a] { deps.insert(i) }
                case .codeHash(let a):
                    accounts.insert(a)
                    if let i = lastWriter[read] { deps.insert(i) }
                }
            }
            dependencies[j] = deps.sorted().map { Int32($0) }
            if firstEscape == nil, let f = program.footprint(j) {
                func outside(_ a: Address) -> Bool { a != f.from && a != f.to && !lazy.contains(a) }
                var escapes = false
                for read in recorder.reads {
                    switch read {
                    case .account(let a), .codeHash(let a): if outside(a) { escapes = true }
                    default: break
                    }
                }
                if case .included(_, _, let writes) = result, writes.accounts.keys.contains(where: outside) { escapes = true }
                if escapes { firstEscape = j }
            }
            if case .included(_, let gasUsed, let writes) = result {
                used += gasUsed
                overlay.apply(writes)
                for (a, w) in writes.accounts {
                    accounts.insert(a)
                    // A storage-only write leaves the account location (nonce, balance, code hash) as it was:
                    // counting it would chain every call to a hot contract through its account.
                    if w.info != nil || w.deleted || w.code != nil || !w.balanceDelta.isZero { lastWriter[.account(a)] = j }
                    if w.info != nil || w.deleted || w.code != nil { lastWriter[.codeHash(a)] = j }
                    if w.deleted || w.storageCleared { lastWriter[.storageClear(a)] = j; lastStorageWriter[a] = j }
                    for (s, _) in w.storage {
                        lastWriter[.storage(a, s)] = j; slots.insert(.storage(a, s)); lastStorageWriter[a] = j
                    }
                }
            }
        }
        var chain = [Int](repeating: 0, count: n)
        for j in 0..<n {
            var c = 0
            for d in dependencies[j] { c = max(c, chain[Int(d)]) }
            chain[j] = c + (weights[j] > 0 ? 1 : 0)
        }
        var report = DependencyReport(transactionCount: n, totalWork: 0, criticalPath: 0,
                                      longestChain: chain.max() ?? 0, distinctAccounts: accounts.count, distinctSlots: slots.count,
                                      edges: dependencies.reduce(0) { $0 + $1.count }, weights: [], dependencies: dependencies)
        report.footprints.firstEscape = firstEscape
        report.reweigh(weights)
        return report
    }
}

/// A location as the dependency graph sees it.
enum DependencyLocation: Hashable, Sendable {
    case account(Address)
    case storage(Address, U256)
    case hasStorage(Address)
    case storageClear(Address)
    /// The code hash alone: changed by full account writes, not by balance credits.
    case codeHash(Address)
}

/// Wraps the sequential overlay and records which locations a transaction read.
final class RecordingView: StateView {
    let inner: any StateView
    var reads: [DependencyLocation] = []
    init(inner: any StateView) { self.inner = inner }

    func account(_ address: Address) throws(StateViewError) -> AccountInfo? {
        reads.append(.account(address)); return try inner.account(address)
    }
    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 {
        reads.append(.storage(address, slot)); return try inner.storage(address, slot: slot)
    }
    func hasStorage(_ address: Address) throws(StateViewError) -> Bool {
        reads.append(.hasStorage(address)); return try inner.hasStorage(address)
    }
    func codeHash(_ address: Address) throws(StateViewError) -> Bytes32 {
        reads.append(.codeHash(address)); return try inner.codeHash(address)
    }
    func code(hash: Bytes32) -> [UInt8] { inner.code(hash: hash) }
    func blockHash(_ number: UInt64) -> Bytes32 { inner.blockHash(number) }
}
