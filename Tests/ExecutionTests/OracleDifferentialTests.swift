import Foundation
import Testing
import Blocks
import Execution

/// Blocks whose expected results were produced by the Python execution specification (the
/// oracle, `../shared/tools/oracle/oracle_block.py --engine eels`) and committed beside them.
/// The sequential pipeline must reproduce each result exactly: roots, gas, every receipt and log,
/// rejections, and the whole post-state. Regenerate with `scripts/workloads/regenerate-expected.sh`
/// (workloads) or `scripts/oracle/regenerate.sh` (hand-written cases).
@Suite struct OracleDifferentialTests {
    static let dataRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data")

    static let cases: [String] = {
        var out: [String] = []
        for folder in ["workloads", "oracle"] {
            let dir = dataRoot.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            out += names.filter { $0.hasSuffix(".block.json") }.sorted().map { "\(folder)/\($0.dropLast(".block.json".count))" }
        }
        return out
    }()

    @Test func casesArePresent() { #expect(Self.cases.count >= 12) }

    @Test(arguments: cases)
    func sequentialMatchesOracle(name: String) throws {
        let block = try BlockFile.decode(Data(contentsOf: Self.dataRoot.appendingPathComponent("\(name).block.json")))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.dataRoot.appendingPathComponent("\(name).expected.json"))) as! [String: Any]
        let run = try BlockPipeline.runSequential(block)
        let ours = try JSONSerialization.jsonObject(with: run.result.json()) as! [String: Any]
        let differences = OracleComparison.differences(ours, expected)
        #expect(differences.isEmpty, "\(name): \(differences.prefix(10).joined(separator: "\n"))")
    }
}

/// Compares two results in the oracle's format, ignoring what the oracle's README says to
/// ignore (engine, timing, error texts, rejection texts) and our extra blooms.
enum OracleComparison {
    static func comparable(_ r: [String: Any]) -> [String: Any] {
        var r = r
        for k in ["engine", "timing", "logsBloom"] { r[k] = nil }
        if let receipts = r["receipts"] as? [[String: Any]] {
            r["receipts"] = receipts.map { x in x.filter { $0.key != "error" && $0.key != "logsBloom" } }
        }
        if let rejected = r["rejected"] as? [[String: Any]] { r["rejected"] = rejected.map { $0["index"] as? Int ?? -1 } }
        return r
    }

    static func differences(_ a: [String: Any], _ b: [String: Any]) -> [String] {
        diff(comparable(a), comparable(b), path: "")
    }

    static func diff(_ a: Any?, _ b: Any?, path: String) -> [String] {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            return Set(x.keys).union(y.keys).sorted().flatMap { diff(x[$0], y[$0], path: "\(path)/\($0)") }
        case let (x as [Any], y as [Any]):
            if x.count != y.count { return ["\(path): length \(x.count) != \(y.count)"] }
            return zip(x, y).enumerated().flatMap { diff($0.element.0, $0.element.1, path: "\(path)[\($0.offset)]") }
        case (nil, nil): return []
        case (let x?, let y?):
            return "\(x)" == "\(y)" ? [] : ["\(path): ours \(x) != oracle \(y)"]
        default:
            return ["\(path): only in \(a == nil ? "oracle" : "ours")"]
        }
    }
}
