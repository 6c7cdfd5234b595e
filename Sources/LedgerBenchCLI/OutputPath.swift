import ArgumentParser
import Foundation

/// Output paths are checked before any work starts, so a typo costs nothing and no partial file
/// is ever left (the files themselves are written through `AtomicFile`).
enum OutputPath {
    /// Fails with a clear message unless `path`'s folder exists, is a folder and is writable.
    static func checkFolder(of path: String) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) else {
            throw ValidationError("cannot write \(path): folder \(dir) does not exist")
        }
        guard isDir.boolValue else { throw ValidationError("cannot write \(path): \(dir) is not a folder") }
        guard FileManager.default.isWritableFile(atPath: dir) else {
            throw ValidationError("cannot write \(path): folder \(dir) is not writable")
        }
    }
}
