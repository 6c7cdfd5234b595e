import Testing
import Primitives
import StateAccess
import Blocks
import Ledger
import Workloads
@testable import Execution

/// How the shard-affine strategy deals transactions to workers (`ShardAffineExecutor.queues`).
@Suite struct ShardAffineQueueTests {
    /// The ledger hands out each account's hashed key; a view without them is hashed instead.
    /// Both give the same queues: every transaction once, in block order within its queue, on
    /// the worker that owns its sender's shard.
    @Test(arguments: [1, 16, 256])
    func queuesFollowTheSendersShardWhateverTheView(shardCount: Int) throws {
        let block = try WorkloadGenerator.generate(WorkloadParameters(workload: .transfers, txs: 300, accounts: 200, seed: 11))
        let program = EVMProgram(block: block)
        let ledger = try ShardedLedger(genesis: block.pre, shardCount: 16)
        let plain = InMemoryState()
        for (address, g) in block.pre {
            plain.insert(address, nonce: g.nonce, balance: g.balance, code: g.code,
                         codeHash: g.code.isEmpty ? AccountInfo.emptyCodeHash : Keccak256.hash(g.code), storage: g.storage)
        }
        for workers in [1, 2, 3] {
            let fromLedger = ShardAffineExecutor.queues(program, workers: workers, shardCount: shardCount, base: ledger)
            let hashed = ShardAffineExecutor.queues(program, workers: workers, shardCount: shardCount, base: plain)
            #expect(fromLedger == hashed)
            #expect(fromLedger.flatMap { $0 }.sorted() == (0..<Int32(block.transactions.count)).map { $0 })
            for (q, queue) in fromLedger.enumerated() {
                #expect(queue == queue.sorted())
                for i in queue {
                    let sender = block.transactions[Int(i)].from
                    let prefix = ShardRouting.hashedKey(of: sender).w0
                    #expect(ExecutionShardRouting.shard(ofKeyPrefix: prefix, shardCount: shardCount) % workers == q)
                }
            }
        }
    }

    @Test func theLedgerKnowsTheHashedKeysOfItsAccountsOnly() throws {
        let present = Address(low: 0xaa), absent = Address(low: 0xbb)
        let ledger = try ShardedLedger(genesis: [present: GenesisAccount(balance: U256(7))], shardCount: 16)
        #expect(ledger.hashedKeyPrefix(present) == ShardRouting.hashedKey(of: present).w0)
        #expect(ledger.hashedKeyPrefix(absent) == nil)
        #expect(InMemoryState().hashedKeyPrefix(present) == nil, "the default: hash it yourself")
    }
}
