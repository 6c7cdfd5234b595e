import CPrefetch
import Primitives
import StateAccess
import Blocks
import EVM

/// What one transaction's execution produced, reduced to what the block-level settlement
/// needs: included (with the executor's own result, its gas and write set) or rejected.
///
/// Taken apart only by `switch consume`: a pattern match on a borrowed result (or a field
/// read through a computed property) made the compiler copy the whole result first, a retain
/// and a release of every array in it.
enum TxResult<Output: Sendable>: Sendable {
    case included(Output, gasUsed: UInt64, writeSet: WriteSet)
    case rejected(reason: String)
}

/// Executes transactions of one block, one at a time, on one thread. Not thread-safe: each
/// worker owns one (the EVM's `TransactionExecutor` is one per thread).
///
/// Under Block-STM a view need not answer the same twice: a location read twice in one
/// incarnation can change in between (another transaction recorded a write). Such an
/// incarnation fails validation and its result is dropped, but the runner must get through
/// it: no force unwrap or trap on what a consistent state guarantees.
protocol TransactionRunner: AnyObject {
    associatedtype Output: Sendable
    func execute(_ index: Int, view: any StateView) throws(ExecutionInterrupt) -> TxResult<Output>
}

/// A block as the executors see it: how many transactions, their gas limits and senders, how
/// to make a per-worker runner, and how to turn a result into a receipt. The executors are
/// generic over it, so they are unit-tested with a toy transaction model and run the EVM in
/// production (`EVMProgram`) with no existential per call.
protocol BlockProgram: Sendable {
    associatedtype Runner: TransactionRunner
    var transactionCount: Int { get }
    var blockGasLimit: UInt64 { get }
    /// The account every transaction credits with its fee (the coinbase): Block-STM keeps
    /// those credits per transaction rather than as versions (`Credit`).
    var beneficiary: Address { get }
    func gasLimit(_ index: Int) -> UInt64
    func sender(_ index: Int) -> Address
    func makeRunner() -> Runner
    /// Consumes the output, so that its logs move into the receipt: copied, they were a retain
    /// and a release of a list the worker that ran the transaction wrote, in the serial settle.
    func receipt(index: Int, output: consuming Runner.Output, gasUsed: UInt64, cumulativeGasUsed: UInt64) -> Receipt
    /// Calls `body` with the accounts transaction `index` will surely read (its sender and
    /// recipient), so that executors can announce them (`StateView.prefetch`).
    func forEachSureRead(_ index: Int, _ body: (Address) -> Void)
    /// Starts loading transaction `index`: what its execution, `gasLimit(index)`,
    /// `footprint(index)` and `receipt(index:…)` read (for the EVM all of it — an execution
    /// starts by copying the whole transaction, five lines).
    func announceTransaction(_ index: Int)
    /// Up to `limit` accounts that many transactions of the block pay, most paid first:
    /// Block-STM keeps their pure credits per transaction, like the coinbase's fees
    /// (`LazyAccounts`). A guess that only moves where credits are kept, never what is read.
    func hotPayees(limit: Int) -> [Address]
    /// The accounts transaction `index` declares it touches (`Footprint`), nil when it
    /// declares none. Block-STM lets an account's first declaring transaction read it, and its
    /// last write it, without the multi-version memory (`DeclaredFootprints`); a block with an
    /// undeclared transaction runs without.
    func footprint(_ index: Int) -> Footprint?
}

extension BlockProgram {
    func forEachSureRead(_ index: Int, _ body: (Address) -> Void) {}
    func announceTransaction(_ index: Int) {}
    func hotPayees(limit: Int) -> [Address] { [] }
    func footprint(_ index: Int) -> Footprint? { nil }

    /// The sequential executor's prefetch pipeline, run as transaction `index` starts: the
    /// accounts of transaction `index + 2·distance` are located, and those of `index +
    /// distance` loaded with that whole transaction, so that each of their cache misses
    /// overlaps a whole transaction's work. (The whole transaction: its execution starts by
    /// copying it, and waited for the lines that reading its accounts had not brought;
    /// loading them made sequential transfers take 0.95 of the time, eight alternating rounds.)
    @inline(__always)
    func announce(after index: Int, distance: Int, to view: any StateView) {
        let near = index + distance, far = near + distance
        if far < transactionCount { forEachSureRead(far) { view.prefetch($0, .locate) } }
        if near < transactionCount {
            announceTransaction(near)
            forEachSureRead(near) { view.prefetch($0, .load) }
        }
    }
}

/// The block-level gas rule, one wording for every executor: a transaction is
/// rejected when its gas limit exceeds what the block has left.
enum BlockGasRule {
    @inline(__always)
    static func fits(gasLimit: UInt64, blockGasLimit: UInt64, used: UInt64) -> Bool {
        gasLimit <= blockGasLimit - used
    }

