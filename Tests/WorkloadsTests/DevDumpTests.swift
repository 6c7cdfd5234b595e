import Foundation
import Testing
@testable import Workloads

/// Writes small blocks of every workload to $WORKLOADS_DUMP_DIR for a look with the oracle.
@Test(.enabled(if: ProcessInfo.processInfo.environment["WORKLOADS_DUMP_DIR"] != nil))
func devDump() throws {
    let dir = ProcessInfo.processInfo.environment["WORKLOADS_DUMP_DIR"]!
    for kind in WorkloadKind.allCases {
        for (name, zipf, hot, rev) in [("low", 0.0, 0.1, 0.05), ("high", 1.2, 0.5, 0.1)] {
            let p = WorkloadParameters(workload: kind, txs: 200, accounts: 100, zipf: zipf, hotFraction: hot,
                                       eip1559Fraction: 0.8, revertFraction: rev, seed: 42, contracts: 2)
            let block = try WorkloadGenerator.generate(p)
            try DevBlockJSON.encode(block).write(toFile: "\(dir)/\(kind.rawValue)-\(name).block.json", atomically: true, encoding: .utf8)
        }
    }
}
