#if Jemalloc
import CJemalloc
#endif

/// Which allocator serves this process's allocations, proven at run time, and its counters.
///
/// With the default `Jemalloc` trait the executable links Debian's libjemalloc, which exports
/// the plain `malloc` names and so replaces glibc's allocator for Swift too. `mallctl` answers
/// only when jemalloc is really the allocator in use; its statistics are how benchmarks report
/// bytes allocated. Built with `--disable-default-traits`, the system allocator is used and the
/// statistics are absent.
public enum AllocatorInfo {
    /// "jemalloc" or "system".
    public static var name: String {
        #if Jemalloc
        return version == nil ? "system" : "jemalloc"
        #else
        return "system"
        #endif
    }

    /// jemalloc's version string, from `mallctl("version")`; nil under the system allocator.
    public static var version: String? {
        #if Jemalloc
        var ptr: UnsafePointer<CChar>? = nil
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &ptr, &size, nil, 0) == 0, let p = ptr else { return nil }
        return String(cString: p)
        #else
        return nil
        #endif
    }

    /// Bytes currently allocated by the application (`stats.allocated`, refreshed through
    /// `epoch`); nil under the system allocator.
    public static var allocatedBytes: UInt64? { readStat("stats.allocated", refresh: true) }

    /// Bytes in pages mapped for the application (`stats.resident`).
    public static var residentBytes: UInt64? { readStat("stats.resident", refresh: true) }

    /// Bytes this thread has allocated since it started (`thread.allocated`): monotonic, so the
    /// difference across a run is what the run allocated on this thread.
    public static var threadAllocatedBytes: UInt64? { readStat("thread.allocated", refresh: false) }

    private static func readStat(_ name: String, refresh: Bool) -> UInt64? {
        #if Jemalloc
        if refresh {
            var epoch: UInt64 = 1
            _ = mallctl("epoch", nil, nil, &epoch, MemoryLayout<UInt64>.size)
        }
        var value: Int = 0
        var size = MemoryLayout<Int>.size
        guard mallctl(name, &value, &size, nil, 0) == 0 else { return nil }
        return UInt64(value)
        #else
        return nil
        #endif
    }
}
