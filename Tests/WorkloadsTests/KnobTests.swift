import Blocks
import Primitives
import Testing
@testable import Workloads

@Suite struct KnobTests {
    let hotAccount = BlockBuilder.accountAddress(0)

    @Test func hotFractionOneTransfers() throws {
        let b = try WorkloadGenerator.generate(params(.transfers, hot: 1))
        #expect(b.transactions.allSatisfy { $0.to == hotAccount })
    }

    @Test func hotFractionOneERC20() throws {
        let b = try WorkloadGenerator.generate(params(.erc20, hot: 1, contracts: 4))
        let token0 = BlockBuilder.contractAddress(.token, 0)
        #expect(b.transactions.allSatisfy { $0.to == token0 && $0.addressArgument(0) == hotAccount })
    }

    @Test func hotFractionOneAMM() throws {
        let b = try WorkloadGenerator.generate(params(.amm, hot: 1, contracts: 4))
        #expect(b.transactions.allSatisfy { $0.to == BlockBuilder.contractAddress(.pair, 0) })
    }

    @Test func hotFractionOneNFTMintsOnOneCollection() throws {
        let b = try WorkloadGenerator.generate(params(.nft, hot: 1, contracts: 4))
        let c0 = BlockBuilder.contractAddress(.collection, 0)
        #expect(b.transactions.allSatisfy { $0.to == c0 && $0.selector == NFTContract.mint })
    }

    @Test func hotFractionOneLendingLiquidatesOnePosition() throws {
        let b = try WorkloadGenerator.generate(params(.lending, hot: 1))
        let liquidations = b.transactions.filter { $0.selector == LendingContract.liquidate }
        #expect(liquidations.count > 100)
        #expect(liquidations.allSatisfy { $0.addressArgument(0) == hotAccount })
    }

    @Test func hotFractionZeroSpreadsLoad() throws {
        let b = try WorkloadGenerator.generate(params(.transfers, txs: 2_000, accounts: 1_000))
        let toHot = b.transactions.filter { $0.to == hotAccount }.count
        #expect(toHot < 20)
    }

    /// The share of payments to the top-ranked account follows the Zipf exponent.
    @Test func zipfSkewIsMeasurable() throws {
        func topShare(_ s: Double) throws -> Double {
            let b = try WorkloadGenerator.generate(params(.transfers, txs: 20_000, accounts: 1_000, zipf: s))
            return Double(b.transactions.filter { $0.to == hotAccount }.count) / 20_000
        }
        let expected = ZipfSampler(count: 1_000, exponent: 1.2).probability(ofRank: 0)
        #expect(abs(try topShare(1.2) - expected) < 0.02)
        #expect(try topShare(0) < 0.005)
        #expect(try topShare(0.6) < topShare(1.2))
    }

    @Test func zipfOverPairs() throws {
        let b = try WorkloadGenerator.generate(params(.amm, txs: 4_000, zipf: 1.5, contracts: 8))
        let pair0 = b.transactions.filter { $0.to == BlockBuilder.contractAddress(.pair, 0) }.count
        let expected = ZipfSampler(count: 8, exponent: 1.5).probability(ofRank: 0)
        #expect(abs(Double(pair0) / 4_000 - expected) < 0.03)
    }

    @Test(arguments: [0.0, 0.3, 1.0])
    func eip1559Fraction(f: Double) throws {
        let b = try WorkloadGenerator.generate(params(.mixed, txs: 2_000, eip1559: f))
        let dynamic = Double(b.transactions.filter { $0.kind == .dynamicFee }.count) / 2_000
        #expect(abs(dynamic - f) < 0.04)
        #expect(b.transactions.allSatisfy { $0.kind == .dynamicFee || $0.kind == .legacy })
    }

    @Test func revertFractionERC20() throws {
        let b = try WorkloadGenerator.generate(params(.erc20, txs: 2_000, revert: 0.25))
        let reverting = b.transactions.filter { $0.word(1) == U256.half }.count
        #expect(abs(Double(reverting) / 2_000 - 0.25) < 0.04)
    }

    @Test func revertFractionZeroBuildsNoRevertingSwaps() throws {
        let b = try WorkloadGenerator.generate(params(.amm, txs: 1_000))
        #expect(b.transactions.allSatisfy { $0.word(2) == .zero })
    }

    @Test func lendingDropsThePriceHalfway() throws {
        let b = try WorkloadGenerator.generate(params(.lending, txs: 400))
        let drops = b.transactions.enumerated().filter { $0.element.selector == LendingContract.set_price }
        #expect(drops.count == 1)
        #expect(drops[0].offset == 200)
        let before = b.transactions[..<200], after = b.transactions[201...]
        #expect(before.allSatisfy { $0.selector == LendingContract.deposit || $0.selector == LendingContract.borrow })
        // Liquidations, and deposits once no under-water position is left (200 accounts here).
        #expect(after.allSatisfy { $0.selector == LendingContract.liquidate || $0.selector == LendingContract.deposit })
        #expect(after.filter { $0.selector == LendingContract.liquidate }.count > 140)
    }

    @Test func mixedFollowsWeights() throws {
        var p = params(.mixed, txs: 4_000)
        p.mix = WorkloadMix(transfers: 1, nft: 1)
        let b = try WorkloadGenerator.generate(p)
        let payments = b.transactions.filter { $0.data.isEmpty }.count
        #expect(abs(Double(payments) / 4_000 - 0.5) < 0.04)
        #expect(b.transactions.allSatisfy { $0.data.isEmpty || $0.to!.hi >> 32 == 0xC0DE_0008 })
    }
}
