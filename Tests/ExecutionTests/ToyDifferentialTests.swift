import Foundation
import Testing
import Primitives
import StateAccess
import Blocks
import EVM
@testable import Execution

/// Pools shared by the tests: created once, reused for every block (as in production).
enum TestPools {
    static let threadCounts = [1, 2, 3, 4, 8, 16]
    static let shardCounts = [1, 16, 256]
    static let pools: [Int: WorkerPool] = Dictionary(uniqueKeysWithValues: threadCounts.map { ($0, WorkerPool(count: $0)) })
}

func assertSameOutcome(_ got: BlockOutcome, _ expected: BlockOutcome, _ label: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> String {
        if a.count != b.count { return "count \(a.count) vs \(b.count)" }
        guard let i = a.indices.first(where: { a[$0] != b[$0] }) else { return "none" }
        return "at \(i): \(a[i]) vs \(b[i])"
    }
    let sameReceipts = got.receipts == expected.receipts
    #expect(sameReceipts, "\(label): receipts differ \(sameReceipts ? "" : firstDifference(got.receipts, expected.receipts))", sourceLocation: sourceLocation)
    let sameRejections = got.rejected == expected.rejected
    #expect(sameRejections, "\(label): rejections differ \(sameRejections ? "" : firstDifference(got.rejected, expected.rejected))", sourceLocation: sourceLocation)
    let sameGas = got.gasUsed == expected.gasUsed
    #expect(sameGas, "\(label): gas differs \(got.gasUsed) vs \(expected.gasUsed)", sourceLocation: sourceLocation)
    let sameWrites = got.writeSets == expected.writeSets
    #expect(sameWrites, "\(label): write sets differ \(sameWrites ? "" : firstDifference(got.writeSets, expected.writeSets))", sourceLocation: sourceLocation)
}

func appliedState(_ base: InMemoryState, _ outcome: BlockOutcome) -> [Address: InMemoryState.Account] {
    for w in outcome.writeSets { base.apply(w) }
    return base.accounts
}

/// Pure Block-STM (no contention fallback), or with a policy that gives up very early, to
/// exercise the settle-a-valid-prefix path.
/// `executionChunk` nil: sized from the block, as in production (1 for most test blocks with
/// several workers, which are short).
/// `reordersExecutedStatus`: the scheduler's test knob (`StoreLoadReorderingTests`).
func runBlockSTM<P: BlockProgram>(_ program: P, base: any StateView, threads: Int,
                                  contention: ContentionPolicy? = nil, executionChunk: Int? = nil,
                                  reordersExecutedStatus: Bool = false,
                                  settleChunk: Int = ParallelSettle.chunkSize) throws -> BlockOutcome {
    let n = program.transactionCount
    return try BlockSTMExecutor.execute(program, base: base, pool: TestPools.pools[threads]!,
                                        queues: [(0..<n).map { Int32($0) }],
                                        queueOfWorker: [Int](repeating: 0, count: threads), contention: contention,
                                        executionChunk: executionChunk, reordersExecutedStatus: reordersExecutedStatus,
                                        settleChunk: settleChunk)
}

func runSharded<P: BlockProgram>(_ program: P, base: any StateView, threads: Int, shards: Int,
                                 contention: ContentionPolicy? = nil, reordersExecutedStatus: Bool = false) throws -> BlockOutcome {
    try ShardAffineExecutor.execute(program, base: base, pool: TestPools.pools[threads]!, shardCount: shards, contention: contention,
                                    reordersExecutedStatus: reordersExecutedStatus)
}

/// Gives up after a handful of executions when anything conflicted.
let eagerFallback = ContentionPolicy(maximumConflictRatio: 0, minimumExecutions: 6)

@Suite struct ToyDifferentialTests {
    static var blockCount: Int { Int(ProcessInfo.processInfo.environment["EXECUTION_TEST_BLOCKS"] ?? "") ?? 120 }

