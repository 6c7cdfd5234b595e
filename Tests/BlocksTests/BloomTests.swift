import Testing
import Primitives
@testable import Blocks

@Suite struct BloomTests {
    /// The logs hash of no logs is keccak(rlp([])) = 0x1dcc4de8…9347, as in every state test without logs.
    @Test func emptyLogsHash() {
        #expect(Log.hash([]).hex == "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")
    }

    /// Each inserted value sets at most three bits, and an empty bloom is all zeros.
    @Test func bloomSetsThreeBitsPerValue() {
        var b = Bloom()
        #expect(b.bytes.allSatisfy { $0 == 0 })
        b.insert(Address(low: 1).bytes)
        let bits = b.bytes.reduce(0) { $0 + $1.nonzeroBitCount }
        #expect(bits >= 1 && bits <= 3)
    }
}
