import Foundation

/// Why a sweep CSV could not be read back, naming the file, line and column.
public struct SweepCSVError: Error, Equatable, CustomStringConvertible {
    public var description: String
}

extension SweepRow {
    /// Columns every sweep CSV has had; the others (`cache`, `exec_faults`, `faults`, the
    /// allocator's, the footprints') were added later and default when absent.
    static let requiredColumns = ["workload", "strategy", "threads", "shards", "txs", "accounts", "zipf", "hot_fraction",
                                  "seed", "repeat", "gas_used", "exec_ms", "commit_ms", "root_ms", "executions", "aborts",
                                  "validations", "ideal_speedup", "state_root", "allocator", "cores", "version"]

    /// The rows of a CSV that `CSVWriter.write` wrote (`source` names it in errors), so that a
    /// sweep's summary and breakdown can be printed again later (`ledgerbench report`).
    /// Columns are found by name; `speedup` is recomputed from the file's own sequential
    /// medians, like the sweep computes it.
    public static func parse(csv text: String, source: String) throws(SweepCSVError) -> [SweepRow] {
        let records: [[String]]
        do { records = try CSVReader.records(text) } catch { throw SweepCSVError(description: "\(source): not a readable CSV file, \(error)") }
        guard let header = records.first else { throw SweepCSVError(description: "\(source): empty file") }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        let missing = requiredColumns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw SweepCSVError(description: "\(source): not a ledgerbench sweep CSV, missing columns \(missing.joined(separator: ", "))")
        }
        var rows: [SweepRow] = []
        for (n, record) in records.dropFirst().enumerated() where record != [""] {
            let line = n + 2
            guard record.count == header.count else {
                throw SweepCSVError(description: "\(source) line \(line): \(record.count) fields, the header has \(header.count)")
            }
            rows.append(try row(record, index: index, at: "\(source) line \(line)"))
        }
        guard !rows.isEmpty else { throw SweepCSVError(description: "\(source): no rows") }
        SweepRunner.fillSpeedups(&rows)
        return rows
    }

    /// `parse` of the file at `path`.
    public static func read(csvAt path: String) throws(SweepCSVError) -> [SweepRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SweepCSVError(description: "\(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw SweepCSVError(description: "\(path): not UTF-8 text") }
        return try parse(csv: text, source: path)
    }

    private static func row(_ r: [String], index: [String: Int], at place: String) throws(SweepCSVError) -> SweepRow {
        func text(_ c: String) -> String? { index[c].map { r[$0] } }
        func number<T: LosslessStringConvertible>(_ c: String, _: T.Type) throws(SweepCSVError) -> T {
            guard let s = text(c), let v = T(s) else {
                throw SweepCSVError(description: "\(place): column \(c): not a number: '\(text(c) ?? "")'")
            }
            return v
        }
        /// Empty (an imported block's knobs, the system allocator's statistics) or a number.
        func optional<T: LosslessStringConvertible>(_ c: String, _ t: T.Type) throws(SweepCSVError) -> T? {
            guard let s = text(c), !s.isEmpty else { return nil }
            return try number(c, t)
        }
        let workload = text("workload")!, shards = try number("shards", Int.self)
        let txs = try number("txs", Int.self), accounts = try number("accounts", Int.self)
        let zipf = try optional("zipf", Double.self), hot = try optional("hot_fraction", Double.self)
        let seed = try optional("seed", UInt64.self)
        var row = SweepRow(
            workload: workload, strategy: text("strategy")!, threads: try number("threads", Int.self), shards: shards,
            txs: txs, accounts: accounts, zipf: zipf, hotFraction: hot, seed: seed,
            repeatIndex: try number("repeat", Int.self), gasUsed: try number("gas_used", UInt64.self),
            execMs: try number("exec_ms", Double.self), commitMs: try number("commit_ms", Double.self),
            rootMs: try number("root_ms", Double.self), executions: try number("executions", Int.self),
            aborts: try number("aborts", Int.self), validations: try number("validations", Int.self),
            idealSpeedup: try number("ideal_speedup", Double.self), stateRoot: text("state_root")!,
            allocator: text("allocator")!, allocatedMB: try optional("allocated_mb", Double.self),
            peakRssMB: try optional("peak_rss_mb", Double.self), cores: try number("cores", Int.self),
            version: text("version")!,
            configurationKey: configurationKey(workload: workload, txs: txs, accounts: accounts, zipf: zipf,
                                               hotFraction: hot, seed: seed, shards: shards))
        if let cache = text("cache"), !cache.isEmpty { row.cache = cache }
        row.execFaults = try optional("exec_faults", UInt64.self) ?? 0
        row.faults = try optional("faults", UInt64.self) ?? 0
        row.unloggedReads = try optional("unlogged_reads", Int.self) ?? 0
        row.unversionedWrites = try optional("unversioned_writes", Int.self) ?? 0
        row.footprintFallback = (try optional("footprint_fallback", Int.self) ?? 0) != 0
        row.probeUs = try optional("probe_us", Double.self)
        row.driftRetries = try optional("drift_retries", Int.self) ?? 0
        if let start = try optional("start_ms", Double.self), let setup = try optional("setup_ms", Double.self),
           let loop = try optional("loop_ms", Double.self), let settle = try optional("settle_ms", Double.self) {
            row.phasesMs = (start, setup, loop, settle)
        }
        return row
    }
}
