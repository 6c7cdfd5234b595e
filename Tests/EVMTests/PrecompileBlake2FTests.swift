import Testing
@testable import EVM

/// 0x09 blake2f: go-ethereum's blake2F.json and fail-blake2f.json (the EIP-152 vectors).
@Suite struct PrecompileBlake2FTests {
    @Test(arguments: precompileVectors("blake2F.json").filter { ($0.Gas ?? 0) <= 1000 })
    func vector(_ v: PrecompileVector) { checkVector(9, v) }

    /// EIP-152 vector 8 (8,000,000 rounds): checked in full only in release-speed runs;
    /// here its gas pricing and the out-of-gas path.
    @Test func manyRoundsIsPricedPerRound() throws {
        let v = try #require(precompileVectors("blake2F.json").first { $0.Name == "vector 8" })
        #expect(runPrecompile(9, v.input, gas: 7_999_999) == .failure)
    }

    @Test(arguments: precompileVectors("fail-blake2f.json"))
    func malformed(_ v: PrecompileVector) {
        #expect(runPrecompile(9, v.input) == .failure)
    }

    @Test func vectorFilesAreLoaded() {
        #expect(precompileVectors("blake2F.json").count == 5)
        #expect(precompileVectors("fail-blake2f.json").count == 4)
    }
}
