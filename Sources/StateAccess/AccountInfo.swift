import Primitives

/// The fields of an account that live in the account trie leaf, apart from the storage root.
/// This is the unit a `StateView` reads: one location per account, plus one per storage slot.
@frozen
public struct AccountInfo: Equatable, Sendable {
    public var nonce: UInt64
    public var balance: U256
    public var codeHash: Bytes32

    @inlinable
    public init(nonce: UInt64 = 0, balance: U256 = .zero, codeHash: Bytes32 = AccountInfo.emptyCodeHash) {
        self.nonce = nonce; self.balance = balance; self.codeHash = codeHash
    }

    /// keccak256 of the empty byte string: the code hash of every account without code.
    public static let emptyCodeHash = Bytes32(w0: 0xc5d2460186f7233c, w1: 0x927e7db2dcc703c0, w2: 0xe500b653ca82273b, w3: 0x7bfad8045d85a470)

    /// EIP-161 "empty": no nonce, no balance, no code. Empty accounts are never stored.
    @inlinable
    public var isEmpty: Bool { nonce == 0 && balance.isZero && codeHash == AccountInfo.emptyCodeHash }

    @inlinable
    public var hasCode: Bool { codeHash != AccountInfo.emptyCodeHash }
}
