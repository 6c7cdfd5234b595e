import StateAccess
import Blocks
import EVM

/// The reference strategy: transactions one after another on one thread, each reading the
/// effects of all earlier ones through an overlay on the block's pre-state. Every parallel
/// strategy is tested against it and falls back to it. The loop is `GenericSequential`'s, run
/// over the EVM.
public enum SequentialExecutor {
    /// Executes `block`'s transactions on `base` (the state before the block). Nothing is
    /// written to `base`: the outcome's write sets are committed by the caller.
    public static func execute(_ block: Block, base: any StateView) throws(ExecutionInterrupt) -> BlockOutcome {
        try GenericSequential.execute(EVMProgram(block: block), base: base)
    }
}
