import Primitives

/// One account of a genesis (`pre`) allocation.
public struct GenesisAccount: Sendable, Equatable {
    public var balance: U256
    public var nonce: UInt64
    public var code: [UInt8]
    /// Non-zero slots only.
    public var storage: [U256: U256]
    public init(balance: U256 = .zero, nonce: UInt64 = 0, code: [UInt8] = [], storage: [U256: U256] = [:]) {
        self.balance = balance; self.nonce = nonce; self.code = code; self.storage = storage
    }
}

/// A block case: the state before, the environment, the transactions.
public struct Block: Sendable, Equatable {
    public var fork: Fork
    public var env: BlockEnvironment
    public var pre: [Address: GenesisAccount]
    public var transactions: [Transaction]
    public init(fork: Fork, env: BlockEnvironment, pre: [Address: GenesisAccount], transactions: [Transaction]) {
        self.fork = fork; self.env = env; self.pre = pre; self.transactions = transactions
    }
}
