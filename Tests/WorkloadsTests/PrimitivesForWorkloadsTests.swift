import Primitives
import Testing
@testable import Workloads

@Suite struct SlotHashTests {
    @Test func emptyStringHash() {
        #expect(Hex.encode(SlotHash.hash(bytes: [])) == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Hex.encode(SlotHash.hash(bytes: Array("Transfer(address,address,uint256)".utf8)))
                == TokenContract.eventTransferTopic)
    }

    /// Expected values computed with eth_hash (pycryptodome), the oracle's Keccak.
    @Test func vyperMapSlots() throws {
        let a = try Address(hex: "0x1000000000000000000000000000000000000001")
        #expect(Bytes32(StorageSlot.map(0, a)).hex == "0xd5b174c7a9fa2fe81b459d5213e42ae938b7cf63bc9b2950e3b0333e3becae51")
        let pair = try Address(hex: "0xc0de000500000000000000000000000000000000")
        #expect(Bytes32(StorageSlot.map(1, a, pair)).hex == "0xe34a76fcccc137818805016ca3e0011752e808e2cff13220642bdf52430cb85e")
    }

    @Test func zipfProbabilities() {
        var rng = SplitMix64(seed: 1)
        let z = ZipfSampler(count: 1_000, exponent: 1.0)
        var counts = [Int](repeating: 0, count: 1_000)
        for _ in 0..<100_000 { counts[z.sample(&rng)] += 1 }
        // P(rank 0) = 1/H(1000) ≈ 0.1336
        #expect(abs(z.probability(ofRank: 0) - 0.1336) < 0.001)
        #expect(abs(Double(counts[0]) / 100_000 - z.probability(ofRank: 0)) < 0.01)
        #expect(counts[0] > counts[1] && counts[1] > counts[9])
        let uniform = ZipfSampler(count: 1_000, exponent: 0)
        #expect(uniform.probability(ofRank: 0) == 0.001)
    }
}
