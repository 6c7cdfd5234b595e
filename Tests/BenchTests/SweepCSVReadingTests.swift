import Foundation
import Testing
@testable import Bench

/// Reading sweep CSVs back (`CSVReader`, `SweepRow.parse`), behind `ledgerbench report`.
@Suite struct SweepCSVReadingTests {
    @Test func recordsUndoTheWritersQuoting() throws {
        let rows = [["plain", "a,b", "say \"hi\"", "two\nlines", ""]]
        let text = CSVWriter.render(header: ["w", "x", "y", "z", "e"], rows: rows)
        #expect(try CSVReader.records(text) == [["w", "x", "y", "z", "e"]] + rows)
        #expect(try CSVReader.records("a,b\nc,d") == [["a", "b"], ["c", "d"]], "LF line ends, no final line end")
        #expect(try CSVReader.records("") == [])
    }

    @Test(arguments: ["a,\"b\nc", "a,b\"c\n", "a,\"b\"c\n"])
    func malformedQuotingIsAnErrorWithItsLine(text: String) {
        #expect(throws: CSVReader.MalformedCSV.self) { try CSVReader.records(text) }
    }

    /// A tiny sweep written and read back gives the same rows, speedups included.
    @Test func aSweepRoundTrips() throws {
        var c = SweepRunnerTests().tiny()
        c.workloads = [.transfers]
        c.warmup = 0
        c.repeats = 2
        let rows = try SweepRunner(c).run()
        let read = try SweepRow.parse(csv: CSVWriter.render(header: SweepRow.columns, rows: rows.map(\.fields)), source: "t.csv")
        // The file keeps three decimals of each time, so the columns derived from the sum of
        // the three (total, throughput, speedup) may differ in their last digit.
        let derived = Set(["total_ms", "tx_per_s", "mgas_per_s", "speedup"].map { SweepRow.columns.firstIndex(of: $0)! })
        func kept(_ r: SweepRow) -> [String] { r.fields.enumerated().filter { !derived.contains($0.offset) }.map(\.element) }
        #expect(read.map(kept) == rows.map(kept))
        for (a, b) in zip(read, rows) { #expect(abs(a.speedup / b.speedup - 1) < 0.02) }
        #expect(SweepReport.summary(of: read).contains("main limit"))
        #expect(read.allSatisfy { ($0.probeUs ?? 0) > 0 } && SweepReport.summary(of: read).contains("machine speed"))
        // Execution phases: for the parallel runs of these 30-transaction blocks, none for sequential.
        #expect(read.allSatisfy { ($0.strategy == "sequential") == ($0.phasesMs == nil) })
    }

    /// A file from before the `cache`, page-fault and footprint columns still reads, with their defaults.
    @Test func olderFilesWithoutTheNewerColumnsRead() throws {
        let columns = SweepRow.columns.filter {
            !["cache", "exec_faults", "faults", "unlogged_reads", "unversioned_writes", "footprint_fallback",
              "probe_us", "drift_retries", "start_ms", "setup_ms", "loop_ms", "settle_ms"].contains($0)
        }
        var fields = Dictionary(uniqueKeysWithValues: SweepRow.columns.map { ($0, "1") })
        fields["workload"] = "erc20"; fields["strategy"] = "sequential"; fields["state_root"] = "0xab"
        fields["allocator"] = "system"; fields["version"] = "0.1.0"; fields["allocated_mb"] = ""
        let text = CSVWriter.render(header: columns, rows: [columns.map { fields[$0]! }])
        let row = try #require(try SweepRow.parse(csv: text, source: "old.csv").first)
        #expect(row.cache == "warm" && row.execFaults == 0 && row.allocatedMB == nil && row.workload == "erc20")
        #expect(row.unloggedReads == 0 && row.unversionedWrites == 0 && !row.footprintFallback)
        #expect(row.probeUs == nil && row.driftRetries == 0 && row.phasesMs == nil)
        #expect(!SweepReport.summary(of: [row]).contains("machine speed"), "no probe, no line about it")
        #expect(row.speedup == 1, "recomputed against its own sequential median")
    }

    @Test(arguments: [
        ("workload,strategy\r\nx,y\r\n", "missing columns threads"),
        ("", "empty file"),
    ])
    func notASweepFile(text: String, expected: String) {
        #expect(throws: SweepCSVError.self) { try SweepRow.parse(csv: text, source: "f.csv") }
        do { _ = try SweepRow.parse(csv: text, source: "f.csv") } catch { #expect(error.description.contains(expected)) }
    }

    /// A bad number names the file, line and column; a short record its field count.
    @Test func badFieldsAreNamed() {
        let good = SweepRow.columns.map { c -> String in
            ["workload": "t", "strategy": "blockstm", "state_root": "r", "allocator": "a", "version": "v", "cache": "warm"][c] ?? "2"
        }
        var bad = good
        bad[SweepRow.columns.firstIndex(of: "exec_ms")!] = "fast"
        for (rows, expected) in [([good, bad], "f.csv line 3: column exec_ms: not a number: 'fast'"),
                                 ([good, Array(good.prefix(5))], "f.csv line 3: 5 fields, the header has \(SweepRow.columns.count)")] {
            let text = CSVWriter.render(header: SweepRow.columns, rows: rows)
            do {
                _ = try SweepRow.parse(csv: text, source: "f.csv")
                Issue.record("accepted \(expected)")
            } catch {
                #expect(error.description == expected)
            }
        }
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: SweepCSVError.self) { try SweepRow.read(csvAt: "/nonexistent/x.csv") }
    }
}
