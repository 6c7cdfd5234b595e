import Foundation
import Testing
import Primitives
import StateAccess
import Blocks
import EVM
@testable import Execution

/// Block-STM with declared footprints (`DeclaredFootprints`): the table on its own, then
/// randomized differential tests of blocks that keep to their footprints, blocks where a
/// transaction escapes (the run is dropped and the block runs again without), and blocks with
/// an undeclared transaction (no footprints at all). Every outcome must be the sequential one.
@Suite struct DeclaredFootprintsTests {
    static func address(_ i: Int) -> Address { Address(hi: 0x5A, mid: UInt64(i), lo: 9) }

    /// First and last declaring transaction per account, whatever the number of parts the
    /// table is built in, and nothing left over from the block before.
    @Test func firstAndLastDeclaringTransaction() {
        let table = DeclaredFootprints()
        let a = Self.address(1), b = Self.address(2), c = Self.address(3), d = Self.address(4)
        // 0: a→b, 1: c→c, 2: b→d, 3: a→c.
        let block = [Footprint(from: a, to: b), Footprint(from: c, to: c), Footprint(from: b, to: d), Footprint(from: a, to: c)]
        for parts in [1, 2, 3, 5] {
            #expect(table.startBlock(transactionCount: block.count))
            for part in 0..<parts {
                table.locate(block.count * part / parts ..< block.count * (part + 1) / parts) { block[$0] }
            }
            for part in 0..<parts { table.note(part: part, of: parts) }
            #expect(table.isComplete)
            #expect(table.isFirst(a, tx: 0) && !table.isLast(a, tx: 0) && table.isLast(a, tx: 3) && !table.isFirst(a, tx: 3))
            #expect(table.isFirst(b, tx: 0) && !table.isLast(b, tx: 0) && table.isLast(b, tx: 2) && !table.isFirst(b, tx: 2))
            #expect(table.isFirst(c, tx: 1) && !table.isLast(c, tx: 1) && table.isLast(c, tx: 3))
            #expect(table.isFirst(d, tx: 2) && table.isLast(d, tx: 2))
        }
        // The next block: d alone, in transaction 0. The last block's a (first 0) is gone.
        #expect(table.startBlock(transactionCount: 1))
        table.locate(0..<1) { _ in Footprint(from: d, to: d) }
        table.note(part: 0, of: 1)
        #expect(table.isFirst(d, tx: 0) && table.isLast(d, tx: 0))
        #expect(!table.isFirst(a, tx: 0) && !table.isLast(a, tx: 0))
        // A transaction that declares nothing: the block is not complete.
        #expect(table.startBlock(transactionCount: 3))
        table.locate(0..<3) { $0 == 1 ? nil : Footprint(from: a, to: b) }
        #expect(!table.isComplete)
    }

    /// Toy blocks whose transactions keep to their sender and declared recipient, except one
    /// operation in 250 (creations, deletions, wipes and storage of those two accounts
    /// included): every thread count, both parallel strategies, identical to sequential. Both
    /// kinds of run must occur: completed with footprints, and escaped then re-run.
    @Test func toyBlocksWithFootprintsEqualSequential() throws {
        var kept = 0, escaped = 0, skipped = 0
        let blocks = max(20, ToyDifferentialTests.blockCount / 2)
        for b in 0..<blocks {
            let c = SyntheticCase.generate(seed: UInt64(b) &* 6_151 &+ 5, transactions: 20 + (b * 13) % 41,
                                           contention: [0.05, 0.5, 0.95][b % 3], footprints: true)
            let base = c.makeBase()
            let expected = try GenericSequential.execute(c.program, base: base)
            let expectedState = appliedState(c.makeBase(), expected)
            for threads in TestPools.threadCounts {
                let got = try runBlockSTM(c.program, base: base, threads: threads)
                assertSameOutcome(got, expected, "footprints block \(b) blockstm T=\(threads)")
                let same = appliedState(c.makeBase(), got) == expectedState
                #expect(same, "footprints block \(b) blockstm T=\(threads): applied state differs")
                if got.stats.footprintFallback != nil { escaped += 1 } else { kept += 1 }
                skipped += got.stats.unloggedReads + got.stats.unversionedWrites
                let sharded = try runSharded(c.program, base: base, threads: threads, shards: 16)
                assertSameOutcome(sharded, expected, "footprints block \(b) sharded T=\(threads)")
            }
        }
        print("toy footprints: \(kept) runs kept to their footprints, \(escaped) escaped; \(skipped) accesses skipped the multi-version memory")
        #expect(kept >= blocks && escaped >= blocks / 2, "both paths must be exercised")
        #expect(skipped > 0)
    }

