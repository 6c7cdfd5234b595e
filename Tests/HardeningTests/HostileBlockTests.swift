import Foundation
import Testing
import Primitives
import Blocks
import Execution

/// Blocks built to hurt the executors: each one ends in the Ethereum failure receipt or rejection
/// the rules prescribe, never a crash, and every strategy gives the sequential result exactly.
/// (Bytecode-level cases — stack under/overflow, bad jumps, huge memory offsets — are in
/// `EVMTests/HostileBytecodeTests`; malformed JSON fields in `BlocksTests/BlockFileTests`.)
@Suite struct HostileBlockTests {
    static let sender = Address(low: 0x5e00)
    static let contract = Address(low: 0xc0de)
    static let rich = U256(1) << 100

    static func hex(_ s: String) -> [UInt8] { try! Hex.decode(s) }

    static func block(gasLimit: UInt64 = 30_000_000, code: [UInt8] = [], extra: [Address: GenesisAccount] = [:],
                      _ txs: [Transaction]) -> Block {
        var pre: [Address: GenesisAccount] = [sender: GenesisAccount(balance: rich)]
        if !code.isEmpty { pre[contract] = GenesisAccount(nonce: 1, code: code) }
        pre.merge(extra) { $1 }
        let env = BlockEnvironment(chainId: 1, coinbase: Address(low: 0xc0b1), number: 1, timestamp: 1000,
                                   gasLimit: gasLimit, baseFee: .zero)
        return Block(fork: .cancun, env: env, pre: pre, transactions: txs)
    }

    static func tx(to: Address?, nonce: UInt64 = 0, gas: UInt64, data: [UInt8] = []) -> Transaction {
        Transaction(from: sender, to: to, nonce: nonce, gasLimit: gas, gasPrice: .zero, value: .zero, data: data)
    }

    /// Runs `block` sequentially, with Block-STM and shard-affine (2 threads, no sequential
    /// fallback for small blocks), checks every result equals the sequential one, returns it.
    static func runEverywhere(_ block: Block) throws -> BlockResult {
        let reference = try BlockPipeline.runSequential(block).result
        let executor = try ParallelExecutor(threads: 2, shardCount: 16, sequentialThreshold: 0)
        for strategy in [ExecutionStrategy.blockstm, .sharded] {
            let run = try BlockPipeline.run(block) { b, ledger in try executor.execute(b, base: ledger, strategy: strategy) }
            #expect(run.result.json() == reference.json(), "\(strategy.rawValue) differs from sequential")
        }
        return reference
    }

    static func storage(_ r: BlockResult, _ a: Address) -> [U256: U256] {
        var out: [U256: U256] = [:]
        for s in r.post?.first(where: { $0.address == a })?.storage ?? [] { out[s.slot] = s.value }
        return out
    }

    /// JUMPDEST PUSH1 0 JUMP: spins until the gas runs out; the receipt fails and the whole
    /// gas limit is charged.
    @Test func codeLoopingUntilOutOfGasFailsAndChargesAllGas() throws {
        let b = Self.block(code: Self.hex("5b600056"), [Self.tx(to: Self.contract, gas: 2_000_000)])
        let r = try Self.runEverywhere(b)
        #expect(r.receipts.count == 1 && r.rejected.isEmpty)
        #expect(r.receipts[0].success == false)
        #expect(r.receipts[0].gasUsed == 2_000_000)
        #expect(r.receipts[0].error == "OutOfGas")
    }

    /// Each frame calls itself with depth+1 as calldata, then stores (depth → 1 + call success).
    /// Frames at depths 0…1024 run; the CALL made at depth 1024 fails (EVM max depth), so slots
    /// 0…1023 hold 2, slot 1024 holds 1, and nothing deeper exists.
    @Test func callChain1024DeepStopsExactlyAtTheDepthLimit() throws {
        let code = Self.hex("600035" + "600101" + "600052" + "6000600060206000600030" + "5a" + "f1"
                            + "600101" + "600035" + "55" + "00")
        // Gas: each frame keeps 1/64 for its SSTORE after the call returns, so 2^46 reaches depth 1024.
        let b = Self.block(gasLimit: UInt64(1) << 47, code: code, [Self.tx(to: Self.contract, gas: UInt64(1) << 46)])
        let r = try Self.runEverywhere(b)
        #expect(r.receipts.count == 1 && r.receipts[0].success)
        let s = Self.storage(r, Self.contract)
        #expect(s.count == 1025)
        #expect((0..<1024).allSatisfy { s[U256($0)] == U256(2) })
        #expect(s[U256(1024)] == U256(1))
    }

