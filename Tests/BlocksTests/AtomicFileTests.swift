import Foundation
import Testing
@testable import Blocks

@Suite struct AtomicFileTests {
    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesAndReplacesWithoutLeavingTemporaries() throws {
        let dir = try tempDir()
        let target = dir.appendingPathComponent("out.json").path
        try AtomicFile.write(Data("one".utf8), to: target)
        try AtomicFile.write(Data("two".utf8), to: target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.json"])
    }

    @Test func missingFolderIsAClearErrorAndWritesNothing() throws {
        let dir = try tempDir()
        let target = dir.appendingPathComponent("no/such/folder/out.csv").path
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Data("x".utf8), to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func readOnlyFolderIsAClearError() throws {
        guard getuid() != 0 else { return } // root writes anywhere; the permission case cannot be shown
        let dir = try tempDir()
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path) }
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Data("x".utf8), to: dir.appendingPathComponent("f").path) }
    }
}
