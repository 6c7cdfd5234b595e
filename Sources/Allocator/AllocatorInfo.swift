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

    /// Bytes allocated by all threads since the process started, summed from jemalloc's
    /// per-size-class counters (`stats.arenas.<all>.bins.<j>.nmalloc` × bin size, and the same for
    /// large extents): monotonic, so the difference across a run is what the run allocated, on
    /// every worker thread. nil under the system allocator.
    public static var cumulativeAllocatedBytes: UInt64? {
        #if Jemalloc
        var epoch: UInt64 = 1
        guard mallctl("epoch", nil, nil, &epoch, MemoryLayout<UInt64>.size) == 0 else { return nil }
        guard let nbins = readUInt32("arenas.nbins"), let nlextents = readUInt32("arenas.nlextents") else { return nil }
        var total: UInt64 = 0
        for j in 0..<nbins {
            guard let size = readSize("arenas.bin.\(j).size"), let n = readUInt64("stats.arenas.4096.bins.\(j).nmalloc") else { return nil }
            total &+= UInt64(size) &* n
        }
        for j in 0..<nlextents {
            guard let size = readSize("arenas.lextent.\(j).size"), let n = readUInt64("stats.arenas.4096.lextents.\(j).nmalloc") else { return nil }
            total &+= UInt64(size) &* n
        }
        return total
        #else
        return nil
        #endif
    }

    #if Jemalloc
    private static func readUInt32(_ name: String) -> UInt32? {
        var v: UInt32 = 0
        var size = MemoryLayout<UInt32>.size
        return mallctl(name, &v, &size, nil, 0) == 0 ? v : nil
    }
    private static func readUInt64(_ name: String) -> UInt64? {
        var v: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        return mallctl(name, &v, &size, nil, 0) == 0 ? v : nil
    }
    private static func readSize(_ name: String) -> Int? {
        var v: Int = 0
        var size = MemoryLayout<Int>.size
        return mallctl(name, &v, &size, nil, 0) == 0 ? v : nil
    }
    #endif

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
