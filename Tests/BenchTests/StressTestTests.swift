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

    /// After the first difference (the state root, whenever the state differs) the report goes
    /// on with the later differing lines — the accounts and slots that differ — up to a limit.
    @Test func reportsLaterDifferencesUpToALimit() {
        let lines = (0..<40).map { "  \"slot\($0)\": \"0x\($0)\"," }
        let reference = Data((["{", "  \"stateRoot\": \"0xaa\","] + lines + ["}"]).joined(separator: "\n").utf8)
        var changed = lines
        changed[5] = "  \"slot5\": \"0xff\","
        let one = Data((["{", "  \"stateRoot\": \"0xbb\","] + changed + ["}"]).joined(separator: "\n").utf8)
        let report = StressTest.firstDifference(one, reference)
        #expect(report.contains("first difference at line 2") && report.contains("line 8:") && report.contains("\"slot5\": \"0xff\""))
        #expect(!report.contains("more differing lines"))
        let all = Data((["{", "  \"stateRoot\": \"0xbb\","] + lines.map { $0 + " " } + ["}"]).joined(separator: "\n").utf8)
        let capped = StressTest.firstDifference(all, reference, limit: 3)
        #expect(capped.components(separatedBy: "got:").count - 1 == 4 && capped.hasSuffix("(more differing lines)"))
    }
}