    /// Every generated block, every strategy, thread count and shard count: identical to the
    /// sequential outcome, write set for write set, and the same state once applied.
    @Test func parallelEqualsSequential() throws {
        var stats = ExecutionStats()
        var reexecuted = 0, gasRejections = 0, fallbacks = 0
        for b in 0..<Self.blockCount {
            let contention = [0.05, 0.5, 0.95][b % 3]
            let c = SyntheticCase.generate(seed: UInt64(b) &* 7919 &+ 17, transactions: 20 + (b * 13) % 41, contention: contention)
            let base = c.makeBase()
            let expected = try GenericSequential.execute(c.program, base: base)
            gasRejections += expected.rejected.filter { $0.reason.hasPrefix("gas limit") }.count
            let expectedState = appliedState(c.makeBase(), expected)
            for threads in TestPools.threadCounts {
                let got = try runBlockSTM(c.program, base: base, threads: threads)
                assertSameOutcome(got, expected, "block \(b) blockstm T=\(threads)")
                let sameState = appliedState(c.makeBase(), got) == expectedState
                #expect(sameState, "block \(b) blockstm T=\(threads): state")
                // Claims of several positions (what large blocks use), which short blocks would not
                // get; and a settle in many chunks (`ParallelSettle`), which short blocks would not get either.
                let chunked = try runBlockSTM(c.program, base: base, threads: threads, executionChunk: 1 + b % 5,
                                              settleChunk: 1 + b % 7)
                assertSameOutcome(chunked, expected, "block \(b) blockstm T=\(threads) chunk \(1 + b % 5) settle chunk \(1 + b % 7)")
                stats.executions += got.stats.executions; stats.aborts += got.stats.aborts
                stats.validations += got.stats.validations; stats.dependencyWaits += got.stats.dependencyWaits
                reexecuted += got.stats.sequentialReexecutions
                for shards in TestPools.shardCounts {
                    let got = try runSharded(c.program, base: base, threads: threads, shards: shards)
                    assertSameOutcome(got, expected, "block \(b) sharded T=\(threads) S=\(shards)")
                }
                let eager = try runBlockSTM(c.program, base: base, threads: threads, contention: eagerFallback)
                assertSameOutcome(eager, expected, "block \(b) blockstm T=\(threads) eager fallback")
                if eager.stats.sequentialFallback != nil { fallbacks += 1 }
                let eagerSharded = try runSharded(c.program, base: base, threads: threads, shards: 16, contention: eagerFallback)
                assertSameOutcome(eagerSharded, expected, "block \(b) sharded T=\(threads) eager fallback")
            }
        }
        print("toy differential: \(Self.blockCount) blocks; executions \(stats.executions), aborts \(stats.aborts), validations \(stats.validations), dependency waits \(stats.dependencyWaits), gas-limit rejections \(gasRejections), sequential re-executions \(reexecuted), contention fallbacks \(fallbacks)")
        #expect(fallbacks > 0, "the eager policy should give up on some blocks")
        #expect(gasRejections > 0, "the generator should exercise the block gas limit")
    }

    /// One workspace for a run of blocks, as the CLI keeps it: its tables and filters are
    /// emptied by epoch and its result slots reused, so each block must see none of the last
    /// one — also after an early contention fallback, which leaves results unsettled, and
    /// after a larger block. Every result slot is empty again after each block.
    @Test func aReusedWorkspaceForgetsEveryBlock() throws {
        let workspace = BlockSTMWorkspace()
        for b in 0..<24 {
            let c = SyntheticCase.generate(seed: UInt64(b) &* 104_729 &+ 3, transactions: [60, 25, 40][b % 3],
                                           contention: [0.05, 0.95][b % 2])
            let base = c.makeBase()
            let expected = try GenericSequential.execute(c.program, base: base)
            let threads = [1, 2, 3][b % 3], n = c.program.transactionCount
            let got = try BlockSTMExecutor.execute(c.program, base: base, pool: TestPools.pools[threads]!,
                                                   queues: [(0..<n).map { Int32($0) }],
                                                   queueOfWorker: [Int](repeating: 0, count: threads),
                                                   contention: b % 4 == 1 ? eagerFallback : nil, workspace: workspace)
            assertSameOutcome(got, expected, "block \(b) T=\(threads) reused workspace")
            let slots = workspace.resultSlots(count: n, empty: TxResult<SyntheticOutput>?.none)
            let left = (0..<slots.count).filter { slots.take($0, leaving: nil) != nil }
            #expect(left.isEmpty, "block \(b): results left in slots \(left)")
        }
    }

