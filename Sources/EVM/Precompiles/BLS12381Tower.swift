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

    /// self^e for an exponent in little-endian 64-bit limbs, with a fixed 4-bit window
    /// (one multiplication per nibble instead of one per set bit: the final exponentiation's
    /// exponents run to 1,300–2,000 bits).
    func power(_ e: [UInt64]) -> BLSFp12 {
        var table = [BLSFp12](repeating: .one, count: 16)
        table[1] = self
        for i in 2..<16 { table[i] = table[i - 1] * self }
        var result = BLSFp12.one
        var started = false
        for limb in e.reversed() {
            for shift in stride(from: 60, through: 0, by: -4) {
                if started { result = result.squared().squared().squared().squared() }
                let digit = Int((limb >> UInt64(shift)) & 0xf)
                if digit != 0 {
                    result = started ? result * table[digit] : table[digit]
                    started = true
                }
            }
        }
        return result
    }
}
