import Foundation
import Testing

/// Runs the built `ledgerbench` as a user would and checks that every bad argument or bad file
/// ends with a clear message on standard error, a non-zero exit status (never a signal), and no
/// output file — neither a new one nor a half-written replacement of an existing one.
@Suite(.serialized) struct CommandLineErrorTests {
    struct Outcome {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
    }

    /// The executable beside this test bundle (`swift test` builds every product), or
    /// `$LEDGERBENCH`.
    static let executable: URL? = {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["LEDGERBENCH"] { candidates.append(URL(fileURLWithPath: env)) }
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("ledgerbench")) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ledgerbench"))
        // Tests/HardeningTests/<file> → package root → .build/debug.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/ledgerbench"))
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    static func run(_ arguments: [String], in dir: URL) throws -> Outcome {
        guard let exe = executable else { throw MissingExecutable() }
        let p = Process()
        p.executableURL = exe
        p.arguments = arguments
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // A hang is a failure too: kill after two minutes.
        let watchdog = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        watchdog.cancel()
        return Outcome(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                       stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    struct MissingExecutable: Error, CustomStringConvertible {
        var description: String { "ledgerbench executable not found beside the tests; run `swift build --product ledgerbench` or set LEDGERBENCH" }
    }

    /// A fresh folder with a small valid block file `block.json` and a regular file `file`.
    static func sandbox() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ledgerbench-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(validBlock.utf8).write(to: dir.appendingPathComponent("block.json"))
        try Data("not a folder".utf8).write(to: dir.appendingPathComponent("file"))
        return dir
    }

    static let validBlock = """
    {"fork": "cancun",
     "env": {"coinbase": "0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0", "number": "0x1", "timestamp": 1000,
             "gasLimit": "30000000", "baseFee": "0x7"},
     "pre": {"0x00000000000000000000000000000000000000aa": {"balance": "0x56bc75e2d63100000"}},
     "txs": [{"from": "0x00000000000000000000000000000000000000aa", "to": "0x00000000000000000000000000000000000000bb",
              "nonce": "0x0", "gas": "0x5208", "gasPrice": "0xa", "value": "0x1", "data": "0x"}]}
    """

    /// Files in `dir` other than the sandbox's own (temporaries of an atomic write included).
    static func strayFiles(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !["block.json", "file", "bad.json"].contains($0) }.sorted()
    }

