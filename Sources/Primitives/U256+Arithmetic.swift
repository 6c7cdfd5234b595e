/// Wrapping (mod 2^256) addition, subtraction and multiplication, and their overflow-reporting
/// and full-width forms. Everything is straight-line code over the four limbs, so that the EVM's
/// ADD/SUB/MUL compile to carry chains with no branches and no allocation.
extension U256 {
    /// `acc + a * b + carry` as (high, low). Cannot overflow: (2^64-1)^2 + 2(2^64-1) = 2^128 - 1.
    /// Written with `UInt128` because LLVM turns that into `mul` + `add/adc`; the equivalent
    /// with `addingReportingOverflow` and `Bool` carries compiles to branches.
    @inlinable @inline(__always)
    static func mac(_ acc: UInt64, _ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (high: UInt64, low: UInt64) {
        let t = UInt128(a) &* UInt128(b) &+ UInt128(acc) &+ UInt128(carry)
        return (UInt64(truncatingIfNeeded: t &>> 64), UInt64(truncatingIfNeeded: t))
    }

    /// One 256-bit add with carry in and out. The carry travels through the high half of a
    /// `UInt128`, which compiles to a single `add/adc/adc/adc` chain with no branches (the
    /// `Bool`-carry formulation became conditional jumps, mispredicted on random data).
    @inlinable @inline(__always)
    static func addWithCarry(_ a: U256, _ b: U256, carryIn: UInt64) -> (U256, carryOut: UInt64) {
        var t = UInt128(a.w0) &+ UInt128(b.w0) &+ UInt128(carryIn)
        let r0 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.w1) &+ UInt128(b.w1) &+ (t &>> 64)
        let r1 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.w2) &+ UInt128(b.w2) &+ (t &>> 64)
        let r2 = UInt64(truncatingIfNeeded: t)
        t = UInt128(a.w3) &+ UInt128(b.w3) &+ (t &>> 64)
        return (U256(w0: r0, w1: r1, w2: r2, w3: UInt64(truncatingIfNeeded: t)), UInt64(truncatingIfNeeded: t &>> 64))
    }

    @inlinable @inline(__always)
    public func addingReportingOverflow(_ b: U256) -> (partialValue: U256, overflow: Bool) {
        let (r, c) = U256.addWithCarry(self, b, carryIn: 0)
        return (r, c != 0)
    }

    /// `a - b` as `a + ~b + 1`: same carry chain (`sub/sbb` after LLVM's combine); a borrow is
    /// the absence of a final carry.
    @inlinable @inline(__always)
    public func subtractingReportingOverflow(_ b: U256) -> (partialValue: U256, overflow: Bool) {
        let (r, c) = U256.addWithCarry(self, ~b, carryIn: 1)
        return (r, c == 0)
    }

    @inlinable @inline(__always)
    public static func &+ (a: U256, b: U256) -> U256 { a.addingReportingOverflow(b).partialValue }

    @inlinable @inline(__always)
    public static func &- (a: U256, b: U256) -> U256 { a.subtractingReportingOverflow(b).partialValue }

    /// The low 256 bits of the product: only the 10 partial products that land below 2^256 are
    /// computed, and the top limb's are plain wrapping multiplies.
    @inlinable @inline(__always)
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
    @inlinable @inline(__always)
    public func multipliedFullWidth(by b: U256) -> (high: U256, low: U256) {
        let p = U256.multiply512(self, b)
        return (U256(w0: p.4, w1: p.5, w2: p.6, w3: p.7), U256(w0: p.0, w1: p.1, w2: p.2, w3: p.3))
    }

    /// Schoolbook 4×4 limb product, least significant limb first.
    @inlinable @inline(__always)
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
