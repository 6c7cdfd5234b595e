import Blocks
import Testing
@testable import Workloads

@Suite struct DeterminismTests {
    @Test(arguments: WorkloadKind.allCases)
    func sameSeedSameBlock(kind: WorkloadKind) throws {
        let p = params(kind, zipf: 0.8, hot: 0.2, revert: 0.1, contracts: 3)
        let a = try WorkloadGenerator.generate(p)
        let b = try WorkloadGenerator.generate(p)
        #expect(a == b)
        #expect(BlockFile.encode(a) == BlockFile.encode(b))
        #expect(a.transactions.count == p.txs)
    }

    /// What `ledgerbench generate` writes reads back as the same block.
    @Test(arguments: WorkloadKind.allCases)
    func blockFileRoundTrip(kind: WorkloadKind) throws {
        let block = try WorkloadGenerator.generate(params(kind, txs: 100, revert: 0.1, contracts: 2))
        #expect(try BlockFile.decode(BlockFile.encode(block)) == block)
    }

    @Test(arguments: WorkloadKind.allCases)
    func differentSeedDifferentBlock(kind: WorkloadKind) throws {
        var p = params(kind, zipf: 0.8, hot: 0.2, revert: 0.1)
        let a = try WorkloadGenerator.generate(p)
        p.seed += 1
        let b = try WorkloadGenerator.generate(p)
        #expect(a.transactions != b.transactions)
    }

    /// Account addresses depend only on the index, so different seeds share a genesis layout.
    @Test func accountAddressesAreStable() {
        #expect(BlockBuilder.accountAddress(0) == BlockBuilder.accountAddress(0))
        #expect(BlockBuilder.accountAddress(0) != BlockBuilder.accountAddress(1))
        let many = Set((0..<10_000).map(BlockBuilder.accountAddress))
        #expect(many.count == 10_000)
    }
}
