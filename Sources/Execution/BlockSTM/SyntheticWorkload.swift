import Primitives
import StateAccess
import Blocks
import EVM
import Foundation

/// A tiny deterministic transaction model over the real `StateView`/`WriteSet` contract, to
/// test (and stress, and measure the overhead of) the executors independently of the EVM. It reads through a per-
/// transaction journal (each location once from the view, own writes visible), credits
/// recipients and the coinbase lazily (a delta unless the account was read), and covers what
/// the EVM does to state: nonces and balances, storage reads and writes, wipes (creation),
/// deletions, code, `hasStorage`, reverts, rejections.
enum SyntheticOp: Sendable, Equatable {
    case readSlot(Address, U256)
    case writeSlot(Address, U256)
    case readAccount(Address)
    case credit(Address, U256)
    case create(Address, [UInt8])
    case delete(Address)
    case hasStorage(Address)
    case readCode(Address)
    case revertIf(UInt64)
}

struct SyntheticTx: Sendable, Equatable {
    var from: Address
    var nonce: UInt64
    var gasLimit: UInt64
    var fee: U256
    var ops: [SyntheticOp]
    /// The recipient it declares (`BlockProgram.footprint`), when the program declares footprints.
    var to: Address? = nil
}

struct SyntheticOutput: Sendable, Equatable {
    var success: Bool
    var logs: [Log]
}

struct SyntheticProgram: BlockProgram {
    var txs: [SyntheticTx]
    var coinbase: Address
    var blockGasLimit: UInt64
    /// Keccak permutations of busy work per transaction (≈ 0.3 µs each in release), standing
    /// in for the interpreter's cost when measuring the executors.
    var work: Int = 0
    /// Whether transactions declare their sender and `to` as footprints (`DeclaredFootprints`).
    var declaresFootprints = false

    var transactionCount: Int { txs.count }
    func footprint(_ index: Int) -> Footprint? {
        guard declaresFootprints else { return nil }
        return Footprint(from: txs[index].from, to: txs[index].to ?? txs[index].from)
    }
    var beneficiary: Address { coinbase }
    func gasLimit(_ index: Int) -> UInt64 { txs[index].gasLimit }
    func sender(_ index: Int) -> Address { txs[index].from }
    func makeRunner() -> SyntheticRunner { SyntheticRunner(program: self) }
    func receipt(index: Int, output: consuming SyntheticOutput, gasUsed: UInt64, cumulativeGasUsed: UInt64) -> Receipt {
        Receipt(index: index, kind: .legacy, success: output.success, gasUsed: gasUsed,
                cumulativeGasUsed: cumulativeGasUsed, contractAddress: nil, logs: output.logs)
    }
}

final class SyntheticRunner: TransactionRunner {
    let program: SyntheticProgram
    init(program: SyntheticProgram) { self.program = program }

    func execute(_ index: Int, view: any StateView) throws(ExecutionInterrupt) -> TxResult<SyntheticOutput> {
        do {
            return try run(program.txs[index], view: view)
        } catch {
            switch error { case .blocked(let b): throw .blocked(onTransaction: b) }
        }
    }

    private final class Journal {
        let view: any StateView
        var loaded: [Address: AccountInfo?] = [:]
        var modified: Set<Address> = []
        var pending: [Address: U256] = [:]
        var deleted: Set<Address> = []
        var wiped: Set<Address> = []
        var storage: [Address: [U256: U256]] = [:]
        var readSlots: [Address: [U256: U256]] = [:]
        var codes: [Address: [UInt8]] = [:]
        init(view: any StateView) { self.view = view }

