/// Division and modular arithmetic: DIV, MOD, ADDMOD, MULMOD.
///
/// Most divisions in real contracts have operands that fit in 64 bits (lengths, offsets,
/// token amounts divided by small constants), so the inlinable entry points try those cases
/// first and only call out to Knuth's algorithm D (TAOCP vol. 2, 4.3.1) for wide divisors.
extension U256 {
    /// Number of limbs up to and including the most significant non-zero one (0 for zero).
    @inlinable
    var limbCount: Int {
        w3 != 0 ? 4 : w2 != 0 ? 3 : w1 != 0 ? 2 : w0 != 0 ? 1 : 0
    }

    /// `(self / d, self % d)`. Traps if `d` is zero, like the standard integer types; the EVM
    /// forms (`evmDiv`, `evmMod`) define x/0 = 0 instead.
    @inlinable
    public func quotientAndRemainder(dividingBy d: U256) -> (quotient: U256, remainder: U256) {
        precondition(!d.isZero, "U256 division by zero")
        if (d.w1 | d.w2 | d.w3) == 0 {
            if (w1 | w2 | w3) == 0 {
                return (U256(w0 / d.w0), U256(w0 % d.w0))
            }
            return dividedBySmall(d.w0)
        }
        if self < d { return (.zero, self) }
        return U256.divideWide(self, d)
    }

    /// Short division by one non-zero limb, via a precomputed reciprocal so each limb costs
    /// two multiplications instead of a 128-by-64 division (which Swift lowers to a call to
    /// `__udivti3`, not to a `div` instruction).
    @inlinable
    func dividedBySmall(_ d: UInt64) -> (quotient: U256, remainder: U256) {
        let s = UInt64(d.leadingZeroBitCount)
        let rec = Reciprocal(normalized: d &<< s)
        // The dividend shifted left by s, as five limbs u4...u0; u4 < 2^s <= normalised d.
        let u4 = s == 0 ? 0 : w3 &>> (64 &- s)
        let u = shiftedLeftUnchecked(Int(s))
        var r = u4
        let q3: UInt64, q2: UInt64, q1: UInt64, q0: UInt64
        (q3, r) = rec.divide(r, u.w3)
        (q2, r) = rec.divide(r, u.w2)
        (q1, r) = rec.divide(r, u.w1)
        (q0, r) = rec.divide(r, u.w0)
        return (U256(w0: q0, w1: q1, w2: q2, w3: q3), U256(r &>> s))
    }

    /// The out-of-line slow path: divisor of two or more limbs, `a >= d`.
    @usableFromInline
    static func divideWide(_ a: U256, _ d: U256) -> (quotient: U256, remainder: U256) {
        var u: Limbs8 = (a.w0, a.w1, a.w2, a.w3, 0, 0, 0, 0)
        var v: Limbs8 = (d.w0, d.w1, d.w2, d.w3, 0, 0, 0, 0)
        var q: Limbs8 = (0, 0, 0, 0, 0, 0, 0, 0)
        var r: Limbs8 = (0, 0, 0, 0, 0, 0, 0, 0)
        let m = a.limbCount, n = d.limbCount
        withLimbs(&u) { u in withLimbs(&v) { v in withLimbs(&q) { q in withLimbs(&r) { r in
            knuthDivide(u, m, v, n, q, r)
        } } } }
        return (U256(w0: q.0, w1: q.1, w2: q.2, w3: q.3), U256(w0: r.0, w1: r.1, w2: r.2, w3: r.3))
    }

    /// Runs `body` with a pointer to the tuple's limbs (a homogeneous tuple is laid out as an
    /// array of its element type). Keeps the scratch space on the stack.
    @inlinable @inline(__always)
    static func withLimbs<R>(_ t: inout Limbs8, _ body: (UnsafeMutablePointer<UInt64>) -> R) -> R {
        withUnsafeMutablePointer(to: &t) { p in
            p.withMemoryRebound(to: UInt64.self, capacity: 8) { body($0) }
        }
    }

