import Synchronization
import Primitives
import Blocks
import StateAccess

/// The settle of a block that finished without a halt, shared by the workers as they leave
/// the scheduler (`BlockSTMExecutor.Run.settleInParallel`), instead of run by the calling
/// thread after them.
///
/// Why: on a 10,000-transfer block the serial settle took about half a millisecond at every
/// thread count, the other workers idle; a quarter of it was the kernel zeroing the fresh
/// pages of the receipt array as it filled. Cumulative gas is a prefix sum, so the work
/// splits in two passes over chunks of transactions:
/// 1. each chunk's included transactions and gas, and the most gas any of its transactions
///    would need counted from the chunk's start (`ChunkSums`); the worker that finishes the
///    last chunk adds them up (each chunk's first receipt position and cumulative gas) and
///    checks the block gas limit for every transaction at once;
/// 2. each chunk's results are moved out of their slots into receipts and write sets, at the
///    positions pass 1 computed, in the arrays the calling thread made for them.
///
/// A block where some transaction no longer fits (the gas-limit rule) is left to the serial
/// settle, with every result still in its slot: pass 1 reads only `gas`, kept apart for it.
final class ParallelSettle: @unchecked Sendable {
    /// Transactions per chunk by default: thousands of chunks would make the prefix step
    /// long, a few would leave one worker the last big chunk.
    static let chunkSize = 256
    let chunkSize: Int

    struct ChunkSums {
        var included = 0
        var gas: UInt64 = 0
        /// The largest gas used before a transaction of the chunk (within the chunk) plus its
        /// gas limit, saturating.
        var need: UInt64 = 0
        /// Set by the prefix step: the chunk's first receipt position and the gas used before it.
        var firstReceipt = 0
        var gasBefore: UInt64 = 0
    }

    /// What pass 1 found.
    enum Verdict: Int { case pending = 0, settles = 1, leftToSerial = 2 }

    let transactionCount: Int
    let chunkCount: Int
    /// Per transaction, what pass 1 needs of it (`TransactionGas`): written as each result is
    /// stored, by the worker that just ran it, so that pass 1 reads sixteen bytes in a row
    /// instead of the result and the transaction.
    let gas: UnsafeMutablePointer<TransactionGas>
    static let rejected = UInt64.max

    /// A transaction's gas limit, and the gas its last incarnation used (`rejected` for a
    /// rejection). Why the limit is here too: pass 1 read it from each transaction in the
    /// block, a cache miss per transaction (about 0.6% of a one-thread transfers block),
    /// while the worker storing the result has the transaction in its cache.
    struct TransactionGas {
        var used: UInt64
        var limit: UInt64
    }
    private let sums: UnsafeMutablePointer<ChunkSums>
    /// Pass 1 chunks claimed, pass 1 chunks done, pass 2 chunks claimed, the verdict.
    private let counters = PaddedCounters(count: 4)
    /// Where pass 2 writes: the receipts and write sets of the included transactions, in
    /// block order (`BlockSTMExecutor.execute` makes them, capacity one per transaction).
    nonisolated(unsafe) var receipts: UnsafeMutablePointer<Receipt>?
    nonisolated(unsafe) var writeSets: UnsafeMutablePointer<WriteSet>?
    /// The block's rejections, in any order (pass 2 appends them as it meets them).
    let rejections = Locked<[Rejection]>([])

    init(transactionCount n: Int, chunkSize: Int = ParallelSettle.chunkSize) {
        precondition(chunkSize >= 1)
        transactionCount = n
        self.chunkSize = chunkSize
        chunkCount = (n + chunkSize - 1) / chunkSize
        gas = .allocate(capacity: max(1, n))
        sums = .allocate(capacity: max(1, chunkCount))
        sums.initialize(repeating: ChunkSums(), count: max(1, chunkCount))
        if chunkCount == 0 { counters[3].pointee.store(Verdict.settles.rawValue, ordering: .relaxed) }
    }

    deinit {
        gas.deallocate()
        sums.deinitialize(count: max(1, chunkCount))
        sums.deallocate()
        counters.deallocate()
    }

    var verdict: Verdict { Verdict(rawValue: counters[3].pointee.load(ordering: .acquiring)) ?? .pending }

    /// How many receipts (and write sets) pass 2 wrote; valid once the workers are done and
    /// the verdict is `settles`.
    var includedCount: Int {
        guard chunkCount > 0 else { return 0 }
        let last = sums[chunkCount - 1]
        return last.firstReceipt + last.included
    }

    /// The block's gas used; valid like `includedCount`.
    var totalGas: UInt64 {
        guard chunkCount > 0 else { return 0 }
        let last = sums[chunkCount - 1]
        return last.gasBefore + last.gas
    }

    /// Pass 1 for whichever chunks are left; returns the verdict once every chunk is summed.
    func sumChunks(blockGasLimit: UInt64) -> Verdict {
        while true {
            let c = counters[0].pointee.wrappingAdd(1, ordering: .relaxed).oldValue
            if c >= chunkCount { break }
            var s = ChunkSums()
            for i in c * chunkSize ..< min(transactionCount, (c + 1) * chunkSize) {
                let t = gas[i]
                let (need, overflow) = s.gas.addingReportingOverflow(t.limit)
                s.need = max(s.need, overflow ? .max : need)
                let g = t.used
                if g != Self.rejected {
                    s.included += 1
                    s.gas &+= g
                }
            }
            sums[c] = s
            if counters[1].pointee.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == chunkCount {
                counters[3].pointee.store(addUp(blockGasLimit: blockGasLimit).rawValue, ordering: .releasing)
            }
        }
        var idle = 0
        while true {
            let v = verdict
            if v != .pending { return v }
            Backoff.pause(&idle)
        }
    }

    /// The prefix step: each chunk's first receipt position and gas before it; whether every
    /// transaction fits the block's gas limit (`BlockGasRule.fits`: the gas used before it
    /// plus its gas limit at most the block's).
    private func addUp(blockGasLimit: UInt64) -> Verdict {
        var position = 0
        var gas: UInt64 = 0
        var fits = true
        for c in 0..<chunkCount {
            sums[c].firstReceipt = position
            sums[c].gasBefore = gas
            let (need, overflow) = gas.addingReportingOverflow(sums[c].need)
            if overflow || need > blockGasLimit { fits = false }
            position += sums[c].included
            gas &+= sums[c].gas
        }
        return fits ? .settles : .leftToSerial
    }

    /// Claims a pass 2 chunk: its transactions, first receipt position and gas before it.
    func claimChunk() -> (transactions: Range<Int>, firstReceipt: Int, gasBefore: UInt64)? {
        let c = counters[2].pointee.wrappingAdd(1, ordering: .relaxed).oldValue
        guard c < chunkCount else { return nil }
        return (c * chunkSize ..< min(transactionCount, (c + 1) * chunkSize), sums[c].firstReceipt, sums[c].gasBefore)
    }
}
