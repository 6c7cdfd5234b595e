import Foundation
import Primitives
import Blocks
import Execution
import FuzzSupport

/// Built once: worker threads are reused across inputs, as in a sweep.
let executor = try! ParallelExecutor(threads: 2, shardCount: 16, sequentialThreshold: 0)

/// A small random block — up to four contracts with random code sharing a few storage slots,
/// up to four senders, up to 24 transactions of calls, transfers and creations — executed
/// sequentially, with Block-STM and shard-affine; any difference in the result (roots, receipts,
/// logs, rejections, post-state) stops the fuzzer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParallel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    var pre: [Address: GenesisAccount] = [:]
    let senders = (0..<(1 + input.int(below: 4))).map { Address(low: 0x5e00 + UInt32($0)) }
    for s in senders { pre[s] = GenesisAccount(balance: U256(1) << 80) }
    let contracts = (0..<(1 + input.int(below: 4))).map { Address(low: 0xc000 + UInt32($0)) }
    for c in contracts {
        pre[c] = GenesisAccount(nonce: 1, code: input.chunk(max: 256), storage: [U256(0): U256(1), U256(1): U256(7)])
    }
    var nonces = [UInt64](repeating: 0, count: senders.count)
    var txs: [Transaction] = []
    for _ in 0..<(1 + input.int(below: 24)) where !input.isAtEnd {
        let s = input.int(below: senders.count)
        let kind = input.int(below: 8)
        let to: Address? = kind == 0 ? nil : kind == 1 ? senders[input.int(below: senders.count)] : contracts[input.int(below: contracts.count)]
        // A wrong nonce now and then: rejections must match too.
        let nonce = input.int(below: 16) == 0 ? nonces[s] + 1 : nonces[s]
        if nonce == nonces[s] { nonces[s] += 1 }
        txs.append(Transaction(from: senders[s], to: to, nonce: nonce, gasLimit: 21_000 + input.uint64(bytes: 2) * 8,
                               gasPrice: U256(10), value: U256(input.uint64(bytes: 1)),
                               data: to == nil ? input.chunk(max: 64) : input.chunk(max: 68)))
    }
    let env = BlockEnvironment(chainId: 1, coinbase: input.byte() & 1 == 0 ? Address(low: 0xc0b1) : contracts[0],
                               number: 1, timestamp: 1000, gasLimit: 30_000_000, baseFee: U256(7))
    let block = Block(fork: .cancun, env: env, pre: pre, transactions: txs)
    do {
        let reference = try BlockPipeline.runSequential(block).result.json()
        for strategy in [ExecutionStrategy.blockstm, .sharded] {
            let got = try BlockPipeline.run(block) { b, ledger in try executor.execute(b, base: ledger, strategy: strategy) }.result.json()
            if got != reference {
                FileHandle.standardError.write(Data("\(strategy.rawValue) differs from sequential\n--- sequential\n".utf8) + reference + Data("\n--- parallel\n".utf8) + got)
                preconditionFailure("\(strategy.rawValue) differs from sequential")
            }
        }
    } catch {
        // Unsupported precompiles (point evaluation without a trusted setup) interrupt every executor alike.
    }
    return 0
}

/// SwiftPM links this executable with `main` aliased to `FuzzParallel_main`.
@_cdecl("FuzzParallel_main")
public func fuzzParallelMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzParallel)
}