    static func rejection(index: Int, gasLimit: UInt64, blockGasLimit: UInt64, used: UInt64) -> Rejection {
        Rejection(index: index, reason: "gas limit \(gasLimit) exceeds the block's remaining gas \(blockGasLimit - used)")
    }
}

/// The sequential executor over any `BlockProgram`: `SequentialExecutor` is this loop over the
/// EVM (`EVMProgram`); from transaction `start` on, over an overlay that already holds the
/// effects of the transactions before `start`, it is Block-STM's exact fallback (the block gas
/// limit, contention); over the toy model it is the reference of the executor tests.
enum GenericSequential {
    static func run<P: BlockProgram>(_ program: P, from start: Int, overlay: OverlayState,
                                     runner: P.Runner, into outcome: inout BlockOutcome) throws(ExecutionInterrupt) {
        for index in start..<program.transactionCount {
            let gasLimit = program.gasLimit(index)
            if !BlockGasRule.fits(gasLimit: gasLimit, blockGasLimit: program.blockGasLimit, used: outcome.gasUsed) {
                outcome.rejected.append(BlockGasRule.rejection(index: index, gasLimit: gasLimit,
                                                               blockGasLimit: program.blockGasLimit, used: outcome.gasUsed))
                continue
            }
            outcome.stats.executions += 1
            program.announce(after: index, distance: 1, to: overlay)
            let result = try runner.execute(index, view: overlay)
            switch consume result {
            case .rejected(let reason):
                outcome.rejected.append(Rejection(index: index, reason: reason))
            case .included(let output, let gasUsed, let writeSet):
                overlay.apply(writeSet)
                outcome.gasUsed += gasUsed
                prefetchAhead(outcome.receipts)
                outcome.receipts.append(program.receipt(index: index, output: consume output, gasUsed: gasUsed,
                                                        cumulativeGasUsed: outcome.gasUsed))
                outcome.writeSets.append(writeSet)
            }
        }
    }

    /// Starts loading, owned, the slot 8 elements past the end of `array` when its capacity
    /// reaches there. The receipts of a block go into memory reserved at its start and never
    /// touched: each append waited for its line (copying the receipt in was 9% of sequential
    /// transfers' samples).
    @inline(__always)
    static func prefetchAhead<T>(_ array: [T]) {
        let ahead = array.count + 8
        guard ahead < array.capacity else { return }
        array.withUnsafeBufferPointer { p in
            if let base = p.baseAddress { cprefetch_write(UnsafeRawPointer(base + ahead)) }
        }
    }

    /// The whole block, sequentially. `memory`: where the overlay's tables are kept between
    /// blocks (`OverlayMemory`), nil for fresh ones.
    static func execute<P: BlockProgram>(_ program: P, base: any StateView, memory: OverlayMemory? = nil) throws(ExecutionInterrupt) -> BlockOutcome {
        var outcome = BlockOutcome()
        outcome.receipts.reserveCapacity(program.transactionCount)
        outcome.writeSets.reserveCapacity(program.transactionCount)
        let clock = ContinuousClock.now
        try run(program, from: 0, overlay: OverlayState(base: base, expectedAccounts: 2 * program.transactionCount + 2, memory: memory),
                runner: program.makeRunner(), into: &outcome)
        outcome.stats.executionNanoseconds = nanoseconds(since: clock)
        return outcome
    }
}

@inline(__always)
func nanoseconds(since start: ContinuousClock.Instant) -> UInt64 {
    nanoseconds(from: start, to: .now)
}

/// The time from `start` to `end` in nanoseconds, 0 when `end` is earlier.
@inline(__always)
func nanoseconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> UInt64 {
    let (s, atto) = (end - start).components
    guard s >= 0 && atto >= 0 else { return 0 }
    return UInt64(s) * 1_000_000_000 + UInt64(atto / 1_000_000_000)
}

// MARK: The EVM

/// A real block executed by the EVM.
struct EVMProgram: BlockProgram {
    let block: Block

    var transactionCount: Int { block.transactions.count }
    var blockGasLimit: UInt64 { block.env.gasLimit }
    var beneficiary: Address { block.env.coinbase }
    func gasLimit(_ index: Int) -> UInt64 { block.transactions[index].gasLimit }
    func sender(_ index: Int) -> Address { block.transactions[index].from }
    func makeRunner() -> EVMRunner { EVMRunner(block: block) }

    /// Every transaction reads its sender and its recipient (a transfer reads nothing else).
    @inline(__always)
    func forEachSureRead(_ index: Int, _ body: (Address) -> Void) {
        body(block.transactions[index].from)
        if let to = block.transactions[index].to { body(to) }
    }

