import Foundation
import Testing
@testable import Bench

/// The machine probe and `--max-drift`: a run timed on a slowed machine is measured again.
/// The machine is scripted (`SweepRunner.probe`), so nothing here depends on this one's speed.
@Suite struct MachineProbeTests {
    /// A probe the runner calls in turn: the given values, then the last one for ever.
    final class ScriptedMachine: @unchecked Sendable {
        var values: [Double]
        private(set) var calls = 0
        init(_ values: [Double]) { self.values = values }
        func next() -> Double {
            calls += 1
            return values.count > 1 ? values.removeFirst() : values[0]
        }
    }

    func oneRun(maxDrift: Double?) -> SweepConfiguration {
        var c = SweepConfiguration()
        c.workloads = [.transfers]
        c.strategies = [.sequential]
        c.txs = [20]
        c.accounts = [30]
        c.threads = [1]
        c.warmup = 0
        c.repeats = 1
        c.maxDrift = maxDrift
        return c
    }

    @Test func aRunOnASlowedMachineIsMeasuredAgain() throws {
        // 32 probes find the machine's speed (10), the first attempt's probes say it slowed
        // (10 before, 13 after: 30% over), the second's are back within 10%.
        let machine = ScriptedMachine(Array(repeating: 10, count: 32) + [10, 13, 10.5, 10.9, 10])
        let runner = SweepRunner(oneRun(maxDrift: 0.10))
        runner.probe = machine.next
        let row = try #require(try runner.run().first)
        #expect(row.driftRetries == 1)
        #expect(row.probeUs == 10.9, "the slower of the kept attempt's two probes")
        #expect(machine.calls == 32 + 4)
        #expect(SweepReport.summary(of: [row]).contains("1 attempts on a slowed machine measured again"))
    }

    @Test func aMachineThatStaysSlowKeepsTheSweepGoing() throws {
        let machine = ScriptedMachine(Array(repeating: 10, count: 32) + [20])
        let runner = SweepRunner(oneRun(maxDrift: 0.10))
        runner.probe = machine.next
        let row = try #require(try runner.run().first)
        #expect(row.driftRetries == SweepConfiguration.driftAttempts - 1)
        #expect(row.probeUs == 20)
    }

    @Test func withoutMaxDriftEveryRunIsKeptAsMeasured() throws {
        let machine = ScriptedMachine([10, 30])
        let runner = SweepRunner(oneRun(maxDrift: nil))
        runner.probe = machine.next
        let row = try #require(try runner.run().first)
        #expect(row.driftRetries == 0 && row.probeUs == 30)
        #expect(machine.calls == 2, "no reference probes when nothing is measured again")
    }

    @Test(arguments: [0.0, -0.1, 1.5])
    func maxDriftOutsideItsRangeIsRefused(drift: Double) {
        #expect(throws: SweepError.self) { try oneRun(maxDrift: drift).validate() }
    }

    @Test func theSummaryLineGivesMedianRangeAndTheSlowestRun() throws {
        let line = try #require(MachineProbe.summary([40, 50, 60], retries: 0))
        #expect(line.contains("median 50.0 µs") && line.contains("range 40.0–60.0") && line.contains("20% longer"))
        #expect(!line.contains("measured again"))
        #expect(MachineProbe.summary([]) == nil)
    }

    /// The real probe: some positive time (its size depends on the machine, so nothing more).
    @Test func theRealProbeTakesSomeTime() {
        #expect(MachineProbe.measure() > 0)
    }
}