    func expectFailure(_ args: [String], mentions: [String], in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try Self.run(args, in: dir)
        #expect(!r.signaled, "killed by a signal: \(args) \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status != 0, "exit 0 for \(args)", sourceLocation: sourceLocation)
        for m in mentions {
            #expect(r.stderr.lowercased().contains(m.lowercased()), "stderr of \(args) lacks '\(m)': \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!r.stderr.contains("Error Domain="), "raw NSError text in \(r.stderr)", sourceLocation: sourceLocation)
        let stray = try Self.strayFiles(dir)
        #expect(stray.isEmpty, "files left behind by \(args): \(stray)", sourceLocation: sourceLocation)
    }

    @Test func validBlockExecutesAndWritesTheResult() throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["execute", "block.json", "-o", "out.json", "--strategy", "blockstm", "--threads", "2", "--verify"], in: dir)
        #expect(r.status == 0 && !r.signaled, "\(r.stderr)")
        #expect(try Self.strayFiles(dir) == ["out.json"])
    }

    @Test func unknownWorkloadIsNamed() throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectFailure(["sweep", "--workload", "erc20,nope", "--csv", "x.csv"], mentions: ["unknown workload 'nope'", "erc20"], in: dir)
        try expectFailure(["model", "--workload", "nope"], mentions: ["unknown workload 'nope'"], in: dir)
        try expectFailure(["generate", "--workload", "nope", "-o", "x.json"], mentions: ["unknown --workload 'nope'"], in: dir)
        try expectFailure(["sweep", "--workload", "erc20", "--txs", "10", "--cache", "lukewarm", "--csv", "x.csv"],
                          mentions: ["unknown --cache 'lukewarm'", "warm, cold"], in: dir)
    }

    @Test(arguments: ["0", "10000", "-1", "two"])
    func threadCountOutOfRangeIsRejected(threads: String) throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectFailure(["sweep", "--workload", "erc20", "--txs", "10", "--threads", "1,\(threads)", "--csv", "x.csv"],
                          mentions: ["--threads"], in: dir)
        try expectFailure(["execute", "block.json", "--strategy", "blockstm", "--threads", threads, "-o", "out.json"],
                          mentions: ["thread"], in: dir)
    }

    @Test func outputInAMissingFolderFailsBeforeAnyWork() throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectFailure(["execute", "block.json", "-o", "missing/out.json"], mentions: ["missing", "does not exist"], in: dir)
        try expectFailure(["generate", "--workload", "erc20", "--txs", "10", "--accounts", "10", "-o", "missing/b.json"],
                          mentions: ["does not exist"], in: dir)
        try expectFailure(["sweep", "--workload", "erc20", "--txs", "10", "--csv", "missing/x.csv"], mentions: ["does not exist"], in: dir)
        try expectFailure(["sweep", "--workload", "erc20", "--txs", "10", "--plot", "missing/x.svg"], mentions: ["does not exist"], in: dir)
    }

    /// A path through a regular file (`file/out.json`) fails whoever runs it (root included).
    @Test func outputUnderARegularFileFails() throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectFailure(["execute", "block.json", "-o", "file/out.json"], mentions: ["not a folder"], in: dir)
        try expectFailure(["generate", "--workload", "erc20", "--txs", "10", "--accounts", "10", "-o", "file/b.json"],
                          mentions: ["not a folder"], in: dir)
        try expectFailure(["sweep", "--workload", "erc20", "--txs", "10", "--csv", "file/x.csv"], mentions: ["not a folder"], in: dir)
        try expectFailure(["run", "--output", "file/results", "--quiet"], mentions: ["cannot create the output folder"], in: dir)
        #expect(try String(contentsOf: dir.appendingPathComponent("file"), encoding: .utf8) == "not a folder")
    }

    /// Permission bits only stop non-root users; as root the case is skipped (see the test above).
    @Test func outputInAReadOnlyFolderFailsForNonRootUsers() throws {
        guard getuid() != 0 else { return }
        let dir = try Self.sandbox()
        let ro = dir.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: true)
        chmod(ro.path, 0o555)
        defer { chmod(ro.path, 0o755); try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["execute", "block.json", "-o", "ro/out.json"], in: dir)
        #expect(r.status != 0 && !r.signaled && r.stderr.contains("not writable"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ro.path).isEmpty)
    }

    /// Hostile block files: (name, text, what the message must mention).
    static let hostileFiles: [(String, String, String)] = {
        let valid = validBlock
        var cases: [(String, String, String)] = []
        cases.append(("truncated", String(valid.prefix(valid.count / 2)), "malformed JSON"))
        cases.append(("garbled", valid.replacingOccurrences(of: ":", with: ";"), "malformed JSON"))
        cases.append(("empty", "", "malformed JSON"))
        cases.append(("not an object", "[1, 2, 3]", "expected an object"))
        cases.append(("deep nesting", String(repeating: "[", count: 100_000), "malformed JSON"))
        cases.append(("binary", String(decoding: (0..<256).map { UInt8($0) }, as: UTF8.self), "malformed JSON"))
        cases.append(("wrong type", valid.replacingOccurrences(of: #""gas": "0x5208""#, with: #""gas": [1]"#), "txs[0].gas"))
        cases.append(("boolean", valid.replacingOccurrences(of: #""nonce": "0x0""#, with: #""nonce": true"#), "txs[0].nonce"))
        cases.append(("float", valid.replacingOccurrences(of: #""timestamp": 1000"#, with: #""timestamp": 1000.5"#), "env.timestamp"))
        cases.append(("odd hex", valid.replacingOccurrences(of: #""data": "0x""#, with: #""data": "0xabc""#), "txs[0].data"))
        cases.append(("bad hex", valid.replacingOccurrences(of: #""data": "0x""#, with: #""data": "0xzz""#), "txs[0].data"))
        cases.append(("above 2^256", valid.replacingOccurrences(of: #""value": "0x1""#, with: #""value": "0x1\#(String(repeating: "0", count: 64))""#), "txs[0].value"))
        cases.append(("decimal above 2^256", valid.replacingOccurrences(of: #""value": "0x1""#, with: #""value": "\#(String(repeating: "9", count: 80))""#), "txs[0].value"))
        cases.append(("negative", valid.replacingOccurrences(of: #""value": "0x1""#, with: #""value": -1"#), "txs[0].value"))
        cases.append(("short address", valid.replacingOccurrences(of: #""to": "0x00000000000000000000000000000000000000bb""#, with: #""to": "0xbb""#), "txs[0].to"))
        cases.append(("missing env", valid.replacingOccurrences(of: #""env""#, with: #""environment""#), "env"))
        return cases
    }()

    /// Hostile block files: each must name the problem; the existing output file stays intact.
    @Test(arguments: hostileFiles)
    func hostileBlockFilesAreRejectedNamingTheProblem(name: String, text: String, mentions: String) throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(text.utf8).write(to: dir.appendingPathComponent("bad.json"))
        let existing = dir.appendingPathComponent("out.json")
        try Data("previous result".utf8).write(to: existing)
        let r = try Self.run(["execute", "bad.json", "-o", "out.json"], in: dir)
        #expect(!r.signaled && r.status != 0, "\(name): status \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(name): \(r.stderr)")
        #expect(try String(contentsOf: existing, encoding: .utf8) == "previous result", "\(name): output replaced")
        #expect(try Self.strayFiles(dir) == ["out.json"], "\(name): temporaries left")
    }

    /// `report` reads sweep CSVs back: a missing file, a file that is no sweep CSV (the block
    /// file) and `--plot` with two files or into a missing folder each fail naming the problem,
    /// with no plot written; a real sweep's CSV reports both tables and draws its plots.
    @Test func reportNamesBadFilesAndReadsASweepsCSV() throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectFailure(["report", "nowhere.csv"], mentions: ["nowhere.csv", "cannot read"], in: dir)
        try expectFailure(["report", "block.json"], mentions: ["block.json: not a readable CSV file, line 1"], in: dir)
        try Data("a,b\r\n1,2\r\n".utf8).write(to: dir.appendingPathComponent("bad.json"))
        try expectFailure(["report", "bad.json"], mentions: ["bad.json", "missing columns workload"], in: dir)
        try expectFailure(["report", "block.json", "block.json", "--plot", "p.svg"], mentions: ["exactly one CSV file"], in: dir)
        try expectFailure(["report", "block.json", "--plot", "missing/p.svg"], mentions: ["does not exist"], in: dir)
        let sweep = try Self.run(["sweep", "--workload", "transfers", "--txs", "20", "--accounts", "30", "--threads", "1,2",
                                  "--strategy", "sequential,blockstm", "--repeats", "1", "--quiet", "--csv", "s.csv"], in: dir)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let r = try Self.run(["report", "s.csv", "--plot", "p.svg"], in: dir)
        #expect(r.status == 0 && r.stdout.contains("main limit") && r.stdout.contains("blockstm"), "\(r.stderr)")
        #expect(try Self.strayFiles(dir) == ["p-throughput.svg", "p.svg", "s.csv"])
    }

    @Test func missingBlockFileIsNamed() throws {
        let dir = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectFailure(["execute", "nowhere.json"], mentions: ["cannot read nowhere.json"], in: dir)
        try expectFailure(["sweep", "--block", "nowhere.json", "--csv", "x.csv"], mentions: ["nowhere.json"], in: dir)
        try expectFailure(["inspect", "nowhere.json"], mentions: ["nowhere.json"], in: dir)
    }
}
