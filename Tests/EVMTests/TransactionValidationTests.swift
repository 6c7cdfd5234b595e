import Testing
import Primitives
import StateAccess
import Blocks
@testable import EVM

@Suite struct TransactionValidationTests {
    @Test func invalidTransactionsAreRejectedWithAReason() throws {
        let s = T.state([(T.contract, .zero, [0x00], [:])], senderBalance: U256(1_000_000))
        #expect(try T.rejection(T.call(T.other, nonce: 1), on: s)?.contains("nonce") == true)
        #expect(try T.rejection(T.call(T.other, gas: 20999), on: s)?.contains("intrinsic") == true)
        #expect(try T.rejection(T.call(T.other, gas: 200_000), on: s)?.contains("insufficient funds") == true)
        #expect(try T.rejection(T.call(T.other, gas: 21000, price: 6), on: s)?.contains("base fee") == true)
        #expect(try T.rejection(T.call(T.other, gas: 40_000_000), on: s)?.contains("block gas limit") == true)
        var t = T.call(T.other, gas: 21000)
        t.gasPrice = nil; t.maxFeePerGas = 10; t.maxPriorityFeePerGas = 11
        #expect(try T.rejection(t, on: s)?.contains("priority") == true)
        t.maxFeePerGas = 6; t.maxPriorityFeePerGas = 1
        #expect(try T.rejection(t, on: s)?.contains("base fee") == true)
        var big = T.call(nil, data: [UInt8](repeating: 0, count: 49153), gas: 10_000_000, price: 0)
        big.gasPrice = 7
        #expect(try T.rejection(big, on: s) != nil)
    }

    @Test func senderWithCodeIsRejectedEIP3607() throws {
        let s = T.state()
        s.insert(T.sender, nonce: 0, balance: T.richBalance, code: [0x00], codeHash: Keccak256.hash([0x00]), storage: [:])
        #expect(try T.rejection(T.call(T.other, gas: 21000), on: s)?.contains("EIP-3607") == true)
    }

    @Test func nonceAtMaximumIsRejectedEIP2681() throws {
        let s = T.state()
        s.insert(T.sender, nonce: .max, balance: T.richBalance, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        #expect(try T.rejection(T.call(T.other, gas: 21000, nonce: .max), on: s) != nil)
    }

    func blobTx(hashes: [Bytes32], to: Address? = T.other, maxBlobFee: U256 = 10) -> Transaction {
        Transaction(from: T.sender, to: to, nonce: 0, gasLimit: 21000, maxFeePerGas: 10, maxPriorityFeePerGas: 1,
                    blobVersionedHashes: hashes, maxFeePerBlobGas: maxBlobFee)
    }

    @Test func blobTransactionRulesEIP4844() throws {
        let s = T.state()
        let good = Bytes32(w0: 0x01 << 56, w1: 0, w2: 0, w3: 1)
        let bad = Bytes32(w0: 0x02 << 56, w1: 0, w2: 0, w3: 1)
        #expect(try T.rejection(blobTx(hashes: [good], to: nil), on: s) != nil)
        #expect(try T.rejection(blobTx(hashes: []), on: s) != nil)
        #expect(try T.rejection(blobTx(hashes: [bad]), on: s)?.contains("version") == true)
        #expect(try T.rejection(blobTx(hashes: Array(repeating: good, count: 7)), on: s) != nil)
        #expect(try T.rejection(blobTx(hashes: [good], maxBlobFee: 1), on: s, env: T.env(excessBlobGas: 3_338_477)) != nil)
        #expect(try T.rejection(blobTx(hashes: [good]), on: s, fork: .shanghai) != nil)
        // Valid: the blob fee (131072 × blob base fee 1) is burned.
        let r = try T.run(blobTx(hashes: [good]), on: s)
        #expect(r.success)
        #expect(s.account(T.sender)?.balance == T.richBalance &- U256(21000 * 8) &- U256(131072))
    }

    @Test func coinbaseFeeIsALazyDeltaWithoutReadingTheCoinbase() throws {
        let s = T.state()
        let view = RecordingView(s)
        let ex = TransactionExecutor(fork: .cancun, env: T.env(baseFee: 7))
        guard case .included(let r) = try ex.execute(T.call(T.other, value: 1, gas: 21000, price: 10), view: view) else {
            Issue.record("rejected"); return
        }
        #expect(r.writeSet.accounts[T.coinbase] == AccountWrite(balanceDelta: U256(21000 * 3)))
        #expect(!view.accountReads.contains(T.coinbase))
    }

    /// A plain payment reads only its recipient's code hash and credits it as a delta, which
    /// applied gives what the full path gave: the balance added, the nonce kept, an absent
    /// recipient created.
    @Test func plainPaymentCreditsTheRecipientWithoutReadingIt() throws {
        let s = T.state()
        s.insert(T.other, nonce: 3, balance: 5, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        let fresh = Address(low: 0xf4e5)
        for (to, before) in [(T.other, U256(5)), (fresh, U256.zero)] {
            let view = RecordingView(s)
            let ex = TransactionExecutor(fork: .cancun, env: T.env(baseFee: 7))
            guard case .included(let r) = try ex.execute(T.call(to, value: 9, gas: 21000, price: 10,
                                                                nonce: s.account(T.sender)!.nonce), view: view) else {
                Issue.record("rejected"); return
            }
            #expect(r.success && r.gasUsed == 21000)
            #expect(r.writeSet.accounts[to] == AccountWrite(balanceDelta: U256(9)))
            #expect(!view.accountReads.contains(to) && view.codeHashReads == [to])
            s.apply(r.writeSet)
            #expect(s.account(to)?.balance == before &+ U256(9))
            #expect(s.account(to)?.nonce == (to == T.other ? 3 : 0))
        }
    }

    /// The plain-payment shortcut is the general path's result, write set order included:
    /// random payments (values, gas limits and prices, calldata, access lists, present and
    /// absent recipients, legacy and fee-market transactions) through both.
    @Test func plainPaymentShortcutEqualsTheGeneralPath() throws {
        var rng = XorShift(state: 0x9a7e_51d3)
        let s = T.state()
        s.insert(T.other, nonce: 3, balance: 5, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        for round in 0..<300 {
            let to = rng.next() % 2 == 0 ? T.other : Address(low: 0x1_0000 + UInt32(rng.next() % 1000))
            let data = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 3 == 0 ? 0 : rng.next()) }
            var t = T.call(to, data: data, value: U256(1 + rng.next() % 1_000_000), gas: 26_000 + rng.next() % 50_000,
                           price: 8 + rng.next() % 100)
            if rng.next() % 3 == 0 {
                t.gasPrice = nil
                t.maxFeePerGas = U256(8 + rng.next() % 100)
                t.maxPriorityFeePerGas = U256(1 + rng.next() % 8)
            }
            if rng.next() % 4 == 0 { t.accessList = [AccessListEntry(address: T.contract, storageKeys: [U256(rng.next())])] }
            let short = TransactionExecutor(fork: .cancun, env: T.env(baseFee: 7))
            let general = TransactionExecutor(fork: .cancun, env: T.env(baseFee: 7))
            general.takesPaymentShortcut = false
            let a = try short.execute(t, view: s), b = try general.execute(t, view: s)
            guard case .included(let x) = a, case .included(let y) = b else {
                Issue.record("round \(round): \(a) / \(b)"); return
            }
            #expect(x.writeSet == y.writeSet && Array(x.writeSet.accounts.keys) == Array(y.writeSet.accounts.keys),
                    "round \(round)")
            #expect(x.gasUsed == y.gasUsed && x.success && y.success && x.logs.isEmpty && x.output.isEmpty)
        }
    }

