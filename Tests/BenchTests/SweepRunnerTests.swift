import Foundation
import Testing
import Execution
import Workloads
import Allocator
@testable import Bench

@Suite struct SweepRunnerTests {
    func tiny() -> SweepConfiguration {
        var c = SweepConfiguration()
        c.workloads = [.transfers, .erc20]
        c.txs = [30]
        c.accounts = [40]
        c.threads = [1, 2]
        c.shards = [16]
        c.contention = [.low]
        c.warmup = 1
        c.repeats = 2
        return c
    }

    /// One row per measured run: (sequential + 2 strategies × 2 thread counts) × repeats × blocks.
    @Test func rowsPerConfigurationAndSpeedupFromTheSequentialMedian() throws {
        let runner = SweepRunner(tiny())
        let rows = try runner.run()
        #expect(rows.count == 2 * 2 * (1 + 2 * 2))
        #expect(runner.totalRuns == 2 * 3 * 5)
        for key in Set(rows.map(\.configurationKey)) {
            let group = rows.filter { $0.configurationKey == key }
            let median = Statistics.median(group.filter { $0.strategy == "sequential" }.map(\.totalMs))
            for r in group {
                #expect(abs(r.speedup - median / r.totalMs) < 1e-9)
                #expect(r.stateRoot == group[0].stateRoot, "every run of one block ends at the same root")
            }
        }
        #expect(rows.allSatisfy { $0.strategy != "sequential" || $0.idealSpeedup == 1 })
        #expect(rows.allSatisfy { $0.txs == 30 && $0.gasUsed > 0 && $0.executions >= 30 })
        #expect(rows.allSatisfy { $0.faults >= $0.execFaults })
        // Transfers among 40 accounts: Block-STM skips the memory for some accounts and keeps
        // its footprints; the sequential executor has none.
        let transfers = rows.filter { $0.workload == "transfers" && $0.strategy == "blockstm" }
        #expect(!transfers.isEmpty && transfers.allSatisfy { $0.unloggedReads > 0 && $0.unversionedWrites > 0 && !$0.footprintFallback })
        #expect(rows.allSatisfy { $0.strategy != "sequential" || $0.unloggedReads == 0 && $0.unversionedWrites == 0 })
    }

    @Test func medianOfEvenAndOddCounts() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 2, 3]) == 2.5)
        #expect(Statistics.median([]) == 0)
    }

    /// With cold caches every pass starts after `CacheEviction` has written every line of a
    /// buffer per core; the rows say so, and the blocks end at the same roots as warm passes.
    @Test func coldCachesAreRecordedAndChangeNoResult() throws {
        var c = tiny()
        c.coldCaches = true
        let cold = try SweepRunner(c).run()
        let warm = try SweepRunner(tiny()).run()
        #expect(cold.count == warm.count)
        #expect(cold.allSatisfy { $0.cache == "cold" } && warm.allSatisfy { $0.cache == "warm" })
        #expect(Set(cold.map(\.stateRoot)) == Set(warm.map(\.stateRoot)))
        #expect(cold.last?.fields[SweepRow.columns.firstIndex(of: "cache")!] == "cold")
    }

    @Test func evictionWritesEveryLineOfEveryCoresBuffer() {
        let e = CacheEviction(cores: 3, bytesPerCore: 1 << 20)
        #expect(e.evict() == 3 * (1 << 20) / 64)
        #expect(e.evict() == 3 * (1 << 20) / 64, "and again for the next pass")
        #expect(CacheEviction.defaultBytesPerCore >= 1 << 20 && CacheEviction.defaultBytesPerCore <= 512 << 20)
    }

    /// A run whose root differs from the sequential root stops the sweep with an error.
    @Test func rootMismatchAbortsTheSweep() throws {
        let runner = SweepRunner(tiny())
        runner.corruptRootForTesting = true
        #expect(throws: SweepError.self) { try runner.run() }
    }

    @Test(arguments: ["threads=0", "threads=2000", "shards=3", "repeats=0", "workloads=none"])
    func invalidAxesAreRejectedNamingTheFlag(change: String) {
        var c = tiny()
        let flag: String
        switch change {
        case "threads=0": c.threads = [0]; flag = "--threads"
        case "threads=2000": c.threads = [2000]; flag = "--threads"
        case "shards=3": c.shards = [3]; flag = "--shards"
        case "repeats=0": c.repeats = 0; flag = "--repeats"
        default: c.workloads = []; flag = "--workload"
        }
        do {
            try c.validate()
            Issue.record("accepted an invalid \(flag)")
        } catch {
            #expect("\(error)".contains(flag))
        }
    }

    @Test func plotsAndTableMentionEveryConfiguration() throws {
        let rows = try SweepRunner(tiny()).run()
        let report = SweepReport(rows)
        #expect(report.speedupSVG.hasPrefix("<svg"))
        #expect(report.speedupSVG.contains("ideal bound"))
        #expect(report.throughputSVG.contains("blockstm"))
        #expect(report.table.contains("erc20") && report.table.contains("transfers"))
    }
}

/// The page-fault count behind the `exec_faults` and `faults` columns.
@Suite struct PageFaultCountTests {
    /// Touching every page of a fresh 64 MB mapping (small pages asked for) faults each of its
    /// 16,384 pages in.
    @Test func freshPagesAreCounted() throws {
        let bytes = 64 << 20, page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mapping = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let buffer = try #require(mapping == MAP_FAILED ? nil : mapping)
        defer { munmap(buffer, bytes) }
        _ = madvise(buffer, bytes, MADV_NOHUGEPAGE)
        let before = ProcessMemory.pageFaults
        for offset in stride(from: 0, to: bytes, by: page) { buffer.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        #expect(ProcessMemory.pageFaults - before >= UInt64(bytes / page))
    }
}
