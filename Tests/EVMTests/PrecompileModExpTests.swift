import Testing
@testable import EVM

/// 0x05 modexp: go-ethereum's modexp_eip2565.json (a selection), extra cases generated with
/// Python's `pow` (odd/even moduli, algorithm D edge cases, truncated input), and hostile lengths.
@Suite struct PrecompileModExpTests {
    @Test(arguments: precompileVectors("modexp_eip2565.json"))
    func gethVector(_ v: PrecompileVector) { checkVector(5, v) }

    @Test(arguments: precompileVectors("modexp_extra.json"))
    func extraVector(_ v: PrecompileVector) { checkVector(5, v) }

    @Test func vectorFilesAreLoaded() {
        #expect(precompileVectors("modexp_eip2565.json").count == 9)
        #expect(precompileVectors("modexp_extra.json").count == 28)
    }

    static func word(_ v: UInt64) -> [UInt8] {
        [UInt8](repeating: 0, count: 24) + (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) }
    }
    static let huge: [UInt8] = [0x80] + [UInt8](repeating: 0, count: 31)  // 2^255
    static let maxWord = [UInt8](repeating: 0xff, count: 32)

    @Test func hugeBaseLengthFailsOnGasWithoutAllocating() {
        #expect(runPrecompile(5, Self.huge + Self.word(0) + Self.word(0), gas: UInt64.max) == .failure)
        #expect(runPrecompile(5, Self.word(0) + Self.word(0) + Self.maxWord, gas: UInt64.max) == .failure)
        #expect(runPrecompile(5, Self.word(1 << 40) + Self.word(0) + Self.word(1), gas: 30_000_000) == .failure)
    }

    @Test func hugeExponentLengthWithZeroBaseAndModulusCosts200() {
        // Multiplication complexity is 0, so the price is the 200 minimum whatever the exponent.
        #expect(runPrecompile(5, Self.word(0) + Self.huge + Self.word(0), gas: 200) == .success(gasUsed: 200, output: []))
        #expect(runPrecompile(5, Self.word(0) + Self.maxWord + Self.word(0), gas: 199) == .failure)
    }

    @Test func hugeExponentLengthWithModulusFails() {
        #expect(runPrecompile(5, Self.word(1) + Self.huge + Self.word(1) + [2, 3, 5], gas: UInt64.max) == .failure)
        #expect(runPrecompile(5, Self.word(1) + Self.word(1 << 40) + Self.word(1), gas: 30_000_000) == .failure)
    }

    @Test func exponentLengthPricing() {
        // exp_len = 64 with a zero head: iterations = 8 × 32 = 256; 1 word² × 256 / 3 = 85 → 200.
        // With 32-byte modulus: 16 × 256 / 3 = 1365.
        let input = Self.word(1) + Self.word(64) + Self.word(32) + [7] + [UInt8](repeating: 0, count: 64)
            + [UInt8](repeating: 0, count: 31) + [13]
        guard case .success(let gas, let out) = runPrecompile(5, input) else { Issue.record("failed"); return }
        #expect(gas == 1365)
        #expect(out == [UInt8](repeating: 0, count: 31) + [1])  // 7^0 mod 13
        #expect(runPrecompile(5, input, gas: 1364) == .failure)
    }

    @Test func emptyAndGarbageInputsNeverTrap() {
        #expect(runPrecompile(5, []) == .success(gasUsed: 200, output: []))
        for n in [1, 31, 33, 95, 97, 200] {
            _ = runPrecompile(5, [UInt8](repeating: 0xff, count: n))
            _ = runPrecompile(5, (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        }
    }

    @Test func bigUIntRemainderAgreesWithUInt128() {
        // Knuth D's two-limb paths against native 128-bit arithmetic.
        var state: UInt64 = 0x9e3779b97f4a7c15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        for _ in 0..<500 {
            let a = UInt128(next()) << 64 | UInt128(next())
            var m = UInt128(next() >> (next() % 64)) << 64 | UInt128(next())
            if m == 0 { m = 3 }
            let big = BigUInt(limbs: [UInt64(truncatingIfNeeded: a), UInt64(truncatingIfNeeded: a >> 64)])
            let mod = BigModulus(BigUInt(limbs: [UInt64(truncatingIfNeeded: m), UInt64(truncatingIfNeeded: m >> 64)]))!
            let r = a % m
            #expect(mod.reduce(big) == BigUInt(limbs: [UInt64(truncatingIfNeeded: r), UInt64(truncatingIfNeeded: r >> 64)]))
        }
    }
}
