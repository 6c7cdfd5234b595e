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

    public init() {}
}
