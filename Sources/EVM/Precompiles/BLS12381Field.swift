/// The BLS12-381 base field (381-bit p) for KZG point evaluation (0x0a): Montgomery form with
/// R = 2^384 on six little-endian limbs in an `InlineArray` (no heap, no per-operation
/// allocation). Values are kept fully reduced, so equality is limb equality.
struct BLSFp: Equatable, Sendable {
    var l: InlineArray<6, UInt64>

    static let pInv: UInt64 = 0x89f3fffcfffcfffd

    @inline(__always)
    static var modulus: InlineArray<6, UInt64> {
        [0xb9feffffffffaaab, 0x1eabfffeb153ffff, 0x6730d2a0f6b0f624,
         0x64774b84f38512bf, 0x4b1ba7b6434bacd7, 0x1a0111ea397fe69a]
    }

    @inline(__always)
    init(raw: InlineArray<6, UInt64>) { l = raw }

    static let zero = BLSFp(raw: [0, 0, 0, 0, 0, 0])
    /// R mod p.
    static let one = BLSFp(raw: [0x760900000002fffd, 0xebf4000bc40c0002, 0x5f48985753c758ba,
                                 0x77ce585370525745, 0x5c071a97a256ec6d, 0x15f65ec3fa80e493])
    /// R² mod p.
    static let r2 = BLSFp(raw: [0xf4df1f341c341746, 0x0a76e6a609d104f1, 0x8de5476c4c95b6d5,
                                0x67eb88a9939d83c0, 0x9a793e85b519952d, 0x11988fe592cae3aa])

    /// An integer from normal (non-Montgomery) little-endian limbs, which must be < p.
    init(normal limbs: InlineArray<6, UInt64>) { self = BLSFp(raw: limbs) * BLSFp.r2 }

    init(_ small: UInt64) { self.init(normal: [small, 0, 0, 0, 0, 0]) }

    static func == (a: BLSFp, b: BLSFp) -> Bool {
        for i in 0..<6 where a.l[i] != b.l[i] { return false }
        return true
    }

    var isZero: Bool {
        for i in 0..<6 where l[i] != 0 { return false }
        return true
    }

    /// The value in normal form (little-endian limbs).
    var normal: InlineArray<6, UInt64> { (self * BLSFp(raw: [1, 0, 0, 0, 0, 0])).l }