    /// What is not a plain payment loads the recipient: a contract, a zero value (EIP-161 may
    /// delete an empty recipient), the sender itself, the coinbase, a precompile.
    @Test func otherCallsLoadTheRecipient() throws {
        let s = T.state([(T.contract, .zero, [0x00], [:])])
        s.insert(T.coinbase, nonce: 0, balance: 5, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        let cases: [(Address, U256)] = [(T.contract, 9), (T.other, .zero), (T.sender, 9), (T.coinbase, 9), (Address(low: 2), 9)]
        for (to, value) in cases {
            let view = RecordingView(s)
            let ex = TransactionExecutor(fork: .cancun, env: T.env(baseFee: 7))
            guard case .included(let r) = try ex.execute(T.call(to, value: value, gas: 60000, price: 10), view: view) else {
                Issue.record("rejected"); return
            }
            #expect(r.writeSet.accounts[to]?.balanceDelta ?? .zero == .zero, "\(to): credited lazily")
            #expect(view.accountReads.contains(to), "\(to): not loaded")
        }
    }

    @Test func detachedWriteSetIsTheSameSetTakenApart() throws {
        let tx = T.call(T.other, value: 1, gas: 21000, price: 10)
        let plain = TransactionExecutor(fork: .cancun, env: T.env(baseFee: 7))
        let detaching = TransactionExecutor(fork: .cancun, env: T.env(baseFee: 7))
        detaching.detachesWriteSet = true
        guard case .included(let whole) = try plain.execute(tx, view: T.state()),
              case .included(let parted) = try detaching.execute(tx, view: T.state()) else {
            Issue.record("rejected"); return
        }
        #expect(parted.writeSet.accounts.isEmpty)
        #expect(!whole.writeSet.accounts.isEmpty)
        #expect(detaching.takeWriteSet() == whole.writeSet)
        #expect(detaching.takeWriteSet().accounts.isEmpty)   // taken once
        #expect(parted.gasUsed == whole.gasUsed && parted.success == whole.success)
    }

    @Test func coinbaseLoadedByTheTransactionIsCreditedNormally() throws {
        // BALANCE(COINBASE) POP
        let s = T.state([(T.contract, .zero, T.hex("413150"), [:])])
        s.insert(T.coinbase, nonce: 0, balance: 5, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        let r = try T.run(T.call(T.contract, gas: 30000, price: 10), on: s, env: T.env(baseFee: 7))
        #expect(r.writeSet.accounts[T.coinbase]?.info?.balance == U256(5 + r.gasUsed * 3))
        #expect(r.writeSet.accounts[T.coinbase]?.balanceDelta == .zero)
    }

    @Test func zeroFeeDestroysAnEmptyCoinbaseEIP161() throws {
        let s = T.state()
        s.insert(T.coinbase, nonce: 0, balance: .zero, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        let r = try T.run(T.call(T.other, gas: 21000, price: 7), on: s, env: T.env(baseFee: 7))
        #expect(r.writeSet.accounts[T.coinbase]?.deleted == true)
    }

    @Test func refundIsCappedAtAFifthOfGasUsedEIP3529() throws {
        // Clearing 5 slots: 5 × 4800 refund, capped.
        let code = T.hex("6000600055" + "6000600155" + "6000600255" + "6000600355" + "6000600455")
        var storage: [U256: U256] = [:]
        for i in 0..<5 { storage[U256(UInt64(i))] = 1 }
        let s = T.state([(T.contract, .zero, code, storage)])
        let r = try T.run(T.call(T.contract, gas: 100_000), on: s)
        let before: UInt64 = 21000 + 5 * (6 + 2100 + 2900)
        #expect(r.gasUsed == before - min(5 * 4800, before / 5))
    }
}

/// xorshift64: the few random numbers a test needs, reproducible.
private struct XorShift {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}
