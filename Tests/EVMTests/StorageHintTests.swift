import Testing
import Primitives
import StateAccess
@testable import EVM

/// The EVM's storage hint (`StateView.prefetchStorage`): after a KECCAK256 of 64 bytes, the
/// way Solidity and Vyper locate a mapping entry, the view hears of the running contract's slot
/// of that hash; other hashes give no hint. Block-STM's view starts loading that slot's
/// locations on it (`MVMemory.announceStorage`).
@Suite struct StorageHintTests {
    @Test func aSixtyFourByteHashIsHintedAsASlotOfTheRunningContract() throws {
        // mem[0..32] = 42, mem[32..64] = 7; KECCAK256(0, 64); SLOAD; POP;
        // KECCAK256(0, 32); POP; STOP.
        let code = T.hex("602a600052" + "6007602052" + "6040600020" + "5450" + "6020600020" + "50" + "00")
        let state = T.state([(T.contract, .zero, code, [:])])
        let view = RecordingView(state)
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        guard case .included(let r) = try ex.execute(T.call(T.contract), view: view) else {
            Issue.record("rejected")
            return
        }
        #expect(r.success, "\(r.error ?? "")")
        var key = [UInt8](repeating: 0, count: 64)
        key[31] = 42
        key[63] = 7
        let slot = U256(Keccak256.hash(key))
        #expect(view.storageHints.count == 1, "the 32-byte hash gives no hint")
        #expect(view.storageHints.first?.address == T.contract)
        #expect(view.storageHints.first?.slot == slot)
    }

    @Test func aHashThatRunsOutOfGasGivesNoHint() throws {
        // KECCAK256(0, 64) with gas for the pushes only.
        let code = T.hex("6040600020" + "00")
        let state = T.state([(T.contract, .zero, code, [:])])
        let view = RecordingView(state)
        let ex = TransactionExecutor(fork: .cancun, env: T.env())
        _ = try ex.execute(T.call(T.contract, gas: 21_000 + 6), view: view)
        #expect(view.storageHints.isEmpty)
    }
}
