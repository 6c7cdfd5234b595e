import Primitives

/// Why a read could not be answered now. The sequential executor never throws; Block-STM's view
/// throws `.blocked` when a read hits an ESTIMATE marker of an earlier transaction, so the
/// incarnation stops at once and waits for that transaction instead of running on stale data.
public enum StateViewError: Error, Equatable, Sendable {
    case blocked(onTransaction: Int)
}

/// The only way execution reads state: one call per location, on a cache miss of the
/// transaction's own journal. Reads of the same location within one transaction are served by
/// the journal, so an implementation may record every call as a read-set entry.
///
/// Implementations: the ledger (sequential execution), the multi-version memory (Block-STM),
/// and in-memory views in tests.
public protocol StateView: AnyObject {
    /// The account, or `nil` when it does not exist.
    func account(_ address: Address) throws(StateViewError) -> AccountInfo?
    /// A storage slot's value; zero when unset or when the account does not exist.
    func storage(_ address: Address, slot: U256) throws(StateViewError) -> U256
    /// The account's code hash alone (the empty-code hash when it does not exist): what a
    /// plain payment needs to know of its recipient. A view that records reads records this
    /// one as a read of the code hash only, so that payments to one account, each crediting
    /// it without reading its balance, do not depend on one another. The default reads the
    /// whole account.
    func codeHash(_ address: Address) throws(StateViewError) -> Bytes32
    /// Whether the account has any non-zero storage slot (CREATE collision rule, EIP-7610).
    func hasStorage(_ address: Address) throws(StateViewError) -> Bool
    /// Code by its hash. Code is content-addressed and immutable, so this read never conflicts.
    func code(hash: Bytes32) -> [UInt8]
    /// BLOCKHASH for an ancestor within the last 256 blocks; zero when unknown.
    func blockHash(_ number: UInt64) -> Bytes32
    /// A hint, answering nothing, that `address` will be read soon: a view over cold memory
    /// may start loading it so that the miss overlaps the work in between. Executors announce
    /// the accounts of the next transactions (`.locate` two ahead, `.load` one ahead). The
    /// default does nothing.
    func prefetch(_ address: Address, _ step: PrefetchStep)
    /// A hint, answering nothing, that `address`'s storage slot `slot` may be read soon. The
    /// EVM gives it for every 64-byte KECCAK256 in a contract's code: that is how Solidity and
    /// Vyper locate a mapping entry, and the SLOAD or SSTORE usually follows within a few
    /// instructions. The default does nothing.
    func prefetchStorage(_ address: Address, slot: U256)
    /// The leading 64 bits of keccak(address), the account's key in the secure state trie (its
    /// leading nibbles pick the account's shard), when the view already holds them: the ledger
    /// keeps every account's hashed key. nil otherwise (the default), and the caller hashes.
    /// Why: the shard-affine strategy routes every transaction by its sender's shard before
    /// the workers start, and hashing each sender (300 ns) was most of that serial step.
    func hashedKeyPrefix(_ address: Address) -> UInt64?
}

/// The two steps of announcing a read (`StateView.prefetch`): a view's lookup structure
/// usually points to the account's data, and the pointer can only be followed once it is in
/// cache, so the first step loads where the account is found and the second, issued later,
/// loads the account itself.
public enum PrefetchStep: Sendable {
    case locate
    case load
}

extension StateView {
    @inlinable
    public func prefetch(_ address: Address, _ step: PrefetchStep) {}

    @inlinable
    public func prefetchStorage(_ address: Address, slot: U256) {}

    @inlinable
    public func hashedKeyPrefix(_ address: Address) -> UInt64? { nil }

    @inlinable
    public func codeHash(_ address: Address) throws(StateViewError) -> Bytes32 {
        try account(address)?.codeHash ?? AccountInfo.emptyCodeHash
    }
}
