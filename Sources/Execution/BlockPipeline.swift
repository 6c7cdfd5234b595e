import Foundation
import Primitives
import StateAccess
import Blocks
import Ledger
import EVM

/// Wall time of each phase of one block, in milliseconds.
public struct PhaseTimings: Sendable, Equatable {
    /// Loading the pre-state into the ledger and computing its root (not part of a block's cost).
    public var setupMs: Double = 0
    public var executeMs: Double = 0
    /// Shards applying the write sets.
    public var commitMs: Double = 0
    /// Shards computing their sub-roots, merged into the state root.
    public var rootMs: Double = 0
    public var totalMs: Double { executeMs + commitMs + rootMs }
    public init() {}
}

/// The whole data flow for one block: block → executor (through the ledger's view) → write sets
/// → shards commit → shard roots → state root → result.
public enum BlockPipeline {
    public struct Run: Sendable {
        public var result: BlockResult
        public var stats: ExecutionStats
        public var timings: PhaseTimings
    }

    /// Executes `block` on a ledger that holds `block.pre`, with the given executor. `execute`
    /// receives the block and the ledger as its base view and returns the outcome.
    public static func run(_ block: Block, shards: Int = 16, includePost: Bool = true,
                           execute: (Block, ShardedLedger) throws -> BlockOutcome) throws -> Run {
        var t = PhaseTimings()
        var start = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { start = now }
            return Double(now - start) / 1e6
        }
        let ledger = try ShardedLedger(genesis: block.pre, shardCount: shards)
        ledger.blockHashes = block.env.blockHashes
        let preRoot = ledger.stateRoot()
        t.setupMs = lap()
        var outcome = try execute(block, ledger)
        t.executeMs = lap()
        ledger.apply(outcome.writeSets)
        t.commitMs = lap()
        let root = ledger.stateRoot()
        t.rootMs = lap()
        fillContractAddresses(&outcome, block)
        let post = includePost ? ledger.dump().map {
            PostAccount(address: $0.address, balance: $0.info.balance, nonce: $0.info.nonce, code: $0.code,
                        storage: $0.storage, storageRoot: $0.storageRoot)
        } : nil
        let result = BlockResult(fork: block.fork, preStateRoot: preRoot, stateRoot: root, outcome: outcome, post: post)
        return Run(result: result, stats: outcome.stats, timings: t)
    }

    /// Sequential execution through the pipeline.
    public static func runSequential(_ block: Block, shards: Int = 16, includePost: Bool = true) throws -> Run {
        try run(block, shards: shards, includePost: includePost) { b, ledger in
            try SequentialExecutor.execute(b, base: ledger)
        }
    }

    /// Receipts of creation transactions name the created address even when the creation failed
    /// (as the oracle and geth's receipts do): keccak(rlp([sender, nonce]))[12:].
    static func fillContractAddresses(_ outcome: inout BlockOutcome, _ block: Block) {
        for i in outcome.receipts.indices where outcome.receipts[i].contractAddress == nil {
            let tx = block.transactions[outcome.receipts[i].index]
            guard tx.to == nil else { continue }
            var w = RLPWriter()
            let list = w.beginList()
            w.append(tx.from)
            w.append(tx.nonce)
            w.endList(list)
            let h = Keccak256.hash(w.bytes)
            outcome.receipts[i].contractAddress = Address(bytes: h.bytes[12...])
        }
    }
}
