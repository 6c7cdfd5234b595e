/// What one worker holds of the scheduler between tasks: execution positions it claimed and
/// has not started, validations it claimed and has not done, and spare active-task tokens.
/// Each worker owns one and passes it to every scheduler call; nothing in it is shared.
///
/// Why claims instead of one index step per transaction: on two cores the scheduler's shared
/// lines (the execution cursor, the validation index, the active-task count) moved between
/// cores several times per transaction — every step a cache miss and a locked instruction
/// waiting for it. Profiles of 10,000 native transfers put the extra time of the second worker
/// there, not in the EVM. A claim takes many steps with one atomic operation.
///
/// - **Execution positions** `next..<end` (`Scheduler.executionChunk` per claim). Besides
///   the shared cursor, neighbouring transactions — whose scheduler status, read/write
///   record, result and fee share cache lines — run on the same worker instead of
///   alternating, and the worker knows which transactions it runs next, so what it announces
///   (`BlockSTMExecutor.Run.announce`) is loaded into its own cache. Within a chunk
///   transactions run in block order, so one that depends on its predecessor reads the
///   finished write instead of conflicting with it.
/// - **Validations** `validateNext..<validateEnd` (up to `Scheduler.validationBatch`): the
///   validation index moved past them with one compare-and-swap. Each is validated if its
///   transaction is executed when its turn comes (a re-execution meanwhile validates itself,
///   see `Scheduler.finishExecution`). An abort drops the rest: it pulls the validation
///   index back below them.
/// - **Spare tokens.** The active-task count (`Scheduler` termination) must cover every task
///   in flight; a worker that finishes a task keeps its token and spends it on its next task
///   instead of decrementing the shared count and incrementing it again. It hands its spares
///   back only when it finds nothing to do, so the count never falls short and a block ends
///   once every worker is idle.
struct WorkerClaim: Sendable {
    /// The worker holding this claim, for the scheduler's chunk owners
    /// (`Scheduler.validationPrefersOwner`); -1 (tests) validates any chunk.
    var worker = -1
    var next = 0
    var end = 0
    var validateNext = 0
    var validateEnd = 0
    var spareTokens = 0

    init(worker: Int = -1) { self.worker = worker }

    /// No execution position left.
    var isEmpty: Bool { next >= end }
    var hasValidations: Bool { validateNext < validateEnd }
}
