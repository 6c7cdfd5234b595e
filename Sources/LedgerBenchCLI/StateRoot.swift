import ArgumentParser
import Dispatch
import Foundation
import Ledger

/// `ledgerbench stateroot FILE [--shards S] [--verbose]`: the state root of a block file's `pre`
/// allocation. Also accepts a blockchain/state test file (one test whose object has `pre`).
struct StateRoot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stateroot",
        abstract: "Print the state root of the `pre` allocation in a block-format file.")

    @Argument(help: "A block-format JSON file.") var file: String
    @Option(help: "Shard count: 1, 16 or 256.") var shards = 16
    @Flag(help: "Print per-phase timing.") var verbose = false

    func run() throws {
        var t = DispatchTime.now()
        func lap() -> Double {
            let now = DispatchTime.now()
            defer { t = now }
            return Double(now.uptimeNanoseconds - t.uptimeNanoseconds) / 1e6
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let json = try JSONSerialization.jsonObject(with: data)
        guard let top = json as? [String: Any] else { throw ValidationError("\(file): expected a JSON object") }
        var pre = top["pre"]
        var testName: String?
        if pre == nil, let name = top.keys.sorted().first(where: { (top[$0] as? [String: Any])?["pre"] != nil }) {
            // A test file (name → test with `pre`): the first test by name.
            pre = (top[name] as? [String: Any])?["pre"]; testName = name
        }
        guard let allocation = pre else { throw ValidationError("\(file): no `pre` object") }
        let readMs = lap()
        let genesis = try ShardedLedger.parseAllocation(allocation)
        let parseMs = lap()
        let ledger = try ShardedLedger(genesis: genesis, shardCount: shards)
        let loadMs = lap()
        let root = ledger.stateRoot()
        let rootMs = lap()
        print(root.hex)
        if verbose {
            if let n = testName { print("test \(n)") }
            print(String(format: "accounts %d, shards %d, workers %d", genesis.count, ledger.shardCount, ledger.workers))
            print(String(format: "read %.2f ms, parse %.2f ms, load %.2f ms, root %.2f ms (keccak calls %d)",
                         readMs, parseMs, loadMs, rootMs, ledger.keccakCalls))
        }
    }
}
