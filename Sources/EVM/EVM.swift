// The EVM module: the Cancun interpreter, gas schedule, calls and creates, and transaction
// processing. The rules follow the Ethereum execution specs (EELS, `src/ethereum/cancun`).
//
// Layout:
//   EVM.swift                 the public result types
//   TransactionExecutor.swift validation, fees, refunds, the write set (EELS fork.py)
//   Messages.swift            message calls and contract creation (EELS interpreter.py)
//   Journal.swift             per-transaction cache of accounts and slots, undo log, warm sets
//   Interpreter.swift         the dispatch loop
//   Instructions/*.swift      opcode bodies by group (stack → gas → operation → pc)
//   GasSchedule.swift         static gas per fork, stack bounds, gas constants and formulas
//   Code.swift                padded code with its jump-destination map, cached per code hash
//   Memory.swift              the byte-addressed memory with quadratic expansion cost
//   SmallMaps.swift           small linear tables for accounts, warm addresses and slots
//   StackGuard.swift          deep call chains continue on a large-stack helper thread
import Primitives
import StateAccess
import Blocks

/// Thrown out of execution: the transaction could not be finished now.
public enum ExecutionInterrupt: Error, Equatable, Sendable {
    /// A StateView read threw `.blocked` (Block-STM): abandon this incarnation.
    case blocked(onTransaction: Int)
    /// Something this EVM cannot do yet (e.g. a precompile not implemented): fail loudly.
    case unsupported(String)
}

/// The result of an included transaction.
public struct TransactionResult: Sendable {
    public var success: Bool
    /// Gas used after the refund: what the sender paid for, the receipt's gas.
    public var gasUsed: UInt64
    public var logs: [Log]
    /// The new contract's address, for creation transactions.
    public var contractAddress: Address?
    public var output: [UInt8]
    /// Informational: "Revert", "OutOfGas", "InvalidOpcode", "StackUnderflow", ...
    public var error: String?
    /// Every state effect of the transaction, including the sender's nonce and balance and the
    /// coinbase fee.
    public var writeSet: WriteSet

    public init(success: Bool, gasUsed: UInt64, logs: [Log], contractAddress: Address?, output: [UInt8],
                error: String?, writeSet: WriteSet) {
        self.success = success; self.gasUsed = gasUsed; self.logs = logs; self.contractAddress = contractAddress
        self.output = output; self.error = error; self.writeSet = writeSet
    }
}

/// What happened to a transaction.
public enum TransactionOutcome: Sendable {
    case included(TransactionResult)
    /// Invalid transaction: no state change at all.
    case rejected(reason: String)
}