    /// `a < b` for little-endian limb arrays.
    static func less(_ a: InlineArray<6, UInt64>, _ b: InlineArray<6, UInt64>) -> Bool {
        for i in stride(from: 5, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    @inline(__always)
    private static func subtractModulusIfNeeded(_ x: inout InlineArray<6, UInt64>) {
        let p = modulus
        if less(x, p) { return }
        var borrow: UInt64 = 0
        for i in 0..<6 {
            let (d1, b1) = x[i].subtractingReportingOverflow(p[i])
            let (d2, b2) = d1.subtractingReportingOverflow(borrow)
            x[i] = d2
            borrow = (b1 ? 1 : 0) &+ (b2 ? 1 : 0)
        }
    }

    static func + (a: BLSFp, b: BLSFp) -> BLSFp {
        // p < 2^381: the sum of two reduced values fits in 384 bits.
        var s = a.l
        var carry: UInt64 = 0
        for i in 0..<6 {
            let (s1, c1) = s[i].addingReportingOverflow(b.l[i])
            let (s2, c2) = s1.addingReportingOverflow(carry)
            s[i] = s2
            carry = (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
        }
        subtractModulusIfNeeded(&s)
        return BLSFp(raw: s)
    }

    static func - (a: BLSFp, b: BLSFp) -> BLSFp {
        var d = a.l
        var borrow: UInt64 = 0
        for i in 0..<6 {
            let (d1, b1) = d[i].subtractingReportingOverflow(b.l[i])
            let (d2, b2) = d1.subtractingReportingOverflow(borrow)
            d[i] = d2
            borrow = (b1 ? 1 : 0) &+ (b2 ? 1 : 0)
        }
        if borrow != 0 {
            let p = modulus
            var carry: UInt64 = 0
            for i in 0..<6 {
                let (s1, c1) = d[i].addingReportingOverflow(p[i])
                let (s2, c2) = s1.addingReportingOverflow(carry)
                d[i] = s2
                carry = (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
        }
        return BLSFp(raw: d)
    }

    static prefix func - (a: BLSFp) -> BLSFp { BLSFp.zero - a }

    @inline(__always)
    private static func mac(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (hi, lo) = b.multipliedFullWidth(by: c)
        let (s1, o1) = lo.addingReportingOverflow(a)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        return (s2, hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0))
    }

    /// Montgomery product (CIOS).
    static func * (a: BLSFp, b: BLSFp) -> BLSFp {
        let p = modulus
        var t = InlineArray<8, UInt64>(repeating: 0)
        for i in 0..<6 {
            let bi = b.l[i]
            var c: UInt64 = 0
            for j in 0..<6 { (t[j], c) = mac(t[j], a.l[j], bi, c) }
            let (s6, o6) = t[6].addingReportingOverflow(c)
            t[6] = s6
            t[7] = o6 ? 1 : 0
            let m = t[0] &* pInv
            (_, c) = mac(t[0], m, p[0], 0)
            for j in 1..<6 { (t[j - 1], c) = mac(t[j], m, p[j], c) }
            let (s5, o5) = t[6].addingReportingOverflow(c)
            t[5] = s5
            t[6] = t[7] &+ (o5 ? 1 : 0)
        }
        var r = InlineArray<6, UInt64>(repeating: 0)
        for i in 0..<6 { r[i] = t[i] }
        subtractModulusIfNeeded(&r)
        return BLSFp(raw: r)
    }

    func squared() -> BLSFp { self * self }
    func doubled() -> BLSFp { self + self }

    /// self^e for an exponent in little-endian limbs.
    func power(_ e: [UInt64]) -> BLSFp {
        var result = BLSFp.one
        for limb in e.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    func inverse() -> BLSFp {
        power([0xb9feffffffffaaa9, 0x1eabfffeb153ffff, 0x6730d2a0f6b0f624,
               0x64774b84f38512bf, 0x4b1ba7b6434bacd7, 0x1a0111ea397fe69a])
    }

    /// A square root (p ≡ 3 mod 4: self^((p+1)/4)), or `nil` for a non-residue.
    func squareRoot() -> BLSFp? {
        let r = power([0xee7fbfffffffeaab, 0x07aaffffac54ffff, 0xd9cc34a83dac3d89,
                       0xd91dd2e13ce144af, 0x92c6e9ed90d2eb35, 0x0680447a8e5ff9a6])
        return r.squared() == self ? r : nil
    }

    /// Whether the value is the lexicographically larger of ±y: y > (p − 1)/2 (the compressed
    /// encoding's sort flag).
    var isLexicographicallyLargest: Bool {
        let half: InlineArray<6, UInt64> = [0xdcff7fffffffd555, 0x0f55ffff58a9ffff, 0xb39869507b587b12,
                                            0xb23ba5c279c2895f, 0x258dd3db21a5d66b, 0x0d0088f51cbff34d]
        return BLSFp.less(half, normal)
    }
}

/// Fp2 = Fp[u]/(u² + 1) over the BLS12-381 base field: the G2 twist's coordinates.
struct BLSFp2: Equatable, Sendable {
    var c0: BLSFp, c1: BLSFp

    init(_ c0: BLSFp, _ c1: BLSFp) { self.c0 = c0; self.c1 = c1 }

    static let zero = BLSFp2(.zero, .zero)
    static let one = BLSFp2(.one, .zero)

    var isZero: Bool { c0.isZero && c1.isZero }

    static func + (a: BLSFp2, b: BLSFp2) -> BLSFp2 { BLSFp2(a.c0 + b.c0, a.c1 + b.c1) }
    static func - (a: BLSFp2, b: BLSFp2) -> BLSFp2 { BLSFp2(a.c0 - b.c0, a.c1 - b.c1) }
    static prefix func - (a: BLSFp2) -> BLSFp2 { BLSFp2(-a.c0, -a.c1) }

    static func * (a: BLSFp2, b: BLSFp2) -> BLSFp2 {
        let v0 = a.c0 * b.c0, v1 = a.c1 * b.c1
        return BLSFp2(v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    static func * (a: BLSFp2, s: BLSFp) -> BLSFp2 { BLSFp2(a.c0 * s, a.c1 * s) }

    func squared() -> BLSFp2 {
        let t = c0 * c1
        return BLSFp2((c0 + c1) * (c0 - c1), t + t)
    }

    func doubled() -> BLSFp2 { self + self }

    /// Multiplication by ξ = 1 + u, the non-residue defining Fp6.
    func mulByXi() -> BLSFp2 { BLSFp2(c0 - c1, c0 + c1) }

    func inverse() -> BLSFp2 {
        let n = (c0.squared() + c1.squared()).inverse()
        return BLSFp2(c0 * n, -(c1 * n))
    }
}

extension BLSFp: CurveField {}
extension BLSFp2: CurveField {}
