import Benchmark
import Primitives
import StateAccess
import Blocks
import EVM
import Execution
import Ledger
import Workloads

/// Interpreter micro-benchmarks (tight loops of one kind of work, one transaction each) and
/// sequential block execution of 10,000-transaction workload blocks.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(3), maxIterations: 200)

    /// A loop `n` times around `body` (stack-neutral): PUSH3 n, JUMPDEST, body, n-1, JUMPI back.
    func loop(_ n: UInt32, _ body: [UInt8]) -> [UInt8] {
        let start: [UInt8] = [0x62, UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff), 0x5b]
        return start + body + [0x60, 0x01, 0x90, 0x03, 0x80, 0x60, 0x04, 0x57, 0x00]
    }
    let contract = Address(low: 0xc0de)
    let sender = Address(low: 0xa11ce)
    func run(_ name: String, code: [UInt8]) {
        let state = InMemoryState()
        state.insert(sender, nonce: 0, balance: U256(1) << 100, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        state.insert(contract, nonce: 1, balance: .zero, code: code, codeHash: Keccak256.hash(code), storage: [:])
        let env = BlockEnvironment(gasLimit: 30_000_000, baseFee: U256(7))
        let tx = Transaction(from: sender, to: contract, nonce: 0, gasLimit: 29_000_000, gasPrice: U256(10))
        let executor = TransactionExecutor(fork: .cancun, env: env)
        Benchmark(name) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try executor.execute(tx, view: state))
            }
        }
    }
    // 100,000 × (3 × 7 + 5)
    run("EVM arithmetic loop (100k MUL+ADD)", code: loop(100_000, [0x60, 0x03, 0x60, 0x07, 0x02, 0x60, 0x05, 0x01, 0x50]))
    // 10,000 × keccak256 of 64 bytes of memory
    run("EVM keccak loop (10k KECCAK256 of 64 B)", code: loop(10_000, [0x60, 0x40, 0x5f, 0x20, 0x50]))
    // 1,000 × SSTORE(counter, counter) then SLOAD(counter)
    run("EVM SSTORE/SLOAD loop (1k fresh slots)", code: loop(1_000, [0x80, 0x80, 0x55, 0x80, 0x54, 0x50]))

    for kind in [WorkloadKind.transfers, .erc20] {
        let block = try! WorkloadGenerator.generate(WorkloadParameters(workload: kind, txs: 10_000, accounts: 100_000, seed: 1))
        let ledger = try! ShardedLedger(genesis: block.pre, shardCount: 16)
        _ = ledger.stateRoot()
        // CPU time next to wall time: on a shared machine it is the steadier of the two.
        Benchmark("Sequential execution, 10k \(kind.rawValue) txs (execution only)",
                  configuration: .init(metrics: [.wallClock, .cpuTotal], maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try SequentialExecutor.execute(block, base: ledger))
            }
        }
    }
}