    /// EVM blocks without creations (so every transaction declares a footprint): payments
    /// among few accounts (self-payments, the coinbase as sender and recipient, insufficient
    /// funds, wrong nonces), calls to contracts that keep to their own storage, and calls
    /// that read another account's balance (an escape).
    @Test func evmBlocksWithFootprintsEqualSequential() throws {
        var executors: [Int: ParallelExecutor] = [:]
        for t in TestPools.threadCounts { executors[t] = try ParallelExecutor(threads: t, shardCount: 16, sequentialThreshold: 0) }
        var kept = 0, escaped = 0
        let blocks = max(20, EVMDifferentialTests.blockCount / 5)
        for b in 0..<blocks {
            let c = EVMDifferentialTests.generate(seed: UInt64(b) &* 7_919 &+ 11, transactions: 20 + (b * 7) % 41, creations: false)
            let base = c.makeBase()
            let expected = try SequentialExecutor.execute(c.block, base: base)
            let expectedState = appliedState(c.makeBase(), expected)
            for t in TestPools.threadCounts {
                let stm = try executors[t]!.execute(c.block, base: base, strategy: .blockstm)
                assertSameOutcome(stm, expected, "EVM footprints block \(b) blockstm T=\(t)")
                let same = appliedState(c.makeBase(), stm) == expectedState
                #expect(same, "EVM footprints block \(b) blockstm T=\(t): applied state differs")
                if stm.stats.footprintFallback != nil { escaped += 1 } else if stm.stats.unloggedReads > 0 { kept += 1 }
                let sharded = try executors[t]!.execute(c.block, base: base, strategy: .sharded)
                assertSameOutcome(sharded, expected, "EVM footprints block \(b) sharded T=\(t)")
            }
        }
        print("EVM footprints: \(kept) runs kept to their footprints, \(escaped) escaped")
        #expect(kept >= blocks && escaped >= blocks, "both paths must be exercised")
    }

