import Foundation
import Testing
import Primitives
import StateAccess
import Blocks
import EVM
import Ledger
@testable import Execution

/// Randomized differential tests over real EVM blocks: every block, with Block-STM and the
/// shard-affine strategy at 1, 2, 3, 4, 8 and 16 threads and 1/16/256 shards, must give the
/// sequential executor's outcome: receipts (gas, logs, status), rejections, block gas, write
/// sets, and the same state once applied. Skipped (with a notice) while the EVM is the
/// placeholder that throws `.unsupported`.
@Suite struct EVMDifferentialTests {
    static var blockCount: Int { Int(ProcessInfo.processInfo.environment["EXECUTION_EVM_BLOCKS"] ?? "") ?? 300 }

    // Hand-assembled contracts.
    /// slot[calldata[0]] += 1; LOG1(topic = slot).
    static let counter: [UInt8] = [0x60, 0x00, 0x35, 0x80, 0x54, 0x60, 0x01, 0x01, 0x81, 0x55,
                                   0x60, 0x00, 0x52, 0x60, 0x00, 0x35, 0x60, 0x20, 0x60, 0x00, 0xA1, 0x00]
    // PUSH1 0 CALLDATALOAD DUP1 SLOAD PUSH1 1 ADD DUP2 SSTORE  -> leaves slot on stack
    // PUSH1 0 MSTORE (stores slot) ... PUSH1 0 CALLDATALOAD PUSH1 32 PUSH1 0 LOG1 STOP
    /// slot 0 := 1, then REVERT when calldata[0] != 0.
    static let reverter: [UInt8] = [0x60, 0x01, 0x60, 0x00, 0x55, 0x60, 0x00, 0x35, 0x60, 0x0E, 0x57, 0x00, 0x00, 0x00,
                                    0x5B, 0x60, 0x00, 0x60, 0x00, 0xFD]
    /// slot 1 := BALANCE(COINBASE); slot 2 := SELFBALANCE.
    static let coinbaseReader: [UInt8] = [0x41, 0x31, 0x60, 0x01, 0x55, 0x47, 0x60, 0x02, 0x55, 0x00]
    /// slot 1 := BALANCE(calldata[0]).
    static let balanceReader: [UInt8] = [0x60, 0x00, 0x35, 0x31, 0x60, 0x01, 0x55, 0x00]
    /// Init code: slot 0 := 42, return runtime code `STOP`.
    static let initCode: [UInt8] = [0x60, 0x2A, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x00, 0xF3]

    struct Case {
        var block: Block
        func makeBase() -> InMemoryState {
            let s = InMemoryState()
            for (a, g) in block.pre {
                s.insert(a, nonce: g.nonce, balance: g.balance, code: g.code,
                         codeHash: g.code.isEmpty ? AccountInfo.emptyCodeHash : Keccak256.hash(g.code), storage: g.storage)
            }
            return s
        }
    }

