import Blocks

/// Builds a block (genesis allocation, environment, transactions) from workload parameters.
///
/// Pure and deterministic: the same parameters and seed give a byte-identical block (no clock,
/// no system randomness, no dictionary-order dependence), so a benchmark sweep can regenerate
/// any point instead of storing it. Fast enough (a 100,000-transaction block in well under two
/// seconds in release) that generation never dominates a sweep.
public enum WorkloadGenerator {
    public static func generate(_ p: WorkloadParameters) throws(WorkloadError) -> Block {
        try p.validate()
        var b = BlockBuilder(p)
        switch p.workload {
        case .transfers: run(TransfersWorkload.self, &b)
        case .erc20: run(ERC20Workload.self, &b)
        case .amm: run(AMMWorkload.self, &b)
        case .lending: run(LendingWorkload.self, &b)
        case .nft: run(NFTWorkload.self, &b)
        case .mixed: run(MixedWorkload.self, &b)
        }
        return b.block()
    }

    private static func run<C: WorkloadComponent>(_: C.Type, _ b: inout BlockBuilder) {
        let p = b.parameters
        var component = C(&b, expectedTxs: p.txs)
        for _ in 0..<p.txs {
            // Both draws always happen, so changing one knob does not reshuffle the other's choices.
            let hot = b.rng.chance(p.hotFraction)
            let revert = b.rng.chance(p.revertFraction)
            component.next(&b, hot: hot, revert: revert)
        }
        component.finish(&b)
    }
}