    /// The three cases one by one: plain payments use footprints; one call that reads a
    /// balance it did not declare makes the block run again; one creation means none. The
    /// escaping call reads an account that one earlier payment alone credits, which records
    /// no version: without the escape check the call would read the pre-block balance.
    @Test func paymentsEscapesAndCreations() throws {
        let coinbase = Address(hi: 0xCB, mid: 0, lo: 0)
        let senders = (0..<8).map { Address(hi: 0x53, mid: UInt64($0), lo: 7) }
        let reader = Address(hi: 0xC0, mid: 5, lo: 1)
        var pre: [Address: GenesisAccount] = [:]
        for s in senders { pre[s] = GenesisAccount(balance: U256(10_000_000_000), nonce: 0) }
        pre[coinbase] = GenesisAccount(balance: U256(1_000_000_000), nonce: 0)
        pre[reader] = GenesisAccount(nonce: 1, code: EVMDifferentialTests.balanceReader)
        let paidOnce = Address(hi: 0x53, mid: 99, lo: 7)
        func payments() -> [Transaction] {
            var nonces: [Address: UInt64] = [:]
            var txs: [Transaction] = []
            for i in 0..<48 {
                let from = i % 11 == 0 ? coinbase : senders[(i * 5) % senders.count]
                let to = i % 7 == 0 ? from : i % 13 == 0 ? coinbase : senders[(i * 3 + 1) % senders.count]
                let nonce = nonces[from, default: 0] + (i == 20 ? 1 : 0)   // one wrong nonce
                let value = i == 30 ? U256(UInt64.max) : U256(UInt64(i % 4) * 1_000)   // zero values, one unaffordable
                txs.append(Transaction(from: from, to: to, nonce: nonce, gasLimit: 21_000, gasPrice: U256(10), value: value))
                if i != 20 && i != 30 { nonces[from, default: 0] += 1 }
            }
            txs.insert(Transaction(from: Address(hi: 0x54, mid: 1, lo: 1), to: paidOnce, nonce: 0, gasLimit: 21_000,
                                   gasPrice: U256(10), value: U256(5_000)), at: 10)
            return txs
        }
        let env = BlockEnvironment(chainId: 1, coinbase: coinbase, number: 1, timestamp: 1_700_000_000,
                                   gasLimit: 30_000_000, baseFee: U256(7))
        var escaping = payments()
        escaping.insert(Transaction(from: Address(hi: 0x54, mid: 0, lo: 1), to: reader, nonce: 0, gasLimit: 100_000,
                                    gasPrice: U256(10), data: Bytes32(U256(paidOnce)).bytes), at: 24)
        var creating = payments()
        creating.insert(Transaction(from: Address(hi: 0x54, mid: 0, lo: 1), to: nil, nonce: 0, gasLimit: 200_000,
                                    gasPrice: U256(10), data: EVMDifferentialTests.initCode), at: 24)
        pre[Address(hi: 0x54, mid: 0, lo: 1)] = GenesisAccount(balance: U256(10_000_000_000), nonce: 0)
        pre[Address(hi: 0x54, mid: 1, lo: 1)] = GenesisAccount(balance: U256(10_000_000_000), nonce: 0)
        for (name, txs) in [("payments", payments()), ("escaping", escaping), ("creating", creating)] {
            let c = EVMDifferentialTests.Case(block: Block(fork: .cancun, env: env, pre: pre, transactions: txs))
            let expected = try SequentialExecutor.execute(c.block, base: c.makeBase())
            #expect(!expected.rejected.isEmpty && expected.receipts.count > 40, "\(name): the block must mix outcomes")
            // What `inspect` reports: the same three cases, from the sequential run.
            let summary = try DependencyAnalysis.analyze(c.block, base: c.makeBase()).footprints
            #expect(summary.transactions == txs.count)
            switch name {
            case "payments":
                #expect(summary.applies && summary.declaring == txs.count && summary.firstDeclarers > 0 && summary.lastDeclarers > 0)
                #expect(summary.firstDeclarers < summary.declaredAccounts && summary.lastDeclarers < summary.declaredAccounts)
            case "escaping": #expect(!summary.applies && summary.firstEscape == 24)
            default: #expect(!summary.applies && summary.declaring == txs.count - 1 && summary.firstEscape == nil)
            }
            for t in [1, 2, 4, 8] {
                let executor = try ParallelExecutor(threads: t, sequentialThreshold: 0)
                for strategy in [ExecutionStrategy.blockstm, .sharded] {
                    let got = try executor.execute(c.block, base: c.makeBase(), strategy: strategy)
                    assertSameOutcome(got, expected, "\(name) \(strategy) T=\(t)")
                    // Several workers may give the block up to the contention fallback before
                    // the escaping transaction runs; one worker runs it in order.
                    switch name {
                    case "payments":
                        #expect(got.stats.footprintFallback == nil, "\(name) \(strategy) T=\(t)")
                        if t == 1 {
                            #expect(got.stats.unloggedReads > 0 && got.stats.unversionedWrites > 0, "\(name) \(strategy): \(got.stats)")
                        }
                    case "escaping":
                        #expect(got.stats.footprintFallback != nil || t > 1 && got.stats.sequentialFallback != nil,
                                "\(name) \(strategy) T=\(t): \(got.stats)")
                    default:
                        #expect(got.stats.footprintFallback == nil && got.stats.unloggedReads == 0 && got.stats.unversionedWrites == 0,
                                "\(name) \(strategy) T=\(t)")
                    }
                }
            }
        }
    }
}
