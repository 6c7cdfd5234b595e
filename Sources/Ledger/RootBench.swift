import Dispatch
import Foundation
import Primitives
import StateAccess

/// The state-root benchmark behind `ledgerbench rootbench`: a synthetic state of N accounts with
/// a few storage slots each, its full root with different worker counts (each on a fresh copy),
/// the incremental root after updating random accounts, and the memory per account.
public enum RootBench {
    public struct Config: Sendable {
        public var accounts = 1_000_000
        public var updates = 10_000
        public var workers = [1, 2]
        public var shards = 16
        public var slotsPerAccount = 3
        public var seed: UInt64 = 1
        /// Incremental rounds per kind (each on fresh random accounts); min and median are printed.
        public var rounds = 1
        public init() {}
    }

    /// Runs the benchmark, reporting each figure through `log` as it is measured.
    /// `allocatedBytes` reads the allocator's statistics (jemalloc `stats.allocated`; passed in so
    /// the ledger does not depend on the allocator module); `allocator` names it.
    public static func run(_ config: Config, allocator: String, allocatedBytes: () -> UInt64?,
                           log: (String) -> Void) throws {
        var rng = BenchRandom(state: config.seed)
        let maxWorkers = config.workers.max() ?? 1
        log("rootbench: \(config.accounts) accounts × \(config.slotsPerAccount) slots, \(config.shards) shards, workers \(config.workers), allocator \(allocator)")

        let base = try ShardedLedger(shardCount: config.shards, workers: maxWorkers)
        var addresses: [Address] = []
        addresses.reserveCapacity(config.accounts)
        var t = DispatchTime.now()
        let chunk = 100_000
        var made = 0
        while made < config.accounts {
            var ws = WriteSet()
            let n = Swift.min(chunk, config.accounts - made)
            ws.accounts.reserveCapacity(n)
            for _ in 0..<n {
                let a = Address(hi: rng.next(), mid: rng.next(), lo: UInt32(truncatingIfNeeded: rng.next()))
                var storage: [U256: U256] = [:]
                for _ in 0..<config.slotsPerAccount { storage[U256(rng.next() % 1024)] = U256(w0: rng.next() | 1, w1: rng.next() % 4, w2: 0, w3: 0) }
                ws.accounts[a] = AccountWrite(info: AccountInfo(nonce: rng.next() % 100, balance: U256(w0: rng.next(), w1: rng.next() % 16, w2: 0, w3: 0)), storage: storage)
                addresses.append(a)
            }
            base.apply([ws])
            made += n
        }
        log(String(format: "load (apply, %d workers): %.3f s", maxWorkers, seconds(since: t)))

        // Warm-up: one untimed copy and root, so that every timed run finds the allocator's pages
        // already mapped (otherwise the first configuration pays the page faults).
        // It also measures memory: one ledger copy with every trie built, nothing freed meanwhile.
        do {
            let before = allocatedBytes()
            let warm = base.copy()
            _ = warm.stateRoot()
            if let b = before, let a = allocatedBytes() {
                log(String(format: "memory: %.0f bytes/account (jemalloc stats.allocated growth for one ledger copy with all tries built: %.1f MB)",
                           Double(a &- b) / Double(config.accounts), Double(a &- b) / 1e6))
            }
            withExtendedLifetime(warm) {}
        }
        var last: ShardedLedger?
        var fullTimes: [Int: Double] = [:]
        var criticalPaths: [Int: Double] = [:]
        var root = Bytes32.zero
        for w in config.workers {
            last = nil
            let l = base.copy()
            l.workers = w
            t = DispatchTime.now()
            let cpu0 = processCPUSeconds()
            let r = l.stateRoot()
            let s = seconds(since: t)
            let cpu = processCPUSeconds() - cpu0
            fullTimes[w] = s
            let workerCPU = l.lastWorkerCPUSeconds
            let critical = (workerCPU.max() ?? 0) + Swift.max(0, cpu - workerCPU.reduce(0, +))
            criticalPaths[w] = critical
            if root != .zero && r != root { log("ERROR: roots differ between worker counts") }
            root = r
            log(String(format: "full root, %d worker(s): %.3f s wall, %.3f s process CPU, critical path %.3f s CPU (per-worker CPU %@ + serial) (keccak calls %d, nodes %d)  root %@",
                       w, s, cpu, critical, workerCPU.map { String(format: "%.3f", $0) }.joined(separator: "/"), l.keccakCalls, l.nodesEncoded, r.hex))
            last = l
        }
        if let one = fullTimes[1], let two = fullTimes[2] {
            log(String(format: "speed-up 2 workers vs 1: %.2f× wall; %.2f× by critical-path CPU (what an otherwise idle 2-core machine would show)",
                        one / two, (criticalPaths[1] ?? 0) / Swift.max(criticalPaths[2] ?? 1, 1e-9)))
        }

        guard let ledger = last else { return }
        ledger.workers = 1
        for withStorage in [false, true] {
            var wallTimes: [Double] = [], cpuTimes: [Double] = []
            for _ in 0..<Swift.max(1, config.rounds) {
                let (wall, cpu) = incrementalRound(ledger, addresses: addresses, updates: config.updates,
                                                   withStorage: withStorage, rng: &rng, log: log)
                wallTimes.append(wall); cpuTimes.append(cpu)
            }
            if wallTimes.count > 1 {
                let w = wallTimes.sorted(), c = cpuTimes.sorted()
                log(String(format: "  over %d rounds: wall min %.1f / median %.1f ms, CPU min %.1f / median %.1f ms",
                           w.count, w[0] * 1000, w[w.count / 2] * 1000, c[0] * 1000, c[c.count / 2] * 1000))
            }
        }
    }

    /// Updates `updates` random accounts (balance, and one slot each `withStorage`), then times
    /// the root alone; returns its wall and CPU seconds.
    private static func incrementalRound(_ ledger: ShardedLedger, addresses: [Address], updates: Int, withStorage: Bool,
                                         rng: inout BenchRandom, log: (String) -> Void) -> (Double, Double) {
        var ws = WriteSet()
        while ws.accounts.count < Swift.min(updates, addresses.count) {
            let a = addresses[Int(rng.next() % UInt64(addresses.count))]
            let storage: [U256: U256] = withStorage ? [U256(rng.next() % 1024): U256(rng.next() | 1)] : [:]
            ws.accounts[a] = AccountWrite(balanceDelta: U256(rng.next() % 1000 + 1), storage: storage)
        }
        var t = DispatchTime.now()
        ledger.apply([ws])
        let applyTime = seconds(since: t)
        let k0 = ledger.keccakCalls, n0 = ledger.nodesEncoded
        t = DispatchTime.now()
        let cpu0 = processCPUSeconds()
        let r = ledger.stateRoot()
        let rootTime = seconds(since: t)
        let cpu = processCPUSeconds() - cpu0
        let k = ledger.keccakCalls - k0, n = ledger.nodesEncoded - n0
        log(String(format: "incremental root after %d account updates%@, 1 worker: %.1f ms wall, %.1f ms CPU (apply %.1f ms)  keccak calls %d, nodes on changed paths %d, ratio %.2f  root %@",
                   ws.accounts.count, withStorage ? " (balance + 1 slot each)" : " (balance)", rootTime * 1000, cpu * 1000, applyTime * 1000,
                   k, n, Double(k) / Double(Swift.max(n, 1)), r.hex))
        return (rootTime, cpu)
    }

    /// CPU time of the whole process: on a shared machine wall time includes waiting for a core.
    static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func seconds(since t: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9
    }
}

/// SplitMix64: a fast deterministic generator for synthetic states.
struct BenchRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}
