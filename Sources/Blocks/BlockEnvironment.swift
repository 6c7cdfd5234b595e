import Primitives

/// The block header fields execution can observe.
public struct BlockEnvironment: Sendable, Equatable {
    public var chainId: UInt64
    public var coinbase: Address
    public var number: UInt64
    public var timestamp: UInt64
    public var gasLimit: UInt64
    public var baseFee: U256
    /// PREVRANDAO (DIFFICULTY before Paris).
    public var prevRandao: Bytes32
    /// Excess blob gas (Cancun); BLOBBASEFEE and blob transaction fees derive from it.
    public var excessBlobGas: UInt64
    /// Known ancestor hashes for BLOCKHASH; absent ones read as zero.
    public var blockHashes: [UInt64: Bytes32]

    public init(chainId: UInt64 = 1, coinbase: Address = .zero, number: UInt64 = 1, timestamp: UInt64 = 0,
                gasLimit: UInt64 = 30_000_000, baseFee: U256 = .zero, prevRandao: Bytes32 = .zero,
                excessBlobGas: UInt64 = 0, blockHashes: [UInt64: Bytes32] = [:]) {
        self.chainId = chainId; self.coinbase = coinbase; self.number = number; self.timestamp = timestamp
        self.gasLimit = gasLimit; self.baseFee = baseFee; self.prevRandao = prevRandao
        self.excessBlobGas = excessBlobGas; self.blockHashes = blockHashes
    }
}
