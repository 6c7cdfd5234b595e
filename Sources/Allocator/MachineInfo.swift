import Foundation

/// Facts about the machine and the build, printed by `ledgerbench info` and recorded with results.
public enum MachineInfo {
    public static var swiftVersion: String {
        #if swift(>=6.3)
        return "6.3 or later"
        #elseif swift(>=6.2)
        return "6.2"
        #elseif swift(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    public static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    /// A human-readable report; the allocator line is proven by asking the allocator itself.
    public static func report() -> String {
        // Allocate through Swift so the allocator's counter visibly moves.
        let before = AllocatorInfo.allocatedBytes
        let probe = [UInt8](repeating: 1, count: 1 << 20)
        let after = AllocatorInfo.allocatedBytes
        var lines = [
            "swift:      \(swiftVersion) (\(buildConfiguration) build)",
            "cores:      \(cores)",
            "allocator:  \(AllocatorInfo.name)" + (AllocatorInfo.version.map { " \($0)" } ?? ""),
        ]
        if let before, let after {
            lines.append("jemalloc stats.allocated: \(before) → \(after) bytes after a 1 MiB Swift array (\(probe.count) bytes)")
            if let total = AllocatorInfo.cumulativeAllocatedBytes { lines.append("jemalloc bytes allocated since start: \(total)") }
        } else {
            lines.append("allocator statistics: unavailable (system allocator)")
        }
        return lines.joined(separator: "\n")
    }
}