        func account(_ a: Address) throws(StateViewError) -> AccountInfo? {
            if let v = loaded[a] { return v }
            var v = try view.account(a)
            if let d = pending.removeValue(forKey: a) {
                var info = v ?? AccountInfo()
                info.balance = info.balance &+ d
                v = info
                modified.insert(a)
            }
            loaded[a] = v
            return v
        }
        func setAccount(_ a: Address, _ info: AccountInfo?) {
            loaded[a] = info
            pending[a] = nil
            modified.insert(a)
        }
        func credit(_ a: Address, _ x: U256) throws(StateViewError) {
            if let l = loaded[a] {
                var info = l ?? AccountInfo()
                info.balance = info.balance &+ x
                setAccount(a, info)
            } else {
                pending[a, default: .zero] = pending[a, default: .zero] &+ x
            }
        }
        func slot(_ a: Address, _ s: U256) throws(StateViewError) -> U256 {
            if let v = storage[a]?[s] { return v }
            if wiped.contains(a) { return .zero }
            if let v = readSlots[a]?[s] { return v }
            let v = try view.storage(a, slot: s)
            readSlots[a, default: [:]][s] = v
            return v
        }
        func hasStorage(_ a: Address) throws(StateViewError) -> Bool {
            if storage[a]?.values.contains(where: { !$0.isZero }) == true { return true }
            if wiped.contains(a) { return false }
            return try view.hasStorage(a)
        }

        func writeSet() -> WriteSet {
            var ws = WriteSet()
            let touched = modified.union(pending.keys).union(storage.keys).union(deleted).union(wiped)
            for a in touched {
                var w = AccountWrite()
                if deleted.contains(a) { w.deleted = true }
                if wiped.contains(a) && !deleted.contains(a) { w.storageCleared = true }
                if modified.contains(a) { w.info = loaded[a] ?? nil } else if let d = pending[a] { w.balanceDelta = d }
                w.code = codes[a]
                w.storage = storage[a] ?? [:]
                ws.accounts[a] = w
            }
            return ws
        }
    }

    @inline(never)
    static func busyWork(_ rounds: Int, seed: UInt64) {
        var h = Bytes32(w0: seed, w1: 1, w2: 2, w3: 3)
        for _ in 0..<rounds { h = Keccak256.hash(h.bytes) }
        if h.w0 == 0x1234_5678 { print("") }   // keep the work observable
    }

    private static func mix(_ acc: U256, _ v: U256) -> U256 {
        var x = acc &* U256(0x100000001b3) &+ v
        x.w0 ^= x.w1 >> 7 ^ x.w3
        return x
    }

    private func run(_ tx: SyntheticTx, view: any StateView) throws(StateViewError) -> TxResult<SyntheticOutput> {
        if program.work > 0 { Self.busyWork(program.work, seed: tx.nonce) }
        var j = Journal(view: view)
        guard let sender = try j.account(tx.from) else { return .rejected(reason: "unknown sender") }
        guard sender.nonce == tx.nonce else { return .rejected(reason: "nonce \(tx.nonce), expected \(sender.nonce)") }
        var outgoing = tx.fee
        for case .credit(_, let x) in tx.ops { outgoing = outgoing &+ x }
        guard sender.balance >= outgoing else { return .rejected(reason: "insufficient balance") }

        func chargeSender(_ j: Journal) throws(StateViewError) {
            // The sender exists in every consistent state: it was read above and no op deletes
            // it. After a revert the fresh journal reads it from the view again, and under
            // Block-STM an incarnation can see it gone by then (an earlier transaction's
            // deletion recorded in between): that incarnation fails validation, so it only must
            // not crash. (It trapped here, on a force unwrap, in two of some forty test runs.)
            var s = try j.account(tx.from) ?? AccountInfo()
            s.nonce += 1
            s.balance = s.balance &- tx.fee
            j.setAccount(tx.from, s)
        }
        try chargeSender(j)
        var acc = U256(tx.nonce) &+ U256(tx.from)
        var logs: [Log] = []
        var steps: UInt64 = 0
        var success = true
        for op in tx.ops {
            steps += 1
            switch op {
            case .readSlot(let a, let s):
                acc = Self.mix(acc, try j.slot(a, s))
            case .writeSlot(let a, let s):
                if j.deleted.contains(a) { continue }
                let v = acc.w0 % 5 == 0 ? U256.zero : acc
                j.storage[a, default: [:]][s] = v
                logs.append(Log(address: a, topics: [Bytes32(s)], data: Bytes32(v).bytes))
            case .readAccount(let a):
                let info = try j.account(a)
                acc = Self.mix(acc, info.map { $0.balance &+ U256($0.nonce) } ?? U256(7))
            case .credit(let a, let x):
                var s = try j.account(tx.from)!
                s.balance = s.balance &- x
                j.setAccount(tx.from, s)
                try j.credit(a, x)
            case .create(let a, let code):
                let existing = try j.account(a)
                let collision = existing?.hasCode == true || (existing?.nonce ?? 0) != 0
                if collision { acc = Self.mix(acc, U256(99)); continue }
                if try j.hasStorage(a) { acc = Self.mix(acc, U256(98)); continue }
                j.setAccount(a, AccountInfo(nonce: 1, balance: existing?.balance ?? .zero, codeHash: Keccak256.hash(code)))
                j.wiped.insert(a); j.storage[a] = nil; j.codes[a] = code
            case .delete(let a):
                if a == tx.from { continue }
                _ = try j.account(a)
                j.setAccount(a, nil)
                j.deleted.insert(a); j.wiped.insert(a); j.storage[a] = nil; j.codes[a] = nil
            case .hasStorage(let a):
                acc = Self.mix(acc, U256(try j.hasStorage(a) ? 1 : 2))
            case .readCode(let a):
                if let info = try j.account(a), info.hasCode {
                    acc = Self.mix(acc, U256(UInt64(view.code(hash: info.codeHash).count)))
                }
            case .revertIf(let m):
                if acc.w0 % m == 0 {
                    // Revert: only the nonce and the fee stay.
                    j = Journal(view: view)
                    try chargeSender(j)
                    logs = []
                    success = false
                }
            }
            if !success { break }
        }
        try j.credit(program.coinbase, tx.fee)
        let gasUsed = min(tx.gasLimit, 21_000 + 700 * steps + acc.w0 % 3_000)
        return .included(SyntheticOutput(success: success, logs: logs), gasUsed: gasUsed, writeSet: j.writeSet())
    }
}

