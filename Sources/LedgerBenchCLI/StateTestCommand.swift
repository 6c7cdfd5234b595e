import ArgumentParser
import Conformance
import Foundation

/// `ledgerbench statetest PATH...`: run ethereum/tests state tests and report every failure.
struct StateTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statetest",
        abstract: "Run ethereum/tests GeneralStateTests files (files or folders, recursively).",
        discussion: "Prints each failing entry (file, test, indexes, expected vs got) and ends with 'N passed, M failed' (', K skipped' counts entries of other forks). Exits non-zero on any failure.")

    @Argument(help: "State-test JSON files or folders.")
    var paths: [String]

    @Option(help: "The fork whose post entries are checked (Cancun, Shanghai, Paris).")
    var fork: String = "Cancun"

    @Flag(help: "Print only failures and the summary line.")
    var quiet = false

    func run() throws {
        let runner = StateTestRunner(fork: fork)
        var total = ConformanceReport()
        let files: [URL]
        do { files = try StateTestRunner.files(paths) } catch { throw ValidationError("\(error)") }
        for file in files {
            let report = runner.run(file: file)
            for f in report.failures { print("FAIL \(f.label): \(f.failure ?? "")") }
            if !quiet && report.failed == 0 && report.passed > 0 { print("ok   \(file.lastPathComponent) (\(report.passed))") }
            total.merge(report)
        }
        print(total.summary)
        if total.failed > 0 { throw ExitCode(1) }
    }
}