    /// Every transaction reads and writes the same slot: a chain of conflicts.
    @Test func fullContentionTerminatesAndMatches() throws {
        let contract = Address(hi: 0xC0, mid: 0, lo: 1)
        let senders = (0..<50).map { Address(hi: 0, mid: 0x1000 + UInt64($0), lo: 1) }
        let txs = senders.map { SyntheticTx(from: $0, nonce: 0, gasLimit: 30_000, fee: U256(10),
                                      ops: [.readSlot(contract, .zero), .writeSlot(contract, .zero), .readAccount(Address(hi: 0xCB, mid: 0, lo: 0))]) }
        let program = SyntheticProgram(txs: txs, coinbase: Address(hi: 0xCB, mid: 0, lo: 0), blockGasLimit: 30_000_000)
        let base = InMemoryState()
        for s in senders { base.insert(s, nonce: 0, balance: U256(1_000_000), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:]) }
        let expected = try GenericSequential.execute(program, base: base)
        for threads in TestPools.threadCounts {
            let got = try runBlockSTM(program, base: base, threads: threads)
            assertSameOutcome(got, expected, "full contention T=\(threads)")
            #expect(got.stats.executions >= txs.count)
            assertSameOutcome(try runBlockSTM(program, base: base, threads: threads, executionChunk: 8), expected,
                              "full contention T=\(threads) chunk 8")
            for shards in TestPools.shardCounts {
                assertSameOutcome(try runSharded(program, base: base, threads: threads, shards: shards), expected,
                                  "full contention sharded T=\(threads) S=\(shards)")
            }
        }
    }

    /// Fee payments alone are lazy deltas: transactions that never read the coinbase do not
    /// conflict, so with one thread there is exactly one execution per transaction and no abort.
    @Test func lazyBeneficiaryAvoidsConflicts() throws {
        let coinbase = Address(hi: 0xCB, mid: 0, lo: 0)
        let senders = (0..<40).map { Address(hi: 0, mid: 0x1000 + UInt64($0), lo: 1) }
        let txs = senders.map { SyntheticTx(from: $0, nonce: 0, gasLimit: 30_000, fee: U256(10), ops: [.credit(Address(hi: 0xF0, mid: UInt64($0.mid), lo: 3), U256(5))]) }
        let program = SyntheticProgram(txs: txs, coinbase: coinbase, blockGasLimit: 30_000_000)
        let base = InMemoryState()
        for s in senders { base.insert(s, nonce: 0, balance: U256(1_000_000), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:]) }
        let expected = try GenericSequential.execute(program, base: base)
        for threads in [1, 2, 4] {
            let got = try runBlockSTM(program, base: base, threads: threads)
            assertSameOutcome(got, expected, "lazy T=\(threads)")
            #expect(got.stats.aborts == 0, "T=\(threads): \(got.stats)")
            #expect(got.stats.executions == txs.count, "T=\(threads): \(got.stats)")
        }
        // The coinbase got every fee, as one delta per transaction.
        let state = appliedState(base, expected)
        #expect(state[coinbase]?.info.balance == U256(400))
    }
}

/// A view whose answers change between reads, as Block-STM's may within one incarnation (an
/// earlier transaction records a write in between): here the sender is gone after its first read.
private final class VanishingSenderView: StateView {
    let base: InMemoryState
    let sender: Address
    var senderReads = 0
    init(base: InMemoryState, sender: Address) { self.base = base; self.sender = sender }
    func account(_ address: Address) throws(StateViewError) -> AccountInfo? {
        if address == sender {
            senderReads += 1
            if senderReads > 1 { return nil }
        }
        return try base.account(address)
    }
    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 { try base.storage(address, slot: slot) }
    func codeHash(_ address: Address) throws(StateViewError) -> Bytes32 { try base.codeHash(address) }
    func hasStorage(_ address: Address) throws(StateViewError) -> Bool { try base.hasStorage(address) }
    func code(hash: Bytes32) -> [UInt8] { base.code(hash: hash) }
    func blockHash(_ number: UInt64) -> Bytes32 { base.blockHash(number) }
}

@Suite struct InconsistentReadTests {
    /// A reverting transaction reads its sender again through a fresh journal; a speculative
    /// incarnation can find it gone by then. The runner must finish (that incarnation fails
    /// validation anyway); it trapped on a force unwrap in two of some forty runs of the tests.
    @Test func theToyRunnerSurvivesASenderThatVanishesBetweenReads() throws {
        let sender = Address(hi: 0, mid: 0x1000, lo: 1)
        let base = InMemoryState()
        base.insert(sender, nonce: 0, balance: U256(1_000_000), code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        // `revertIf(1)` always reverts.
        let tx = SyntheticTx(from: sender, nonce: 0, gasLimit: 30_000, fee: U256(10), ops: [.revertIf(1)])
        let program = SyntheticProgram(txs: [tx], coinbase: Address(hi: 0xCB, mid: 0, lo: 0), blockGasLimit: 30_000_000)
        let view = VanishingSenderView(base: base, sender: sender)
        let result = try program.makeRunner().execute(0, view: view)
        #expect(view.senderReads >= 2, "the revert should read the sender again")
        if case .rejected = result { Issue.record("a reverted transaction is included") }
        // With a consistent view the same transaction reverts and pays its fee.
        let consistent = try program.makeRunner().execute(0, view: base)
        guard case .included(let output, _, _) = consistent else { Issue.record("not included"); return }
        #expect(!output.success)
    }
}
