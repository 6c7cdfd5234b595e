/// The base field Fp of bn254 (alt_bn128), p = 0x30644e72…fd47, in Montgomery form
/// (R = 2^256) on four little-endian 64-bit limbs: multiplication is one CIOS pass with no
/// division and no allocation. Every value is kept fully reduced (< p), so equality is limb
/// equality and zero is all-zero limbs.
struct Fp: Equatable, Sendable {
    var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    static let p0: UInt64 = 0x3c208c16d87cfd47, p1: UInt64 = 0x97816a916871ca8d
    static let p2: UInt64 = 0xb85045b68181585d, p3: UInt64 = 0x30644e72e131a029
    /// −p⁻¹ mod 2^64, the Montgomery reduction factor.
    static let pInv: UInt64 = 0x87d20782e4866389

    @inline(__always)
    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64) { self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3 }

    static let zero = Fp(l0: 0, l1: 0, l2: 0, l3: 0)
    /// R mod p: one in Montgomery form.
    static let one = Fp(l0: 0xd35d438dc58f0d9d, l1: 0x0a78eb28f5c70b3d, l2: 0x666ea36f7879462c, l3: 0x0e0a77c19a07df2f)
    /// R² mod p: multiplying by it converts into Montgomery form.
    static let r2 = Fp(l0: 0xf32cfc5b538afa89, l1: 0xb5e71911d44501fb, l2: 0x47ab1eff0a417ff6, l3: 0x06d89f71cab8351f)

    /// An integer given by its (normal, not Montgomery) limbs, which must be < p.
    init(normal l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self = Fp(l0: l0, l1: l1, l2: l2, l3: l3) * Fp.r2
    }

    init(_ small: UInt64) { self.init(normal: small, 0, 0, 0) }

    /// 32 big-endian bytes at `offset`; `nil` if the value is not below p (EIP-196 rejects it).
    init?(bigEndian bytes: [UInt8], at offset: Int) {
        func word(_ k: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<8 { v = v << 8 | UInt64(bytes[offset + 8 * k + i]) }
            return v
        }
        let raw = Fp(l0: word(3), l1: word(2), l2: word(1), l3: word(0))
        guard raw.isBelowModulus else { return nil }
        self.init(normal: raw.l0, raw.l1, raw.l2, raw.l3)
    }

    /// The canonical 32 big-endian bytes.
    func appendBigEndian(to out: inout [UInt8]) {
        let n = self * Fp(l0: 1, l1: 0, l2: 0, l3: 0)
        for limb in [n.l3, n.l2, n.l1, n.l0] {
            for i in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(i))) }
        }
    }

    private var isBelowModulus: Bool {
        if l3 != Fp.p3 { return l3 < Fp.p3 }
        if l2 != Fp.p2 { return l2 < Fp.p2 }
        if l1 != Fp.p1 { return l1 < Fp.p1 }
        return l0 < Fp.p0
    }

    var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

    /// Subtracts p once if the value is ≥ p.
    @inline(__always)
    private static func reduceOnce(_ x: Fp) -> Fp {
        let (s0, b0) = x.l0.subtractingReportingOverflow(p0)
        let (t1, b1a) = x.l1.subtractingReportingOverflow(p1)
        let (s1, b1b) = t1.subtractingReportingOverflow(b0 ? 1 : 0)
        let (t2, b2a) = x.l2.subtractingReportingOverflow(p2)
        let (s2, b2b) = t2.subtractingReportingOverflow((b1a || b1b) ? 1 : 0)
        let (t3, b3a) = x.l3.subtractingReportingOverflow(p3)
        let (s3, b3b) = t3.subtractingReportingOverflow((b2a || b2b) ? 1 : 0)
        if b3a || b3b { return x }
        return Fp(l0: s0, l1: s1, l2: s2, l3: s3)
    }

    @inline(__always)
    static func + (a: Fp, b: Fp) -> Fp {
        // p < 2^254, so the sum of two reduced values cannot carry out of 256 bits.
        let (s0, c0) = a.l0.addingReportingOverflow(b.l0)
        let (t1, c1a) = a.l1.addingReportingOverflow(b.l1)
        let (s1, c1b) = t1.addingReportingOverflow(c0 ? 1 : 0)
        let (t2, c2a) = a.l2.addingReportingOverflow(b.l2)
        let (s2, c2b) = t2.addingReportingOverflow((c1a || c1b) ? 1 : 0)
        let s3 = a.l3 &+ b.l3 &+ ((c2a || c2b) ? 1 : 0)
        return reduceOnce(Fp(l0: s0, l1: s1, l2: s2, l3: s3))
    }

    @inline(__always)
    static func - (a: Fp, b: Fp) -> Fp {
        let (s0, b0) = a.l0.subtractingReportingOverflow(b.l0)
        let (t1, b1a) = a.l1.subtractingReportingOverflow(b.l1)
        let (s1, b1b) = t1.subtractingReportingOverflow(b0 ? 1 : 0)
        let (t2, b2a) = a.l2.subtractingReportingOverflow(b.l2)
        let (s2, b2b) = t2.subtractingReportingOverflow((b1a || b1b) ? 1 : 0)
        let (t3, b3a) = a.l3.subtractingReportingOverflow(b.l3)
        let (s3, b3b) = t3.subtractingReportingOverflow((b2a || b2b) ? 1 : 0)
        if !(b3a || b3b) { return Fp(l0: s0, l1: s1, l2: s2, l3: s3) }
        // Went below zero: add p back (the carry out of the top limb cancels the borrow).
        let (r0, c0) = s0.addingReportingOverflow(p0)
        let (u1, c1a) = s1.addingReportingOverflow(p1)
        let (r1, c1b) = u1.addingReportingOverflow(c0 ? 1 : 0)
        let (u2, c2a) = s2.addingReportingOverflow(p2)
        let (r2, c2b) = u2.addingReportingOverflow((c1a || c1b) ? 1 : 0)
        let r3 = s3 &+ p3 &+ ((c2a || c2b) ? 1 : 0)
        return Fp(l0: r0, l1: r1, l2: r2, l3: r3)
    }

    @inline(__always)
    static prefix func - (a: Fp) -> Fp { Fp.zero - a }

    /// a + b × c + carry as (low, high); cannot overflow 128 bits.
    @inline(__always)
    private static func mac(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (hi, lo) = b.multipliedFullWidth(by: c)
        let (s1, o1) = lo.addingReportingOverflow(a)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        return (s2, hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0))
    }

    /// One CIOS round: t += a × bi, then divide t by 2^64 after adding the multiple of p that
    /// clears its low limb.
    @inline(__always)
    private static func round(_ t: inout (UInt64, UInt64, UInt64, UInt64, UInt64), _ a: Fp, _ bi: UInt64) {
        var c: UInt64
        var t0: UInt64, t1: UInt64, t2: UInt64, t3: UInt64
        (t0, c) = mac(t.0, a.l0, bi, 0)
        (t1, c) = mac(t.1, a.l1, bi, c)
        (t2, c) = mac(t.2, a.l2, bi, c)
        (t3, c) = mac(t.3, a.l3, bi, c)
        let t4 = t.4 &+ c
        let m = t0 &* pInv
        (_, c) = mac(t0, m, p0, 0)
        (t.0, c) = mac(t1, m, p1, c)
        (t.1, c) = mac(t2, m, p2, c)
        (t.2, c) = mac(t3, m, p3, c)
        let (s, o) = t4.addingReportingOverflow(c)
        t.3 = s
        t.4 = o ? 1 : 0
    }

    /// Montgomery product a × b × R⁻¹ mod p (CIOS: multiply one limb of b, then reduce one limb).
    @inline(__always)
    static func * (a: Fp, b: Fp) -> Fp {
        var t: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        round(&t, a, b.l0)
        round(&t, a, b.l1)
        round(&t, a, b.l2)
        round(&t, a, b.l3)
        return reduceOnce(Fp(l0: t.0, l1: t.1, l2: t.2, l3: t.3))
    }

    @inline(__always)
    func squared() -> Fp { self * self }

    @inline(__always)
    func doubled() -> Fp { self + self }

    /// self^(p−2) (Fermat); zero maps to zero. Only used a handful of times per call.
    func inverse() -> Fp {
        // p − 2, little-endian limbs.
        let e: [UInt64] = [Fp.p0 - 2, Fp.p1, Fp.p2, Fp.p3]
        var result = Fp.one
        for limb in e.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }
}

