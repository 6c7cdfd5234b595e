import Foundation

/// A progress bar with an ETA on standard error, redrawn in place; silent when `quiet`.
public final class ProgressBar: @unchecked Sendable {
    let quiet: Bool
    let start = DispatchTime.now().uptimeNanoseconds
    var lastDraw: UInt64 = 0

    public init(quiet: Bool) { self.quiet = quiet }

    public func update(_ done: Int, _ total: Int) {
        guard !quiet, total > 0 else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard done == total || now - lastDraw > 200_000_000 else { return }
        lastDraw = now
        let elapsed = Double(now - start) / 1e9
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let line = String(format: "\r[%@] %d/%d runs  elapsed %@  ETA %@", bar, done, total, Self.clock(elapsed), Self.clock(eta))
        FileHandle.standardError.write(Data(line.utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ s: Double) -> String { String(format: "%d:%02d", Int(s) / 60, Int(s) % 60) }
}
