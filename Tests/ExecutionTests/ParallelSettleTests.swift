import Testing
@testable import Execution

/// The arithmetic of the parallel settle on its own: chunk sums, each chunk's first receipt
/// position and gas before it, and the block gas limit checked for every transaction at once.
/// (The whole settle is checked against the sequential executor by the differential tests,
/// with chunks as small as one transaction.)
@Suite struct ParallelSettleTests {
    /// Gas used per transaction (nil: rejected) and gas limits, settled in chunks of `chunk`.
    func settle(_ used: [UInt64?], limits: [UInt64], blockGasLimit: UInt64, chunk: Int) -> ParallelSettle {
        let s = ParallelSettle(transactionCount: used.count, chunkSize: chunk)
        for (i, g) in used.enumerated() { s.gas[i] = .init(used: g ?? ParallelSettle.rejected, limit: limits[i]) }
        _ = s.sumChunks(blockGasLimit: blockGasLimit)
        return s
    }

    @Test func chunksKnowWhereTheirReceiptsGoAndTheGasBeforeThem() {
        let used: [UInt64?] = [21_000, nil, 30_000, 25_000, nil, nil, 50_000]
        let limits: [UInt64] = [30_000, 1 << 40, 40_000, 25_000, 99, 99, 60_000]
        for chunk in 1...8 {
            let s = settle(used, limits: limits, blockGasLimit: 1 << 50, chunk: chunk)
            #expect(s.verdict == .settles, "chunk \(chunk)")
            #expect(s.includedCount == 4 && s.totalGas == 126_000, "chunk \(chunk)")
            var receipt = 0, gas: UInt64 = 0, covered = 0
            while let c = s.claimChunk() {
                #expect(c.transactions.lowerBound == covered, "chunk \(chunk)")
                #expect(c.firstReceipt == receipt && c.gasBefore == gas, "chunk \(chunk) at \(covered)")
                for i in c.transactions { if let g = used[i] { receipt += 1; gas += g } }
                covered = c.transactions.upperBound
            }
            #expect(covered == used.count, "chunk \(chunk)")
        }
    }

    /// A transaction that does not fit (the gas used before it plus its gas limit above the
    /// block's) leaves the block to the serial settle, whatever chunk it is in; one that
    /// exactly fits does not. Rejected transactions count too: the serial settle gives them
    /// the gas-limit reason.
    @Test func theBlockGasLimitIsCheckedForEveryTransaction() {
        let used: [UInt64?] = [10, 20, 30, nil, 40]
        let limits: [UInt64] = [10, 20, 30, 40, 40]
        // Gas before each: 0, 10, 30, 60, 60; need: 10, 30, 60, 100, 100.
        for chunk in 1...6 {
            #expect(settle(used, limits: limits, blockGasLimit: 100, chunk: chunk).verdict == .settles, "chunk \(chunk)")
            #expect(settle(used, limits: limits, blockGasLimit: 99, chunk: chunk).verdict == .leftToSerial, "chunk \(chunk)")
            var huge = limits
            huge[3] = .max   // a rejected transaction with an absurd limit: saturates, does not wrap
            #expect(settle(used, limits: huge, blockGasLimit: 1 << 62, chunk: chunk).verdict == .leftToSerial, "chunk \(chunk)")
        }
        let empty = ParallelSettle(transactionCount: 0)
        #expect(empty.verdict == .settles && empty.includedCount == 0 && empty.claimChunk() == nil)
    }
}