/// splitmix64.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A generated toy block and its pre-state.
struct SyntheticCase {
    var program: SyntheticProgram
    var pre: [(Address, AccountInfo, [U256: U256], [UInt8])]

    func makeBase() -> InMemoryState {
        let s = InMemoryState()
        for (a, info, storage, code) in pre {
            s.insert(a, nonce: info.nonce, balance: info.balance, code: code, codeHash: info.codeHash, storage: storage)
        }
        return s
    }

    /// `contention` in 0...1: how often operations hit the few hot locations. `footprints`:
    /// each transaction declares a recipient and keeps its operations to it and its sender,
    /// except one operation in 250, which escapes (`DeclaredFootprints`).
    static func generate(seed: UInt64, transactions: Int, contention: Double = 0.5, footprints: Bool = false) -> SyntheticCase {
        var rng = SplitMix64(seed: seed)
        let senderCount = Int.random(in: 2...max(3, transactions / 2), using: &rng)
        let senders = (0..<senderCount).map { Address(hi: 0, mid: 0x1000 + UInt64($0), lo: UInt32($0) &* 2654435761) }
        let contracts = (0..<4).map { Address(hi: 0xC0, mid: UInt64($0), lo: 1) }
        let fresh = (0..<4).map { Address(hi: 0xF0, mid: UInt64($0), lo: 2) }
        let coinbase = Bool.random(using: &rng) ? senders[0] : Address(hi: 0xCB, mid: 0, lo: 0)
        var pre: [(Address, AccountInfo, [U256: U256], [UInt8])] = []
        for s in senders {
            pre.append((s, AccountInfo(nonce: UInt64.random(in: 0...3, using: &rng), balance: U256(UInt64.random(in: 50_000...5_000_000, using: &rng))), [:], []))
        }
        for (i, c) in contracts.enumerated() {
            let code: [UInt8] = [0x60, UInt8(i), 0x00]
            var storage: [U256: U256] = [:]
            for slot in 0..<3 where Bool.random(using: &rng) { storage[U256(UInt64(slot))] = U256(UInt64(slot * 10 + i + 1)) }
            pre.append((c, AccountInfo(nonce: 1, balance: U256(UInt64(i * 1000)), codeHash: Keccak256.hash(code)), storage, code))
        }
        var nonces: [Address: UInt64] = [:]
        for (a, info, _, _) in pre { nonces[a] = info.nonce }
        let everyone = senders + contracts + fresh + [coinbase]
        func anyAddress(_ rng: inout SplitMix64) -> Address {
            Self.anyAddress(&rng, contention: contention, hot: contracts, everyone: everyone)
        }
        func slot(_ rng: inout SplitMix64) -> U256 {
            U256(UInt64(Double.random(in: 0..<1, using: &rng) < contention ? Int.random(in: 0..<2, using: &rng) : Int.random(in: 0..<6, using: &rng)))
        }
        var txs: [SyntheticTx] = []
        for _ in 0..<transactions {
            let from = Double.random(in: 0..<1, using: &rng) < 0.03 ? fresh[0] : senders.randomElement(using: &rng)!
            var nonce = nonces[from] ?? 0
            let r = Double.random(in: 0..<1, using: &rng)
            if r < 0.04 { nonce += 1 } else if r < 0.07 && nonce > 0 { nonce -= 1 }
            var ops: [SyntheticOp] = []
            let to = footprints ? Self.anyAddress(&rng, contention: contention, hot: contracts, everyone: everyone) : nil
            // Under footprints: an address the transaction declared, or rarely any address.
            func anyAddress(_ rng: inout SplitMix64) -> Address {
                guard let to else { return Self.anyAddress(&rng, contention: contention, hot: contracts, everyone: everyone) }
                if Int.random(in: 0..<250, using: &rng) == 0 { return everyone.randomElement(using: &rng)! }
                return Bool.random(using: &rng) ? from : to
            }
            func someContract(_ rng: inout SplitMix64) -> Address {
                guard let to else { return (contracts + fresh).randomElement(using: &rng)! }
                if Int.random(in: 0..<250, using: &rng) == 0 { return (contracts + fresh).randomElement(using: &rng)! }
                return to
            }
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                switch Int.random(in: 0..<100, using: &rng) {
                case 0..<22: ops.append(.readSlot(anyAddress(&rng), slot(&rng)))
                case 22..<42: ops.append(.writeSlot(anyAddress(&rng), slot(&rng)))
                case 42..<52: ops.append(.readAccount(Bool.random(using: &rng) ? coinbase : anyAddress(&rng)))
                case 52..<72:
                    let to = Int.random(in: 0..<6, using: &rng) == 0 ? from : anyAddress(&rng)
                    let big = Int.random(in: 0..<30, using: &rng) == 0
                    ops.append(.credit(to, U256(big ? 10_000_000_000 : UInt64.random(in: 1...5_000, using: &rng))))
                case 72..<77: ops.append(.create(someContract(&rng), [0x60, UInt8.random(in: 0...255, using: &rng)]))
                case 77..<81: ops.append(.delete(someContract(&rng)))
                case 81..<87: ops.append(.hasStorage(someContract(&rng)))
                case 87..<93: ops.append(.readCode(someContract(&rng)))
                default: ops.append(.revertIf(UInt64.random(in: 2...4, using: &rng)))
                }
            }
            let tx = SyntheticTx(from: from, nonce: nonce, gasLimit: UInt64.random(in: 25_000...40_000, using: &rng),
                           fee: U256(UInt64.random(in: 1...900, using: &rng)), ops: ops, to: to)
            txs.append(tx)
            if nonce == nonces[from] ?? 0 { nonces[from] = nonce + 1 }
        }
        let total = txs.reduce(UInt64(0)) { $0 + $1.gasLimit }
        // Usually ample; sometimes tight enough that the block gas limit rejects a tail.
        let gasLimit = Int.random(in: 0..<4, using: &rng) == 0 ? total * UInt64.random(in: 55...95, using: &rng) / 100 : total * 2
        var program = SyntheticProgram(txs: txs, coinbase: coinbase, blockGasLimit: gasLimit)
        program.declaresFootprints = footprints
        return SyntheticCase(program: program, pre: pre)
    }

    private static func anyAddress(_ rng: inout SplitMix64, contention: Double, hot: [Address], everyone: [Address]) -> Address {
        if Double.random(in: 0..<1, using: &rng) < contention { return hot[Int.random(in: 0..<2, using: &rng)] }
        return everyone.randomElement(using: &rng)!
    }
}

