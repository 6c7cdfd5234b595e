/// An arbitrary-length unsigned integer for MODEXP (0x05): little-endian 64-bit limbs, no
/// leading zero limbs (zero is the empty array). Only what modular exponentiation needs:
/// big-endian byte conversion, schoolbook multiplication and remainder by Knuth's algorithm D.
/// Precompile-private; the EVM's `U256` is a different, fixed-width type.
struct BigUInt: Equatable {
    /// Least significant limb first; no trailing (most significant) zero limbs.
    private(set) var limbs: [UInt64]

    init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    init(_ value: UInt64) { self.init(limbs: [value]) }

    /// Reads big-endian bytes.
    init<C: Collection>(bigEndian bytes: C) where C.Element == UInt8 {
        var out = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        var shift: UInt64 = 0, limb = 0
        for b in bytes.reversed() {
            out[limb] |= UInt64(b) << shift
            shift += 8
            if shift == 64 { shift = 0; limb += 1 }
        }
        self.init(limbs: out)
    }

    var isZero: Bool { limbs.isEmpty }

    /// Number of significant bits.
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    /// Big-endian bytes, left-padded (or truncated from the left) to exactly `length` bytes.
    func bigEndianBytes(length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var i = length - 1
        outer: for limb in limbs {
            for k in 0..<8 {
                if i < 0 { break outer }
                out[i] = UInt8(truncatingIfNeeded: limb >> (8 * UInt64(k)))
                i -= 1
            }
        }
        return out
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// The full product `a × b` (schoolbook: the operands here are at most a few hundred limbs).
    static func * (a: BigUInt, b: BigUInt) -> BigUInt {
        if a.isZero || b.isZero { return BigUInt(limbs: []) }
        let n = a.limbs.count, m = b.limbs.count
        var out = [UInt64](repeating: 0, count: n + m)
        a.limbs.withUnsafeBufferPointer { ap in
            b.limbs.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    for i in 0..<n {
                        var carry: UInt64 = 0
                        let ai = ap[i]
                        if ai == 0 { continue }
                        for j in 0..<m {
                            let (hi, lo) = ai.multipliedFullWidth(by: bp[j])
                            let (s1, c1) = lo.addingReportingOverflow(op[i + j])
                            let (s2, c2) = s1.addingReportingOverflow(carry)
                            op[i + j] = s2
                            carry = hi &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
                        }
                        op[i + m] = carry
                    }
                }
            }
        }
        return BigUInt(limbs: out)
    }
}

/// A nonzero modulus prepared for repeated reduction: normalised (shifted so its top limb has
/// the high bit set) once, as algorithm D requires, instead of on every multiplication.
struct BigModulus {
    let modulus: BigUInt
    private let shift: UInt64
    private let v: [UInt64]

    /// `nil` for zero: there is no reduction modulo zero.
    init?(_ m: BigUInt) {
        guard let top = m.limbs.last else { return nil }
        modulus = m
        let s = UInt64(top.leadingZeroBitCount)
        shift = s
        v = BigModulus.shiftLeft(m.limbs, by: s, extraLimb: false)
    }

    private static func shiftLeft(_ x: [UInt64], by s: UInt64, extraLimb: Bool) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: x.count + (extraLimb ? 1 : 0))
        if s == 0 {
            for i in 0..<x.count { out[i] = x[i] }
            return out
        }
        var carry: UInt64 = 0
        for i in 0..<x.count {
            out[i] = x[i] << s | carry
            carry = x[i] >> (64 - s)
        }
        if extraLimb { out[x.count] = carry }
        return out
    }

    /// `x mod modulus`.
    func reduce(_ x: BigUInt) -> BigUInt {
        let n = v.count
        if x.limbs.count < n { return x }
        var u = BigModulus.shiftLeft(x.limbs, by: shift, extraLimb: true)
        let m = u.count
        v.withUnsafeBufferPointer { vp in
            u.withUnsafeMutableBufferPointer { up in
                if n == 1 {
                    let d = vp[0]
                    var r: UInt64 = 0
                    for i in stride(from: m - 1, through: 0, by: -1) {
                        r = d.dividingFullWidth((r, up[i])).remainder
                        up[i] = 0
                    }
                    up[0] = r
                    return
                }
                let vTop = vp[n - 1], vNext = vp[n - 2]
                for j in stride(from: m - n - 1, through: 0, by: -1) {
                    // Estimate the quotient digit from the top two limbs, then correct it.
                    var qhat: UInt64, rhat: UInt64
                    var rhatOverflow = false
                    if up[j + n] >= vTop {
                        qhat = UInt64.max
                        let (r, o) = up[j + n - 1].addingReportingOverflow(vTop)
                        rhat = r; rhatOverflow = o
                    } else {
                        (qhat, rhat) = vTop.dividingFullWidth((up[j + n], up[j + n - 1]))
                    }
                    while !rhatOverflow {
                        let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                        if ph > rhat || (ph == rhat && pl > up[j + n - 2]) {
                            qhat -= 1
                            let (r, o) = rhat.addingReportingOverflow(vTop)
                            rhat = r; rhatOverflow = o
                        } else { break }
                    }
                    // u[j...j+n] -= qhat × v
                    var borrow: UInt64 = 0, carry: UInt64 = 0
                    for i in 0..<n {
                        let (ph, pl) = qhat.multipliedFullWidth(by: vp[i])
                        let (p, c) = pl.addingReportingOverflow(carry)
                        carry = ph &+ (c ? 1 : 0)
                        let (t1, b1) = up[i + j].subtractingReportingOverflow(p)
                        let (t2, b2) = t1.subtractingReportingOverflow(borrow)
                        up[i + j] = t2
                        borrow = (b1 ? 1 : 0) &+ (b2 ? 1 : 0)
                    }
                    let (t1, b1) = up[j + n].subtractingReportingOverflow(carry)
                    let (t2, b2) = t1.subtractingReportingOverflow(borrow)
                    up[j + n] = t2
                    if b1 || b2 {
                        // qhat was one too large: add v back (the carry out cancels the borrow).
                        var c: UInt64 = 0
                        for i in 0..<n {
                            let (s1, o1) = up[i + j].addingReportingOverflow(vp[i])
                            let (s2, o2) = s1.addingReportingOverflow(c)
                            up[i + j] = s2
                            c = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                        }
                        up[j + n] = up[j + n] &+ c
                    }
                }
            }
        }
        // The remainder is in the low n limbs, still shifted left.
        var r = [UInt64](repeating: 0, count: n)
        if shift == 0 {
            for i in 0..<n { r[i] = u[i] }
        } else {
            for i in 0..<n { r[i] = u[i] >> shift | u[i + 1] << (64 - shift) }
        }
        return BigUInt(limbs: r)
    }
}
