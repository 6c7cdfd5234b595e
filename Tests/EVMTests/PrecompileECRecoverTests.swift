import Testing
@testable import EVM

/// 0x01 ecrecover: go-ethereum's ecRecover.json plus the rule checks (v, r, s ranges, padding).
@Suite struct PrecompileECRecoverTests {
    @Test(arguments: precompileVectors("ecRecover.json"))
    func vector(_ v: PrecompileVector) { checkVector(1, v) }

    @Test func vectorFileIsLoaded() { #expect(precompileVectors("ecRecover.json").count == 5) }

    static let valid = hexBytes("18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c000000000000000000000000000000000000000000000000000000000000001c73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75feeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549")
    static let n = hexBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
    static let empty = PrecompileResult.success(gasUsed: 3000, output: [])

    @Test func wrongVIsEmptySuccess() {
        for v: UInt8 in [0, 1, 26, 29, 255] {
            var input = Self.valid
            input[63] = v
            #expect(runPrecompile(1, input) == Self.empty)
        }
        // v = 27 recovers a different key (still a success with an address).
        var other = Self.valid
        other[63] = 27
        guard case .success(3000, let out) = runPrecompile(1, other) else { Issue.record("v=27"); return }
        #expect(out.count == 32 && out != hexBytes("000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b"))
    }

    @Test func rAndSOutOfRangeAreEmptySuccess() {
        for (offset, value) in [(64, [UInt8](repeating: 0, count: 32)), (96, [UInt8](repeating: 0, count: 32)),
                                (64, Self.n), (96, Self.n), (96, [UInt8](repeating: 0xff, count: 32))] {
            var input = Self.valid
            input.replaceSubrange(offset..<offset + 32, with: value)
            #expect(runPrecompile(1, input) == Self.empty)
        }
    }

    @Test func shortInputIsZeroPaddedAndLongInputTruncated() {
        #expect(runPrecompile(1, []) == Self.empty)
        // Cut after v: r and s read as zero, which is invalid.
        #expect(runPrecompile(1, Array(Self.valid[0..<64])) == Self.empty)
        let expected = hexBytes("000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b")
        #expect(runPrecompile(1, Self.valid + [1, 2, 3]) == .success(gasUsed: 3000, output: expected))
    }

    @Test func outOfGas() {
        #expect(runPrecompile(1, Self.valid, gas: 2999) == .failure)
        #expect(runPrecompile(1, [], gas: 0) == .failure)
    }
}
