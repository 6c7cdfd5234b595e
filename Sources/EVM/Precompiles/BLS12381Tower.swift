/// Fp6 = Fp2[v]/(v³ − ξ), ξ = 1 + u, over BLS12-381 (same shape as the bn254 tower).
struct BLSFp6: Equatable {
    var c0: BLSFp2, c1: BLSFp2, c2: BLSFp2

    init(_ c0: BLSFp2, _ c1: BLSFp2, _ c2: BLSFp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    static let zero = BLSFp6(.zero, .zero, .zero)
    static let one = BLSFp6(.one, .zero, .zero)

    static func + (a: BLSFp6, b: BLSFp6) -> BLSFp6 { BLSFp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    static func - (a: BLSFp6, b: BLSFp6) -> BLSFp6 { BLSFp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    static prefix func - (a: BLSFp6) -> BLSFp6 { BLSFp6(-a.c0, -a.c1, -a.c2) }

    static func * (a: BLSFp6, b: BLSFp6) -> BLSFp6 {
        let v0 = a.c0 * b.c0, v1 = a.c1 * b.c1, v2 = a.c2 * b.c2
        let c0 = v0 + ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).mulByXi()
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.mulByXi()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
        return BLSFp6(c0, c1, c2)
    }

    static func * (a: BLSFp6, s: BLSFp) -> BLSFp6 { BLSFp6(a.c0 * s, a.c1 * s, a.c2 * s) }

    func mulByV() -> BLSFp6 { BLSFp6(c2.mulByXi(), c0, c1) }

    func inverse() -> BLSFp6 {
        let t0 = c0.squared() - (c1 * c2).mulByXi()
        let t1 = c2.squared().mulByXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let n = (c0 * t0 + (c2 * t1 + c1 * t2).mulByXi()).inverse()
        return BLSFp6(t0 * n, t1 * n, t2 * n)
    }
}

/// Fp12 = Fp6[w]/(w² − v) over BLS12-381; w⁶ = ξ.
struct BLSFp12: Equatable {
    var c0: BLSFp6, c1: BLSFp6

    init(_ c0: BLSFp6, _ c1: BLSFp6) { self.c0 = c0; self.c1 = c1 }

    static let one = BLSFp12(.one, .zero)

    static func + (a: BLSFp12, b: BLSFp12) -> BLSFp12 { BLSFp12(a.c0 + b.c0, a.c1 + b.c1) }
    static func - (a: BLSFp12, b: BLSFp12) -> BLSFp12 { BLSFp12(a.c0 - b.c0, a.c1 - b.c1) }

    static func * (a: BLSFp12, b: BLSFp12) -> BLSFp12 {
        let v0 = a.c0 * b.c0, v1 = a.c1 * b.c1
        return BLSFp12(v0 + v1.mulByV(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    static func * (a: BLSFp12, s: BLSFp) -> BLSFp12 { BLSFp12(a.c0 * s, a.c1 * s) }

    func squared() -> BLSFp12 {
        let t = c0 * c1
        return BLSFp12((c0 + c1) * (c0 + c1.mulByV()) - t - t.mulByV(), t + t)
    }

    /// x^(p⁶): negate the w coefficient.
    func conjugate() -> BLSFp12 { BLSFp12(c0, -c1) }

    func inverse() -> BLSFp12 {
        let t = (c0 * c0 - (c1 * c1).mulByV()).inverse()
        return BLSFp12(c0 * t, -(c1 * t))
    }

    func power(_ e: [UInt64]) -> BLSFp12 {
        var result = BLSFp12.one
        var started = false
        for limb in e.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                if started { result = result.squared() }
                if (limb >> UInt64(bit)) & 1 == 1 {
                    result = started ? result * self : self
                    started = true
                }
            }
        }
        return result
    }
}
