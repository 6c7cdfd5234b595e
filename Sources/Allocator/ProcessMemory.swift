import Foundation

/// Resident memory of this process, from Linux's /proc.
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in bytes; nil where /proc is unavailable.
    public static var peakResidentBytes: UInt64? { statusField("VmHWM:") }
    /// Current resident set size (VmRSS) in bytes.
    public static var residentBytes: UInt64? { statusField("VmRSS:") }

    /// Page faults this process has taken so far, all threads (minor and major, from
    /// `getrusage`): a fault is a page touched for the first time since it was mapped or since
    /// the allocator gave it back, about a microsecond each.
    public static var pageFaults: UInt64 {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return UInt64(max(0, usage.ru_minflt)) + UInt64(max(0, usage.ru_majflt))
    }

    /// Resets the peak so the next `peakResidentBytes` covers only what follows
    /// (`echo 5 > /proc/self/clear_refs`). Returns whether the kernel allowed it.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? h.close() }
        do { try h.write(contentsOf: Data("5".utf8)); return true } catch { return false }
    }

    private static func statusField(_ name: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kb = UInt64(parts[1]) { return kb * 1024 }
        }
        return nil
    }
}
