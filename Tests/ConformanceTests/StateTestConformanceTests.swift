import Foundation
import Testing
import Conformance
import TestSupport

/// Every Cancun entry of the ethereum/tests fixtures, through the same runner as
/// `ledgerbench statetest`. Each folder is one test case so a failure names its folder; every
/// failing entry must be listed, with its cause, in `KnownFailures.swift`.
@Suite struct StateTestConformanceTests {
    static let folders: [String] = {
        var out = ["vmtests"]
        let root = Fixtures.root.appendingPathComponent("statetests")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        for name in names.sorted() {
            if name == "Cancun" || name == "Shanghai" {
                let sub = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(name).path)) ?? []
                out += sub.sorted().map { "statetests/\(name)/\($0)" }
            } else {
                out.append("statetests/\(name)")
            }
        }
        return out
    }()

    @Test(arguments: folders)
    func cancunEntriesPass(folder: String) throws {
        guard let url = try Fixtures.url(folder) else { return }
        let runner = StateTestRunner(fork: "Cancun")
        var report = ConformanceReport()
        for file in try StateTestRunner.files([url.path]) {
            report.merge(runner.run(file: file))
        }
        let unexpected = report.failures.filter { KnownFailures.cause(of: $0) == nil }
        print("conformance \(folder): \(report.summary) (known failures: \(report.failed - unexpected.count))")
        for f in unexpected.prefix(20) {
            Issue.record("\(f.label): \(f.failure ?? "")")
        }
        #expect(unexpected.isEmpty, "\(unexpected.count) unexpected failures in \(folder)")
        #expect(report.passed + report.failed > 0, "no Cancun entries found in \(folder)")
    }
}