    /// Algorithm D. `u` has `m` significant limbs, `v` has `n` (2 ≤ n ≤ m ≤ 8, `v[n-1] != 0`).
    /// Writes `m - n + 1` quotient limbs to `q` and `n` remainder limbs to `r`.
    ///
    /// The divisor is normalised (top bit set) so the two-limb estimate of each quotient limb
    /// is at most two too large; the classic test against the next divisor limb removes most of
    /// that, and a rare add-back fixes the rest.
    @usableFromInline
    static func knuthDivide(_ u: UnsafeMutablePointer<UInt64>, _ m: Int,
                            _ v: UnsafeMutablePointer<UInt64>, _ n: Int,
                            _ q: UnsafeMutablePointer<UInt64>, _ r: UnsafeMutablePointer<UInt64>) {
        var unT: (Limbs8, UInt64) = ((0, 0, 0, 0, 0, 0, 0, 0), 0)
        withUnsafeMutableBytes(of: &unT) { raw in
            let un = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            let s = v[n - 1].leadingZeroBitCount
            // Normalise in place: v is scratch owned by the caller.
            if s != 0 {
                var i = n - 1
                while i > 0 { v[i] = v[i] << s | v[i - 1] >> (64 - s); i -= 1 }
                v[0] <<= s
                un[m] = u[m - 1] >> (64 - s)
                i = m - 1
                while i > 0 { un[i] = u[i] << s | u[i - 1] >> (64 - s); i -= 1 }
                un[0] = u[0] << s
            } else {
                un[m] = 0
                for i in 0..<m { un[i] = u[i] }
            }
            let vTop = v[n - 1], vNext = v[n - 2]
            let rec = Reciprocal(normalized: vTop)
            var j = m - n
            while j >= 0 {
                let ujn = un[j + n], ujn1 = un[j + n - 1], ujn2 = un[j + n - 2]
                var qhat: UInt64, rhat: UInt64, rhatOverflow = false
                if ujn >= vTop {
                    // The running remainder is below v, so here ujn == vTop and the true
                    // quotient limb is at most b - 1.
                    qhat = .max
                    (rhat, rhatOverflow) = ujn1.addingReportingOverflow(vTop)
                } else {
                    (qhat, rhat) = rec.divide(ujn, ujn1)
                }
                while !rhatOverflow {
                    let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                    guard ph > rhat || (ph == rhat && pl > ujn2) else { break }
                    qhat &-= 1
                    (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
                }
                // un[j ..< j+n+1] -= qhat * v
                var carry: UInt64 = 0, borrow: UInt64 = 0
                for i in 0..<n {
                    let p = UInt128(qhat) &* UInt128(v[i]) &+ UInt128(carry)
                    carry = UInt64(truncatingIfNeeded: p &>> 64)
                    let t = UInt128(un[i + j]) &- UInt128(UInt64(truncatingIfNeeded: p)) &- UInt128(borrow)
                    un[i + j] = UInt64(truncatingIfNeeded: t)
                    borrow = UInt64(truncatingIfNeeded: t &>> 127)  // 1 if it wrapped
                }
                let (d1, b1) = un[j + n].subtractingReportingOverflow(carry)
                let (d2, b2) = d1.subtractingReportingOverflow(borrow)
                un[j + n] = d2
                if b1 || b2 {
                    // Estimate was one too large: add the divisor back.
                    qhat &-= 1
                    var c: UInt64 = 0
                    for i in 0..<n {
                        let (s1, o1) = un[i + j].addingReportingOverflow(v[i])
                        let (s2, o2) = s1.addingReportingOverflow(c)
                        un[i + j] = s2
                        c = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                    }
                    un[j + n] &+= c
                }
                q[j] = qhat
                j -= 1
            }
            if s != 0 {
                for i in 0..<(n - 1) { r[i] = un[i] >> s | un[i + 1] << (64 - s) }
                r[n - 1] = un[n - 1] >> s
            } else {
                for i in 0..<n { r[i] = un[i] }
            }
        }
    }

    /// EVM DIV: x / 0 = 0. The all-64-bit case is checked inline so that it costs one `div`
    /// instruction in the caller, not a call.
    @inlinable
    public func evmDiv(_ d: U256) -> U256 {
        if (w1 | w2 | w3 | d.w1 | d.w2 | d.w3) == 0 { return d.w0 == 0 ? .zero : U256(w0 / d.w0) }
        if d.isZero { return .zero }
        return quotientAndRemainder(dividingBy: d).quotient
    }

    /// EVM MOD: x % 0 = 0.
    @inlinable
    public func evmMod(_ d: U256) -> U256 {
        if (w1 | w2 | w3 | d.w1 | d.w2 | d.w3) == 0 { return d.w0 == 0 ? .zero : U256(w0 % d.w0) }
        if d.isZero { return .zero }
        return quotientAndRemainder(dividingBy: d).remainder
    }

    /// EVM ADDMOD: `(self + b) mod m` over the exact 257-bit sum; m = 0 gives 0.
    ///
    /// When the sum carries out, both operands are reduced first: `a' + b' < 2m`, so one
    /// conditional subtraction (which may wrap back below 2^256) finishes the job.
    @inlinable
    public func addMod(_ b: U256, _ m: U256) -> U256 {
        if m.isZero { return .zero }
        let (s, carry) = addingReportingOverflow(b)
        if !carry { return s.evmMod(m) }
        let a1 = evmMod(m), b1 = b.evmMod(m)
        let (s1, c1) = a1.addingReportingOverflow(b1)
        return (c1 || s1 >= m) ? s1 &- m : s1
    }

    /// EVM MULMOD: `(self * b) mod m` over the exact 512-bit product; m = 0 gives 0.
    @inlinable
    public func mulMod(_ b: U256, _ m: U256) -> U256 {
        if m.isZero { return .zero }
        if (w1 | w2 | w3 | b.w1 | b.w2 | b.w3) == 0 {
            // 128-bit product.
            let (h, l) = w0.multipliedFullWidth(by: b.w0)
            return U256(w0: l, w1: h, w2: 0, w3: 0).evmMod(m)
        }
        return U256.mulModWide(self, b, m)
    }

    @usableFromInline
    static func mulModWide(_ a: U256, _ b: U256, _ m: U256) -> U256 {
        var p = multiply512(a, b)
        if (p.4 | p.5 | p.6 | p.7) == 0 {
            return U256(w0: p.0, w1: p.1, w2: p.2, w3: p.3).evmMod(m)
        }
        let pCount = p.7 != 0 ? 8 : p.6 != 0 ? 7 : p.5 != 0 ? 6 : 5
        if (m.w1 | m.w2 | m.w3) == 0 {
            let s = UInt64(m.w0.leadingZeroBitCount)
            let rec = Reciprocal(normalized: m.w0 &<< s)
            return withLimbs(&p) { u in
                // Remainder of (u << s) by (d << s), then shifted back.
                var r: UInt64 = s == 0 ? 0 : u[pCount - 1] &>> (64 &- s)
                var i = pCount - 1
                while i >= 0 {
                    let limb = s == 0 ? u[i] : u[i] &<< s | (i > 0 ? u[i - 1] &>> (64 &- s) : 0)
                    (_, r) = rec.divide(r, limb)
                    i -= 1
                }
                return U256(r &>> s)
            }
        }
        var v: Limbs8 = (m.w0, m.w1, m.w2, m.w3, 0, 0, 0, 0)
        var q: Limbs8 = (0, 0, 0, 0, 0, 0, 0, 0)
        var r: Limbs8 = (0, 0, 0, 0, 0, 0, 0, 0)
        let n = m.limbCount
        withLimbs(&p) { u in withLimbs(&v) { v in withLimbs(&q) { q in withLimbs(&r) { r in
            knuthDivide(u, pCount, v, n, q, r)
        } } } }
        return U256(w0: r.0, w1: r.1, w2: r.2, w3: r.3)
    }
}

/// Division by a fixed normalised 64-bit divisor using its reciprocal
/// (Möller & Granlund, "Improved division by invariant integers", 2011, algorithm 4).
/// One real division computes the reciprocal; every quotient limb after that is two
/// multiplications and at most two cheap corrections.
@usableFromInline @frozen
struct Reciprocal {
    @usableFromInline let d: UInt64
    /// floor((2^128 - 1) / d) - 2^64.
    @usableFromInline let v: UInt64

