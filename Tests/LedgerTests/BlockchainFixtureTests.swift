import Blocks
import Foundation
import Ledger
import Primitives
import Testing
import TestSupport

/// ethereum/tests BlockchainTests: the root of `pre` is the genesis header's stateRoot and the
/// root of `postState` is the last block header's stateRoot, for every shard count.
@Suite struct BlockchainFixtureTests {
    @Test(arguments: [1, 16, 256])
    func preAndPostRoots(shards: Int) throws {
        guard let files = try Fixtures.files(under: "blockchaintests") else { return }
        var instances = 0
        for file in files {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            for (name, value) in json {
                let test = try #require(value as? [String: Any])
                let genesis = try #require(test["genesisBlockHeader"] as? [String: Any])
                let blocks = try #require(test["blocks"] as? [[String: Any]])
                let last = try #require(blocks.last?["blockHeader"] as? [String: Any])
                let pre = try ShardedLedger(genesis: ShardedLedger.parseAllocation(try #require(test["pre"])), shardCount: shards)
                #expect(pre.stateRoot() == (try Bytes32(hex: try #require(genesis["stateRoot"] as? String))), "\(name) pre")
                let post = try ShardedLedger(genesis: ShardedLedger.parseAllocation(try #require(test["postState"])), shardCount: shards)
                #expect(post.stateRoot() == (try Bytes32(hex: try #require(last["stateRoot"] as? String))), "\(name) post")
                instances += 1
            }
        }
        #expect(instances == 33)
    }
}
