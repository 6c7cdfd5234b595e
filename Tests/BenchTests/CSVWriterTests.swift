import Foundation
import Testing
@testable import Bench

@Suite struct CSVWriterTests {
    @Test func quotesPerRFC4180() {
        #expect(CSVWriter.field("plain") == "plain")
        #expect(CSVWriter.field("a,b") == "\"a,b\"")
        #expect(CSVWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.render(header: ["x", "y"], rows: [["1", "a,b"]]) == "x,y\r\n1,\"a,b\"\r\n")
    }

    @Test func headerHasEveryDocumentedColumnInOrder() {
        #expect(SweepRow.columns == ["workload", "strategy", "threads", "shards", "txs", "accounts", "zipf", "hot_fraction",
                                     "seed", "repeat", "gas_used", "exec_ms", "commit_ms", "root_ms", "total_ms", "tx_per_s",
                                     "mgas_per_s", "speedup", "executions", "aborts", "validations", "ideal_speedup",
                                     "state_root", "allocator", "allocated_mb", "peak_rss_mb", "cores", "version", "cache",
                                     "exec_faults", "faults", "unlogged_reads", "unversioned_writes", "footprint_fallback",
                                     "probe_us", "drift_retries", "start_ms", "setup_ms", "loop_ms", "settle_ms"])
    }

    @Test func unwritableTargetLeavesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(throws: (any Error).self) { try CSVWriter.write([], to: dir.appendingPathComponent("missing/out.csv").path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
