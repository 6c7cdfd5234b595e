import Primitives

/// What one transaction (or a whole block, once merged) changes in one account. Applied by the
/// ledger's shards in this order: `deleted`, then `storageCleared`, then `info` (or
/// `balanceDelta` when `info` is nil), then `code`, then `storage`.
@frozen
public struct AccountWrite: Equatable, Sendable {
    /// The account's new nonce, balance and code hash; `nil` when only deltas or storage change.
    public var info: AccountInfo?
    /// Added to the stored balance when `info` is nil: fee payments to the coinbase and plain
    /// value credits, kept as deltas so they do not make transactions depend on each other.
    public var balanceDelta: U256
    /// The account is removed with all its storage (EIP-161 clean-up, EIP-6780 SELFDESTRUCT).
    public var deleted: Bool
    /// Storage is wiped before `storage` is applied (the account was created in this transaction).
    public var storageCleared: Bool
    /// New code, present only when the account was given code (creation).
    public var code: [UInt8]?
    /// Slot → new value; zero deletes the slot.
    public var storage: [U256: U256]

    @inlinable
    public init(info: AccountInfo? = nil, balanceDelta: U256 = .zero, deleted: Bool = false,
                storageCleared: Bool = false, code: [UInt8]? = nil, storage: [U256: U256] = Dictionary()) {
        self.info = info; self.balanceDelta = balanceDelta; self.deleted = deleted
        self.storageCleared = storageCleared; self.code = code; self.storage = storage
    }
}

extension AccountWrite {
    /// Only the account's own fields change (its value or a balance delta): no storage, code,
    /// deletion or wipe.
    @inlinable @inline(__always)
    public var changesFieldsOnly: Bool {
        !deleted && !storageCleared && code == nil && storage.isEmpty
    }

    /// Only a balance credit: no account value, storage, code, deletion or wipe. Credits to one
    /// account commute, so executors and the ledger may sum them (lazy beneficiary, commit).
    @inlinable @inline(__always)
    public var isPureCredit: Bool {
        info == nil && changesFieldsOnly
    }
}

/// The writes of a transaction or a block, by account.
public struct WriteSet: Equatable, Sendable {
    public var accounts: AccountWrites

    /// The default is `AccountWrites()`, not the literal `[:]`: every transaction makes an
    /// empty set or two, and the literal went through the variadic initialiser (a reservation
    /// and a copy of nothing, a dozen calls).
    @inlinable
    public init(accounts: AccountWrites = AccountWrites()) { self.accounts = accounts }

    public var isEmpty: Bool { accounts.isEmpty }
}