extension SyntheticCase {
    /// A block for measuring the executors: `transactions` distinct senders, each reading and
    /// writing one token slot and crediting one recipient (lazily). With probability
    /// `conflictRate` the slot is the shared hot slot instead of the sender's own, so 0 gives
    /// no conflicts beyond the coinbase fee deltas and 1 a single chain of conflicts.
    static func benchmark(transactions: Int, conflictRate: Double, work: Int, seed: UInt64 = 1) -> SyntheticCase {
        var rng = SplitMix64(seed: seed)
        let token = Address(hi: 0xC0, mid: 0, lo: 1)
        let coinbase = Address(hi: 0xCB, mid: 0, lo: 0)
        var pre: [(Address, AccountInfo, [U256: U256], [UInt8])] = []
        pre.append((token, AccountInfo(nonce: 1, codeHash: Keccak256.hash([0x00])), [:], [0x00]))
        var txs: [SyntheticTx] = []
        txs.reserveCapacity(transactions)
        for i in 0..<transactions {
            let sender = Address(hi: 0x5E, mid: UInt64(i), lo: 7)
            pre.append((sender, AccountInfo(balance: U256(1_000_000_000)), [:], []))
            let hot = Double.random(in: 0..<1, using: &rng) < conflictRate
            let slot = U256(hot ? 0 : UInt64(i + 1))
            txs.append(SyntheticTx(from: sender, nonce: 0, gasLimit: 50_000, fee: U256(21),
                                   ops: [.readSlot(token, slot), .writeSlot(token, slot),
                                         .credit(Address(hi: 0xEC, mid: UInt64(i), lo: 9), U256(5))]))
        }
        return SyntheticCase(program: SyntheticProgram(txs: txs, coinbase: coinbase, blockGasLimit: UInt64(transactions) * 100_000, work: work),
                             pre: pre)
    }
}

