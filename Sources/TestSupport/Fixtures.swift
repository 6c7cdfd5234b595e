import Foundation

/// Where the shared Ethereum fixtures are, for tests. Tests read them in place; they are never
/// copied into the project.
///
/// The folder is `$LEDGER_FIXTURES` when set, else `../shared/fixtures` beside the package root.
/// When it is missing, `Fixtures.url` throws under CI (`CI` set), so a CI run can never pass by
/// skipping, and otherwise prints a notice and returns nil so a user's fresh clone still passes.
public enum Fixtures {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "fixtures not found at \(path): set LEDGER_FIXTURES or place shared/ beside the project"
        }
    }

    /// The package root, found from this file's location (Sources/TestSupport/Fixtures.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["LEDGER_FIXTURES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    /// The fixture file or folder at `relative` (e.g. "rlp/rlptest.json"), or nil (with a printed
    /// notice) when fixtures are absent outside CI.
    public static func url(_ relative: String) throws -> URL? {
        let url = root.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        if ProcessInfo.processInfo.environment["CI"] != nil { throw Missing(path: url.path) }
        print("notice: skipping, fixtures not found at \(url.path) (set LEDGER_FIXTURES)")
        return nil
    }

    /// The contents of a fixture file, or nil when fixtures are absent outside CI.
    public static func data(_ relative: String) throws -> Data? {
        guard let url = try url(relative) else { return nil }
        return try Data(contentsOf: url)
    }

    /// Every file with the given extension below a fixture folder, sorted.
    public static func files(under relative: String, withExtension ext: String = "json") throws -> [URL]? {
        guard let dir = try url(relative) else { return nil }
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let u as URL in e where u.pathExtension == ext { out.append(u) }
        return out.sorted { $0.path < $1.path }
    }
}
