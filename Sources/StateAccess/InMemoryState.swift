import Primitives

/// A `StateView` over plain dictionaries that applies write sets in place: the state of a
/// conformance test (one transaction on a small pre-state) and of unit tests. Unlike the ledger
/// it keeps empty accounts that were loaded as such (state tests have them in `pre`), removing
/// accounts only when a write set says `deleted`.
public final class InMemoryState: StateView {
    public struct Account: Equatable, Sendable {
        public var info: AccountInfo
        public var storage: [U256: U256]
        public init(info: AccountInfo, storage: [U256: U256] = [:]) { self.info = info; self.storage = storage }
    }

    public private(set) var accounts: [Address: Account] = [:]
    public private(set) var codes: [Bytes32: [UInt8]] = [:]
    /// BLOCKHASH answers; nil falls back to `blockHashFunction`.
    public var blockHashes: [UInt64: Bytes32] = [:]
    public var blockHashFunction: (@Sendable (UInt64) -> Bytes32)?

    public init() {}

    /// Adds an account as given (empty accounts included); `codeHash` must be keccak(code).
    public func insert(_ address: Address, nonce: UInt64, balance: U256, code: [UInt8], codeHash: Bytes32, storage: [U256: U256]) {
        accounts[address] = Account(info: AccountInfo(nonce: nonce, balance: balance, codeHash: codeHash),
                                    storage: storage.filter { !$0.value.isZero })
        if !code.isEmpty { codes[codeHash] = code }
    }

    public func account(_ address: Address) -> AccountInfo? { accounts[address]?.info }
    public func storage(_ address: Address, slot: U256) -> U256 { accounts[address]?.storage[slot] ?? .zero }
    public func hasStorage(_ address: Address) -> Bool { !(accounts[address]?.storage.isEmpty ?? true) }
    public func code(hash: Bytes32) -> [UInt8] { codes[hash] ?? [] }
    public func blockHash(_ number: UInt64) -> Bytes32 { blockHashes[number] ?? blockHashFunction?(number) ?? .zero }

    /// Applies one write set with the order documented on `AccountWrite`.
    public func apply(_ writes: WriteSet) {
        for (address, w) in writes.accounts {
            if w.deleted { accounts[address] = nil }
            var account = accounts[address]
            if w.storageCleared { account?.storage = [:] }
            if let info = w.info {
                if account == nil { account = Account(info: info) } else { account!.info = info }
            } else if !w.balanceDelta.isZero {
                if account == nil { account = Account(info: AccountInfo()) }
                account!.info.balance = account!.info.balance &+ w.balanceDelta
            }
            if let code = w.code, let info = account?.info { codes[info.codeHash] = code }
            if !w.storage.isEmpty {
                if account == nil { account = Account(info: AccountInfo()) }
                for (slot, value) in w.storage {
                    if value.isZero { account!.storage[slot] = nil } else { account!.storage[slot] = value }
                }
            }
            if !w.deleted || account != nil { accounts[address] = account }
        }
    }
}