/// Randomized differential checking of the parallel strategies on synthetic blocks (no EVM
/// needed): for `ledgerbench stress` and long test runs.
public enum Stress {
    public struct Report: Sendable, CustomStringConvertible {
        public var blocks = 0
        public var runs = 0
        public var mismatches: [String] = []
        public var stats = ExecutionStats()
        public var description: String {
            "\(blocks) blocks, \(runs) parallel runs, \(mismatches.count) mismatches; executions \(stats.executions), aborts \(stats.aborts), validations \(stats.validations), dependency waits \(stats.dependencyWaits)"
        }
    }

    /// Generates `blocks` blocks from `seed` and runs each with Block-STM and the shard-affine
    /// strategy at every thread and shard count, comparing with the sequential outcome.
    public static func run(blocks: Int, seed: UInt64, threadCounts: [Int] = [1, 2, 3, 4, 8, 16],
                           shardCounts: [Int] = [1, 16, 256], transactions: ClosedRange<Int> = 20...60) throws -> Report {
        var report = Report()
        var executors: [Int: [Int: ParallelExecutor]] = [:]
        for t in threadCounts {
            for s in shardCounts { executors[t, default: [:]][s] = try ParallelExecutor(threads: t, shardCount: s, sequentialThreshold: 0) }
        }
        var rng = SplitMix64(seed: seed)
        for b in 0..<blocks {
            let c = SyntheticCase.generate(seed: rng.next(), transactions: Int.random(in: transactions, using: &rng),
                                           contention: [0.05, 0.5, 0.95][b % 3])
            let base = c.makeBase()
            let expected = try GenericSequential.execute(c.program, base: base)
            for t in threadCounts {
                for (i, s) in shardCounts.enumerated() {
                    let ex = executors[t]![s]!
                    var outcomes: [(String, BlockOutcome)] = [("sharded T=\(t) S=\(s)", try ex.execute(c.program, base: base, strategy: .sharded))]
                    if i == 0 { outcomes.append(("blockstm T=\(t)", try ex.execute(c.program, base: base, strategy: .blockstm))) }
                    for (label, o) in outcomes {
                        report.runs += 1
                        report.stats.executions += o.stats.executions; report.stats.aborts += o.stats.aborts
                        report.stats.validations += o.stats.validations; report.stats.dependencyWaits += o.stats.dependencyWaits
                        if o.receipts != expected.receipts || o.rejected != expected.rejected || o.gasUsed != expected.gasUsed
                            || o.writeSets != expected.writeSets {
                            report.mismatches.append("block \(b) \(label)")
                        }
                    }
                }
            }
            report.blocks += 1
        }
        return report
    }
}
