/// Fp6 = Fp2[v]/(v³ − ξ) with ξ = 9 + u: the middle of the bn254 extension tower.
struct Fp6: Equatable {
    var c0: Fp2, c1: Fp2, c2: Fp2

    @inline(__always)
    init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    static let zero = Fp6(.zero, .zero, .zero)
    static let one = Fp6(.one, .zero, .zero)

    @inline(__always) static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inline(__always) static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inline(__always) static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

    /// Karatsuba-style: six Fp2 multiplications.
    static func * (a: Fp6, b: Fp6) -> Fp6 {
        let v0 = a.c0 * b.c0, v1 = a.c1 * b.c1, v2 = a.c2 * b.c2
        let c0 = v0 + ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).mulByXi()
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.mulByXi()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
        return Fp6(c0, c1, c2)
    }

    /// Multiplication by v (a shift of coefficients, the top one wrapping round times ξ).
    @inline(__always) func mulByV() -> Fp6 { Fp6(c2.mulByXi(), c0, c1) }

    func inverse() -> Fp6 {
        let t0 = c0.squared() - (c1 * c2).mulByXi()
        let t1 = c2.squared().mulByXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let n = (c0 * t0 + (c2 * t1 + c1 * t2).mulByXi()).inverse()
        return Fp6(t0 * n, t1 * n, t2 * n)
    }
}

/// Fp12 = Fp6[w]/(w² − v), where the pairing's values live; w⁶ = ξ, so the G2 twist maps in by
/// (x, y) ↦ (x·w², y·w³).
struct Fp12: Equatable {
    var c0: Fp6, c1: Fp6

    @inline(__always)
    init(_ c0: Fp6, _ c1: Fp6) { self.c0 = c0; self.c1 = c1 }

    static let one = Fp12(.one, .zero)

    static func * (a: Fp12, b: Fp12) -> Fp12 {
        let v0 = a.c0 * b.c0, v1 = a.c1 * b.c1
        return Fp12(v0 + v1.mulByV(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// Complex squaring: two Fp6 multiplications instead of three.
    func squared() -> Fp12 {
        let t = c0 * c1
        let c0n = (c0 + c1) * (c0 + c1.mulByV()) - t - t.mulByV()
        return Fp12(c0n, t + t)
    }

    /// x^(p⁶): negating the w coefficient, because w^(p⁶−1) = ξ^((p⁶−1)/6) = −1.
    func conjugate() -> Fp12 { Fp12(c0, -c1) }

    func inverse() -> Fp12 {
        let t = (c0 * c0 - (c1 * c1).mulByV()).inverse()
        return Fp12(c0 * t, -(c1 * t))
    }

    /// self^e for an exponent in little-endian 64-bit limbs, with a fixed 4-bit window
    /// (one multiplication per nibble instead of one per set bit: the final exponentiation's
    /// exponents run to 1,300–2,000 bits).
    func power(_ e: [UInt64]) -> Fp12 {
        var table = [Fp12](repeating: .one, count: 16)
        table[1] = self
        for i in 2..<16 { table[i] = table[i - 1] * self }
        var result = Fp12.one
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
