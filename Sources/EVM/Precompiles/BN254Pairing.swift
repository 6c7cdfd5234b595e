/// The optimal ate pairing on bn254, used only as a product check (EIP-197): Π e(Pᵢ, Qᵢ) = 1.
/// Miller loop over 6u + 2 with the twisted point in Jacobian coordinates over Fp2 (no
/// inversions; each line is scaled by an Fp2 factor), lines evaluated straight into Fp12,
/// vertical lines dropped (they lie in a subfield the final exponentiation kills),
/// then the final exponentiation f^((p¹²−1)/r) = (conj(f)/f)^((p⁶+1)/r).
enum BN254Pairing {
    /// 6u + 2 for u = 4965661367192848881, the optimal ate loop count (65 bits).
    private static let loopCount: UInt128 = 0x19d797039be763ba8

    /// ξ^((p−1)/3) and ξ^((p−1)/2): the twist's Frobenius π(x, y) = (x̄·γx, ȳ·γy).
    private static let frobeniusX = Fp2(
        Fp(normal: 0x99e39557176f553d, 0xb78cc310c2c3330c, 0x4c0bec3cf559b143, 0x2fb347984f7911f7),
        Fp(normal: 0x1665d51c640fcba2, 0x32ae2a1d0b7c9dce, 0x4ba4cc8bd75a0794, 0x16c9e55061ebae20))
    private static let frobeniusY = Fp2(
        Fp(normal: 0xdc54014671a0135a, 0xdbaae0eda9c95998, 0xdc5ec698b6e2f9b9, 0x063cf305489af5dc),
        Fp(normal: 0x82d37f632623b0e3, 0x21807dc98fa25bd2, 0x0704b5a7ec796f2b, 0x07c03cbcac41049a))
    /// ξ^((p²−1)/3), in Fp; the matching y factor ξ^((p²−1)/2) is −1.
    private static let frobenius2X =
        Fp(normal: 0xe4bd44e5607cfd48, 0xc28f069fbb966e3d, 0x5e6dd9e7e0acccb0, 0x30644e72e131a029)

    /// (p⁶ + 1)/r, little-endian limbs (1268 bits).
    private static let finalExponent: [UInt64] = [
        0x5250a54036e3f812, 0xa5635f1596789051, 0xd1138bf54d5bd1d4, 0xa8ce2533be36c7a2,
        0x94f69f6b84e09bf6, 0x42ad1f5e50ef3644, 0x0fcc420e48c3454c, 0x758e4408ecc9952c,
        0xc901bf1887c6042c, 0xa733cd65b14bb3b5, 0xdf6d76bdcf51b0d8, 0xca64c0fd82eb59e1,
        0x1d2e5726e39276a1, 0xc2d1ea74a391cae9, 0x07409206c82d647e, 0x051c6d1aa5afdd17,
        0xb37f601919667af5, 0x150e578c5084015b, 0xfbdea556c23998e4, 0x000fd14cc52f5b83,
    ]

    typealias G2Affine = (x: Fp2, y: Fp2)

    /// Whether Π e(Pᵢ, Qᵢ) = 1 over pairs of finite points (pairs with infinity contribute 1
    /// and must be left out by the caller).
    static func productIsOne(_ pairs: [(p: (x: Fp, y: Fp), q: G2Affine)]) -> Bool {
        var f = Fp12.one
        for pair in pairs { f = f * millerLoop(p: pair.p, q: pair.q) }
        return finalExponentiation(f) == Fp12.one
    }

    /// A line evaluated at P, as the sparse Fp12 value a·yP + b·xP·w + c·w³ (a, b, c ∈ Fp2).
    @inline(__always)
    private static func line(_ a: Fp2, _ b: Fp2, _ c: Fp2) -> Fp12 {
        Fp12(Fp6(a, .zero, .zero), Fp6(b, c, .zero))
    }

    /// T ← 2T with T in Jacobian coordinates; returns the tangent at the old T evaluated at P.
    /// The affine line yP − λ·xP·w + (λ·xT − yT)·w³ with λ = 3X²/(2YZ) is scaled by 2YZ³ ∈ Fp2
    /// (a subfield factor the final exponentiation removes), which leaves no inversion.
    private static func double(_ t: inout JacobianPoint<Fp2>, p: (x: Fp, y: Fp)) -> Fp12 {
        let xx = t.x.squared(), zz = t.z.squared()
        let threeXX = xx.doubled() + xx
        let twoYZ3 = (t.y * t.z * zz).doubled()
        let l = line(twoYZ3 * p.y, -(threeXX * zz * p.x), threeXX * t.x - t.y.squared().doubled())
        t = t.doubled()
        return l
    }

    /// T ← T + Q (Q affine); returns the chord through T and Q evaluated at P, scaled by Z·H
    /// (H = xQ·Z² − X), again a subfield factor. T = Q doubles; T = −Q is a vertical line
    /// (dropped) and leaves T at infinity. Neither occurs for points of order r.
    private static func add(_ t: inout JacobianPoint<Fp2>, _ q: G2Affine, p: (x: Fp, y: Fp)) -> Fp12 {
        if t.isInfinity { t = JacobianPoint(affineX: q.x, affineY: q.y); return .one }
        let zz = t.z.squared()
        let h = q.x * zz - t.x
        let n = q.y * zz * t.z - t.y
        if h.isZero {
            if n.isZero { return double(&t, p: p) }
            t = .infinity
            return .one
        }
        let zh = t.z * h
        let l = line(zh * p.y, -(n * p.x), n * q.x - zh * q.y)
        t = t + JacobianPoint(affineX: q.x, affineY: q.y)
        return l
    }

    private static func millerLoop(p: (x: Fp, y: Fp), q: G2Affine) -> Fp12 {
        var f = Fp12.one
        var t = JacobianPoint(affineX: q.x, affineY: q.y)
        let top = 127 - loopCount.leadingZeroBitCount
        for i in stride(from: top - 1, through: 0, by: -1) {
            f = f.squared()
            if !t.isInfinity { f = f * double(&t, p: p) }
            if (loopCount >> UInt128(i)) & 1 == 1 { f = f * add(&t, q, p: p) }
        }
        // Q1 = π(Q), Q2 = −π²(Q).
        let q1: G2Affine = (q.x.conjugate() * frobeniusX, q.y.conjugate() * frobeniusY)
        let q2: G2Affine = (q.x * frobenius2X, q.y)
        f = f * add(&t, q1, p: p)
        f = f * add(&t, q2, p: p)
        return f
    }

    private static func finalExponentiation(_ f: Fp12) -> Fp12 {
        if f.c0 == .zero && f.c1 == .zero { return f }  // cannot happen for valid pairs; no trap
        let easy = f.conjugate() * f.inverse()  // f^(p⁶ − 1)
        return easy.power(finalExponent)
    }
}
