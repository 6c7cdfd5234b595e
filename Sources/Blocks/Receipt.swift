import Primitives

/// A log entry emitted by LOG0…LOG4.
public struct Log: Sendable, Equatable {
    public var address: Address
    public var topics: [Bytes32]
    public var data: [UInt8]
    public init(address: Address, topics: [Bytes32], data: [UInt8]) {
        self.address = address; self.topics = topics; self.data = data
    }
}

/// The receipt of an included transaction.
public struct Receipt: Sendable, Equatable {
    /// Index of the transaction in the block's input list.
    public var index: Int
    public var kind: Transaction.Kind
    public var success: Bool
    /// Gas this transaction used, after refunds.
    public var gasUsed: UInt64
    public var cumulativeGasUsed: UInt64
    public var contractAddress: Address?
    public var logs: [Log]
    /// Informational failure reason ("Revert", "OutOfGas", …); not part of consensus.
    public var error: String?

    public init(index: Int, kind: Transaction.Kind, success: Bool, gasUsed: UInt64, cumulativeGasUsed: UInt64,
                contractAddress: Address?, logs: [Log], error: String? = nil) {
        self.index = index; self.kind = kind; self.success = success; self.gasUsed = gasUsed
        self.cumulativeGasUsed = cumulativeGasUsed; self.contractAddress = contractAddress; self.logs = logs
        self.error = error
    }
}

/// A transaction that was not valid at its position: skipped, no state change.
public struct Rejection: Sendable, Equatable {
    public var index: Int
    public var reason: String
    public init(index: Int, reason: String) { self.index = index; self.reason = reason }
}