    /// `d` must have its top bit set.
    @inlinable
    init(normalized d: UInt64) {
        self.d = d
        self.v = Reciprocal.reciprocal(d)
    }

    /// floor((2^128 - 1) / d) - 2^64 by Newton iteration (the paper's algorithm 2): an 11-bit
    /// first approximation from one 32-bit hardware division, then three refinements that each
    /// roughly double the correct bits, and a final exact adjustment. Avoids the 128-by-64
    /// division, which Swift can only do through `__udivti3`.
    @inlinable
    static func reciprocal(_ d: UInt64) -> UInt64 {
        let d9 = UInt32(truncatingIfNeeded: d &>> 55)  // 256...511
        let v0 = UInt64((UInt32(1 << 19) &- UInt32(3 << 8)) / d9)  // 11 bits
        let d40 = (d &>> 24) &+ 1
        let v1 = (v0 &<< 11) &- ((v0 &* v0 &* d40) &>> 40) &- 1
        let v2 = (v1 &<< 13) &+ ((v1 &* ((1 << 60) &- v1 &* d40)) &>> 47)
        let d0 = d & 1
        let d63 = (d &>> 1) &+ d0  // ceil(d / 2)
        let e = ((v2 &>> 1) & (0 &- d0)) &- v2 &* d63
        let v3 = (v2.multipliedFullWidth(by: e).high &>> 1) &+ (v2 &<< 31)
        let t = UInt128(v3) &* UInt128(d) &+ UInt128(d)
        return v3 &- UInt64(truncatingIfNeeded: t &>> 64) &- d
    }

    /// The reference definition, for tests: one full-width division.
    @usableFromInline
    static func reciprocalByDivision(_ d: UInt64) -> UInt64 {
        // (2^128 - 1) - 2^64 d = (~d) * 2^64 + (2^64 - 1), and ~d < d, so this cannot overflow.
        d.dividingFullWidth((~d, .max)).quotient
    }

    /// `(u1 * 2^64 + u0) / d` and the remainder; requires `u1 < d`.
    @inlinable @inline(__always)
    func divide(_ u1: UInt64, _ u0: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        let p = UInt128(v) &* UInt128(u1) &+ (UInt128(u1) &<< 64 | UInt128(u0))
        var q1 = UInt64(truncatingIfNeeded: p &>> 64) &+ 1
        let q0 = UInt64(truncatingIfNeeded: p)
        var r = u0 &- q1 &* d
        if r > q0 { q1 &-= 1; r &+= d }
        if r >= d { q1 &+= 1; r &-= d }
        return (q1, r)
    }
}
