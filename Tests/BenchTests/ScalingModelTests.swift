import Foundation
import Testing
import Execution
import Workloads
@testable import Bench

@Suite struct ScalingModelTests {
    /// On a tiny sweep: one row per block, the model is 1 at one worker and never falls or
    /// exceeds the worker count as workers are added, and the measured column holds exactly
    /// the thread counts that ran.
    @Test func modelRowsAreBoundedAndMonotone() throws {
        var c = SweepRunnerTests().tiny()
        c.workloads = [.transfers, .amm]
        c.strategies = [.sequential, .blockstm]
        c.warmup = 0
        c.repeats = 1
        let workers = [1, 2, 4, 64]
        let rows = try ScalingModel.run(c, workers: workers)
        #expect(rows.count == 2)
        for r in rows {
            #expect(abs(r.modelled[1]! - 1) < 1e-9)
            var previous = 1.0
            for w in workers {
                let m = r.modelled[w]!
                #expect(m >= previous - 1e-9 && m <= Double(w) + 1e-9, "\(r.configuration) at \(w) workers: \(m)")
                previous = m
            }
            #expect(Set(r.measured.keys) == [1, 2])
            let cost = try #require(r.oneThreadCost)
            #expect(abs(r.measured[1]! * cost - 1) < 1e-9, "one thread measures 1 ÷ its own cost")
        }
    }

    /// Every column of the table has its own header, separated by spaces, and the numbers sit
    /// under their headers (the headers once ran together: `model@1model@2`).
    @Test func tableColumnsLineUp() {
        let rows = [ScalingModel.Row(configuration: "transfers zipf=0 hot=0 40tx S=16",
                                     modelled: [1: 1, 2: 1.99, 16: 12.5], measured: [1: 0.9, 2: 1.6])]
        let lines = ScalingModel.table(rows, workers: [1, 2, 16]).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: " ").map(String.init)
        #expect(header.contains("model@1") && header.contains("model@2") && header.contains("model@16"))
        for title in ["model@1", "model@2", "model@16"] {
            let end = lines[0].range(of: title)!.upperBound.utf16Offset(in: lines[0])
            let value = lines[1].prefix(end).split(separator: " ").last.map(String.init)
            #expect(value == ["model@1": "1.00", "model@2": "1.99", "model@16": "12.50"][title], "\(title) column")
        }
        #expect(lines[1].hasSuffix("1:0.90 2:1.60"))
        #expect(lines.count == 2, "no engine-adjusted line without a one-thread cost")
    }

    /// With a one-thread cost, a second line divides every modelled value by it, under the
    /// same columns.
    @Test func engineAdjustedLineDividesByTheOneThreadCost() {
        let rows = [ScalingModel.Row(configuration: "erc20 zipf=0 hot=0 40tx S=16",
                                     modelled: [1: 1, 2: 2, 64: 60], measured: [1: 0.5, 2: 0.9], oneThreadCost: 2)]
        let lines = ScalingModel.table(rows, workers: [1, 2, 64]).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].contains("2.00   1:0.50 2:0.90"))
        #expect(lines[2].hasPrefix("  ÷ 1-thread cost"))
        #expect(lines[2].split(separator: " ").suffix(3).map(String.init) == ["0.50", "1.00", "30.00"])
    }
}