    /// A creation transaction whose address already holds code: the creation fails with all gas
    /// consumed (EIP-7610/684), and the sender's nonce still advances.
    @Test func createTransactionOntoAnExistingContractCollides() throws {
        // keccak(rlp([sender, 0]))[12:]
        var w = RLPWriter()
        let l = w.beginList(); w.append(Self.sender); w.append(UInt64(0)); w.endList(l)
        let target = Address(bytes: Keccak256.hash(w.bytes).bytes[12...])!
        let b = Self.block(extra: [target: GenesisAccount(nonce: 1, code: [0x00])],
                           [Self.tx(to: nil, gas: 200_000, data: Self.hex("600a600c600039600a6000f3")),
                            Self.tx(to: nil, nonce: 1, gas: 200_000, data: [])])
        let r = try Self.runEverywhere(b)
        #expect(r.receipts.count == 2)
        #expect(r.receipts[0].success == false && r.receipts[0].gasUsed == 200_000)
        #expect(r.receipts[0].error == "AddressCollision")
        #expect(r.receipts[1].success, "nonce 1 is valid: the failed creation consumed nonce 0")
    }

    /// CREATE2 twice with the same salt and init code: the second lands on the account the first
    /// made and pushes 0 (a failed creation, not a failed transaction).
    @Test func create2TwiceWithTheSameSaltPushesZeroTheSecondTime() throws {
        let code = Self.hex("6000600060006000f5" + "600055" + "6000600060006000f5" + "600155" + "00")
        let b = Self.block(code: code, [Self.tx(to: Self.contract, gas: 1_000_000)])
        let r = try Self.runEverywhere(b)
        #expect(r.receipts[0].success)
        let s = Self.storage(r, Self.contract)
        #expect(s[U256(0)] != nil && s[U256(0)] != .zero)
        #expect(s[U256(1)] == nil, "the colliding CREATE2 returned 0 (slot 1 stays empty)")
    }

    /// Transactions whose gas limit does not fit the block's remaining gas are rejected, the
    /// block keeps going, and the total stays under the limit.
    @Test func transactionsOverTheBlockGasLimitAreRejected() throws {
        let b = Self.block(gasLimit: 100_000, [
            Self.tx(to: Address(low: 0xbb), nonce: 0, gas: 60_000),   // uses 21,000
            Self.tx(to: Address(low: 0xbb), nonce: 1, gas: 60_000),   // 79,000 left: fits
            Self.tx(to: Address(low: 0xbb), nonce: 2, gas: 60_000),   // 58,000 left: rejected
            Self.tx(to: Address(low: 0xbb), nonce: 2, gas: 200_000),  // above the block limit
            Self.tx(to: Address(low: 0xbb), nonce: 2, gas: 21_000),   // fits
        ])
        let r = try Self.runEverywhere(b)
        #expect(r.receipts.map(\.index) == [0, 1, 4])
        #expect(r.rejected.map(\.index) == [2, 3])
        #expect(r.rejected.allSatisfy { $0.reason.contains("gas") })
        #expect(r.gasUsed == 63_000 && r.gasUsed <= 100_000)
    }

    /// 10 MB of calldata: rejected when its intrinsic gas exceeds the limit; with gas enough, the
    /// contract copies and hashes all of it and stores the right Keccak.
    @Test func tenMegabytesOfCalldata() throws {
        let data = [UInt8](repeating: 0, count: 10 << 20)
        // Too little gas: 21,000 + 4 × 10 MiB intrinsic.
        let small = try Self.runEverywhere(Self.block(code: [0x00], [Self.tx(to: Self.contract, gas: 30_000_000, data: data)]))
        #expect(small.receipts.isEmpty && small.rejected.count == 1)
        #expect(small.rejected[0].reason.contains("intrinsic gas"))
        // CALLDATASIZE 0 0 CALLDATACOPY; CALLDATASIZE 0 KECCAK256; PUSH1 0 SSTORE; STOP.
        let code = Self.hex("36600060003736600020600055" + "00")
        let big = try Self.runEverywhere(Self.block(gasLimit: 1 << 33, code: code,
                                                    [Self.tx(to: Self.contract, gas: 1 << 32, data: data)]))
        #expect(big.receipts.count == 1 && big.receipts[0].success)
        #expect(Self.storage(big, Self.contract)[U256(0)] == U256(Keccak256.hash(data)))
        // 10 MB of init code breaks EIP-3860's limit.
        let create = try Self.runEverywhere(Self.block(gasLimit: 1 << 33, [Self.tx(to: nil, gas: 1 << 32, data: data)]))
        #expect(create.rejected.count == 1 && create.rejected[0].reason.contains("EIP-3860"))
    }
}
