import Foundation
import Blocks
import Testing
@testable import Workloads

/// Generation time of a 100,000-transaction block per workload. Opt-in (WORKLOADS_PERF=1), and
/// meaningful only in release and serially: `WORKLOADS_PERF=1 swift test -c release --no-parallel --filter generate100k`.
/// The budget is 2 s; `ledgerbench generate --stats` reports the same number for one block.
@Test(.enabled(if: ProcessInfo.processInfo.environment["WORKLOADS_PERF"] != nil), arguments: WorkloadKind.allCases)
func generate100k(kind: WorkloadKind) throws {
    let p = WorkloadParameters(workload: kind, txs: 100_000, accounts: 100_000, zipf: 1.0, hotFraction: 0.1,
                               revertFraction: 0.05, seed: 1, contracts: 4)
    let clock = ContinuousClock()
    var block: Blocks.Block?
    let elapsed = try clock.measure { block = try WorkloadGenerator.generate(p) }
    print("generate \(kind.rawValue) 100k: \(elapsed) (\(block!.pre.count) genesis accounts)")
    #expect(elapsed < .seconds(2))
}
