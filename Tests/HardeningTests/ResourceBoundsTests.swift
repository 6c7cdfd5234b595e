import Foundation
import Testing

/// Block-STM's multi-version memory, read/write sets and scheduler state are per block and reused
/// between blocks: resident memory must stay flat over many blocks, not grow with them. Measured
/// in a separate `ledgerbench sweep` process (one executor, one block executed again and again)
/// so other tests running in parallel do not disturb the figures; `peak_rss_mb` is the kernel's
/// peak for each run (reset before it).
@Suite struct ResourceBoundsTests {
    /// Not under AddressSanitizer (scripts/asan.sh sets ASAN_OPTIONS): its quarantine keeps freed
    /// memory resident on purpose, so RSS says nothing about the program there.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["ASAN_OPTIONS"] != nil, "RSS is meaningless under ASan's quarantine"))
    func residentMemoryStaysFlatOverManyBlocks() throws {
        let dir = try CommandLineErrorTests.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = 60
        let r = try CommandLineErrorTests.run(["sweep", "--workload", "erc20", "--strategy", "blockstm", "--threads", "2",
                                               "--txs", "200", "--accounts", "400", "--warmup", "0", "--repeats", "\(runs)",
                                               "--csv", "rss.csv", "--quiet"], in: dir)
        #expect(r.status == 0 && !r.signaled, "\(r.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("rss.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        guard let strategy = header.firstIndex(of: "strategy"), let rss = header.firstIndex(of: "peak_rss_mb") else {
            Issue.record("CSV lacks strategy or peak_rss_mb: \(header)")
            return
        }
        let peaks = lines.dropFirst().filter { $0[strategy] == "blockstm" }.compactMap { Double($0[rss]) }
        try #require(peaks.count == runs)
        print("peak RSS per block (MB), blocks 1…\(runs): \(peaks.map { String(format: "%.1f", $0) }.joined(separator: " "))")
        // After a few blocks of warm-up (allocator arenas, caches), the peak must not climb.
        let early = peaks[5..<15].max()!, late = peaks[(runs - 10)...].max()!
        #expect(late <= early * 1.10 + 2, "peak RSS grew from \(early) MB to \(late) MB over \(runs) blocks")
    }
}
