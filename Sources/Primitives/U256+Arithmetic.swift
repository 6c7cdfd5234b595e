/// Wrapping (mod 2^256) addition, subtraction and multiplication, and their overflow-reporting
/// and full-width forms. Everything is straight-line code over the four limbs, so that the EVM's
/// ADD/SUB/MUL compile to carry chains with no branches and no allocation.
extension U256 {
    /// `acc + a * b + carry` as (high, low). Cannot overflow: (2^64-1)^2 + 2(2^64-1) = 2^128 - 1.
    @inlinable @inline(__always)
    static func mac(_ acc: UInt64, _ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (high: UInt64, low: UInt64) {
        let (h, l) = a.multipliedFullWidth(by: b)
        let (l1, o1) = l.addingReportingOverflow(acc)
        let (l2, o2) = l1.addingReportingOverflow(carry)
        return (h &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0), l2)
    }

    @inlinable
    public func addingReportingOverflow(_ b: U256) -> (partialValue: U256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(b.w0)
        let (t1, c1a) = w1.addingReportingOverflow(b.w1)
        let (r1, c1b) = t1.addingReportingOverflow(c0 ? 1 : 0)
        let (t2, c2a) = w2.addingReportingOverflow(b.w2)
        let (r2, c2b) = t2.addingReportingOverflow((c1a || c1b) ? 1 : 0)
        let (t3, c3a) = w3.addingReportingOverflow(b.w3)
        let (r3, c3b) = t3.addingReportingOverflow((c2a || c2b) ? 1 : 0)
        return (U256(w0: r0, w1: r1, w2: r2, w3: r3), c3a || c3b)
    }

    @inlinable
    public func subtractingReportingOverflow(_ b: U256) -> (partialValue: U256, overflow: Bool) {
        let (r0, c0) = w0.subtractingReportingOverflow(b.w0)
        let (t1, c1a) = w1.subtractingReportingOverflow(b.w1)
        let (r1, c1b) = t1.subtractingReportingOverflow(c0 ? 1 : 0)
        let (t2, c2a) = w2.subtractingReportingOverflow(b.w2)
        let (r2, c2b) = t2.subtractingReportingOverflow((c1a || c1b) ? 1 : 0)
        let (t3, c3a) = w3.subtractingReportingOverflow(b.w3)
        let (r3, c3b) = t3.subtractingReportingOverflow((c2a || c2b) ? 1 : 0)
        return (U256(w0: r0, w1: r1, w2: r2, w3: r3), c3a || c3b)
    }

    @inlinable
    public static func &+ (a: U256, b: U256) -> U256 { a.addingReportingOverflow(b).partialValue }

    @inlinable
    public static func &- (a: U256, b: U256) -> U256 { a.subtractingReportingOverflow(b).partialValue }

    /// The low 256 bits of the product: only the 10 partial products that land below 2^256 are
    /// computed, and the top limb's are plain wrapping multiplies.
    @inlinable
    public static func &* (a: U256, b: U256) -> U256 {
        // Row a.w0.
        var (c, r0) = a.w0.multipliedFullWidth(by: b.w0)
        var r1: UInt64, r2: UInt64, r3: UInt64
        (c, r1) = mac(0, a.w0, b.w1, c)
        (c, r2) = mac(0, a.w0, b.w2, c)
        r3 = a.w0 &* b.w3 &+ c
        // Row a.w1.
        (c, r1) = mac(r1, a.w1, b.w0, 0)
        (c, r2) = mac(r2, a.w1, b.w1, c)
        r3 = r3 &+ a.w1 &* b.w2 &+ c
        // Row a.w2.
        (c, r2) = mac(r2, a.w2, b.w0, 0)
        r3 = r3 &+ a.w2 &* b.w1 &+ c
        // Row a.w3.
        r3 = r3 &+ a.w3 &* b.w0
        return U256(w0: r0, w1: r1, w2: r2, w3: r3)
    }

    @inlinable
    public func multipliedReportingOverflow(by b: U256) -> (partialValue: U256, overflow: Bool) {
        let (high, low) = multipliedFullWidth(by: b)
        return (low, !high.isZero)
    }

    /// The exact 512-bit product, needed by MULMOD.
    @inlinable
    public func multipliedFullWidth(by b: U256) -> (high: U256, low: U256) {
        let p = U256.multiply512(self, b)
        return (U256(w0: p.4, w1: p.5, w2: p.6, w3: p.7), U256(w0: p.0, w1: p.1, w2: p.2, w3: p.3))
    }

    /// Schoolbook 4×4 limb product, least significant limb first.
    @inlinable
    static func multiply512(_ a: U256, _ b: U256) -> Limbs8 {
        var r: Limbs8 = (0, 0, 0, 0, 0, 0, 0, 0)
        var c: UInt64
        (c, r.0) = mac(0, a.w0, b.w0, 0)
        (c, r.1) = mac(0, a.w0, b.w1, c)
        (c, r.2) = mac(0, a.w0, b.w2, c)
        (r.4, r.3) = mac(0, a.w0, b.w3, c)

        (c, r.1) = mac(r.1, a.w1, b.w0, 0)
        (c, r.2) = mac(r.2, a.w1, b.w1, c)
        (c, r.3) = mac(r.3, a.w1, b.w2, c)
        (r.5, r.4) = mac(r.4, a.w1, b.w3, c)

        (c, r.2) = mac(r.2, a.w2, b.w0, 0)
        (c, r.3) = mac(r.3, a.w2, b.w1, c)
        (c, r.4) = mac(r.4, a.w2, b.w2, c)
        (r.6, r.5) = mac(r.5, a.w2, b.w3, c)

        (c, r.3) = mac(r.3, a.w3, b.w0, 0)
        (c, r.4) = mac(r.4, a.w3, b.w1, c)
        (c, r.5) = mac(r.5, a.w3, b.w2, c)
        (r.7, r.6) = mac(r.6, a.w3, b.w3, c)
        return r
    }

    @inlinable public static func &+= (a: inout U256, b: U256) { a = a &+ b }
    @inlinable public static func &-= (a: inout U256, b: U256) { a = a &- b }
    @inlinable public static func &*= (a: inout U256, b: U256) { a = a &* b }

    /// EVM EXP: `self ** exponent mod 2^256`, by square-and-multiply over the exponent's
    /// significant bits only (EXP gas is per exponent byte, so small exponents are common).
    @inlinable
    public func power(_ exponent: U256) -> U256 {
        var result = U256.one
        var base = self
        var limbs = (exponent.w0, exponent.w1, exponent.w2, exponent.w3)
        let width = exponent.bitWidth
        var done = 0
        while done < width {
            let e = limbs.0
            let bits = Swift.min(64, width - done)
            var k = 0
            var x = e
            while k < bits {
                if x & 1 != 0 { result = result &* base }
                x >>= 1
                k += 1
                if done + k < width { base = base &* base }
            }
            done += bits
            limbs = (limbs.1, limbs.2, limbs.3, 0)
        }
        return result
    }
}

/// Eight limbs, least significant first: a 512-bit intermediate kept in registers/stack.
@usableFromInline
typealias Limbs8 = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
