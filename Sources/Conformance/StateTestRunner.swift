import Foundation
import Primitives
import StateAccess
import Blocks
import EVM

/// The outcome of one post entry of a state test.
public struct EntryResult: Sendable {
    public var file: String
    public var test: String
    public var fork: String
    public var indexes: (data: Int, gas: Int, value: Int)
    /// nil when the entry passed, else what differed.
    public var failure: String?
    public var passed: Bool { failure == nil }

    public var label: String { "\(file) \(test) [\(fork) d=\(indexes.data) g=\(indexes.gas) v=\(indexes.value)]" }
}

/// Counts and failures of a conformance run; `summary` is the closing line
/// "N passed, M failed" (", K skipped" when entries of other forks were skipped).
public struct ConformanceReport: Sendable {
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    public var failures: [EntryResult] = []

    public init() {}

    public mutating func record(_ r: EntryResult) {
        if r.passed { passed += 1 } else { failed += 1; failures.append(r) }
    }

    public mutating func merge(_ other: ConformanceReport) {
        passed += other.passed; failed += other.failed; skipped += other.skipped; failures += other.failures
    }

    public var summary: String {
        "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}

/// Runs ethereum/tests state tests: for every `post[fork]` entry, one transaction on the
/// pre-state, then the state root and the logs hash must match. Checks in the order revm's
/// runner does: exception expectation, logs, state root.
public struct StateTestRunner: Sendable {
    /// The fork key in the files ("Cancun"); entries of other forks are counted as skipped.
    public var fork: String
    /// Computes a state root; nil when no root is available (then only logs and exceptions are checked).
    public var stateRoot: @Sendable (InMemoryState) -> Bytes32?

    public init(fork: String = "Cancun", stateRoot: @escaping @Sendable (InMemoryState) -> Bytes32? = StateRoots.root(of:)) {
        self.fork = fork
        self.stateRoot = stateRoot
    }

    /// Every `.json` file under each path (files or folders, recursively), sorted.
    public static func files(_ paths: [String]) throws -> [URL] {
        var out: [URL] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                throw StateTestError(message: "no such file or folder: \(p)")
            }
            if !isDir.boolValue { out.append(URL(fileURLWithPath: p)); continue }
            let e = FileManager.default.enumerator(at: URL(fileURLWithPath: p), includingPropertiesForKeys: nil)
            while let u = e?.nextObject() as? URL {
                if u.pathExtension == "json" { out.append(u) }
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// Runs every test in one file. A file that cannot be parsed counts as one failure.
    public func run(file: URL) -> ConformanceReport {
        var report = ConformanceReport()
        let tests: [StateTest]
        do {
            tests = try StateTest.parse(try Data(contentsOf: file))
        } catch {
            report.record(EntryResult(file: file.lastPathComponent, test: "-", fork: fork, indexes: (0, 0, 0),
                                      failure: "cannot read file: \(error)"))
            return report
        }
        for test in tests {
            for (forkName, entries) in test.post where forkName != fork { report.skipped += entries.count }
            for e in test.post[fork] ?? [] {
                report.record(run(test, e, file: file.lastPathComponent))
            }
        }
        return report
    }

    /// Runs one post entry.
    public func run(_ test: StateTest, _ e: StateTest.Expectation, file: String) -> EntryResult {
        var result = EntryResult(file: file, test: test.name, fork: fork, indexes: (e.dataIndex, e.gasIndex, e.valueIndex))
        guard let rules = Fork(name: fork) else {
            result.failure = "fork \(fork) is not supported by this EVM"
            return result
        }
        let state = InMemoryState()
        for (address, a) in test.pre {
            state.insert(address, nonce: a.nonce, balance: a.balance, code: a.code,
                         codeHash: a.code.isEmpty ? AccountInfo.emptyCodeHash : Keccak256.hash(a.code), storage: a.storage)
        }
        state.blockHashFunction = { n in Keccak256.hash(Array(String(n).utf8)) }

        var logs: [Log] = []
        var included = false
        var rejection = ""
        switch test.transaction(for: e) {
        case .failure(let why):
            rejection = why.message
        case .success(let tx):
            if tx.gasLimit > test.env.gasLimit {
                rejection = "transaction gas limit above the block gas limit"
            } else {
                let executor = TransactionExecutor(fork: rules, env: test.env)
                do {
                    switch try executor.execute(tx, view: state) {
                    case .rejected(let reason):
                        rejection = reason
                    case .included(let r):
                        included = true
                        logs = r.logs
                        state.apply(r.writeSet)
                    }
                } catch {
                    result.failure = "execution interrupted: \(error)"
                    return result
                }
            }
        }

        if let expected = e.expectException, included {
            result.failure = "expected exception \(expected), but the transaction was included"
            return result
        }
        if e.expectException == nil, !included {
            result.failure = "transaction rejected (\(rejection)), but no exception was expected"
            return result
        }
        let logsHash = Log.hash(logs)
        if logsHash != e.logsHash {
            result.failure = "logs hash: expected \(e.logsHash.hex), got \(logsHash.hex) (\(logs.count) logs)"
            return result
        }
        if let root = stateRoot(state), root != e.stateRoot {
            result.failure = "state root: expected \(e.stateRoot.hex), got \(root.hex)"
        }
        return result
    }
}
