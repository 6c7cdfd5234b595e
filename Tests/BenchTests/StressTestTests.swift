import Foundation
import Testing
@testable import Bench

@Suite struct StressTestTests {
    /// A failure names the first line where the results differ, with both versions and the
    /// lines before it: a difference seen once in thousands of runs cannot be reproduced at will.
    @Test func reportsTheFirstDifferingLine() {
        let reference = Data("{\n  \"stateRoot\": \"0xaa\",\n  \"gasUsed\": \"0x5208\",\n  \"receipts\": []\n}".utf8)
        let got = Data("{\n  \"stateRoot\": \"0xaa\",\n  \"gasUsed\": \"0x5209\",\n  \"receipts\": []\n}".utf8)
        let report = StressTest.firstDifference(got, reference)
        #expect(report.contains("line 3"))
        #expect(report.contains("got:        \"gasUsed\": \"0x5209\""))
        #expect(report.contains("expected:   \"gasUsed\": \"0x5208\""))
        #expect(report.contains("\"stateRoot\": \"0xaa\""))
        // A result cut short: the missing line is reported as the end.
        let truncated = Data("{\n  \"stateRoot\": \"0xaa\",\n  \"gasUsed\": \"0x5208\",".utf8)
        let cut = StressTest.firstDifference(truncated, reference)
        #expect(cut.contains("line 4") && cut.contains("got:      (end)") && cut.contains("expected:   \"receipts\": []"))
    }
}