    /// `creations` false: no transaction creates a contract, so every one declares its sender and
    /// recipient (`DeclaredFootprints`); in their place, payments among the senders and, one
    /// time in four, a call that reads a sender's balance (which escapes its footprint).
    static func generate(seed: UInt64, transactions: Int, creations: Bool = true) -> Case {
        var rng = SplitMix64(seed: seed)
        let senders = (0..<max(3, transactions / 3)).map { Address(hi: 0x51, mid: UInt64($0), lo: 0xABC) }
        let reader = Address(hi: 0xC0, mid: 4, lo: 1)
        let counterA = Address(hi: 0xC0, mid: 1, lo: 1), counterB = Address(hi: 0xC0, mid: 2, lo: 1)
        let rev = Address(hi: 0xC0, mid: 3, lo: 1)
        // The coinbase: a plain account, a sender (pays fees to itself), or the contract whose
        // SELFBALANCE is then the coinbase balance.
        let coinbase = [senders[0], reader, Address(hi: 0xCB, mid: 0, lo: 0), Address(hi: 0xCB, mid: 0, lo: 0)].randomElement(using: &rng)!
        var pre: [Address: GenesisAccount] = [:]
        var nonces: [Address: UInt64] = [:]
        for s in senders {
            let balance = UInt64.random(in: 0..<10, using: &rng) == 0 ? UInt64(30_000 * 10) : UInt64(10_000_000_000)
            pre[s] = GenesisAccount(balance: U256(balance), nonce: 0)
            nonces[s] = 0
        }
        pre[counterA] = GenesisAccount(nonce: 1, code: counter, storage: [U256(1): U256(5)])
        pre[counterB] = GenesisAccount(nonce: 1, code: counter)
        pre[rev] = GenesisAccount(nonce: 1, code: reverter)
        pre[reader] = GenesisAccount(balance: U256(3), nonce: 1, code: coinbaseReader)
        let balances = Address(hi: 0xC0, mid: 5, lo: 1)
        pre[balances] = GenesisAccount(nonce: 1, code: balanceReader)
        let plain = (0..<6).map { Address(hi: 0x77, mid: UInt64($0), lo: 3) }
        // In most blocks, one account that many payments go to (Block-STM keeps its credits
        // per transaction, `LazyAccounts`): a plain account, a sender (its own transactions
        // write full values between the credits), or none.
        let hot = [nil, plain[0], senders[1], senders[1]].randomElement(using: &rng)!
        var txs: [Transaction] = []
        for _ in 0..<transactions {
            let from = senders.randomElement(using: &rng)!
            var nonce = nonces[from]!
            let r = Int.random(in: 0..<100, using: &rng)
            if r < 3 { nonce += 1 } else if r < 5 && nonce > 0 { nonce -= 1 }
            var tx = Transaction(from: from, to: nil, nonce: nonce, gasLimit: 100_000, gasPrice: U256(10))
            var rejectedAnyway = false
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<25:
                tx.to = Bool.random(using: &rng) ? plain.randomElement(using: &rng)! : senders.randomElement(using: &rng)!
                if let hot, Int.random(in: 0..<3, using: &rng) > 0 { tx.to = hot }
                tx.value = U256(UInt64.random(in: 1...1_000_000, using: &rng)); tx.gasLimit = 21_000
            case 25..<30:
                tx.to = from; tx.value = U256(UInt64.random(in: 1...1_000, using: &rng)); tx.gasLimit = 21_000   // to self
            case 30..<55:
                tx.to = Bool.random(using: &rng) ? counterA : counterB
                tx.data = Bytes32(U256(UInt64.random(in: 0..<3, using: &rng))).bytes
            case 55..<65:
                tx.to = rev; tx.data = Bytes32(U256(UInt64.random(in: 0..<2, using: &rng))).bytes
            case 65..<75:
                tx.to = reader
                if let hot, Bool.random(using: &rng) { tx.to = balances; tx.data = Bytes32(U256(hot)).bytes }
            case 75..<85 where !creations:
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    tx.to = balances; tx.data = Bytes32(U256(senders.randomElement(using: &rng)!)).bytes
                } else {
                    tx.to = senders.randomElement(using: &rng)!; tx.value = U256(UInt64.random(in: 1...1_000, using: &rng))
                    tx.gasLimit = 21_000
                }
            case 75..<85:
                tx.to = nil; tx.data = initCode; tx.gasLimit = 200_000
            case 85..<90:
                tx.to = coinbase; tx.value = U256(7); tx.gasLimit = 21_000
            case 90..<95:
                // A payment to where a sender's last transaction would have created a contract:
                // code there (a creation earlier in the block) or not decides whether the
                // payment is a lazy credit, so Block-STM must validate the code hash it read.
                let creator = senders.randomElement(using: &rng)!
                tx.to = Self.createdAddress(creator, nonce: max(1, nonces[creator]!) - 1)
                tx.value = U256(UInt64.random(in: 1...1_000, using: &rng)); tx.gasLimit = 50_000
            default:
                tx.to = plain.randomElement(using: &rng)!; tx.value = U256(UInt64.max) ; tx.gasLimit = 21_000  // insufficient balance
                rejectedAnyway = true
            }
            txs.append(tx)
            if nonce == nonces[from]! && !rejectedAnyway { nonces[from] = nonce + 1 }
        }
        let total = txs.reduce(UInt64(0)) { $0 + $1.gasLimit }
        let gasLimit = Int.random(in: 0..<5, using: &rng) == 0 ? total * 6 / 10 : 30_000_000
        let env = BlockEnvironment(chainId: 1, coinbase: coinbase, number: 1, timestamp: 1_700_000_000,
                                   gasLimit: gasLimit, baseFee: U256(7))
        return Case(block: Block(fork: .cancun, env: env, pre: pre, transactions: txs))
    }

    /// keccak(rlp([sender, nonce]))[12:], the CREATE address.
    static func createdAddress(_ sender: Address, nonce: UInt64) -> Address {
        var w = RLPWriter()
        w.withList { l in l.append(sender); l.append(nonce) }
        return Address(U256(Keccak256.hash(w.bytes)))
    }

    /// Payments from distinct senders to one account credit it lazily: no transaction reads
    /// another's write, so Block-STM neither aborts nor waits, the dependency graph has no
    /// edge, and the outcome is the sequential one.
    @Test func paymentsToOneAccountDoNotConflict() throws {
        let hot = Address(hi: 0xEE, mid: 0, lo: 1)
        let senders = (0..<96).map { Address(hi: 0x52, mid: UInt64($0), lo: 7) }
        var pre: [Address: GenesisAccount] = [:]
        for s in senders { pre[s] = GenesisAccount(balance: U256(10_000_000_000), nonce: 0) }
        let txs = senders.map { Transaction(from: $0, to: hot, nonce: 0, gasLimit: 21_000, gasPrice: U256(10), value: U256(1_000)) }
        let env = BlockEnvironment(chainId: 1, coinbase: Address(hi: 0xCB, mid: 0, lo: 0), number: 1, timestamp: 1_700_000_000,
                                   gasLimit: 30_000_000, baseFee: U256(7))
        let c = Case(block: Block(fork: .cancun, env: env, pre: pre, transactions: txs))
        let expected = try SequentialExecutor.execute(c.block, base: c.makeBase())
        #expect(expected.receipts.count == senders.count)
        for threads in [2, 4] {
            let got = try ParallelExecutor(threads: threads, sequentialThreshold: 0).execute(c.block, base: c.makeBase(), strategy: .blockstm)
            assertSameOutcome(got, expected, "one recipient, T=\(threads)")
            #expect(got.stats.validationFailures == 0 && got.stats.dependencyWaits == 0 && got.stats.sequentialFallback == nil)
        }
        let report = try DependencyAnalysis.analyze(c.block, base: c.makeBase())
        #expect(report.edges == 0 && report.longestChain == 1)
    }

    /// Hot payees: recipients of value from at least one in sixteen sampled transactions (and
    /// at least four), most paid first, ties by address, at most `limit`. Zero-value calls
    /// and creations do not count. Every transaction is sampled below 1,024 of them; above,
    /// a spread sample still finds payees that hot.
    @Test func hotPayeesAreTheRecipientsManyTransactionsPay() {
        let a = Address(hi: 0xA0, mid: 0, lo: 1), b = Address(hi: 0xB0, mid: 0, lo: 1)
        let c = Address(hi: 0xC0, mid: 0, lo: 1), d = Address(hi: 0x0D, mid: 0, lo: 1)
        func block(_ count: Int) -> Block {
            let txs = (0..<count).map { i -> Transaction in
                let from = Address(hi: 0x5E, mid: UInt64(i), lo: 1)
                // a: 1 in 4; b: 1 in 10; d: 1 in 10 but no value; c: 1 in 40; others once each.
                switch i % 40 {
                case 0, 4, 8, 12, 16, 20, 24, 28, 32, 36: return Transaction(from: from, to: a, nonce: 0, gasLimit: 21_000, value: U256(1))
                case 1, 5, 9, 13: return Transaction(from: from, to: b, nonce: 0, gasLimit: 21_000, value: U256(1))
                case 2, 6, 10, 14: return Transaction(from: from, to: d, nonce: 0, gasLimit: 50_000)
                case 3: return Transaction(from: from, to: c, nonce: 0, gasLimit: 21_000, value: U256(1))
                case 7: return Transaction(from: from, to: nil, nonce: 0, gasLimit: 90_000, value: U256(1))
                default: return Transaction(from: from, to: Address(hi: 0x77, mid: UInt64(i), lo: 1), nonce: 0, gasLimit: 21_000, value: U256(1))
                }
            }
            let env = BlockEnvironment(chainId: 1, coinbase: Address(hi: 0xCB, mid: 0, lo: 0), number: 1, timestamp: 1_700_000_000,
                                       gasLimit: 30_000_000, baseFee: U256(7))
            return Block(fork: .cancun, env: env, pre: [:], transactions: txs)
        }
        for count in [400, 20_000] {
            let program = EVMProgram(block: block(count))
            #expect(program.hotPayees(limit: 3) == [a, b], "\(count) transactions")
            #expect(program.hotPayees(limit: 1) == [a], "\(count) transactions")
        }
        // Below four payments nothing is hot, however small the block: in 13 transactions a
        // has four, b three; in 12, three each.
        #expect(EVMProgram(block: block(13)).hotPayees(limit: 3) == [a])
        #expect(EVMProgram(block: block(12)).hotPayees(limit: 3).isEmpty)
    }

    @Test func parallelEqualsSequentialOnEVMBlocks() throws {
        let probe = Self.generate(seed: 0, transactions: 5)
        do {
            _ = try SequentialExecutor.execute(probe.block, base: probe.makeBase())
        } catch {
            print("EVM differential tests skipped: \(error)")
            return
        }
        var executors: [Int: [Int: ParallelExecutor]] = [:]
        for t in TestPools.threadCounts {
            for s in TestPools.shardCounts { executors[t, default: [:]][s] = try ParallelExecutor(threads: t, shardCount: s, sequentialThreshold: 0) }
        }
        var stats = ExecutionStats()
        var included = 0, rejected = 0, failed = 0, roots = 0, withHotPayee = 0
        for b in 0..<Self.blockCount {
            let c = Self.generate(seed: UInt64(b) &* 104_729 &+ 3, transactions: 20 + (b * 7) % 41)
            if !EVMProgram(block: c.block).hotPayees(limit: 3).filter({ $0 != c.block.env.coinbase }).isEmpty { withHotPayee += 1 }
            let base = c.makeBase()
            let expected = try SequentialExecutor.execute(c.block, base: base)
            included += expected.receipts.count; rejected += expected.rejected.count
            failed += expected.receipts.filter { !$0.success }.count
            let expectedState = appliedState(c.makeBase(), expected)
            for t in TestPools.threadCounts {
                for (i, s) in TestPools.shardCounts.enumerated() {
                    let ex = executors[t]![s]!
                    let sharded = try ex.execute(c.block, base: base, strategy: .sharded)
                    assertSameOutcome(sharded, expected, "EVM block \(b) sharded T=\(t) S=\(s)")
                    if i == 0 {
                        let stm = try ex.execute(c.block, base: base, strategy: .blockstm)
                        assertSameOutcome(stm, expected, "EVM block \(b) blockstm T=\(t)")
                        let same = appliedState(c.makeBase(), stm) == expectedState
                        #expect(same, "EVM block \(b) blockstm T=\(t): applied state differs")
                        stats.executions += stm.stats.executions; stats.aborts += stm.stats.aborts
                        if t == 4 {
                            // The ledger as the base (read by every worker at once), and the state root.
                            let ledger = try ShardedLedger(genesis: c.block.pre, shardCount: 16)
                            let onLedger = try ex.execute(c.block, base: ledger, strategy: .blockstm)
                            assertSameOutcome(onLedger, expected, "EVM block \(b) blockstm T=4 on the ledger")
                            let expectedLedger = ledger.copy()
                            expectedLedger.apply(expected.writeSets)
                            ledger.apply(onLedger.writeSets)
                            let sameRoot = ledger.stateRoot() == expectedLedger.stateRoot()
                            #expect(sameRoot, "EVM block \(b): state root differs")
                            roots += 1
                        }
                    }
                }
            }
        }
        print("EVM differential: \(Self.blockCount) blocks (\(withHotPayee) with a hot payee), \(included) included (\(failed) failed), \(rejected) rejected; blockstm executions \(stats.executions), aborts \(stats.aborts); \(roots) state roots compared")
        #expect(withHotPayee >= Self.blockCount / 5, "the blocks must exercise hot payees")
    }
}
