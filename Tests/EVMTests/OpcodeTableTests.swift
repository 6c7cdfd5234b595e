import Testing
import Blocks
@testable import EVM

@Suite struct OpcodeTableTests {
    @Test(arguments: [Fork.paris, .shanghai, .cancun])
    func everyByteIsDefinedWithStaticGasOrInvalid(fork: Fork) {
        let table = OpTable.table(for: fork)
        var defined = 0
        for op in 0..<256 {
            let e = table.entries[op]
            if e.gas >= 0 {
                defined += 1
                #expect(e.minStack >= 0 && e.minStack <= 17)
                #expect(e.maxStack <= 1024 && e.maxStack >= 1023)
            } else {
                #expect(e.gas == -1)
            }
        }
        #expect(defined == (fork == .paris ? 142 : fork == .shanghai ? 143 : 148))
        #expect(!table.isDefined(0xfe), "INVALID is undefined by design")
        #expect(!table.isDefined(0x0c))
        #expect(!table.isDefined(0xef))
    }

    @Test func push0IsShanghaiAndTransientMcopyBlobOpsAreCancun() {
        #expect(!OpTable.paris.isDefined(0x5f))
        #expect(OpTable.shanghai.isDefined(0x5f))
        for op: UInt8 in [0x49, 0x4a, 0x5c, 0x5d, 0x5e] {
            #expect(!OpTable.shanghai.isDefined(op))
            #expect(OpTable.cancun.isDefined(op))
        }
    }

    @Test func staticGasMatchesTheSpecForSamples() {
        let t = OpTable.cancun.entries
        #expect(t[0x01].gas == 3)    // ADD
        #expect(t[0x0a].gas == 10)   // EXP (+50/byte dynamic)
        #expect(t[0x20].gas == 30)   // KECCAK256
        #expect(t[0x40].gas == 20)   // BLOCKHASH
        #expect(t[0x47].gas == 5)    // SELFBALANCE
        #expect(t[0x5b].gas == 1)    // JUMPDEST
        #expect(t[0x5c].gas == 100)  // TLOAD
        #expect(t[0xa2].gas == 1125) // LOG2
        #expect(t[0xf0].gas == 32000)
        #expect(t[0xff].gas == 5000)
    }
}
