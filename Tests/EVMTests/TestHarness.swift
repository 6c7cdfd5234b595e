import Testing
import Primitives
import StateAccess
import Blocks
@testable import EVM

/// A StateView over an `InMemoryState` that records which accounts were read and can refuse a
/// read as Block-STM would.
final class RecordingView: StateView, @unchecked Sendable {
    let inner: InMemoryState
    var accountReads: [Address] = []
    var codeHashReads: [Address] = []
    var blockOn: Address? = nil
    /// The storage hints the EVM gave (`StateView.prefetchStorage`), in order.
    var storageHints: [(address: Address, slot: U256)] = []
    init(_ inner: InMemoryState) { self.inner = inner }
    func prefetchStorage(_ address: Address, slot: U256) { storageHints.append((address, slot)) }
    func account(_ address: Address) throws(StateViewError) -> AccountInfo? {
        if address == blockOn { throw .blocked(onTransaction: 7) }
        accountReads.append(address)
        return inner.account(address)
    }
    func codeHash(_ address: Address) throws(StateViewError) -> Bytes32 {
        if address == blockOn { throw .blocked(onTransaction: 7) }
        codeHashReads.append(address)
        return inner.account(address)?.codeHash ?? AccountInfo.emptyCodeHash
    }
    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256 { inner.storage(address, slot: slot) }
    func hasStorage(_ address: Address) throws(StateViewError) -> Bool { inner.hasStorage(address) }
    func code(hash: Bytes32) -> [UInt8] { inner.code(hash: hash) }
    func blockHash(_ number: UInt64) -> Bytes32 { inner.blockHash(number) }
}

enum T {
    static let sender = Address(low: 0x5e00)
    static let contract = Address(low: 0xc0de)
    static let other = Address(low: 0x0be7)
    static let coinbase = Address(low: 0xc0b1)
    static let richBalance = U256(1) << 100

    static func hex(_ s: String) -> [UInt8] { try! Hex.decode(s) }

    static func env(baseFee: UInt64 = 7, excessBlobGas: UInt64 = 0) -> BlockEnvironment {
        BlockEnvironment(chainId: 1, coinbase: coinbase, number: 100, timestamp: 1000, gasLimit: 30_000_000,
                         baseFee: U256(baseFee), prevRandao: .zero, excessBlobGas: excessBlobGas)
    }

    static func state(_ accounts: [(Address, U256, [UInt8], [U256: U256])] = [], senderBalance: U256 = richBalance) -> InMemoryState {
        let s = InMemoryState()
        s.insert(sender, nonce: 0, balance: senderBalance, code: [], codeHash: AccountInfo.emptyCodeHash, storage: [:])
        for (a, balance, code, storage) in accounts {
            s.insert(a, nonce: code.isEmpty ? 0 : 1, balance: balance, code: code,
                     codeHash: code.isEmpty ? AccountInfo.emptyCodeHash : Keccak256.hash(code), storage: storage)
        }
        return s
    }

    static func call(_ to: Address?, data: [UInt8] = [], value: U256 = .zero, gas: UInt64 = 1_000_000,
                     price: UInt64 = 10, nonce: UInt64 = 0, accessList: [AccessListEntry]? = nil) -> Transaction {
        Transaction(from: sender, to: to, nonce: nonce, gasLimit: gas, gasPrice: U256(price), value: value,
                    data: data, accessList: accessList)
    }

    /// Runs one transaction; returns the result (failing the test on rejection).
    static func run(_ tx: Transaction, on state: InMemoryState, fork: Fork = .cancun, env: BlockEnvironment = T.env(),
                    apply: Bool = true) throws -> TransactionResult {
        let ex = TransactionExecutor(fork: fork, env: env)
        switch try ex.execute(tx, view: RecordingView(state)) {
        case .included(let r):
            if apply { state.apply(r.writeSet) }
            return r
        case .rejected(let reason):
            Issue.record("rejected: \(reason)")
            throw Rejected(reason: reason)
        }
    }

    struct Rejected: Error { var reason: String }

    static func rejection(_ tx: Transaction, on state: InMemoryState, fork: Fork = .cancun, env: BlockEnvironment = T.env()) throws -> String? {
        let ex = TransactionExecutor(fork: fork, env: env)
        if case .rejected(let reason) = try ex.execute(tx, view: RecordingView(state)) { return reason }
        return nil
    }

    /// PUSH20 address.
    static func push(_ a: Address) -> [UInt8] { [0x73] + a.bytes }
}