/// Fp2 = Fp[u]/(u² + 1), the field the G2 twist lives over. EIP-197 encodes an element as
/// (imaginary, real), i.e. `c1` first.
struct Fp2: Equatable, Sendable {
    var c0: Fp, c1: Fp

    @inline(__always)
    init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }

    static let zero = Fp2(.zero, .zero)
    static let one = Fp2(.one, .zero)

    var isZero: Bool { c0.isZero && c1.isZero }

    @inline(__always) static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
    @inline(__always) static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
    @inline(__always) static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }

    /// Karatsuba: three Fp multiplications.
    @inline(__always)
    static func * (a: Fp2, b: Fp2) -> Fp2 {
        let v0 = a.c0 * b.c0, v1 = a.c1 * b.c1
        return Fp2(v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    @inline(__always)
    static func * (a: Fp2, s: Fp) -> Fp2 { Fp2(a.c0 * s, a.c1 * s) }

    @inline(__always)
    func squared() -> Fp2 {
        let t = c0 * c1
        return Fp2((c0 + c1) * (c0 - c1), t + t)
    }

    @inline(__always) func doubled() -> Fp2 { self + self }

    /// The Frobenius map x ↦ x^p, which on Fp2 is complex conjugation.
    @inline(__always) func conjugate() -> Fp2 { Fp2(c0, -c1) }

    /// Multiplication by ξ = 9 + u, the non-residue defining Fp6.
    @inline(__always)
    func mulByXi() -> Fp2 {
        let a8 = c0.doubled().doubled().doubled(), b8 = c1.doubled().doubled().doubled()
        return Fp2(a8 + c0 - c1, c0 + b8 + c1)
    }

    func inverse() -> Fp2 {
        let n = (c0.squared() + c1.squared()).inverse()
        return Fp2(c0 * n, -(c1 * n))
    }
}
