import Dispatch
import Foundation

/// Empties the CPU caches before a measured pass, for sweeps with cold caches
/// (`SweepConfiguration.coldCaches`): every core at once writes every 64-byte line of a buffer
/// of its own larger than the last-level cache, so that what the previous pass left in any
/// cache — the block's accounts, the executor's tables, the ledger copy just made — is gone.
///
/// Why: every pass of a sweep runs the same block again, on a fresh copy of the same genesis
/// ledger, so a pass inherits whatever the passes before it left in the caches, and which
/// core holds what depends on which thread ran which phase. Measured on 10,000-transaction
/// blocks: the sequential executor's passes took 7.4–8.7 ms in sweeps that also ran Block-STM
/// against 7.2 ms in sweeps of it alone. With cold caches every strategy starts from the same
/// state, which is also closer to a node executing a block it has not seen.
final class CacheEviction: @unchecked Sendable {
    private let buffers: [UnsafeMutableBufferPointer<UInt64>]
    /// Lines written per buffer by the last `evict`, each entry by its own iteration.
    private let written: UnsafeMutableBufferPointer<Int>

    /// `bytesPerCore` for each of `cores` buffers (default: the last-level cache and two
    /// per-core caches, as the system reports them, or 64 MB when it does not).
    init(cores: Int = ProcessInfo.processInfo.activeProcessorCount, bytesPerCore: Int = CacheEviction.defaultBytesPerCore) {
        let words = max(8, bytesPerCore / 8)
        buffers = (0..<max(1, cores)).map { _ in
            let b = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: words)
            b.initialize(repeating: 0)
            return b
        }
        written = .allocate(capacity: buffers.count)
        written.initialize(repeating: 0)
    }

    deinit {
        for b in buffers { b.deallocate() }
        written.deallocate()
    }

    /// The caches of the first core as sysfs describes them (the instance a core shares), else
    /// as `sysconf` reports them, else 64 MB; at most 512 MB. Why sysfs first: in a guest glibc
    /// may report the host's whole last-level cache (320 MB here, for a 32 MB instance).
    static var defaultBytesPerCore: Int {
        let l3 = cacheSize(index: 3) ?? positive(sysconf(Int32(_SC_LEVEL3_CACHE_SIZE)))
        let l2 = cacheSize(index: 2) ?? positive(sysconf(Int32(_SC_LEVEL2_CACHE_SIZE))) ?? 0
        guard let l3 else { return 64 << 20 }
        return min(512 << 20, l3 + 2 * l2)
    }

    private static func positive(_ v: Int) -> Int? { v > 0 ? v : nil }

    /// `/sys/devices/system/cpu/cpu0/cache/index<index>/size` ("32768K"), in bytes.
    private static func cacheSize(index: Int) -> Int? {
        guard let text = try? String(contentsOfFile: "/sys/devices/system/cpu/cpu0/cache/index\(index)/size", encoding: .utf8)
        else { return nil }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let unit: Int = t.hasSuffix("K") ? 1 << 10 : t.hasSuffix("M") ? 1 << 20 : 1
        guard let n = Int(unit == 1 ? t : String(t.dropLast())), n > 0 else { return nil }
        return n * unit
    }

    /// Writes every line of every buffer, one buffer per core at the same time; returns the
    /// number of lines written.
    @discardableResult
    func evict() -> Int {
        DispatchQueue.concurrentPerform(iterations: buffers.count) { i in
            self.written[i] = Self.touch(self.buffers[i])
        }
        return written.reduce(0, +)
    }

    /// One store per 64-byte line; returns the lines stored to.
    @inline(never)
    private static func touch(_ b: UnsafeMutableBufferPointer<UInt64>) -> Int {
        var i = 0, lines = 0
        while i < b.count {
            b[i] &+= 1
            i += 8
            lines += 1
        }
        return lines
    }
}
