import Testing
@testable import EVM

/// 0x06–0x08 bn254 against go-ethereum's bn256Add.json, bn256ScalarMul.json and
/// bn256Pairing.json, plus the EIP-196/197 rejection rules.
@Suite struct PrecompileBN254Tests {
    @Test(arguments: precompileVectors("bn256Add.json"))
    func add(_ v: PrecompileVector) { checkVector(6, v) }

    @Test(arguments: precompileVectors("bn256ScalarMul.json"))
    func mul(_ v: PrecompileVector) { checkVector(7, v) }

    @Test(arguments: precompileVectors("bn256Pairing.json"))
    func pairing(_ v: PrecompileVector) { checkVector(8, v) }

    @Test func vectorFilesAreLoaded() {
        #expect(precompileVectors("bn256Add.json").count == 16)
        #expect(precompileVectors("bn256ScalarMul.json").count == 16)
        #expect(precompileVectors("bn256Pairing.json").count == 11)
    }

    static let p = hexBytes("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47")
    static let g1 = hexBytes("0000000000000000000000000000000000000000000000000000000000000001"
                             + "0000000000000000000000000000000000000000000000000000000000000002")
    static let g2 = hexBytes("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
                             + "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
                             + "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
                             + "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa")

    @Test func addRejectsPointsOffCurveOrNotCanonical() {
        // (1, 3) is not on y² = x³ + 3.
        var bad = Self.g1
        bad[63] = 3
        #expect(runPrecompile(6, bad + Self.g1) == .failure)
        #expect(runPrecompile(6, Self.g1 + bad) == .failure)
        // x = p (not reduced) is rejected even though p ≡ 0.
        let xIsP = Self.p + [UInt8](repeating: 0, count: 32)
        #expect(runPrecompile(6, xIsP) == .failure)
        #expect(runPrecompile(6, Self.g1 + Self.g1, gas: 149) == .failure)
    }

    @Test func addDoublesAndCancels() {
        // G + G = 2G, the value in cdetrio11.
        let twoG = hexBytes("030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd315ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4")
        #expect(runPrecompile(6, Self.g1 + Self.g1) == .success(gasUsed: 150, output: twoG))
        // G + (−G) = O.
        let minusTwo = hexBytes("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45")
        let negG = Array(Self.g1[0..<32]) + minusTwo
        #expect(runPrecompile(6, Self.g1 + negG) == .success(gasUsed: 150, output: [UInt8](repeating: 0, count: 64)))
    }

    @Test func mulRejectsBadPointsAndPrices() {
        var bad = Self.g1
        bad[63] = 3
        #expect(runPrecompile(7, bad + [UInt8](repeating: 0, count: 31) + [2]) == .failure)
        #expect(runPrecompile(7, Self.g1 + [UInt8](repeating: 0, count: 31) + [2], gas: 5999) == .failure)
        // Scalar 0 gives infinity; short input is zero-padded.
        #expect(runPrecompile(7, Self.g1) == .success(gasUsed: 6000, output: [UInt8](repeating: 0, count: 64)))
        #expect(runPrecompile(7, []) == .success(gasUsed: 6000, output: [UInt8](repeating: 0, count: 64)))
    }

    @Test func pairingRejectsMalformedInput() {
        // Length not a multiple of 192.
        #expect(runPrecompile(8, Self.g1 + Self.g2 + [0]) == .failure)
        #expect(runPrecompile(8, [0]) == .failure)
        // G2 point not on the twist.
        var offTwist = Self.g2
        offTwist[127] ^= 1
        #expect(runPrecompile(8, Self.g1 + offTwist) == .failure)
        // G2 coordinate ≥ p.
        let big = Self.p + Array(Self.g2[32..<128])
        #expect(runPrecompile(8, Self.g1 + big) == .failure)
        // G1 off curve.
        var badG1 = Self.g1
        badG1[63] = 3
        #expect(runPrecompile(8, badG1 + Self.g2) == .failure)
        // Out of gas: 45000 + 34000 per pair.
        #expect(runPrecompile(8, Self.g1 + Self.g2, gas: 78_999) == .failure)
    }

    @Test func pairingRejectsTwistPointOutsideSubgroup() {
        // A point on the twist y² = x³ + 3/ξ with a small real x: the twist group has a large
        // cofactor, so such a point is (overwhelmingly likely) outside the order-r subgroup.
        var found = false
        for xr in UInt64(1)...64 {
            let x = Fp2(Fp(xr), .zero)
            let rhs = x.squared() * x + BN254Curve.b2
            guard let y = sqrtFp2(rhs) else { continue }
            var bytes = [UInt8](repeating: 0, count: 64)
            x.c1.appendBigEndian(to: &bytes); x.c0.appendBigEndian(to: &bytes)
            y.c1.appendBigEndian(to: &bytes); y.c0.appendBigEndian(to: &bytes)
            bytes.removeFirst(64)
            #expect(bytes.count == 128)
            // On the twist, but (overwhelmingly likely) not in the order-r subgroup.
            #expect(runPrecompile(8, Self.g1 + bytes) == .failure)
            found = true
            break
        }
        #expect(found)
    }

    @Test func pairingWithInfinityIsOne() {
        let one = [UInt8](repeating: 0, count: 31) + [1]
        let zeros = [UInt8](repeating: 0, count: 192)
        #expect(runPrecompile(8, zeros) == .success(gasUsed: 79000, output: one))
        #expect(runPrecompile(8, [UInt8](repeating: 0, count: 64) + Self.g2) == .success(gasUsed: 79000, output: one))
        #expect(runPrecompile(8, Self.g1 + [UInt8](repeating: 0, count: 128)) == .success(gasUsed: 79000, output: one))
    }

    @Test func fieldArithmeticRoundTrips() {
        let a = Fp(123456789), b = Fp(987654321)
        #expect(a * b == Fp(123456789 * 987654321))
        #expect(a * a.inverse() == Fp.one)
        #expect((a - b) + b == a)
        let x = Fp2(a, b)
        #expect(x * x.inverse() == Fp2.one)
        let s = Fp6(x, x.squared(), Fp2(b, a))
        #expect(s * s.inverse() == Fp6.one)
        let t = Fp12(s, Fp6(Fp2(a, a), x, x))
        #expect(t * t.inverse() == Fp12.one)
        #expect(t.squared() == t * t)
    }
}

/// A square root in Fp2 by brute force over the norm (test-only; p ≡ 3 mod 4).
func sqrtFp2(_ a: Fp2) -> Fp2? {
    // Fp sqrt: x^((p+1)/4).
    func sqrtFp(_ x: Fp) -> Fp? {
        let e: [UInt64] = [0x4f082305b61f3f52, 0x65e05aa45a1c72a3, 0x6e14116da0605617, 0x0c19139cb84c680a]
        var r = Fp.one
        for limb in e.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                r = r.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { r = r * x }
            }
        }
        return r.squared() == x ? r : nil
    }
    // For a = a0 + a1·u: norm n = a0² + a1², sqrt(n) = m; x0² = (a0 ± m)/2, x1 = a1/(2x0).
    guard let m = sqrtFp(a.c0.squared() + a.c1.squared()) else { return nil }
    let half = Fp(2).inverse()
    for candidate in [(a.c0 + m) * half, (a.c0 - m) * half] {
        if let x0 = sqrtFp(candidate), !x0.isZero {
            let x1 = a.c1 * (x0.doubled()).inverse()
            let r = Fp2(x0, x1)
            if r.squared() == a { return r }
        }
    }
    return nil
}
