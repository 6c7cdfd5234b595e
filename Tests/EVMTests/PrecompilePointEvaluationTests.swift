import Testing
@testable import EVM

/// 0x0a KZG point evaluation: go-ethereum's pointEvaluation.json vector, tampered variants of
/// it, constant-polynomial proofs (commitment [c]G1, proof at infinity), and malformed input.
@Suite struct PrecompilePointEvaluationTests {
    /// pointEvaluation1 from go-ethereum's core/vm/testdata/precompiles/pointEvaluation.json (the
    /// version made with the mainnet ceremony's setup; older copies of that file carry a vector
    /// made with a pre-ceremony test setup, which correctly fails here).
    static let valid = hexBytes("01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d3630624d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a18f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a")
    static let success = PrecompileResult.success(
        gasUsed: 50000,
        output: hexBytes("000000000000000000000000000000000000000000000000000000000000100073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"))
    /// The G1 generator, compressed.
    static let g1 = hexBytes("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")
    static let infinity = [0xc0] + [UInt8](repeating: 0, count: 47)

    /// Builds an input with the correct versioned hash for `commitment`.
    static func input(z: [UInt8], y: [UInt8], commitment: [UInt8], proof: [UInt8]) -> [UInt8] {
        var hash = SHA256.hash(commitment)
        hash[0] = 1
        return hash + z + y + commitment + proof
    }

    static func scalar(_ v: UInt8) -> [UInt8] { [UInt8](repeating: 0, count: 31) + [v] }

    @Test func gethVector() {
        #expect(runPrecompile(10, Self.valid, gas: 50000) == Self.success)
        #expect(runPrecompile(10, Self.valid, gas: 49999) == .failure)
    }

    /// The older copy of go-ethereum's vector, made with a pre-ceremony test setup: its proof
    /// does not verify against the mainnet [τ]₂ (py_ecc agrees), so it must fail.
    @Test func vectorFromTestSetupFails() {
        let old = hexBytes("013c03613f6fc558fb7e61e75602241ed9a2f04e36d8670aadd286e71b5ca9cc420000000000000000000000000000000000000000000000000000000000000031e5a2356cbc2ef6a733eae8d54bf48719ae3d990017ca787c419c7d369f8e3c83fac17c3f237fc51f90e2c660eb202a438bc2025baded5cd193c1a018c5885bc9281ba704d5566082e851235c7be763b2a99adff965e0a121ee972ebc472d02944a74f5c6243e14052e105124b70bf65faf85ad3a494325e269fad097842cba")
        #expect(runPrecompile(10, old) == .failure)
    }

    @Test func tamperedValuesFail() {
        var wrongY = Self.valid
        wrongY[95] ^= 1
        #expect(runPrecompile(10, wrongY) == .failure)
        var wrongZ = Self.valid
        wrongZ[63] ^= 1
        #expect(runPrecompile(10, wrongZ) == .failure)
        // Proof replaced by the commitment.
        let c = Array(Self.valid[96..<144])
        #expect(runPrecompile(10, Self.input(z: Array(Self.valid[32..<64]), y: Array(Self.valid[64..<96]),
                                             commitment: c, proof: c)) == .failure)
    }

    @Test func constantPolynomial() {
        // p(x) = 1: commitment G1, quotient 0 (proof at infinity), p(z) = 1 for every z.
        #expect(runPrecompile(10, Self.input(z: Self.scalar(5), y: Self.scalar(1), commitment: Self.g1, proof: Self.infinity))
                == Self.success)
        // Claiming p(z) = 2 leaves e(−G1, −G2) = e(G1, G2) ≠ 1.
        #expect(runPrecompile(10, Self.input(z: Self.scalar(5), y: Self.scalar(2), commitment: Self.g1, proof: Self.infinity))
                == .failure)
        // The zero polynomial: commitment and proof at infinity, y = 0.
        #expect(runPrecompile(10, Self.input(z: Self.scalar(9), y: Self.scalar(0), commitment: Self.infinity, proof: Self.infinity))
                == Self.success)
    }

    @Test func malformedInputFails() {
        #expect(runPrecompile(10, []) == .failure)
        #expect(runPrecompile(10, Array(Self.valid.dropLast())) == .failure)
        #expect(runPrecompile(10, Self.valid + [0]) == .failure)
        // Versioned hash with the wrong version byte, or not matching the commitment.
        var badVersion = Self.valid
        badVersion[0] = 2
        #expect(runPrecompile(10, badVersion) == .failure)
        var badHash = Self.valid
        badHash[31] ^= 1
        #expect(runPrecompile(10, badHash) == .failure)
        // z = r (not a canonical field element).
        let r = PointEvaluation.blsModulus
        #expect(runPrecompile(10, Self.input(z: r, y: Self.scalar(1), commitment: Self.g1, proof: Self.infinity)) == .failure)
        #expect(runPrecompile(10, Self.input(z: Self.scalar(1), y: r, commitment: Self.g1, proof: Self.infinity)) == .failure)
    }

    @Test func malformedPointsFail() {
        let z = Self.scalar(5), y = Self.scalar(1)
        // Uncompressed flag.
        var uncompressed = Self.g1
        uncompressed[0] &= 0x7f
        #expect(runPrecompile(10, Self.input(z: z, y: y, commitment: uncompressed, proof: Self.infinity)) == .failure)
        // Infinity with the sort flag, or with nonzero x bits.
        var badInfinity = Self.infinity
        badInfinity[0] |= 0x20
        #expect(runPrecompile(10, Self.input(z: z, y: y, commitment: Self.g1, proof: badInfinity)) == .failure)
        var dirtyInfinity = Self.infinity
        dirtyInfinity[47] = 1
        #expect(runPrecompile(10, Self.input(z: z, y: y, commitment: Self.g1, proof: dirtyInfinity)) == .failure)
        // x ≥ p.
        let xIsP = [0x80 | 0x1a] + hexBytes("0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab")
        #expect(runPrecompile(10, Self.input(z: z, y: y, commitment: xIsP, proof: Self.infinity)) == .failure)
        // The other square root (sort flag flipped) is −G1, a different commitment: p(z) = −1 ≠ 1.
        var negG1 = Self.g1
        negG1[0] ^= 0x20
        #expect(runPrecompile(10, Self.input(z: z, y: y, commitment: negG1, proof: Self.infinity)) == .failure)
        // x = 0 is not on the curve? 0³ + 4 = 4 = 2²: it is, but outside the subgroup.
        let xZero = [0x80] + [UInt8](repeating: 0, count: 47)
        #expect(runPrecompile(10, Self.input(z: z, y: y, commitment: xZero, proof: Self.infinity)) == .failure)
    }
}
