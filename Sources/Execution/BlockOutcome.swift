import Primitives
import StateAccess
import Blocks

/// What executing a block's transactions produced, before anything is committed: receipts,
/// rejections, and the write set of each included transaction in block order. Every strategy
/// (sequential, Block-STM, shard-affine) returns exactly the same outcome for the same block.
public struct BlockOutcome: Sendable {
    public var receipts: [Receipt] = []
    public var rejected: [Rejection] = []
    /// One per included transaction, in block order; the ledger applies them in this order.
    public var writeSets: [WriteSet] = []
    public var gasUsed: UInt64 = 0
    public var stats = ExecutionStats()

    public init() {}
}

/// Counters of one block's execution. Sequential execution has one execution per transaction
/// and nothing else; the parallel strategies fill in the rest.
public struct ExecutionStats: Sendable, Equatable {
    /// Incarnations executed (first runs and re-executions).
    public var executions = 0
    /// Incarnations aborted by failed validation or by reading an ESTIMATE.
    public var aborts = 0
    public var validations = 0
    public var validationFailures = 0
    /// Times a transaction waited for a blocking transaction instead of re-running.
    public var dependencyWaits = 0
    /// Whether a parallel strategy fell back to sequential execution (small block), and why.
    public var sequentialFallback: String? = nil
    /// Transactions a parallel strategy re-executed sequentially after settling found one that
    /// the block gas limit rejects but that had run as included (0 almost always).
    public var sequentialReexecutions = 0
    /// Block-STM with declared footprints (`DeclaredFootprints`): account reads that went to
    /// the pre-block state without a read-set entry, and account writes that recorded no
    /// version, because no earlier (later) transaction of the block declares the account.
    public var unloggedReads = 0
    public var unversionedWrites = 0
    /// Why a parallel run dropped its declared footprints and ran the block again, if it did.
    public var footprintFallback: String? = nil
    /// Wall time of transaction execution, nanoseconds.
    public var executionNanoseconds: UInt64 = 0
    /// Where a Block-STM or shard-affine run's execution time went, as the calling thread (worker
    /// 0) saw it; nil for the sequential executor, below the parallel threshold, and when a run
    /// was interrupted and re-run sequentially or dropped its footprints and ran again.
    public var phases: ParallelPhases? = nil

    public init() {}
}

/// The parts of a parallel run's execution time, in nanoseconds of wall time on the calling
/// thread, which is worker 0; together they make `ExecutionStats.executionNanoseconds`.
///
/// Why: a speedup below the bound is either the scheduler loop scaling badly or the parts
/// around it that scale worse (or not at all). A two-thread timeline of 10,000 transfers, taken
/// with uprobes, showed the loop scaling 1.95× while the parts around it took 14% of the time;
/// these numbers let users see the same for their own blocks without a tracer.
public struct ParallelPhases: Sendable, Equatable {
    /// From the call to worker 0 starting: the serial preparation (the block's hot payees, the
    /// workspace, the scheduler's tables) and handing the job to the other workers.
    public var startNanoseconds: UInt64 = 0
    /// Clearing the workspace and building the declared footprints, until every worker may
    /// run transactions (a barrier).
    public var setupNanoseconds: UInt64 = 0
    /// The collaborative scheduler's loop: execution and validation until the block is done.
    public var loopNanoseconds: UInt64 = 0
    /// Settling receipts, gas and write sets in block order (in parallel, or serially after a
    /// halt or when the block gas limit rejects a transaction), and any sequential
    /// re-execution.
    public var settleNanoseconds: UInt64 = 0

    public init() {}

    /// The four phases in milliseconds, in order: what the sweep's CSV and `execute --stats` show.
    public var milliseconds: (start: Double, setup: Double, loop: Double, settle: Double) {
        (Double(startNanoseconds) / 1e6, Double(setupNanoseconds) / 1e6,
         Double(loopNanoseconds) / 1e6, Double(settleNanoseconds) / 1e6)
    }
}