    /// A call's sender and recipient: all a payment to an account without code touches
    /// (besides its fee to the coinbase). A creation declares none (its address is computed),
    /// and a call that reaches further escapes its footprint, which the executor catches.
    @inline(__always)
    func footprint(_ index: Int) -> Footprint? {
        block.transactions.withUnsafeBufferPointer { txs in
            txs[index].to.map { Footprint(from: txs[index].from, to: $0) }
        }
    }

    /// The whole transaction: its kind, which the receipt needs, is read from fields spread
    /// over its lines (the fee fields, the access list, the blob hashes).
    @inline(__always)
    func announceTransaction(_ index: Int) {
        guard index < block.transactions.count else { return }
        block.transactions.withUnsafeBufferPointer { txs in
            cprefetch_read_lines(txs.baseAddress! + index, MemoryLayout<Transaction>.size)
        }
    }

    /// From a sample of at most 1,024 transactions spread over the block: the recipients of
    /// value that at least one in sixteen sampled transactions pays. Sampling keeps the guess
    /// at tens of microseconds; a payee that hot is caught by any spread-out sample.
    func hotPayees(limit: Int) -> [Address] {
        let txs = block.transactions
        let step = max(1, txs.count / 1024)
        // Counted in a small open-addressing table with a cheap hash. Why: this runs on the
        // calling thread before any worker starts. A `Dictionary` hashed every address with
        // SipHash; sorting the sample instead cost the serial start of a 10,000-transaction
        // block about 17 µs more (144 against 127 µs).
        let slots = 2048
        var samples = 0
        var hot: [(address: Address, count: Int)] = []
        withUnsafeTemporaryAllocation(of: (address: Address, count: Int32).self, capacity: slots) { table in
            table.initialize(repeating: (.zero, 0))
            // Each sampled transaction is a miss or two (on the clock of the block's
            // execution): the two lines read are announced eight samples ahead.
            let toOffset = MemoryLayout<Transaction>.offset(of: \Transaction.to) ?? 0
            let valueOffset = MemoryLayout<Transaction>.offset(of: \Transaction.value) ?? 0
            txs.withUnsafeBufferPointer { buffer in
                for i in stride(from: 0, to: buffer.count, by: step) {
                    let ahead = i + 8 * step
                    if ahead < buffer.count {
                        let p = UnsafeRawPointer(buffer.baseAddress! + ahead)
                        cprefetch_read(p + toOffset)
                        cprefetch_read(p + valueOffset)
                    }
                    samples += 1
                    guard let to = buffer[i].to, !buffer[i].value.isZero else { continue }
                    // At most 1,024 payees in 2,048 slots: a free slot is always found.
                    var k = Int(truncatingIfNeeded: MVKey.mix(to)) & (slots - 1)
                    while table[k].count != 0 && table[k].address != to { k = (k + 1) & (slots - 1) }
                    table[k] = (to, table[k].count + 1)
                }
            }
            let floor = max(4, samples / 16)
            for entry in table where Int(entry.count) >= floor { hot.append((entry.address, Int(entry.count))) }
        }
        return hot.sorted { $0.count != $1.count ? $0.count > $1.count : $0.address < $1.address }
            .prefix(limit).map(\.address)
    }

    func receipt(index: Int, output r: consuming TransactionResult, gasUsed: UInt64, cumulativeGasUsed: UInt64) -> Receipt {
        // Swapped out, not copied: reading `r.logs` retained the list and dropping `r` released it.
        var logs: [Log] = []
        swap(&logs, &r.logs)
        return Receipt(index: index, kind: block.transactions[index].kind, success: r.success, gasUsed: r.gasUsed,
                       cumulativeGasUsed: cumulativeGasUsed, contractAddress: r.contractAddress, logs: logs, error: r.error)
    }
}

final class EVMRunner: TransactionRunner {
    let block: Block
    let executor: TransactionExecutor

    init(block: Block) {
        self.block = block
        self.executor = TransactionExecutor(fork: block.fork, env: block.env)
        executor.detachesWriteSet = true
        executor.dropsReturnData = true
    }

    func execute(_ index: Int, view: any StateView) throws(ExecutionInterrupt) -> TxResult<TransactionResult> {
        switch try executor.execute(block.transactions[index], view: view) {
        case .rejected(let reason): return .rejected(reason: reason)
        case .included(let r):
            // The write set travels once, in the result: the executor keeps it apart
            // (`detachesWriteSet`), so the output settled later holds none and settling does
            // not release it (an atomic write to a line written a block of work earlier).
            // The call's return data, which no receipt holds, is dropped for the same reason
            // (`dropsReturnData`).
            return .included(r, gasUsed: r.gasUsed, writeSet: executor.takeWriteSet())
        }
    }
}
