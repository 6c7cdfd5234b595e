// PLACEHOLDER — the interface the executors and the conformance runner call, so that main builds
// while the interpreter is written on the `evm` branch. The evm branch defines these same types
// for real: when merging main into it, DELETE THIS FILE.
import Primitives
import StateAccess
import Blocks

public enum ExecutionInterrupt: Error, Equatable, Sendable {
    case blocked(onTransaction: Int)
    case unsupported(String)
}

public struct TransactionResult: Sendable {
    public var success: Bool
    public var gasUsed: UInt64
    public var logs: [Log]
    public var contractAddress: Address?
    public var output: [UInt8]
    public var error: String?
    public var writeSet: WriteSet
}

public enum TransactionOutcome: Sendable {
    case included(TransactionResult)
    case rejected(reason: String)
}

public final class TransactionExecutor {
    public init(fork: Fork, env: BlockEnvironment) {}
    public func execute(_ tx: Transaction, view: any StateView) throws(ExecutionInterrupt) -> TransactionOutcome {
        throw .unsupported("the EVM interpreter has not landed yet")
    }
}
