import Synchronization
import Primitives
import StateAccess
import Blocks
import EVM

/// How a block's transactions are executed.
public enum ExecutionStrategy: String, CaseIterable, Sendable {
    /// One after another on the calling thread (`SequentialExecutor`).
    case sequential
    /// Block-STM on the worker pool, one global scheduler.
    case blockstm
    /// Shard-affine: each worker executes the transactions of the senders in its shards.
    case sharded
}

public enum ParallelExecutorError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidThreadCount(Int)
    case invalidShardCount(Int)

    public var description: String {
        switch self {
        case .invalidThreadCount(let n): return "thread count must be between 1 and 1024, got \(n)"
        case .invalidShardCount(let n): return "shard count must be a power of two between 1 and 65536, got \(n)"
        }
    }
}

/// Executes blocks with a chosen strategy on a fixed pool of `threads` workers, created once
/// and reused for every block. Every strategy returns the outcome `SequentialExecutor` returns.
///
/// The base state is read by all workers at once while a block executes, so it must be safe
/// for concurrent reads (the ledger, `InMemoryState`) and must not change during the call.
/// One block at a time: concurrent calls on the same executor are serialised.
public final class ParallelExecutor: Sendable {
    public let threads: Int
    public let shardCount: Int
    /// Blocks with fewer transactions run sequentially (reported in `sequentialFallback`).
    public let sequentialThreshold: Int
    let pool: WorkerPool
    /// When a parallel run gives up on a contended block (nil: never).
    let contention: ContentionPolicy?
    /// Block-STM's per-block structures, kept between blocks (`BlockSTMWorkspace`).
    private let workspaces = Locked<[BlockSTMWorkspace]>([])

    public convenience init(threads: Int, shardCount: Int = 16, sequentialThreshold: Int = 8) throws(ParallelExecutorError) {
        try self.init(threads: threads, shardCount: shardCount, sequentialThreshold: sequentialThreshold, contention: .default)
    }

    init(threads: Int, shardCount: Int, sequentialThreshold: Int, contention: ContentionPolicy?) throws(ParallelExecutorError) {
        guard threads >= 1 && threads <= 1024 else { throw .invalidThreadCount(threads) }
        guard shardCount >= 1 && shardCount <= 65_536 && shardCount & (shardCount - 1) == 0 else {
            throw .invalidShardCount(shardCount)
        }
        self.threads = threads
        self.shardCount = shardCount
        self.sequentialThreshold = max(0, sequentialThreshold)
        self.pool = WorkerPool(count: threads)
        self.contention = contention
    }

    /// The sequential strategy gives `SequentialExecutor`'s outcome, in an overlay kept between
    /// blocks like Block-STM's structures (`OverlayMemory`), so that both are timed in
    /// the same steady state.
    public func execute(_ block: Block, base: any StateView, strategy: ExecutionStrategy) throws(ExecutionInterrupt) -> BlockOutcome {
        try execute(EVMProgram(block: block), base: base, strategy: strategy)
    }

    /// Any block program (the toy model of the tests, or the EVM).
    func execute<P: BlockProgram>(_ program: P, base: any StateView, strategy: ExecutionStrategy) throws(ExecutionInterrupt) -> BlockOutcome {
        let workspace = workspaces.withLock { $0.popLast() } ?? BlockSTMWorkspace()
        defer { workspaces.withLock { $0.append(workspace) } }
        switch strategy {
        case .sequential:
            return try GenericSequential.execute(program, base: base, memory: workspace.overlayMemory)
        case .blockstm, .sharded:
            if program.transactionCount < sequentialThreshold {
                var outcome = try GenericSequential.execute(program, base: base, memory: workspace.overlayMemory)
                outcome.stats.sequentialFallback = "\(program.transactionCount) transactions, below the parallel threshold of \(sequentialThreshold)"
                return outcome
            }
            if strategy == .blockstm {
                let n = program.transactionCount
                return try BlockSTMExecutor.execute(program, base: base, pool: pool,
                                                    queues: [(0..<n).map { Int32($0) }],
                                                    queueOfWorker: [Int](repeating: 0, count: pool.count), contention: contention,
                                                    workspace: workspace)
            }
            return try ShardAffineExecutor.execute(program, base: base, pool: pool, shardCount: shardCount, contention: contention,
                                                   workspace: workspace)
        }
    }
}
