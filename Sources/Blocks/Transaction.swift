import Primitives

/// One EIP-2930 access-list entry.
public struct AccessListEntry: Sendable, Equatable {
    public var address: Address
    public var storageKeys: [U256]
    public init(address: Address, storageKeys: [U256]) { self.address = address; self.storageKeys = storageKeys }
}

/// An unsigned transaction with a trusted sender, as the block format carries it.
public struct Transaction: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case legacy = 0, accessList = 1, dynamicFee = 2, blob = 3 }

    public var from: Address
    /// `nil` creates a contract from `data`.
    public var to: Address?
    public var nonce: UInt64
    public var gasLimit: UInt64
    /// Legacy and EIP-2930 transactions.
    public var gasPrice: U256?
    /// EIP-1559 and EIP-4844 transactions.
    public var maxFeePerGas: U256?
    public var maxPriorityFeePerGas: U256?
    public var value: U256
    public var data: [UInt8]
    public var accessList: [AccessListEntry]?
    /// EIP-4844.
    public var blobVersionedHashes: [Bytes32]?
    public var maxFeePerBlobGas: U256?

    public init(from: Address, to: Address?, nonce: UInt64, gasLimit: UInt64, gasPrice: U256? = nil,
                maxFeePerGas: U256? = nil, maxPriorityFeePerGas: U256? = nil, value: U256 = .zero,
                data: [UInt8] = [], accessList: [AccessListEntry]? = nil,
                blobVersionedHashes: [Bytes32]? = nil, maxFeePerBlobGas: U256? = nil) {
        self.from = from; self.to = to; self.nonce = nonce; self.gasLimit = gasLimit; self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas; self.maxPriorityFeePerGas = maxPriorityFeePerGas; self.value = value
        self.data = data; self.accessList = accessList
        self.blobVersionedHashes = blobVersionedHashes; self.maxFeePerBlobGas = maxFeePerBlobGas
    }

    /// The envelope type, derived from which fee fields are present.
    public var kind: Kind {
        if blobVersionedHashes != nil { return .blob }
        if maxFeePerGas != nil { return .dynamicFee }
        if accessList != nil { return .accessList }
        return .legacy
    }
}
